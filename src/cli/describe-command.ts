import type { ArgumentsCamelCase, Argv } from 'yargs';
import { parseOverride } from '../scenario/overrides.js';
import { reportError } from './exit.js';

export const DESCRIBE_COMMAND = 'describe <scenario>';
export const DESCRIBE_DESCRIPTION = 'Summarise a scenario: centres, capacity by device and region, links, demand, offered load at origin';

const DOCS = 'Docs: scenarios/README.md (the scenario library and every field).';

export function describeBuilder(y: Argv): Argv<{ scenario: string; set: string[] }> {
  return y
    .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario file, or the name of a bundled scenario' })
    .option('set', { type: 'string', array: true, default: [] as string[], describe: 'override a value first: path=value (repeatable)' })
    .epilogue(DOCS) as unknown as Argv<{ scenario: string; set: string[] }>;
}

export async function describeHandler(args: ArgumentsCamelCase<{ scenario: string; set: string[] }>): Promise<void> {
  try {
    const { describeScenario, formatDescribe } = await import('../report/describe-scenario.js');
    const { loadScenario } = await import('../scenario/load-scenario.js');
    const { buildJobs } = await import('../workload/build-jobs.js');
    const scenario = loadScenario(args.scenario, args.set.map(String).map(parseOverride));
    process.stdout.write(formatDescribe(scenario, describeScenario(scenario, buildJobs(scenario, scenario.seed))));
  } catch (error) {
    reportError(error);
  }
}
