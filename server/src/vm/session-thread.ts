// An interpreter session (session.ts) on a thread of its own, with the large stack the
// interpreter needs (as worker.ts gives `zolt sim`), driven from the main thread: run a
// program, interrupt it, or stop the thread, and with it the session's memory.
//
// Interrupting sends SIGINT to the process, which the session's thread turns into the end of
// the running program (vm's breakOnSigint). It is sent only when the shared flag says that a
// program runs, and the flag is moved to Interrupting first, so the thread waits for the signal
// instead of leaving the region where it is caught: a SIGINT outside that region would end the
// process. Before the program starts, Interrupting alone keeps it from starting. A program
// stuck in a C function cannot be interrupted that way; `stop` ends the thread.

import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { librarySoname } from '../ir/libraries';
import { loadKoffi } from './ffi';
import { RunFlag, Session, type SessionOutcome, type SessionRequest } from './session';

/** The stack of the session's thread, in MB (a recursion about 1,000,000 calls deep). */
const STACK_MB = 256;

export type ThreadOutcome =
  | SessionOutcome
  /** The thread ended (stopped, or it failed): the session's memory is gone. */
  | { readonly kind: 'lost'; readonly message: string };

interface Pending {
  readonly worker: Worker;
  readonly resolve: (outcome: ThreadOutcome) => void;
}

export class SessionThread {
  private worker: Worker | undefined;
  /** The current thread's flag (session.ts, RunFlag). */
  private flag = new Int32Array(new SharedArrayBuffer(4));
  private pending: Pending | undefined;
  /** Threads stopped while they ran a program, that have not ended yet (stuck in C code). */
  private readonly stuck = new Set<Worker>();

  run(request: SessionRequest): Promise<ThreadOutcome> {
    if (this.pending) throw new Error('the session runs a program already');
    const worker = this.thread();
    worker.ref(); // a running program keeps the process alive; an idle thread does not
    return new Promise((resolve) => {
      this.pending = { worker, resolve };
      worker.postMessage(request);
    });
  }

  /**
   * Asks the running program to stop: 'asked', or 'already' when it was asked before, or
   * 'idle' when no program runs. A program whose thread has not started it yet does not start.
   */
  interrupt(): 'asked' | 'already' | 'idle' {
    if (!this.pending) return 'idle';
    for (;;) {
      const state = Atomics.load(this.flag, 0);
      if (state === RunFlag.Interrupting) return 'already';
      if (Atomics.compareExchange(this.flag, 0, state, RunFlag.Interrupting) !== state) continue;
      if (state === RunFlag.Running) process.kill(process.pid, 'SIGINT');
      return 'asked';
    }
  }

  /**
   * Ends the thread and the session's memory; a running program gives 'lost' at once. A thread
   * inside a C function cannot end before the function returns: it is left to end then, and the
   * next program gets a new thread.
   */
  stop(): void {
    const worker = this.worker;
    const pending = this.pending;
    this.worker = undefined;
    this.pending = undefined;
    if (worker) {
      worker.unref();
      if (pending) this.stuck.add(worker);
      worker.terminate().then(() => this.stuck.delete(worker), () => this.stuck.delete(worker));
    }
    pending?.resolve({ kind: 'lost', message: "the interpreter's thread was ended" });
  }

  /**
   * Ends the process with `status`. Node's own exit waits for every thread, and a thread stuck in
   * a C function (`sleep(1000)`) would keep it waiting; then the C library's `_exit` ends it.
   */
  exit(status: number): void {
    const koffi = this.stuck.size > 0 ? loadKoffi() : undefined;
    if (!koffi) return;
    const exitNow = koffi.lib.load(librarySoname('c')).func('void _exit(int status)');
    exitNow(status);
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const flag = (this.flag = new Int32Array(new SharedArrayBuffer(4)));
    const worker = new Worker(__filename, {
      workerData: { session: flag },
      resourceLimits: { stackSizeMb: STACK_MB },
      stdout: false,
      stderr: false,
    });
    const settle = (outcome: ThreadOutcome) => {
      worker.unref();
      // A request to stop that came after the program ended (its outcome on the way) is void.
      Atomics.store(flag, 0, RunFlag.Idle);
      const pending = this.pending;
      if (pending?.worker !== worker) return; // a thread stopped before
      this.pending = undefined;
      pending.resolve(outcome);
    };
    worker.on('message', (outcome: SessionOutcome) => settle(outcome));
    worker.on('error', (error) => {
      if (this.worker === worker) this.worker = undefined;
      settle({ kind: 'lost', message: `the interpreter's thread failed: ${error.message}` });
    });
    worker.on('exit', (code) => {
      if (this.worker === worker) this.worker = undefined;
      settle({ kind: 'lost', message: `the interpreter's thread stopped (${code})` });
    });
    worker.unref();
    this.worker = worker;
    return worker;
  }
}

if (!isMainThread && parentPort && (workerData as { session?: Int32Array } | undefined)?.session) {
  const port = parentPort;
  const session = new Session((workerData as { session: Int32Array }).session);
  port.on('message', (request: SessionRequest) => {
    let outcome: SessionOutcome;
    try {
      outcome = session.run(request);
    } catch (error) {
      outcome = { kind: 'failed', message: `internal error: ${(error as Error).stack ?? String(error)}` };
    }
    port.postMessage(outcome);
  });
}
