/**
 * The input cache of a centre: datasets staged in stay there for later jobs, up to a capacity in
 * bytes, evicting the least recently used first (ties: the smaller id). Only catalogue datasets
 * are cached; a job's own input (no dataset) is not reusable.
 */
export class InputCache {
  private readonly lastUseS = new Map<string, number>();
  private readonly sizeBytes = new Map<string, number>();
  private usedBytes = 0;

  constructor(readonly capacityBytes: number) {}

  /** Whether the dataset is cached (no side effect: dispatch policies may ask for every job). */
  has(dataset: string): boolean {
    return this.lastUseS.has(dataset);
  }

  /** A job reads the cached dataset at `nowS`. */
  use(dataset: string, nowS: number): void {
    this.lastUseS.set(dataset, nowS);
  }

  /** A dataset has just arrived at the centre: keep it if it fits, evicting as needed. */
  insert(dataset: string, bytes: number, nowS: number): void {
    if (bytes > this.capacityBytes) return;
    if (this.lastUseS.has(dataset)) {
      this.lastUseS.set(dataset, nowS);
      return;
    }
    while (this.usedBytes + bytes > this.capacityBytes) this.evictOne();
    this.lastUseS.set(dataset, nowS);
    this.sizeBytes.set(dataset, bytes);
    this.usedBytes += bytes;
  }

  private evictOne(): void {
    let victim = '';
    let oldest = Number.POSITIVE_INFINITY;
    for (const [id, t] of this.lastUseS) {
      if (t < oldest || (t === oldest && id < victim)) {
        oldest = t;
        victim = id;
      }
    }
    this.usedBytes -= this.sizeBytes.get(victim) ?? 0;
    this.lastUseS.delete(victim);
    this.sizeBytes.delete(victim);
  }
}
