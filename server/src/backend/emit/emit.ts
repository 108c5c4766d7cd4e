// Machine code for one allocated machine function: the prologue (frame pointer, callee-saved
// registers, the frame, and a stack check in functions that call), each block in layout order
// with jumps to the next block left out, the epilogue at every `ret`, and the stub a failed
// stack check jumps to. Every call's return address is recorded with its source location:
// the call-site table that stack traces read (link/tables.ts).

import type { Assembler, Cond, Label, Mem as X64Mem, RipTarget, Size } from '../x64';
import { invertCond } from '../x64';
import type { Gpr, Xmm } from '../x64';
import type { DataRef, MFunction, MInst, Mem } from '../mir/mir';
import type { Frame } from './frame';

export interface CallSite {
  /** Offset in text of the instruction after the call. */
  readonly returnOffset: number;
  readonly loc: number;
  readonly fn: number;
}

/** How the emitter finds what code refers to. */
export interface Symbols {
  functionLabel(name: string): Label;
  data(ref: DataRef): RipTarget;
  /** The place holding the lowest address the stack may reach (see link/start.ts). */
  readonly stackLimit: RipTarget;
  /** The runtime's report of a stack overflow. */
  readonly stackOverflow: string;
}

export interface EmitOptions {
  readonly fnIndex: number;
  readonly callSites: CallSite[];
  /** Whether a calling function checks the stack limit (not the runtime's: its failure path runs
   *  below the limit and must not trip the check again). */
  readonly stackCheck: boolean;
  /** Called with each instruction's source location as its code starts (for listings). */
  readonly onLocation?: (loc: number) => void;
}

const RBP = 5 as Gpr;
const RSP = 4 as Gpr;

export function emitFunction(asm: Assembler, mf: MFunction, order: readonly number[], frame: Frame, symbols: Symbols, options: EmitOptions): void {
  const labels = mf.blocks.map((_, b) => asm.newLabel(`${mf.name}.b${b}`));
  asm.bind(symbols.functionLabel(mf.name));
  // Prologue.
  asm.push(RBP);
  asm.movRR(8, RBP, RSP);
  for (const r of frame.calleeSaved) asm.push(r as Gpr);
  if (frame.size > 0) asm.aluRI('sub', 8, RSP, frame.size);
  let overflow: Label | undefined;
  if (mf.calls && options.stackCheck) {
    overflow = asm.newLabel(`${mf.name}.overflow`);
    asm.aluRM('cmp', 8, RSP, { rip: symbols.stackLimit });
    asm.jcc('b', overflow);
  }
  const mem = (m: Mem): X64Mem => {
    switch (m.kind) {
      case 'base':
        return { base: m.base as Gpr, index: m.index as Gpr | undefined, scale: m.scale, disp: m.disp };
      case 'slot':
        return { base: RBP, index: m.index as Gpr | undefined, scale: m.scale, disp: frame.slots.get(m.slot)! + m.disp };
      case 'rip':
        return { rip: symbols.data(m.target), disp: m.disp };
      case 'outgoing':
        return { base: RSP, disp: m.offset };
      case 'incoming':
        return { base: RBP, disp: 16 + m.offset };
      case 'spill':
        return { base: RBP, disp: frame.spills.get(m.reg)! };
    }
  };
  const epilogue = () => {
    if (frame.calleeSaved.length > 0) {
      if (frame.size > 0) asm.lea(8, RSP, { base: RBP, disp: -8 * frame.calleeSaved.length });
      for (let k = frame.calleeSaved.length - 1; k >= 0; k--) asm.pop(frame.calleeSaved[k]! as Gpr);
      asm.pop(RBP);
    } else {
      asm.leave();
    }
    asm.ret();
  };
  const spillMem = (reg: number): X64Mem => ({ base: RBP, disp: frame.spills.get(reg)! });

  // A block that is only a jump (an edge split for copies the register allocator did not need)
  // is not laid out: every jump to it goes where it goes, and a branch can fall through instead.
  const forward = (b: number): number => {
    const seen = new Set<number>();
    let at = b;
    for (;;) {
      const insts = mf.blocks[at]!.insts;
      const only = insts.length === 1 ? insts[0]! : undefined;
      if (only?.op !== 'jmp' || seen.has(at)) return at;
      seen.add(at);
      at = only.target;
    }
  };
  const laidOut = order.filter((b, position) => position === 0 || forward(b) === b);
  // A block that only compares and branches (a loop's header, most often) is copied in place of
  // a jump to it: the latch of `while c { ... }` then tests c itself and branches back to the
  // body, as a rotated loop does, instead of jumping to the header to test it there.
  const isCompare = (inst: MInst): boolean =>
    ((inst.op === 'alu' || inst.op === 'alui') && inst.alu === 'cmp') || inst.op === 'test' || inst.op === 'fcmp';
  const compareAndBranch = (b: number): readonly MInst[] | undefined => {
    const insts = mf.blocks[b]!.insts;
    if (insts.length < 2 || insts.length > 3 || insts[insts.length - 1]!.op !== 'jcc') return undefined;
    return insts.slice(0, -1).every(isCompare) ? insts : undefined;
  };
  laidOut.forEach((b, position) => {
    asm.bind(labels[b]!);
    const next = laidOut[position + 1];
    const block = mf.blocks[b]!;
    block.insts.forEach((inst, k) => {
      if (options.onLocation && block.locs[k]! >= 0) options.onLocation(block.locs[k]!);
      instruction(inst, next);
    });
  });

  if (overflow) {
    asm.bind(overflow);
    asm.call(symbols.functionLabel(symbols.stackOverflow));
    options.callSites.push({ returnOffset: asm.offset, loc: mf.loc, fn: options.fnIndex });
    asm.ud2();
  }

  function instruction(inst: MInst, next: number | undefined): void {
    const g = (r: number) => r as Gpr;
    const x = (r: number) => r as Xmm;
    switch (inst.op) {
      case 'mov':
        if (inst.dst !== inst.src) asm.movRR(inst.size, g(inst.dst), g(inst.src));
        return;
      case 'movi':
        return asm.movRI(inst.size, g(inst.dst), inst.size === 4 ? Number(BigInt.asUintN(32, inst.imm)) : BigInt.asIntN(64, inst.imm));
      case 'load':
        if (inst.ext === 'zx' && inst.size < 4) return asm.movzxRM(4, inst.size as 1 | 2, g(inst.dst), mem(inst.mem));
        if (inst.ext === 'sx' && inst.size < 4) return asm.movsxRM(4, inst.size as 1 | 2, g(inst.dst), mem(inst.mem));
        return asm.movRM(inst.size, g(inst.dst), mem(inst.mem));
      case 'store':
        return asm.movMR(inst.size, mem(inst.mem), g(inst.src));
      case 'storei':
        return asm.movMI(inst.size, mem(inst.mem), inst.imm);
      case 'lea':
        return asm.lea(8, g(inst.dst), mem(inst.mem));
      case 'alu':
        return asm.aluRR(inst.alu, inst.size, g(inst.dst), g(inst.src));
      case 'alui':
        return asm.aluRI(inst.alu, inst.size, g(inst.dst), inst.imm);
      case 'test':
        return asm.testRR(inst.size, g(inst.a), g(inst.b));
      case 'imul':
        return asm.imulRR(inst.size, g(inst.dst), g(inst.src));
      case 'imuli':
        return asm.imulRRI(inst.size, g(inst.dst), g(inst.src), inst.imm);
      case 'shift':
        return asm.shiftRCl(inst.shift, inst.size, g(inst.dst));
      case 'shifti':
        return asm.shiftRI(inst.shift, inst.size, g(inst.dst), inst.count);
      case 'unary':
        return asm.unaryR(inst.unary, inst.size, g(inst.dst));
      case 'div':
        return asm.unaryR(inst.signed ? 'idiv' : 'div', inst.size, g(inst.src));
      case 'signext':
        return inst.size === 8 ? asm.cqo() : asm.cdq();
      case 'ext':
        if (inst.signed) return inst.from === 4 ? asm.movsxdRR(g(inst.dst), g(inst.src)) : asm.movsxRR(inst.to, inst.from, g(inst.dst), g(inst.src));
        return inst.from === 4 ? asm.movRR(4, g(inst.dst), g(inst.src)) : asm.movzxRR(4, inst.from, g(inst.dst), g(inst.src));
      case 'setcc':
        asm.setcc(inst.cond, g(inst.dst));
        return asm.movzxRR(4, 1, g(inst.dst), g(inst.dst));
      case 'cmov':
        return asm.cmovRR(inst.cond, inst.size, g(inst.dst), g(inst.src));
      case 'fmov':
        if (inst.dst !== inst.src) asm.sseXX('movaps', x(inst.dst), x(inst.src));
        return;
      case 'fload':
        return asm.sseXM(inst.size === 4 ? 'movss' : 'movsd', x(inst.dst), mem(inst.mem));
      case 'fstore':
        return asm.sseMX(inst.size === 4 ? 'movss' : 'movsd', mem(inst.mem), x(inst.src));
      case 'fop':
      case 'fun':
        return asm.sseXX(inst.sse, x(inst.dst), x(inst.src));
      case 'fcmp':
        return asm.sseXX(inst.size === 4 ? 'ucomiss' : 'ucomisd', x(inst.a), x(inst.b));
      case 'fzero':
        return asm.sseXX('xorps', x(inst.dst), x(inst.dst));
      case 'cvtif':
        return asm.cvtToFloatXR(inst.fsize === 8 ? 'cvtsi2sd' : 'cvtsi2ss', inst.isize, x(inst.dst), g(inst.src));
      case 'cvtfi':
        return asm.cvtToIntRX(inst.fsize === 8 ? 'cvttsd2si' : 'cvttss2si', inst.isize, g(inst.dst), x(inst.src));
      case 'movxr':
        return asm.movXR(inst.size, x(inst.dst), g(inst.src));
      case 'movrx':
        return asm.movRX(inst.size, g(inst.dst), x(inst.src));
      case 'round':
        return asm.roundXX(inst.round, x(inst.dst), x(inst.src), inst.mode);
      case 'call': {
        const t = inst.target;
        if (t.kind === 'function') asm.call(symbols.functionLabel(t.name));
        else if (t.kind === 'import') asm.callImport(t.name);
        else asm.callR(g(t.reg));
        if (inst.site !== undefined) options.callSites.push({ returnOffset: asm.offset, loc: inst.site, fn: options.fnIndex });
        return;
      }
      case 'entry':
        return;
      case 'move':
        return move(inst);
      case 'jmp': {
        const target = forward(inst.target);
        if (target === next) return;
        const copy = compareAndBranch(target);
        if (copy) return copy.forEach((i) => instruction(i, next));
        return asm.jmp(labels[target]!);
      }
      case 'jcc':
        return branch(inst.cond, forward(inst.then), forward(inst.else), next);
      case 'ret':
        return epilogue();
      case 'ud2':
        return asm.ud2();
    }
  }

  function branch(cond: Cond | 'feq' | 'fne', then: number, otherwise: number, next: number | undefined): void {
    if (cond === 'feq' || cond === 'fne') {
      // feq holds when ZF = 1 and PF = 0 (ordered and equal); fne is its negation.
      const [yes, no] = cond === 'feq' ? [then, otherwise] : [otherwise, then];
      // Jump to `no` when ZF = 0 or PF = 1; else to `yes`.
      if (next === yes) {
        asm.jcc('ne', labels[no]!);
        asm.jcc('p', labels[no]!);
      } else {
        const skip = asm.newLabel();
        asm.jcc('p', next === no ? labels[no]! : skip);
        asm.jcc('e', labels[yes]!);
        asm.bind(skip);
        if (next !== no) asm.jmp(labels[no]!);
      }
      return;
    }
    if (next === otherwise) return asm.jcc(cond, labels[then]!);
    if (next === then) return asm.jcc(invertCond(cond), labels[otherwise]!);
    asm.jcc(cond, labels[then]!);
    asm.jmp(labels[otherwise]!);
  }

  function move(inst: Extract<MInst, { op: 'move' }>): void {
    const { from, to } = inst;
    const xmm = inst.cls === 'xmm';
    if (to.kind === 'reg') {
      const d = to.reg;
      if (from.kind === 'reg') {
        if (from.reg !== d) xmm ? asm.sseXX('movaps', d as Xmm, from.reg as Xmm) : asm.movRR(8, d as Gpr, from.reg as Gpr);
      } else if (from.kind === 'spill') {
        xmm ? asm.sseXM('movsd', d as Xmm, spillMem(from.reg)) : asm.movRM(8, d as Gpr, spillMem(from.reg));
      } else if (from.kind === 'imm') {
        asm.movRI(8, d as Gpr, from.value);
      } else {
        asm.sseXM('movsd', d as Xmm, { rip: symbols.data({ kind: 'const', key: from.key }) });
      }
      return;
    }
    if (to.kind === 'spill' && from.kind === 'reg') {
      xmm ? asm.sseMX('movsd', spillMem(to.reg), from.reg as Xmm) : asm.movMR(8, spillMem(to.reg), from.reg as Gpr);
      return;
    }
    throw new Error(`a move from ${from.kind} to ${to.kind}`);
  }
}

export type { Size };
