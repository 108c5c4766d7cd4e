// The interpreter's compiler: IR -> JavaScript source, which V8 compiles to machine code
// (faster, measured here, than any bytecode loop written in JavaScript). One IR function
// becomes one JS function; its blocks become structured statements (structure.ts); its
// variables JS locals; its stack slots offsets from a frame pointer into the interpreter's
// memory. Every instruction is one line, and calls and checks know their source location, so
// a JS stack trace maps back to Zolt frames (lines[] below).
//
// Values: i8/i16/i32 are JS numbers in their signed range; f32 and f64 numbers (f32 rounded
// by Math.fround after every operation); ptr numbers; i64 numbers while exact, BigInts beyond
// (memory.ts, "canonical form"). Each operation keeps its type's two's complement wrapping:
// `(a + b) | 0` for i32, the helpers of PRELUDE for i64 (a fast path on numbers, BigInt only
// when a result leaves the exact range).
//
// With `trace`, every instruction is preceded by a call that prints it with its operands'
// values (trace.ts): the same code runs, with the trace hooks in it.

import type { Block, ForeignFunction, Instr, IrFunction, IrProgram, IrType, Operand, Terminator } from '../ir';
import { instrText, terminatorText } from '../ir';
import { operandsOf } from '../ir/verify';
import { inlineBinary, inlineLoad, inlineStore } from './inline';
import { controlFlow, jumpKind, mergeChildren, type ControlFlow } from './structure';

export interface CompiledSource {
  readonly source: string;
  /** For each line of the source (1-based), the source location of the call or check on it. */
  readonly lineLocations: ReadonlyMap<number, number>;
  /** The JS function name of each IR function, and back. */
  readonly jsNames: ReadonlyMap<string, string>;
  /** With trace: the text of each traced instruction, by trace index. */
  readonly traceTexts: readonly TraceEntry[];
}

export interface TraceEntry {
  readonly fn: string;
  readonly text: string;
  /** The operands to show the values of, as JS expressions are evaluated (their order). */
  readonly line: number;
  readonly loc: number | undefined;
  /** The types of the values the hook receives, so that pointers print in hex and floats as floats. */
  readonly types: readonly IrType[];
}

export interface Addresses {
  readonly globals: ReadonlyMap<string, number>;
  readonly strings: readonly number[];
  readonly functions: ReadonlyMap<string, number>;
}

/** Functions with more blocks are generated as a dispatch loop, not as structured code. */
const MAX_STRUCTURED_BLOCKS = 2000;

const RT_NAMES = new Set(['print_i64', 'print_u64', 'print_f64', 'print_f32', 'print_bool', 'print_char', 'print_rune', 'print_str', 'print_quoted', 'print_quoted_char', 'print_ptr', 'print_newline', 'str_eq', 'str_cmp', 'alloc_size', 'heap_alloc', 'heap_free', 'heap_resize', 'copy', 'clock', 'args', 'strlen']);

export function generate(program: IrProgram, addresses: Addresses, options: { trace: boolean }): CompiledSource {
  const out: string[] = [];
  const lineLocations = new Map<number, number>();
  const jsNames = new Map<string, string>();
  program.functions.forEach((f, i) => jsNames.set(f.name, `f${i}_${f.name.replace(/[^A-Za-z0-9_]/g, '_').slice(0, 40)}`));
  const traceTexts: TraceEntry[] = [];
  const emit = (line: string, loc?: number) => {
    out.push(line);
    if (loc !== undefined) lineLocations.set(out.length + PRELUDE_LINES, loc);
  };
  const foreignIndex = new Map(program.foreign.map((f, i) => [f.name, i]));
  const variadicKinds: string[] = [];
  const foreign = new Map(program.foreign.map((f) => [f.name, f]));
  for (const fn of program.functions) {
    new FunctionGenerator(fn, jsNames, addresses, foreignIndex, emit, options.trace, traceTexts, () => out.length + PRELUDE_LINES + 1, variadicKinds, foreign).run();
  }
  emit(`const FV = [${variadicKinds.join(', ')}];`);
  const table = program.functions.map((f) => jsNames.get(f.name)!);
  emit(`const FN = [${table.join(', ')}];`);
  emit(`return { init: ${jsNames.get(program.init)}, main: ${jsNames.get(program.main.name)}, FN, stack: () => SP, setStack: (v) => { SP = v; } };`);
  return { source: PRELUDE + out.join('\n') + '\n', lineLocations, jsNames, traceTexts };
}

/**
 * The helpers every generated program starts with. `env` gives the memory (M), the runtime (R),
 * the foreign functions (FF), the failure functions (X) and the trace hook (T).
 */
const PRELUDE = `'use strict';
const { M, R, FF, FD, X, T, FNBASE, cflush, flush } = env;
const B = M.base, S = M.size - 8, I8 = M.i8, U8 = M.u8, I16 = M.i16, I32 = M.i32, U32 = M.u32, F32 = M.f32, F64 = M.f64;
let SP = M.stackStart; const SE = M.stackEnd;
const MAXS = 9007199254740991, P32 = 4294967296;
const POW2 = Array.from({ length: 64 }, (_, i) => 2 ** i);
const big = (v) => (v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v);
// Memory: the fast path is the typed arrays; anything else (outside the region, unaligned)
// is M's slow path. Small enough for V8 to inline at every use.
const ld8 = (a) => { const o = a - B; return o >= 0 && o < S ? I8[o] : M.slowLoad('i8', a); };
const ld16 = (a) => { const o = a - B; return o >= 0 && o < S && (o & 1) === 0 ? I16[o >> 1] : M.slowLoad('i16', a); };
const ld32 = (a) => { const o = a - B; return o >= 0 && o < S && (o & 3) === 0 ? I32[o >> 2] : M.slowLoad('i32', a); };
const ldf32 = (a) => { const o = a - B; return o >= 0 && o < S && (o & 3) === 0 ? F32[o >> 2] : M.slowLoad('f32', a); };
const ldf64 = (a) => { const o = a - B; return o >= 0 && o < S && (o & 7) === 0 ? F64[o >> 3] : M.slowLoad('f64', a); };
const ld64s = (a) => { const o = a - B; return o >= 0 && o < S && (o & 7) === 0 ? M.constructor.join(U32[o >> 2], I32[(o >> 2) + 1]) : M.slowLoad('i64', a); };
const ld64 = (a) => { const o = a - B; if (o >= 0 && o < S && (o & 7) === 0) { const hi = I32[(o >> 2) + 1]; if (hi >= -2097152 && hi < 2097152) return hi * P32 + U32[o >> 2]; } return ld64s(a); };
const ldp = (a) => { const o = a - B; return o >= 0 && o < S && (o & 7) === 0 ? I32[(o >> 2) + 1] * P32 + U32[o >> 2] : Number(M.slowLoad('ptr', a)); };
const st8 = (a, v) => { const o = a - B; if (o >= 0 && o < S) I8[o] = v; else M.slowStore('i8', a, v); };
const st16 = (a, v) => { const o = a - B; if (o >= 0 && o < S && (o & 1) === 0) I16[o >> 1] = v; else M.slowStore('i16', a, v); };
const st32 = (a, v) => { const o = a - B; if (o >= 0 && o < S && (o & 3) === 0) I32[o >> 2] = v; else M.slowStore('i32', a, v); };
const stf32 = (a, v) => { const o = a - B; if (o >= 0 && o < S && (o & 3) === 0) F32[o >> 2] = v; else M.slowStore('f32', a, v); };
const stf64 = (a, v) => { const o = a - B; if (o >= 0 && o < S && (o & 7) === 0) F64[o >> 3] = v; else M.slowStore('f64', a, v); };
const st64 = (a, v) => { const o = a - B; if (o >= 0 && o < S && (o & 7) === 0 && typeof v === 'number') { const hi = Math.floor(v / P32); U32[o >> 2] = v - hi * P32; I32[(o >> 2) + 1] = hi; } else M.slowStore('i64', a, v); };
// i64 arithmetic: on numbers while the result is exact, else on BigInts (the s functions).
const u64 = (v) => BigInt.asUintN(64, BigInt(v));
const add64s = (a, b) => big(BigInt.asIntN(64, BigInt(a) + BigInt(b)));
const sub64s = (a, b) => big(BigInt.asIntN(64, BigInt(a) - BigInt(b)));
const mul64s = (a, b) => big(BigInt.asIntN(64, BigInt(a) * BigInt(b)));
const add64 = (a, b) => { if (typeof a === 'number' && typeof b === 'number') { const r = a + b; if (r <= MAXS && r >= -MAXS) return r; } return add64s(a, b); };
const sub64 = (a, b) => { if (typeof a === 'number' && typeof b === 'number') { const r = a - b; if (r <= MAXS && r >= -MAXS) return r; } return sub64s(a, b); };
const mul64 = (a, b) => { if (typeof a === 'number' && typeof b === 'number') { const r = a * b + 0; if (r <= MAXS && r >= -MAXS) return r; } return mul64s(a, b); };
const sdiv64s = (a, b) => big(BigInt.asIntN(64, BigInt(a) / BigInt(b)));
const srem64s = (a, b) => big(BigInt.asIntN(64, BigInt(a) % BigInt(b)));
const sdiv64 = (a, b) => (typeof a === 'number' && typeof b === 'number' ? (a - a % b) / b + 0 : sdiv64s(a, b)); // + 0: never -0
const srem64 = (a, b) => (typeof a === 'number' && typeof b === 'number' ? a % b + 0 : srem64s(a, b));
const udiv64s = (a, b) => big(BigInt.asIntN(64, u64(a) / u64(b)));
const urem64s = (a, b) => big(BigInt.asIntN(64, u64(a) % u64(b)));
const udiv64 = (a, b) => (typeof a === 'number' && typeof b === 'number' && a >= 0 && b > 0 ? (a - a % b) / b : udiv64s(a, b));
const urem64 = (a, b) => (typeof a === 'number' && typeof b === 'number' && a >= 0 && b > 0 ? a % b : urem64s(a, b));
const and64s = (a, b) => big(BigInt.asIntN(64, BigInt(a) & BigInt(b)));
const or64s = (a, b) => big(BigInt.asIntN(64, BigInt(a) | BigInt(b)));
const xor64s = (a, b) => big(BigInt.asIntN(64, BigInt(a) ^ BigInt(b)));
const and64 = (a, b) => (typeof a === 'number' && typeof b === 'number' && (a | 0) === a && (b | 0) === b ? a & b : and64s(a, b));
const or64 = (a, b) => (typeof a === 'number' && typeof b === 'number' && (a | 0) === a && (b | 0) === b ? a | b : or64s(a, b));
const xor64 = (a, b) => (typeof a === 'number' && typeof b === 'number' && (a | 0) === a && (b | 0) === b ? a ^ b : xor64s(a, b));
const neg64 = (a) => (typeof a === 'number' ? 0 - a : big(BigInt.asIntN(64, -a)));
const not64 = (a) => (typeof a === 'number' && a > -MAXS ? -a - 1 : big(BigInt.asIntN(64, ~BigInt(a))));
const shl64s = (a, n) => big(BigInt.asIntN(64, BigInt(a) << BigInt(n)));
const shl64 = (a, n) => { if (n < 0 || n >= 64) return 0; if (typeof a === 'number' && typeof n === 'number') { const r = a * POW2[n]; if (r <= MAXS && r >= -MAXS) return r; } return shl64s(a, n); };
const ashr64 = (a, n) => { if (n < 0 || n >= 64) return a < 0 ? -1 : 0; if (typeof a === 'number') return Math.floor(a / POW2[n]); return big(BigInt(a) >> BigInt(n)); };
const lshr64 = (a, n) => { if (n < 0 || n >= 64) return 0; if (typeof a === 'number' && a >= 0) return Math.floor(a / POW2[n]); return big(BigInt.asIntN(64, u64(a) >> BigInt(n))); };
const ult64 = (a, b) => (typeof a === 'number' && typeof b === 'number' && a >= 0 && b >= 0 ? a < b : u64(a) < u64(b));
const ule64 = (a, b) => (typeof a === 'number' && typeof b === 'number' && a >= 0 && b >= 0 ? a <= b : u64(a) <= u64(b));
const t32 = (a) => (typeof a === 'number' ? a | 0 : Number(BigInt.asIntN(32, a)));
const u2f = (a) => (typeof a === 'number' && a >= 0 ? a : Number(u64(a)));
// i64 to f32 rounded once: beyond 2^53, rounded to odd at 53 bits first (exact in f64), then by fround.
const big2f32 = (v) => { const n = v < 0n ? -v : v; const e = n.toString(2).length - 53; if (e <= 0) return Math.fround(Number(v)); const s = BigInt(e); let q = n >> s; if (q << s !== n) q |= 1n; const f = Math.fround(Number(q) * 2 ** e); return v < 0n ? -f : f; };
const i2f32 = (a) => (typeof a === 'number' ? Math.fround(a) : big2f32(a));
const u2f32 = (a) => (typeof a === 'number' && a >= 0 ? Math.fround(a) : big2f32(u64(a)));
const f2i = (a, lo, hi) => (a !== a ? 0 : a >= hi ? hi : a <= lo ? lo : Math.trunc(a) + 0);
const f2i64 = (a) => (a !== a ? 0 : a >= 9223372036854775807 ? 9223372036854775807n : a <= -9223372036854775808 ? -9223372036854775808n : big(BigInt(Math.trunc(a))));
const f2u64 = (a) => (a !== a || a <= 0 ? 0 : a >= 18446744073709551615 ? -1 : big(BigInt.asIntN(64, BigInt(Math.trunc(a)))));
const paddBig = (b, o) => b + Number(BigInt.asIntN(64, o));
const padd = (b, o) => (typeof o === 'number' ? b + o : paddBig(b, o));
const num = (v) => (typeof v === 'number' ? v : Number(v));
const c64 = (v) => (typeof v === 'number' ? v : big(v));
const fnAt = (p, loc) => { const f = FN[(p - FNBASE) / 16]; if (typeof f !== 'function') X.badCall(p, loc); return f; };
`;
const PRELUDE_LINES = PRELUDE.split('\n').length - 1 + 2; // + the two lines `new Function` adds before the body

class FunctionGenerator {
  private readonly slotOffsets = new Map<number, number>();
  private frameSize = 0;
  private flow!: ControlFlow;
  /** Whether the function's blocks are the cases of a dispatch loop (see dispatch). */
  private dispatching = false;
  private indent = 1;

  constructor(
    private readonly fn: IrFunction,
    private readonly jsNames: ReadonlyMap<string, string>,
    private readonly addresses: Addresses,
    private readonly foreignIndex: ReadonlyMap<string, number>,
    private readonly emitLine: (line: string, loc?: number) => void,
    private readonly trace: boolean,
    private readonly traceTexts: TraceEntry[],
    private readonly nextLine: () => number,
    private readonly variadicKinds: string[],
    private readonly foreign: ReadonlyMap<string, ForeignFunction>,
  ) {}

  /** The index of a call's variadic argument kinds in the program's table FV. */
  private variadicIndex(kinds: readonly import('../ir').ForeignValue[]): number {
    const text = JSON.stringify(kinds);
    let index = this.variadicKinds.indexOf(text);
    if (index < 0) index = this.variadicKinds.push(text) - 1;
    return index;
  }

  private line(text: string, loc?: number): void {
    this.emitLine('  '.repeat(this.indent) + text, loc);
  }

  run(): void {
    const fn = this.fn;
    for (const s of fn.slots) {
      this.frameSize = Math.ceil(this.frameSize / s.align) * s.align;
      this.slotOffsets.set(s.id, this.frameSize);
      this.frameSize += s.size;
    }
    this.frameSize = Math.ceil(this.frameSize / 16) * 16;
    const params = fn.params.map((p) => `v${p.id}`).join(', ');
    this.emitLine(`function ${this.jsNames.get(fn.name)}(${params}) {`);
    const locals = fn.vars.filter((v) => !fn.params.includes(v)).map((v) => `v${v.id} = 0`);
    // $t, $o and $h are the scratch variables of the inline fast paths (inline.ts's templates).
    this.line(`let ${[...locals, '$t = 0', '$o = 0', '$h = 0'].join(', ')};`);
    if (this.frameSize > 0) this.line(`const fp = SP; SP = fp + ${this.frameSize}; if (SP > SE) X.stackOverflow(${fn.loc});`, fn.loc);
    if (fn.blocks.length > MAX_STRUCTURED_BLOCKS) {
      this.dispatch();
    } else {
      this.flow = controlFlow(fn);
      this.tree(0);
    }
    this.emitLine('}');
  }

  /**
   * A function too big for structured code: nesting as deep as its dominator tree would exhaust
   * this generator's stack and then V8's parser's. Its blocks become the cases of a switch in a
   * loop, and a jump sets the block to run next (slower, and only for functions no person
   * writes: a generator's 10,000 blocks).
   */
  private dispatch(): void {
    this.dispatching = true;
    this.line('let $b = 0;');
    this.line('for (;;) switch ($b) {');
    this.indent++;
    for (const block of this.fn.blocks) {
      this.line(`case ${block.id}: {`);
      this.indent++;
      this.code(block);
      this.indent--;
      this.line('}');
    }
    this.indent--;
    this.line('}');
  }

  // ------------------------------------------------------------------ structure

  private tree(block: number): void {
    const merges = mergeChildren(this.flow, block);
    if (this.flow.loopHeaders.has(block)) {
      this.line(`L${block}: for (;;) {`);
      this.indent++;
      this.within(block, merges);
      this.indent--;
      this.line('}');
    } else {
      this.within(block, merges);
    }
  }

  private within(block: number, merges: readonly number[]): void {
    if (merges.length === 0) {
      this.code(this.fn.blocks[block]!);
      return;
    }
    const [outer, ...rest] = merges;
    this.line(`B${outer}: {`);
    this.indent++;
    this.within(block, rest);
    this.indent--;
    this.line('}');
    this.tree(outer!);
  }

  private jump(from: number, to: number): void {
    if (this.dispatching) {
      this.line(`$b = ${to}; continue;`);
      return;
    }
    switch (jumpKind(this.flow, from, to)) {
      case 'continue':
        this.line(`continue L${to};`);
        return;
      case 'break':
        this.line(`break B${to};`);
        return;
      case 'inline':
        this.tree(to);
        return;
    }
  }

  private code(block: Block): void {
    block.instrs.forEach((instr, i) => {
      this.location = block.locs[i];
      this.instr(instr);
    });
    this.location = block.locs[block.instrs.length];
    this.terminator(block.id, block.terminator);
  }

  /** The source location of the instruction being generated (for the trace). */
  private location: number | undefined;

  private terminator(from: number, t: Terminator): void {
    const read = t.op === 'br' ? [t.cond] : t.op === 'ret' && t.value ? [t.value] : t.op === 'trap' ? t.args : [];
    this.traceHook(terminatorText(t), t.op === 'trap' ? t.loc : undefined, read);
    switch (t.op) {
      case 'jmp':
        return this.jump(from, t.target);
      case 'br':
        this.line(`if (${this.o(t.cond)}) {`);
        this.indent++;
        this.jump(from, t.then);
        this.indent--;
        this.line('} else {');
        this.indent++;
        this.jump(from, t.else);
        this.indent--;
        this.line('}');
        return;
      case 'ret':
        if (this.frameSize > 0) this.line('SP = fp;');
        this.line(t.value ? `return ${this.o(t.value)};` : 'return;');
        return;
      case 'trap':
        this.line(`X.trap('${t.kind}', ${t.loc}${t.args.map((a) => `, ${this.o(a)}`).join('')});`, t.loc);
        this.line('return;');
        return;
    }
  }

  // ------------------------------------------------------------------ operands

  private o(op: Operand): string {
    switch (op.kind) {
      case 'var':
        return `v${op.var.id}`;
      case 'int':
        return intLiteral(op.value, op.type);
      case 'float':
        return floatLiteral(op.value);
      case 'slot': {
        const offset = this.slotOffsets.get(op.slot.id)!;
        return offset === 0 ? 'fp' : `(fp + ${offset})`;
      }
      case 'global':
        return String(this.addresses.globals.get(op.name)!);
      case 'string':
        return String(this.addresses.strings[op.index]!);
      case 'function':
        return String(this.addresses.functions.get(op.name)!);
    }
  }

  private address(base: Operand, offset: number): string {
    const b = this.o(base);
    return offset === 0 ? b : `${b} + ${offset}`;
  }

  // ------------------------------------------------------------------ instructions

  /** The values an instruction reads are its variables; constants are already in its text. */
  private traceHook(text: string, loc: number | undefined, operands: readonly Operand[]): void {
    if (!this.trace) return;
    const index = this.traceTexts.length;
    const read = operands.filter((o): o is Extract<Operand, { kind: 'var' }> => o.kind === 'var');
    this.traceTexts.push({ fn: this.fn.source.name, text, line: this.nextLine(), loc: loc ?? this.location, types: read.map((o) => o.var.type) });
    this.line(`T(${index}, [${read.map((o) => this.o(o)).join(', ')}]);`);
  }

  private instr(i: Instr): void {
    this.traceHook(instrText(i), 'loc' in i ? i.loc : undefined, operandsOf(i));
    const d = 'dst' in i && i.dst && i.op !== 'memcpy' && i.op !== 'memzero' ? `v${(i.dst as { id: number }).id}` : '';
    switch (i.op) {
      case 'copy':
        return this.line(`${d} = ${i.dst.type === 'ptr' && i.src.kind === 'var' && i.src.var.type === 'i64' ? `num(${this.o(i.src)})` : this.o(i.src)};`);
      case 'binary':
        return this.line(`${d} = ${inlineBinary(i.kind, i.type, this.o(i.a), this.o(i.b)) ?? binary(i.kind, i.type, this.o(i.a), this.o(i.b))};`);
      case 'neg':
        return this.line(`${d} = ${unaryNeg(i.type, this.o(i.a))};`);
      case 'fneg':
        return this.line(`${d} = -(${this.o(i.a)});`);
      case 'not':
        return this.line(`${d} = ${i.type === 'i64' ? `not64(${this.o(i.a)})` : `${wrap(i.type, `~${this.o(i.a)}`)}`};`);
      case 'cmp':
        return this.line(`${d} = (${compare(i.cond, i.type, this.o(i.a), this.o(i.b))}) ? 1 : 0;`);
      case 'conv':
        return this.line(`${d} = ${conversion(i.kind, i.from, i.dst.type, this.o(i.a))};`);
      case 'ptradd':
        return this.line(`${d} = ${i.offset.kind === 'int' ? `${this.o(i.base)} + ${this.o(i.offset)}` : `(typeof ${this.o(i.offset)} === 'number' ? ${this.o(i.base)} + ${this.o(i.offset)} : paddBig(${this.o(i.base)}, ${this.o(i.offset)}))`};`);
      case 'load':
        return this.line(`${d} = ${inlineLoad(i.type, this.address(i.addr, i.offset))};`);
      case 'store':
        return this.line(`${inlineStore(i.type, this.address(i.addr, i.offset), this.o(i.value))}`);
      case 'memcpy':
        return this.line(`M.copy(${this.o(i.dst)}, ${this.o(i.src)}, ${i.size});`);
      case 'memzero':
        return this.line(`M.fill(${this.o(i.dst)}, 0, num(${this.o(i.size)}));`);
      case 'call': {
        const call = `${this.jsNames.get(i.fn)}(${i.args.map((a) => this.o(a)).join(', ')})`;
        return this.line(i.dst ? `${d} = ${call};` : `${call};`, i.loc);
      }
      case 'callind': {
        const call = `fnAt(${this.o(i.callee)}, ${i.loc})(${i.args.map((a) => this.o(a)).join(', ')})`;
        return this.line(i.dst ? `${d} = ${call};` : `${call};`, i.loc);
      }
      case 'callforeign': {
        const fn = this.foreign.get(i.fn)!;
        const index = this.foreignIndex.get(i.fn)!;
        const args = i.args.map((a) => this.o(a));
        const intrinsic = mathIntrinsic(fn);
        if (intrinsic) return this.line(`${d} = ${intrinsic}(${args.join(', ')});`, i.loc);
        this.line('flush();');
        let call: string;
        if (directCall(fn) && i.variadic.length === 0) {
          const raw = `FD[${index}](${args.join(', ')})`;
          const ret = fn.signature.ret;
          call = ret?.kind === 'scalar' && ret.type === 'ptr' ? `num(${raw})` : ret?.kind === 'scalar' && ret.type === 'i64' ? `c64(${raw})` : raw;
        } else {
          call = `FF[${index}]([${args.join(', ')}], FV[${this.variadicIndex(i.variadic)}])`;
        }
        this.line(i.dst ? `${d} = ${call};` : `${call};`, i.loc);
        return;
      }
      case 'rt': {
        if (!RT_NAMES.has(i.fn)) throw new Error(`no runtime function ${i.fn}`);
        const call = `R.${i.fn}(${i.args.map((a) => this.o(a)).join(', ')})`;
        return this.line(i.dst ? `${d} = ${call};` : `${call};`, i.loc);
      }
      case 'check':
        return this.line(check(i.kind, i.args.map((a) => this.o(a)), i.loc), i.loc);
    }
  }
}

/**
 * C functions whose results JavaScript computes exactly alike (correctly rounded, by IEEE 754),
 * called without the FFI. Others (sin, exp, pow...) go to the C library: V8's own versions may
 * differ in the last bit, and the native program calls the C library.
 */
const MATH: Readonly<Record<string, string>> = { sqrt: 'Math.sqrt', floor: 'Math.floor', ceil: 'Math.ceil', fabs: 'Math.abs', trunc: 'Math.trunc' };

function mathIntrinsic(fn: ForeignFunction): string | undefined {
  const sig = fn.signature;
  const f64 = (v: import('../ir').ForeignValue | undefined) => v?.kind === 'scalar' && v.type === 'f64';
  if ((fn.library !== 'm' && fn.library !== 'c') || !MATH[fn.name] || sig.variadic || sig.params.length !== 1 || !f64(sig.params[0]) || !f64(sig.ret)) return undefined;
  return MATH[fn.name];
}

/** Whether a foreign function can be called as the koffi function itself (scalars only). */
function directCall(fn: ForeignFunction): boolean {
  const sig = fn.signature;
  return !sig.variadic && sig.params.every((p) => p.kind === 'scalar') && sig.ret?.kind !== 'struct';
}

function intLiteral(value: bigint, type: IrType): string {
  if (type === 'i64') {
    const v = BigInt.asIntN(64, value); // a u64 constant too: canonical (a number when exact)
    return v > 9007199254740991n || v < -9007199254740991n ? `${v}n` : String(v);
  }
  if (type === 'ptr') return String(value);
  const bits = type === 'i8' ? 8 : type === 'i16' ? 16 : 32;
  return String(BigInt.asIntN(bits, value));
}

function floatLiteral(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  if (Object.is(value, -0)) return '-0';
  return String(value);
}

/** An i8/i16/i32 result brought back into its type's signed range. */
function wrap(type: IrType, expr: string): string {
  switch (type) {
    case 'i8':
      return `((${expr}) << 24 >> 24)`;
    case 'i16':
      return `((${expr}) << 16 >> 16)`;
    case 'i32':
      return `((${expr}) | 0)`;
    case 'f32':
      return `Math.fround(${expr})`;
    default:
      return expr;
  }
}

/** The unsigned value of an i8/i16/i32 (for unsigned operations). */
function unsigned(type: IrType, a: string): string {
  return type === 'i8' ? `(${a} & 255)` : type === 'i16' ? `(${a} & 65535)` : `(${a} >>> 0)`;
}

function binary(kind: string, type: IrType, a: string, b: string): string {
  if (type === 'i64' || type === 'ptr') {
    const fn: Record<string, string> = {
      add: 'add64', sub: 'sub64', mul: 'mul64', sdiv: 'sdiv64', udiv: 'udiv64', srem: 'srem64', urem: 'urem64',
      and: 'and64', or: 'or64', xor: 'xor64', shl: 'shl64', lshr: 'lshr64', ashr: 'ashr64',
    };
    return `${fn[kind]}(${a}, ${b})`;
  }
  if (type === 'f64' || type === 'f32') {
    const op: Record<string, string> = { fadd: '+', fsub: '-', fmul: '*', fdiv: '/' };
    return wrap(type, `${a} ${op[kind]} ${b}`);
  }
  const width = type === 'i8' ? 8 : type === 'i16' ? 16 : 32;
  switch (kind) {
    case 'add':
      return wrap(type, `${a} + ${b}`);
    case 'sub':
      return wrap(type, `${a} - ${b}`);
    case 'mul':
      return wrap(type, `Math.imul(${a}, ${b})`);
    case 'sdiv':
      return wrap(type, `${a} / ${b}`);
    case 'srem':
      return wrap(type, `${a} % ${b}`);
    case 'udiv':
      return wrap(type, `${unsigned(type, a)} / ${unsigned(type, b)}`);
    case 'urem':
      return wrap(type, `${unsigned(type, a)} % ${unsigned(type, b)}`);
    case 'and':
      return `(${a} & ${b})`;
    case 'or':
      return `(${a} | ${b})`;
    case 'xor':
      return `(${a} ^ ${b})`;
    case 'shl':
      return `(${b} >= 0 && ${b} < ${width} ? ${wrap(type, `${a} << ${b}`)} : 0)`;
    case 'ashr':
      return `(${b} >= 0 && ${b} < ${width} ? (${a} >> ${b}) : (${a} < 0 ? -1 : 0))`;
    case 'lshr':
      return `(${b} >= 0 && ${b} < ${width} ? ${wrap(type, `${unsigned(type, a)} >>> ${b}`)} : 0)`;
    default:
      throw new Error(`binary ${kind} on ${type}`);
  }
}

function unaryNeg(type: IrType, a: string): string {
  return type === 'i64' || type === 'ptr' ? `neg64(${a})` : wrap(type, `-(${a})`);
}

function compare(cond: string, type: IrType, a: string, b: string): string {
  const wide = type === 'i64' || type === 'ptr';
  switch (cond) {
    case 'eq':
    case 'feq':
      return `${a} === ${b}`;
    case 'ne':
    case 'fne':
      return `${a} !== ${b}`;
    case 'slt':
    case 'flt':
      return `${a} < ${b}`;
    case 'sle':
    case 'fle':
      return `${a} <= ${b}`;
    case 'sgt':
    case 'fgt':
      return `${a} > ${b}`;
    case 'sge':
    case 'fge':
      return `${a} >= ${b}`;
    case 'ult':
      return wide ? `ult64(${a}, ${b})` : `${unsigned(type, a)} < ${unsigned(type, b)}`;
    case 'ule':
      return wide ? `ule64(${a}, ${b})` : `${unsigned(type, a)} <= ${unsigned(type, b)}`;
    case 'ugt':
      return wide ? `ult64(${b}, ${a})` : `${unsigned(type, a)} > ${unsigned(type, b)}`;
    case 'uge':
      return wide ? `ule64(${b}, ${a})` : `${unsigned(type, a)} >= ${unsigned(type, b)}`;
    default:
      throw new Error(`comparison ${cond}`);
  }
}

const LIMITS: Record<string, [string, string]> = {
  i8: ['-128', '127'], i16: ['-32768', '32767'], i32: ['-2147483648', '2147483647'],
};
const ULIMITS: Record<string, string> = { i8: '255', i16: '65535', i32: '4294967295' };

function conversion(kind: string, from: IrType, to: IrType, a: string): string {
  switch (kind) {
    case 'sext':
      return a;
    case 'zext':
      return from === 'i8' ? `(${a} & 255)` : from === 'i16' ? `(${a} & 65535)` : `(${a} >>> 0)`;
    case 'trunc':
      if (from === 'i64' || from === 'ptr') return wrap(to, `t32(${a})`);
      return wrap(to, a);
    case 'sitofp':
      if (to === 'f32') return from === 'i64' ? `i2f32(${a})` : `Math.fround(${a})`;
      return from === 'i64' ? `num(${a})` : a;
    case 'uitofp': {
      if (to === 'f32' && from === 'i64') return `u2f32(${a})`;
      const value = from === 'i64' ? `u2f(${a})` : unsigned(from, a);
      return to === 'f32' ? `Math.fround(${value})` : value;
    }
    case 'fptosi':
      if (to === 'i64') return `f2i64(${a})`;
      return `f2i(${a}, ${LIMITS[to]![0]}, ${LIMITS[to]![1]})`;
    case 'fptoui':
      if (to === 'i64') return `f2u64(${a})`;
      return wrap(to, `f2i(${a}, 0, ${ULIMITS[to]!})`);
    case 'fpext':
      return a;
    case 'fptrunc':
      return `Math.fround(${a})`;
    default:
      throw new Error(`conversion ${kind}`);
  }
}

function check(kind: string, args: readonly string[], loc: number): string {
  switch (kind) {
    case 'bounds':
      return `if (!(${args[0]} >= 0 && ${args[0]} < ${args[1]})) X.bounds(${args[0]}, ${args[1]}, ${loc});`;
    case 'slice':
      return `if (!(${args[0]} >= 0 && ${args[0]} <= ${args[1]} && ${args[1]} <= ${args[2]})) X.slice(${args[0]}, ${args[1]}, ${args[2]}, ${loc});`;
    case 'step':
      return `if (!(${args[0]} > 0)) X.step(${args[0]}, ${loc});`;
    case 'divzero':
      return `if (${args[0]} === 0) X.divZero(${loc});`;
    case 'null':
      return `if (${args[0]} === 0) X.nullPointer(${loc});`;
    case 'contiguous':
      return `if (${args[0]} !== 1) X.contiguous(${args[0]}, ${loc});`;
    case 'size':
      return `if (${args[0]} < 0) X.size(${args[0]}, ${loc});`;
    default:
      throw new Error(`check ${kind}`);
  }
}
