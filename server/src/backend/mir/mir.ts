// Machine IR: x86-64 instructions over virtual registers, between instruction selection
// (isel/) and register allocation (regalloc/). Each instruction is one machine instruction
// (or a call with its fixed registers), in two-address form where x86 is two-address
// (`alu add d, s` reads and writes d); emit/ turns them into bytes once every register is real.
//
// Registers are numbers: below 32 the x86-64 register of that number (x64/registers.ts: general
// registers 0-15, xmm 16-31), from 32 up virtual registers, each of one class (general or SSE;
// `MFunction.classes`). Physical registers appear where the machine or the calling convention
// fixes them: arguments and results of calls, rax/rdx around a division, cl for a shift count.
// They are never live across a block boundary, so the allocator treats them as fixed intervals
// within blocks.
//
// A virtual register may be assigned more than once (two-address forms, the two arms of a
// lowered `sdiv` by -1): the allocator works from liveness, not from SSA.

import type { Cond, Scale, Size } from '../x64';
import type { AluOp, RoundOp, ShiftOp, SseOp } from '../x64';

export type Reg = number;
export const FIRST_VIRTUAL = 32;
export type RegClass = 'gpr' | 'xmm';

export function isVirtual(r: Reg): boolean {
  return r >= FIRST_VIRTUAL;
}

/** Something in the program's data that code refers to by address. */
export type DataRef =
  | { readonly kind: 'global'; readonly name: string }
  | { readonly kind: 'string'; readonly index: number }
  /** A constant of the pool (floats, masks), by its key in MFunction's module. */
  | { readonly kind: 'const'; readonly key: string }
  | { readonly kind: 'function'; readonly name: string }
  /** The GOT slot of an imported symbol (holds its address). */
  | { readonly kind: 'import'; readonly name: string };

export type Mem =
  /** [base + index*scale + disp] */
  | { readonly kind: 'base'; readonly base: Reg; readonly index: Reg | undefined; readonly scale: Scale; readonly disp: number }
  /** A stack slot of the IR function (frame.ts places it), + index*scale + disp. */
  | { readonly kind: 'slot'; readonly slot: number; readonly index: Reg | undefined; readonly scale: Scale; readonly disp: number }
  /** [rip + data + disp] */
  | { readonly kind: 'rip'; readonly target: DataRef; readonly disp: number }
  /** The outgoing argument area: [rsp + offset]. */
  | { readonly kind: 'outgoing'; readonly offset: number }
  /** An argument the caller passed on the stack: [rbp + 16 + offset]. */
  | { readonly kind: 'incoming'; readonly offset: number }
  /** A virtual register's spill slot (made by the register allocator). */
  | { readonly kind: 'spill'; readonly reg: Reg };

/** What a call calls. */
export type CallTarget =
  | { readonly kind: 'function'; readonly name: string }
  | { readonly kind: 'import'; readonly name: string }
  | { readonly kind: 'register'; readonly reg: Reg };

export type BranchCond = Cond | 'feq' | 'fne';

export type MInst =
  | { readonly op: 'mov'; readonly size: 4 | 8; dst: Reg; src: Reg }
  | { readonly op: 'movi'; readonly size: 4 | 8; dst: Reg; readonly imm: bigint }
  /** A load of `size` bytes; `ext` says how a narrow one fills the register (zx: 32-bit movzx). */
  | { readonly op: 'load'; readonly size: Size; readonly ext: 'zx' | 'sx' | 'none'; dst: Reg; mem: Mem }
  | { readonly op: 'store'; readonly size: Size; mem: Mem; src: Reg }
  | { readonly op: 'storei'; readonly size: Size; mem: Mem; readonly imm: number }
  | { readonly op: 'lea'; dst: Reg; mem: Mem }
  /** `alu dst, src` (cmp: reads dst only). */
  | { readonly op: 'alu'; readonly alu: AluOp; readonly size: Size; dst: Reg; src: Reg }
  | { readonly op: 'alui'; readonly alu: AluOp; readonly size: Size; dst: Reg; readonly imm: number }
  | { readonly op: 'test'; readonly size: Size; a: Reg; b: Reg }
  | { readonly op: 'imul'; readonly size: 4 | 8; dst: Reg; src: Reg }
  | { readonly op: 'imuli'; readonly size: 4 | 8; dst: Reg; src: Reg; readonly imm: number }
  /** Shift by cl (rcx is an operand of the instruction). */
  | { readonly op: 'shift'; readonly shift: ShiftOp; readonly size: Size; dst: Reg }
  | { readonly op: 'shifti'; readonly shift: ShiftOp; readonly size: Size; dst: Reg; readonly count: number }
  | { readonly op: 'unary'; readonly unary: 'neg' | 'not'; readonly size: Size; dst: Reg }
  /** rdx:rax / src: quotient in rax, remainder in rdx. */
  | { readonly op: 'div'; readonly signed: boolean; readonly size: 4 | 8; src: Reg }
  /** Sign-extends rax into rdx (cdq / cqo). */
  | { readonly op: 'signext'; readonly size: 4 | 8 }
  | { readonly op: 'ext'; readonly signed: boolean; readonly from: 1 | 2 | 4; readonly to: 4 | 8; dst: Reg; src: Reg }
  /** setcc into the low byte of dst, then movzx to 32 bits: dst is 0 or 1. */
  | { readonly op: 'setcc'; readonly cond: Cond; dst: Reg }
  | { readonly op: 'cmov'; readonly cond: Cond; readonly size: 4 | 8; dst: Reg; src: Reg }
  | { readonly op: 'fmov'; dst: Reg; src: Reg }
  | { readonly op: 'fload'; readonly size: 4 | 8; dst: Reg; mem: Mem }
  | { readonly op: 'fstore'; readonly size: 4 | 8; mem: Mem; src: Reg }
  /** Two-address SSE arithmetic (addsd ...): dst op= src. */
  | { readonly op: 'fop'; readonly sse: SseOp; dst: Reg; src: Reg }
  /** One-operand SSE (sqrtsd, cvtss2sd, ...): dst = op(src). */
  | { readonly op: 'fun'; readonly sse: SseOp; dst: Reg; src: Reg }
  /** ucomiss / ucomisd a, b. */
  | { readonly op: 'fcmp'; readonly size: 4 | 8; a: Reg; b: Reg }
  | { readonly op: 'fzero'; dst: Reg }
  /** cvtsi2sd/ss from a 32- or 64-bit integer register. */
  | { readonly op: 'cvtif'; readonly fsize: 4 | 8; readonly isize: 4 | 8; dst: Reg; src: Reg }
  /** cvttsd2si/cvttss2si (truncating) into a 32- or 64-bit register. */
  | { readonly op: 'cvtfi'; readonly fsize: 4 | 8; readonly isize: 4 | 8; dst: Reg; src: Reg }
  /** movd/movq between the register files. */
  | { readonly op: 'movxr'; readonly size: 4 | 8; dst: Reg; src: Reg }
  | { readonly op: 'movrx'; readonly size: 4 | 8; dst: Reg; src: Reg }
  | { readonly op: 'round'; readonly round: RoundOp; readonly mode: number; dst: Reg; src: Reg }
  /**
   * A call. `uses` are the registers carrying arguments (fixed: rdi, xmm0, ..., and rax for
   * a variadic call's count), `defs` the result registers; every caller-saved register is
   * clobbered. `site` is the source location of the call, for stack traces.
   */
  | { readonly op: 'call'; target: CallTarget; readonly uses: readonly Reg[]; readonly defs: readonly Reg[]; readonly site: number | undefined }
  /** The function's entry: defines the registers its arguments arrive in. */
  | { readonly op: 'entry'; readonly defs: readonly Reg[] }
  /** A move the register allocator inserted (a spill, a reload, a split, an edge move). */
  | { readonly op: 'move'; readonly cls: RegClass; from: Loc; to: Loc }
  // Terminators.
  | { readonly op: 'jmp'; readonly target: number }
  | { readonly op: 'jcc'; readonly cond: BranchCond; readonly then: number; readonly else: number }
  /** Returns; `uses` are the result registers (rax or xmm0). */
  | { readonly op: 'ret'; readonly uses: readonly Reg[] }
  /** After a call that does not return (a run-time error). */
  | { readonly op: 'ud2' };

/** Where a value is during a move: a register, a spill slot, or a constant. */
export type Loc =
  | { readonly kind: 'reg'; readonly reg: Reg }
  | { readonly kind: 'spill'; readonly reg: Reg }
  | { readonly kind: 'imm'; readonly value: bigint }
  /** A float constant of the pool. */
  | { readonly kind: 'const'; readonly key: string };

export interface MBlock {
  insts: MInst[];
  /** The source location of each instruction (for the listing), or -1. */
  locs: number[];
  /** Cold blocks (the paths to run-time errors) are laid out after all the others. */
  readonly cold: boolean;
}

export interface MFunction {
  readonly name: string;
  readonly blocks: MBlock[];
  /** The class of each virtual register (index: reg - FIRST_VIRTUAL). */
  readonly classes: RegClass[];
  /** Size and alignment of the IR function's stack slots, by slot id. */
  readonly slots: ReadonlyMap<number, { readonly size: number; readonly align: number }>;
  /** Bytes of outgoing stack arguments the largest call needs. */
  outgoing: number;
  /** Whether the function calls anything (a leaf needs no stack check). */
  calls: boolean;
  /** The source location of the declaration (a stack overflow reports it). */
  readonly loc: number;
}

export function successorsOf(inst: MInst): number[] {
  if (inst.op === 'jmp') return [inst.target];
  if (inst.op === 'jcc') return [inst.then, inst.else];
  return [];
}

export function isTerminator(inst: MInst): boolean {
  return inst.op === 'jmp' || inst.op === 'jcc' || inst.op === 'ret' || inst.op === 'ud2';
}

function memRegs(m: Mem, out: Reg[]): void {
  if (m.kind === 'base') {
    out.push(m.base);
    if (m.index !== undefined) out.push(m.index);
  } else if (m.kind === 'slot' && m.index !== undefined) {
    out.push(m.index);
  }
}

/**
 * The registers an instruction reads and writes. A two-address destination is in both lists.
 * `clobbers` are the caller-saved registers of a call (written, with unknown values).
 */
export function regsOf(inst: MInst): { uses: Reg[]; defs: Reg[] } {
  const uses: Reg[] = [];
  const defs: Reg[] = [];
  switch (inst.op) {
    case 'mov':
    case 'fmov':
    case 'ext':
    case 'fun':
    case 'cvtif':
    case 'cvtfi':
    case 'movxr':
    case 'movrx':
    case 'round':
      uses.push(inst.src);
      defs.push(inst.dst);
      break;
    case 'imuli':
      uses.push(inst.src);
      defs.push(inst.dst);
      break;
    case 'movi':
    case 'fzero':
    case 'setcc':
      defs.push(inst.dst);
      break;
    case 'load':
    case 'fload':
    case 'lea':
      memRegs(inst.mem, uses);
      defs.push(inst.dst);
      break;
    case 'store':
    case 'fstore':
      memRegs(inst.mem, uses);
      uses.push(inst.src);
      break;
    case 'storei':
      memRegs(inst.mem, uses);
      break;
    case 'alu':
      uses.push(inst.dst, inst.src);
      if (inst.alu !== 'cmp') defs.push(inst.dst);
      break;
    case 'alui':
      uses.push(inst.dst);
      if (inst.alu !== 'cmp') defs.push(inst.dst);
      break;
    case 'test':
    case 'fcmp':
      uses.push(inst.a, inst.b);
      break;
    case 'imul':
    case 'cmov':
    case 'fop':
      uses.push(inst.dst, inst.src);
      defs.push(inst.dst);
      break;
    case 'shift':
      uses.push(inst.dst, 1 /* rcx */);
      defs.push(inst.dst);
      break;
    case 'shifti':
    case 'unary':
      uses.push(inst.dst);
      defs.push(inst.dst);
      break;
    case 'div':
      uses.push(0 /* rax */, 2 /* rdx */, inst.src);
      defs.push(0, 2);
      break;
    case 'signext':
      uses.push(0);
      defs.push(2);
      break;
    case 'call':
      if (inst.target.kind === 'register') uses.push(inst.target.reg);
      uses.push(...inst.uses);
      defs.push(...inst.defs);
      break;
    case 'entry':
      defs.push(...inst.defs);
      break;
    case 'move':
      if (inst.from.kind === 'reg') uses.push(inst.from.reg);
      if (inst.to.kind === 'reg') defs.push(inst.to.reg);
      break;
    case 'ret':
      uses.push(...inst.uses);
      break;
    case 'jmp':
    case 'jcc':
    case 'ud2':
      break;
  }
  return { uses, defs };
}

/** The instruction with every register passed through `f` (the allocator's rewrite). */
export function mapRegs(inst: MInst, f: (r: Reg, def: boolean) => Reg): MInst {
  const mem = (m: Mem): Mem => {
    if (m.kind === 'base') return { ...m, base: f(m.base, false), index: m.index === undefined ? undefined : f(m.index, false) };
    if (m.kind === 'slot' && m.index !== undefined) return { ...m, index: f(m.index, false) };
    return m;
  };
  switch (inst.op) {
    case 'mov':
    case 'fmov':
    case 'ext':
    case 'fun':
    case 'cvtif':
    case 'cvtfi':
    case 'movxr':
    case 'movrx':
    case 'round':
    case 'imuli':
      return { ...inst, src: f(inst.src, false), dst: f(inst.dst, true) };
    case 'movi':
    case 'fzero':
    case 'setcc':
      return { ...inst, dst: f(inst.dst, true) };
    case 'load':
    case 'fload':
    case 'lea':
      return { ...inst, mem: mem(inst.mem), dst: f(inst.dst, true) };
    case 'store':
    case 'fstore':
      return { ...inst, mem: mem(inst.mem), src: f(inst.src, false) };
    case 'storei':
      return { ...inst, mem: mem(inst.mem) };
    case 'alu':
      // cmp reads its first operand and writes nothing.
      return { ...inst, src: f(inst.src, false), dst: f(inst.dst, inst.alu !== 'cmp') };
    case 'imul':
    case 'cmov':
    case 'fop':
      return { ...inst, src: f(inst.src, false), dst: f(inst.dst, true) };
    case 'alui':
      return { ...inst, dst: f(inst.dst, inst.alu !== 'cmp') };
    case 'shift':
    case 'shifti':
    case 'unary':
      return { ...inst, dst: f(inst.dst, true) };
    case 'test':
    case 'fcmp':
      return { ...inst, a: f(inst.a, false), b: f(inst.b, false) };
    case 'div':
      return { ...inst, src: f(inst.src, false) };
    case 'call':
      return inst.target.kind === 'register' ? { ...inst, target: { kind: 'register', reg: f(inst.target.reg, false) } } : inst;
    default:
      return inst;
  }
}
