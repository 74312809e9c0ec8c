import { spawnSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';

/**
 * The supervisor thread of a decision process. The simulation is synchronous: the main thread
 * writes each request to the process's stdin and reads its reply from its stdout itself, with
 * blocking reads on two FIFOs (no thread between them: a round trip is two context switches).
 * This worker starts the process (`exec <command> <in >out` under /bin/sh), keeps the tail of
 * its stderr, records its exit, and is the watchdog: when a reply is late past the deadline the
 * main thread wrote, it kills the process, which ends the main thread's read. Evaluated from
 * source, so that it runs the same from dist/ and from the TypeScript sources under vitest.
 *
 * Shared Int32 slots: 0 wake flag, 1 pid, 2 exited (1), 3 exit code, 4 timed out (1).
 * Shared Float64 slot 0 (bytes 32–39): the reply deadline, ms on the worker's clock (0: none).
 */
const WORKER_SOURCE = `
const { spawn } = require('node:child_process');
const { closeSync, openSync, constants } = require('node:fs');
const { workerData } = require('node:worker_threads');
const { command, cwd, ints, deadline, port, fifoIn, fifoOut } = workerData;
const signal = (message) => {
  port.postMessage(message);
  Atomics.store(ints, 0, 1);
  Atomics.notify(ints, 0);
};
let tail = '';
// Unblocks the main thread if it waits in open() or read() on a FIFO the process never opened.
const release = () => {
  for (const [path, flags] of [[fifoIn, constants.O_RDONLY | constants.O_NONBLOCK], [fifoOut, constants.O_WRONLY | constants.O_NONBLOCK]]) {
    try { closeSync(openSync(path, flags)); } catch {}
  }
};
const quote = (p) => "'" + p.replace(/'/g, "'\\\\''") + "'";
// A process group of its own: what the process starts (a shell's children, a server it forks)
// inherits its stdout and stderr, and would keep the FIFO open after it exits. The group is
// killed with it, so a read ends and nothing is left running.
const child = spawn('/bin/sh', ['-c', 'exec ' + command + ' <' + quote(fifoIn) + ' >' + quote(fifoOut)], { cwd, stdio: ['ignore', 'ignore', 'pipe'], detached: true });
Atomics.store(ints, 1, child.pid || 0);
const killGroup = () => {
  try { process.kill(-child.pid, 'SIGKILL'); } catch {}
  try { process.kill(child.pid, 'SIGKILL'); } catch {}
};
// Its children go with it (their pipes would otherwise hold the 'close' below, and the reply read, forever).
child.on('exit', () => { try { process.kill(-child.pid, 'SIGKILL'); } catch {} });
child.stderr.setEncoding('utf8');
child.stderr.on('data', (chunk) => { tail = (tail + chunk).slice(-4000); });
child.on('error', (error) => {
  Atomics.store(ints, 3, 127);
  Atomics.store(ints, 2, 1);
  tail += String(error && error.message || error);
  release();
  signal({ kind: 'exit', stderr: tail });
});
child.on('close', (code, sig) => {
  Atomics.store(ints, 3, code === null ? -1 : code);
  Atomics.store(ints, 2, 1);
  clearInterval(watch);
  release();
  signal({ kind: 'exit', code, signal: sig, stderr: tail });
});
const watch = setInterval(() => {
  const due = deadline[0];
  if (due > 0 && performance.timeOrigin + performance.now() > due) {
    Atomics.store(ints, 4, 1);
    killGroup();
  }
}, 50);
port.on('message', (m) => {
  if (m.kind === 'tail') signal({ kind: 'tail', stderr: tail });
});
`;

/** What the supervisor reports. */
type ExitMessage = { kind: 'exit'; code?: number | null; signal?: string | null; stderr: string };
type WorkerMessage = ExitMessage | { kind: 'tail'; stderr: string };

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

const BUFFER_BYTES = 1 << 16;
/** How long a reply is polled for before the main thread sleeps in read(), ms. */
const POLL_MS = 0.5;

/**
 * The least time a process gets to start, up to its first reply (the hello), seconds, whatever
 * its timeout per decision: Python with numpy or a deep-learning library takes seconds to import,
 * and more on a loaded cluster node, which a decision limit of a second or two must not fail.
 */
export const STARTUP_S = 60;

/**
 * A decision process: a command started with `/bin/sh -c 'exec <command>'`, spoken to in lines
 * on its stdin and stdout, one reply line per request line, each within `timeoutS` (the first, its
 * hello, within {@link STARTUP_S} at least). Any failure (it exits, its reply does not come in
 * time, the command cannot start) kills it and throws a {@link DecisionProcessError} with the
 * tail of its stderr. {@link close} ends it in every case.
 */
export class DecisionProcess {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly ints: Int32Array;
  private readonly deadline: Float64Array;
  private readonly dir: string;
  private toFd = -1;
  private fromFd = -1;
  private pollFd = -1;
  private readonly buffer = Buffer.allocUnsafe(BUFFER_BYTES);
  /** Bytes read past the last reply (the start of the next line, if the process wrote ahead). */
  private pending = '';
  private closed = false;
  /** The limit of the wait in progress, seconds (for the message of a timeout). */
  private limitS = 0;
  /** Round trips so far and their total wall time in seconds (for the bench's per-decision figure). */
  roundTrips = 0;
  roundTripS = 0;

  constructor(
    readonly command: string,
    private readonly timeoutS: number,
    cwd: string = process.cwd(),
  ) {
    const shared = new SharedArrayBuffer(40);
    this.ints = new Int32Array(shared, 0, 5);
    this.deadline = new Float64Array(shared, 32, 1);
    this.dir = mkdtempSync(join(tmpdir(), 'cnsim-agent-'));
    const fifoIn = join(this.dir, 'in');
    const fifoOut = join(this.dir, 'out');
    const made = spawnSync('mkfifo', [fifoIn, fifoOut], { encoding: 'utf8' });
    if (made.status !== 0) throw new DecisionProcessError(`cannot start decision process '${command}': mkfifo failed (${made.error?.message ?? made.stderr.trim()})`, '');
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    // execArgv: [] so that the parent's flags (`--input-type=module` of `node -e`) do not turn the
    // worker's CommonJS source into a module that cannot start.
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      execArgv: [],
      workerData: { command, cwd, ints: this.ints, deadline: this.deadline, port: port2, fifoIn, fifoOut },
      transferList: [port2],
    });
    // Neither keeps the main thread's loop alive: a run that forgot to close still exits.
    this.worker.unref();
    this.port.unref();
    // The shell opens <in, then >out: the same order here, so neither side waits for the other
    // forever; a process that exits first has the supervisor open the other ends (release()).
    this.armDeadline(this.startupS);
    try {
      this.toFd = openSync(fifoIn, 'w');
      this.fromFd = openSync(fifoOut, 'r');
      // The same FIFO's read end again, non-blocking: a reply is polled for a moment before the
      // thread sleeps in read(), since waking a sleeping thread costs more than most decisions.
      this.pollFd = openSync(fifoOut, constants.O_RDONLY | constants.O_NONBLOCK);
    } finally {
      this.deadline[0] = 0;
    }
  }

  /** The process's pid (0 before it started, or if it could not). */
  get pid(): number {
    return Atomics.load(this.ints, 1);
  }

  /** The limit of the start, up to the first reply: the timeout, or {@link STARTUP_S} if longer. */
  private get startupS(): number {
    return Math.max(this.timeoutS, STARTUP_S);
  }

  private armDeadline(limitS: number): void {
    this.limitS = limitS;
    this.deadline[0] = performance.timeOrigin + performance.now() + limitS * 1000;
  }

  /**
   * Sends one line and waits for the reply line: within the timeout, or for the first request
   * (the hello) within the start-up limit.
   * @param what the decision point, for messages ("dispatch decision 3 at t=3600 s (job ...)")
   */
  request(line: string, what: string): string {
    if (this.closed) throw new DecisionProcessError(`decision process '${this.command}' is closed (${what})`, '');
    if (this.pending !== '') this.fail(what, `wrote a line nobody asked for: ${clip(this.pending)}`);
    const startMs = performance.now();
    this.armDeadline(this.roundTrips === 0 ? this.startupS : this.timeoutS);
    try {
      this.write(`${line}\n`, what);
      const reply = this.readLine(what);
      this.roundTrips++;
      this.roundTripS += (performance.now() - startMs) / 1000;
      return reply;
    } finally {
      this.deadline[0] = 0;
    }
  }

  private write(text: string, what: string): void {
    const bytes = Buffer.from(text, 'utf8');
    let at = 0;
    while (at < bytes.length) {
      try {
        at += writeSync(this.toFd, bytes, at, bytes.length - at);
      } catch (error) {
        // EPIPE: the process has gone (or closed its stdin).
        this.fail(what, `could not be written to (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
      }
    }
  }

  private readLine(what: string): string {
    let text = this.pending;
    for (;;) {
      const nl = text.indexOf('\n');
      if (nl >= 0) {
        this.pending = text.slice(nl + 1);
        return text.slice(0, nl);
      }
      let n = this.poll();
      try {
        if (n < 0) n = readSync(this.fromFd, this.buffer, 0, BUFFER_BYTES, null);
      } catch (error) {
        this.pending = text;
        this.fail(what, `could not be read from (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
      }
      if (n === 0) {
        this.pending = text;
        this.fail(what, 'closed its stdout');
      }
      text += this.buffer.toString('utf8', 0, n);
    }
  }

  /** Reads what is there within about {@link POLL_MS} without sleeping; -1 when nothing came (read then blocks). */
  private poll(): number {
    const untilMs = performance.now() + POLL_MS;
    // Each empty read throws: without a stack to capture, a throw costs a fraction of the time,
    // so the reply is seen sooner and the spin leaves more of the machine to the process.
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      for (;;) {
        try {
          return readSync(this.pollFd, this.buffer, 0, BUFFER_BYTES, null);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EAGAIN' || performance.now() > untilMs) return -1;
        }
      }
    } finally {
      Error.stackTraceLimit = stackTraceLimit;
    }
  }

  /** Stops the run with what happened: a timeout, an exit, or `how`. */
  private fail(what: string, how: string): never {
    const timedOut = Atomics.load(this.ints, 4) === 1;
    const exit = this.awaitExit(2000);
    const tail = exit?.stderr ?? this.tail();
    this.kill();
    if (timedOut) {
      const why = this.limitS > this.timeoutS ? `a process gets ${this.limitS} s to start, whatever its timeout per decision` : 'the policy option timeout sets the limit';
      // A reply written without its newline waits for one forever: show what came.
      const partial = this.pending === '' ? '' : `; it wrote ${clip(this.pending)} without ending the line (each reply ends with a newline)`;
      throw new DecisionProcessError(`decision process '${this.command}' gave no reply within ${this.limitS} s (${what})${partial}; it was stopped (${why})`, tail);
    }
    if (exit !== undefined) {
      const code = Atomics.load(this.ints, 3);
      const stated = exit.signal !== null && exit.signal !== undefined ? `was killed by ${exit.signal}` : `exited with code ${code}`;
      throw new DecisionProcessError(`decision process '${this.command}' ${stated} (${what})`, tail);
    }
    throw new DecisionProcessError(`decision process '${this.command}' ${how} (${what})`, tail);
  }

  /** Waits up to `ms` for the supervisor's exit report (the process closing its pipes is about to exit). */
  private awaitExit(ms: number): ExitMessage | undefined {
    const untilMs = performance.now() + ms;
    for (;;) {
      Atomics.store(this.ints, 0, 0);
      const m = receiveMessageOnPort(this.port)?.message as WorkerMessage | undefined;
      if (m?.kind === 'exit') return m;
      if (m !== undefined) continue;
      const left = untilMs - performance.now();
      if (left <= 0) return undefined;
      Atomics.wait(this.ints, 0, 0, left);
    }
  }

  /** The tail of the process's stderr so far (asks the supervisor; empty if it does not answer soon). */
  tail(): string {
    this.port.postMessage({ kind: 'tail' });
    const untilMs = performance.now() + 1000;
    for (;;) {
      Atomics.store(this.ints, 0, 0);
      const m = receiveMessageOnPort(this.port)?.message as WorkerMessage | undefined;
      if (m !== undefined) return m.stderr;
      const left = untilMs - performance.now();
      if (left <= 0) return '';
      Atomics.wait(this.ints, 0, 0, left);
    }
  }

  /**
   * Ends the process: sends `lastLine` (no reply expected), closes its stdin, gives it `graceS`
   * to exit, then kills it. Safe to call twice.
   */
  close(lastLine?: string, graceS = 2): void {
    if (this.closed) return;
    try {
      if (lastLine !== undefined && this.toFd >= 0) writeSync(this.toFd, `${lastLine}\n`);
    } catch {
      // Gone already.
    }
    this.closeFds();
    this.awaitExit(graceS * 1000);
    this.kill();
  }

  private closeFds(): void {
    for (const fd of [this.toFd, this.fromFd, this.pollFd]) {
      if (fd < 0) continue;
      try {
        closeSync(fd);
      } catch {
        // Closed already.
      }
    }
    this.toFd = -1;
    this.fromFd = -1;
    this.pollFd = -1;
  }

  /** Kills the process (if it runs) and the supervisor; removes the FIFOs. */
  kill(): void {
    this.closed = true;
    const pid = this.pid;
    if (pid > 0) {
      // Its group (see WORKER_SOURCE): what it started must not outlive the run. A group id is not
      // handed out again while the group has members; the pid alone only while the process runs.
      for (const target of Atomics.load(this.ints, 2) === 0 ? [-pid, pid] : [-pid]) {
        try {
          process.kill(target, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
    }
    this.closeFds();
    void this.worker.terminate();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function clip(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}… (${text.length} characters)` : text;
}
