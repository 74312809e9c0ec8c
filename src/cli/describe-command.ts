import type { ArgumentsCamelCase, Argv } from 'yargs';
import { parseOverride } from '../scenario/overrides.js';
import { InputError } from '../model/input-error.js';
import { reportError } from './exit.js';

/** `--max-jobs`, checked: a whole number ≥ 1. */
export function checkedMaxJobs(value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 1) throw new InputError('command line', [`--max-jobs: expected a whole number ≥ 1, got ${value}`]);
  return value;
}

export const DESCRIBE_COMMAND = 'describe <scenario>';
export const DESCRIBE_DESCRIPTION = 'Summarise a scenario: centres, capacity by device and region, links, demand, offered load at origin';

const DOCS = 'Docs: scenarios/README.md (the scenario library and every field).';

type DescribeArgs = { scenario: string; set: string[]; maxJobs?: number };

export function describeBuilder(y: Argv): Argv<DescribeArgs> {
  return y
    .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario file, or the name of a bundled scenario' })
    .option('set', { type: 'string', array: true, nargs: 1, default: [] as string[], describe: 'override a value first: path=value (repeatable)' })
    .option('max-jobs', { type: 'number', describe: 'generate the demand tables up to this many expected jobs (default: what fits in the heap)' })
    .epilogue(DOCS) as unknown as Argv<DescribeArgs>;
}

export async function describeHandler(args: ArgumentsCamelCase<DescribeArgs>): Promise<void> {
  try {
    const { describeScenario, formatDescribe } = await import('../report/describe-scenario.js');
    const { loadScenario } = await import('../scenario/load-scenario.js');
    const { buildJobs } = await import('../workload/build-jobs.js');
    const { checkResources, defaultMaxJobs } = await import('../runner/resource-estimate.js');
    const scenario = loadScenario(args.scenario, args.set.map(String).map(parseOverride));
    const maxJobs = checkedMaxJobs(args.maxJobs);
    const estimate = checkResources(scenario, maxJobs);
    process.stdout.write(
      `Estimate: about ${Math.round(estimate.jobs)} jobs, about ${(estimate.diskBytes / 1e9).toFixed(2)} GB of temporary disk for exact quantiles (limit ${maxJobs ?? defaultMaxJobs().jobs} jobs; --max-jobs)\n`,
    );
    process.stdout.write(formatDescribe(scenario, describeScenario(scenario, buildJobs(scenario, scenario.seed))));
  } catch (error) {
    reportError(error);
  }
}
