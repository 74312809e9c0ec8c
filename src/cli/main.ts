#!/usr/bin/env node
import { hideBin } from 'yargs/helpers';
import { buildCli, UsageError } from './build-cli.js';
import { reportError } from './exit.js';

try {
  await buildCli(hideBin(process.argv)).parseAsync();
} catch (error) {
  if (!(error instanceof UsageError)) reportError(error);
}
