// `zolt build [FILE] [-o OUT] [-O0|-O1|-O2] [--emit elab|ir|asm|obj|exe] [--print-after PASS]
// [--time-passes] [--target x86_64-linux]` and `zolt run [FILE] [-O0|-O1|-O2] [-- ARGS]`.
// `-O` picks the optimisation level (ir/opt/index.ts lists each level's passes; -O2 is the
// default); `--print-after PASS` prints each function of the program after that pass (an IR
// pass: the IR; an SSA pass: the SSA) instead of building; `--time-passes` prints, on stderr,
// the time of each pass and stage summed over the program's functions.
// A program with errors is not compiled (diagnostics as `zolt check` prints them, exit 1).
// `--emit elab` prints the elaborated program, `--emit ir` the lowered IR, `--emit asm` the
// machine code listing with addresses and source lines; `obj` and `exe` (the default) write a
// file: OUT, or the main file's name without `.zolt` (`.o` for obj). The file is written to a
// temporary name beside it and renamed, so a failed build never leaves a partial one.
// `zolt run` builds into the cache folder and runs the executable with the arguments after
// `--`; its exit status is the program's. The steps from a file to an executable
// (build/program.ts) and the atomic write (build/output.ts) are shared with the language
// server's compile on save.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { compileNative, executableBytes, objectBytes, unsupportedTarget } from '../backend';
import { writeAtomically } from '../build/output';
import { lowerChecked } from '../build/program';
import { printIr, type IrProgram } from '../ir';
import { IR_PASSES, type OptLevel } from '../ir/opt';
import { SSA_PASSES } from '../backend/opt';
import { ssaText } from '../backend/ssa/print';
import type { SsaFunction } from '../backend/ssa/ssa';
import { printProgram } from '../semantics/elaborate';
import { loadGrammar } from '../syntax';
import { parseArgs, UsageError } from './args';
import { Exit, type Io } from './io';
import { loadProgram } from './program';
import { mainFile } from './project';

const EMIT = ['elab', 'ir', 'asm', 'obj', 'exe'] as const;
/** The one target, by the names users write for it. */
const TARGETS = ['x86_64-linux', 'x86_64-linux-gnu', 'x86_64-unknown-linux-gnu', 'x86-64-linux'];
type Emit = (typeof EMIT)[number];

/** `-o OUT` and `-O0|-O1|-O2` (single dash, as cc's) taken out before the long options are parsed. */
function takeOutput(args: readonly string[]): { rest: string[]; output?: string; level?: OptLevel } {
  const rest: string[] = [];
  let output: string | undefined;
  let level: OptLevel | undefined;
  for (let i = 0; i < args.length; i++) {
    const optimise = /^-O(\d*)$/.exec(args[i]!);
    if (optimise) {
      const n = optimise[1] === '' ? 2 : Number(optimise[1]);
      if (n !== 0 && n !== 1 && n !== 2) throw new UsageError(`the optimisation levels are -O0, -O1 and -O2, not '${args[i]}'`);
      level = n;
      continue;
    }
    if (args[i] === '-o') {
      output = args[++i];
      if (output === undefined) throw new UsageError("option '-o' needs a file name");
    } else rest.push(args[i]!);
  }
  return { rest, output, level };
}

const PASSES: readonly string[] = [...IR_PASSES, ...SSA_PASSES];

/** Sums the time of each pass over the functions, in the order they first ran. */
class PassTimes {
  private readonly totals = new Map<string, number>();
  readonly add = (pass: string, milliseconds: number): void => {
    this.totals.set(pass, (this.totals.get(pass) ?? 0) + milliseconds);
  };

  timed<T>(stage: string, body: () => T): T {
    const start = performance.now();
    const result = body();
    this.add(stage, performance.now() - start);
    return result;
  }

  table(): string {
    const rows = [...this.totals];
    const total = rows.reduce((sum, [, ms]) => sum + ms, 0);
    const width = Math.max(...rows.map(([name]) => name.length), 5);
    const line = (name: string, ms: number) => `  ${name.padEnd(width)}  ${ms.toFixed(2).padStart(9)} ms  ${((100 * ms) / (total || 1)).toFixed(1).padStart(5)}%`;
    return ['zolt build: time per pass (summed over functions)', ...rows.map(([name, ms]) => line(name, ms)), line('total', total), ''].join('\n');
  }
}

export async function buildCommand(args: readonly string[], io: Io): Promise<number> {
  const { rest, output, level } = takeOutput(args);
  const { positional, flags } = parseArgs(rest, ['emit', 'all', 'std', 'target', 'print-after', 'time-passes'], ['emit', 'target', 'print-after']);
  const printAfter = flags.get('print-after');
  if (printAfter !== undefined && !PASSES.includes(String(printAfter))) throw new UsageError(`--print-after takes a pass: ${PASSES.join(', ')}; not '${String(printAfter)}'`);
  const wanted = flags.get('target');
  if (wanted !== undefined && !TARGETS.includes(String(wanted))) {
    throw new UsageError(`the native backend makes x86-64 Linux code only (--target ${TARGETS[0]}), not '${String(wanted)}'`);
  }
  if (positional.length > 1) throw new UsageError('give one FILE (the main file)');
  const emit = (flags.get('emit') ?? 'exe') as Emit;
  if (!EMIT.includes(emit)) throw new UsageError(`--emit takes ${EMIT.join(', ')}, not '${String(emit)}'`);
  const file = mainFile(positional[0]);
  const loaded = await loadProgram(file, io, { roots: flags.has('all') ? 'all' : 'main' });
  if (!loaded.ok) return loaded.status;
  if (emit === 'elab') {
    io.out(printProgram(loaded.program, { std: flags.has('std') }));
    return Exit.Ok;
  }
  const ir = lowerChecked(loaded.workspace, loaded.program);
  if (emit === 'ir') {
    const std = loaded.program.stdFiles;
    io.out(printIr(ir, { only: (fn) => flags.has('std') || !std.has(fn.source.file) }));
    return Exit.Ok;
  }
  const times = flags.has('time-passes') ? new PassTimes() : undefined;
  const std = loaded.program.stdFiles;
  const own = (fn: { source: { file: string } }) => flags.has('std') || !std.has(fn.source.file);
  if (printAfter !== undefined) {
    // The program's own functions after the pass, in the order they are compiled.
    const printed: string[] = [];
    const afterIrPass = (pass: string, program: IrProgram) => {
      if (pass === printAfter) printed.push(`; after ${pass}\n${printIr(program, { only: own })}`);
    };
    const names = new Set(ir.functions.filter(own).map((f) => f.name));
    const afterPass = (pass: string, fn: SsaFunction) => {
      if (pass === printAfter && names.has(fn.name)) printed.push(`; after ${pass}: ${fn.name}\n${ssaText(fn)}`);
    };
    compileNative(ir, await loadGrammar(), { level, afterIrPass, afterPass });
    io.out(printed.join('\n'));
    return Exit.Ok;
  }
  const compiled = compileNative(ir, await loadGrammar(), { listing: emit === 'asm', level, time: times?.add });
  if (emit === 'asm') {
    const lines: string[] = [];
    const locations = compiled.locations;
    for (const l of compiled.listing ?? []) {
      if (l.fn) lines.push(`\n${l.fn}:`);
      const at = l.loc >= 0 && l.loc < locations.length ? locations[l.loc] : undefined;
      const where = at ? `  ; ${path.basename(at.file)}:${at.line}:${at.column}` : '';
      const refers = l.comment === undefined ? '' : `  # ${l.comment}`;
      lines.push(`  ${l.offset.toString(16).padStart(6, '0')}  ${l.text}${refers}${where}`);
    }
    io.out(`${lines.join('\n').trimStart()}\n`);
    return Exit.Ok;
  }
  const target = output ?? file.replace(/\.zolt$/, '') + (emit === 'obj' ? '.o' : '');
  const bytes = times ? times.timed('elf', () => (emit === 'obj' ? objectBytes(compiled) : executableBytes(compiled))) : emit === 'obj' ? objectBytes(compiled) : executableBytes(compiled);
  if (times) io.err(times.table());
  const failed = writeAtomically(target, bytes, emit === 'exe' ? 0o755 : 0o644);
  if (failed) {
    io.err(`zolt build: cannot write ${target}: ${failed}\n`);
    return Exit.InputErrors;
  }
  return Exit.Ok;
}

export async function runCommand(args: readonly string[], io: Io): Promise<number> {
  const dashes = args.indexOf('--');
  const own = dashes < 0 ? args : args.slice(0, dashes);
  const programArgs = dashes < 0 ? [] : args.slice(dashes + 1);
  const { rest, level } = takeOutput(own);
  const { positional } = parseArgs(rest, []);
  if (positional.length > 1) throw new UsageError('give one FILE (the main file); arguments for the program go after --');
  const unsupported = unsupportedTarget();
  if (unsupported) {
    io.err(`zolt run: ${unsupported}\n`);
    return Exit.Usage;
  }
  const file = mainFile(positional[0]);
  const loaded = await loadProgram(file, io);
  if (!loaded.ok) return loaded.status;
  const bytes = executableBytes(compileNative(lowerChecked(loaded.workspace, loaded.program), await loadGrammar(), { level }));
  loaded.workspace.dispose();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zolt-run-'));
  const exe = path.join(dir, path.basename(file).replace(/\.zolt$/, ''));
  try {
    const failed = writeAtomically(exe, bytes, 0o755);
    if (failed) {
      io.err(`zolt run: cannot write ${exe}: ${failed}\n`);
      return Exit.InputErrors;
    }
    const result = spawnSync(exe, programArgs, { stdio: 'inherit' });
    if (result.error) throw result.error;
    if (result.signal) {
      process.kill(process.pid, result.signal);
      return 128 + (os.constants.signals[result.signal] ?? 0);
    }
    return result.status ?? 1;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
