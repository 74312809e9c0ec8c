import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package version (from package.json, which sits two folders above this file in src and dist). */
export const CNSIM_VERSION: string = (
  JSON.parse(readFileSync(resolve(dirname(fileURLToPath(import.meta.url)), '../../package.json'), 'utf8')) as { version: string }
).version;

/**
 * Version of the results-folder layout (files and columns), written to `manifest.json` as
 * `resultsFormat`. Raise it when a file or column changes meaning or goes away, so that an older
 * `cnsim report` refuses a folder it would misread instead of drawing wrong charts.
 */
export const RESULTS_FORMAT = 1;
