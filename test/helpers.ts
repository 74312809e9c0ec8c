import { InputError } from '../src/model/input-error.js';
import type { JobSpec } from '../src/model/job.js';
import type { Scenario } from '../src/model/scenario.js';
import { parseScenario } from '../src/scenario/parse-scenario.js';

/** A validated scenario from an inline object (defaults filled as for a file). */
export function scenarioFrom(raw: Record<string, unknown>): Scenario {
  return parseScenario({ version: 1, name: 'test', ...raw }, 'inline.yaml');
}

/** A job spec with defaults for the fields a test does not care about. */
export function job(id: string, fields: Partial<JobSpec> & Pick<JobSpec, 'submitS' | 'cores' | 'runtimeS'>): JobSpec {
  return {
    id,
    origin: 'A',
    jobClass: 'hpc',
    gpus: 0,
    walltimeS: fields.runtimeS,
    inputBytes: 0,
    outputBytes: 0,
    dataSite: fields.origin ?? 'A',
    ...fields,
  };
}

/** The InputError that `f` throws (fails the test when it throws nothing or something else). */
export function inputError(f: () => unknown): InputError {
  try {
    f();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

/** The problems of the InputError that `f` throws. */
export function inputProblems(f: () => unknown): readonly string[] {
  return inputError(f).problems;
}

/** Four sites A–D across China (the small networks of the dispatch tests). */
export const FOUR_SITES = [
  { id: 'A', lat: 30, lon: 120 },
  { id: 'B', lat: 34, lon: 113 },
  { id: 'C', lat: 38, lon: 106 },
  { id: 'D', lat: 25, lon: 100 },
] as const;
