// Running the interpreter on a thread of its own, with a large stack: JavaScript's recursion
// is the program's, and the main thread's stack (about 1 MB) would end a Zolt recursion a few
// thousand calls deep, where a native program's 8 MB stack goes a hundred thousand deep. The
// program's output and errors are written to file descriptors 1 and 2 from that thread, in
// order, as in the main thread.

import * as fs from 'node:fs';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { IrProgram } from '../ir';
import { run } from './run';

interface Job {
  readonly program: IrProgram;
  readonly args: readonly string[];
  readonly trace: 'stderr' | { readonly file: string } | undefined;
  readonly cwd: string;
}

/** The stack the program's thread gets, in MB (a recursion about 1,000,000 calls deep). */
const STACK_MB = 256;

export function runInWorker(program: IrProgram, options: Omit<Job, 'program'>): Promise<number> {
  return new Promise((resolve, reject) => {
    const job: Job = { program, ...options };
    const worker = new Worker(__filename, { workerData: job, resourceLimits: { stackSizeMb: STACK_MB }, stdout: false, stderr: false });
    let status: number | undefined;
    worker.on('message', (message: { status: number }) => (status = message.status));
    worker.on('error', reject);
    worker.on('exit', (code) => (status === undefined ? reject(new Error(`the interpreter's thread stopped (${code})`)) : resolve(status)));
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
  const status = run(job.program, { args: job.args, trace, traceInterleaved: job.trace === 'stderr', cwd: job.cwd, error: (text) => fs.writeSync(2, text) });
  parentPort.postMessage({ status });
}
