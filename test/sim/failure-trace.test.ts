import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildReports } from '../../src/report/build-reports.js';
import { BUILTIN_POLICIES } from '../../src/runner/run-scenario.js';
import { parseScenario } from '../../src/scenario/parse-scenario.js';
import { Simulation } from '../../src/sim/simulation.js';
import { job } from '../helpers.js';

// Issue 17: node failures from a trace file (Failure Trace Archive layout).
const dir = mkdtempSync(join(tmpdir(), 'cnsim-failure-trace-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function scenarioWithTrace(csv: string, nodes = 1, offset = 0) {
  writeFileSync(join(dir, 'trace.csv'), csv);
  return parseScenario(
    {
      version: 1,
      name: 'trace',
      centres: [{ id: 'C', site: 'A', lat: 30, lon: 120, partitions: [{ id: 'p', nodes, failureTrace: { file: 'trace.csv', offset } }] }],
      dispatch: { policy: 'least-loaded', infoPeriod: 0 },
      retry: { policy: 'requeue', maxAttempts: 5 },
    },
    join(dir, 'scenario.yaml'),
  );
}

describe('a failure trace', () => {
  it('kills the job on the node at each window and repairs the node at its end (hand-computed)', () => {
    // Down [100, 150) and [250, 300): j1 (150 s) is killed at 100 and at 250, restarts at 150
    // and 300, and is done at 450; 200 node-s lost; down 100 s of the run's 450.
    const s = scenarioWithTrace('# a comment\nnode_id,event_start_time,event_end_time,event_type\n0,100,150,0\n0,250,300,0\n');
    const result = new Simulation(s, [job('j1', { submitS: 0, cores: 1, runtimeS: 150 })], BUILTIN_POLICIES).run();
    const [j1] = result.jobs;
    expect([j1?.attempts, j1?.startS, j1?.endS, j1?.lostNodeS]).toEqual([3, 300, 450, 200]);
    expect(result.partitions[0]?.nodeFailures).toBe(2);
    const centres = buildReports(result).tables.find((t) => t.file === 'centres.csv');
    expect(Number(centres?.row(0)[centres.header.indexOf('availability')])).toBeCloseTo(1 - 100 / 450, 6);
  });

  it('takes the lowest-numbered nodes up for a row with a node count, and applies the offset', () => {
    const s = scenarioWithTrace('node_id,nodes,event_start_time,event_end_time\n1,,1000,2000\n,2,1500,1600\n', 4, -900);
    expect(s.centres[0]?.partitions[0]?.failureTrace).toEqual([
      { node: 0, fromS: 600, toS: 700 },
      { node: 1, fromS: 100, toS: 1100 },
      { node: 2, fromS: 600, toS: 700 },
    ]);
  });

  it.each([
    ['node_id,event_start_time,event_end_time\n3,10,20\n', /trace\.csv: line 2: unknown node '3': the partition's nodes are 0 to 1/],
    ['node_id,event_start_time,event_end_time\n0,10,20\n0,15,30\n', /trace\.csv: line 3: node 0 is already down until 20 s/],
    ['node_id,event_start_time,event_end_time\n0,ten,20\n', /trace\.csv: line 2: event_start_time and event_end_time must be numbers of seconds/],
    ['node_id,event_start_time,event_end_time\n0,30,20\n', /trace\.csv: line 2: event_end_time must be after event_start_time/],
    ['nodes,event_start_time,event_end_time\n3,10,20\n', /trace\.csv: line 2: give node_id, or nodes between 1 and 2, got '3'/],
    ['node,start,end\n0,10,20\n', /trace\.csv: line 1: expected a header with node_id \(or nodes\), event_start_time and event_end_time/],
    ['node_id,nodes,event_start_time,event_end_time\n0,2,10,20\n', /trace\.csv: line 2: give node_id or nodes, not both \(got node_id '0' and nodes '2'\)/],
    ['', /trace\.csv: the file is empty: expected a header with node_id \(or nodes\), event_start_time and event_end_time/],
    ['\n  \n', /trace\.csv: the file is empty/],
    // One line of data, or of anything, is no header: it was read as a header without rows.
    ['0,,100,5000\n', /trace\.csv: line 1: expected a header with node_id \(or nodes\), event_start_time and event_end_time/],
    ['garbage', /trace\.csv: line 1: expected a header/],
  ])('refuses a bad trace naming the file and line (%#)', (csv, message) => {
    expect(() => scenarioWithTrace(csv, 2)).toThrow(message);
  });

  it('refuses a partition with both failures and failureTrace (the random ones were ignored)', () => {
    writeFileSync(join(dir, 'both.csv'), 'node_id,event_start_time,event_end_time\n0,10,20\n');
    expect(() =>
      parseScenario(
        { version: 1, name: 't', centres: [{ id: 'C', site: 'A', lat: 30, lon: 120, partitions: [{ id: 'p', nodes: 1, failures: { mtbf: '30d', mttr: '1h' }, failureTrace: { file: 'both.csv' } }] }] },
        join(dir, 's.yaml'),
      ),
    ).toThrow(/centres\[0\]\.partitions\[0\]\.failures: give either failures \(random\) or failureTrace \(from a file\), not both/);
  });

  it('takes a header without rows as a trace without failures', () => {
    const scenario = scenarioWithTrace('node_id,event_start_time,event_end_time\n', 2);
    expect(scenario.centres[0]?.partitions[0]?.failureTrace ?? []).toEqual([]);
  });

  it('names a missing file', () => {
    expect(() =>
      parseScenario(
        { version: 1, name: 't', centres: [{ id: 'C', site: 'A', lat: 30, lon: 120, partitions: [{ id: 'p', nodes: 1, failureTrace: { file: 'nope.csv' } }] }] },
        join(dir, 's.yaml'),
      ),
    ).toThrow(/centres\[0\]\.partitions\[0\]\.failureTrace\.file: .*nope\.csv: file not found/);
  });
});
