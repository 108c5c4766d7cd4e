// Running generated programs (program-generator.ts) and comparing two ways of running them.
//
// A runner takes a program file and gives its stdout, stderr and exit status. `SimRunner` is
// the interpreter in this process (check, elaborate, lower, verify the IR, run with the output
// collected): about 100 times cheaper than a `zolt sim` process per program. `spawnRunner` runs
// a `zolt` verb as a process (`sim`, or `run` for the native backend). `differential` generates
// the program of a seed, runs it through two runners and reports the first difference with the
// seed and the path of the program, which stays on disk for the report:
//
//   const diff = await differential(seed, new SimRunner(grammar), spawnRunner('run'));
//   if (diff) assert.fail(diff.report);
//
// A process that has run a few hundred programs with SimRunner cannot fork any more (the
// interpreter keeps each program's memory): run many seeds through soak.ts's checkSeeds,
// which gives each chunk of seeds a process of its own.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { lowerProgram, verifyIr, type IrProgram } from 'zolt-server/ir';
import { optimize } from 'zolt-server/ir/opt/index';
import { Workspace } from 'zolt-server/semantics';
import { elaborate } from 'zolt-server/semantics/elaborate';
import type { Diagnostic, ZoltGrammar } from 'zolt-server/syntax';
import { run, type Output } from 'zolt-server/vm';
import { compileNative, executableBytes } from 'zolt-server/backend';
import { writeAtomically } from 'zolt-server/build/output';
import { generate, type GeneratedProgram, type GeneratorOptions } from './program-generator';
import { fromRoot } from './paths';

export interface RunResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly status: number;
}

/** A generated program, written to a file (runners that spawn a process need one). */
export interface ProgramFile {
  readonly seed: number;
  readonly text: string;
  readonly file: string;
  /** The folder to run it in: error reports name the file relative to it. */
  readonly dir: string;
}

export interface Runner {
  readonly name: string;
  run(program: ProgramFile): RunResult | Promise<RunResult>;
}

/** Where generated programs are written: one file per seed, overwritten by the next run. */
export const GENERATED_DIR = path.join(os.tmpdir(), 'zolt-generated');

/** The program's file (written, unless `write` is false: the in-process runner needs no file). */
export function programFile(program: GeneratedProgram, write = true): ProgramFile {
  const file = path.join(GENERATED_DIR, `seed-${program.seed}.zolt`);
  if (write) {
    fs.mkdirSync(GENERATED_DIR, { recursive: true });
    fs.writeFileSync(file, program.text);
  }
  return { seed: program.seed, text: program.text, file, dir: GENERATED_DIR };
}

// ------------------------------------------------------------------ in-process interpreter

export interface Compiled {
  /** Errors and warnings of the check, as `line:column: severity code: message`. */
  readonly diagnostics: readonly string[];
  readonly errors: number;
  readonly warnings: number;
  readonly ir: IrProgram | undefined;
  /** What the IR verifier says of the lowered program, before and after the IR passes. */
  readonly verifier: readonly string[];
}

/** The interpreter in this process. Deep recursion is limited by this thread's stack. */
export class SimRunner implements Runner {
  readonly name = 'sim (in process)';

  constructor(
    private readonly grammar: ZoltGrammar,
    /** Bytes of memory for each program (the interpreter's default is 1 GB). */
    private readonly memory = 128 << 20,
  ) {}

  /** Checks, elaborates, lowers and verifies (the IR after the passes too, unless `verifyOptimised` is false). */
  compile(program: ProgramFile, verifyOptimised = true): Compiled {
    const workspace = new Workspace(this.grammar);
    try {
      workspace.open(program.file, program.text, 1);
      const document = workspace.document(program.file);
      const diagnostics = workspace.diagnostics(program.file).filter((d) => d.severity === 'error' || d.severity === 'warning');
      const shown = diagnostics.map((d) => describe(d, (offset) => document?.lineIndex.position(offset)));
      const errors = diagnostics.filter((d) => d.severity === 'error').length;
      const warnings = diagnostics.length - errors;
      const result = elaborate(workspace, program.file, { roots: 'main' });
      if (!result.ok) return { diagnostics: shown, errors: Math.max(errors, 1), warnings, ir: undefined, verifier: [] };
      const ir = lowerProgram(result.program, (f) => workspace.document(f)?.lineIndex);
      const optimised = verifyOptimised ? verifyIr(optimize(ir)).map((p) => `optimised: ${p}`) : [];
      const verifier = [...verifyIr(ir).map((p) => `lowered: ${p}`), ...optimised];
      return { diagnostics: shown, errors, warnings, ir, verifier };
    } finally {
      workspace.dispose();
    }
  }

  execute(ir: IrProgram, dir: string): RunResult {
    const output = new CollectedOutput();
    const status = run(ir, { args: [], output, error: (text) => output.write(2, Buffer.from(text)), cwd: dir, memory: this.memory });
    return { stdout: output.text(1), stderr: output.text(2), status };
  }

  run(program: ProgramFile): RunResult {
    const compiled = this.compile(program);
    if (!compiled.ir) return { stdout: '', stderr: compiled.diagnostics.join('\n') + '\n', status: 1 };
    return this.execute(compiled.ir, program.dir);
  }
}

/** The program's output, kept (both streams apart, each in order). */
class CollectedOutput implements Output {
  private readonly chunks: { 1: Buffer[]; 2: Buffer[] } = { 1: [], 2: [] };
  midLine = false;

  write(stream: 1 | 2, bytes: Uint8Array): void {
    if (bytes.length > 0) this.midLine = bytes[bytes.length - 1] !== 10;
    this.chunks[stream].push(Buffer.from(bytes));
  }

  flush(): void {}

  text(stream: 1 | 2): string {
    return Buffer.concat(this.chunks[stream]).toString('utf8');
  }
}

function describe(d: Diagnostic, position: (offset: number) => { line: number; character: number } | undefined): string {
  const at = position(d.start);
  const where = at ? `${at.line + 1}:${at.character + 1}` : `@${d.start}`;
  return `${where}: ${d.severity} ${d.code}: ${d.message}`;
}

// ------------------------------------------------------------------ the native backend in process

/**
 * The native backend called in this process (the runtime is compiled once per process, not
 * once per program as by `zolt run`), the executable written beside the program and run by the
 * kernel in the program's folder: what `zolt run` does, without a Node start per program.
 */
export class NativeRunner implements Runner {
  readonly name = 'native (in process)';

  constructor(
    private readonly grammar: ZoltGrammar,
    private readonly sim: SimRunner = new SimRunner(grammar),
  ) {}

  run(program: ProgramFile): RunResult {
    const compiled = this.sim.compile(program, false);
    if (!compiled.ir) return { stdout: '', stderr: compiled.diagnostics.join('\n') + '\n', status: 1 };
    const exe = program.file.replace(/\.zolt$/, '');
    const failed = writeAtomically(exe, executableBytes(compileNative(compiled.ir, this.grammar)), 0o755);
    if (failed) throw new Error(`cannot write ${exe}: ${failed}`);
    const result = spawnSync(exe, [], { cwd: program.dir, encoding: 'utf8', timeout: 120_000 });
    if (result.error) throw new Error(`${exe} could not run: ${result.error.message}`);
    return { stdout: result.stdout ?? '', stderr: result.stderr ?? '', status: result.status ?? (result.signal ? 128 + signalNumber(result.signal) : -1) };
  }
}

function signalNumber(signal: NodeJS.Signals): number {
  return os.constants.signals[signal] ?? 0;
}

// ------------------------------------------------------------------ processes

/** `zolt VERB FILE` as a process, in the program's folder (`sim`; `run` for the native backend). */
export function spawnRunner(verb: string, zolt = fromRoot('server/bin/zolt.js')): Runner {
  return {
    name: `zolt ${verb}`,
    run(program) {
      const result = spawnSync(process.execPath, [zolt, verb, path.basename(program.file)], { cwd: program.dir, encoding: 'utf8', timeout: 120_000 });
      if (result.error) throw new Error(`zolt ${verb} could not run: ${result.error.message}`); // ENOMEM: see test/support/soak.ts
      return { stdout: result.stdout ?? '', stderr: result.stderr ?? '', status: result.status ?? -1 };
    },
  };
}

// ------------------------------------------------------------------ comparing

export interface Difference {
  readonly seed: number;
  readonly file: string;
  /** Says what differs first, with the seed and the program's path. */
  readonly report: string;
}

/** Generates the program of `seed`, runs it with both runners and compares what they give. */
export async function differential(seed: number, a: Runner, b: Runner, options: GeneratorOptions = {}): Promise<Difference | undefined> {
  const program = programFile(generate(seed, options));
  const [first, second] = [await a.run(program), await b.run(program)];
  const difference = firstDifference(first, second, a.name, b.name);
  if (!difference) return undefined;
  return { seed, file: program.file, report: `seed ${seed}: ${difference}\nprogram: ${program.file}` };
}

/** The first difference between two runs (stdout, then stderr, then the status), or undefined. */
export function firstDifference(a: RunResult, b: RunResult, nameA = 'A', nameB = 'B'): string | undefined {
  for (const stream of ['stdout', 'stderr'] as const) {
    const line = firstDifferentLine(a[stream], b[stream]);
    if (line) return `${stream} line ${line.number} differs:\n  ${nameA}: ${line.a}\n  ${nameB}: ${line.b}`;
  }
  if (a.status !== b.status) return `exit status differs: ${nameA} ${a.status}, ${nameB} ${b.status}`;
  return undefined;
}

function firstDifferentLine(a: string, b: string): { number: number; a: string; b: string } | undefined {
  if (a === b) return undefined;
  const la = a.split('\n');
  const lb = b.split('\n');
  for (let i = 0; i < Math.max(la.length, lb.length); i++) {
    if (la[i] !== lb[i]) return { number: i + 1, a: JSON.stringify(la[i] ?? '<end>'), b: JSON.stringify(lb[i] ?? '<end>') };
  }
  return undefined;
}

// ------------------------------------------------------------------ the interpreter against the generator

/**
 * What is wrong with the interpreter's run of a generated program, or undefined: the check
 * must find no error or warning (the generator reads every local it declares), the IR verifier nothing, the exit status and the run-time error must be
 * the ones the program was built to end with, and the `@` lines of stdout must be the values
 * the generator computed.
 */
export function simProblems(runner: SimRunner, generated: GeneratedProgram, file: ProgramFile, verifyOptimised = true): string | undefined {
  const compiled = runner.compile(file, verifyOptimised);
  if (compiled.errors + compiled.warnings > 0) return `the check reports:\n${compiled.diagnostics.join('\n')}`;
  if (compiled.verifier.length > 0) return `the IR verifier reports:\n${compiled.verifier.join('\n')}`;
  if (!compiled.ir) return 'the program was not lowered';
  const result = runner.execute(compiled.ir, file.dir);
  if (result.status !== generated.status) return `exit status ${result.status}, expected ${generated.status}\nstderr:\n${result.stderr}`;
  const firstError = result.stderr.split('\n')[0] ?? '';
  if (generated.error === undefined ? result.stderr !== '' : !firstError.includes(`runtime error: ${generated.error}`)) {
    return `stderr is not what the program ends with (${generated.error ?? 'nothing'}):\n${result.stderr}`;
  }
  const actual = result.stdout.split('\n').filter((l) => l.startsWith('@'));
  return oracleDifference(actual, generated.oracleLines);
}

function oracleDifference(actual: readonly string[], expected: readonly string[]): string | undefined {
  for (let i = 0; i < Math.max(actual.length, expected.length); i++) {
    if (actual[i] !== expected[i]) return `oracle line ${i + 1} (the ${i + 1}th line starting with @) differs:\n  printed:  ${actual[i] ?? '<none>'}\n  expected: ${expected[i] ?? '<none>'}`;
  }
  return undefined;
}
