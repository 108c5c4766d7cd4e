// Builds run in a worker thread (build-worker.ts), one at a time, and the last one asked for
// wins: a new build terminates the worker while it still runs an older one (that build's
// caller gets `cancelled`), and the next build starts a fresh worker. An idle worker is kept,
// with what it has loaded, for the next build.
//
// The executable is written here, on the calling thread, and only for the build that is still
// the latest: an older build can never overwrite a newer one's file. Nothing is ever run.

import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { WorkerReply, WorkerRequest } from './build-worker';
import { ensureOutputDirectory, writeAtomically } from './output';
import type { BuildProblem, BuildResult } from './program';

export interface BuildJob {
  /** The main file. */
  readonly main: string;
  /** Where the executable goes. */
  readonly executable: string;
}

export type BuildOutcome =
  | { readonly kind: 'built'; readonly executable: string; readonly milliseconds: number }
  | { readonly kind: 'failed'; readonly message: string; readonly problems: readonly BuildProblem[]; readonly milliseconds: number }
  /** A newer build started before this one finished. */
  | { readonly kind: 'cancelled' };

export type Stage = 'checking' | 'compiling' | 'writing';

interface Running {
  readonly id: number;
  readonly job: BuildJob;
  readonly started: number;
  readonly stage: (stage: Stage) => void;
  readonly resolve: (outcome: BuildOutcome) => void;
}

/** build-worker.js beside this file: in out/build/ when compiled, in dist/ when bundled. */
export const WORKER_SCRIPT = path.join(__dirname, 'build-worker.js');

export class Builder {
  private worker: Worker | undefined;
  private running: Running | undefined;
  private lastId = 0;

  constructor(private readonly script: string = WORKER_SCRIPT) {}

  /** Builds `job`, cancelling the build still running, if any. */
  build(job: BuildJob, stage: (stage: Stage) => void = () => undefined): Promise<BuildOutcome> {
    this.cancel();
    const id = ++this.lastId;
    const started = performance.now();
    return new Promise((resolve) => {
      const request: WorkerRequest = { id, file: job.main };
      try {
        this.workerThread().postMessage(request);
      } catch (error) {
        const message = `the build could not start: ${error instanceof Error ? error.message : String(error)}`;
        resolve({ kind: 'failed', message, problems: [], milliseconds: performance.now() - started });
        return;
      }
      this.running = { id, job, started, stage, resolve };
    });
  }

  /** Ends the running build now (its worker is terminated); its caller gets `cancelled`. */
  cancel(): void {
    const running = this.running;
    if (!running) return;
    this.running = undefined;
    this.stopWorker();
    running.resolve({ kind: 'cancelled' });
  }

  dispose(): void {
    this.cancel();
    this.stopWorker();
  }

  private stopWorker(): void {
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
  }

  private workerThread(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.script);
    // An idle worker must not keep the server's process alive after the client says exit.
    worker.unref();
    worker.on('message', (reply: WorkerReply) => this.replied(reply));
    worker.on('error', (error) => this.workerEnded(worker, error.message));
    worker.on('exit', (code) => this.workerEnded(worker, `it exited with status ${code}`));
    this.worker = worker;
    return worker;
  }

  private replied(reply: WorkerReply): void {
    const running = this.running;
    if (!running || running.id !== reply.id) return; // a cancelled build's late message
    if (reply.kind === 'stage') {
      running.stage(reply.stage);
      return;
    }
    this.running = undefined;
    running.resolve(this.finish(running, reply.result));
  }

  /** Writes the executable of a successful build. */
  private finish(running: Running, result: BuildResult): BuildOutcome {
    const milliseconds = () => performance.now() - running.started;
    if (!result.ok) return { kind: 'failed', message: result.message, problems: result.problems, milliseconds: milliseconds() };
    running.stage('writing');
    const { executable } = running.job;
    let failed: string | undefined;
    try {
      ensureOutputDirectory(path.dirname(executable));
      failed = writeAtomically(executable, result.bytes, 0o755);
    } catch (error) {
      failed = error instanceof Error ? error.message : String(error);
    }
    if (failed !== undefined) return { kind: 'failed', message: `cannot write ${executable}: ${failed}`, problems: [], milliseconds: milliseconds() };
    return { kind: 'built', executable, milliseconds: milliseconds() };
  }

  /** The worker died (not terminated by cancel): the build it ran fails, the next starts a new one. */
  private workerEnded(worker: Worker, why: string): void {
    if (worker !== this.worker) return;
    this.worker = undefined;
    const running = this.running;
    if (!running) return;
    this.running = undefined;
    running.resolve({ kind: 'failed', message: `the build stopped: ${why}`, problems: [], milliseconds: performance.now() - running.started });
  }
}
