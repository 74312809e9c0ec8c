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
    // One bounds check for the comma and the number; `at` kept in a local until the end.
    if (this.at + NUMBER_ROOM > CHUNK_BYTES) this.flush();
    const buffer = this.buffer;
    let at = this.at;
    if (this.firstCell) this.firstCell = false;
    else buffer[at++] = COMMA;
    // Most cells are small integers (counts, whole seconds): int32 arithmetic only. -0 | 0 is 0,
    // and -0 is written as 0, as String(-0) does.
    if ((value | 0) === value) {
      this.at = value >= 0 ? writeInt31(buffer, at, value) : writeInteger(buffer, at, value);
      return;
    }
    if (!Number.isFinite(value)) {
      this.at = at;
      return;
    }
    if (Number.isInteger(value)) {
      this.at = value > -1e15 && value < 1e15 ? writeInteger(buffer, at, value) : writeAscii(buffer, at, String(value));
      return;
    }
    if (value > -1e9 && value < 1e9) {
      // The bytes of formatNumber: k = round(value × 10^6), decimal point put back, trailing zeros dropped.
      const k = Math.round(value * 1e6);
      if (k === 0) {
        buffer[at++] = ZERO;
        this.at = at;
        return;
      }
      let magnitude = k;
      if (k < 0) {
        buffer[at++] = MINUS;
        magnitude = -k;
      }
      // magnitude ≤ 10^15, so whole < 2^31 and the fraction is an int32. A product instead of a
      // division (a fraction of its latency). Its floor is exact here (1e-6 is stored 4.5 × 10^-17 low,
      // less than half an ulp, and the product is off by far less than 10^-6), but should it be one
      // off, the remainder shows it and the lines after put it right.
      let whole = Math.floor(magnitude * 1e-6);
      let fraction = magnitude - whole * 1e6;
      if (fraction < 0) {
        whole--;
        fraction += 1e6;
      } else if (fraction >= 1e6) {
        whole++;
        fraction -= 1e6;
      }
      at = writeInt31(buffer, at, whole);
      if (fraction !== 0) at = writeFraction(buffer, at, fraction | 0);
      this.at = at;
      return;
    }
    this.at = writeAscii(buffer, at, formatNumber(value));
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

/*
 * The digit writers below take the buffer and a position and return the position after what
 * they wrote; the caller leaves room for them (NUMBER_ROOM). Plain functions with int32 locals,
 * small enough for V8 to inline into `number`.
 */

/** Writes the digits of an integer 0 ≤ n < 2^31, two at a time. */
function writeInt31(buffer: Uint8Array, at: number, n: number): number {
  let rest = n | 0;
  const end =
    at + (rest < 10 ? 1 : rest < 100 ? 2 : rest < 1000 ? 3 : rest < 10000 ? 4 : rest < 100000 ? 5 : rest < 1000000 ? 6 : rest < 10000000 ? 7 : rest < 100000000 ? 8 : rest < 1000000000 ? 9 : 10);
  let i = end;
  while (rest >= 100) {
    const next = (rest / 100) | 0;
    const pair = 2 * (rest - next * 100);
    buffer[--i] = PAIRS[pair + 1] as number;
    buffer[--i] = PAIRS[pair] as number;
    rest = next;
  }
  if (rest >= 10) {
    buffer[--i] = PAIRS[2 * rest + 1] as number;
    buffer[--i] = PAIRS[2 * rest] as number;
  } else {
    buffer[--i] = ZERO + rest;
  }
  return end;
}

/** Writes an integer −10^15 < n < 10^15 (−0 as 0). */
function writeInteger(buffer: Uint8Array, at: number, n: number): number {
  let i = at;
  let magnitude = n;
  if (n < 0) {
    buffer[i++] = MINUS;
    magnitude = -n;
  }
  if (magnitude < 2147483648) return writeInt31(buffer, i, magnitude);
  // Byte counts and the like: two int32 halves, the low one padded to 8 digits.
  const high = Math.floor(magnitude / 1e8);
  let rest = (magnitude - high * 1e8) | 0;
  const end = writeInt31(buffer, i, high) + 8;
  i = end;
  for (let pairs = 0; pairs < 4; pairs++) {
    const next = (rest / 100) | 0;
    const pair = 2 * (rest - next * 100);
    buffer[--i] = PAIRS[pair + 1] as number;
    buffer[--i] = PAIRS[pair] as number;
    rest = next;
  }
  return end;
}

/** Writes the decimal point and the six places of 0 < fraction < 10^6 (millionths), trailing zeros dropped. */
function writeFraction(buffer: Uint8Array, at: number, fraction: number): number {
  let i = at;
  buffer[i++] = DOT;
  const high = (fraction / 10000) | 0; // places 1–2
  const rest = fraction - high * 10000;
  const middle = (rest / 100) | 0; // places 3–4
  const low = rest - middle * 100; // places 5–6
  buffer[i++] = PAIRS[2 * high] as number;
  buffer[i++] = PAIRS[2 * high + 1] as number;
  buffer[i++] = PAIRS[2 * middle] as number;
  buffer[i++] = PAIRS[2 * middle + 1] as number;
  buffer[i++] = PAIRS[2 * low] as number;
  buffer[i++] = PAIRS[2 * low + 1] as number;
  // All six written, then the trailing zeros taken back (fraction ≠ 0: a digit stays).
  while (buffer[i - 1] === ZERO) i--;
  return i;
}

/** Writes a short ASCII string as it is (a number's text). */
function writeAscii(buffer: Uint8Array, at: number, text: string): number {
  let i = at;
  for (let c = 0; c < text.length; c++) buffer[i++] = text.charCodeAt(c);
  return i;
}
