/** A full-duplex link between two sites; each direction has the full bandwidth. */
export interface Link {
  readonly id: string;
  readonly a: string;
  readonly b: string;
  readonly bandwidthBps: number;
  /** One-way latency in seconds. */
  readonly latencyS: number;
}
