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
  return Object.freeze({
    kind: source.kind,
    name: source.name,
    summary: source.summary,
    optionDocs: source.optionDocs,
    optionsSchema: source.options,
    instantiate: (rawOptions: unknown, context: PolicyContext) => source.create(source.options.parse(rawOptions ?? {}), context),
  });
}
