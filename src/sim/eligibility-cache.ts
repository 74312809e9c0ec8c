import { bisectRight } from 'd3-array';

/** Shapes remembered before the cache starts over (a trace of many distinct sizes stays bounded). */
const MAX_SHAPES = 4096;

/** Largest cores, GPUs and site count a shape key holds exactly (2^24 · 2^10 · 2 · 2^16 < 2^53). */
const CORES_LIMIT = 2 ** 24;
const GPUS_LIMIT = 2 ** 10;
const SITES_LIMIT = 256;

interface Shape {
  readonly maxLatencyS: number;
  /** (partition index, nodes needed, speed) triples, in candidate order. */
  readonly candidates: Float64Array;
}

/**
 * The candidate partitions of each job shape, remembered while nothing they depend on changes,
 * so that the dispatcher need not check every centre for every job (national-2025 dispatches
 * 10^6 jobs of a few hundred shapes to 33 centres).
 *
 * A job's candidates, when its policy reads no estimate and the job has no dataset and no
 * constraints, depend only on: its class (speeds), cores and GPUs (nodes needed on each
 * partition), origin (route latency, maxLatency), data site and whether it has input (a route
 * from it), maxLatency, the routes (links up or down), and which centres are open and up. The
 * key holds the first ones; the entry holds maxLatency; the whole cache starts over when the
 * routes change or simulated time crosses any centre's activity or outage window boundary.
 */
export class EligibilityCache {
  private readonly byClass = new Map<string, Map<number, Shape>>();
  private shapes = 0;
  /** The times at which some centre opens, closes, goes down or comes back, ascending. */
  private readonly boundariesS: Float64Array;
  /** The span of time and the routes the remembered shapes hold for. */
  private validFromS = Number.POSITIVE_INFINITY;
  private validUntilS = Number.NEGATIVE_INFINITY;
  private routesVersion = -1;

  constructor(
    boundariesS: readonly number[],
    private readonly siteCount: number,
  ) {
    this.boundariesS = Float64Array.from(new Set(boundariesS.filter((b) => Number.isFinite(b)))).sort();
  }

  /**
   * The key of a job's shape (the job's class apart), or -1 when it does not fit in a key
   * (the job is then checked in full).
   */
  key(cores: number, gpus: number, origin: number, dataSite: number, hasInput: boolean): number {
    if (!(cores >= 0 && cores < CORES_LIMIT && Number.isInteger(cores) && gpus >= 0 && gpus < GPUS_LIMIT && Number.isInteger(gpus)) || this.siteCount > SITES_LIMIT) return -1;
    return cores + CORES_LIMIT * (gpus + GPUS_LIMIT * ((hasInput ? 1 : 0) + 2 * (origin + SITES_LIMIT * dataSite)));
  }

  /**
   * The remembered candidates of a shape at `t` with the routes at `routesVersion`, or
   * undefined (first forgetting everything if time or the routes have moved on).
   */
  get(jobClass: string, key: number, maxLatencyS: number, t: number, routesVersion: number): Float64Array | undefined {
    if (t >= this.validUntilS || t < this.validFromS || routesVersion !== this.routesVersion) {
      this.startOver(t, routesVersion);
      return undefined;
    }
    const shape = this.byClass.get(jobClass)?.get(key);
    return shape !== undefined && shape.maxLatencyS === maxLatencyS ? shape.candidates : undefined;
  }

  /** Remembers a shape's candidates, found at the time and routes of the last {@link get}. */
  set(jobClass: string, key: number, maxLatencyS: number, candidates: Float64Array): void {
    if (this.shapes >= MAX_SHAPES) {
      this.byClass.clear();
      this.shapes = 0;
    }
    let shapes = this.byClass.get(jobClass);
    if (shapes === undefined) {
      shapes = new Map();
      this.byClass.set(jobClass, shapes);
    }
    if (!shapes.has(key)) this.shapes++;
    shapes.set(key, { maxLatencyS, candidates });
  }

  private startOver(t: number, routesVersion: number): void {
    this.byClass.clear();
    this.shapes = 0;
    this.routesVersion = routesVersion;
    // The boundaries around t: the first one after it, and the last one at or before it.
    const b = this.boundariesS;
    const lo = bisectRight(b, t);
    this.validFromS = lo === 0 ? Number.NEGATIVE_INFINITY : (b[lo - 1] as number);
    this.validUntilS = lo === b.length ? Number.POSITIVE_INFINITY : (b[lo] as number);
  }
}
