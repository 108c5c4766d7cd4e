// Calls: arguments into the registers and stack places of abi.ts, the call, the results back.
// Zolt calls (direct, through a pointer, and the runtime's functions) pass the context in r15;
// foreign calls follow System V exactly, structs by value included; a few foreign functions
// are instructions instead (sqrt, floor, ceil, trunc, fabs: correctly rounded alike, as the
// interpreter computes them), and `foreign "zolt"` functions are the backend's intrinsics.

import type { ForeignFunction, ForeignValue, Instr, IrType, Operand, Var } from '../../ir';
import { isFloat } from '../../ir';
import type { CallTarget, Mem, Reg } from '../mir/mir';
import type { Size } from '../x64';
import { RUNTIME_PREFIX } from '../link/merge';
import { classifyStruct, planCall, planZoltCall, type ArgPlace, type CallPlan } from './abi';
import { displaced, opSize, sizeOf, typeOfOperand, type Selector } from './select';

const RAX = 0;
const RDX = 2;
const RDI = 7;
const XMM0 = 16;
const XMM1 = 17;

/** A Zolt call: `args[0]` is the context, the rest are scalars. */
export function selectCall(sel: Selector, target: CallTarget, args: readonly Operand[], dst: Var | undefined, loc: number): void {
  const rest = args.slice(1);
  const plan = planZoltCall(rest.map(typeOfOperand));
  const uses = placeArguments(sel, plan, rest.map((a) => ({ operand: a, value: { kind: 'scalar', type: typeOfOperand(a) } as ForeignValue })));
  const restore = sel.setContext(args[0]);
  const defs = dst ? [isFloat(dst.type) ? XMM0 : RAX] : [];
  sel.mf.calls = true;
  sel.emit({ op: 'call', target, uses, defs, site: loc });
  restore?.();
  if (dst) copyResult(sel, dst);
}

export function selectForeignCall(sel: Selector, i: Extract<Instr, { op: 'callforeign' }>, given?: ForeignFunction): void {
  const fn = given ?? sel.ctx.foreign.get(i.fn);
  if (!fn) throw new Error(`no foreign function ${i.fn}`);
  if (inlineMath(sel, fn, i)) return;
  if (!sel.ctx.intrinsic(fn) && !given && writesOutput(fn) && !sel.mf.name.startsWith(RUNTIME_PREFIX)) {
    // The program's print goes through C's stdout buffer, so printf and puts keep their order
    // with it by themselves; a foreign function that writes to the descriptor (write, dprintf,
    // a C library's own output) needs what was printed before it written first, as in the
    // interpreter. fflush(NULL) on empty buffers costs a few nanoseconds.
    sel.callC('fflush', [{ kind: 'int', type: 'ptr', value: 0n }]);
  }
  const sig = fn.signature;
  const structResult = sig.ret?.kind === 'struct' ? sig.ret.layout : undefined;
  const args = structResult ? i.args.slice(1) : i.args;
  const kinds: ForeignValue[] = [...sig.params, ...i.variadic];
  const resultClasses = structResult ? classifyStruct(structResult) : undefined;
  const hidden = resultClasses === 'memory';
  const plan = planCall(kinds, hidden);
  const uses = placeArguments(sel, plan, args.map((operand, k) => ({ operand, value: kinds[k]! })));
  if (hidden) {
    sel.moveInto(RDI, i.args[0]!, 'gpr');
    uses.push(RDI);
  }
  if (sig.variadic) {
    sel.emit({ op: 'movi', size: 4, dst: RAX, imm: BigInt(plan.sseCount) });
    uses.push(RAX);
  }
  const intrinsic = sel.ctx.intrinsic(fn);
  const target: CallTarget = intrinsic ? { kind: 'function', name: intrinsic } : { kind: 'import', name: fn.name };
  let defs: Reg[] = [];
  if (resultClasses && resultClasses !== 'memory') {
    let ints = 0;
    let floats = 0;
    defs = resultClasses.map((c) => (c === 'integer' ? [RAX, RDX][ints++]! : [XMM0, XMM1][floats++]!));
  } else if (i.dst) {
    defs = [isFloat(i.dst.type) ? XMM0 : RAX];
  }
  sel.mf.calls = true;
  sel.emit({ op: 'call', target, uses, defs, site: i.loc });
  if (resultClasses && resultClasses !== 'memory') storeStructResult(sel, i.args[0]!, resultClasses, defs, structResult!.size);
  else if (i.dst) copyResult(sel, i.dst);
}

/** libm's functions write nothing; any other library's may. */
function writesOutput(fn: ForeignFunction): boolean {
  return fn.library !== 'm';
}

function copyResult(sel: Selector, dst: Var): void {
  const r = sel.valueReg(dst);
  sel.emit(isFloat(dst.type) ? { op: 'fmov', dst: r, src: XMM0 } : { op: 'mov', size: 8, dst: r, src: RAX });
}

interface Argument {
  readonly operand: Operand;
  readonly value: ForeignValue;
}

/**
 * Puts the arguments where the plan says: stack places first (they may need scratch registers),
 * then registers. Returns the argument registers, for the call's `uses`.
 */
function placeArguments(sel: Selector, plan: CallPlan, args: readonly Argument[]): Reg[] {
  sel.mf.outgoing = Math.max(sel.mf.outgoing, plan.stackBytes);
  const uses: Reg[] = [];
  const inRegisters: { place: ArgPlace; arg: Argument }[] = [];
  args.forEach((arg, k) => {
    const place = plan.args[k]!;
    if (place.kind === 'stack') stackArgument(sel, place.offset, arg);
    else inRegisters.push({ place, arg });
  });
  // Values first, into virtual registers; then the moves into the fixed registers, together
  // just before the call, so that the fixed registers are live as briefly as possible.
  const moves: (() => void)[] = [];
  for (const { place, arg } of inRegisters) {
    if (place.kind === 'gpr' || place.kind === 'xmm') {
      const cls = place.kind;
      if (arg.operand.kind === 'int' && cls === 'gpr') {
        const value = extendedConstant(arg.operand.value, arg.value);
        moves.push(() => sel.emit({ op: 'movi', size: 8, dst: place.reg, imm: value }));
      } else {
        const r = cls === 'gpr' ? extendedReg(sel, arg) : sel.reg(arg.operand);
        moves.push(() => sel.emit(cls === 'xmm' ? { op: 'fmov', dst: place.reg, src: r } : { op: 'mov', size: 8, dst: place.reg, src: r }));
      }
      uses.push(place.reg);
    } else if (place.kind === 'struct-regs') {
      const base = sel.addressOf(arg.operand, 0);
      place.regs.forEach((reg, e) => {
        const bytes = Math.min(8, place.size - 8 * e);
        const at = displaced(base, 8 * e);
        if (place.classes[e] === 'sse') {
          const t = sel.newReg('xmm');
          sel.emit({ op: 'fload', size: bytes > 4 ? 8 : 4, dst: t, mem: at });
          moves.push(() => sel.emit({ op: 'fmov', dst: reg, src: t }));
        } else {
          const t = loadPartial(sel, at, bytes);
          moves.push(() => sel.emit({ op: 'mov', size: 8, dst: reg, src: t }));
        }
        uses.push(reg);
      });
    }
  }
  for (const move of moves) move();
  return uses;
}

function stackArgument(sel: Selector, offset: number, arg: Argument): void {
  const to: Mem = { kind: 'outgoing', offset };
  if (arg.value.kind === 'scalar') {
    const type = arg.value.type;
    if (isFloat(type)) return sel.emit({ op: 'fstore', size: opSize(type), mem: to, src: sel.reg(arg.operand) });
    if (arg.operand.kind === 'int') {
      const value = extendedConstant(arg.operand.value, arg.value);
      if (value >= -(1n << 31n) && value < 1n << 31n) return sel.emit({ op: 'storei', size: 8, mem: to, imm: Number(value) });
    }
    return sel.emit({ op: 'store', size: 8, mem: to, src: extendedReg(sel, arg) });
  }
  // A struct in memory: its bytes, copied.
  const from = sel.addressOf(arg.operand, 0);
  const size = arg.value.layout.size;
  for (let at = 0; at < size; ) {
    const piece: Size = size - at >= 8 ? 8 : size - at >= 4 ? 4 : size - at >= 2 ? 2 : 1;
    const t = sel.newReg('gpr');
    sel.emit({ op: 'load', size: piece, ext: 'none', dst: t, mem: displaced(from, at) });
    sel.emit({ op: 'store', size: piece, mem: displaced(to, at), src: t });
    at += piece;
  }
}

// Narrow integers live in registers whose upper bits are unspecified (select.ts), but C callers
// extend an 8- or 16-bit argument to 32 bits by its type, and callees compiled by Clang rely on
// it (test/fixtures/abi/extension.zolt): sign for signed types, zero for unsigned ones and bool.

/** The width of a narrow foreign integer argument (Zolt calls give no signedness: not extended). */
function narrowBits(value: ForeignValue): 8 | 16 | undefined {
  if (value.kind !== 'scalar' || value.signed === undefined) return undefined;
  return value.type === 'i8' ? 8 : value.type === 'i16' ? 16 : undefined;
}

/** A constant argument as the register holds it: a narrow one extended by its signedness. */
function extendedConstant(value: bigint, kind: ForeignValue): bigint {
  const bits = narrowBits(kind);
  if (bits === undefined || kind.kind !== 'scalar') return value;
  return kind.signed ? BigInt.asIntN(bits, value) : BigInt.asUintN(bits, value);
}

/** An integer argument in a register, a narrow foreign one extended to 32 bits. */
function extendedReg(sel: Selector, arg: Argument): Reg {
  if (narrowBits(arg.value) === undefined || arg.value.kind !== 'scalar') return sel.reg(arg.operand);
  return sel.widened(arg.operand, arg.value.type, arg.value.signed === true);
}

/** `bytes` (1 to 8) bytes from memory into the low bytes of a register, without reading past them. */
function loadPartial(sel: Selector, mem: Mem, bytes: number): Reg {
  const result = sel.newReg('gpr');
  let at = 0;
  let first = true;
  while (at < bytes) {
    const piece: Size = bytes - at >= 8 ? 8 : bytes - at >= 4 ? 4 : bytes - at >= 2 ? 2 : 1;
    const t = first ? result : sel.newReg('gpr');
    sel.emit({ op: 'load', size: piece, ext: piece < 4 ? 'zx' : 'none', dst: t, mem: displaced(mem, at) });
    if (!first) {
      sel.emit({ op: 'shifti', shift: 'shl', size: 8, dst: t, count: at * 8 });
      sel.emit({ op: 'alu', alu: 'or', size: 8, dst: result, src: t });
    }
    first = false;
    at += piece;
  }
  return result;
}

/** A struct result in registers, written where the call's first IR argument points. */
function storeStructResult(sel: Selector, dest: Operand, classes: readonly ('integer' | 'sse')[], regs: readonly Reg[], size: number): void {
  // The result registers first into virtual ones: storing may need registers of its own.
  const values = regs.map((r, e) => {
    const cls = classes[e] === 'sse' ? 'xmm' : 'gpr';
    const v = sel.newReg(cls);
    sel.emit(cls === 'xmm' ? { op: 'fmov', dst: v, src: r } : { op: 'mov', size: 8, dst: v, src: r });
    return v;
  });
  const base = sel.addressOf(dest, 0);
  values.forEach((v, e) => {
    const bytes = Math.min(8, size - 8 * e);
    const at = displaced(base, 8 * e);
    if (classes[e] === 'sse') return sel.emit({ op: 'fstore', size: bytes > 4 ? 8 : 4, mem: at, src: v });
    let done = 0;
    while (done < bytes) {
      const piece: Size = bytes - done >= 8 ? 8 : bytes - done >= 4 ? 4 : bytes - done >= 2 ? 2 : 1;
      sel.emit({ op: 'store', size: piece, mem: displaced(at, done), src: v });
      done += piece;
      if (done < bytes) sel.emit({ op: 'shifti', shift: 'shr', size: 8, dst: v, count: piece * 8 });
    }
  });
}

// ------------------------------------------------------------------ math as instructions

const ROUND_MODES: Readonly<Record<string, number>> = { floor: 9, ceil: 10, trunc: 11 };

/** sqrt, floor, ceil, trunc and fabs of an f64 (as the interpreter: correctly rounded). */
function inlineMath(sel: Selector, fn: ForeignFunction, i: Extract<Instr, { op: 'callforeign' }>): boolean {
  const sig = fn.signature;
  const f64 = (v: ForeignValue | undefined): boolean => v?.kind === 'scalar' && v.type === 'f64';
  if ((fn.library !== 'm' && fn.library !== 'c') || sig.variadic || sig.params.length !== 1 || !f64(sig.params[0]) || !f64(sig.ret) || !i.dst) return false;
  const dst = sel.valueReg(i.dst);
  const src = sel.reg(i.args[0]!);
  if (fn.name === 'sqrt') {
    sel.emit({ op: 'fun', sse: 'sqrtsd', dst, src });
    return true;
  }
  const mode = ROUND_MODES[fn.name];
  if (mode !== undefined) {
    sel.emit({ op: 'round', round: 'roundsd', mode, dst, src });
    return true;
  }
  if (fn.name === 'fabs') {
    const mask = sel.newReg('xmm');
    sel.emit({ op: 'fload', size: 8, dst: mask, mem: sel.rip(sel.ctx.constants.bits64((1n << 63n) - 1n)) });
    sel.emit({ op: 'fmov', dst, src });
    sel.emit({ op: 'fop', sse: 'andpd', dst, src: mask });
    return true;
  }
  return false;
}

export function scalarSize(type: IrType): Size {
  return sizeOf(type);
}
