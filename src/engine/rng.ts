import seedrandom from 'seedrandom';

/** A seeded stream of uniform numbers in [0, 1). */
export interface Rng {
  /** Next uniform number in [0, 1). */
  next(): number;
  /** The stream name this generator was derived from (for messages). */
  readonly stream: string;
}

/**
 * Creates the random stream of one named component (`arrivals/SH`, `policy/random`, ...).
 *
 * The stream depends only on the run seed and the name, never on how many other streams exist
 * or in which order they were created, so adding a component leaves every other stream intact.
 * Alea is used because it is fast and its output is identical on every platform.
 */
export function createRng(seed: number | string, stream: string): Rng {
  const alea = seedrandom.alea(`${seed}\0${stream}`);
  return { next: () => alea(), stream };
}

/** Exponential variate with the given mean, by inversion (uses one draw). */
export function exponential(rng: Rng, mean: number): number {
  // 1 - u is in (0, 1], so the log is finite.
  return -mean * Math.log(1 - rng.next());
}

/** Standard normal variate (Box-Muller, uses two draws, no cached second value). */
export function standardNormal(rng: Rng): number {
  const u1 = 1 - rng.next();
  const u2 = rng.next();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** Integer uniformly drawn from [min, max] (inclusive). */
export function uniformInt(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng.next() * (max - min + 1));
}
