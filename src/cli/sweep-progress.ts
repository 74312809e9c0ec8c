import cliProgress from 'cli-progress';
import type { SweepProgress } from '../parallel/run-sweep.js';

/** Shows a sweep's progress on stderr. */
export interface ProgressDisplay {
  update(progress: SweepProgress): void;
  stop(): void;
}

/**
 * A progress bar (runs done, failures, ETA) on a terminal; outside one (CI, a batch job's log
 * file) one plain line per finished run, which reads well in a log; nothing when quiet.
 */
export function createProgressDisplay(mode: 'bar' | 'lines' | 'none'): ProgressDisplay {
  const stream = process.stderr;
  if (mode === 'none') return { update: () => {}, stop: () => {} };
  if (mode === 'lines') {
    return {
      update: (p) => {
        if (p.last === undefined) {
          stream.write(`sweep: ${p.total} runs to do${p.skipped > 0 ? ` (${p.skipped} finished earlier, kept)` : ''}\n`);
          return;
        }
        const status = p.last.ok ? `ok in ${p.last.wallS.toFixed(2)} s` : `FAILED: ${p.last.error.split('\n')[0]}`;
        stream.write(`[${p.done}/${p.total}] ${p.last.runId} ${status}\n`);
      },
      stop: () => {},
    };
  }
  const bar = new cliProgress.SingleBar(
    { stream, format: 'sweep [{bar}] {value}/{total} runs | {failed} failed | {duration_formatted} elapsed | ETA {eta_formatted}', hideCursor: true, etaBuffer: 20 },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update: (p) => {
      if (!started) {
        bar.start(p.total, p.done, { failed: p.failed });
        started = true;
      } else {
        bar.update(p.done, { failed: p.failed });
      }
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}
