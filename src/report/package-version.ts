import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package version (from package.json, which sits two folders above this file in src and dist). */
export const PACKAGE_VERSION: string = (
  JSON.parse(readFileSync(resolve(dirname(fileURLToPath(import.meta.url)), '../../package.json'), 'utf8')) as { version: string }
).version;

/** `created_by` of cnsim's Parquet files: the application and its version, as the format asks. */
export const CNSIM_PARQUET_CREATED_BY = `cnsim version ${PACKAGE_VERSION}`;
