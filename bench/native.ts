// The native backend against C compilers, in one run:
//
// 1. Run time. Every program of bench/programs (NAME.zolt with its C twin NAME.c) at its default
//    size: the executable that compileNative builds in this process against the C twin built
//    by `gcc -O2`, `gcc -O0` and tcc (when installed). The executables take turns, one run
//    each per round, each round starting with the next, and the median of --runs runs is kept.
//    Every run's stdout must equal NAME.out byte for byte. Target: geometric mean of
//    zolt / gcc -O2 at most 1.2x, and no program above 1.6x.
// 2. Compile time. Each program built in this process (front end: check, elaborate, lower;
//    backend: compileNative; the ELF bytes) after one build of every program, median of
//    --builds builds; the first build in a fresh process (the cold figure), and `zolt build`
//    as a process, against `tcc -c`, `tcc -o`, `gcc -O0` and `gcc -O2` of the C twin as
//    processes. Target: below tcc's time.
// 3. Save to executable at 10,000 lines: a generated program (checked clean, built and run,
//    its output compared with `zolt sim`'s) from source text to executable bytes on disk, in
//    process, warm, median of --builds. Target: under 100 ms.
//
//   npm run bench:native
//   npm run bench:native -- --runs 9 --builds 20
//
// Writes bench/results/native.md and prints it. Timings never fail the run: the exit status
// is 1 only when something is broken (a build fails, an output differs), and the report then
// opens with what broke. The machine's load is read before and after, and every measurement
// records how much CPU other processes used meanwhile; a figure taken under load is flagged.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { compileNative, executableBytes } from 'zolt-server/backend';
import { lowerProgram } from 'zolt-server/ir';
import { Workspace } from 'zolt-server/semantics';
import { elaborate, programFiles, type Elaboration } from 'zolt-server/semantics/elaborate';
import { loadGrammar, type ZoltGrammar } from 'zolt-server/syntax';
import { fmt, median } from './stats';

const ROOT = path.resolve(__dirname, '..', '..');
const PROGRAM_DIR = path.join(ROOT, 'bench', 'programs');
const RESULTS = path.join(ROOT, 'bench', 'results', 'native.md');
const ZOLT = path.join(ROOT, 'server', 'bin', 'zolt.js');

const TARGET_RUN_GEOMEAN = 1.2;
const TARGET_RUN_WORST = 1.6;
const TARGET_SAVE_MS = 100;
const GENERATED_LINES = 10_000;
/** Other processes using more than this share of one core during a measurement flag it. */
const BUSY_PERCENT = 25;
const TIMEOUT_MS = 300_000;

// ------------------------------------------------------------------ options

interface Options {
  /** Runs of each executable (and of each `zolt` process) per program. */
  runs: number;
  /** In-process builds, and C compiler processes, per program. */
  builds: number;
}

function parseOptions(argv: readonly string[]): Options {
  const options: Options = { runs: 5, builds: 10 };
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i]!.replace(/^--/, '');
    if (name !== 'runs' && name !== 'builds') throw new Error(`unknown option ${argv[i]}: the options are --runs N and --builds N`);
    const value = Number(argv[++i]);
    if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} takes a positive whole number`);
    options[name] = value;
  }
  return options;
}

// ------------------------------------------------------------------ the machine and its load

interface MachineInfo {
  date: string;
  cpu: string;
  nproc: string;
  kernel: string;
  node: string;
  gcc: string;
  /** tcc's version line, or undefined when no tcc is installed. */
  tcc: string | undefined;
  tccPath: string | undefined;
  commit: string;
  /** server/ differed from the commit (others edit it while this runs). */
  serverModified: boolean;
}

function firstLine(command: string, args: readonly string[]): string | undefined {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.error || result.status !== 0) return undefined;
  // tcc -v prints its version on stdout, gcc --version too; keep stderr for the odd one.
  return `${result.stdout}${result.stderr}`.split('\n')[0]?.trim();
}

/** tcc in PATH, or at /usr/bin/tcc (Debian's place) when PATH lacks it. */
function findTcc(): string | undefined {
  for (const candidate of ['tcc', '/usr/bin/tcc']) if (firstLine(candidate, ['-v']) !== undefined) return candidate;
  return undefined;
}

function machineInfo(): MachineInfo {
  const git = (args: string[]): string => spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
  const tccPath = findTcc();
  return {
    date: new Date().toISOString().replace('T', ' ').slice(0, 16) + ' UTC',
    cpu: os.cpus()[0]?.model ?? 'unknown CPU',
    nproc: firstLine('nproc', []) ?? String(os.cpus().length),
    kernel: `${os.platform()} ${os.release()}`,
    node: process.version,
    gcc: firstLine('gcc', ['--version']) ?? 'gcc: not found',
    tcc: tccPath === undefined ? undefined : firstLine(tccPath, ['-v']),
    tccPath,
    commit: git(['rev-parse', '--short', 'HEAD']),
    serverModified: git(['status', '--porcelain', '--', 'server']) !== '',
  };
}

function loadavg(): string {
  return fs.readFileSync('/proc/loadavg', 'utf8').trim();
}

/** CPU clock ticks (USER_HZ, 100 a second) of the whole machine: busy, and stolen by the host. */
function machineTicks(): { busy: number; steal: number } {
  const [user, nice, system, , , irq, softirq, steal] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.split(/\s+/).slice(1).map(Number);
  return { busy: user! + nice! + system! + irq! + softirq!, steal: steal! };
}

/**
 * CPU ticks of this process and of the children it has waited for: spawnSync waits for each
 * one, so every compiler and program run is counted here once it has exited.
 */
function ownTicks(): number {
  const stat = fs.readFileSync('/proc/self/stat', 'utf8');
  // Fields after the command name, which may hold spaces and is closed by the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
  // utime, stime, cutime, cstime are fields 14 to 17 of the file, 11 to 14 here.
  return fields[11]! + fields[12]! + fields[13]! + fields[14]!;
}

/** How busy the machine was with other work while a measurement ran. */
interface Load {
  /** The 1-minute load average when it started. */
  load1: number;
  /** CPU that processes other than this one and its children used, in % of one core. */
  othersPercent: number;
  stealPercent: number;
}

function accounted<T>(work: () => T): { result: T; load: Load } {
  const load1 = os.loadavg()[0]!;
  const machine0 = machineTicks();
  const own0 = ownTicks();
  const start = performance.now();
  const result = work();
  const seconds = Math.max((performance.now() - start) / 1000, 1e-3);
  const machine1 = machineTicks();
  const others = Math.max(0, machine1.busy - machine0.busy - (ownTicks() - own0));
  return { result, load: { load1, othersPercent: others / seconds, stealPercent: (machine1.steal - machine0.steal) / seconds } };
}

function busy(load: Load): boolean {
  return load.othersPercent > BUSY_PERCENT || load.stealPercent > BUSY_PERCENT;
}

function loadCell(load: Load): string {
  const text = `${fmt(load.othersPercent, 0)}% / ${fmt(load.load1, 1)}`;
  return busy(load) ? `**${text} busy**` : text;
}

// ------------------------------------------------------------------ building Zolt in process

interface Phases {
  /** new Workspace: the standard library is read and parsed here, before any file of the program. */
  workspace: number;
  /** Parsing the program, its declarations and every check of its files. */
  check: number;
  elaborate: number;
  lower: number;
  /** workspace + check + elaborate + lower, the front end, timed as one. */
  front: number;
  /** compileNative: IR passes, runtime merge, SSA, selection, allocation, emission. */
  backend: number;
  /** executableBytes: the ELF image. */
  elf: number;
  /** Writing the executable to disk (only when the build writes one). */
  write: number;
  total: number;
}

type Build = { ok: true; bytes: Uint8Array; phases: Phases } | { ok: false; error: string };

/**
 * Source text to executable bytes, as `zolt build` does it but from text in memory and with a
 * clock around each phase. A fresh workspace every time: a compiler given a file knows nothing
 * of earlier builds, except what the process keeps (the grammar, the runtime's machine code).
 */
function buildInProcess(grammar: ZoltGrammar, file: string, text: string, output?: string): Build {
  const t0 = performance.now();
  const workspace = new Workspace(grammar);
  const tw = performance.now();
  try {
    workspace.open(file, text, 1);
    for (const f of programFiles(workspace, file)) workspace.diagnostics(f);
    const t1 = performance.now();
    const elaborated = elaborate(workspace, file, { roots: 'main' });
    if (!elaborated.ok) return { ok: false, error: elaborationError(workspace, elaborated) };
    const t2 = performance.now();
    const ir = lowerProgram(elaborated.program, (f) => workspace.document(f)?.lineIndex);
    const t3 = performance.now();
    const compiled = compileNative(ir, grammar);
    const t4 = performance.now();
    const bytes = executableBytes(compiled);
    const t5 = performance.now();
    if (output !== undefined) fs.writeFileSync(output, bytes, { mode: 0o755 });
    const t6 = performance.now();
    return { ok: true, bytes, phases: { workspace: tw - t0, check: t1 - tw, elaborate: t2 - t1, lower: t3 - t2, front: t3 - t0, backend: t4 - t3, elf: t5 - t4, write: t6 - t5, total: t6 - t0 } };
  } catch (e) {
    return { ok: false, error: `the build threw: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}` };
  } finally {
    workspace.dispose();
  }
}

function elaborationError(workspace: Workspace, failed: Extract<Elaboration, { ok: false }>): string {
  if (failed.message) return failed.message;
  const shown = failed.errors.flatMap(({ file, diagnostics }) =>
    diagnostics.slice(0, 3).map((d) => {
      const at = workspace.document(file)?.lineIndex.position(d.start);
      return `${path.basename(file)}:${at ? `${at.line + 1}:${at.character + 1}` : `@${d.start}`}: ${d.code}: ${d.message}`;
    }),
  );
  return `the program has errors: ${shown.join('; ')}`;
}

function medianPhases(all: readonly Phases[]): Phases {
  const of = (key: keyof Phases): number => median(all.map((p) => p[key]));
  return { workspace: of('workspace'), check: of('check'), elaborate: of('elaborate'), lower: of('lower'), front: of('front'), backend: of('backend'), elf: of('elf'), write: of('write'), total: of('total') };
}

// ------------------------------------------------------------------ the cold build, in a child

/** What `--cold FILE OUT` prints: the first build of a fresh Node process. */
interface ColdBuild {
  /** From the process's start to this script's first line: Node, then loading the compiler's modules. */
  startAndLoad: number;
  grammar: number;
  phases: Phases;
}

/**
 * The child's side of the cold figure: this same script, started with `--cold`, builds one
 * file once and prints its times. performance.now() counts from the process's start, so its
 * first reading is what Node and the module loading took before any build.
 */
async function coldChild(file: string, output: string): Promise<void> {
  const startAndLoad = performance.now();
  const g0 = performance.now();
  const grammar = await loadGrammar();
  const grammarMs = performance.now() - g0;
  const built = buildInProcess(grammar, file, fs.readFileSync(file, 'utf8'), output);
  if (!built.ok) {
    console.error(built.error);
    process.exitCode = 1;
    return;
  }
  const cold: ColdBuild = { startAndLoad, grammar: grammarMs, phases: built.phases };
  console.log(JSON.stringify(cold));
}

function coldBuild(file: string, output: string): ColdBuild | string {
  const result = spawnSync(process.execPath, [__filename, '--cold', file, output], { encoding: 'utf8', timeout: TIMEOUT_MS });
  if (result.status !== 0) return `cold build of ${path.basename(file)} failed (exit ${result.status ?? result.signal}): ${result.stderr.trim().split('\n').slice(0, 3).join(' / ')}`;
  return JSON.parse(result.stdout.trim()) as ColdBuild;
}

// ------------------------------------------------------------------ processes

interface Sample {
  ms: number;
  /** Why the run does not count (exit status, or how stdout differs); undefined when it does. */
  failure?: string;
}

function timeProcess(file: string, args: readonly string[], cwd: string): { ms: number; status: number | null; stdout: Buffer; stderr: string; error?: Error; signal: string | null } {
  const start = performance.now();
  const result = spawnSync(file, args, { cwd, maxBuffer: 1 << 28, timeout: TIMEOUT_MS });
  const ms = performance.now() - start;
  return { ms, status: result.status, stdout: result.stdout, stderr: result.stderr?.toString('utf8') ?? '', error: result.error, signal: result.signal };
}

/** One timed process; it must exit 0, and print `expected` when that is given. */
function sample(file: string, args: readonly string[], cwd: string, expected?: Buffer): Sample {
  const r = timeProcess(file, args, cwd);
  if (r.error) return { ms: r.ms, failure: `did not run: ${r.error.message}` };
  if (r.status !== 0) return { ms: r.ms, failure: `exit ${r.status ?? r.signal}: ${r.stderr.trim().split('\n').slice(0, 3).join(' / ')}` };
  if (expected !== undefined && !r.stdout.equals(expected)) return { ms: r.ms, failure: mismatch(r.stdout, expected) };
  return { ms: r.ms };
}

/** Where stdout first departs from the expected bytes, with a little of each around it. */
function mismatch(actual: Buffer, expected: Buffer): string {
  let at = 0;
  while (at < actual.length && at < expected.length && actual[at] === expected[at]) at++;
  const show = (b: Buffer): string => JSON.stringify(b.subarray(at, at + 30).toString('utf8'));
  return `stdout differs from NAME.out at byte ${at} (${actual.length} bytes, expected ${expected.length}): got ${show(actual)}, expected ${show(expected)}`;
}

/** A command measured again and again: its samples, and a failure that stops it being rerun. */
interface Timed {
  id: string;
  reps: number;
  run: () => Sample;
  samples: Sample[];
}

/**
 * Runs every command in rounds, one run each per round and each round starting with the next
 * command, so that a burst of noise falls on all of them. A command that failed is not rerun.
 */
function interleave(all: readonly Timed[]): void {
  const pending = (t: Timed): boolean => t.samples.length < t.reps && t.samples.every((s) => s.failure === undefined);
  for (let round = 0; all.some(pending); round++) {
    for (let k = 0; k < all.length; k++) {
      const t = all[(round + k) % all.length]!;
      if (pending(t)) t.samples.push(t.run());
    }
  }
}

/** The median of the runs that counted, and the first failure (NaN and the failure when one failed). */
function summary(samples: readonly Sample[]): { ms: number; failure?: string; n: number } {
  const failed = samples.find((s) => s.failure !== undefined);
  if (failed) return { ms: NaN, failure: failed.failure, n: samples.length };
  return { ms: median(samples.map((s) => s.ms)), n: samples.length };
}

// ------------------------------------------------------------------ the programs

interface Program {
  name: string;
  zolt: string;
  c: string;
  expected: Buffer;
  text: string;
  lines: number;
}

/** Every NAME.zolt of bench/programs that has its C twin and its NAME.out. */
function programs(): Program[] {
  return fs
    .readdirSync(PROGRAM_DIR)
    .filter((f) => f.endsWith('.zolt'))
    .map((f) => f.slice(0, -'.zolt'.length))
    .filter((name) => fs.existsSync(path.join(PROGRAM_DIR, `${name}.c`)) && fs.existsSync(path.join(PROGRAM_DIR, `${name}.out`)))
    .sort()
    .map((name) => {
      const zolt = path.join(PROGRAM_DIR, `${name}.zolt`);
      const text = fs.readFileSync(zolt, 'utf8');
      return { name, zolt, c: path.join(PROGRAM_DIR, `${name}.c`), expected: fs.readFileSync(path.join(PROGRAM_DIR, `${name}.out`)), text, lines: lineCount(text) };
    });
}

function lineCount(text: string): number {
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

interface CCompiler {
  id: 'gcc-O2' | 'gcc-O0' | 'tcc';
  label: string;
  command: string;
  /** Flags before the source for an executable; `-c` instead of `-o` makes an object. */
  flags: string[];
}

function cCompilers(tcc: string | undefined): CCompiler[] {
  const all: CCompiler[] = [
    { id: 'gcc-O2', label: 'gcc -O2', command: 'gcc', flags: ['-O2'] },
    { id: 'gcc-O0', label: 'gcc -O0', command: 'gcc', flags: ['-O0'] },
  ];
  if (tcc !== undefined) all.push({ id: 'tcc', label: 'tcc', command: tcc, flags: [] });
  return all;
}

/** An executable (linked with libm, which the float programs need), or with `object` an object file. */
function compileCArgs(cc: CCompiler, source: string, output: string, object = false): string[] {
  return object ? [...cc.flags, '-c', '-o', output, source] : [...cc.flags, '-o', output, source, '-lm'];
}

// ------------------------------------------------------------------ 1. run time

interface RunRow {
  name: string;
  /** Median ms (NaN when the executable failed or could not be built) per executable. */
  ms: Record<string, number>;
  runs: Record<string, number>;
  failures: string[];
  load: Load;
  /** zolt / gcc -O2. */
  ratio: number;
}

function measureRunTime(program: Program, executables: ReadonlyMap<string, string>, runs: number): RunRow {
  const timed: Timed[] = [...executables].map(([id, file]) => ({ id, reps: runs, samples: [], run: () => sample(file, [], PROGRAM_DIR, program.expected) }));
  const { load } = accounted(() => interleave(timed));
  const row: RunRow = { name: program.name, ms: {}, runs: {}, failures: [], load, ratio: NaN };
  for (const t of timed) {
    const s = summary(t.samples);
    row.ms[t.id] = s.ms;
    row.runs[t.id] = s.n;
    if (s.failure) row.failures.push(`${program.name}, ${label(t.id)}: ${s.failure}`);
  }
  row.ratio = (row.ms['zolt'] ?? NaN) / (row.ms['gcc-O2'] ?? NaN);
  return row;
}

const LABELS: Record<string, string> = { zolt: 'zolt (native)', 'gcc-O2': 'gcc -O2', 'gcc-O0': 'gcc -O0', tcc: 'tcc' };

function label(id: string): string {
  return LABELS[id] ?? id;
}

// ------------------------------------------------------------------ 2. compile time

interface CompileRow {
  name: string;
  lines: number;
  cLines: number;
  warm: Phases;
  /** The first build of a fresh process (median over --runs processes). */
  cold: ColdBuild | undefined;
  /** Median ms of each process: zolt build, tcc -c, tcc -o, gcc -O0, gcc -O2. */
  processes: Record<string, number>;
  load: Load;
}

function measureCompileTime(grammar: ZoltGrammar, program: Program, compilers: readonly CCompiler[], options: Options, tmp: string, broken: string[], notes: string[]): CompileRow {
  const { result, load } = accounted(() => {
    // In process: every program has been built once before (for the run-time section), so this is warm.
    const warm: Phases[] = [];
    for (let i = 0; i < options.builds; i++) {
      const built = buildInProcess(grammar, program.zolt, program.text);
      if (!built.ok) {
        broken.push(`${program.name}: in-process build failed: ${built.error}`);
        break;
      }
      warm.push(built.phases);
    }
    const colds: ColdBuild[] = [];
    for (let i = 0; i < options.runs; i++) {
      const cold = coldBuild(program.zolt, path.join(tmp, `${program.name}.cold`));
      if (typeof cold === 'string') {
        broken.push(cold);
        break;
      }
      colds.push(cold);
    }
    const timed: Timed[] = [
      { id: 'zolt build', reps: options.runs, samples: [], run: () => sample(process.execPath, [ZOLT, 'build', program.zolt, '-o', path.join(tmp, `${program.name}.zb`)], ROOT) },
    ];
    for (const cc of compilers) {
      const run = (object: boolean) => () => sample(cc.command, compileCArgs(cc, program.c, path.join(tmp, `${program.name}.${cc.id}.${object ? 'o' : 'build'}`), object), ROOT);
      if (cc.id === 'tcc') timed.push({ id: 'tcc -c', reps: options.builds, samples: [], run: run(true) });
      timed.push({ id: cc.id === 'tcc' ? 'tcc -o' : cc.label, reps: options.builds, samples: [], run: run(false) });
    }
    interleave(timed);
    const processes: Record<string, number> = {};
    for (const t of timed) {
      const s = summary(t.samples);
      processes[t.id] = s.ms;
      if (s.failure) broken.push(`${program.name}: ${t.id} failed: ${s.failure}`);
    }
    return { warm, colds, processes };
  });
  const zb = path.join(tmp, `${program.name}.zb`);
  const inProcess = path.join(tmp, `${program.name}.zolt-exe`);
  if (fs.existsSync(zb) && fs.existsSync(inProcess) && !fs.readFileSync(zb).equals(fs.readFileSync(inProcess))) {
    // Not broken (both may run correctly), but the backend is meant to be deterministic.
    notes.push(`${program.name}: \`zolt build\` wrote other bytes than the in-process build`);
  }
  return {
    name: program.name,
    lines: program.lines,
    cLines: lineCount(fs.readFileSync(program.c, 'utf8')),
    warm: medianPhases(result.warm),
    cold: result.colds.length > 0 ? medianCold(result.colds) : undefined,
    processes: result.processes,
    load,
  };
}

function medianCold(all: readonly ColdBuild[]): ColdBuild {
  return { startAndLoad: median(all.map((c) => c.startAndLoad)), grammar: median(all.map((c) => c.grammar)), phases: medianPhases(all.map((c) => c.phases)) };
}

/** Spawning a process that does nothing, and Node doing nothing: what every process figure includes. */
function baselines(runs: number): { trueMs: number; nodeMs: number } {
  const timed: Timed[] = [
    { id: 'true', reps: runs, samples: [], run: () => sample('/bin/true', [], ROOT) },
    { id: 'node', reps: runs, samples: [], run: () => sample(process.execPath, ['-e', '0'], ROOT) },
  ];
  interleave(timed);
  return { trueMs: summary(timed[0]!.samples).ms, nodeMs: summary(timed[1]!.samples).ms };
}

const HELLO = 'fn main() {\n    println("hello, world");\n}\n';

/** Hello world built in process, warm (median): the part of every build that no program's size explains. */
function measureHello(grammar: ZoltGrammar, builds: number, tmp: string): Phases | string {
  const file = path.join(tmp, 'hello.zolt');
  const all: Phases[] = [];
  // One more build than counted: the first build of a new text does work the others do not.
  for (let i = 0; i <= builds; i++) {
    const built = buildInProcess(grammar, file, HELLO);
    if (!built.ok) return `hello world does not build: ${built.error}`;
    if (i > 0) all.push(built.phases);
  }
  return medianPhases(all);
}

// ------------------------------------------------------------------ 3. save to executable at 10,000 lines

/**
 * One unit of the generated program: an enum, a struct with a default, a pure function, a
 * switch, a function through a pointer, and a driver with loops over an allocated slice, a
 * defer, integer and float arithmetic, and a print. The constants vary with `i`, so no two
 * units compute the same thing.
 */
function generatedUnit(i: number): string {
  const a = 17 + (i % 29);
  const b = 3 + (i % 11);
  const shift = 3 + (i % 7);
  const m = 1_000_003 + 2 * i;
  const len = 8 + (i % 9);
  return `/// Unit ${i}: an accumulator driven by a table.
enum Mode${i} { Add, Mix, Keep }

struct Acc${i} {
    sum: i64,
    count: i64,
    scale: f64 = 1.0,
}

fn mix${i}(x0: i64, y: i64) -> i64 {
    var x = x0 * ${a} + y * ${b};
    x = x ^ (x >> ${shift});
    return x % ${m};
}

fn mode${i}(k: i64) -> Mode${i} {
    if k % 3 == 0 {
        return Mode${i}.Add;
    }
    if k % 3 == 1 {
        return .Mix;
    }
    return .Keep;
}

fn step${i}(acc: *Acc${i}, v: i64) {
    switch mode${i}(v) {
        case .Add {
            acc.sum += v;
        }
        case .Mix {
            acc.sum = mix${i}(acc.sum, v);
        }
        case .Keep {
            acc.scale = acc.scale * 0.5 + v as f64 * 0.25;
        }
    }
    acc.count += 1;
}

fn run${i}(n: i64) -> i64 {
    var acc = Acc${i}{ sum: ${i}, count: 0 };
    var data = alloc(i64, ${len});
    defer free(data);
    for k in 0..data.len {
        data[k] = (k * ${a} + n) % 97;
    }
    var total: i64 = 0;
    for r in 0..n {
        for k in 0..data.len {
            step${i}(&acc, data[k] + r);
        }
        if acc.sum % 2 == 0 {
            total += acc.sum / 3;
        } else {
            total -= acc.count;
        }
        while total > 1_000_000 {
            total -= 999_983;
        }
    }
    println("unit ${i}: ", total, " ", acc.count, " ", (acc.scale * 1000.0) as i64);
    return total + ${i};
}

`;
}

/** Units until the program has at least `lines` lines, then a main that runs them all. */
function generateProgram(lines: number): { text: string; lines: number; units: number } {
  const unitLines = lineCount(generatedUnit(0));
  const mainOverhead = 5;
  const units = Math.ceil((lines - mainOverhead) / (unitLines + 1));
  const parts: string[] = ['// Generated by bench/native.ts: the 10,000-line save-to-executable workload.\n\n'];
  for (let i = 0; i < units; i++) parts.push(generatedUnit(i));
  parts.push('fn main() {\n    var grand: i64 = 0;\n');
  for (let i = 0; i < units; i++) parts.push(`    grand += run${i}(${2 + (i % 4)});\n`);
  parts.push('    println("total: ", grand);\n}\n');
  const text = parts.join('');
  return { text, lines: lineCount(text), units };
}

interface SaveResult {
  lines: number;
  units: number;
  bytes: number;
  cold: Phases;
  warm: Phases;
  builds: number;
  zoltBuildProcess: number;
  load: Load;
  /** What the verification found wrong (empty when the program checks clean and runs as sim does). */
  problems: string[];
}

/** Errors and warnings of the generated file: it must have none. */
function checkClean(grammar: ZoltGrammar, file: string, text: string): string[] {
  const workspace = new Workspace(grammar);
  try {
    workspace.open(file, text, 1);
    return workspace
      .diagnostics(file)
      .filter((d) => d.severity === 'error' || d.severity === 'warning')
      .slice(0, 5)
      .map((d) => {
        const at = workspace.document(file)?.lineIndex.position(d.start);
        return `${at ? at.line + 1 : '?'}: ${d.severity} ${d.code}: ${d.message}`;
      });
  } finally {
    workspace.dispose();
  }
}

function measureSave(grammar: ZoltGrammar, options: Options, tmp: string): SaveResult | string {
  const generated = generateProgram(GENERATED_LINES);
  const dir = path.join(tmp, 'generated');
  fs.mkdirSync(dir);
  const file = path.join(dir, 'generated.zolt');
  fs.writeFileSync(file, generated.text);
  const exe = path.join(dir, 'generated');
  const problems = checkClean(grammar, file, generated.text).map((d) => `the generated program: ${d}`);
  // The first build of this text in the process: the compiler's code is warm from the
  // benchmark programs, but this program's own work is done for the first time.
  const first = buildInProcess(grammar, file, generated.text, exe);
  if (!first.ok) return `the generated ${generated.lines}-line program does not build: ${first.error}`;
  // Verified by running it: the interpreter's output is the reference, as in the tests.
  const sim = timeProcess(process.execPath, [ZOLT, 'sim', file], dir);
  const native = timeProcess(exe, [], dir);
  if (sim.status !== 0) problems.push(`zolt sim of the generated program exited ${sim.status ?? sim.signal}: ${sim.stderr.trim().slice(0, 200)}`);
  if (native.status !== 0) problems.push(`the generated program's executable exited ${native.status ?? native.signal}: ${native.stderr.trim().slice(0, 200)}`);
  else if (!native.stdout.equals(sim.stdout)) problems.push(`the generated program's executable: ${mismatch(native.stdout, sim.stdout).replace('NAME.out', "zolt sim's output")}`);
  if (native.stdout.toString('utf8').split('\n').length < generated.units) problems.push('the generated program printed fewer lines than it has units');
  const { result, load } = accounted(() => {
    const warm: Phases[] = [];
    for (let i = 0; i < options.builds; i++) {
      const built = buildInProcess(grammar, file, generated.text, exe);
      if (!built.ok) return built.error;
      warm.push(built.phases);
    }
    const zb: Timed = { id: 'zolt build', reps: options.runs, samples: [], run: () => sample(process.execPath, [ZOLT, 'build', file, '-o', `${exe}.zb`], dir) };
    interleave([zb]);
    return { warm, zoltBuild: summary(zb.samples) };
  });
  if (typeof result === 'string') return `a warm build of the generated program failed: ${result}`;
  if (result.zoltBuild.failure) problems.push(`zolt build of the generated program: ${result.zoltBuild.failure}`);
  return {
    lines: generated.lines,
    units: generated.units,
    bytes: first.bytes.length,
    cold: first.phases,
    warm: medianPhases(result.warm),
    builds: result.warm.length,
    zoltBuildProcess: result.zoltBuild.ms,
    load,
    problems,
  };
}

// ------------------------------------------------------------------ the report

function ms(x: number, digits = 1): string {
  return Number.isFinite(x) ? `${fmt(x, digits)} ms` : 'n/a';
}

function times(x: number, digits = 2): string {
  return Number.isFinite(x) ? `${fmt(x, digits)}x` : 'n/a';
}

function geomean(values: readonly number[]): number {
  const finite = values.filter((v) => Number.isFinite(v) && v > 0);
  if (finite.length === 0) return NaN;
  return Math.exp(finite.reduce((sum, v) => sum + Math.log(v), 0) / finite.length);
}

/** `met: 1.62x against 2.00x (19% to spare)` or `missed: 2.31x against 2.00x (16% over)`. */
function verdict(figure: number, limit: number, unit: (x: number) => string): string {
  if (!Number.isFinite(figure)) return '**unknown** (no figure: see what broke)';
  const percent = Math.abs(figure / limit - 1) * 100;
  return figure <= limit
    ? `met: ${unit(figure)} against ${unit(limit)} (${fmt(percent, 0)}% to spare)`
    : `**missed: ${unit(figure)} against ${unit(limit)} (${fmt(figure / limit, 2)} times the limit, ${fmt(percent, 0)}% over)**`;
}

interface Report {
  options: Options;
  info: MachineInfo;
  loadStart: string;
  loadEnd: string;
  seconds: number;
  firstBuild: { name: string; phases: Phases } | undefined;
  run: RunRow[];
  compile: CompileRow[];
  baseline: { trueMs: number; nodeMs: number };
  /** A hello-world program built in process, warm: what every build costs whatever the program. */
  hello: Phases | undefined;
  save: SaveResult | string;
  broken: string[];
  notes: string[];
}

function runTable(report: Report, ids: readonly string[]): string[] {
  const others = ids.filter((id) => id !== 'zolt' && id !== 'gcc-O2');
  return [
    `| program | ${ids.map(label).join(' | ')} | **zolt / gcc -O2** | ${others.map((id) => `zolt / ${label(id)}`).join(' | ')} | output | others' CPU / load |`,
    `|---|${ids.map(() => '---:').join('|')}|---:|${others.map(() => '---:').join('|')}|---|---|`,
    ...report.run.map((r) => {
      const outputs = r.failures.length === 0 ? 'all match' : `**${r.failures.length} wrong (below)**`;
      return `| ${r.name} | ${ids.map((id) => ms(r.ms[id] ?? NaN)).join(' | ')} | **${times(r.ratio)}** | ${others.map((id) => times((r.ms['zolt'] ?? NaN) / (r.ms[id] ?? NaN))).join(' | ')} | ${outputs} | ${loadCell(r.load)} |`;
    }),
    `| **geometric mean** | ${ids.map(() => '').join(' | ')} | **${times(geomean(report.run.map((r) => r.ratio)))}** | ${others.map((id) => times(geomean(report.run.map((r) => (r.ms['zolt'] ?? NaN) / (r.ms[id] ?? NaN))))).join(' | ')} | | |`,
  ];
}

const PHASE_HEADER = 'workspace | check | elaborate | lower | front end | backend | ELF | **warm total**';
const PHASE_ALIGN = '---:|---:|---:|---:|---:|---:|---:|---:';

/** The cells of PHASE_HEADER; with `write`, a write cell before the total (a build that wrote its file). */
function phaseCells(p: Phases, digits: number, write = false): string {
  const cells = [p.workspace, p.check, p.elaborate, p.lower, p.front, p.backend, p.elf, ...(write ? [p.write] : [])];
  return `${cells.map((x) => ms(x, digits)).join(' | ')} | **${ms(p.total, digits)}**`;
}

function phaseTable(report: Report): string[] {
  return [
    `| program | lines | ${PHASE_HEADER} | cold: process start + load | cold: grammar | cold: build | \`zolt build\` process | others' CPU / load |`,
    `|---|---:|${PHASE_ALIGN}|---:|---:|---:|---:|---|`,
    ...(report.hello ? [`| *hello world* | 3 | ${phaseCells(report.hello, 2)} | | | | | |`] : []),
    ...report.compile.map((r) => {
      const w = r.warm;
      const c = r.cold;
      return `| ${r.name} | ${r.lines} | ${phaseCells(w, 2)} | ${ms(c?.startAndLoad ?? NaN, 0)} | ${ms(c?.grammar ?? NaN, 0)} | ${ms(c?.phases.total ?? NaN, 0)} (backend ${ms(c?.phases.backend ?? NaN, 0)}) | ${ms(r.processes['zolt build'] ?? NaN, 0)} | ${loadCell(r.load)} |`;
    }),
  ];
}

/** Zolt's in-process warm build against tcc -o (the target), or against gcc -O0 without tcc. */
function compileReference(report: Report): string {
  return report.info.tcc === undefined ? 'gcc -O0' : 'tcc -o';
}

function compileTable(report: Report): string[] {
  const reference = compileReference(report);
  return [
    `| program | C lines | tcc -c | tcc -o | gcc -O0 | gcc -O2 | zolt warm (in process) | **zolt warm / ${reference}** | zolt backend / ${reference} | \`zolt build\` / ${reference} | below ${reference}? |`,
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ...report.compile.map((r) => {
      const ref = r.processes[reference] ?? NaN;
      const ratio = r.warm.total / ref;
      return `| ${r.name} | ${r.cLines} | ${ms(r.processes['tcc -c'] ?? NaN, 2)} | ${ms(r.processes['tcc -o'] ?? NaN, 2)} | ${ms(r.processes['gcc -O0'] ?? NaN, 1)} | ${ms(r.processes['gcc -O2'] ?? NaN, 1)} | ${ms(r.warm.total, 2)} | **${times(ratio)}** | ${times(r.warm.backend / ref)} | ${times((r.processes['zolt build'] ?? NaN) / ref, 0)} | ${Number.isFinite(ratio) ? (ratio < 1 ? 'yes' : '**no**') : 'n/a'} |`;
    }),
    `| **geometric mean** | | | | | | | **${times(geomean(report.compile.map((r) => r.warm.total / (r.processes[reference] ?? NaN))))}** | ${times(geomean(report.compile.map((r) => r.warm.backend / (r.processes[reference] ?? NaN))))} | ${times(geomean(report.compile.map((r) => (r.processes['zolt build'] ?? NaN) / (r.processes[reference] ?? NaN))), 0)} | |`,
  ];
}

function markdown(report: Report): string {
  const { info, options, save } = report;
  const ids = ['zolt', ...cCompilers(info.tccPath).map((c) => c.id)];
  const runGeomean = geomean(report.run.map((r) => r.ratio));
  const worst = report.run.reduce((w, r) => (r.ratio > w.ratio ? r : w), report.run[0]!);
  const reference = compileReference(report);
  const compileRatios = report.compile.map((r) => r.warm.total / (r.processes[reference] ?? NaN));
  const compileGeomean = geomean(compileRatios);
  const below = compileRatios.filter((x) => x < 1).length;
  const refMs = report.compile.map((r) => r.processes[reference] ?? NaN).filter(Number.isFinite);
  const busyRows = [...report.run.filter((r) => busy(r.load)).map((r) => `run time of ${r.name}`), ...report.compile.filter((r) => busy(r.load)).map((r) => `compile time of ${r.name}`)];
  if (typeof save !== 'string' && busy(save.load)) busyRows.push('save to executable');
  const saveLine = typeof save === 'string' ? `**broken: ${save}**` : verdict(save.warm.total, TARGET_SAVE_MS, (x) => ms(x, 1));
  const tccLine = info.tcc === undefined
    ? '**tcc: not installed** (neither `tcc` in PATH nor /usr/bin/tcc): its columns are empty, and the compile-time target is compared with `gcc -O0` instead, which is slower than tcc.'
    : `${info.tcc} (\`${info.tccPath}\`).`;
  return [
    '# Native backend against C compilers',
    '',
    ...(report.broken.length > 0 ? ['## BROKEN: a build failed or an output differs; the figures it touches do not count', '', ...report.broken.map((b) => `- **${b}**`), ''] : []),
    `Measured ${info.date} by \`npm run bench:native${options.runs !== 5 || options.builds !== 10 ? ` -- --runs ${options.runs} --builds ${options.builds}` : ''}\` (${fmt(report.seconds, 0)} s).`,
    '',
    `- Machine: ${info.cpu}, \`nproc\` ${info.nproc}, ${info.kernel}.`,
    `- Load (\`/proc/loadavg\`) at the start: \`${report.loadStart}\`; at the end: \`${report.loadEnd}\`.`,
    `- Node ${info.node}; ${info.gcc}; ${tccLine}`,
    `- The compiler of commit ${info.commit}${info.serverModified ? ', with uncommitted changes in server/ (others were editing it)' : ''}.`,
    `- Under load: ${busyRows.length === 0 ? `no measurement had other processes using more than ${BUSY_PERCENT}% of a core.` : `**${busyRows.length === report.run.length + report.compile.length + (typeof save === 'string' ? 0 : 1) ? 'every measurement' : busyRows.join(', ')}**: other processes used more than ${BUSY_PERCENT}% of a core (or the host stole it) meanwhile; those figures are noisy.`}`,
    '',
    ...(report.notes.length > 0 ? ['**Noticed:**', '', ...report.notes.map((n) => `- ${n}`), ''] : []),
    '## Targets',
    '',
    '| target | result |',
    '|---|---|',
    `| run time: geometric mean of zolt / gcc -O2 at most ${fmt(TARGET_RUN_GEOMEAN, 1)}x | ${verdict(runGeomean, TARGET_RUN_GEOMEAN, (x) => times(x))} |`,
    `| run time: no program above ${fmt(TARGET_RUN_WORST, 1)}x gcc -O2 | the slowest, ${worst.name}: ${verdict(worst.ratio, TARGET_RUN_WORST, (x) => times(x))} |`,
    `| compile time below ${reference}'s (in-process warm build, source text to executable bytes, against \`${reference}\` as a process) | ${below} of ${compileRatios.length} programs below; geometric mean ${verdict(compileGeomean, 1, (x) => times(x))}; ${reference} took ${ms(Math.min(...refMs), 1)} to ${ms(Math.max(...refMs), 1)} |`,
    `| save to executable at 10,000 lines under ${TARGET_SAVE_MS} ms (in process, warm, median) | ${saveLine} |`,
    '',
    '## 1. Run time',
    '',
    `Median wall time of ${options.runs} runs of each executable at the program's default size (the N whose output NAME.out holds), the executables taking turns. Every run's stdout is compared with NAME.out byte for byte.`,
    '"Others\' CPU / load": CPU that other processes used while the row was measured, in % of one core, and the 1-minute load average when it started.',
    '',
    ...runTable(report, ids),
    '',
    '## 2. Compile time',
    '',
    `**In process.** Source text to executable bytes in memory, median of ${options.builds} builds after every program was built once (warm): a fresh workspace each time, so nothing of the program is reused, but the process keeps the grammar, the JIT-compiled compiler and the runtime's machine code. *Workspace* is \`new Workspace\`, which reads and parses the standard library; *check* is parsing the program, its declarations and every check of its files; *front end* is those with *elaborate* and *lower*, timed as one; *backend* is compileNative (IR passes, runtime merge, SSA, selection, register allocation, emission); *ELF* is executableBytes. The *hello world* row is the same for a three-line program: the part of every build that does not grow with the program (the standard library, the runtime merged in and optimised with the program).`,
    `**Cold** is the first build of a fresh \`node\` process (median of ${options.runs} processes): *process start + load* is Node's start and the loading of the compiler's modules, from the process's start to the script's first line; *grammar* is loading the tree-sitter grammar; *build* is the build itself, which includes compiling the runtime's functions the program reaches.${report.firstBuild ? ` The first build of this benchmark's own process (${report.firstBuild.name}) took ${ms(report.firstBuild.phases.total, 0)}.` : ''}`,
    `**\`zolt build\`** is \`node server/bin/zolt.js build NAME.zolt -o OUT\` as a process (median of ${options.runs}); its executable is checked to be the in-process build's bytes.`,
    '',
    ...phaseTable(report),
    '',
    `**Against C compilers**, each a process on the C twin (median of ${options.builds}, interleaved): \`tcc -c\` (object), \`tcc -o\`, \`gcc -O0 -o\` and \`gcc -O2 -o\` (executables, \`-lm\`). A process figure includes starting the process: spawning \`/bin/true\` takes ${ms(report.baseline.trueMs, 2)} here, and \`node -e 0\` ${ms(report.baseline.nodeMs, 0)}. The in-process Zolt figure has no process start, so the like-for-like process comparison is the \`zolt build\` column.`,
    '',
    ...compileTable(report),
    '',
    '## 3. Save to executable at 10,000 lines',
    '',
    ...saveSection(report),
    '',
    '## Method',
    '',
    '- The Zolt executables are built in this process by `compileNative` and `executableBytes` (`zolt-server/backend`) after `Workspace`, `elaborate` and `lowerProgram`, as `zolt build` does; the C twins are compiled before the timing by `gcc -O2`, `gcc -O0` and tcc with `-lm`.',
    `- Every program and compiler run is a process timed from spawn to exit (\`spawnSync\`). Runs take turns in rounds, each round starting with the next command, so that a burst of noise falls on all of them; a command that fails is not rerun.`,
    `- Others' CPU comes from \`/proc/stat\` (the machine's busy ticks) minus \`/proc/self/stat\` (this process and every child it waited for). Over ${BUSY_PERCENT}% of a core, or as much stolen by the host, flags the row.`,
    '- Timings never fail the run; it exits non-zero only when a build fails or an output differs, and this file then starts with what broke.',
    '',
  ].join('\n');
}

function saveSection(report: Report): string[] {
  const save = report.save;
  if (typeof save === 'string') return [`**Broken:** ${save}`];
  const w = save.warm;
  const c = save.cold;
  return [
    `A generated program of ${save.lines} lines (${save.units} units, each an enum, a struct, four functions with loops, a switch, a pointer parameter, an allocated slice with \`defer free\`, integer and float arithmetic and a print, and a \`main\` that calls them), written by \`generateProgram\` in bench/native.ts.`,
    `Verified: it checks with no errors and no warnings, builds, and its executable prints what \`zolt sim\` prints${save.problems.length > 0 ? ': **NOT SO, see below**' : ''}. Its executable is ${fmt(save.bytes / 1024, 0)} KiB.`,
    ...(save.problems.length > 0 ? ['', ...save.problems.map((p) => `- **${p}**`)] : []),
    '',
    `From source text in memory to the executable written to disk, in process (median of ${save.builds} warm builds; the first build of this text in the process, after the benchmark programs, as "first"):`,
    '',
    `| | ${PHASE_HEADER.replace('**warm total**', 'write | **total**')} |`,
    `|---|${PHASE_ALIGN}|---:|`,
    `| warm (median) | ${phaseCells(w, 1, true)} |`,
    `| first | ${phaseCells(c, 1, true)} |`,
    '',
    `Target under ${TARGET_SAVE_MS} ms: ${verdict(w.total, TARGET_SAVE_MS, (x) => ms(x, 1))}. \`zolt build\` of the same file as a process: ${ms(save.zoltBuildProcess, 0)} (median of ${report.options.runs}). Others' CPU / load meanwhile: ${loadCell(save.load)}.`,
  ];
}

// ------------------------------------------------------------------ main

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === '--cold') return coldChild(argv[1]!, argv[2]!);
  const options = parseOptions(argv);
  const loadStart = loadavg();
  const started = performance.now();
  console.log(`load average at the start: ${loadStart}`);
  if (os.loadavg()[0]! > os.cpus().length * 0.75) console.warn('warning: the machine is busy; the figures will be noisy and are flagged where others used the CPU');
  const info = machineInfo();
  if (info.tcc === undefined) console.warn('tcc is not installed: its columns stay empty (apt-get install tcc brings it)');
  const grammar = await loadGrammar();
  const all = programs();
  const compilers = cCompilers(info.tccPath);
  const broken: string[] = [];
  /** Odd but not broken: said in the report, not in the exit status. */
  const notes: string[] = [];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zolt-bench-native-'));
  try {
    // Every executable is built before any timing; the first in-process build is the process's cold one.
    let firstBuild: Report['firstBuild'];
    const executables = new Map<string, Map<string, string>>();
    for (const p of all) {
      const mine = new Map<string, string>();
      const exe = path.join(tmp, `${p.name}.zolt-exe`);
      const built = buildInProcess(grammar, p.zolt, p.text, exe);
      if (built.ok) {
        mine.set('zolt', exe);
        firstBuild ??= { name: p.name, phases: built.phases };
      } else broken.push(`${p.name}: the Zolt build failed: ${built.error}`);
      for (const cc of compilers) {
        const out = path.join(tmp, `${p.name}.${cc.id}`);
        const result = spawnSync(cc.command, compileCArgs(cc, p.c, out), { encoding: 'utf8' });
        if (result.status === 0) mine.set(cc.id, out);
        else broken.push(`${p.name}: ${cc.label} failed: ${(result.stderr ?? result.error?.message ?? '').trim().split('\n').slice(0, 3).join(' / ')}`);
      }
      executables.set(p.name, mine);
    }

    const run = all.map((p) => {
      const row = measureRunTime(p, executables.get(p.name)!, options.runs);
      broken.push(...row.failures);
      console.log(`run time   ${p.name}: ${[...executables.get(p.name)!.keys()].map((id) => `${label(id)} ${ms(row.ms[id] ?? NaN)}`).join(', ')}; zolt / gcc -O2 ${times(row.ratio)}; others ${fmt(row.load.othersPercent, 0)}%`);
      return row;
    });

    const baseline = baselines(options.builds);
    const compile = all.map((p) => {
      const row = measureCompileTime(grammar, p, compilers, options, tmp, broken, notes);
      console.log(`compile    ${p.name}: warm ${ms(row.warm.total, 2)} (front end ${ms(row.warm.front, 2)}, backend ${ms(row.warm.backend, 2)}), cold ${ms(row.cold?.phases.total ?? NaN, 0)}, zolt build ${ms(row.processes['zolt build'] ?? NaN, 0)}, tcc -o ${ms(row.processes['tcc -o'] ?? NaN, 2)}, gcc -O0 ${ms(row.processes['gcc -O0'] ?? NaN, 1)}`);
      return row;
    });

    const hello = measureHello(grammar, options.builds, tmp);
    if (typeof hello === 'string') broken.push(hello);

    const save = measureSave(grammar, options, tmp);
    if (typeof save === 'string') broken.push(save);
    else {
      broken.push(...save.problems);
      console.log(`save       ${save.lines} lines: warm ${ms(save.warm.total)}, first ${ms(save.cold.total)}, zolt build ${ms(save.zoltBuildProcess, 0)}`);
    }

    const report: Report = { options, info, loadStart, loadEnd: loadavg(), seconds: (performance.now() - started) / 1000, firstBuild, run, compile, baseline, hello: typeof hello === 'string' ? undefined : hello, save, broken, notes };
    const text = markdown(report);
    fs.writeFileSync(RESULTS, text);
    console.log(`\n${text}`);
    if (broken.length > 0) {
      console.error(`BROKEN: ${broken.length} problem(s):\n${broken.join('\n')}`);
      process.exitCode = 1;
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exitCode = 1;
});
