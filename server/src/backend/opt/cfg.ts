// Control-flow graph simplification, to a fixpoint:
// - a jump to an empty block that only jumps on is redirected to where that block goes (its
//   parameters replaced by the jump's arguments), unless the source would then have two edges
//   to one block with different arguments;
// - an edge to an empty block that only branches on one of its parameters (what `&&` and `||`
//   leave: `b3(%c): br %c, ...`) goes where the branch would go when the edge's argument is
//   known there (a constant, or the condition of the predecessor's own `br`), and a `jmp` to it
//   becomes that branch: the comparison then feeds a conditional jump directly;
// - a `br` whose two edges are now the same is a `jmp`;
// - a block whose only predecessor jumps to it unconditionally is merged into it;
// - blocks the entry no longer reaches are removed, the rest renumbered in reverse postorder.

import type { Operand, Var } from '../../ir';
import { dropUnreachable, sameOperand } from '../ssa/build';
import { instrUses, mapInstr, mapTerm, predecessors, termUses, type Edge, type SsaFunction, type SsaTerm } from '../ssa/ssa';

export function simplifyCfg(fn: SsaFunction): boolean {
  let changed = false;
  for (let again = true; again; ) {
    again = threadJumps(fn) || threadBranches(fn) || mergeBlocks(fn);
    if (again) changed = true;
  }
  const before = fn.blocks.length;
  dropUnreachable(fn);
  return changed || fn.blocks.length !== before;
}

/** An edge to a forwarding block (no instructions, a jmp) goes straight to its target. */
function threadJumps(fn: SsaFunction): boolean {
  let changed = false;
  const usedElsewhere = paramsUsedOutsideTheirJump(fn);
  const through = (e: Edge): Edge => {
    const seen = new Set<number>();
    let edge = e;
    for (;;) {
      const block = fn.blocks[edge.block]!;
      if (block.instrs.length > 0 || block.term.op !== 'jmp' || seen.has(edge.block) || edge.block === 0) return edge;
      if (block.params.some((p) => usedElsewhere.has(p.id))) return edge;
      seen.add(edge.block);
      const args = edge.args;
      const substitute = throughParams(block.params, args);
      const next = block.term.target;
      if (next.block === edge.block) return edge;
      edge = { block: next.block, args: next.args.map(substitute) };
    }
  };
  fn.blocks.forEach((block) => {
    const t = block.term;
    if (t.op === 'jmp') {
      const target = through(t.target);
      if (target !== t.target) {
        block.term = { op: 'jmp', target };
        changed = true;
      }
    } else if (t.op === 'br') {
      const then = through(t.then);
      const other = through(t.else);
      if (then.block === other.block) {
        if (then.args.every((a, k) => sameOperand(a, other.args[k]!))) {
          block.term = { op: 'jmp', target: then };
          changed = true;
        } else if (then !== t.then && other === t.else && then.block !== t.else.block) {
          block.term = { ...t, then };
          changed = true;
        }
        return;
      }
      if (then !== t.then || other !== t.else) {
        block.term = { op: 'br', cond: t.cond, then, else: other };
        changed = true;
      }
    }
  });
  return changed;
}

/**
 * Edges into a block that is only `br %p` on one of its own parameters. Where the edge's
 * argument for %p is known (a constant, or the predecessor's `br` condition, true on its `then`
 * edge and false on its `else` edge), the edge goes to the branch's target instead; a `jmp` to
 * such a block becomes the `br` itself, on the argument.
 */
function threadBranches(fn: SsaFunction): boolean {
  let changed = false;
  const usedElsewhere = paramsUsedOutsideTheirJump(fn);
  const branchOn = (b: number): { k: number; t: Extract<SsaTerm, { op: 'br' }> } | undefined => {
    const block = fn.blocks[b]!;
    const t = block.term;
    if (b === 0 || block.instrs.length > 0 || t.op !== 'br' || t.cond.kind !== 'var') return undefined;
    if (block.params.some((p) => usedElsewhere.has(p.id))) return undefined;
    const k = block.params.indexOf(t.cond.var);
    return k >= 0 ? { k, t } : undefined;
  };
  /** Where edge `e` continues through its target's branch, taken (then) or not (else). */
  const onward = (e: Edge, taken: boolean): Edge => {
    const { t } = branchOn(e.block)!;
    const substitute = throughParams(fn.blocks[e.block]!.params, e.args);
    const next = taken ? t.then : t.else;
    return { block: next.block, args: next.args.map(substitute) };
  };
  fn.blocks.forEach((block, b) => {
    const t = block.term;
    if (t.op === 'jmp') {
      const target = branchOn(t.target.block);
      if (!target || t.target.block === b) return;
      const arg = t.target.args[target.k]!;
      const taken = truth(arg);
      if (taken !== undefined) {
        block.term = { op: 'jmp', target: onward(t.target, taken) };
      } else {
        const then = onward(t.target, true);
        const other = onward(t.target, false);
        block.term = { op: 'br', cond: arg, then, else: other };
      }
      changed = true;
    } else if (t.op === 'br') {
      const thread = (e: Edge, onThen: boolean): Edge => {
        const target = branchOn(e.block);
        if (!target || e.block === b) return e;
        const arg = e.args[target.k]!;
        const taken = truth(arg) ?? (t.cond.kind === 'var' && arg.kind === 'var' && arg.var === t.cond.var ? onThen : undefined);
        return taken === undefined ? e : onward(e, taken);
      };
      const then = thread(t.then, true);
      const other = thread(t.else, false);
      if (then === t.then && other === t.else) return;
      if (then.block === other.block) {
        if (!then.args.every((a, k) => sameOperand(a, other.args[k]!))) return; // two edges to one block
        block.term = { op: 'jmp', target: then };
      } else {
        block.term = { op: 'br', cond: t.cond, then, else: other };
      }
      changed = true;
    }
  });
  return changed;
}

/** An operand as seen past a block: its parameters are the arguments the edge into it passes. */
function throughParams(params: readonly Var[], args: readonly Operand[]): (o: Operand) => Operand {
  return (o) => {
    if (o.kind !== 'var') return o;
    const k = params.indexOf(o.var);
    return k >= 0 ? args[k]! : o;
  };
}

/** Whether a branch on `o` is taken, when that is known without running the program. */
function truth(o: Operand): boolean | undefined {
  return o.kind === 'int' ? o.value !== 0n : undefined;
}

/**
 * A block with one predecessor that jumps to it becomes part of that predecessor. Its
 * parameters are the jump's arguments everywhere (they may be used in any block it dominates).
 */
function mergeBlocks(fn: SsaFunction): boolean {
  const preds = predecessors(fn);
  const replace = new Map<number, Operand>();
  const merged = new Uint8Array(fn.blocks.length);
  fn.blocks.forEach((block, b) => {
    if (merged[b]) return;
    for (;;) {
      const t = block.term;
      if (t.op !== 'jmp') return;
      const s = t.target.block;
      if (s === b || s === 0 || preds[s]!.length !== 1 || merged[s]) return;
      const next = fn.blocks[s]!;
      next.params.forEach((p, k) => replace.set(p.id, t.target.args[k]!));
      block.instrs.push(...next.instrs);
      block.locs.push(...next.locs);
      block.term = next.term;
      // The merged block's successors now have `b` as their predecessor.
      for (const list of preds) for (let k = 0; k < list.length; k++) if (list[k] === s) list[k] = b;
      merged[s] = 1;
      fn.blocks[s] = { params: [], instrs: [], locs: [], term: { op: 'ret', value: undefined } };
    }
  });
  if (replace.size === 0) return merged.some((m) => m === 1);
  const resolve = (o: Operand): Operand => {
    let current = o;
    while (current.kind === 'var') {
      const next = replace.get(current.var.id);
      if (!next) break;
      current = next;
    }
    return current;
  };
  for (const block of fn.blocks) {
    block.instrs = block.instrs.map((i) => mapInstr(i, resolve));
    block.term = mapTerm(block.term, resolve);
  }
  return true;
}

/** Block parameters that are used anywhere but in their own block's terminator. */
function paramsUsedOutsideTheirJump(fn: SsaFunction): Set<number> {
  const params = new Map<number, number>();
  fn.blocks.forEach((block, b) => block.params.forEach((p) => params.set(p.id, b)));
  const used = new Set<number>();
  fn.blocks.forEach((block, b) => {
    const see = (o: Operand) => {
      if (o.kind === 'var' && params.has(o.var.id)) used.add(o.var.id);
    };
    for (const i of block.instrs) instrUses(i).forEach(see);
    for (const o of termUses(block.term)) {
      if (o.kind === 'var' && params.get(o.var.id) !== b) see(o);
    }
  });
  return used;
}
