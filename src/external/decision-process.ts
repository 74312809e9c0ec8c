import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';

/**
 * The worker that owns the child process. The simulation is synchronous, and a child's pipes are
 * not: this thread talks to the process with Node's streams and hands each reply line to the
 * main thread, which waits for it with Atomics.wait (so a decision has a timeout). Evaluated from
 * source, so that it runs the same from dist/ and from the TypeScript sources under vitest.
 */
const WORKER_SOURCE = `
const { spawn } = require('node:child_process');
const { workerData } = require('node:worker_threads');
const { command, cwd, flag, port } = workerData;
const signal = (message) => {
  port.postMessage(message);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
};
let tail = '';
let child;
try {
  // exec: the command replaces the shell, so killing the pid kills the decision process itself.
  child = spawn('/bin/sh', ['-c', 'exec ' + command], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
} catch (error) {
  signal({ kind: 'error', message: String(error && error.message || error) });
}
if (child) {
  Atomics.store(flag, 1, child.pid || 0);
  let pending = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk) => {
    pending += chunk;
    let nl;
    while ((nl = pending.indexOf('\\n')) >= 0) {
      signal({ kind: 'line', text: pending.slice(0, nl) });
      pending = pending.slice(nl + 1);
    }
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => {
    tail = (tail + chunk).slice(-4000);
  });
  child.stdin.on('error', () => {});
  child.on('error', (error) => signal({ kind: 'error', message: String(error && error.message || error), stderr: tail }));
  child.on('close', (code, sig) => signal({ kind: 'exit', code, signal: sig, stderr: tail, partial: pending }));
  port.on('message', (m) => {
    if (m.kind === 'line') child.stdin.write(m.text + '\\n');
    else if (m.kind === 'end') child.stdin.end();
    else if (m.kind === 'tail') signal({ kind: 'tail', stderr: tail });
  });
}
`;

/** What the worker reports. */
type WorkerMessage =
  | { kind: 'line'; text: string }
  | { kind: 'exit'; code: number | null; signal: string | null; stderr: string; partial: string }
  | { kind: 'error'; message: string; stderr?: string }
  | { kind: 'tail'; stderr: string };

/** The process failed a decision: the message says how; the tail of its stderr is attached. */
export class DecisionProcessError extends Error {
  override readonly name = 'DecisionProcessError';
  constructor(
    message: string,
    readonly stderrTail: string,
  ) {
    super(stderrTail.trim() === '' ? message : `${message}\n--- last lines of its stderr ---\n${lastLines(stderrTail, 12)}`);
  }
}

function lastLines(text: string, count: number): string {
  return text.trimEnd().split('\n').slice(-count).join('\n');
}

/**
 * A decision process: a command started with `/bin/sh -c 'exec <command>'`, spoken to in lines
 * on its stdin and stdout, one reply line per request line, each within `timeoutS`. Any failure
 * (it exits, its reply does not come in time, the command cannot start) kills it and throws a
 * {@link DecisionProcessError} with the tail of its stderr. {@link close} ends it in every case.
 */
export class DecisionProcess {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly flag: Int32Array;
  private closed = false;
  /** Round trips so far and their total wall time in seconds (for the bench's per-decision figure). */
  roundTrips = 0;
  roundTripS = 0;

  constructor(
    readonly command: string,
    private readonly timeoutS: number,
    cwd: string = process.cwd(),
  ) {
    this.flag = new Int32Array(new SharedArrayBuffer(8));
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    // execArgv: [] so that the parent's flags (`--input-type=module` of `node -e`) do not turn the
    // worker's CommonJS source into a module that cannot start.
    this.worker = new Worker(WORKER_SOURCE, { eval: true, execArgv: [], workerData: { command, cwd, flag: this.flag, port: port2 }, transferList: [port2] });
    // Neither keeps the main thread's loop alive: a run that forgot to close still exits.
    this.worker.unref();
    this.port.unref();
  }

  /** The process's pid (0 before it started, or if it could not). */
  get pid(): number {
    return Atomics.load(this.flag, 1);
  }

  /**
   * Sends one line and waits for the reply line.
   * @param what the decision point, for messages ("dispatch decision at t=3600 s (2 jobs)")
   */
  request(line: string, what: string): string {
    if (this.closed) throw new DecisionProcessError(`decision process '${this.command}' is closed (${what})`, '');
    const early = this.receive();
    if (early !== undefined) this.fail(early, what, 'before the request');
    const startMs = performance.now();
    this.port.postMessage({ kind: 'line', text: line });
    const reply = this.await(what);
    this.roundTrips++;
    this.roundTripS += (performance.now() - startMs) / 1000;
    return reply;
  }

  /** Waits for the next message from the worker: a reply line, else a failure. */
  private await(what: string): string {
    const deadlineMs = performance.now() + this.timeoutS * 1000;
    let message: WorkerMessage | undefined;
    for (;;) {
      // Cleared before looking, so a message posted in between still wakes the wait below.
      Atomics.store(this.flag, 0, 0);
      message = this.receive();
      if (message !== undefined) break;
      const leftMs = deadlineMs - performance.now();
      if (leftMs <= 0 || Atomics.wait(this.flag, 0, 0, leftMs) === 'timed-out') {
        message = this.receive();
        if (message !== undefined) break;
        const tail = this.tail();
        this.kill();
        throw new DecisionProcessError(`decision process '${this.command}' gave no reply within ${this.timeoutS} s (${what}); it was stopped (the policy option timeout sets the limit)`, tail);
      }
    }
    if (message.kind !== 'line') this.fail(message, what, 'instead of replying');
    return message.text;
  }

  private receive(): WorkerMessage | undefined {
    return receiveMessageOnPort(this.port)?.message as WorkerMessage | undefined;
  }

  private fail(message: WorkerMessage, what: string, when: string): never {
    this.kill();
    if (message.kind === 'exit') {
      const how = message.signal !== null ? `was killed by ${message.signal}` : `exited with code ${message.code}`;
      throw new DecisionProcessError(`decision process '${this.command}' ${how} ${when} (${what})`, message.stderr);
    }
    if (message.kind === 'error') throw new DecisionProcessError(`decision process '${this.command}' could not run: ${message.message} (${what})`, message.stderr ?? '');
    if (message.kind === 'line') throw new DecisionProcessError(`decision process '${this.command}' wrote a line nobody asked for ${when} (${what}): ${clip(message.text)}`, this.tail());
    throw new DecisionProcessError(`decision process '${this.command}' failed (${what})`, message.stderr);
  }

  /** The tail of the process's stderr so far (asks the worker; empty if it does not answer at once). */
  tail(): string {
    this.port.postMessage({ kind: 'tail' });
    for (let tries = 0; tries < 20; tries++) {
      Atomics.store(this.flag, 0, 0);
      const m = this.receive();
      if (m?.kind === 'tail' || m?.kind === 'exit') return m.stderr;
      if (m === undefined) Atomics.wait(this.flag, 0, 0, 50);
    }
    return '';
  }

  /**
   * Ends the process: sends `lastLine` (no reply expected), closes its stdin, gives it `graceS`
   * to exit, then kills it. Safe to call twice.
   */
  close(lastLine?: string, graceS = 2): void {
    if (this.closed) return;
    this.closed = true;
    if (lastLine !== undefined) this.port.postMessage({ kind: 'line', text: lastLine });
    this.port.postMessage({ kind: 'end' });
    const until = graceS * 1000;
    let waited = 0;
    while (waited < until) {
      Atomics.store(this.flag, 0, 0);
      const m = this.receive();
      if (m?.kind === 'exit' || m?.kind === 'error') break;
      if (m === undefined) {
        Atomics.wait(this.flag, 0, 0, 20);
        waited += 20;
      }
    }
    this.kill();
  }

  /** Kills the process (if it runs) and the worker. */
  kill(): void {
    this.closed = true;
    const pid = this.pid;
    if (pid > 0) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    void this.worker.terminate();
  }
}

function clip(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}… (${text.length} characters)` : text;
}
