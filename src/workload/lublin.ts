import type { Rng } from '../engine/rng.js';
import type { LublinParams } from '../model/scenario.js';
import jstat from 'jstat';
import { gammaVariate } from './gamma.js';

/**
 * The Lublin–Feitelson rigid-job model: U. Lublin and D. G. Feitelson, "The workload on parallel
 * supercomputers: modeling the characteristics of rigid jobs", J. Parallel Distrib. Comput.
 * 63(11), 2003. Published parameters as in the authors' reference generator `lublin99.c`
 * (Parallel Workloads Archive, m_lublin99): the whole-sample set and the batch and interactive
 * sets.
 *
 * - Size: serial (1 processor) with probability `serialProb`; otherwise log2(size) is drawn
 *   from a two-stage uniform ([uLow, uMed] with probability uProb, else [uMed, uHi]), rounded
 *   to an integer for the `pow2Prob` share of jobs (powers of two); size = round(2^x).
 * - Runtime: ln(runtime) is hyper-gamma: gamma(a1, b1) with probability p, else gamma(a2, b2),
 *   where p = pa × size + pb clipped to [0, 1], so larger jobs run longer; values of ln(runtime)
 *   above `maxLogRuntime` are redrawn.
 * - Daily cycle: the share of arrivals in each half hour is the mass of gamma(anum, bnum) over
 *   that bucket, the day starting at 11:00 bucket-wise (see {@link lublinDailyWeights}).
 */
export const LUBLIN_PUBLISHED = {
  all: {
    serialProb: 0.244, pow2Prob: 0.576, uLow: 0.8, uMed: 4.5, uHi: 7, uProb: 0.86,
    a1: 4.2, b1: 0.94, a2: 312, b2: 0.03, pa: -0.0054, pb: 0.78, anum: 8.1737, bnum: 3.9631,
  },
  batch: {
    serialProb: 0.2927, pow2Prob: 0.6686, uLow: 1.2, uMed: 5, uHi: 7, uProb: 0.875,
    a1: 6.57, b1: 0.823, a2: 639.1, b2: 0.0156, pa: -0.003, pb: 0.6986, anum: 6.1271, bnum: 5.274,
  },
  interactive: {
    serialProb: 0.1541, pow2Prob: 0.625, uLow: 1, uMed: 3, uHi: 5.5, uProb: 0.705,
    a1: 3.8351, b1: 0.6605, a2: 7.073, b2: 0.6856, pa: -0.0118, pb: 0.9156, anum: 8.9186, bnum: 3.668,
  },
} as const;

/** Draws a job size in model processors. Uses three draws for parallel jobs, one for serial ones. */
export function lublinSize(rng: Rng, p: LublinParams): number {
  const u = rng.next();
  if (u <= p.serialProb) return 1;
  const stage = rng.next();
  const v = rng.next();
  let x = stage <= p.uProb ? p.uLow + v * (p.uMed - p.uLow) : p.uMed + v * (p.uHi - p.uMed);
  if (u <= p.serialProb + p.pow2Prob) x = Math.round(x);
  return Math.max(1, Math.round(2 ** x));
}

/** Draws a runtime in seconds for a job of `size` model processors (hyper-gamma of ln runtime). */
export function lublinRuntimeS(rng: Rng, p: LublinParams, size: number): number {
  const weight = Math.min(1, Math.max(0, p.pa * size + p.pb));
  for (;;) {
    const logRuntime = rng.next() <= weight ? gammaVariate(rng, p.a1, p.b1) : gammaVariate(rng, p.a2, p.b2);
    if (logRuntime <= p.maxLogRuntime) return Math.max(1, Math.exp(logRuntime));
  }
}

/**
 * The least share of runtime draws that are kept (ln runtime ≤ maxLogRuntime) for any job size
 * the parameters allow: 1 / this is the mean number of draws per job at the worst size. The
 * share is linear in the hyper-gamma weight, so its least value is at the smallest or the
 * largest size. Parameters whose runtimes nearly all fall above the cap would redraw for ever.
 */
export function lublinKeptShare(p: Pick<LublinParams, 'a1' | 'b1' | 'a2' | 'b2' | 'pa' | 'pb' | 'uHi' | 'maxLogRuntime'>): number {
  const kept1 = jstat.jStat.gamma.cdf(p.maxLogRuntime, p.a1, p.b1);
  const kept2 = jstat.jStat.gamma.cdf(p.maxLogRuntime, p.a2, p.b2);
  const weight = (size: number): number => Math.min(1, Math.max(0, p.pa * size + p.pb));
  const keptAt = (size: number): number => weight(size) * kept1 + (1 - weight(size)) * kept2;
  return Math.min(keptAt(1), keptAt(Math.max(1, Math.round(2 ** p.uHi))));
}

/**
 * The model's daily arrival cycle: 48 half-hour weights (from 00:00), proportional to the mass
 * of gamma(anum, bnum) over bucket positions i ± 0.5, where position i runs 11..58 and bucket
 * (i − 1) mod 48 (as `arrive_init` of lublin99.c does). The unnormalised gamma density is
 * integrated numerically (Simpson, 32 steps per bucket): the normalising constant cancels.
 */
export function lublinDailyWeights(jobType: keyof typeof LUBLIN_PUBLISHED = 'all'): number[] {
  const { anum, bnum } = LUBLIN_PUBLISHED[jobType];
  const density = (x: number): number => Math.exp((anum - 1) * Math.log(x) - x / bnum);
  const weights = new Array<number>(48).fill(0);
  const steps = 32;
  for (let i = 11; i < 48 + 11; i++) {
    const a = i - 0.5;
    const h = 1 / steps;
    let sum = density(a) + density(a + 1);
    for (let k = 1; k < steps; k++) sum += (k % 2 === 1 ? 4 : 2) * density(a + k * h);
    weights[(i - 1) % 48] = (sum * h) / 3;
  }
  return weights;
}
