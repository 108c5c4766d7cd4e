// Register allocation of one machine function: liveness, intervals, linear scan, resolution.
// Afterwards every register in the function is physical, moves carry values between registers
// and spill slots, and the result says which spill slots and callee-saved registers the frame
// needs.
//
// Registers: rsp and rbp are the stack and frame pointers, r15 holds the context, r11 and
// xmm15 are scratch for the moves resolve.ts sequences; the other 12 general and 15 SSE
// registers are allocated. Caller-saved ones come first in preference: a value that does not
// live across a call never costs a save in the prologue.

import { FIRST_VIRTUAL, isVirtual, regsOf, type MFunction } from '../mir/mir';
import { Interval } from './interval';
import { LinearScan } from './linear-scan';
import { analyse } from './liveness';
import { resolve } from './resolve';

const GPRS = [0, 1, 2, 6, 7, 8, 9, 10, 3, 12, 13, 14]; // rax rcx rdx rsi rdi r8 r9 r10, then rbx r12 r13 r14
const XMMS = Array.from({ length: 15 }, (_, i) => 16 + i);
const CALLER_SAVED = [0, 1, 2, 6, 7, 8, 9, 10, 11, ...Array.from({ length: 16 }, (_, i) => 16 + i)];
export const CALLEE_SAVED = [3, 12, 13, 14];
const RESERVED = new Set([4, 5, 11, 15, 31]);

export interface Allocation {
  /** Virtual registers that need a spill slot. */
  readonly spilled: ReadonlySet<number>;
  /** Callee-saved registers the function uses (the prologue saves them). */
  readonly calleeSaved: readonly number[];
}

export function allocateRegisters(mf: MFunction): Allocation {
  const linear = analyse(mf);
  const virtuals: Interval[] = mf.classes.map((_, i) => new Interval(FIRST_VIRTUAL + i, false));
  const fixed: Interval[] = Array.from({ length: 32 }, (_, r) => {
    const it = new Interval(r, true);
    it.assigned = r;
    return it;
  });
  const intervalOf = (r: number): Interval | undefined => (isVirtual(r) ? virtuals[r - FIRST_VIRTUAL] : RESERVED.has(r) ? undefined : fixed[r]);

  for (let i = linear.order.length - 1; i >= 0; i--) {
    const b = linear.order[i]!;
    const from = linear.from[b]!;
    const to = linear.to[b]!;
    linear.liveOut[b]!.forEach((v) => virtuals[v]!.addRange(from, to));
    const insts = mf.blocks[b]!.insts;
    for (let k = insts.length - 1; k >= 0; k--) {
      const inst = insts[k]!;
      const pos = from + 2 * k;
      const { uses, defs } = regsOf(inst);
      const written = inst.op === 'call' ? [...new Set([...defs, ...CALLER_SAVED])] : defs;
      for (const d of written) {
        const it = intervalOf(d);
        if (!it) continue;
        it.setFrom(pos + 1);
        if (!it.fixed) it.addUse(pos + 1);
      }
      for (const u of uses) {
        const it = intervalOf(u);
        if (!it) continue;
        it.addRange(from, pos + 1);
        if (!it.fixed) it.addUse(pos);
      }
      // Hints: a copy's destination would like its source's register, and the source its
      // destination's (a fixed argument or result register, or an integer block parameter that
      // a loop's latch copies the next value into, allocated before that value), so that the
      // copy disappears. (For float parameters the second hint made mandelbrot's chains of
      // two-address SSE operations longer: measured, not kept.)
      if (inst.op === 'mov' || inst.op === 'fmov') {
        const d = intervalOf(inst.dst);
        const s = intervalOf(inst.src);
        if (d && s && !d.fixed) d.hint ??= s.fixed ? s.reg : s;
        if (d && s && !s.fixed && (d.fixed || inst.op === 'mov')) s.hint ??= d.fixed ? d.reg : d;
      }
    }
  }

  const blockStarts = new Set<number>();
  for (const b of linear.order) blockStarts.add(linear.from[b]!);
  const scan = new LinearScan(virtuals, fixed, (reg) => ({ registers: mf.classes[reg - FIRST_VIRTUAL] === 'xmm' ? XMMS : GPRS }), blockStarts);
  scan.run();
  resolve(mf, linear, virtuals);

  const used = new Set<number>();
  for (const it of virtuals) for (const part of [it, ...it.children]) if (part.assigned >= 0) used.add(part.assigned);
  return { spilled: scan.spilledRegs, calleeSaved: CALLEE_SAVED.filter((r) => used.has(r)) };
}
