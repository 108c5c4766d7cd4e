// Structured control flow from a function's blocks, for code generation into JavaScript,
// which has loops and labelled blocks but no goto. The IR comes from structured source, so its
// control-flow graph is reducible, and Ramsey's algorithm ("Beyond Relooper", 2022) turns it
// into nested statements without dispatch loops:
//
// - a loop header becomes `Lh: for (;;) { ... }`, a jump back to it `continue Lh`;
// - a block with several forward predecessors (a merge point) closes a labelled block
//   `Bm: { ... }` placed so that its code follows, and a jump to it is `break Bm`;
// - any other jump goes to a block that only its source reaches, whose code is written in place.
//
// The merge points of a block are its children in the dominator tree that are merge points,
// nested outermost-last in reverse postorder.

import { reversePostorderOf } from '../ir/order';
import { successors } from '../ir/builder';
import type { IrFunction } from '../ir';

export interface ControlFlow {
  /** For each block, its number in reverse postorder. */
  readonly order: readonly number[];
  readonly loopHeaders: ReadonlySet<number>;
  readonly mergePoints: ReadonlySet<number>;
  /** Blocks in the dominator tree: each block's children. */
  readonly children: readonly number[][];
}

/** Analyses a function's control flow (reverse postorder, dominators, loops, merge points). */
export function controlFlow(fn: IrFunction): ControlFlow {
  const blocks = fn.blocks;
  const count = blocks.length;
  const succ = blocks.map((b) => successors(b.terminator));
  const rpo = reversePostorderOf(count, (b) => succ[b]!);
  const order: number[] = new Array<number>(count).fill(-1);
  rpo.forEach((b, i) => (order[b] = i));
  const preds: number[][] = Array.from({ length: count }, () => []);
  for (const b of rpo) for (const s of succ[b]!) preds[s]!.push(b);
  // Dominators: Cooper, Harvey and Kennedy's iterative algorithm over reverse postorder.
  const idom: number[] = new Array<number>(count).fill(-1);
  idom[0] = 0;
  const intersect = (a: number, b: number) => {
    while (a !== b) {
      while (order[a]! > order[b]!) a = idom[a]!;
      while (order[b]! > order[a]!) b = idom[b]!;
    }
    return a;
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (const b of rpo) {
      if (b === 0) continue;
      let dom = -1;
      for (const p of preds[b]!) if (idom[p] !== -1) dom = dom === -1 ? p : intersect(p, dom);
      if (dom !== idom[b]) {
        idom[b] = dom;
        changed = true;
      }
    }
  }
  const children: number[][] = Array.from({ length: count }, () => []);
  for (const b of rpo) if (b !== 0) children[idom[b]!]!.push(b);
  const loopHeaders = new Set<number>();
  const mergePoints = new Set<number>();
  for (const b of rpo) {
    let forward = 0;
    for (const p of preds[b]!) {
      if (order[p]! >= order[b]!) loopHeaders.add(b); // a back edge (the source comes later)
      else forward++;
    }
    if (forward >= 2) mergePoints.add(b);
  }
  return { order, loopHeaders, mergePoints, children };
}

/** A block's merge points, outermost first (see the header). */
export function mergeChildren(flow: ControlFlow, block: number): number[] {
  return flow.children[block]!.filter((c) => flow.mergePoints.has(c)).sort((a, b) => flow.order[b]! - flow.order[a]!);
}

/**
 * How a jump from `from` to `to` is written: `continue` to a loop header above it, `break` to a
 * merge point, or the target's own code in place.
 */
export function jumpKind(flow: ControlFlow, from: number, to: number): 'continue' | 'break' | 'inline' {
  if (flow.order[to]! <= flow.order[from]!) return 'continue';
  if (flow.mergePoints.has(to)) return 'break';
  return 'inline';
}

