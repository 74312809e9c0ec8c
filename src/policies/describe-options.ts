import { z } from 'zod';
import type { Policy, PolicyKind } from './define-policy.js';

/** One option of a policy as `cnsim policies` lists it. */
export interface OptionDescription {
  readonly name: string;
  /** `fcfs | sjf`, `number`, ... */
  readonly type: string;
  /** JSON of the default value, or '' when there is none. */
  readonly defaultValue: string;
  readonly doc: string;
}

/** The options of a policy: type and default from its schema, text from its `optionDocs`. */
export function describePolicyOptions(policy: Policy<PolicyKind>): OptionDescription[] {
  const schema = z.toJSONSchema(policy.optionsSchema, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, { enum?: unknown[]; type?: string; default?: unknown }>;
  };
  const properties = schema.properties ?? {};
  const names = [...new Set([...Object.keys(properties), ...Object.keys(policy.optionDocs)])];
  return names.map((name) => {
    const p = properties[name] ?? {};
    const type = p.enum !== undefined ? p.enum.map((v) => String(v)).join(' | ') : (p.type ?? 'any');
    return { name, type, defaultValue: p.default === undefined ? '' : JSON.stringify(p.default), doc: policy.optionDocs[name] ?? '' };
  });
}
