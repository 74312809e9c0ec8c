/**
 * Batsim's interval sets of resource ids (Batsim docs, "Interval set"): closed integer intervals
 * `a-b`, or `a` when a = b, separated by one space. cnsim writes the canonical form (disjoint,
 * maximal, ascending) and reads any form Batsim accepts.
 */

/**
 * The canonical string of node intervals flattened [start, end, …] (ends exclusive, ascending,
 * as node placement gives them), each id shifted by `offset` (the partition's first id in its centre).
 */
export function formatIntervalSet(held: Int32Array, offset = 0): string {
  const parts: string[] = [];
  let i = 0;
  while (i < held.length) {
    const a = (held[i] as number) + offset;
    let b = (held[i + 1] as number) + offset - 1;
    i += 2;
    // Adjacent intervals are joined, so the form stays canonical whatever the input.
    while (i < held.length && (held[i] as number) + offset === b + 1) {
      b = (held[i + 1] as number) + offset - 1;
      i += 2;
    }
    parts.push(a === b ? String(a) : `${a}-${b}`);
  }
  return parts.join(' ');
}

/**
 * Parses an interval set: closed intervals [a, b], in the order written (empty string: none).
 * @throws Error naming the bad token (not a non-negative integer, or b < a)
 */
export function parseIntervalSet(text: string): [number, number][] {
  const out: [number, number][] = [];
  const trimmed = text.trim();
  if (trimmed === '') return out;
  for (const token of trimmed.split(' ')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(token);
    if (m === null) throw new Error(`interval set '${text}': '${token}' is not 'a' or 'a-b' with non-negative integers`);
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    if (b < a) throw new Error(`interval set '${text}': '${token}' ends before it starts`);
    out.push([a, b]);
  }
  return out;
}

/** Number of ids in an interval set (overlapping intervals counted once). */
export function intervalSetSize(intervals: readonly (readonly [number, number])[]): number {
  const sorted = [...intervals].sort((x, y) => x[0] - y[0]);
  let size = 0;
  let covered = -1;
  for (const [a, b] of sorted) {
    const from = Math.max(a, covered + 1);
    if (b >= from) size += b - from + 1;
    covered = Math.max(covered, b);
  }
  return size;
}
