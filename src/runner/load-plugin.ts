import { pathToFileURL } from 'node:url';
import type { z } from 'zod';
import { InputError } from '../model/input-error.js';
import type { Scenario } from '../model/scenario.js';
import type { DispatchPolicyDefinition } from '../policies/define-policy.js';
import { findDispatchPolicy, findQueuePolicy } from '../policies/registry.js';
import type { PolicyResolver } from '../sim/simulation.js';
import { withExternalPolicies } from '../external/external-policies.js';
import { setPluginLoading } from './plugin-loading.js';

/**
 * Loads a dispatch plug-in: an ES module whose default export (or single export that is a
 * policy) is the result of `definePolicy({ kind: 'dispatch', ... })`, from `cnsim` or from the
 * sources. Checked like a built-in: its shape here, its options with its own schema.
 *
 * @param path absolute path of the module
 * @param options the scenario's `dispatch.options`, validated against the plug-in's schema
 * @throws InputError naming the module when it cannot be loaded, exports no dispatch policy, or
 *   the options are invalid (each problem with its `dispatch.options` path)
 */
export async function loadDispatchPlugin(path: string, options: unknown): Promise<DispatchPolicyDefinition> {
  let exports: Record<string, unknown>;
  setPluginLoading(path);
  try {
    exports = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (error) {
    throw new InputError(path, [`cannot load dispatch plug-in: ${error instanceof Error ? error.message : String(error)}${packageHint(error)}`], { cause: error });
  } finally {
    setPluginLoading(null);
  }
  const policies = Object.entries(exports).filter(([, value]) => isPolicy(value));
  const chosen = isPolicy(exports.default) ? exports.default : policies.length === 1 ? policies[0]?.[1] : undefined;
  if (!isPolicy(chosen)) {
    const found = policies.length === 0 ? 'none' : policies.map(([name]) => name).join(', ');
    throw new InputError(path, [
      `a dispatch plug-in must export a policy made with definePolicy({ kind: 'dispatch', ... }) as its default export or its only policy export (policy exports found: ${found})`,
    ]);
  }
  if (chosen.kind !== 'dispatch') throw new InputError(path, [`exports a '${chosen.kind}' policy ('${chosen.name}'); dispatch needs kind: 'dispatch'`]);
  const r = chosen.optionsSchema.safeParse(options ?? {});
  if (!r.success) {
    throw new InputError(
      path,
      r.error.issues.map((issue) => `dispatch.options${issue.path.map((k) => (typeof k === 'number' ? `[${k}]` : `.${String(k)}`)).join('')}: ${issue.message} (plug-in '${chosen.name}')`),
    );
  }
  return chosen as DispatchPolicyDefinition;
}

/** What to do when a plug-in outside cnsim's folder imports 'cnsim' and Node cannot find it. */
function packageHint(error: unknown): string {
  const message = error instanceof Error ? error.message : '';
  if (!/Cannot find package 'cnsim'/.test(message)) return '';
  return ". A plug-in imports 'cnsim' from a node_modules folder above it: run `npm install <path to cnsim>` (or `npm link cnsim`) in the plug-in's folder, or import from cnsim's dist/index.js by its path";
}

/** Duck-typed: a plug-in may carry its own copy of cnsim, so `instanceof` would not do. */
function isPolicy(value: unknown): value is DispatchPolicyDefinition | (DispatchPolicyDefinition & { kind: string }) {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    (v.kind === 'dispatch' || v.kind === 'queue') &&
    typeof v.name === 'string' &&
    typeof v.summary === 'string' &&
    typeof v.instantiate === 'function' &&
    typeof (v.optionsSchema as z.ZodType | undefined)?.safeParse === 'function'
  );
}

/**
 * The policies of a scenario: the built-ins, plus its dispatch plug-in module loaded and
 * checked (the only asynchronous step of a run, kept out of the pure simulation).
 */
export async function resolvePolicies(scenario: Scenario): Promise<PolicyResolver> {
  const { module, options } = scenario.dispatch;
  if (module === '') return withExternalPolicies({ queue: findQueuePolicy, dispatch: findDispatchPolicy });
  const plugin = await loadDispatchPlugin(module, options);
  return withExternalPolicies({ queue: findQueuePolicy, dispatch: findDispatchPolicy, dispatchModule: (path) => (path === module ? plugin : undefined) });
}
