// Dominators by Cooper, Harvey and Kennedy, "A Simple, Fast Dominance Algorithm" (2001): the
// immediate dominator of each block by iterating over the reverse postorder until nothing
// changes, intersecting along the tree with the postorder numbers. Short, and in practice as
// fast as Lengauer-Tarjan on the graphs compilers see.

import { predecessors, reversePostorder, type SsaFunction } from './ssa';

export interface Dominators {
  /** The immediate dominator of each block (the entry's is itself; unreachable blocks: -1). */
  readonly idom: Int32Array;
  /** The position of each block in reverse postorder (-1 when unreachable). */
  readonly order: Int32Array;
  readonly rpo: readonly number[];
  dominates(a: number, b: number): boolean;
}

export function dominators(fn: SsaFunction): Dominators {
  const rpo = reversePostorder(fn);
  const n = fn.blocks.length;
  const order = new Int32Array(n).fill(-1);
  rpo.forEach((b, i) => (order[b] = i));
  const preds = predecessors(fn);
  const idom = new Int32Array(n).fill(-1);
  idom[0] = 0;
  const intersect = (a: number, b: number): number => {
    while (a !== b) {
      while (order[a]! > order[b]!) a = idom[a]!;
      while (order[b]! > order[a]!) b = idom[b]!;
    }
    return a;
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (let i = 1; i < rpo.length; i++) {
      const b = rpo[i]!;
      let next = -1;
      for (const p of preds[b]!) {
        if (idom[p] === -1) continue;
        next = next === -1 ? p : intersect(p, next);
      }
      if (next !== idom[b]) {
        idom[b] = next;
        changed = true;
      }
    }
  }
  return {
    idom,
    order,
    rpo,
    dominates(a: number, b: number): boolean {
      if (order[b] === -1) return true;
      for (let x = b; ; x = idom[x]!) {
        if (x === a) return true;
        if (x === 0) return false;
      }
    },
  };
}
