import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { definePolicy } from '../../src/policies/define-policy.js';
import { runScenario } from '../../src/runner/run-scenario.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { inputError } from '../helpers.js';

// The programmatic API says what is wrong with its arguments, as the CLI does, instead of
// running with them or failing deep inside with a TypeError.
describe('API arguments', () => {
  const scenario = loadScenario('examples/two-sites.yaml', [{ path: 'horizon', value: '1h' }]);

  it.each([
    [{ seed: -1 }, /seed: expected a whole number from 0 to 2\^53 − 1, got -1/],
    [{ seed: 1.5 }, /seed: .* got 1\.5/],
    [{ seed: '7' }, /seed: .* got '7'/],
    [{ seed: Number.NaN }, /seed: .* got NaN/],
    [{ untilS: -5 }, /untilS: expected a time in seconds ≥ 0, got -5/],
    [{ untilS: Number.NaN }, /untilS: .* got NaN/],
    [{ untilS: '1h' }, /untilS: .* got '1h'/],
  ])('runScenario refuses the option %o', (options, message) => {
    expect(inputError(() => runScenario(scenario, options as never)).message).toMatch(message);
  });

  it('loadScenario refuses overrides that are not a list of { path, value }', () => {
    for (const overrides of [['horizon=1h'], { path: 'horizon', value: '1h' }, [null]]) {
      expect(inputError(() => loadScenario('examples/two-sites.yaml', overrides as never)).message).toMatch(/overrides: expected a list of \{ path, value \}/);
    }
  });

  it('definePolicy names every missing or wrong field', () => {
    expect(() => definePolicy({} as never)).toThrow(/^definePolicy: kind: expected 'dispatch' or 'queue', got nothing; name: expected a non-empty string; summary: .*; options: expected a zod schema.*; create: expected a function/);
    expect(() => definePolicy({ kind: 'foo', name: 'x', summary: 's', options: z.object({}), optionDocs: {}, create: () => ({}) } as never)).toThrow(/kind: expected 'dispatch' or 'queue', got "foo"/);
  });
});
