import { describe, expect, it } from 'vitest';
import type { Job } from '../../src/model/job.js';
import { statusLabel } from '../../src/report/job-metrics.js';
import { BUILTIN_POLICIES } from '../../src/runner/run-scenario.js';
import type { JobSink } from '../../src/sim/job-sink.js';
import { Simulation } from '../../src/sim/simulation.js';
import { ArrayStream } from '../../src/workload/job-stream.js';
import { job, scenarioFrom } from '../helpers.js';

const oneCentre = scenarioFrom({
  centres: [{ id: 'C', site: 'A', lat: 30, lon: 120, partitions: [{ id: 'p', nodes: 4 }], queue: { policy: 'fcfs' } }],
  dispatch: { policy: 'least-loaded', infoPeriod: 0 },
});

// The hand-computed FCFS run of hand-computed.test.ts (j1 0–100, j2 100–140 killed, j3 100–130,
// j4 140–150) plus j5, a GPU job no partition can take, rejected when it arrives at 50.
const specs = [
  job('j1', { submitS: 0, cores: 3, runtimeS: 100, walltimeS: 200 }),
  job('j2', { submitS: 10, cores: 2, runtimeS: 50, walltimeS: 40 }),
  job('j3', { submitS: 20, cores: 1, runtimeS: 30, walltimeS: 60 }),
  job('j5', { submitS: 50, cores: 1, gpus: 1, runtimeS: 10 }),
  job('j4', { submitS: 140, cores: 4, runtimeS: 10 }),
];

/** A sink that records what it receives, as it receives it (the job may not be read later). */
class Recorder implements JobSink {
  readonly seen: string[] = [];
  stoppedAt = Number.NaN;
  retire(j: Job): void {
    this.seen.push(`${j.spec.id}:${statusLabel(j)}:${Number.isFinite(j.doneS) ? j.doneS : '-'}`);
  }
  stop(endS: number): void {
    this.seen.push(`stop:${endS}`);
    this.stoppedAt = endS;
  }
}

describe('a streamed run hands each job to its sink as it leaves, in the documented order', () => {
  it('in the order they leave: rejected at 50, done at 100, 130, killed at 140, done at 150; then stop', () => {
    const sink = new Recorder();
    const result = new Simulation(oneCentre, new ArrayStream(specs), BUILTIN_POLICIES, { sink }).run();
    expect(sink.seen).toEqual(['j5:rejected:-', 'j1:done:100', 'j3:done:130', 'j2:killed:140', 'j4:done:150', 'stop:150']);
    // Streamed: the run kept nothing, but counted every job.
    expect(result.jobs).toEqual([]);
    expect(result.retired).toEqual([]);
    expect(result.jobCount).toBe(5);
  });

  it('cut short at 135: those that left, then stop, then the rest in submission order (j2 running, j4 not yet submitted)', () => {
    const sink = new Recorder();
    new Simulation(oneCentre, specs, BUILTIN_POLICIES, { sink, untilS: 135 }).run();
    expect(sink.seen).toEqual(['j5:rejected:-', 'j1:done:100', 'j3:done:130', 'stop:135', 'j2:unfinished:-', 'j4:unfinished:-']);
  });

  it('without a sink keeps every job, in submission order and in the order they left', () => {
    const result = new Simulation(oneCentre, specs, BUILTIN_POLICIES).run();
    expect(result.jobs.map((j) => j.spec.id)).toEqual(['j1', 'j2', 'j3', 'j5', 'j4']);
    expect(result.retired.map((j) => j.spec.id)).toEqual(['j5', 'j1', 'j3', 'j2', 'j4']);
  });

  it('refuses a source out of submission order, naming both jobs', () => {
    const bad = [specs[1], specs[0]] as typeof specs;
    expect(() => new Simulation(oneCentre, new ArrayStream(bad), BUILTIN_POLICIES, { sink: new Recorder() }).run()).toThrow(
      'jobs must be in submission order (job j1 before j2)',
    );
  });
});
