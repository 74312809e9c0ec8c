import { PACKAGE_VERSION } from '../report/package-version.js';

/** The package version. */
export const CNSIM_VERSION: string = PACKAGE_VERSION;

/**
 * Version of the results-folder layout (files and columns), written to `manifest.json` as
 * `resultsFormat`. Raise it when a file or column changes meaning or goes away, so that an older
 * `cnsim report` refuses a folder it would misread instead of drawing wrong charts.
 */
export const RESULTS_FORMAT = 1;
