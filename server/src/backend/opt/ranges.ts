// What a branch tells the blocks it leads to, for checks.ts: in the block that `br (cmp.slt i,
// n)` enters on its true edge, i < n; if i is also never negative there, a `check.bounds i, n`
// cannot fail. That is what `for i in 0..n` and `while i < n` make of a loop over `n` elements,
// with n the slice's length. And in the block that `br (cmp.eq.ptr p, 0)` enters on its false
// edge, p is not null: an allocation's pointer after its failure test, a `p != null` test's.
//
// Never negative: a constant >= 0, or a block parameter (a loop's counter) whose every incoming
// value is never negative: a constant >= 0, another such parameter, or the parameter plus 1
// computed where the parameter is below some bound (so the addition cannot overflow). The
// parameters are found as the greatest fixpoint: all are assumed never negative, and those with
// an incoming value that is not are dropped until none is, which is sound for the induction.

import type { Instr, Operand, Var } from '../../ir';
import type { Dominators } from '../ssa/dominators';
import { edgesOf, instrDef, predecessors, type SsaFunction } from '../ssa/ssa';

/** `a < b` (signed) holds in a block and every block it dominates. */
export interface Below {
  readonly a: Var;
  readonly b: Operand;
}

export interface IndexFacts {
  /** What the branch into each block (its only predecessor's) says, where it says a < b. */
  readonly below: readonly (Below | undefined)[];
  /** Values that are never negative where they are defined and after. */
  readonly nonNegative: ReadonlySet<number>;
  /** The pointer the branch into each block (its only predecessor's) says is not null. */
  readonly nonNull: readonly (Var | undefined)[];
}

export function indexFacts(fn: SsaFunction, doms: Dominators): IndexFacts {
  const defs = new Map<number, { block: number; instr: Instr }>();
  fn.blocks.forEach((block, b) => {
    for (const instr of block.instrs) {
      const dst = instrDef(instr);
      if (dst) defs.set(dst.id, { block: b, instr });
    }
  });
  const preds = predecessors(fn);
  /** The comparison the only predecessor of block b branches on, and whether b is its true edge. */
  const entry = (b: number): { cmp: Extract<Instr, { op: 'cmp' }>; taken: boolean } | undefined => {
    if (preds[b]!.length !== 1) return undefined;
    const t = fn.blocks[preds[b]![0]!]!.term;
    if (t.op !== 'br' || t.cond.kind !== 'var') return undefined;
    const def = defs.get(t.cond.var.id)?.instr;
    return def?.op === 'cmp' && def.a.kind === 'var' ? { cmp: def, taken: t.then.block === b } : undefined;
  };
  const below = fn.blocks.map((_, b): Below | undefined => {
    const e = entry(b);
    if (!e || e.cmp.type !== 'i64' || e.cmp.a.kind !== 'var') return undefined;
    // i < n on the true edge of slt, and on the false edge of sge.
    return (e.cmp.cond === 'slt' && e.taken) || (e.cmp.cond === 'sge' && !e.taken) ? { a: e.cmp.a.var, b: e.cmp.b } : undefined;
  });
  const nonNull = fn.blocks.map((_, b): Var | undefined => {
    const e = entry(b);
    if (!e || e.cmp.type !== 'ptr' || e.cmp.a.kind !== 'var' || e.cmp.b.kind !== 'int' || e.cmp.b.value !== 0n) return undefined;
    return (e.cmp.cond === 'eq' && !e.taken) || (e.cmp.cond === 'ne' && e.taken) ? e.cmp.a.var : undefined;
  });
  /** Whether `x < something` holds in block `at` (a fact of a block dominating it). */
  const boundedAt = (x: Var, at: number): boolean => {
    for (let block = at; ; block = doms.idom[block]!) {
      if (below[block]?.a === x) return true;
      if (block === 0 || doms.idom[block]! < 0) return false;
    }
  };

  const params = new Map<number, { block: number; index: number }>();
  fn.blocks.forEach((block, b) => block.params.forEach((p, index) => {
    if (p.type === 'i64') params.set(p.id, { block: b, index });
  }));
  const nonNegative = new Set(params.keys());
  const holds = (o: Operand): boolean => {
    if (o.kind === 'int') return o.value >= 0n;
    if (o.kind !== 'var') return false;
    if (nonNegative.has(o.var.id)) return true;
    const def = defs.get(o.var.id);
    if (def?.instr.op !== 'binary' || def.instr.kind !== 'add' || def.instr.type !== 'i64') return false;
    const { a, b } = def.instr;
    const [base, one] = a.kind === 'var' ? [a, b] : [b, a];
    return base.kind === 'var' && one.kind === 'int' && one.value === 1n && nonNegative.has(base.var.id) && boundedAt(base.var, def.block);
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (const [id, { block, index }] of params) {
      if (!nonNegative.has(id)) continue;
      const incoming = preds[block]!.flatMap((p) => edgesOf(fn.blocks[p]!.term).filter((e) => e.block === block).map((e) => e.args[index]!));
      if (!incoming.every(holds)) {
        nonNegative.delete(id);
        changed = true;
      }
    }
  }
  return { below, nonNegative, nonNull };
}
