/**
 * The national dispatcher's settings: a built-in policy (its options checked), a plug-in module
 * (its options checked by the runner once loaded) or an external process; its outages in order.
 */
import { resolve } from 'node:path';
import type { Scenario } from '../model/scenario.js';
import { EXTERNAL_OPTIONS, isExternalPolicy } from '../policies/external-policy.js';
import { DISPATCH_POLICIES, findDispatchPolicy } from '../policies/registry.js';
import { type At, describeIssue } from './issue-messages.js';
import type { ScenarioInput } from './schema.js';

/** The dispatcher's outages: each ends after it starts, in time order, none overlapping. */
export function checkDispatchDown(input: ScenarioInput, at: At): void {
  input.dispatch.down.forEach((d, k) => {
    if (!(d.to > d.from)) at(['dispatch', 'down', k, 'to'], `must be after from (${d.from} s), got ${d.to} s`);
    const previous = input.dispatch.down[k - 1];
    if (previous !== undefined && d.from < previous.to) at(['dispatch', 'down', k, 'from'], `outages must be in time order and not overlap (the one before ends at ${previous.to} s)`);
  });
}

/** The `dispatch` block for the model; a plug-in module's path resolved from the scenario's folder. */
export function resolveDispatch(input: ScenarioInput, baseDir: string, at: At): Scenario['dispatch'] {
  // A plug-in's options are checked by the runner once the module is loaded (parsing stays sync).
  const module = input.dispatch.module === undefined ? '' : resolve(baseDir, input.dispatch.module);
  if (module !== '' && input.dispatch.policy !== undefined) {
    at(['dispatch', 'module'], `give either a built-in 'policy' or a plug-in 'module', not both (policy: '${input.dispatch.policy}')`);
  }
  const policyName = module === '' ? (input.dispatch.policy ?? 'least-loaded') : '';
  if (module === '') {
    const dispatchPolicy = isExternalPolicy(policyName) ? { optionsSchema: EXTERNAL_OPTIONS } : findDispatchPolicy(policyName);
    if (dispatchPolicy === undefined) {
      at(['dispatch', 'policy'], `unknown dispatch policy '${policyName}' (known: ${DISPATCH_POLICIES.map((p) => p.name).join(', ')}; or give a plug-in 'module', or external:<command> for a decision process of your own)`);
    } else {
      const r = dispatchPolicy.optionsSchema.safeParse(input.dispatch.options, { reportInput: true });
      if (!r.success) for (const issue of r.error.issues) at(['dispatch', 'options', ...issue.path], describeIssue(issue));
    }
  }
  return {
    policy: policyName,
    module,
    options: input.dispatch.options,
    latencyS: input.dispatch.latency,
    infoPeriodS: input.dispatch.infoPeriod,
    infoDelayS: input.dispatch.infoDelay,
    batchIntervalS: input.dispatch.batchInterval,
    countOwnDecisions: input.dispatch.countOwnDecisions,
    retryBackoffS: input.dispatch.retry?.backoff ?? 0,
    maxAttempts: input.dispatch.retry?.maxAttempts ?? 1,
    shift: input.dispatch.shift,
    downS: input.dispatch.down.map((d) => ({ fromS: d.from, toS: d.to })),
    fallback: input.dispatch.fallback,
  };
}
