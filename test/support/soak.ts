// Running generated programs in worker processes: the test suite (seeds 1..500, in batches)
// and the soak run (bench/generated.ts, `npm run bench:generated`: 5,000 seeds or more). Each
// worker process checks a chunk of seeds as `simProblems` does (clean check, verified IR, the
// predicted status, run-time error and `@` lines) and, with `against`, also runs each program
// as `zolt VERB` (`run`: the native backend) and compares it with the interpreter byte for byte.
//
// Why processes: every program the interpreter runs in a process keeps its memory region
// (vm/memory.ts takes it from calloc and never gives it back), so after about 200 programs a
// process cannot fork any more (ENOMEM), and every later test of the same mocha process that
// spawns one would fail. A fresh process per chunk of seeds keeps that away, and lets chunks
// run on every CPU at once.

import { fork } from 'node:child_process';
import * as os from 'node:os';
import { loadGrammar } from 'zolt-server/syntax';
import { differential, NativeRunner, programFile, simProblems, SimRunner, spawnRunner } from './differential';
import { generate } from './program-generator';

export interface SeedRange {
  readonly start: number;
  readonly count: number;
  /** What to compare with the interpreter: a `zolt` verb as a process (`run`, `sim`), `native`
   *  (the backend in the worker process, as `zolt run` but without a Node start per program), or
   *  undefined for the interpreter alone. */
  readonly against?: string | undefined;
  /** Passed to the generator (undefined: a run-time error for one seed in eight). */
  readonly errors?: boolean | undefined;
  /** Verify the IR after the passes for every n-th seed (1: all). */
  readonly verifyOptimisedEvery?: number;
}

export interface SeedFailure {
  readonly seed: number;
  /** What went wrong, with the program's file. */
  readonly problem: string;
}

type Message = { readonly seed: number; readonly problem: string };

/** Checks the seeds of `range` in a new process; calls `each` after every seed. */
export function checkSeeds(range: SeedRange, each: (seed: number, problem: string) => void = () => undefined): Promise<SeedFailure[]> {
  return new Promise((resolve, reject) => {
    const failures: SeedFailure[] = [];
    const child = fork(__filename, ['--seed-worker', JSON.stringify(range)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.on('message', (message: Message) => {
      if (message.problem !== '') failures.push(message);
      each(message.seed, message.problem);
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(failures) : reject(new Error(`the worker for seeds ${range.start}.. stopped with status ${code}`))));
  });
}

/** A function that runs tasks with at most `jobs` of them under way at once. */
export function limiter(jobs: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running >= Math.max(1, jobs)) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await task();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

// ------------------------------------------------------------------ the soak run

export interface SoakOptions extends SeedRange {
  readonly jobs: number;
}

const CHUNK = 50;

export function parseSoakArgs(args: readonly string[]): SoakOptions {
  const value = (name: string): string | undefined => {
    const at = args.indexOf(`--${name}`);
    return at >= 0 ? args[at + 1] : args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  };
  return {
    start: Number(value('start') ?? 1),
    count: Number(value('count') ?? process.env['ZOLT_GENERATED'] ?? 5000),
    jobs: Number(value('jobs') ?? os.availableParallelism()),
    against: value('against'),
    verifyOptimisedEvery: 1,
  };
}

/** Runs the soak in worker processes and prints what failed; returns the exit status. */
export async function soak(options: SoakOptions): Promise<number> {
  const began = Date.now();
  const seconds = () => ((Date.now() - began) / 1000).toFixed(0);
  let checked = 0;
  let failing = 0;
  const limited = limiter(options.jobs);
  const chunks: Promise<SeedFailure[]>[] = [];
  for (let start = options.start; start < options.start + options.count; start += CHUNK) {
    const count = Math.min(CHUNK, options.start + options.count - start);
    chunks.push(limited(() => checkSeeds({ ...options, start, count }, (_, problem) => {
      checked++;
      if (problem !== '') failing++;
      if (checked % 500 === 0) console.log(`${checked} of ${options.count} seeds, ${failing} failing, ${seconds()} s`);
    })));
  }
  const failures = (await Promise.all(chunks)).flat().sort((a, b) => a.seed - b.seed);
  for (const f of failures) console.log(`\nseed ${f.seed}: ${f.problem}`);
  const against = options.against ? ` and compared with zolt ${options.against}` : '';
  const last = options.start + options.count - 1;
  console.log(`\n${checked} generated programs (seeds ${options.start}..${last}) run in the interpreter${against}: ${failures.length} failing, ${seconds()} s`);
  return failures.length === 0 && checked === options.count ? 0 : 1;
}

// ------------------------------------------------------------------ the worker

async function worker(range: SeedRange): Promise<void> {
  const grammar = await loadGrammar();
  const sim = new SimRunner(grammar);
  const other = range.against === 'native' ? new NativeRunner(grammar, sim) : range.against ? spawnRunner(range.against) : undefined;
  const send = (message: Message) => new Promise<void>((resolve) => process.send!(message, () => resolve()));
  const every = range.verifyOptimisedEvery ?? 1;
  for (let seed = range.start; seed < range.start + range.count; seed++) {
    const generated = generate(seed, { errors: range.errors });
    let problem = '';
    try {
      const found = simProblems(sim, generated, programFile(generated, false), seed % every === 0);
      if (found) problem = `${found}\nprogram: ${programFile(generated).file}`;
      else if (other) problem = (await differential(seed, sim, other, { errors: range.errors }))?.report ?? '';
    } catch (error) {
      problem = `the run threw: ${error instanceof Error ? error.stack : String(error)}\nprogram: ${programFile(generated).file}`;
    }
    await send({ seed, problem });
  }
}

if (process.argv[2] === '--seed-worker' && process.send) {
  worker(JSON.parse(process.argv[3]!) as SeedRange).then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(2);
    },
  );
}
