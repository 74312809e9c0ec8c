import cliProgress from 'cli-progress';

/** Shows a run's progress on stderr; {@link RunProgress.stop} clears it. */
export interface RunProgress {
  /** `submittedJobs`: jobs submitted so far (a streamed run does not know its total beforehand). */
  update(finishedJobs: number, submittedJobs: number, nowS: number, events: number): void;
  stop(): void;
}

/**
 * A progress bar for a long run on a terminal: simulated time against the horizon, jobs done of those submitted,
 * events per second and the time left. The bar moves with simulated time, so its ETA assumes
 * the rest of the run costs what the part done did; past the horizon (jobs draining) the bar
 * shows the time simulated so far as its end. Undefined off a terminal or under CI: a batch
 * log wants no carriage returns.
 */
export function createRunProgress(name: string, horizonS: number, enabled: boolean): RunProgress | undefined {
  if (!enabled) return undefined;
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: `${name} [{bar}] {percentage}% | t {days}/{horizonDays} d | {jobs} of {submitted} jobs submitted done | {rate} events/s | ETA {eta_formatted}`,
      hideCursor: true,
      etaBuffer: 30,
      fps: 5,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  const startNs = process.hrtime.bigint();
  let started = false;
  const days = (s: number): string => (s / 86400).toFixed(1);
  return {
    update: (finishedJobs, submittedJobs, nowS, events) => {
      const elapsedS = Number(process.hrtime.bigint() - startNs) / 1e9;
      const total = Math.max(horizonS, nowS, 1);
      const payload = { days: days(nowS), horizonDays: days(horizonS), jobs: finishedJobs, submitted: submittedJobs, rate: elapsedS > 0 ? Math.round(events / elapsedS) : 0 };
      if (!started) {
        bar.start(total, Math.min(nowS, total), payload);
        started = true;
      } else {
        bar.setTotal(total);
        bar.update(Math.min(nowS, total), payload);
      }
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}
