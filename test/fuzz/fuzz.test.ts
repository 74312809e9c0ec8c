import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  baseScenarios,
  corruptTrace,
  messageProblem,
  mutatedScenarioCase,
  mutationArb,
  runScenarioCase,
  type Outcome,
  setArb,
  setCase,
  sweepArb,
  sweepCase,
  traceCase,
  traceMutationArb,
  traceText,
} from './fuzz-harness.js';

// `npm test` runs a small fixed slice; `npm run fuzz` runs 10^4 scenario and 10^3 trace cases
// from a printed seed (FUZZ_SEED reproduces a run, FUZZ_SCENARIO_RUNS and FUZZ_TRACE_RUNS size it).
const SEED = Number(process.env.FUZZ_SEED ?? 20261206);
const SCENARIO_RUNS = Number(process.env.FUZZ_SCENARIO_RUNS ?? 60);
const TRACE_RUNS = Number(process.env.FUZZ_TRACE_RUNS ?? 60);
if (process.env.FUZZ_SEED !== undefined) console.log(`fuzz seed ${SEED}: ${SCENARIO_RUNS} scenario cases, ${TRACE_RUNS} trace cases (FUZZ_SEED=${SEED} reproduces them)`);

/** The property: valid outputs, or bad input told in words; never anything else. */
function holds(outcome: Outcome): boolean {
  if (outcome.kind === 'failure') throw new Error(outcome.message);
  if (outcome.kind === 'bad-input') {
    const problem = messageProblem(outcome.message);
    if (problem !== undefined) throw new Error(`${problem}: ${outcome.message}`);
  }
  return true;
}

const counts = { ok: 0, badInput: 0 };
function tally(outcome: Outcome): Outcome {
  if (outcome.kind === 'ok') counts.ok++;
  else if (outcome.kind === 'bad-input') counts.badInput++;
  return outcome;
}

describe('fuzzed inputs end in valid outputs or in bad input told in words', () => {
  const bases = baseScenarios();
  const dir = mkdtempSync(join(tmpdir(), 'cnsim-fuzz-'));
  let n = 0;

  it('mutations of every bundled scenario (values, types, keys, deletions, YAML syntax)', () => {
    expect(bases.length).toBeGreaterThan(5);
    fc.assert(
      fc.property(fc.nat({ max: bases.length - 1 }), mutationArb, (b, mutations) => holds(tally(mutatedScenarioCase(bases[b] as { name: string; text: string }, mutations, String(n++))))),
      { seed: SEED, numRuns: SCENARIO_RUNS },
    );
  }, 3_600_000);

  it('corrupted SWF traces (truncation, random bytes, field counts, CRLF, huge or negative numbers)', () => {
    const text = traceText();
    fc.assert(
      fc.property(traceMutationArb, (mutations) => holds(tally(traceCase(corruptTrace(text, mutations), join(dir, `trace-${n++}.swf`))))),
      { seed: SEED, numRuns: TRACE_RUNS },
    );
  }, 3_600_000);

  it('random --set paths and values on two-sites', () => {
    fc.assert(
      fc.property(setArb, ([path, value]) => holds(tally(setCase(path, value)))),
      { seed: SEED, numRuns: Math.max(30, Math.round(SCENARIO_RUNS / 10)) },
    );
  }, 3_600_000);

  it('random sweep files', () => {
    fc.assert(
      fc.property(sweepArb, (sweep) => holds(tally(sweepCase(sweep, join(dir, `sweep-${n++}.yaml`))))),
      { seed: SEED, numRuns: Math.max(30, Math.round(SCENARIO_RUNS / 10)) },
    );
    if (process.env.FUZZ_SEED !== undefined) console.log(`fuzz: ${counts.ok} cases ran to valid outputs, ${counts.badInput} ended in bad input told in words, 0 failures`);
  }, 3_600_000);
});

// Failures the fuzz found, kept as they were found (seed 1837636571), fixed, and checked here.
describe('fuzz regressions', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cnsim-fuzz-regressions-'));

  it('an SWF run time of 2^64 s is refused as beyond 2^53 naming the line (the report would have needed 5 × 10^15 windows), and one of 2^50 s by the report windows, not a RangeError', () => {
    let outcome = traceCase(corruptTrace(traceText(), [{ op: 'field', line: 7, field: 3, value: '18446744073709551616' }]), join(dir, 'huge.swf'));
    expect(outcome.kind).toBe('bad-input');
    expect(outcome.kind === 'bad-input' && outcome.message).toMatch(/line \d+, field 4 \(run_time\): expected a number, got '18446744073709551616' \(18446744073709551616 is beyond 2\^53/);
    outcome = traceCase(corruptTrace(traceText(), [{ op: 'field', line: 7, field: 3, value: String(2 ** 50) }]), join(dir, 'long.swf'));
    expect(outcome.kind).toBe('bad-input');
    expect(outcome.kind === 'bad-input' && outcome.message).toMatch(/report\.utilizationWindow: the run (ends at|reaches) \S+ s, which makes (over )?\d+ windows .* check the workload for a run time or submit time out of proportion/);
  });

  it('a sweep of a million seeds is refused at once instead of planning for minutes', () => {
    const outcome = sweepCase({ mode: 'grid', axes: { seed: '1..1000000' } }, join(dir, 'million.yaml'));
    expect(outcome.kind).toBe('bad-input');
    expect(outcome.kind === 'bad-input' && outcome.message).toMatch(/sweep\.axes .*1000000 runs, over the 20000 one sweep file may plan: split it into several sweeps/);
  });

  it('a window of 1e308 s is refused by name, not a RangeError of a typed array (fuzz seed 1856646130)', () => {
    const outcome = setCase('report.utilizationWindow', '1e308');
    expect(outcome.kind).toBe('bad-input');
    expect(outcome.kind === 'bad-input' && outcome.message).toMatch(/report\.utilizationWindow.*expected a window of at most 366d, got 1e\+308 s/);
  });

  it('a scenario named NaN runs, its name kept as text (fuzz seed 1856646130)', () => {
    const outcome = setCase('name', 'NaN');
    expect(outcome.kind).toBe('ok');
  });

  it('an alias to no anchor is bad input naming the file, not a ReferenceError (fuzz seed 1532912750)', () => {
    const file = join(dir, 'alias.yaml');
    writeFileSync(file, 'version: 1\nname: *ai\n');
    const outcome = runScenarioCase(file);
    expect(outcome.kind).toBe('bad-input');
    expect(outcome.kind === 'bad-input' && outcome.message).toMatch(/alias\.yaml: Unresolved alias .*: define each anchor \(&name\) before its aliases/);
  });
});
