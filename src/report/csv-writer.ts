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
/** Room kept free for one cell written without a bounds check: a formatted number is ≤ 32 bytes. */
const NUMBER_ROOM = 32;

const COMMA = 0x2c;
const QUOTE = 0x22;
const NEWLINE = 0x0a;
const CR = 0x0d;
const ZERO = 0x30;
const MINUS = 0x2d;
const DOT = 0x2e;

const NEEDS_QUOTES = /[",\r\n]/;

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
    this.separate();
    if (this.at + NUMBER_ROOM > CHUNK_BYTES) this.flush();
    if (!Number.isFinite(value)) return;
    if (Number.isInteger(value)) {
      if (value > -1e15 && value < 1e15) {
        if (value < 0) {
          this.buffer[this.at++] = MINUS;
          this.digits(-value, 0);
        } else {
          this.digits(value, 0); // -0 is written as 0, as String(-0) does
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
      const whole = Math.floor(magnitude / 1e6);
      let fraction = magnitude - whole * 1e6;
      if (k < 0) this.buffer[this.at++] = MINUS;
      this.digits(whole, 0);
      if (fraction === 0) return;
      let places = 6;
      while (fraction % 10 === 0) {
        fraction /= 10;
        places--;
      }
      this.buffer[this.at++] = DOT;
      this.digits(fraction, places);
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

  /** Writes the decimal digits of an integer 0 ≤ n < 10^15, left-padded with zeros to `width`. */
  private digits(n: number, width: number): void {
    let count = 1;
    for (let rest = n; rest >= 10; rest = Math.floor(rest / 10)) count++;
    if (count < width) {
      for (let i = count; i < width; i++) this.buffer[this.at++] = ZERO;
    }
    const buffer = this.buffer;
    let at = this.at + count;
    this.at = at;
    let rest = n;
    do {
      const next = Math.floor(rest / 10);
      buffer[--at] = ZERO + (rest - next * 10);
      rest = next;
    } while (rest > 0);
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
