import { clear, doubleArray } from '../engine/arrays.js';

/**
 * A min-heap of (level, id) pairs, ties by id, for progressive filling: the next link (max-min) or constraint to
 * saturate or flow class to reach its bound. Stale entries are left in and skipped by the caller.
 */
export class LevelHeap {
  private readonly levels: number[] = doubleArray();
  private readonly ids: number[] = [];

  get size(): number {
    return this.levels.length;
  }

  /** Level of the top entry. */
  topLevel(): number {
    return this.levels[0] as number;
  }

  /** Id of the top entry. */
  topId(): number {
    return this.ids[0] as number;
  }

  clear(): void {
    clear(this.levels);
    clear(this.ids);
  }

  push(level: number, id: number): void {
    const s = this.levels;
    const k = this.ids;
    let i = s.length;
    s.push(level);
    k.push(id);
    while (i > 0) {
      const p = (i - 1) >> 1;
      const ps = s[p] as number;
      if (ps < level || (ps === level && (k[p] as number) < id)) break;
      s[i] = ps;
      k[i] = k[p] as number;
      i = p;
    }
    s[i] = level;
    k[i] = id;
  }

  /** Removes the top entry and returns its id. */
  pop(): number {
    const s = this.levels;
    const k = this.ids;
    const top = k[0] as number;
    const ls = s.pop() as number;
    const lk = k.pop() as number;
    if (s.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= s.length) break;
        const r = l + 1;
        let c = l;
        if (r < s.length && ((s[r] as number) < (s[l] as number) || ((s[r] as number) === (s[l] as number) && (k[r] as number) < (k[l] as number)))) c = r;
        const cs = s[c] as number;
        if (ls < cs || (ls === cs && lk < (k[c] as number))) break;
        s[i] = cs;
        k[i] = k[c] as number;
        i = c;
      }
      s[i] = ls;
      k[i] = lk;
    }
    return top;
  }
}
