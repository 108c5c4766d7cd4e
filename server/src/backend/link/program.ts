// From a whole IrProgram (the user's functions and the runtime's, link/merge.ts) to a
// ProgramImage: each function through SSA, the SSA passes, instruction selection, register
// allocation and emission into one text section; string literals, float constants and the
// stack-trace tables in rodata; globals and the start code's variables in bss; `_start`,
// `zolt_main` and the intrinsics after the functions.
//
// The stack-trace tables (read by the runtime's failure functions):
//   call sites   16 bytes each, sorted by return address: { return address, location, function }
//   locations    16 bytes each: { file (C string), line u32, column u32 }
//   functions    16 bytes each: { name (C string), flags u32 (1: hidden from traces), 0 }

import type { IrFunction, IrProgram } from '../../ir';
import { librarySoname } from '../../ir/libraries';
import { emitFunction, type CallSite, type Symbols } from '../emit/emit';
import { layOutFrame, type Frame } from '../emit/frame';
import type { ImageSymbol, ProgramImage, Relocation, SectionOffset } from '../image';
import { ConstantPool, type SelectionContext } from '../isel/context';
import { selectFunction } from '../isel/select';
import type { DataRef, MFunction } from '../mir/mir';
import { optimizeSsa } from '../opt';
import type { IrPass, OptLevel } from '../../ir/opt';
import { allocateRegisters } from '../regalloc';
import { blockOrder } from '../regalloc/liveness';
import { buildSsa } from '../ssa/build';
import type { SsaFunction } from '../ssa/ssa';
import { Assembler, type Label, ListingAssembler, type RipTarget } from '../x64';
import { RUNTIME_PREFIX } from './merge';
import { referencesOf } from './references';
import { emitIntrinsics, emitStart, INTRINSICS } from './start';

export interface CompileOptions {
  /** Keep an assembly listing (`--emit asm`). */
  readonly listing?: boolean;
  /** Called after each SSA pass (tests verify there). */
  readonly afterPass?: (pass: string, fn: SsaFunction) => void;
  /** Called after each IR pass with the program (--print-after). */
  readonly afterIrPass?: (pass: IrPass, program: IrProgram) => void;
  /** Called with each function's machine IR before register allocation (tests, --emit mir). */
  readonly onMachine?: (mf: MFunction) => void;
  /** The runtime's functions compiled by earlier builds (index.ts keeps one per process). */
  readonly cache?: MachineCache;
  /** The optimisation level: 0 runs no optimising pass (default 2; see ir/opt/index.ts). */
  readonly level?: OptLevel;
  /** Told how long each pass or stage took, per function (--time-passes adds them up). */
  readonly time?: (pass: string, milliseconds: number) => void;
}

/** A function ready to be emitted: its allocated machine code, frame and block order. */
export interface MachineFunction {
  readonly fn: IrFunction;
  readonly mf: MFunction;
  readonly frame: Frame;
  readonly order: readonly number[];
  /** The functions it calls or takes the address of. */
  readonly calls: ReadonlySet<string>;
  /** The pool constants it loads, with their bytes. */
  readonly constants: readonly (readonly [string, Uint8Array])[];
}

export type MachineCache = Map<string, MachineFunction>;

export interface Compiled {
  readonly image: ProgramImage;
  /** The listing lines with the source location of each instruction, when asked for. */
  readonly listing?: readonly { readonly offset: number; readonly text: string; readonly comment: string | undefined; readonly loc: number; readonly fn: string | undefined }[];
  /** Where each function starts in text. */
  readonly functionOffsets: ReadonlyMap<string, number>;
  /** The merged program's source locations, which the listing's `loc` numbers index. */
  readonly locations: IrProgram['locations'];
}

const FAILURES: Readonly<Record<string, string>> = {
  bounds: 'rt_fail_bounds',
  slice: 'rt_fail_slice',
  step: 'rt_fail_step',
  divzero: 'rt_fail_divzero',
  null: 'rt_fail_null',
  contiguous: 'rt_fail_contiguous',
  size: 'rt_fail_size',
  unreachable: 'rt_fail_unreachable',
  assert: 'rt_fail_assert',
  panic: 'rt_fail_panic',
  'alloc-failed': 'rt_fail_alloc',
};

/** The machine code of a merged program (the runtime's functions have the `rt$` prefix). */
export function compileProgram(program: IrProgram, options: CompileOptions = {}): Compiled {
  const constants = new ConstantPool();
  const foreign = new Map(program.foreign.map((f) => [f.name, f]));
  const ctx: SelectionContext = {
    foreign,
    constants,
    runtimeFunction: (name) => `${RUNTIME_PREFIX}rt_${name}`,
    failureFunction: (kind) => `${RUNTIME_PREFIX}${FAILURES[kind] ?? `rt_fail_${kind}`}`,
    intrinsic: (fn) => (fn.library === 'zolt' ? `zolt.${fn.name}` : undefined),
  };
  const asm = options.listing ? new ListingAssembler() : new Assembler();
  const labels = new Map<string, Label>();
  const label = (name: string): Label => {
    let l = labels.get(name);
    if (!l) labels.set(name, (l = asm.newLabel(name)));
    return l;
  };

  // Data layout first: what code refers to must have a place.
  const rodata = new ByteBuffer();
  const stringOffsets = program.strings.map((s) => {
    const at = rodata.length;
    rodata.append(s);
    rodata.append(Uint8Array.of(0));
    return at;
  });
  let bss = 0;
  const globalOffsets = new Map<string, number>();
  for (const g of program.globals) {
    bss = align(bss, Math.max(g.align, 1));
    globalOffsets.set(g.name, bss);
    bss += Math.max(g.size, 1);
  }
  bss = align(bss, 8);
  const startData = { stackLimit: { section: 'bss' as const, offset: bss }, argc: { section: 'bss' as const, offset: bss + 8 }, argv: { section: 'bss' as const, offset: bss + 16 } };
  bss += 24;
  // Constants are laid out after code is selected (they are found then); their places are
  // resolved through `constantOffsets` when the code is emitted, which happens after.
  const constantOffsets = new Map<string, number>();

  const symbols: Symbols = {
    functionLabel: label,
    data: (ref: DataRef): RipTarget => {
      switch (ref.kind) {
        case 'global':
          return { section: 'bss', offset: globalOffsets.get(ref.name)! };
        case 'string':
          return { section: 'rodata', offset: stringOffsets[ref.index]! };
        case 'const':
          return { section: 'rodata', offset: constantOffsets.get(ref.key)! };
        case 'function':
          return label(ref.name);
        case 'import':
          return { import: ref.name };
      }
    },
    stackLimit: startData.stackLimit,
    stackOverflow: `${RUNTIME_PREFIX}rt_stack_overflow`,
  };

  // Select and allocate the program's functions, then the runtime functions they reach (from
  // the cache when one is given: the runtime is the same IR in every merged program).
  const timed = <T>(stage: string, body: () => T): T => {
    if (!options.time) return body();
    const start = performance.now();
    const result = body();
    options.time(stage, performance.now() - start);
    return result;
  };
  // The runtime is library code: always optimised, as a C library is shipped (-O0 is for the
  // program's own functions, whose machine code then follows the IR one to one).
  const levelOf = (fn: IrFunction) => (fn.name.startsWith(RUNTIME_PREFIX) ? 2 : options.level ?? 2);
  const compile = (fn: IrFunction): MachineFunction => {
    const ssa = timed('ssa build', () => buildSsa(fn));
    if (levelOf(fn) > 0) optimizeSsa(ssa, { after: options.afterPass, time: options.time });
    const mf = timed('instruction selection', () => selectFunction(ssa, ctx));
    options.onMachine?.(mf);
    const allocation = timed('register allocation', () => allocateRegisters(mf));
    const frame = timed('frame layout', () => layOutFrame(mf, allocation.spilled, allocation.calleeSaved));
    const references = referencesOf(mf);
    const pooled = [...references.constants].map((key): [string, Uint8Array] => [key, constants.entries.get(key)!]);
    return { fn, mf, frame, order: blockOrder(mf), calls: references.functions, constants: pooled };
  };
  const byName = new Map(program.functions.map((fn) => [fn.name, fn]));
  const compiled = new Map<string, MachineFunction>();
  const reached: string[] = [];
  const reach = (name: string) => {
    if (compiled.has(name) || !byName.has(name)) return;
    const fn = byName.get(name)!;
    const cache = name.startsWith(RUNTIME_PREFIX) ? options.cache : undefined;
    let m = cache?.get(name);
    if (!m) {
      m = compile(fn);
      cache?.set(name, m);
    } else {
      for (const [key, bytes] of m.constants) constants.entries.set(key, bytes);
    }
    compiled.set(name, m);
    reached.push(name);
  };
  for (const fn of program.functions) if (!fn.name.startsWith(RUNTIME_PREFIX)) reach(fn.name);
  reach(symbols.stackOverflow);
  for (let k = 0; k < reached.length; k++) for (const name of compiled.get(reached[k]!)!.calls) reach(name);
  // In the program's order (the program's functions, then the runtime's).
  const machine = program.functions.filter((fn) => compiled.has(fn.name)).map((fn) => compiled.get(fn.name)!);
  const functions = machine.map((m) => m.fn);
  rodata.alignTo(16);
  for (const [key, bytes] of constants.entries) {
    constantOffsets.set(key, rodata.length);
    rodata.append(bytes);
  }

  // Code.
  const callSites: CallSite[] = [];
  const functionOffsets = new Map<string, number>();
  const locationMarks: { offset: number; loc: number }[] = [];
  machine.forEach(({ fn, mf, frame, order }, fnIndex) => {
    // The padding before a function belongs to no source line, its prologue to its declaration
    // (not to the line the function before it ended on).
    if (options.listing) locationMarks.push({ offset: asm.offset, loc: -1 });
    asm.align(16);
    functionOffsets.set(fn.name, asm.offset);
    if (options.listing) locationMarks.push({ offset: asm.offset, loc: fn.loc });
    emitFunction(asm, mf, order, frame, symbols, {
      fnIndex,
      callSites,
      stackCheck: !fn.name.startsWith(RUNTIME_PREFIX),
      onLocation: options.listing ? (loc) => locationMarks.push({ offset: asm.offset, loc }) : undefined,
    });
  });
  const mainFn = program.functions.find((f) => f.name === program.main.name)!;
  asm.align(16);
  const { start, zoltMain } = emitStart(asm, startData, { init: label(program.init), main: label(mainFn.name), mainReturns: program.main.ret !== undefined, contextSize: program.context.size });

  // Tables, then the intrinsics that point at them.
  callSites.sort((a, b) => a.returnOffset - b.returnOffset);
  rodata.alignTo(16);
  const relocations: Relocation[] = [];
  const abs64 = (at: number, target: SectionOffset) => relocations.push({ at: { section: 'rodata', offset: at }, kind: 'abs64', target, addend: 0 });
  const tablePlaces = {
    callSites: { section: 'rodata' as const, offset: rodata.length },
    callSiteCount: callSites.length,
    locations: { section: 'rodata' as const, offset: 0 },
    functions: { section: 'rodata' as const, offset: 0 },
  };
  for (const site of callSites) {
    abs64(rodata.length, { section: 'text', offset: site.returnOffset });
    rodata.u64(0n);
    rodata.u32(site.loc);
    rodata.u32(site.fn);
  }
  const names = new Map<string, number>();
  const cString = (text: string): number => {
    let at = names.get(text);
    if (at === undefined) names.set(text, (at = -1 - names.size));
    return at;
  };
  // C strings are appended after the tables; table entries refer to them by a placeholder first.
  const pending: { at: number; name: number }[] = [];
  tablePlaces.locations = { section: 'rodata', offset: rodata.length };
  for (const l of program.locations) {
    pending.push({ at: rodata.length, name: cString(l.file) });
    rodata.u64(0n);
    rodata.u32(l.line);
    rodata.u32(l.column);
  }
  tablePlaces.functions = { section: 'rodata', offset: rodata.length };
  for (const fn of functions) {
    pending.push({ at: rodata.length, name: cString(fn.source.name) });
    rodata.u64(0n);
    rodata.u32(hiddenFromTraces(fn, program) ? 1 : 0);
    rodata.u32(0);
  }
  const nameOffsets = new Map<number, number>();
  for (const [text, id] of names) {
    nameOffsets.set(id, rodata.length);
    rodata.append(new TextEncoder().encode(text));
    rodata.append(Uint8Array.of(0));
  }
  for (const p of pending) abs64(p.at, { section: 'rodata', offset: nameOffsets.get(p.name)! });

  asm.align(16);
  emitIntrinsics(asm, (name) => label(`zolt.${name}`), startData, tablePlaces);
  for (const name of INTRINSICS) label(`zolt.${name}`);

  const code = asm.finish();
  relocations.push(...code.relocations);
  const imports = [...new Set(code.relocations.flatMap((r) => ('import' in r.target ? [r.target.import] : [])))];
  const needed = ['libc.so.6', ...new Set(program.foreign.filter((f) => f.library !== 'zolt' && imports.includes(f.name)).map((f) => librarySoname(f.library)))];
  const fnSymbols: ImageSymbol[] = functions.map((fn, k) => {
    const from = functionOffsets.get(fn.name)!;
    const to = k + 1 < functions.length ? functionOffsets.get(functions[k + 1]!.name)! : code.labelOffset(start);
    return { name: fn.name, section: 'text', offset: from, size: to - from, kind: 'function', global: false };
  });
  const image: ProgramImage = {
    text: code.code,
    rodata: rodata.bytes(),
    data: new Uint8Array(0),
    bssSize: bss,
    relocations,
    imports,
    needed: [...new Set(needed)],
    symbols: [
      ...fnSymbols,
      { name: '_start', section: 'text', offset: code.labelOffset(start), size: code.labelOffset(zoltMain) - code.labelOffset(start), kind: 'function', global: true },
      { name: 'main', section: 'text', offset: code.labelOffset(zoltMain), size: 0, kind: 'function', global: true },
    ],
    entry: { section: 'text', offset: code.labelOffset(start) },
  };
  const listing = options.listing
    ? withLocations((asm as ListingAssembler).listing(), locationMarks, functionOffsets)
    : undefined;
  return { image, listing, functionOffsets, locations: program.locations };
}

/** The runtime's functions and `init` do not appear in stack traces (as in the interpreter). */
function hiddenFromTraces(fn: IrFunction, program: IrProgram): boolean {
  return fn.name.startsWith(RUNTIME_PREFIX) || fn.name === program.init;
}

function withLocations(lines: readonly { offset: number; text: string; comment: string | undefined }[], marks: readonly { offset: number; loc: number }[], functions: ReadonlyMap<string, number>) {
  const starts = new Map([...functions].map(([name, offset]) => [offset, name]));
  let m = 0;
  let loc = -1;
  return lines.map((line) => {
    while (m < marks.length && marks[m]!.offset <= line.offset) loc = marks[m++]!.loc;
    return { offset: line.offset, text: line.text, comment: line.comment, loc, fn: starts.get(line.offset) };
  });
}

function align(n: number, a: number): number {
  return Math.ceil(n / a) * a;
}

/** A growing byte array (rodata). */
class ByteBuffer {
  private buffer = new Uint8Array(4096);
  length = 0;

  private reserve(n: number): void {
    if (this.length + n <= this.buffer.length) return;
    const next = new Uint8Array(Math.max(this.buffer.length * 2, this.length + n));
    next.set(this.buffer.subarray(0, this.length));
    this.buffer = next;
  }

  append(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
  }

  alignTo(a: number): void {
    const target = align(this.length, a);
    this.reserve(target - this.length);
    this.length = target;
  }

  u32(v: number): void {
    this.reserve(4);
    new DataView(this.buffer.buffer).setUint32(this.length, v >>> 0, true);
    this.length += 4;
  }

  u64(v: bigint): void {
    this.reserve(8);
    new DataView(this.buffer.buffer).setBigUint64(this.length, v, true);
    this.length += 8;
  }

  bytes(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }
}
