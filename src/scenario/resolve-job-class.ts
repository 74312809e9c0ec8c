/**
 * A generator's job class with its model's defaults filled in (class-presets.ts, lublin.ts):
 * sizes, runtimes and data; for model lublin the published parameters completed and checked,
 * including that enough runtime draws fall under the cap.
 */
import type { JobClassSpec, LublinParams } from '../model/scenario.js';
import { CLASS_DEFAULTS } from '../workload/class-presets.js';
import { LUBLIN_PUBLISHED, lublinKeptShare } from '../workload/lublin.js';
import type { At } from './issue-messages.js';
import { toRange } from './resolve-helpers.js';
import { lublinSchema, type ScenarioInput } from './schema.js';

/** Below this share of kept runtime draws (1,000 draws a job), a Lublin class is refused. */
const MIN_LUBLIN_KEPT_SHARE = 1e-3;

type ClassInput = Extract<ScenarioInput['workload'][number], { kind: 'poisson' }>['classes'][number];

/** A job class with its model's defaults filled in (class-presets.ts, lublin.ts). */
export function resolveJobClass(c: ClassInput, path: readonly PropertyKey[], at: At): JobClassSpec {
  const defaults = CLASS_DEFAULTS[c.model];
  let lublin: LublinParams | undefined;
  if (c.model === 'lublin') {
    for (const key of ['cores', 'gpus', 'coresPerGpu', 'runtime'] as const) {
      if (c[key] !== undefined) at([...path, key], `not used by model lublin (sizes and runtimes come from the model; see lublin.uHi and lublin.coresPerProcessor)`);
    }
    const l = c.lublin ?? lublinSchema.parse({});
    const published = LUBLIN_PUBLISHED[l.jobType];
    const uHi = l.uHi ?? published.uHi;
    const uMed = l.uMed ?? uHi - (published.uHi - published.uMed);
    const uLow = l.uLow ?? published.uLow;
    if (!(uLow <= uMed && uMed <= uHi)) at([...path, 'lublin'], `expected uLow ≤ uMed ≤ uHi, got ${uLow}, ${uMed}, ${uHi}`);
    const serialProb = l.serialProb ?? published.serialProb;
    const pow2Prob = l.pow2Prob ?? published.pow2Prob;
    if (serialProb + pow2Prob > 1) at([...path, 'lublin'], `serialProb + pow2Prob must be ≤ 1, got ${serialProb + pow2Prob}`);
    lublin = {
      serialProb,
      pow2Prob,
      uLow,
      uMed,
      uHi,
      uProb: l.uProb ?? published.uProb,
      a1: l.a1 ?? published.a1,
      b1: l.b1 ?? published.b1,
      a2: l.a2 ?? published.a2,
      b2: l.b2 ?? published.b2,
      pa: l.pa ?? published.pa,
      pb: l.pb ?? published.pb,
      maxLogRuntime: l.maxLogRuntime,
      coresPerProcessor: l.coresPerProcessor,
    };
    // A runtime above the cap is drawn again: with almost every draw above it, a job never gets one.
    const kept = lublinKeptShare(lublin);
    if (!(kept >= MIN_LUBLIN_KEPT_SHARE)) {
      at([...path, 'lublin'], `only ${kept.toPrecision(2)} of the runtime draws fall under maxLogRuntime ${lublin.maxLogRuntime} (ln s) at some job size, and the others are drawn again: lower a1·b1 or a2·b2 (the mean ln runtime of each gamma) or raise maxLogRuntime`);
    }
  } else if (c.lublin !== undefined) {
    at([...path, 'lublin'], `only for model lublin (this class has model ${c.model})`);
  }
  const coresRange = c.cores ?? defaults.cores ?? (c.model === 'lublin' ? [1, 1] : undefined);
  if (coresRange === undefined) at([...path, 'cores'], 'missing (a custom class needs cores: a number or [min, max])');
  const runtime = c.runtime === undefined ? defaults.runtime : { medianS: c.runtime.median, sigma: c.runtime.sigma, maxS: c.runtime.max };
  if (runtime === undefined && c.model !== 'lublin') at([...path, 'runtime'], 'missing (a custom class needs runtime: {median, sigma, max})');
  const [coresMin, coresMax] = toRange(coresRange ?? [1, 1]);
  const [gpusMin, gpusMax] = toRange(c.gpus ?? defaults.gpus);
  if (coresMin < 1 || coresMax < coresMin) at([...path, 'cores'], `expected 1 ≤ min ≤ max, got [${coresMin}, ${coresMax}]`);
  if (gpusMax < gpusMin || (gpusMin === 0 && gpusMax > 0)) {
    at([...path, 'gpus'], `expected 0 (CPU job) or 1 ≤ min ≤ max, got [${gpusMin}, ${gpusMax}]`);
  }
  if (runtime !== undefined && runtime.maxS < runtime.medianS) at([...path, 'runtime', 'max'], 'runtime max must be ≥ the median');
  return {
    name: c.name,
    model: c.model,
    share: c.share,
    coresMin,
    coresMax,
    gpusMin,
    gpusMax,
    runtimeMedianS: runtime?.medianS ?? 1,
    runtimeSigma: runtime?.sigma ?? 0,
    runtimeMaxS: runtime?.maxS ?? 1,
    walltimeFactor: c.walltimeFactor ?? defaults.walltimeFactor,
    inputBytes: c.inputBytes ?? defaults.inputBytes,
    outputBytes: c.outputBytes ?? defaults.outputBytes,
    coresPerGpu: c.coresPerGpu ?? defaults.coresPerGpu,
    deadlineS: c.deadline ?? defaults.deadlineS,
    slackS: c.slack ?? 0,
    maxLatencyS: c.maxLatency ?? defaults.maxLatencyS,
    ...(lublin === undefined ? {} : { lublin }),
    ...(c.datasets === undefined ? {} : { datasets: c.datasets }),
    ...(c.gpuModels === undefined || c.gpuModels.length === 0 ? {} : { gpuModels: c.gpuModels }),
    ...(c.minMemoryPerNode === undefined || c.minMemoryPerNode === 0 ? {} : { minMemoryPerNodeBytes: c.minMemoryPerNode }),
    ...(c.software === undefined || c.software.length === 0 ? {} : { software: c.software }),
  };
}
