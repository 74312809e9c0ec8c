import { readFileSync, statSync } from 'node:fs';

/**
 * Reads an input file (a scenario, a trace, a jobs or failures CSV) whole. Only a regular file:
 * a named pipe would block the run forever waiting for a writer, and /dev/zero or /dev/urandom
 * never end. Errors are Node's file-system errors, or one with code `ENOTFILE`, for the caller to
 * wrap in an InputError naming the file.
 */
export function readInputFile(path: string): Buffer;
export function readInputFile(path: string, encoding: 'utf8'): string;
export function readInputFile(path: string, encoding?: 'utf8'): Buffer | string {
  const stat = statSync(path);
  if (!stat.isFile()) {
    const what = stat.isDirectory() ? 'a folder' : stat.isFIFO() ? 'a named pipe' : stat.isCharacterDevice() || stat.isBlockDevice() ? 'a device' : stat.isSocket() ? 'a socket' : 'not a regular file';
    throw Object.assign(new Error(`${what}, not a file: give the path of a file`), { code: 'ENOTFILE', path });
  }
  return encoding === undefined ? readFileSync(path) : readFileSync(path, encoding);
}

/** The text without its byte-order mark, if it starts with one (no JSON, SWF or CSV syntax allows it). */
export function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
