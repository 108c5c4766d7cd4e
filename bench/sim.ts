// The interpreter against C and CPython: every program of bench/programs (NAME.zolt, NAME.c,
// NAME.py, one algorithm and the same output) run at its default size as a whole process, by
// `gcc -O2` (compiled once, before timing), by CPython and by `zolt sim`. The figure is the
// wall time of the process, start to exit, so Node's and the interpreter's start-up, parsing,
// checking and lowering are counted, as a user waits for them; a hello-world program, run the
// same way, shows how much of that is start-up. The runners take turns (round-robin, starting
// with a different one each round) so that noise from other work on the machine falls on all of
// them, and the median of the repetitions is kept. Every run's stdout must equal NAME.out byte
// for byte; a mismatch or failed run is reported in the results and the exit status is 1.
// Writes bench/results/sim.{md,json}.
//
//   npm run bench:sim
//
// The target: `zolt sim` faster than CPython 3.11 on every program, and at least 2x faster in
// the geometric mean. A runner is a way to run one program (a command, after an optional build
// step), so `zolt build` can join as a fourth.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fmt, machine, median } from './stats';

const PROGRAMS = ['nbody', 'fannkuch', 'spectral_norm', 'mandelbrot', 'fib', 'sieve', 'binary_trees'];
const REPS = 5;
/** A runner whose first run takes longer than this gets SLOW_REPS repetitions. */
const SLOW_MS = 10_000;
const SLOW_REPS = 3;
const TIMEOUT_MS = 300_000;
const TARGET_GEOMEAN = 2;
const LOAD_WARNING = 1.5;

const ROOT = path.resolve(__dirname, '..', '..');
const PROGRAM_DIR = path.join(ROOT, 'bench', 'programs');
const RESULTS_DIR = path.join(ROOT, 'bench', 'results');
const ZOLT = path.join(ROOT, 'server', 'bin', 'zolt.js');

const HELLO = {
  zolt: 'fn main() {\n    println("hello, world");\n}\n',
  c: '#include <stdio.h>\nint main(void) { printf("hello, world\\n"); return 0; }\n',
  py: 'print("hello, world")\n',
  out: 'hello, world\n',
};

/** One program's sources: NAME.zolt, NAME.c and NAME.py in dir, and its expected stdout. */
interface Program {
  name: string;
  dir: string;
  expected: Buffer;
}

interface Command {
  file: string;
  args: string[];
}

type RunnerId = 'c' | 'python' | 'sim';

/** A way to run a program: a build step done once before timing, then a command to time. */
interface Runner {
  id: RunnerId;
  label: string;
  prepare?: (program: Program, tmp: string) => void;
  command: (program: Program, tmp: string) => Command;
}

interface Sample {
  ms: number;
  ok: boolean;
  /** Why the run does not count: its exit status, or how its stdout differs from NAME.out. */
  failure?: string;
}

interface RunnerResult {
  samples: Sample[];
  medianMs: number;
  ok: boolean;
  failure?: string;
}

type Results = Record<RunnerId, RunnerResult>;

interface ProgramRow {
  name: string;
  results: Results;
  /** zolt sim time / C time. */
  simOverC: number;
  /** CPython time / zolt sim time. */
  speedupOverPython: number;
  met: boolean;
}

function python(): { executable: string; version: string } {
  // The interpreter itself, not a pyenv shim in PATH (the shim adds a shell and ~200 ms a run).
  const result = spawnSync('python3', ['-c', 'import sys; print(sys.executable); print(sys.version.split()[0])'], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`python3 does not run: ${result.stderr}`);
  const [executable, version] = result.stdout.trim().split('\n');
  return { executable: executable!, version: version! };
}

function gccVersion(): string {
  return spawnSync('gcc', ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0] ?? 'unknown gcc';
}

/** The commit measured, and whether server/ (the interpreter) differed from it. */
function revision(): { commit: string; serverModified: boolean } {
  const git = (args: string[]): string => spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
  return { commit: git(['rev-parse', '--short', 'HEAD']), serverModified: git(['status', '--porcelain', '--', 'server']) !== '' };
}

function compileC(source: string, binary: string): void {
  const result = spawnSync('gcc', ['-O2', '-o', binary, source, '-lm'], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`gcc -O2 ${source} failed:\n${result.stderr}`);
}

function runners(pythonExe: string): Runner[] {
  return [
    {
      id: 'c',
      label: 'C (gcc -O2)',
      prepare: (p, tmp) => compileC(path.join(p.dir, `${p.name}.c`), path.join(tmp, p.name)),
      command: (p, tmp) => ({ file: path.join(tmp, p.name), args: [] }),
    },
    { id: 'python', label: 'CPython', command: (p) => ({ file: pythonExe, args: [path.join(p.dir, `${p.name}.py`)] }) },
    { id: 'sim', label: 'zolt sim', command: (p) => ({ file: process.execPath, args: [ZOLT, 'sim', path.join(p.dir, `${p.name}.zolt`)] }) },
  ];
}

/** How stdout differs from the expected bytes, or undefined when it does not. */
function difference(actual: Buffer, expected: Buffer): string | undefined {
  if (actual.equals(expected)) return undefined;
  let at = 0;
  while (at < actual.length && at < expected.length && actual[at] === expected[at]) at++;
  const got = JSON.stringify(actual.subarray(at, at + 40).toString('utf8'));
  return `stdout differs from the .out file at byte ${at} (${actual.length} bytes, expected ${expected.length}): got ${got}`;
}

function runOnce(command: Command, expected: Buffer): Sample {
  const start = performance.now();
  const result = spawnSync(command.file, command.args, { cwd: PROGRAM_DIR, maxBuffer: 1 << 28, timeout: TIMEOUT_MS });
  const ms = performance.now() - start;
  if (result.error) return { ms, ok: false, failure: `did not run: ${result.error.message}` };
  if (result.status !== 0) {
    const stderr = result.stderr.toString('utf8').trim().split('\n').slice(0, 3).join(' / ');
    return { ms, ok: false, failure: `exit ${result.status ?? result.signal}: ${stderr}` };
  }
  const failure = difference(result.stdout, expected);
  return failure === undefined ? { ms, ok: true } : { ms, ok: false, failure };
}

/** How many runs a runner gets, once its first run is known; a failed runner is not rerun. */
function wanted(samples: readonly Sample[]): number {
  const first = samples[0];
  if (first === undefined) return REPS;
  if (!first.ok) return 1;
  return first.ms > SLOW_MS ? SLOW_REPS : REPS;
}

function summarise(samples: Sample[]): RunnerResult {
  const failed = samples.find((s) => !s.ok);
  const medianMs = median(samples.filter((s) => s.ok).map((s) => s.ms));
  return failed ? { samples, medianMs, ok: false, failure: failed.failure } : { samples, medianMs, ok: true };
}

/** Runs every runner on the program in rounds, each round starting with the next runner. */
function measure(program: Program, all: readonly Runner[], tmp: string): Results {
  for (const runner of all) runner.prepare?.(program, tmp);
  const samples = new Map<RunnerId, Sample[]>(all.map((r) => [r.id, []]));
  for (let round = 0; all.some((r) => samples.get(r.id)!.length < wanted(samples.get(r.id)!)); round++) {
    for (let k = 0; k < all.length; k++) {
      const runner = all[(round + k) % all.length]!;
      const mine = samples.get(runner.id)!;
      if (mine.length < wanted(mine)) mine.push(runOnce(runner.command(program, tmp), program.expected));
    }
  }
  return Object.fromEntries(all.map((r) => [r.id, summarise(samples.get(r.id)!)])) as Results;
}

function writeHello(tmp: string): Program {
  const dir = path.join(tmp, 'hello-src');
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'hello.zolt'), HELLO.zolt);
  fs.writeFileSync(path.join(dir, 'hello.c'), HELLO.c);
  fs.writeFileSync(path.join(dir, 'hello.py'), HELLO.py);
  return { name: 'hello', dir, expected: Buffer.from(HELLO.out) };
}

function loadProgram(name: string): Program {
  return { name, dir: PROGRAM_DIR, expected: fs.readFileSync(path.join(PROGRAM_DIR, `${name}.out`)) };
}

function row(name: string, results: Results): ProgramRow {
  const simOverC = results.sim.medianMs / results.c.medianMs;
  const speedupOverPython = results.python.medianMs / results.sim.medianMs;
  const met = results.sim.ok && results.python.ok && speedupOverPython > 1;
  return { name, results, simOverC, speedupOverPython, met };
}

function geomean(values: readonly number[]): number {
  return Math.exp(values.reduce((sum, v) => sum + Math.log(v), 0) / values.length);
}

function loadavg(): string {
  return fs.readFileSync('/proc/loadavg', 'utf8').trim();
}

function ratio(x: number, digits: number): string {
  return Number.isFinite(x) ? `${fmt(x, digits)}x` : 'n/a';
}

function seconds(ms: number): string {
  return `${fmt(ms / 1000, 3)} s`;
}

function verdict(r: ProgramRow): string {
  if (!r.results.sim.ok) return '**no: zolt sim failed (see below)**';
  if (!r.results.python.ok) return '**unknown: CPython failed (see below)**';
  return r.met ? 'yes' : '**no: slower than CPython**';
}

function runs(r: RunnerResult): string {
  return r.ok ? `${seconds(r.medianMs)} (${r.samples.length})` : '**FAILED**';
}

function table(rows: readonly ProgramRow[]): string[] {
  return [
    '| program | C -O2 | CPython | zolt sim | sim / C | CPython / sim (speedup) | faster than CPython? |',
    '|---|---:|---:|---:|---:|---:|---|',
    ...rows.map((r) => `| ${r.name} | ${runs(r.results.c)} | ${runs(r.results.python)} | ${runs(r.results.sim)} | ${ratio(r.simOverC, 1)} | ${ratio(r.speedupOverPython, 2)} | ${verdict(r)} |`),
  ];
}

/** One line per runner that failed or printed the wrong bytes on the program. */
function failures(name: string, results: Results, all: readonly Runner[]): string[] {
  return all.filter((r) => !results[r.id].ok).map((r) => `${name}, ${r.label}: ${results[r.id].failure}`);
}

interface Report {
  date: string;
  machine: string;
  python: { executable: string; version: string };
  gcc: string;
  node: string;
  revision: { commit: string; serverModified: boolean };
  reps: number;
  slowMs: number;
  slowReps: number;
  loadavg: { before: string; after: string };
  durationMs: number;
  startup: Results;
  programs: ProgramRow[];
  geomeanSpeedupOverPython: number;
  targetMet: boolean;
  failures: string[];
}

function markdown(report: Report): string {
  const { startup, programs } = report;
  const everyOne = programs.every((r) => r.met);
  const meanMet = report.geomeanSpeedupOverPython >= TARGET_GEOMEAN;
  return [
    '# zolt sim against C and CPython',
    '',
    ...(report.failures.length > 0 ? ['## OUTPUT MISMATCH OR FAILED RUN: these figures do not count', '', ...report.failures.map((f) => `- **${f}**`), ''] : []),
    `Measured ${report.date} on ${report.machine}; CPython ${report.python.version}, ${report.gcc}.`,
    `The interpreter of commit ${report.revision.commit}${report.revision.serverModified ? ', with uncommitted changes in server/ (others were editing it)' : ''}.`,
    `Load average (/proc/loadavg) before: \`${report.loadavg.before}\`, after: \`${report.loadavg.after}\`. The full run took ${fmt(report.durationMs / 1000, 0)} s.`,
    'The benchmark itself keeps about one core busy, so it adds about 1 to the load average.',
    '',
    '**Target:** zolt sim faster than CPython 3.11 on every program, and at least 2x faster in geometric mean.',
    `**Met on every program: ${everyOne ? 'yes' : 'no'}.** **Geometric mean: ${ratio(report.geomeanSpeedupOverPython, 2)}, ${meanMet ? 'met' : 'not met'}.**`,
    '',
    'Median wall time of the whole process (repetitions in brackets), default size of each program:',
    '',
    ...table(programs),
    '',
    `Geometric mean of the speedups over CPython: **${ratio(report.geomeanSpeedupOverPython, 2)}** (target ${TARGET_GEOMEAN}x: ${meanMet ? 'met' : '**not met**'}).`,
    '',
    `**Start-up:** \`zolt sim\` of a hello-world program takes ${seconds(startup.sim.medianMs)} (CPython ${seconds(startup.python.medianMs)}, C ${seconds(startup.c.medianMs)}):`,
    'Node starting, loading the toolchain, then reading, checking and lowering the program and preparing it to run.',
    'Every zolt sim time above includes about that much before the program itself runs.',
    '',
    '**What is measured and how.** Each figure is the wall time of one process, from spawn to exit (`spawnSync`), with its',
    'stdout captured and compared with `NAME.out` byte for byte: for C the binary that `gcc -O2` built before timing, for',
    `CPython \`${report.python.executable} NAME.py\` (the interpreter that \`python3\` in PATH names, called directly: a pyenv shim`,
    `would add a shell and about 200 ms to every run), for zolt sim \`node server/bin/zolt.js sim NAME.zolt\`. The three take turns,`,
    `one run each per round and each round starting with the next, so that noise falls on all of them; the median of ${report.reps}`,
    `runs is kept (${report.slowReps} for a runner whose first run took over ${report.slowMs / 1000} s). Everything comes from the same run of`,
    '`npm run bench:sim`; the raw times are in [sim.json](sim.json). The machine is shared and virtual: read the ratios, which',
    'come from interleaved runs, rather than the absolute times.',
    '',
  ].join('\n');
}

/** The start-up (hello world) and every program, each with all the runners. */
function measureAll(all: readonly Runner[]): { startup: Results; programs: ProgramRow[] } {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zolt-bench-sim-'));
  try {
    const startup = measure(writeHello(tmp), all, tmp);
    console.log(`start-up: C ${runs(startup.c)}, CPython ${runs(startup.python)}, zolt sim ${runs(startup.sim)}`);
    const programs = PROGRAMS.map((name) => {
      const r = row(name, measure(loadProgram(name), all, tmp));
      console.log(`${name}: C ${runs(r.results.c)}, CPython ${runs(r.results.python)}, zolt sim ${runs(r.results.sim)}, speedup ${ratio(r.speedupOverPython, 2)}`);
      return r;
    });
    return { startup, programs };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

function main(): void {
  const before = loadavg();
  if (os.loadavg()[0]! > LOAD_WARNING) console.warn(`warning: load average ${before}: the machine is busy, the figures will be noisy`);
  const started = performance.now();
  const measured = revision();
  const py = python();
  const all = runners(py.executable);
  const { startup, programs } = measureAll(all);
  const geomeanSpeedupOverPython = geomean(programs.map((r) => r.speedupOverPython));
  const broken = [failures('hello (start-up)', startup, all), ...programs.map((r) => failures(r.name, r.results, all))].flat();
  const report: Report = {
    date: new Date().toISOString().slice(0, 10),
    machine: machine(),
    python: py,
    gcc: gccVersion(),
    node: process.version,
    revision: measured,
    reps: REPS,
    slowMs: SLOW_MS,
    slowReps: SLOW_REPS,
    loadavg: { before, after: loadavg() },
    durationMs: performance.now() - started,
    startup,
    programs,
    geomeanSpeedupOverPython,
    targetMet: broken.length === 0 && programs.every((r) => r.met) && geomeanSpeedupOverPython >= TARGET_GEOMEAN,
    failures: broken,
  };
  fs.writeFileSync(path.join(RESULTS_DIR, 'sim.md'), markdown(report));
  fs.writeFileSync(path.join(RESULTS_DIR, 'sim.json'), JSON.stringify(report, null, 2) + '\n');
  console.log(markdown(report));
  if (broken.length > 0) {
    console.error(`FAILED: ${broken.length} run(s) with a wrong output or a failure:\n${broken.join('\n')}`);
    process.exitCode = 1;
  }
}

main();
