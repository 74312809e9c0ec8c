import { definePolicy, type DispatchPolicyDefinition, type QueuePolicyDefinition } from '../policies/define-policy.js';
import { type CandidateView, type DispatchJob, type DispatchPolicy, ESTIMATE_FIELDS } from '../policies/dispatch-policy.js';
import { EXTERNAL_OPTION_DOCS, EXTERNAL_OPTIONS, EXTERNAL_PREFIX, isExternalPolicy } from '../policies/external-policy.js';
import type { PartitionView, QueuePolicy } from '../policies/queue-policy.js';
import { PolicyDecisionError } from '../sim/policy-decision-error.js';
import type { PolicyResolver } from '../sim/simulation.js';
import { DecisionProcess, DecisionProcessError } from './decision-process.js';
import { CANDIDATE_COLUMNS, type CandidateColumn, candidateColumnsText, finite, JOB_FIELDS, type JobField, jobText, partitionMessage, PROTOCOL_VERSION, queueMessage } from './protocol.js';

type Role = 'dispatch' | 'queue';

/** One running decision process and what its hello said. */
interface Session {
  readonly process: DecisionProcess;
  readonly role: Role;
  readonly name: string;
  readonly needs: ReadonlySet<string>;
  /** The candidate fields the process reads (its hello's `fields`; default all). */
  readonly fields: readonly CandidateColumn[];
  /** The job fields the process reads besides `id` (its hello's `jobFields`), or null for all. */
  readonly jobFields: ReadonlySet<JobField> | null;
  seq: number;
}

/** The decision processes of the runs in this thread, by role and command (one process serves every partition of a role). */
const sessions = new Map<string, Session>();
let exitHook = false;

/** The hint for a decision process's fault: what it is sent and must answer. */
const EXTERNAL_HINT = 'fix the decision process: docs/external-protocol.md says what cnsim sends and what it must answer (python/cnsim_agent speaks it)';

/** A process fault is the user's to fix: exit 2, the decision point named. */
function userFault(error: unknown, what: string): PolicyDecisionError {
  if (error instanceof PolicyDecisionError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return processFault(error instanceof DecisionProcessError ? message : `${what}: ${message}`, error);
}

/** A fault of a decision process (exit 2, with the protocol as the way to fix it). */
function processFault(message: string, cause?: unknown): PolicyDecisionError {
  return new PolicyDecisionError(message, { cause, byPlugin: true, hint: EXTERNAL_HINT });
}

function open(role: Role, command: string, timeoutS: number): Session {
  const key = `${role} ${command}`;
  const existing = sessions.get(key);
  if (existing !== undefined) return existing;
  if (!exitHook) {
    exitHook = true;
    // Whatever way the run ends, no decision process outlives cnsim.
    process.once('exit', () => {
      for (const s of sessions.values()) s.process.kill();
    });
  }
  const proc = new DecisionProcess(command, timeoutS);
  const what = `the hello of the ${role} decision process '${command}'`;
  let reply: unknown;
  try {
    const line = proc.request(JSON.stringify({ type: 'hello', protocol: PROTOCOL_VERSION, role }), what);
    reply = parseReply(line, what);
  } catch (error) {
    proc.kill();
    throw userFault(error, what);
  }
  const hello = reply as { protocol?: unknown; name?: unknown; needs?: unknown };
  if (hello.protocol !== PROTOCOL_VERSION) {
    proc.kill();
    throw processFault(
      `${what}: it speaks protocol version ${JSON.stringify(hello.protocol)}, cnsim speaks ${PROTOCOL_VERSION} (docs/external-protocol.md; python/cnsim_agent is version ${PROTOCOL_VERSION})`,
    );
  }
  const needs = Array.isArray(hello.needs) ? hello.needs.filter((n): n is string => typeof n === 'string') : [];
  const unknown = needs.filter((n) => n !== 'energy' && n !== 'queueSnapshots');
  if (unknown.length > 0) {
    proc.kill();
    throw processFault(`${what}: unknown needs ${JSON.stringify(unknown)} (known: energy, queueSnapshots)`);
  }
  let fields: readonly CandidateColumn[] = CANDIDATE_COLUMNS;
  let jobFields: ReadonlySet<JobField> | null = null;
  try {
    const asked = namesIn(hello, 'fields', 'candidate fields', CANDIDATE_COLUMNS, what);
    // `index` always: it is how a process knows which partition a candidate is.
    if (asked !== null) fields = CANDIDATE_COLUMNS.filter((f) => f === 'index' || asked.includes(f));
    const askedJob = namesIn(hello, 'jobFields', 'job fields', JOB_FIELDS, what);
    if (askedJob !== null) jobFields = new Set(askedJob);
  } catch (error) {
    proc.kill();
    throw error;
  }
  const session: Session = { process: proc, role, name: typeof hello.name === 'string' ? hello.name : command, needs: new Set(needs), fields, jobFields, seq: 0 };
  sessions.set(key, session);
  return session;
}

/** The names a hello lists under `key` (a name or a list), each one of `known`; null when absent. */
function namesIn<T extends string>(hello: object, key: string, what: string, known: readonly T[], context: string): T[] | null {
  const asked = (hello as Record<string, unknown>)[key];
  if (asked === undefined) return null;
  const list = Array.isArray(asked) ? asked : [asked];
  const bad = list.filter((f) => typeof f !== 'string' || !(known as readonly string[]).includes(f));
  if (bad.length > 0) {
    throw processFault(`${context}: unknown ${what} ${JSON.stringify(bad)} in "${key}" (known: ${known.join(', ')})`);
  }
  return list as T[];
}

function parseReply(line: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw processFault(`${what}: the reply is not JSON: ${line.length > 200 ? `${line.slice(0, 200)}…` : line}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw processFault(`${what}: the reply is not a JSON object: ${line.slice(0, 200)}`);
  }
  return value as Record<string, unknown>;
}

/**
 * Ends every decision process of this thread: each is told the run is over (`{"type":"end"}`,
 * then its stdin closes), given a moment to exit, then killed. Called by the runner after each
 * run, whether it finished or failed.
 */
export function closeDecisionProcesses(): void {
  for (const s of sessions.values()) {
    decisionStats.roundTrips += s.process.roundTrips;
    decisionStats.roundTripS += s.process.roundTripS;
    try {
      s.process.close(JSON.stringify({ type: 'end' }));
    } catch {
      s.process.kill();
    }
  }
  sessions.clear();
}

/** Round trips (messages answered) and their wall time, over the processes closed so far in this thread (for the bench). */
export const decisionStats = { roundTrips: 0, roundTripS: 0 };

/** The national dispatcher's side: every ready job of an instant in one message. */
class ExternalDispatch implements DispatchPolicy {
  readonly needsEnergy: boolean;
  readonly needsQueueSnapshots: boolean;
  /** Whether the process asked for a job estimate among its candidate fields (all by default). */
  readonly needsEstimates: boolean;
  /** The JSON text of each gathered job, with its candidates. */
  private jobs: string[] = [];
  private counts: number[] = [];
  private ids: string[] = [];
  private newPartitions: string[] = [];
  private readonly known = new Set<number>();

  constructor(private readonly session: Session) {
    this.needsEnergy = session.needs.has('energy');
    this.needsQueueSnapshots = session.needs.has('queueSnapshots');
    this.needsEstimates = session.fields.some((f) => (ESTIMATE_FIELDS as readonly string[]).includes(f));
  }

  choose(job: DispatchJob, candidates: readonly CandidateView[], nowS: number): number {
    this.gather(job, candidates, nowS);
    return this.decideGathered(nowS)[0] as number;
  }

  gather(job: DispatchJob, candidates: readonly CandidateView[], _nowS: number): void {
    for (const c of candidates) {
      if (this.known.has(c.index)) continue;
      this.known.add(c.index);
      this.newPartitions.push(JSON.stringify(partitionMessage(c)));
    }
    // Serialised now: the engine reuses the views for the next job.
    this.jobs.push(`${jobText(job, this.session.jobFields)},"candidates":${candidateColumnsText(candidates, this.needsQueueSnapshots, this.session.fields)}}`);
    this.counts.push(candidates.length);
    this.ids.push(job.id);
  }

  decideGathered(nowS: number): readonly number[] {
    const s = this.session;
    const seq = ++s.seq;
    const what = `dispatch decision ${seq} at t=${nowS} s (job${this.ids.length === 1 ? '' : 's'} ${this.ids.join(', ')}) of '${s.process.command}'`;
    let message = `{"type":"dispatch","seq":${seq},"t":${JSON.stringify(finite(nowS))},"jobs":[${this.jobs.join(',')}]`;
    if (this.newPartitions.length > 0) message += `,"partitions":[${this.newPartitions.join(',')}]`;
    message += '}';
    const counts = this.counts;
    const ids = this.ids;
    this.jobs = [];
    this.counts = [];
    this.ids = [];
    this.newPartitions = [];
    let reply: Record<string, unknown>;
    try {
      reply = parseReply(s.process.request(message, what), what);
    } catch (error) {
      throw userFault(error, what);
    }
    if (reply.seq !== seq) throw processFault(`${what}: the reply is for seq ${JSON.stringify(reply.seq)}, expected ${seq}`);
    const choices = reply.choices;
    if (!Array.isArray(choices) || choices.length !== counts.length) {
      throw processFault(`${what}: expected "choices" with ${counts.length} position${counts.length === 1 ? '' : 's'} (one per job), got ${JSON.stringify(choices)}`);
    }
    choices.forEach((c: unknown, k) => {
      const count = counts[k] as number;
      if (!(typeof c === 'number' && Number.isInteger(c) && c >= 0 && c < count)) {
        throw processFault(
          `${what}: choice ${JSON.stringify(c)} for job ${ids[k]} is not a candidate: expected an integer in [0, ${count - 1}] (a position in its candidate list: only those partitions can run it)`,
        );
      }
    });
    return choices as number[];
  }
}

/** The queues' side: one process decides every partition with this policy; the partitions of an instant go in one message. */
class QueueSession {
  private pending: { partition: number; view: PartitionView }[] = [];
  private pendingS = Number.NaN;
  private readonly results = new Map<number, number[]>();

  constructor(private readonly session: Session) {}

  add(view: PartitionView, partition: number, nowS: number): void {
    if (this.pendingS !== nowS) {
      this.pending = [];
      this.results.clear();
      this.pendingS = nowS;
    }
    this.pending.push({ partition, view });
  }

  startsFor(partition: number, nowS: number): readonly number[] {
    if (this.pending.length > 0 && this.pendingS === nowS) this.flush(nowS);
    const starts = this.results.get(partition);
    if (starts === undefined) throw new Error(`queue decision for partition ${partition} at t=${nowS} s was not gathered`);
    this.results.delete(partition);
    return starts;
  }

  private flush(nowS: number): void {
    const s = this.session;
    const seq = ++s.seq;
    const asked = this.pending;
    this.pending = [];
    const what = `queue decision ${seq} at t=${nowS} s (partition${asked.length === 1 ? '' : 's'} ${asked.map((a) => a.partition).join(', ')}) of '${s.process.command}'`;
    let reply: Record<string, unknown>;
    try {
      const line = JSON.stringify({ type: 'queue', seq, t: nowS, partitions: asked.map((a) => queueMessage(a.view, a.partition)) });
      reply = parseReply(s.process.request(line, what), what);
    } catch (error) {
      throw userFault(error, what);
    }
    if (reply.seq !== seq) throw processFault(`${what}: the reply is for seq ${JSON.stringify(reply.seq)}, expected ${seq}`);
    const starts = reply.starts;
    if (!Array.isArray(starts) || starts.length !== asked.length) {
      throw processFault(`${what}: expected "starts" with ${asked.length} list${asked.length === 1 ? '' : 's'} of job indices (one per partition), got ${JSON.stringify(starts)}`);
    }
    asked.forEach(({ partition, view }, k) => {
      const list = starts[k] as unknown;
      if (!Array.isArray(list)) throw processFault(`${what}: starts for partition ${partition} is not a list: ${JSON.stringify(list)}`);
      const waiting = new Map(view.queue.map((j) => [j.index, j.nodes]));
      let free = view.freeNodes;
      const seen = new Set<number>();
      for (const index of list as unknown[]) {
        const nodes = typeof index === 'number' ? waiting.get(index) : undefined;
        if (nodes === undefined || seen.has(index as number)) {
          throw processFault(`${what}: job ${JSON.stringify(index)} is not waiting in partition ${partition}'s queue${seen.has(index as number) ? ' (started twice)' : ''}`);
        }
        seen.add(index as number);
        free -= nodes;
        if (free < 0) throw processFault(`${what}: starting job ${index} in partition ${partition} needs ${nodes} nodes, only ${free + nodes} left free`);
      }
      this.results.set(partition, list as number[]);
    });
  }
}

const queueSessions = new WeakMap<Session, QueueSession>();

class ExternalQueue implements QueuePolicy {
  private partition = -1;

  constructor(private readonly queue: QueueSession) {}

  gather(view: PartitionView, partition: number, nowS: number): void {
    this.partition = partition;
    this.queue.add(view, partition, nowS);
  }

  decide(view: PartitionView, nowS: number, starts: number[]): void {
    for (const index of this.queue.startsFor(this.partition, nowS)) starts.push(index);
  }
}

function commandOf(name: string): string {
  return name.slice(EXTERNAL_PREFIX.length).trim();
}

/** The definition of an external dispatch policy (`external:<command>`). */
export function externalDispatchPolicy(name: string): DispatchPolicyDefinition {
  return definePolicy({
    kind: 'dispatch',
    name,
    summary: `external decision process: ${commandOf(name)}`,
    options: EXTERNAL_OPTIONS,
    optionDocs: EXTERNAL_OPTION_DOCS,
    create: (options) => new ExternalDispatch(open('dispatch', commandOf(name), options.timeout)),
  });
}

/** The definition of an external queue policy (`external:<command>`). */
export function externalQueuePolicy(name: string): QueuePolicyDefinition {
  return definePolicy({
    kind: 'queue',
    name,
    summary: `external decision process: ${commandOf(name)}`,
    options: EXTERNAL_OPTIONS,
    optionDocs: EXTERNAL_OPTION_DOCS,
    create: (options) => {
      const session = open('queue', commandOf(name), options.timeout);
      let queue = queueSessions.get(session);
      if (queue === undefined) {
        queue = new QueueSession(session);
        queueSessions.set(session, queue);
      }
      return new ExternalQueue(queue);
    },
  });
}

/** A resolver that also knows `external:<command>` names. */
export function withExternalPolicies(base: PolicyResolver): PolicyResolver {
  return {
    ...base,
    queue: (name) => (isExternalPolicy(name) ? externalQueuePolicy(name) : base.queue(name)),
    dispatch: (name) => (isExternalPolicy(name) ? externalDispatchPolicy(name) : base.dispatch(name)),
  };
}
