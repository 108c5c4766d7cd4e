// A function's stack frame, laid out once its registers are allocated:
//
//   [rbp + 16 + n]   arguments the caller passed on the stack
//   [rbp + 8]        return address
//   [rbp]            the caller's rbp (every Zolt frame has one: stack traces walk them)
//   [rbp - 8k]       callee-saved registers the function uses (pushed)
//   ...              the IR's stack slots, each at its alignment, then spill slots (8 bytes)
//   [rsp + n]        outgoing stack arguments of the calls it makes
//
// rsp is 16-byte aligned after the prologue and stays put until the epilogue, so every call
// sees the alignment the System V ABI requires.

import type { MFunction } from '../mir/mir';

export interface Frame {
  /** rbp-relative offset (negative) of each IR slot, by slot id. */
  readonly slots: ReadonlyMap<number, number>;
  /** rbp-relative offset of each spilled virtual register's slot. */
  readonly spills: ReadonlyMap<number, number>;
  readonly calleeSaved: readonly number[];
  /** Bytes the prologue subtracts from rsp after pushing. */
  readonly size: number;
}

export function layOutFrame(mf: MFunction, spilled: ReadonlySet<number>, calleeSaved: readonly number[]): Frame {
  let offset = 8 * calleeSaved.length;
  const slots = new Map<number, number>();
  const bySize = [...mf.slots].sort((a, b) => b[1].align - a[1].align);
  for (const [id, slot] of bySize) {
    const align = Math.min(Math.max(slot.align, 1), 16);
    offset = Math.ceil((offset + slot.size) / align) * align;
    slots.set(id, -offset);
  }
  const spills = new Map<number, number>();
  for (const reg of [...spilled].sort((a, b) => a - b)) {
    offset = Math.ceil((offset + 8) / 8) * 8;
    spills.set(reg, -offset);
  }
  const locals = offset - 8 * calleeSaved.length;
  // pushes + size + outgoing must be a multiple of 16 (rbp itself is 16-aligned).
  const total = Math.ceil((8 * calleeSaved.length + locals + mf.outgoing) / 16) * 16;
  return { slots, spills, calleeSaved, size: total - 8 * calleeSaved.length };
}
