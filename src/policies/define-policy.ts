import type { z } from 'zod';
import type { Rng } from '../engine/rng.js';
import type { DispatchPolicy } from './dispatch-policy.js';
import type { QueuePolicy } from './queue-policy.js';

/** What a policy factory receives besides its options. */
export interface PolicyContext {
  /** The policy's own random stream (`policy/<name>/<scope>`), for randomised policies. */
  readonly rng: Rng;
}

type Instance<K extends PolicyKind> = K extends 'queue' ? QueuePolicy : DispatchPolicy;
export type PolicyKind = 'queue' | 'dispatch';

/** What a policy author writes. */
export interface PolicySource<K extends PolicyKind, O> {
  readonly kind: K;
  /** Registry name, public API (scenario files, CLI). */
  readonly name: string;
  /** One line for `cnsim policies`. */
  readonly summary: string;
  /** Options with their defaults; validated before {@link create} is called. */
  readonly options: z.ZodType<O>;
  /** One line per option for `cnsim policies`. */
  readonly optionDocs: Readonly<Record<string, string>>;
  create(options: O, context: PolicyContext): Instance<K>;
}

/** A registered policy, with its options type erased so that all of them fit in one list. */
export interface Policy<K extends PolicyKind> {
  readonly kind: K;
  readonly name: string;
  readonly summary: string;
  readonly optionDocs: Readonly<Record<string, string>>;
  /** Validates raw options (from a scenario) against the policy's schema. */
  readonly optionsSchema: z.ZodType<unknown>;
  /**
   * Validates `rawOptions` and creates an instance.
   * @throws z.ZodError when the options are invalid
   */
  instantiate(rawOptions: unknown, context: PolicyContext): Instance<K>;
}

export type QueuePolicyDefinition = Policy<'queue'>;
export type DispatchPolicyDefinition = Policy<'dispatch'>;

/** Declares a policy. Built-ins and user plug-ins use the same call and go through the same checks. */
export function definePolicy<K extends PolicyKind, O>(source: PolicySource<K, O>): Policy<K> {
  // Checked here, where a plug-in's author calls it, rather than at its first use in a run.
  const s = (source ?? {}) as Partial<PolicySource<K, O>>;
  const problems = [
    ...(s.kind === 'dispatch' || s.kind === 'queue' ? [] : [`kind: expected 'dispatch' or 'queue', got ${JSON.stringify(s.kind) ?? 'nothing'}`]),
    ...(typeof s.name === 'string' && s.name !== '' ? [] : ['name: expected a non-empty string']),
    ...(typeof s.summary === 'string' ? [] : ['summary: expected a string (one line saying what the policy does)']),
    ...(typeof (s.options as { parse?: unknown } | undefined)?.parse === 'function' ? [] : ['options: expected a zod schema, e.g. z.object({}).strict()']),
    ...(typeof s.create === 'function' ? [] : ['create: expected a function (options, context) => policy']),
  ];
  if (problems.length > 0) throw new TypeError(`definePolicy: ${problems.join('; ')}`);
  return Object.freeze({
    kind: source.kind,
    name: source.name,
    summary: source.summary,
    optionDocs: source.optionDocs,
    optionsSchema: source.options,
    instantiate: (rawOptions: unknown, context: PolicyContext) => source.create(source.options.parse(rawOptions ?? {}), context),
  });
}
