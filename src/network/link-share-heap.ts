import { doubleArray } from '../engine/arrays.js';

/** A min-heap of (share, link) pairs, ties by link index; stale entries are skipped by the caller. */
export class LinkShareHeap {
  private readonly shares: number[] = doubleArray();
  private readonly links: number[] = [];

  get size(): number {
    return this.shares.length;
  }

  push(share: number, link: number): void {
    const s = this.shares;
    const k = this.links;
    let i = s.length;
    s.push(share);
    k.push(link);
    while (i > 0) {
      const p = (i - 1) >> 1;
      const ps = s[p] as number;
      if (ps < share || (ps === share && (k[p] as number) < link)) break;
      s[i] = ps;
      k[i] = k[p] as number;
      i = p;
    }
    s[i] = share;
    k[i] = link;
  }

  /** Share of the top entry. */
  topShare(): number {
    return this.shares[0] as number;
  }

  /** Empties the heap, keeping its storage. */
  clear(): void {
    while (this.shares.length > 0) {
      this.shares.pop();
      this.links.pop();
    }
  }

  /** Removes the top entry and returns its link. */
  pop(): number {
    const s = this.shares;
    const k = this.links;
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
