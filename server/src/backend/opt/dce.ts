// Dead code elimination, by marking what is live and sweeping the rest (so that a loop counter
// nothing reads dies with its increment, which use counts alone would keep alive). Roots are
// the operands of instructions with effects (stores, calls, checks) and of terminators other
// than jumps; a live value makes its definition's operands live, and a live block parameter
// makes its argument on every incoming edge live. Pure instructions with dead results and dead
// block parameters (with their arguments) are removed.

import type { Operand, Var } from '../../ir';
import { edgesOf, instrDef, instrUses, isPure, predecessors, type SsaFunction } from '../ssa/ssa';

export function eliminateDeadCode(fn: SsaFunction): boolean {
  const live = new Uint8Array(fn.values.length);
  const work: number[] = [];
  const mark = (o: Operand) => {
    if (o.kind === 'var' && !live[o.var.id]) {
      live[o.var.id] = 1;
      work.push(o.var.id);
    }
  };
  // Where each value is defined: an instruction's operands, or a block parameter's position.
  const definition = new Map<number, Operand[]>();
  const paramOf = new Map<number, { block: number; index: number }>();
  fn.blocks.forEach((block, b) => {
    block.params.forEach((p, index) => paramOf.set(p.id, { block: b, index }));
    for (const i of block.instrs) {
      const d = instrDef(i);
      if (d) definition.set(d.id, instrUses(i));
      if (!isPure(i)) for (const o of instrUses(i)) mark(o);
    }
    const t = block.term;
    if (t.op === 'br') mark(t.cond);
    if (t.op === 'ret' && t.value) mark(t.value);
    if (t.op === 'trap') t.args.forEach(mark);
  });
  const preds = predecessors(fn);
  while (work.length > 0) {
    const id = work.pop()!;
    const operands = definition.get(id);
    if (operands) {
      operands.forEach(mark);
      continue;
    }
    const param = paramOf.get(id);
    if (!param) continue;
    for (const p of preds[param.block]!) {
      for (const e of edgesOf(fn.blocks[p]!.term)) if (e.block === param.block) mark(e.args[param.index]!);
    }
  }
  let changed = false;
  const isLive = (v: Var) => live[v.id] === 1;
  fn.blocks.forEach((block, b) => {
    const before = block.instrs.length;
    const keep = block.instrs.map((i) => {
      const d = instrDef(i);
      return !isPure(i) || (d !== undefined && isLive(d));
    });
    block.instrs = block.instrs.filter((_, k) => keep[k]);
    block.locs = block.locs.filter((_, k) => keep[k]);
    if (block.instrs.length !== before) changed = true;
    const dead = block.params.map((p, k) => (isLive(p) ? -1 : k)).filter((k) => k >= 0);
    if (dead.length === 0) return;
    changed = true;
    block.params = block.params.filter(isLive);
    for (const p of preds[b]!) {
      for (const e of edgesOf(fn.blocks[p]!.term)) {
        if (e.block !== b) continue;
        for (let k = dead.length - 1; k >= 0; k--) e.args.splice(dead[k]!, 1);
      }
    }
  });
  return changed;
}
