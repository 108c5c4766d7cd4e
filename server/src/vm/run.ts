// Running a lowered program in the interpreter: memory laid out (globals, string literals,
// function addresses), foreign functions bound, the program compiled to JavaScript
// (codegen.ts) and run: `init`, then `main`, whose result is the exit status. A run-time error
// prints `file:line:col: runtime error: message` and a stack trace of Zolt frames on stderr
// and ends with exit status 101; a library or function that cannot be found ends the program
// before it starts, with status 127 (as the dynamic loader does for a native executable).

import * as path from 'node:path';
import type { Global, IrProgram, Location } from '../ir';
import { optimize, type OptLevel } from '../ir/opt';
import { generate, type CompiledSource } from './codegen';
import { ForeignError, ForeignFunctions, loadKoffi } from './ffi';
import { Memory, NullAccess } from './memory';
import { BufferedOutput, ProgramExit, runtimeFunctions, ZoltError, type Output } from './runtime';
import { Tracer } from './trace';

export interface RunOptions {
  readonly args: readonly string[];
  /** Where the program's output goes (stdout and stderr by default). */
  readonly output?: Output;
  /** Writes the run-time error report (stderr by default). */
  readonly error?: (text: string) => void;
  /** Prints every executed instruction (trace.ts) here. */
  readonly trace?: (text: string) => void;
  /** The trace shares a terminal or file with the output: it starts its lines on a fresh line. */
  readonly traceInterleaved?: boolean;
  /** Bytes of memory for the program. */
  readonly memory?: number;
  /** Paths are shown relative to this folder. */
  readonly cwd?: string;
  /** The IR passes' level (ir/opt/index.ts; default 2, as `zolt build`'s). */
  readonly level?: OptLevel;
}

export const EXIT_RUNTIME_ERROR = 101;
export const EXIT_LOAD_ERROR = 127;
const DEFAULT_MEMORY = 1 << 30;
const STACK_SIZE = 64 << 20;

export interface Loaded {
  readonly memory: Memory;
  readonly compiled: CompiledSource;
  readonly module: { init: (context: number) => void; main: (context: number, ...args: number[]) => unknown; stack: () => number; setStack: (sp: number) => void };
  readonly output: Output;
  readonly context: number;
}

/**
 * Where a loaded program's data goes. `run` lays each program out in a memory of its own
 * (newPlacement); a session that loads one program after another into one memory (the REPL)
 * gives its globals the addresses, and the values, they had in the programs before.
 */
export interface Placement {
  readonly memory: Memory;
  /** The address of a global: zeroed memory where the global is new. */
  global(global: Global): number;
  /** The address of a string literal's bytes, NUL-terminated. */
  string(bytes: Uint8Array): number;
  /** The address of the first of `count` function addresses, 16 bytes apart. */
  functionTable(count: number): number;
  /** The address of the context the program starts with. */
  context(size: number): number;
}

/** A fresh memory and a placement that lays everything out in it in order. */
export function newPlacement(options: Pick<RunOptions, 'memory'>, koffi = loadKoffi()): Placement {
  const memory = new Memory({ size: options.memory ?? DEFAULT_MEMORY, stackSize: STACK_SIZE, koffi });
  return {
    memory,
    global: (g) => memory.reserve(Math.max(g.size, 1), Math.max(g.align, 1)),
    string: (bytes) => {
      const address = memory.reserve(bytes.length + 1, 1);
      memory.u8.set(bytes, address - memory.base); // the NUL after it is the zeroed memory
      return address;
    },
    functionTable: (count) => memory.reserve(16 * Math.max(count, 1), 16),
    context: (size) => memory.heapAlloc(size),
  };
}

/** Lays out, binds and compiles a program; a failure to bind a foreign function is thrown. */
export function load(input: IrProgram, options: RunOptions, placement?: Placement): Loaded {
  const program = optimize(input, { level: options.level });
  const koffi = loadKoffi();
  const place = placement ?? newPlacement(options, koffi);
  const memory = place.memory;
  const globals = new Map<string, number>();
  for (const g of program.globals) globals.set(g.name, place.global(g));
  const strings = program.strings.map((bytes) => place.string(bytes));
  const functionBase = place.functionTable(program.functions.length);
  const functions = new Map(program.functions.map((f, i) => [f.name, functionBase + 16 * i]));
  const output = options.output ?? new BufferedOutput();
  const compiled = generate(program, { globals, strings, functions }, { trace: options.trace !== undefined });
  const foreign = new ForeignFunctions(
    koffi,
    (address, layout) => readStruct(memory, address, layout.c),
    (address, layout, value) => writeStruct(memory, address, layout.c, value),
  );
  const bound = program.foreign.map((f) => foreign.bind(f));
  const direct = program.foreign.map((f) => foreign.direct(f));
  if (koffi && program.foreign.length > 0) koffi.prepareStdio(); // C's output then keeps its place among the program's, and all of it arrives
  const failures = failureFunctions(memory);
  const tracer = options.trace ? new Tracer(compiled, options.trace, program.locations, () => {
    output.flush();
    if (options.traceInterleaved !== true || output.midLine !== true) return false;
    output.midLine = false;
    return true;
  }) : undefined;
  const env = {
    M: memory,
    R: runtimeFunctions(memory, output, options.args, program.locations),
    FF: bound,
    FD: direct,
    X: failures,
    T: tracer ? tracer.hook : () => undefined,
    FNBASE: functionBase,
    flush: () => output.flush(),
    cflush: () => undefined,
  };
  if (process.env['ZOLT_SIM_DUMP']) require('node:fs').writeFileSync(process.env['ZOLT_SIM_DUMP'], compiled.source);
  const factory = new Function('env', `${compiled.source}//# sourceURL=zolt-program.js`) as (e: typeof env) => Loaded['module'];
  const module = factory(env);
  const context = place.context(program.context.size);
  return { memory, compiled, module, output, context };
}

/** Runs a program to its end; returns the exit status. */
export function run(program: IrProgram, options: RunOptions): number {
  let loaded: Loaded;
  try {
    loaded = load(program, options);
  } catch (error) {
    if (error instanceof ForeignError) {
      (options.error ?? writeStderr)(`zolt: ${error.message}\n`);
      return EXIT_LOAD_ERROR;
    }
    throw error;
  }
  try {
    return execute(program, loaded, options);
  } finally {
    loaded.memory.release();
  }
}

/**
 * Runs a loaded program: `init`, then `main` (or `body`, for a caller that starts it its own
 * way). A run-time error is reported (options.error) and gives EXIT_RUNTIME_ERROR; otherwise
 * the exit status is main's result.
 */
export function execute(
  program: IrProgram,
  loaded: Loaded,
  options: RunOptions,
  body: (module: Loaded['module'], context: number) => unknown = (module, context) => {
    module.init(context);
    return module.main(context);
  },
): number {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = TRACE_LIMIT;
  try {
    const result = body(loaded.module, loaded.context);
    loaded.output.flush();
    return program.main.ret === undefined ? 0 : exitStatus(result);
  } catch (error) {
    loaded.output.flush();
    if (error instanceof ProgramExit) return error.status;
    const report = runtimeErrorReport(error, program, loaded.compiled, options.cwd ?? process.cwd());
    if (!report) throw error;
    (options.error ?? writeStderr)(report);
    return EXIT_RUNTIME_ERROR;
  } finally {
    Error.stackTraceLimit = limit;
  }
}

const writeStderr = (text: string) => void process.stderr.write(text);

/** `main`'s result as an exit status: its low 8 bits, as the kernel keeps them. */
function exitStatus(result: unknown): number {
  if (typeof result === 'bigint') return Number(BigInt.asUintN(8, result));
  return Number(result) & 0xff;
}

// ------------------------------------------------------------------ errors

function failureFunctions(memory: Memory) {
  void memory;
  const fail = (message: string, loc: number): never => {
    throw new ZoltError(message, loc);
  };
  return {
    bounds: (index: number, length: number, loc: number) => fail(`index ${index} is out of bounds for length ${length}`, loc),
    slice: (lo: number, hi: number, length: number, loc: number) => fail(`slice [${lo}:${hi}] is out of range for length ${length}`, loc),
    step: (step: number, loc: number) => fail(`a slice step must be positive, not ${step}`, loc),
    divZero: (loc: number) => fail('integer division by zero', loc),
    nullPointer: (loc: number) => fail('null pointer dereference', loc),
    contiguous: (stride: number, loc: number) => fail(`'string_from' needs contiguous bytes, not a slice with step ${stride}`, loc),
    size: (size: number, loc: number) => fail(`a negative size (${size})`, loc),
    stackOverflow: (loc: number) => fail('stack overflow', loc),
    badCall: (pointer: number, loc: number) => fail(`call through a pointer that is not a function (0x${pointer.toString(16)})`, loc),
    trap: (kind: string, loc: number, ...args: (number | bigint)[]) => {
      switch (kind) {
        case 'unreachable':
          return fail("reached 'unreachable'", loc);
        case 'assert':
          return fail('assertion failed', loc);
        case 'panic': {
          const message = Buffer.from(memory.bytes(Number(args[0]), Number(args[1]))).toString('utf8');
          return fail(`panic: ${message}`, loc);
        }
        default:
          return fail(`out of memory: the allocator gave no memory for ${args[0]} bytes`, loc);
      }
    },
  };
}

/** The report of a run-time error, or undefined when the error is not the program's. */
export function runtimeErrorReport(error: unknown, program: IrProgram, compiled: CompiledSource, cwd: string): string | undefined {
  let message: string;
  let loc: number | undefined;
  if (error instanceof ZoltError) {
    message = error.message;
    loc = error.loc;
  } else if (error instanceof NullAccess) {
    message = error.address === 0 ? 'null pointer dereference' : `invalid memory access at 0x${error.address.toString(16)}`;
  } else if (error instanceof RangeError && /call stack/i.test(error.message)) {
    message = STACK_OVERFLOW;
  } else {
    return undefined;
  }
  if (error instanceof ZoltError && error.message === 'stack overflow') message = STACK_OVERFLOW;
  let frames = zoltFrames(error as Error, program, compiled);
  // After a stack overflow only the innermost frames say anything (the rest repeat them); how
  // many frames fit differs between the interpreter and native code, so the trace stops there.
  const truncated = message === STACK_OVERFLOW || frames.length >= TRACE_LIMIT - 10;
  if (message === STACK_OVERFLOW) frames = frames.slice(0, OVERFLOW_FRAMES);
  if (loc === undefined) loc = frames[0]?.loc;
  const show = (l: Location | undefined) => (l ? `${relative(l.file, cwd)}:${l.line}:${l.column}` : '<unknown>');
  const where = loc !== undefined ? program.locations[loc] : undefined;
  const lines = [`${show(where)}: runtime error: ${message}`];
  frames.forEach((frame, i) => {
    const at = i === 0 && loc !== undefined ? loc : frame.loc;
    lines.push(`    at ${frame.name} (${show(at !== undefined ? program.locations[at] : undefined)})`);
  });
  if (truncated) lines.push('    ...');
  return lines.join('\n') + '\n';
}

function relative(file: string, cwd: string): string {
  const r = path.relative(cwd, file);
  return r && !r.startsWith('..') ? r : file;
}

interface Frame {
  readonly name: string;
  readonly loc: number | undefined;
}

const STACK_OVERFLOW = 'stack overflow (the recursion is too deep)';
/** The frames a stack overflow's trace shows. */
const OVERFLOW_FRAMES = 10;
/** How many JavaScript frames an error keeps (V8's Error.stackTraceLimit while the program runs). */
const TRACE_LIMIT = 200;

/** The Zolt frames of a JS stack trace, innermost first. */
function zoltFrames(error: Error, program: IrProgram, compiled: CompiledSource): Frame[] {
  const byJsName = new Map([...compiled.jsNames].map(([ir, js]) => [js, program.functions.find((f) => f.name === ir)!]));
  const frames: Frame[] = [];
  for (const line of (error.stack ?? '').split('\n')) {
    const m = /at (?:Object\.)?(\S+)(?: \[as \w+\])? \(zolt-program\.js:(\d+):\d+\)/.exec(line);
    if (!m) continue;
    const fn = byJsName.get(m[1]!);
    if (!fn || fn.name === program.init) continue;
    frames.push({ name: fn.source.name, loc: nearestLocation(compiled, Number(m[2])) ?? fn.loc });
  }
  return frames;
}

function nearestLocation(compiled: CompiledSource, line: number): number | undefined {
  for (let l = line; l > line - 3; l--) {
    const loc = compiled.lineLocations.get(l);
    if (loc !== undefined) return loc;
  }
  return undefined;
}

// ------------------------------------------------------------------ structs across the FFI

type CType = import('../ir').CType;

function readStruct(memory: Memory, address: number, c: CType): Record<string, unknown> {
  let offset = 0;
  const read = (t: CType): unknown => {
    const layout = cLayout(t);
    offset = Math.ceil(offset / layout.align) * layout.align;
    if (t.kind === 'scalar') {
      const value = memory.slowLoad(t.type, address + offset);
      offset += layout.size;
      return value;
    }
    if (t.kind === 'array') return Array.from({ length: t.length }, () => read(t.element));
    const start = offset;
    const value = Object.fromEntries(t.members.map((m, i) => [`f${i}`, read(m)]));
    offset = start + layout.size;
    return value;
  };
  return read(c) as Record<string, unknown>;
}

function writeStruct(memory: Memory, address: number, c: CType, value: Record<string, unknown>): void {
  let offset = 0;
  const write = (t: CType, v: unknown): void => {
    const layout = cLayout(t);
    offset = Math.ceil(offset / layout.align) * layout.align;
    if (t.kind === 'scalar') {
      memory.slowStore(t.type, address + offset, v as number | bigint);
      offset += layout.size;
    } else if (t.kind === 'array') {
      (v as unknown[]).forEach((e) => write(t.element, e));
    } else {
      const start = offset;
      const record = v as Record<string, unknown>;
      t.members.forEach((m, i) => write(m, record[`f${i}`]));
      offset = start + layout.size;
    }
  };
  write(c, value);
}

function cLayout(t: CType): { size: number; align: number } {
  switch (t.kind) {
    case 'scalar': {
      const size = t.type === 'i8' ? 1 : t.type === 'i16' ? 2 : t.type === 'i32' || t.type === 'f32' ? 4 : 8;
      return { size, align: size };
    }
    case 'array': {
      const e = cLayout(t.element);
      return { size: e.size * t.length, align: e.align };
    }
    case 'struct': {
      let size = 0;
      let align = 1;
      for (const m of t.members) {
        const l = cLayout(m);
        size = Math.ceil(size / l.align) * l.align + l.size;
        align = Math.max(align, l.align);
      }
      return { size: Math.ceil(size / align) * align, align };
    }
  }
}
