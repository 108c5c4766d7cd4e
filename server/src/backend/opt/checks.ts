// Redundant run-time checks. A check's outcome depends only on its operands, and an SSA value
// never changes: a check dominated by the same check of the same operands cannot fail (had the
// first failed, the program would have stopped there), so it is removed. What `p.x + p.y` of a
// pointer `p` leaves, one null check per field access, becomes one check; so do the repeated
// bounds checks of `a[i]` read and then written. A bounds check of an index that a branch has
// just compared with the length, and that is never negative (a loop's counter from 0: see
// ranges.ts), cannot fail either: `for i in 0..xs.len { xs[i] }` checks nothing; nor can a null
// check of a pointer a branch has just found not null (an allocation's, after its failure test).
//
// The walk goes down the dominator tree with the checks that passed on the way, as a scoped set:
// what a block adds is taken out again when the walk leaves the block's subtree.

import type { Instr, Operand } from '../../ir';
import type { SsaFunction } from '../ssa/ssa';
import { dominators } from '../ssa/dominators';
import { indexFacts } from './ranges';

export function removeRedundantChecks(fn: SsaFunction): boolean {
  const doms = dominators(fn);
  const children: number[][] = fn.blocks.map(() => []);
  for (const b of doms.rpo) if (b !== 0) children[doms.idom[b]!]!.push(b);
  const facts = indexFacts(fn, doms);
  const passed = new Set<string>();
  let changed = false;
  // An explicit stack (a function of thousands of blocks must not exhaust JavaScript's): each
  // entry is a block to enter, or the keys to take out when its subtree is done.
  const stack: ({ enter: number } | { leave: string[] })[] = [{ enter: 0 }];
  while (stack.length > 0) {
    const top = stack.pop()!;
    if ('leave' in top) {
      for (const key of top.leave) passed.delete(key);
      continue;
    }
    const block = fn.blocks[top.enter]!;
    const added: string[] = [];
    const implied: string[] = [];
    const below = facts.below[top.enter];
    if (below && facts.nonNegative.has(below.a.id)) implied.push(`bounds(${operandKey({ kind: 'var', var: below.a })},${operandKey(below.b)})`);
    const nonNull = facts.nonNull[top.enter];
    if (nonNull) implied.push(`null(${operandKey({ kind: 'var', var: nonNull })})`);
    for (const key of implied) {
      if (passed.has(key)) continue;
      passed.add(key);
      added.push(key);
    }
    const keep: boolean[] = block.instrs.map((i) => {
      const key = checkKey(i);
      if (key === undefined) return true;
      if (passed.has(key)) return false;
      passed.add(key);
      added.push(key);
      return true;
    });
    if (keep.includes(false)) {
      block.instrs = block.instrs.filter((_, k) => keep[k]);
      block.locs = block.locs.filter((_, k) => keep[k]);
      changed = true;
    }
    stack.push({ leave: added });
    for (const child of children[top.enter]!) stack.push({ enter: child });
  }
  return changed;
}

/** What identifies a check (its kind and operands), or undefined for any other instruction. */
function checkKey(i: Instr): string | undefined {
  if (i.op !== 'check') return undefined;
  return `${i.kind}(${i.args.map(operandKey).join(',')})`;
}

function operandKey(o: Operand): string {
  switch (o.kind) {
    case 'var':
      return `%${o.var.id}`;
    case 'int':
      return `${o.value}:${o.type}`;
    case 'float':
      return `${Object.is(o.value, -0) ? '-0' : o.value}:${o.type}`;
    case 'slot':
      return `$${o.slot.id}`;
    case 'global':
      return `@${o.name}`;
    case 'function':
      return `&${o.name}`;
    case 'string':
      return `str#${o.index}`;
  }
}
