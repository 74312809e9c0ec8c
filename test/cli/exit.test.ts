import { describe, expect, it } from 'vitest';
import { fileSystemProblem } from '../../src/cli/exit.js';

const fsError = (code: string, path?: string): NodeJS.ErrnoException => Object.assign(new Error(`${code}: failed`), { code, ...(path === undefined ? {} : { path }) });

describe('fileSystemProblem', () => {
  it('names the final path, never the temporary one: a results folder being written, a file in it, a temporary file', () => {
    expect(fileSystemProblem(fsError('EACCES', '/data/runs/.r1.tmp-4242'))?.message).toBe(
      '/data/runs/r1: cannot write (EACCES): permission denied: write to a folder you may write to, with --out; nothing was half-written',
    );
    expect(fileSystemProblem(fsError('ENOSPC', '/data/runs/.r1.tmp-4242/jobs.csv'))?.subject).toBe('/data/runs/r1/jobs.csv');
    expect(fileSystemProblem(fsError('ENOSPC', '/data/runs/.r1.old-17'))?.subject).toBe('/data/runs/r1');
    expect(fileSystemProblem(fsError('EROFS', '/data/out.swf.tmp-99'))?.subject).toBe('/data/out.swf');
  });

  it('a write error without a path takes the path and the outcome its caller knows', () => {
    const e = fileSystemProblem(fsError('ENOSPC'), { path: '/data/r1/report.html', outcome: 'the results are complete' });
    expect(e?.message).toBe('/data/r1/report.html: cannot write (ENOSPC): no space left on the device: free some space, or write elsewhere with --out; the results are complete');
    expect(fileSystemProblem(fsError('ENOSPC'))?.subject).toBe('output');
  });

  it('is undefined for what is no file-system problem of the machine', () => {
    expect(fileSystemProblem(new Error('a bug'))).toBeUndefined();
    expect(fileSystemProblem(fsError('ECONNRESET', '/x'))).toBeUndefined();
    expect(fileSystemProblem(null)).toBeUndefined();
  });
});
