/**
 * A map from non-negative 32-bit integers to non-negative 32-bit integers in two typed arrays:
 * open addressing, linear probing, deletion by backward shift (no tombstones), Fibonacci hashing.
 *
 * Why not a `Map<number, number>`: a run looks up every job it starts by its index (queue
 * policies answer with indices) and adds and removes every job once; a `Map` took about 0.2 µs
 * for the three (0.2 s of a 10^6-job run, some of it garbage: its tables are reallocated as it
 * fills and empties). Here they are a few loads and stores, and nothing is allocated but the
 * arrays, which grow with the entries at once, never with the keys ever stored.
 */
export class IntMap {
  private keys: Int32Array;
  private values: Int32Array;
  private mask: number;
  /** 32 − log2(capacity): the shift of the Fibonacci hash. */
  private shift: number;
  private count = 0;

  constructor(initialCapacity = 64) {
    let capacity = 16;
    while (capacity < 2 * initialCapacity) capacity *= 2;
    this.keys = new Int32Array(capacity).fill(-1);
    this.values = new Int32Array(capacity);
    this.mask = capacity - 1;
    this.shift = 32 - Math.log2(capacity);
  }

  /** Entries stored. */
  get size(): number {
    return this.count;
  }

  /** Slots of the arrays: a power of two, at most four times the most entries held at once. */
  get capacity(): number {
    return this.keys.length;
  }

  /** The value of `key`, or -1 when it has none (any number: one that cannot be a key has none). */
  get(key: number): number {
    const keys = this.keys;
    for (let i = this.home(key); ; i = (i + 1) & this.mask) {
      const k = keys[i] as number;
      // Empty first: -1, the mark of an empty slot, is no key.
      if (k === -1) return -1;
      if (k === key) return this.values[i] as number;
    }
  }

  /**
   * Stores `value` (≥ 0) for `key` (≥ 0, < 2^31), replacing any.
   * @throws RangeError for a key or value outside [0, 2^31)
   */
  set(key: number, value: number): void {
    if (!(key >= 0 && key <= 0x7fffffff && (key | 0) === key) || !(value >= 0 && value <= 0x7fffffff && (value | 0) === value)) {
      throw new RangeError(`IntMap holds integers in [0, 2^31): got ${key} → ${value}`);
    }
    if (2 * (this.count + 1) > this.keys.length) this.grow();
    const keys = this.keys;
    let i = this.home(key);
    for (; ; i = (i + 1) & this.mask) {
      const k = keys[i] as number;
      if (k === key) break;
      if (k === -1) {
        keys[i] = key;
        this.count++;
        break;
      }
    }
    this.values[i] = value;
  }

  /** Removes `key`; returns whether it was there. */
  delete(key: number): boolean {
    const keys = this.keys;
    const mask = this.mask;
    let i = this.home(key);
    for (; ; i = (i + 1) & mask) {
      const k = keys[i] as number;
      if (k === -1) return false;
      if (k === key) break;
    }
    // Backward shift: move up every later entry of the run whose home is at or before the hole.
    for (let j = (i + 1) & mask; ; j = (j + 1) & mask) {
      const k = keys[j] as number;
      if (k === -1) break;
      const home = this.home(k);
      // The entry at j may fill the hole at i if its home is not in (i, j] (cyclically).
      if (i <= j ? home <= i || home > j : home <= i && home > j) {
        keys[i] = k;
        this.values[i] = this.values[j] as number;
        i = j;
      }
    }
    keys[i] = -1;
    this.count--;
    return true;
  }

  /** Every key, in no particular order. */
  keyList(): number[] {
    const out: number[] = [];
    for (const k of this.keys) if (k !== -1) out.push(k);
    return out;
  }

  private home(key: number): number {
    return Math.imul(key, 0x9e3779b1) >>> this.shift;
  }

  private grow(): void {
    const keys = this.keys;
    const values = this.values;
    const capacity = 2 * keys.length;
    this.keys = new Int32Array(capacity).fill(-1);
    this.values = new Int32Array(capacity);
    this.mask = capacity - 1;
    this.shift = 32 - Math.log2(capacity);
    this.count = 0;
    for (let i = 0; i < keys.length; i++) if ((keys[i] as number) !== -1) this.set(keys[i] as number, values[i] as number);
  }
}
