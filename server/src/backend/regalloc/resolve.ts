// After allocation: every register operand is rewritten to the physical register of the part of
// its interval that covers the instruction, and moves are inserted where a value changes place:
// inside a block where an interval was split (spill stores, reloads, register changes), and on
// edges where the value's place at the end of the predecessor differs from its place at the
// start of the successor. The moves at one place form a parallel copy, sequenced here (with
// r11 or xmm15 to break a cycle, and for a slot-to-slot move).

import { FIRST_VIRTUAL, mapRegs, type Loc, type MFunction, type MInst, type RegClass } from '../mir/mir';
import type { Interval } from './interval';
import type { Linear } from './liveness';

export const SCRATCH_GPR = 11; // r11
export const SCRATCH_XMM = 31; // xmm15

interface Move {
  readonly from: Loc;
  readonly to: Loc;
  readonly cls: RegClass;
}

/** The part of a register's interval that covers `pos` (or, at a block's end, ends there). */
export function partAt(root: Interval, pos: number): Interval | undefined {
  if (root.covers(pos)) return root;
  for (const c of root.children) if (c.covers(pos)) return c;
  return undefined;
}

function locOf(part: Interval): Loc {
  return part.spilled || part.assigned < 0 ? { kind: 'spill', reg: part.reg } : { kind: 'reg', reg: part.assigned };
}

function sameLoc(a: Loc, b: Loc): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'reg' || a.kind === 'spill') return a.reg === (b as { reg: number }).reg;
  return false;
}

export function resolve(mf: MFunction, linear: Linear, intervals: readonly Interval[]): void {
  const cls = (reg: number): RegClass => mf.classes[reg - FIRST_VIRTUAL]!;
  // Moves to insert before instruction k of block b (key: b * 2^20 + k), in three groups that
  // run one after the other: those of the edge into b (at its start, where its only predecessor
  // left the values), those of splits, and those of the edge out of b (before its jump). Each
  // group is one parallel copy; two groups at the same place (a block of only a jump, between
  // a branch and a join) must not be merged into one, or a move reads what the other has not
  // written yet.
  const entryMoves = new Map<number, Move[]>();
  const splitMoves = new Map<number, Move[]>();
  const exitMoves = new Map<number, Move[]>();
  const add = (into: Map<number, Move[]>, block: number, index: number, move: Move) => {
    const key = block * 0x100000 + index;
    let list = into.get(key);
    if (!list) into.set(key, (list = []));
    list.push(move);
  };
  const blockAt = new Map<number, number>();
  for (const b of linear.order) blockAt.set(linear.from[b]!, b);
  // Which block a position is in (positions are dense: binary search over the order).
  const starts = linear.order.map((b) => linear.from[b]!);
  const blockOf = (pos: number): number => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= pos) lo = mid;
      else hi = mid - 1;
    }
    return linear.order[lo]!;
  };

  // Splits inside blocks.
  for (const root of intervals) {
    if (root.empty && root.children.length === 0) continue;
    const parts = [root, ...root.children].filter((p) => !p.empty).sort((a, b) => a.start - b.start);
    for (let k = 1; k < parts.length; k++) {
      const prev = parts[k - 1]!;
      const part = parts[k]!;
      if (prev.end !== part.start || blockAt.has(part.start)) continue;
      const from = locOf(prev);
      const to = locOf(part);
      if (sameLoc(from, to)) continue;
      const b = blockOf(part.start);
      add(splitMoves, b, (part.start - linear.from[b]!) >> 1, { from, to, cls: cls(root.reg) });
    }
  }

  // Edges.
  const byReg = new Map(intervals.map((i) => [i.reg, i]));
  for (const p of linear.order) {
    for (const s of linear.successors[p]!) {
      const moves: Move[] = [];
      linear.liveIn[s]!.forEach((v) => {
        const root = byReg.get(v + FIRST_VIRTUAL);
        if (!root) return;
        const atEnd = partAt(root, linear.to[p]! - 1);
        const atStart = partAt(root, linear.from[s]!);
        if (!atEnd || !atStart) return;
        const from = locOf(atEnd);
        const to = locOf(atStart);
        if (!sameLoc(from, to)) moves.push({ from, to, cls: cls(root.reg) });
      });
      if (moves.length === 0) continue;
      if (linear.successors[p]!.length === 1) {
        // Before the jump that ends p.
        const count = mf.blocks[p]!.insts.length;
        for (const m of moves) add(exitMoves, p, count - 1, m);
      } else {
        if (linear.predecessors[s]!.length !== 1) throw new Error(`${mf.name}: a critical edge b${p} -> b${s} was not split`);
        for (const m of moves) add(entryMoves, s, 0, m);
      }
    }
  }

  // Rewrite and insert.
  for (const b of linear.order) {
    const block = mf.blocks[b]!;
    const insts: MInst[] = [];
    const locs: number[] = [];
    block.insts.forEach((inst, k) => {
      const key = b * 0x100000 + k;
      for (const moves of [entryMoves.get(key), splitMoves.get(key), exitMoves.get(key)]) {
        if (moves) for (const m of sequence(moves)) insts.push(m), locs.push(-1);
      }
      const usePos = linear.from[b]! + 2 * k;
      insts.push(
        mapRegs(inst, (r, def) => {
          if (r < FIRST_VIRTUAL) return r;
          const part = partAt(byReg.get(r)!, def ? usePos + 1 : usePos);
          if (!part || part.assigned < 0) throw new Error(`${mf.name}: %${r} has no register at ${def ? usePos + 1 : usePos}`);
          return part.assigned;
        }),
      );
      locs.push(block.locs[k]!);
    });
    block.insts = insts;
    block.locs = locs;
  }
}

/** A parallel copy as moves one after another (no move overwrites a source still to be read). */
export function sequence(moves: readonly Move[]): MInst[] {
  const out: MInst[] = [];
  const pending = moves.filter((m) => !sameLoc(m.from, m.to)).slice();
  const emit = (from: Loc, to: Loc, cls: RegClass) => {
    if (from.kind === 'spill' && to.kind === 'spill') {
      const scratch: Loc = { kind: 'reg', reg: cls === 'xmm' ? SCRATCH_XMM : SCRATCH_GPR };
      out.push({ op: 'move', cls, from, to: scratch }, { op: 'move', cls, from: scratch, to });
    } else {
      out.push({ op: 'move', cls, from, to });
    }
  };
  while (pending.length > 0) {
    const ready = pending.findIndex((m) => !pending.some((o) => o !== m && sameLoc(o.from, m.to)));
    if (ready >= 0) {
      const [m] = pending.splice(ready, 1);
      emit(m!.from, m!.to, m!.cls);
      continue;
    }
    // A cycle: park one source in the scratch register and read it from there.
    const m = pending[0]!;
    const scratch: Loc = { kind: 'reg', reg: m.cls === 'xmm' ? SCRATCH_XMM : SCRATCH_GPR };
    emit(m.from, scratch, m.cls);
    for (let k = 0; k < pending.length; k++) if (sameLoc(pending[k]!.from, m.from)) pending[k] = { ...pending[k]!, from: scratch };
  }
  return out;
}
