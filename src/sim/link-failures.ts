import { createRng, type Rng } from '../engine/rng.js';
import { sampleDuration } from '../model/duration-distribution.js';
import type { Link } from '../model/link.js';

/**
 * Random link failures (fibre cuts): every link with `failures` alternates between up (a time
 * drawn from `mtbf`) and down (a time drawn from `mttr`), from time 0, each on its own stream
 * `failures/link/<id>`. Both directions fail together.
 */
export class LinkFailures {
  /** Failure and repair events in the event queue. */
  pending = 0;
  /** Failures of each link so far. */
  readonly failures: Float64Array;
  private readonly rngs: (Rng | null)[];

  private constructor(private readonly links: readonly Link[], seed: number) {
    this.failures = new Float64Array(links.length);
    this.rngs = links.map((l) => (l.failures === undefined ? null : createRng(seed, `failures/link/${l.id}`)));
  }

  /** The failures of a run's links, or null when none of them fails. */
  static of(links: readonly Link[], seed: number): LinkFailures | null {
    return links.some((l) => l.failures !== undefined) ? new LinkFailures(links, seed) : null;
  }

  /** Calls `schedule` with each failing link's first failure time. */
  start(schedule: (atS: number, link: number) => void): void {
    this.links.forEach((l, i) => {
      if (l.failures !== undefined) schedule(this.timeToFailure(i), i);
    });
  }

  /** The link fails (`failing`) or is repaired now: counts the failure; returns the time of its next change. */
  change(link: number, failing: boolean, nowS: number): number {
    if (failing) this.failures[link] = (this.failures[link] as number) + 1;
    return nowS + (failing ? this.timeToRepair(link) : this.timeToFailure(link));
  }

  private timeToFailure(link: number): number {
    const l = this.links[link] as Link;
    return sampleDuration((l.failures as NonNullable<Link['failures']>).mtbf, this.rngs[link] as Rng);
  }

  private timeToRepair(link: number): number {
    const l = this.links[link] as Link;
    return sampleDuration((l.failures as NonNullable<Link['failures']>).mttr, this.rngs[link] as Rng);
  }
}
