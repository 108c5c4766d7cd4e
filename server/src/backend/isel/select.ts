// Instruction selection: an SSA function becomes machine IR over virtual registers.
//
// Each SSA block starts a machine block of the same number; checks and a few conversions end a
// machine block in the middle (a conditional jump to a cold block that reports the error), so
// an SSA block may continue in later machine blocks. Block parameters become copies on each
// incoming edge (a parallel copy, sequenced here); edges from a two-way branch into a block
// with several predecessors are split first, so every copy has a place.
//
// Patterns, chosen where a value has a single use in its own block:
// - `ptradd base, (mul i, 1|2|4|8)` and constant offsets fold into the address of the load or
//   store that uses them ([base + i*8 + disp]); stack slots, globals and strings are addresses
//   too ([rbp - n], [rip + x]);
// - a comparison used only by its block's branch becomes `cmp` + `jcc` (no setcc);
// - constants that fit become immediates.
//
// Integers narrower than 32 bits live in 32-bit registers whose upper bits are unspecified:
// operations whose result depends on them (comparisons, division, right shifts, widening) use
// the exact width or extend first; the others (add, mul, and, shifts left) do not care.
// i64 and ptr are 64-bit; f32 and f64 are in xmm registers.

import type { Cond as IrCond, Instr, IrType, Operand, Var } from '../../ir';
import { bitsOf, isFloat } from '../../ir';
import type { Cond, Scale, Size } from '../x64';
import { FIRST_VIRTUAL, type BranchCond, type DataRef, type MBlock, type MFunction, type MInst, type Mem, type Reg, type RegClass } from '../mir/mir';
import { instrUses, predecessors, termUses, type SsaFunction } from '../ssa/ssa';
import { selectCall, selectForeignCall } from './calls';
import type { SelectionContext } from './context';
import { selectConversion } from './convert';

const CONTEXT_REG = 15; // r15
const RAX = 0;
const RCX = 1;
const RDX = 2;

export function selectFunction(fn: SsaFunction, ctx: SelectionContext): MFunction {
  return new Selector(fn, ctx).run();
}

export function sizeOf(type: IrType): Size {
  return (bitsOf(type) / 8) as Size;
}

/** The register width an operation on `type` uses: 32 bits for the narrow integers. */
export function opSize(type: IrType): 4 | 8 {
  return type === 'i64' || type === 'ptr' || type === 'f64' ? 8 : 4;
}

export class Selector {
  readonly mf: MFunction;
  private current = 0;
  private readonly regs: Int32Array;
  private readonly useCount: Int32Array;
  /** Values whose instruction is folded into its single user (ptradd, mul, cmp). */
  private readonly folded = new Map<number, Instr>();
  private readonly defs = new Map<number, Instr>();
  /** The block each value's defining instruction is in. */
  private readonly defBlock: Int32Array;
  private readonly preds: number[][];
  /** The caller's context, kept when a call passes another one in r15. */
  private savedContext: Reg | undefined;
  private loc = -1;

  constructor(
    readonly fn: SsaFunction,
    readonly ctx: SelectionContext,
  ) {
    this.mf = {
      name: fn.name,
      blocks: fn.blocks.map(() => ({ insts: [], locs: [], cold: false })),
      classes: [],
      slots: new Map(fn.slots.map((s) => [s.id, { size: s.size, align: s.align }])),
      outgoing: 0,
      calls: false,
      loc: fn.loc,
    };
    this.regs = new Int32Array(fn.values.length).fill(-1);
    this.useCount = new Int32Array(fn.values.length);
    this.defBlock = new Int32Array(fn.values.length).fill(-1);
    fn.blocks.forEach((b, bi) => {
      for (const i of b.instrs) {
        for (const o of instrUses(i)) if (o.kind === 'var') this.useCount[o.var.id]!++;
        const d = 'dst' in i && i.dst && 'id' in i.dst ? i.dst : undefined;
        if (d) {
          this.defs.set(d.id, i);
          this.defBlock[d.id] = bi;
        }
      }
      for (const o of termUses(b.term)) if (o.kind === 'var') this.useCount[o.var.id]!++;
    });
    this.preds = predecessors(fn);
  }

  run(): MFunction {
    const needsSave = this.fn.blocks.some((b) => b.instrs.some((i) => (i.op === 'call' || i.op === 'callind' || i.op === 'rt') && !this.isOwnContext(i.op === 'rt' ? undefined : i.args[0])));
    this.fn.blocks.forEach((block, b) => {
      this.current = b;
      if (b === 0) this.entry(needsSave);
      const fusedCompare = this.fusableCompare(b);
      block.instrs.forEach((i, k) => {
        this.loc = block.locs[k] ?? -1;
        if (i === fusedCompare) return;
        this.instr(i, b);
      });
      this.loc = -1;
      this.terminator(b, fusedCompare);
    });
    return this.mf;
  }

  // ------------------------------------------------------------------ registers and blocks

  newReg(cls: RegClass): Reg {
    this.mf.classes.push(cls);
    return FIRST_VIRTUAL + this.mf.classes.length - 1;
  }

  classOf(type: IrType): RegClass {
    return isFloat(type) ? 'xmm' : 'gpr';
  }

  /** The register of an SSA value. */
  valueReg(v: Var): Reg {
    if (v === this.fn.params[0]) return CONTEXT_REG;
    let r = this.regs[v.id]!;
    if (r < 0) {
      r = this.newReg(this.classOf(v.type));
      this.regs[v.id] = r;
    }
    return r;
  }

  emit(inst: MInst): void {
    const block = this.mf.blocks[this.current]!;
    block.insts.push(inst);
    block.locs.push(this.loc);
  }

  newBlock(cold: boolean): number {
    this.mf.blocks.push({ insts: [], locs: [], cold });
    return this.mf.blocks.length - 1;
  }

  switchTo(block: number): void {
    this.current = block;
  }

  get currentBlock(): number {
    return this.current;
  }

  get location(): number {
    return this.loc;
  }

  /** An operand in a register (constants and addresses materialised into a fresh one). */
  reg(o: Operand): Reg {
    switch (o.kind) {
      case 'var':
        return this.valueReg(o.var);
      case 'int': {
        const r = this.newReg('gpr');
        this.emit({ op: 'movi', size: opSize(o.type), dst: r, imm: o.value });
        return r;
      }
      case 'float': {
        const r = this.newReg('xmm');
        if (Object.is(o.value, 0)) this.emit({ op: 'fzero', dst: r });
        else this.emit({ op: 'fload', size: o.type === 'f32' ? 4 : 8, dst: r, mem: this.rip(o.type === 'f32' ? this.ctx.constants.f32(o.value) : this.ctx.constants.f64(o.value)) });
        return r;
      }
      default: {
        const r = this.newReg('gpr');
        this.emit({ op: 'lea', dst: r, mem: this.addressOf(o, 0) });
        return r;
      }
    }
  }

  /** Copies an operand into a given register (a physical one, for calls). */
  moveInto(dst: Reg, o: Operand, cls: RegClass): void {
    if (o.kind === 'int' && cls === 'gpr') return this.emit({ op: 'movi', size: 8, dst, imm: o.value });
    const src = this.reg(o);
    this.emit(cls === 'xmm' ? { op: 'fmov', dst, src } : { op: 'mov', size: 8, dst, src });
  }

  rip(target: DataRef, disp = 0): Mem {
    return { kind: 'rip', target, disp };
  }

  /** A 32-bit immediate for an operand, when it is one. */
  imm32(o: Operand): number | undefined {
    if (o.kind !== 'int') return undefined;
    const v = BigInt.asIntN(64, o.value);
    return v >= -0x8000_0000n && v <= 0x7fff_ffffn ? Number(v) : undefined;
  }

  private isOwnContext(o: Operand | undefined): boolean {
    return o === undefined || (o.kind === 'var' && o.var === this.fn.params[0]);
  }

  // ------------------------------------------------------------------ entry

  private entry(needsSave: boolean): void {
    const params = this.fn.params.slice(1);
    const plan = planParams(params.map((p) => p.type));
    const defs = plan.flatMap((p) => (p.kind === 'stack' ? [] : [p.reg]));
    this.emit({ op: 'entry', defs });
    params.forEach((p, i) => {
      const place = plan[i]!;
      const dst = this.valueReg(p);
      if (place.kind === 'stack') this.emit(isFloat(p.type) ? { op: 'fload', size: opSize(p.type), dst, mem: { kind: 'incoming', offset: place.offset } } : { op: 'load', size: 8, ext: 'none', dst, mem: { kind: 'incoming', offset: place.offset } });
      else this.emit(isFloat(p.type) ? { op: 'fmov', dst, src: place.reg } : { op: 'mov', size: 8, dst, src: place.reg });
    });
    if (needsSave) {
      this.savedContext = this.newReg('gpr');
      this.emit({ op: 'mov', size: 8, dst: this.savedContext, src: CONTEXT_REG });
    }
  }

  /** Sets r15 for a call that passes another context; returns how to restore it after. */
  setContext(o: Operand | undefined): (() => void) | undefined {
    if (this.isOwnContext(o)) return undefined;
    this.moveInto(CONTEXT_REG, o!, 'gpr');
    const saved = this.savedContext!;
    return () => this.emit({ op: 'mov', size: 8, dst: CONTEXT_REG, src: saved });
  }

  // ------------------------------------------------------------------ instructions

  private instr(i: Instr, b: number): void {
    switch (i.op) {
      case 'copy':
        return this.emit(isFloat(i.dst.type) ? { op: 'fmov', dst: this.valueReg(i.dst), src: this.reg(i.src) } : { op: 'mov', size: 8, dst: this.valueReg(i.dst), src: this.reg(i.src) });
      case 'binary':
        if (i.kind === 'mul' && this.foldsIntoAddress(i, b)) return;
        return isFloat(i.type) ? this.floatBinary(i) : this.intBinary(i);
      case 'neg':
      case 'not': {
        const dst = this.valueReg(i.dst);
        this.emit({ op: 'mov', size: 8, dst, src: this.reg(i.a) });
        return this.emit({ op: 'unary', unary: i.op, size: opSize(i.type), dst });
      }
      case 'fneg': {
        const dst = this.valueReg(i.dst);
        const mask = this.newReg('xmm');
        this.emit({ op: 'fload', size: 8, dst: mask, mem: this.rip(i.type === 'f32' ? this.ctx.constants.bits64(0x8000_0000n) : this.ctx.constants.bits64(1n << 63n)) });
        this.emit({ op: 'fmov', dst, src: this.reg(i.a) });
        return this.emit({ op: 'fop', sse: 'xorps', dst, src: mask });
      }
      case 'cmp': {
        const cond = this.compare(i.cond, i.type, i.a, i.b);
        return this.setFromCondition(cond, this.valueReg(i.dst));
      }
      case 'conv':
        return selectConversion(this, i);
      case 'ptradd':
        if (this.foldsIntoAddress(i, b)) return;
        return this.emit({ op: 'lea', dst: this.valueReg(i.dst), mem: this.addressOf({ kind: 'var', var: i.dst }, 0, true) });
      case 'load': {
        const mem = this.addressOf(i.addr, i.offset);
        const dst = this.valueReg(i.dst);
        if (isFloat(i.type)) return this.emit({ op: 'fload', size: opSize(i.type), dst, mem });
        return this.emit({ op: 'load', size: sizeOf(i.type), ext: sizeOf(i.type) < 4 ? 'zx' : 'none', dst, mem });
      }
      case 'store': {
        const mem = this.addressOf(i.addr, i.offset);
        if (isFloat(i.type)) return this.emit({ op: 'fstore', size: opSize(i.type), mem, src: this.reg(i.value) });
        const imm = this.imm32(i.value);
        if (imm !== undefined) return this.emit({ op: 'storei', size: sizeOf(i.type), mem, imm });
        return this.emit({ op: 'store', size: sizeOf(i.type), mem, src: this.reg(i.value) });
      }
      case 'memcpy':
        return this.memcpy(i.dst, i.src, i.size);
      case 'memzero':
        return this.memzero(i.dst, i.size);
      case 'call':
        return selectCall(this, { kind: 'function', name: i.fn }, i.args, i.dst, i.loc);
      case 'callind':
        return selectCall(this, { kind: 'register', reg: this.reg(i.callee) }, i.args, i.dst, i.loc);
      case 'rt':
        return selectCall(this, { kind: 'function', name: this.ctx.runtimeFunction(i.fn) }, [{ kind: 'var', var: this.fn.params[0]! }, ...i.args], i.dst, i.loc);
      case 'callforeign':
        return selectForeignCall(this, i);
      case 'check':
        return this.check(i);
    }
  }

  // ------------------------------------------------------------------ addresses

  /**
   * Whether the instruction (a ptradd, or a mul scaling an index) is left for its single user
   * to fold into an address: the user is a load or store (or, for a mul, a ptradd) in the same
   * block.
   */
  private foldsIntoAddress(i: Extract<Instr, { op: 'binary' | 'ptradd' }>, b: number): boolean {
    const dst = i.dst;
    if (this.useCount[dst.id] !== 1) return false;
    const user = this.singleUserInBlock(dst, b);
    if (!user) return false;
    if (i.op === 'binary') {
      const scale = i.b.kind === 'int' ? Number(i.b.value) : 0;
      if (i.type !== 'i64' || ![1, 2, 4, 8].includes(scale) || user.op !== 'ptradd' || user.offset.kind !== 'var' || user.offset.var !== dst) return false;
    } else if (!((user.op === 'load' && user.addr.kind === 'var' && user.addr.var === dst) || (user.op === 'store' && user.addr.kind === 'var' && user.addr.var === dst && !(user.value.kind === 'var' && user.value.var === dst)))) {
      return false;
    }
    this.folded.set(dst.id, i);
    return true;
  }

  private singleUserInBlock(v: Var, b: number): Instr | undefined {
    for (const i of this.fn.blocks[b]!.instrs) if (instrUses(i).some((o) => o.kind === 'var' && o.var === v)) return i;
    return undefined;
  }

  /** The memory operand for `o + disp`, folding the address arithmetic that feeds it. */
  addressOf(o: Operand, disp: number, unfold = false): Mem {
    switch (o.kind) {
      case 'slot':
        return { kind: 'slot', slot: o.slot.id, index: undefined, scale: 1, disp };
      case 'global':
        return this.rip({ kind: 'global', name: o.name }, disp);
      case 'string':
        return this.rip({ kind: 'string', index: o.index }, disp);
      case 'function':
        return this.rip({ kind: 'function', name: o.name }, disp);
      case 'var': {
        const def = unfold ? this.defs.get(o.var.id) : this.folded.get(o.var.id);
        if (def?.op === 'ptradd') return this.ptraddAddress(def.base, def.offset, disp);
        return { kind: 'base', base: this.valueReg(o.var), index: undefined, scale: 1, disp };
      }
      default:
        return { kind: 'base', base: this.reg(o), index: undefined, scale: 1, disp };
    }
  }

  private ptraddAddress(base: Operand, offset: Operand, disp: number): Mem {
    let index: Reg | undefined;
    let scale: Scale = 1;
    if (offset.kind === 'int') {
      const total = BigInt(disp) + BigInt.asIntN(64, offset.value);
      if (total >= -0x8000_0000n && total <= 0x7fff_ffffn) return this.withIndex(this.addressOf(base, 0), undefined, 1, Number(total));
      index = this.reg(offset);
    } else if (offset.kind === 'var') {
      const mul = this.folded.get(offset.var.id);
      if (mul?.op === 'binary' && mul.kind === 'mul' && mul.b.kind === 'int') {
        index = this.reg(mul.a);
        scale = Number(mul.b.value) as Scale;
      } else {
        index = this.valueReg(offset.var);
      }
    } else {
      index = this.reg(offset);
    }
    return this.withIndex(this.addressOf(base, 0), index, scale, disp);
  }

  /** Adds an index (and a displacement) to an address; rip-relative ones go through a register. */
  private withIndex(mem: Mem, index: Reg | undefined, scale: Scale, disp: number): Mem {
    if (index === undefined) {
      if (mem.kind === 'base' || mem.kind === 'slot' || mem.kind === 'rip') return { ...mem, disp: mem.disp + disp };
      return mem;
    }
    if (mem.kind === 'base' && mem.index === undefined) return { ...mem, index, scale, disp: mem.disp + disp };
    if (mem.kind === 'slot' && mem.index === undefined) return { ...mem, index, scale, disp: mem.disp + disp };
    const base = this.newReg('gpr');
    this.emit({ op: 'lea', dst: base, mem });
    return { kind: 'base', base, index, scale, disp };
  }

  // ------------------------------------------------------------------ arithmetic

  private intBinary(i: Extract<Instr, { op: 'binary' }>): void {
    const dst = this.valueReg(i.dst);
    const size = opSize(i.type);
    switch (i.kind) {
      case 'add':
      case 'sub':
      case 'and':
      case 'or':
      case 'xor': {
        const imm = this.imm32(i.b);
        if (i.kind === 'add' && imm === undefined && i.a.kind !== 'int') {
          // lea dst, [a + b]: three-address, no copy.
          return this.emit({ op: 'lea', dst, mem: { kind: 'base', base: this.reg(i.a), index: this.reg(i.b), scale: 1, disp: 0 } });
        }
        this.emit({ op: 'mov', size: 8, dst, src: this.reg(i.a) });
        if (imm !== undefined) return this.emit({ op: 'alui', alu: i.kind, size, dst, imm });
        return this.emit({ op: 'alu', alu: i.kind, size, dst, src: this.reg(i.b) });
      }
      case 'mul': {
        const imm = this.imm32(i.b);
        if (imm !== undefined) return this.emit({ op: 'imuli', size, dst, src: this.reg(i.a), imm });
        this.emit({ op: 'mov', size: 8, dst, src: this.reg(i.a) });
        return this.emit({ op: 'imul', size, dst, src: this.reg(i.b) });
      }
      case 'sdiv':
      case 'srem':
      case 'udiv':
      case 'urem':
        return this.division(i);
      case 'shl':
      case 'lshr':
      case 'ashr':
        return this.shift(i);
      default:
        throw new Error(`binary ${i.kind} on ${i.type}`);
    }
  }

  /** An integer operand widened to 32 bits (sign- or zero-extended) when it is narrower. */
  widened(o: Operand, type: IrType, signed: boolean): Reg {
    const r = this.reg(o);
    if (type !== 'i8' && type !== 'i16') return r;
    const w = this.newReg('gpr');
    this.emit({ op: 'ext', signed, from: sizeOf(type) as 1 | 2, to: 4, dst: w, src: r });
    return w;
  }

  private division(i: Extract<Instr, { op: 'binary' }>): void {
    const signed = i.kind === 'sdiv' || i.kind === 'srem';
    const quotient = i.kind === 'sdiv' || i.kind === 'udiv';
    const size = opSize(i.type);
    const dst = this.valueReg(i.dst);
    const a = this.widened(i.a, i.type, signed);
    const b = this.widened(i.b, i.type, signed);
    const divide = () => {
      this.emit({ op: 'mov', size: 8, dst: RAX, src: a });
      if (signed) this.emit({ op: 'signext', size });
      else this.emit({ op: 'movi', size: 4, dst: RDX, imm: 0n });
      this.emit({ op: 'div', signed, size, src: b });
      this.emit({ op: 'mov', size: 8, dst, src: quotient ? RAX : RDX });
    };
    // x86 faults on the most negative value divided by -1 (the quotient does not fit); the
    // language says it wraps. Narrow types are divided in 32 bits, where it fits.
    const minusOne = i.b.kind === 'int' ? BigInt.asIntN(bitsOf(i.type), i.b.value) === -1n : true;
    if (!signed || size === 4 && (i.type === 'i8' || i.type === 'i16') || !minusOne) return divide();
    if (i.b.kind === 'int') {
      // Dividing by the constant -1: the negation (wrapping), remainder 0.
      if (quotient) {
        this.emit({ op: 'mov', size: 8, dst, src: a });
        return this.emit({ op: 'unary', unary: 'neg', size, dst });
      }
      return this.emit({ op: 'movi', size: 4, dst, imm: 0n });
    }
    const special = this.newBlock(false);
    const normal = this.newBlock(false);
    const join = this.newBlock(false);
    this.emit({ op: 'alui', alu: 'cmp', size, dst: b, imm: -1 });
    this.emit({ op: 'jcc', cond: 'e', then: special, else: normal });
    this.switchTo(special);
    if (quotient) {
      this.emit({ op: 'mov', size: 8, dst, src: a });
      this.emit({ op: 'unary', unary: 'neg', size, dst });
    } else {
      this.emit({ op: 'movi', size: 4, dst, imm: 0n });
    }
    this.emit({ op: 'jmp', target: join });
    this.switchTo(normal);
    divide();
    this.emit({ op: 'jmp', target: join });
    this.switchTo(join);
  }

  /**
   * Shifts: x86 masks the count to 5 or 6 bits, the language gives 0 (or the sign) for a count
   * of the width or more, read as unsigned. A constant count is decided here; a variable one is
   * compared and the result replaced with cmov.
   */
  private shift(i: Extract<Instr, { op: 'binary' }>): void {
    const dst = this.valueReg(i.dst);
    const width = bitsOf(i.type);
    const size = opSize(i.type);
    const op = i.kind === 'shl' ? 'shl' : i.kind === 'lshr' ? 'shr' : 'sar';
    // Right shifts of narrow types work on the value extended to 32 bits.
    const source = op === 'shl' ? this.reg(i.a) : this.widened(i.a, i.type, op === 'sar');
    if (i.b.kind === 'int') {
      const count = BigInt.asUintN(64, i.b.value);
      if (count < BigInt(width)) {
        this.emit({ op: 'mov', size: 8, dst, src: source });
        return this.emit({ op: 'shifti', shift: op, size, dst, count: Number(count) });
      }
      if (op !== 'sar') return this.emit({ op: 'movi', size: 4, dst, imm: 0n });
      this.emit({ op: 'mov', size: 8, dst, src: source });
      return this.emit({ op: 'shifti', shift: 'sar', size, dst, count: size * 8 - 1 });
    }
    const count = this.reg(i.b);
    this.emit({ op: 'mov', size: 8, dst: RCX, src: count });
    this.emit({ op: 'mov', size: 8, dst, src: source });
    this.emit({ op: 'shift', shift: op, size, dst });
    const fill = this.newReg('gpr');
    if (op === 'sar') {
      this.emit({ op: 'mov', size: 8, dst: fill, src: source });
      this.emit({ op: 'shifti', shift: 'sar', size, dst: fill, count: size * 8 - 1 });
    } else {
      this.emit({ op: 'movi', size: 4, dst: fill, imm: 0n });
    }
    const limit = this.newReg('gpr');
    this.emit({ op: 'movi', size: 8, dst: limit, imm: BigInt(width) });
    this.emit({ op: 'alu', alu: 'cmp', size: 8, dst: count, src: limit });
    this.emit({ op: 'cmov', cond: 'ae', size: 8, dst, src: fill });
  }

  private floatBinary(i: Extract<Instr, { op: 'binary' }>): void {
    const dst = this.valueReg(i.dst);
    const f32 = i.type === 'f32';
    const sse = ({ fadd: f32 ? 'addss' : 'addsd', fsub: f32 ? 'subss' : 'subsd', fmul: f32 ? 'mulss' : 'mulsd', fdiv: f32 ? 'divss' : 'divsd' } as const)[i.kind as 'fadd'];
    if (!sse) throw new Error(`binary ${i.kind} on ${i.type}`);
    this.emit({ op: 'fmov', dst, src: this.reg(i.a) });
    this.emit({ op: 'fop', sse, dst, src: this.reg(i.b) });
  }

  // ------------------------------------------------------------------ comparisons

  /** Emits the comparison; returns the condition under which it holds. */
  compare(cond: IrCond, type: IrType, a: Operand, b: Operand): BranchCond {
    if (isFloat(type)) {
      const size = opSize(type);
      // a < b is b > a: ucomis sets CF and ZF as an unsigned compare, and an unordered result
      // (NaN) sets them all, so `a` (above) and `ae` are false for NaN as the language wants.
      const swap = cond === 'flt' || cond === 'fle';
      const [x, y] = swap ? [b, a] : [a, b];
      this.emit({ op: 'fcmp', size, a: this.reg(x), b: this.reg(y) });
      return ({ feq: 'feq', fne: 'fne', flt: 'a', fle: 'ae', fgt: 'a', fge: 'ae' } as const)[cond as 'feq'];
    }
    const size = sizeOf(type);
    let c = INT_CONDS[cond]!;
    let [x, y] = [a, b];
    if (x.kind === 'int' && y.kind !== 'int') {
      [x, y] = [y, x];
      c = SWAPPED[c]!;
    }
    const imm = size === 8 ? this.imm32(y) : y.kind === 'int' ? Number(BigInt.asIntN(size * 8, y.value)) : undefined;
    if (imm === 0 && (c === 'e' || c === 'ne')) {
      const r = this.reg(x);
      this.emit({ op: 'test', size, a: r, b: r });
    } else if (imm !== undefined) {
      this.emit({ op: 'alui', alu: 'cmp', size, dst: this.reg(x), imm });
    } else {
      this.emit({ op: 'alu', alu: 'cmp', size, dst: this.reg(x), src: this.reg(y) });
    }
    return c;
  }

  setFromCondition(cond: BranchCond, dst: Reg): void {
    if (cond === 'feq' || cond === 'fne') {
      const other = this.newReg('gpr');
      this.emit({ op: 'setcc', cond: cond === 'feq' ? 'e' : 'ne', dst });
      this.emit({ op: 'setcc', cond: cond === 'feq' ? 'np' : 'p', dst: other });
      return this.emit({ op: 'alu', alu: cond === 'feq' ? 'and' : 'or', size: 4, dst, src: other });
    }
    this.emit({ op: 'setcc', cond, dst });
  }

  /** The block's last comparison, when its only use is the block's branch. */
  private fusableCompare(b: number): Instr | undefined {
    const block = this.fn.blocks[b]!;
    const t = block.term;
    if (t.op !== 'br' || t.cond.kind !== 'var') return undefined;
    const def = this.defs.get(t.cond.var.id);
    if (def?.op !== 'cmp' || this.defBlock[t.cond.var.id] !== b || this.useCount[t.cond.var.id] !== 1) return undefined;
    return def;
  }

  // ------------------------------------------------------------------ memory

  private memcpy(dstOp: Operand, srcOp: Operand, size: number): void {
    if (size <= 128) {
      const dst = this.addressOf(dstOp, 0);
      const src = this.addressOf(srcOp, 0);
      for (let at = 0; at < size; ) {
        const piece: Size = size - at >= 8 ? 8 : size - at >= 4 ? 4 : size - at >= 2 ? 2 : 1;
        const t = this.newReg('gpr');
        this.emit({ op: 'load', size: piece, ext: 'none', dst: t, mem: displaced(src, at) });
        this.emit({ op: 'store', size: piece, mem: displaced(dst, at), src: t });
        at += piece;
      }
      return;
    }
    this.callC('memmove', [dstOp, srcOp, { kind: 'int', type: 'i64', value: BigInt(size) }]);
  }

  private memzero(dstOp: Operand, sizeOp: Operand): void {
    if (sizeOp.kind === 'int' && sizeOp.value <= 128n) {
      const size = Number(sizeOp.value);
      const dst = this.addressOf(dstOp, 0);
      for (let at = 0; at < size; ) {
        const piece: Size = size - at >= 8 ? 8 : size - at >= 4 ? 4 : size - at >= 2 ? 2 : 1;
        this.emit({ op: 'storei', size: piece, mem: displaced(dst, at), imm: 0 });
        at += piece;
      }
      return;
    }
    this.callC('memset', [dstOp, { kind: 'int', type: 'i32', value: 0n }, sizeOp]);
  }

  /** A call of a C library function with scalar arguments and no result used. */
  callC(name: string, args: readonly Operand[]): void {
    selectForeignCall(this, {
      op: 'callforeign',
      dst: undefined,
      fn: name,
      args,
      variadic: [],
      loc: this.loc,
    }, { name, library: 'c', signature: { params: args.map((a) => ({ kind: 'scalar', type: a.kind === 'int' ? a.type : 'ptr' })), ret: undefined, variadic: false } });
  }

  // ------------------------------------------------------------------ checks

  private check(i: Extract<Instr, { op: 'check' }>): void {
    const [a, b, c] = i.args as [Operand, Operand | undefined, Operand | undefined];
    let failWhen: BranchCond;
    switch (i.kind) {
      case 'bounds':
        // Unsigned: a negative index is a huge one.
        failWhen = this.compare('uge', 'i64', a, b!);
        break;
      case 'slice': {
        // lo <= hi (signed; lo >= 0 follows from hi <= len and lo <= hi when also lo >= 0).
        this.failIf(this.compare('slt', 'i64', a, { kind: 'int', type: 'i64', value: 0n }), i);
        this.failIf(this.compare('sgt', 'i64', a, b!), i);
        failWhen = this.compare('ugt', 'i64', b!, c!);
        break;
      }
      case 'step':
        failWhen = this.compare('sle', 'i64', a, { kind: 'int', type: 'i64', value: 0n });
        break;
      case 'divzero':
        failWhen = this.compare('eq', typeOfOperand(a), a, { kind: 'int', type: typeOfOperand(a), value: 0n });
        break;
      case 'null':
        failWhen = this.compare('eq', 'ptr', a, { kind: 'int', type: 'ptr', value: 0n });
        break;
      case 'contiguous':
        failWhen = this.compare('ne', 'i64', a, { kind: 'int', type: 'i64', value: 1n });
        break;
      case 'size':
        failWhen = this.compare('slt', 'i64', a, { kind: 'int', type: 'i64', value: 0n });
        break;
    }
    this.failIf(failWhen, i);
  }

  /** Branches to a cold block that reports the failed check when `cond` holds. */
  private failIf(cond: BranchCond, i: Extract<Instr, { op: 'check' }>): void {
    const fail = this.newBlock(true);
    const next = this.newBlock(false);
    this.emit({ op: 'jcc', cond, then: fail, else: next });
    this.switchTo(fail);
    const args = i.kind === 'divzero' || i.kind === 'null' ? [] : i.kind === 'slice' ? i.args : [i.args[0]!, ...(i.kind === 'bounds' ? [i.args[1]!] : [])];
    this.callFailure(i.kind, args, i.loc);
    this.switchTo(next);
  }

  callFailure(kind: string, args: readonly Operand[], loc: number): void {
    const saved = this.loc;
    this.loc = loc;
    selectCall(this, { kind: 'function', name: this.ctx.failureFunction(kind) }, [{ kind: 'var', var: this.fn.params[0]! }, ...args], undefined, loc);
    this.emit({ op: 'ud2' });
    this.loc = saved;
  }

  // ------------------------------------------------------------------ terminators

  private terminator(b: number, fused: Instr | undefined): void {
    const t = this.fn.blocks[b]!.term;
    this.loc = -1;
    switch (t.op) {
      case 'jmp':
        this.edgeCopies(t.target.block, t.target.args);
        return this.emit({ op: 'jmp', target: t.target.block });
      case 'br': {
        let cond: BranchCond;
        // A constant condition (left by -O0, which does not fold) is tested like any value:
        // there is no flag state a jcc could read that holds whatever ran before.
        if (fused && fused.op === 'cmp') cond = this.compare(fused.cond, fused.type, fused.a, fused.b);
        else {
          const r = this.reg(t.cond);
          this.emit({ op: 'test', size: 1, a: r, b: r });
          cond = 'ne';
        }
        const then = this.edgeTarget(t.then.block, t.then.args);
        const otherwise = this.edgeTarget(t.else.block, t.else.args);
        return this.emit({ op: 'jcc', cond, then, else: otherwise });
      }
      case 'ret': {
        if (!t.value) return this.emit({ op: 'ret', uses: [] });
        const float = isFloat(typeOfOperand(t.value));
        const reg = float ? 16 : RAX;
        this.moveInto(reg, t.value, float ? 'xmm' : 'gpr');
        return this.emit({ op: 'ret', uses: [reg] });
      }
      case 'trap': {
        const args = t.kind === 'panic' ? t.args : t.kind === 'alloc-failed' ? t.args.slice(0, 1) : [];
        return this.callFailure(t.kind, args, t.loc);
      }
    }
  }

  /**
   * The block a branch edge goes to: the target itself when the edge needs no copies and the
   * target has one predecessor, else a new block holding the copies (a critical edge split).
   */
  private edgeTarget(target: number, args: readonly Operand[]): number {
    if (args.length === 0 && this.preds[target]!.length === 1) return target;
    const saved = this.current;
    const edge = this.newBlock(false);
    this.switchTo(edge);
    this.edgeCopies(target, args);
    this.emit({ op: 'jmp', target });
    this.switchTo(saved);
    return edge;
  }

  /** The parallel copy of an edge's arguments into the target's parameters. */
  private edgeCopies(target: number, args: readonly Operand[]): void {
    const params = this.fn.blocks[target]!.params;
    if (params.length === 0) return;
    const dsts = params.map((p) => this.valueReg(p));
    // A source that is also a destination is read into a temporary first.
    const dstSet = new Set(dsts);
    const srcs = args.map((a, k) => {
      if (a.kind === 'var') {
        const r = this.valueReg(a.var);
        if (dstSet.has(r) && r !== dsts[k]) {
          const cls = this.classOf(a.var.type);
          const t = this.newReg(cls);
          this.emit(cls === 'xmm' ? { op: 'fmov', dst: t, src: r } : { op: 'mov', size: 8, dst: t, src: r });
          return { kind: 'reg' as const, reg: t };
        }
        return { kind: 'reg' as const, reg: r };
      }
      return { kind: 'operand' as const, operand: a };
    });
    srcs.forEach((s, k) => {
      const dst = dsts[k]!;
      const cls = this.classOf(params[k]!.type);
      if (s.kind === 'reg') {
        if (s.reg !== dst) this.emit(cls === 'xmm' ? { op: 'fmov', dst, src: s.reg } : { op: 'mov', size: 8, dst, src: s.reg });
      } else if (s.operand.kind === 'int') {
        this.emit({ op: 'movi', size: 8, dst, imm: s.operand.value });
      } else {
        const r = this.reg(s.operand);
        this.emit(cls === 'xmm' ? { op: 'fmov', dst, src: r } : { op: 'mov', size: 8, dst, src: r });
      }
    });
  }
}

const INT_CONDS: Readonly<Record<string, Cond>> = { eq: 'e', ne: 'ne', slt: 'l', sle: 'le', sgt: 'g', sge: 'ge', ult: 'b', ule: 'be', ugt: 'a', uge: 'ae' };
/** The condition with its operands exchanged (a < b is b > a). */
const SWAPPED: Readonly<Record<string, Cond>> = { e: 'e', ne: 'ne', l: 'g', le: 'ge', g: 'l', ge: 'le', b: 'a', be: 'ae', a: 'b', ae: 'be' };

export function typeOfOperand(o: Operand): IrType {
  switch (o.kind) {
    case 'var':
      return o.var.type;
    case 'int':
    case 'float':
      return o.type;
    default:
      return 'ptr';
  }
}

function displaced(mem: Mem, by: number): Mem {
  if (mem.kind === 'base' || mem.kind === 'slot' || mem.kind === 'rip') return { ...mem, disp: mem.disp + by };
  if (mem.kind === 'outgoing' || mem.kind === 'incoming') return { ...mem, offset: mem.offset + by };
  return mem;
}

export { displaced };

/** Where a Zolt function's parameters (after the context) arrive. */
export function planParams(types: readonly IrType[]): ({ kind: 'reg'; reg: Reg } | { kind: 'stack'; offset: number })[] {
  let ints = 0;
  let floats = 0;
  let stack = 0;
  const INT = [7, 6, 2, 1, 8, 9];
  return types.map((t) => {
    if (isFloat(t) ? floats < 8 : ints < 6) return { kind: 'reg', reg: isFloat(t) ? 16 + floats++ : INT[ints++]! };
    const offset = stack;
    stack += 8;
    return { kind: 'stack', offset };
  });
}

export type { MBlock };
