import type { Rng } from '../engine/rng.js';
import type { EstimateModel } from '../model/scenario.js';

type Tsafrir = Extract<EstimateModel, { model: 'tsafrir' }>;

/**
 * The estimate values and their popularity in the model of D. Tsafrir, Y. Etsion and
 * D. G. Feitelson, "Modeling user runtime estimates", JSSPP 2005 (LNCS 3834), with the default
 * parameters of the authors' implementation (est_model.hh):
 * - value of the bin of time-rank k of K: max × (a − 1)x / (a − x), x = k/K,
 *   a = 1 + 12.1039 × K^−0.6026; values are rounded up to a whole minute;
 * - popularity of rank r ≥ 2 (percent): 14.0491 e^(−0.177531 r) + 0.462513 (r ≤ 20), or
 *   795.6 r^−2.267 (r > 20); the top rank (the system maximum, the most popular estimate in the
 *   logs) takes 89 % minus ranks 2..20, unless `maxShare` is given.
 *
 * Simplifications, made so that estimates can be drawn job by job as jobs are generated: the
 * shares of the K bins are renormalised to 1 (the paper leaves the rest to rarer values), and
 * popularity ranks 2..K go to the values in increasing order (short round values are more
 * popular than long ones). A job's estimate is drawn among the values ≥ its runtime, by
 * popularity, so it is never below the runtime; a runtime above the maximum gets its own
 * runtime rounded up to a minute.
 */
export function tsafrirBins(maxS: number, bins: number, maxShare?: number): Tsafrir {
  const a = 1 + 12.1039 * bins ** -0.6026;
  const valuesS: number[] = [];
  for (let k = 1; k <= bins; k++) {
    const x = k / bins;
    const v = k === bins ? maxS : Math.ceil(((maxS * (a - 1) * x) / (a - x)) / 60) * 60;
    if (valuesS.length === 0 || v > (valuesS[valuesS.length - 1] as number)) valuesS.push(Math.min(v, maxS));
  }
  const rankShare = (r: number): number => (r <= 20 ? 14.0491 * Math.exp(-0.177531 * r) + 0.462513 : 795.6 * r ** -2.267);
  const others: number[] = [];
  for (let r = 2; r <= valuesS.length; r++) others.push(rankShare(r));
  let headRest = 0;
  for (let r = 2; r <= Math.min(20, valuesS.length); r++) headRest += rankShare(r);
  const othersSum = others.reduce((s, x) => s + x, 0);
  const top = maxShare ?? Math.max(0, 89 - headRest) / (Math.max(0, 89 - headRest) + othersSum);
  const shares = [...others.map((x) => (othersSum > 0 ? (x / othersSum) * (1 - top) : 0)), top];
  return { model: 'tsafrir', valuesS, shares };
}

/** Requested walltime for a job of the given runtime; never below the runtime. */
export function drawTsafrirEstimateS(rng: Rng, model: Tsafrir, runtimeS: number): number {
  const u = rng.next();
  const values = model.valuesS;
  let first = 0;
  while (first < values.length && (values[first] as number) < runtimeS) first++;
  if (first === values.length) return Math.ceil(runtimeS / 60) * 60;
  let total = 0;
  for (let k = first; k < values.length; k++) total += model.shares[k] as number;
  let x = u * total;
  for (let k = first; k < values.length; k++) {
    x -= model.shares[k] as number;
    if (x < 0) return values[k] as number;
  }
  return values[values.length - 1] as number;
}
