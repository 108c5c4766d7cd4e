// Running the interpreter on a thread of its own, with a large stack: JavaScript's recursion
// is the program's, and the main thread's stack (about 1 MB) would end a Zolt recursion a few
// thousand calls deep, where a native program's 8 MB stack goes a hundred thousand deep. The
// program's output and errors are written to file descriptors 1 and 2 from that thread, in
// order, as in the main thread.
//
// Interrupted (SIGINT, or SIGTERM) while the program runs, the main thread stops the program's
// thread, writes out what the program printed that was still buffered (the buffer is shared
// memory), says so on stderr and ends as that signal ends a process (a shell shows 130 for
// SIGINT), with no stack trace of the interpreter's own.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as tty from 'node:tty';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { IrProgram } from '../ir';
import { run } from './run';
import { BufferedOutput, pendingOutput, seizeOutput, sharedOutputMemory, writeFd } from './runtime';

interface Job {
  readonly program: IrProgram;
  readonly args: readonly string[];
  readonly trace: 'stderr' | { readonly file: string } | undefined;
  readonly cwd: string;
  /** The program's stdout buffer (sharedOutputMemory). */
  readonly output: SharedArrayBuffer;
}

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
/** How long a program's thread may take to stop (it cannot while it is in a C function). */
const STOP_MS = 500;

/** The stack the program's thread gets, in MB (a recursion about 1,000,000 calls deep). */
const STACK_MB = 256;

export function runInWorker(program: IrProgram, options: Omit<Job, 'program' | 'output'>): Promise<number> {
  return new Promise((resolve, reject) => {
    const job: Job = { program, ...options, output: sharedOutputMemory() };
    const worker = new Worker(__filename, { workerData: job, resourceLimits: { stackSizeMb: STACK_MB }, stdout: false, stderr: false });
    let status: number | undefined;
    let interrupted = false;
    const onSignal = (signal: NodeJS.Signals) => {
      interrupted = true;
      for (const s of SIGNALS) process.removeListener(s, onSignal);
      seizeOutput(job.output, STOP_MS); // first, so that a line being written is not written twice
      const stopped = new Promise<void>((done) => {
        setTimeout(done, STOP_MS).unref();
        worker.terminate().then(() => done(), () => done());
      });
      void stopped.then(() => {
        writeFd(1, pendingOutput(job.output));
        // At a terminal the message starts a line of its own, after the ^C the terminal echoed.
        writeFd(2, Buffer.from(`${tty.isatty(2) ? '\n' : ''}zolt sim: interrupted (${signal})\n`));
        process.kill(process.pid, signal); // no listener now: the signal ends the process
        setTimeout(() => process.exit(128 + os.constants.signals[signal]), 200); // should it not be delivered
      });
    };
    for (const s of SIGNALS) process.on(s, onSignal);
    const settle = (then: () => void) => {
      if (interrupted) return; // the process ends with the signal instead
      for (const s of SIGNALS) process.removeListener(s, onSignal);
      then();
    };
    worker.on('message', (message: { status: number }) => (status = message.status));
    worker.on('error', (error) => settle(() => reject(error)));
    worker.on('exit', (code) => settle(() => {
      if (status === undefined) reject(new Error(`the interpreter's thread stopped (${code})`));
      else resolve(status);
    }));
  });
}

if (!isMainThread && parentPort && (workerData as Job | undefined)?.program) {
  const job = workerData as Job;
  let trace: ((text: string) => void) | undefined;
  if (job.trace === 'stderr') trace = (text) => fs.writeSync(2, text);
  else if (job.trace) {
    const fd = fs.openSync(job.trace.file, 'w');
    trace = (text) => fs.writeSync(fd, text);
  }
  const output = new BufferedOutput({ shared: job.output, lineBuffered: tty.isatty(1) });
  const status = run(job.program, { args: job.args, output, trace, traceInterleaved: job.trace === 'stderr', cwd: job.cwd, error: (text) => fs.writeSync(2, text) });
  parentPort.postMessage({ status });
}
