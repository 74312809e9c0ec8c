/**
 * CSV written straight into bytes: cells go into a reused buffer as ASCII digits or UTF-8 text,
 * with no string per cell, no array per row and no joined line. jobs.csv is tens of millions
 * of cells; formatting them as strings was a third of a run and most of its garbage (a
 * collection every 30 ms while writing), which in a sweep also competes with the other workers
 * for the cores. The bytes are those of {@link csvField} over {@link formatNumber}'s text.
 */
import { writeSync } from 'node:fs';
import type { CellSink } from './cell-sink.js';
import { formatNumber } from './format.js';

/** Bytes gathered before they are handed on (to a file, or to a list of chunks). */
const CHUNK_BYTES = 1 << 16;
/** Room kept free for one cell written without a bounds check: a comma and a formatted number (≤ 25 bytes). */
const NUMBER_ROOM = 32;

const COMMA = 0x2c;
const QUOTE = 0x22;
const NEWLINE = 0x0a;
const CR = 0x0d;
const ZERO = 0x30;
const MINUS = 0x2d;
const DOT = 0x2e;

const NEEDS_QUOTES = /[",\r\n]/;

/** The ASCII digits of 00 to 99, two bytes each: digits are written two at a time. */
const PAIRS = Uint8Array.from({ length: 200 }, (_, i) => ZERO + (i % 2 === 0 ? Math.floor(i / 20) : (i >> 1) % 10));

/** One field, quoted if needed (RFC 4180: quotes inside doubled). */
export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** Where full chunks go: the bytes are only valid during the call. */
export type ChunkTarget = (bytes: Buffer) => void;

/** A target that writes to an open file. */
export function fileTarget(fd: number): ChunkTarget {
  return (bytes) => {
    for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset, bytes.length - offset);
  };
}

/** Writes CSV records cell by cell (see {@link CellSink}); {@link endRecord} ends each. */
export class CsvWriter implements CellSink {
  private readonly buffer = Buffer.allocUnsafeSlow(CHUNK_BYTES);
  private at = 0;
  private firstCell = true;

  constructor(private readonly target: ChunkTarget) {}

  text(cell: string): void {
    this.separate();
    // As Array.join did for the string rows: null and undefined are empty, anything else its String.
    const value = typeof cell === 'string' ? cell : cell === null || cell === undefined ? '' : String(cell);
    const length = value.length;
    if (length > CHUNK_BYTES / 8) {
      this.slowText(value); // a long error message or path: no fast path
      return;
    }
    if (this.at + 3 * length + 2 > CHUNK_BYTES) this.flush();
    const buffer = this.buffer;
    const start = this.at;
    let at = start;
    for (let i = 0; i < length; i++) {
      const code = value.charCodeAt(i);
      if (code >= 0x80 || code === COMMA || code === QUOTE || code === NEWLINE || code === CR) {
        // Rare: non-ASCII text or a field to quote; let the general path redo the cell.
        this.at = start;
        this.slowText(value);
        return;
      }
      buffer[at++] = code;
    }
    this.at = at;
  }

  blank(): void {
    this.separate();
  }

  number(value: number): void {
    // One bounds check for the comma and the number (separate() would check again).
    if (this.at + NUMBER_ROOM > CHUNK_BYTES) this.flush();
    if (this.firstCell) this.firstCell = false;
    else this.buffer[this.at++] = COMMA;
    // Most cells are small integers (counts, whole seconds): int32 arithmetic only. -0 | 0 is 0,
    // and -0 is written as 0, as String(-0) does.
    if ((value | 0) === value) {
      if (value < 0) {
        this.buffer[this.at++] = MINUS;
        this.digits(-value); // ≤ 2^31: digits() takes it
      } else {
        this.digits(value);
      }
      return;
    }
    if (!Number.isFinite(value)) return;
    if (Number.isInteger(value)) {
      if (value > -1e15 && value < 1e15) {
        if (value < 0) {
          this.buffer[this.at++] = MINUS;
          this.digits(-value);
        } else {
          this.digits(value);
        }
        return;
      }
      this.ascii(String(value));
      return;
    }
    if (value > -1e9 && value < 1e9) {
      // The bytes of formatNumber: k = round(value × 10^6), decimal point put back, trailing zeros dropped.
      const k = Math.round(value * 1e6);
      if (k === 0) {
        this.buffer[this.at++] = ZERO;
        return;
      }
      const magnitude = k < 0 ? -k : k;
      // Both below 2^31 (magnitude ≤ 10^15): int32 from here on, no float modulo.
      const whole = Math.floor(magnitude / 1e6);
      const fraction = (magnitude - whole * 1e6) | 0;
      if (k < 0) this.buffer[this.at++] = MINUS;
      this.digits(whole);
      if (fraction === 0) return;
      // All six places, then the trailing zeros taken back (fraction ≠ 0: a digit stays).
      const buffer = this.buffer;
      let at = this.at;
      buffer[at++] = DOT;
      const high = (fraction / 10000) | 0; // places 1–2
      const rest = fraction - high * 10000;
      const middle = (rest / 100) | 0; // places 3–4
      const low = rest - middle * 100; // places 5–6
      buffer[at++] = PAIRS[2 * high] as number;
      buffer[at++] = PAIRS[2 * high + 1] as number;
      buffer[at++] = PAIRS[2 * middle] as number;
      buffer[at++] = PAIRS[2 * middle + 1] as number;
      buffer[at++] = PAIRS[2 * low] as number;
      buffer[at++] = PAIRS[2 * low + 1] as number;
      while (buffer[at - 1] === ZERO) at--;
      this.at = at;
      return;
    }
    this.ascii(formatNumber(value));
  }

  /** Ends the current record. */
  endRecord(): void {
    if (this.at + 1 > CHUNK_BYTES) this.flush();
    this.buffer[this.at++] = NEWLINE;
    this.firstCell = true;
  }

  /** Hands the bytes gathered so far to the target; call once after the last record. */
  flush(): void {
    if (this.at > 0) this.target(this.buffer.subarray(0, this.at));
    this.at = 0;
  }

  private separate(): void {
    if (this.firstCell) {
      this.firstCell = false;
      return;
    }
    if (this.at + 1 > CHUNK_BYTES) this.flush();
    this.buffer[this.at++] = COMMA;
  }

  /** Writes the decimal digits of an integer 0 ≤ n < 10^15. */
  private digits(n: number): void {
    if (n < 2147483648) {
      this.digits31(n);
      return;
    }
    // Bytes counts and the like: two int32 halves, the low one padded to 8 digits.
    const high = Math.floor(n / 1e8);
    const low = n - high * 1e8;
    this.digits31(high);
    const buffer = this.buffer;
    let at = this.at + 8;
    this.at = at;
    let rest = low | 0;
    for (let i = 0; i < 4; i++) {
      const next = (rest / 100) | 0;
      const pair = 2 * (rest - next * 100);
      buffer[--at] = PAIRS[pair + 1] as number;
      buffer[--at] = PAIRS[pair] as number;
      rest = next;
    }
  }

  /** Writes the decimal digits of an integer 0 ≤ n < 2^31, two at a time. */
  private digits31(n: number): void {
    let rest = n | 0;
    const count = rest < 10 ? 1 : rest < 100 ? 2 : rest < 1000 ? 3 : rest < 10000 ? 4 : rest < 100000 ? 5 : rest < 1000000 ? 6 : rest < 10000000 ? 7 : rest < 100000000 ? 8 : rest < 1000000000 ? 9 : 10;
    const buffer = this.buffer;
    let at = this.at + count;
    this.at = at;
    while (rest >= 100) {
      const next = (rest / 100) | 0;
      const pair = 2 * (rest - next * 100);
      buffer[--at] = PAIRS[pair + 1] as number;
      buffer[--at] = PAIRS[pair] as number;
      rest = next;
    }
    if (rest >= 10) {
      buffer[--at] = PAIRS[2 * rest + 1] as number;
      buffer[--at] = PAIRS[2 * rest] as number;
    } else {
      buffer[--at] = ZERO + rest;
    }
  }

  /** Writes a short ASCII string as it is (a number's text). */
  private ascii(text: string): void {
    for (let i = 0; i < text.length; i++) this.buffer[this.at++] = text.charCodeAt(i);
  }

  /** A cell with non-ASCII characters or characters to quote. */
  private slowText(value: string): void {
    const quoted = csvField(value);
    if (Buffer.byteLength(quoted) > CHUNK_BYTES - this.at) {
      this.flush();
      if (Buffer.byteLength(quoted) > CHUNK_BYTES) {
        this.target(Buffer.from(quoted));
        return;
      }
    }
    this.at += this.buffer.write(quoted, this.at);
  }
}
