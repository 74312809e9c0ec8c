// An example dispatch plug-in: prefer the fastest device for the job's class, as long as the
// expected wait there stays under a limit; otherwise take the earliest expected completion.
//
//   cnsim run national-2025 --dispatch examples/dispatch-plugin.mjs
//   # or, in a scenario:  dispatch: { module: ./dispatch-plugin.mjs, options: { maxWaitS: 600 } }
//
// A plug-in goes through the same definePolicy call and the same engine checks as the built-ins:
// its options are validated with its schema, its decision must be a position in `candidates`,
// and an exception stops the run with a message naming this module and the job.
import { definePolicy, expectedCompletionS, z } from 'cnsim';

export default definePolicy({
  kind: 'dispatch',
  name: 'fastest-device',
  summary: 'Send each job to the fastest partition for its class whose expected wait is at most maxWaitS, else where it finishes first.',
  options: z.object({ maxWaitS: z.number().min(0).default(1800) }).strict(),
  optionDocs: { maxWaitS: 'longest acceptable expected wait on the fastest device, seconds' },
  create: ({ maxWaitS }) => ({
    /** @type {(job: import('cnsim').DispatchJob, candidates: readonly import('cnsim').CandidateView[], nowS: number) => number} */
    choose(_job, candidates) {
      let fastest = -1;
      let earliest = 0;
      for (let i = 0; i < candidates.length; i++) {
        const c = candidates[i];
        if (c.expectedWaitS <= maxWaitS && (fastest < 0 || c.speed > candidates[fastest].speed)) fastest = i;
        if (expectedCompletionS(c) < expectedCompletionS(candidates[earliest])) earliest = i;
      }
      return fastest >= 0 ? fastest : earliest;
    },
  }),
});
