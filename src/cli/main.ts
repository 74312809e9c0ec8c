#!/usr/bin/env node
import { hideBin } from 'yargs/helpers';
import { buildCli, UsageError } from './build-cli.js';
import { EXIT_BAD_INPUT, reportError } from './exit.js';
import { pluginLoading } from '../runner/plugin-loading.js';
import { removeUnfinishedResults } from '../report/write-results.js';
import { tuneHeap } from '../runner/heap-tuning.js';

// Before any run: V8's garbage collector set for runs' short-lived objects (see heap-tuning.ts).
tuneHeap();

// Standard output closed early (`cnsim schema | head`) or on a full device (`> /dev/full`): the
// stream reports it as an 'error' event, which unhandled is a Node stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    // A reader that stopped reading wants no more: stop quietly, as Unix tools do on SIGPIPE.
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    if (stream === process.stdout) process.stderr.write(`cnsim: cannot write the output (${error.code ?? error.message}): ${error.code === 'ENOSPC' ? 'no space left on the device' : 'write it elsewhere'}\n`);
    process.exit(EXIT_BAD_INPUT);
  });
}

// Node exits 13, silently, when the awaited import of a plug-in can never finish (its own top-level await never settles).
process.on('exit', () => {
  // Something ended the process in the middle of a run (a plug-in calling process.exit): no
  // half-written folder is left, and the run is not reported a success.
  const left = removeUnfinishedResults();
  if (left.length > 0 && (process.exitCode === undefined || process.exitCode === 0)) {
    process.stderr.write(`cnsim: the process was ended before its results were written (process.exit called by a plug-in?); nothing was written\n`);
    process.exitCode = EXIT_BAD_INPUT;
  }
  const path = pluginLoading();
  if (process.exitCode !== 13 || path === null) return;
  process.stderr.write(`cnsim: ${path}: the dispatch plug-in never finished loading (a top-level await that never settles, with nothing left to wait for): fix the plug-in\n`);
  process.exitCode = EXIT_BAD_INPUT;
});

try {
  await buildCli(hideBin(process.argv)).parseAsync();
} catch (error) {
  if (!(error instanceof UsageError)) reportError(error);
}
