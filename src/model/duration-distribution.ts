import { exponential, type Rng, standardNormal } from '../engine/rng.js';

/**
 * A distribution of durations in seconds (times between failures, times to repair), by its mean:
 * exponential, Weibull with a shape, lognormal with the σ of the underlying normal, or fixed.
 */
export type DurationDistribution =
  | { readonly kind: 'exponential'; readonly meanS: number }
  | { readonly kind: 'weibull'; readonly meanS: number; readonly shape: number }
  | { readonly kind: 'lognormal'; readonly meanS: number; readonly sigma: number }
  | { readonly kind: 'fixed'; readonly meanS: number };

/**
 * One draw, by inversion where there is a closed form. Weibull: scale λ = mean / Γ(1 + 1/k), then
 * λ(−ln(1 − u))^(1/k); lognormal: μ = ln(mean) − σ²/2, then exp(μ + σZ) (two uniforms, Box–Muller).
 * Every draw uses the same number of uniforms whatever the outcome, so a stream stays aligned.
 */
export function sampleDuration(d: DurationDistribution, rng: Rng): number {
  switch (d.kind) {
    case 'exponential':
      return exponential(rng, d.meanS);
    case 'weibull': {
      const scale = d.meanS / gamma(1 + 1 / d.shape);
      return scale * (-Math.log(1 - rng.next())) ** (1 / d.shape);
    }
    case 'lognormal':
      return Math.exp(Math.log(d.meanS) - (d.sigma * d.sigma) / 2 + d.sigma * standardNormal(rng));
    case 'fixed':
      return d.meanS;
  }
}

/** Lanczos coefficients for g = 7, n = 9 (P. Godfrey's set, as listed in the literature on the Lanczos approximation, C. Lanczos, SIAM J. Numer. Anal. B 1 (1964) 86–96). */
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
  9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** Γ(x) for x > 0 by the Lanczos approximation (relative error below 1e-13 over the shapes used here). */
export function gamma(x: number): number {
  if (x < 0.5) return Math.PI / (Math.sin(Math.PI * x) * gamma(1 - x));
  const z = x - 1;
  let a = LANCZOS[0] as number;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += (LANCZOS[i] as number) / (z + i);
  return Math.sqrt(2 * Math.PI) * t ** (z + 0.5) * Math.exp(-t) * a;
}
