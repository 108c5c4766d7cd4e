// The SSA verifier: the invariants of ssa.ts. Every value defined once; every use dominated by
// its definition (a use in an edge's arguments counts as a use at the end of the source
// block); the entry without predecessors or parameters; edge arguments matching their target's
// parameters in number and type; operand types as each instruction says. The backend's tests
// run it after construction and after every pass.

import { operandType, type Instr, type IrType, type Operand, type Var } from '../../ir';
import { instrText } from '../../ir/print';
import { dominators } from './dominators';
import { edgesOf, instrDef, instrUses, predecessors, termUses, type SsaFunction } from './ssa';

export function verifySsa(fn: SsaFunction): string[] {
  const problems: string[] = [];
  const defBlock = new Int32Array(fn.values.length).fill(-2);
  const defIndex = new Int32Array(fn.values.length).fill(-1);
  const define = (v: Var, block: number, index: number, where: string) => {
    if (fn.values[v.id] !== v) problems.push(`${where}: %${v.id} is not a value of this function`);
    else if (defBlock[v.id] !== -2) problems.push(`${where}: %${v.id} is defined twice`);
    else {
      defBlock[v.id] = block;
      defIndex[v.id] = index;
    }
  };
  fn.params.forEach((p) => define(p, 0, -1, 'parameters'));
  fn.blocks.forEach((b, bi) => {
    b.params.forEach((p) => define(p, bi, -1, `b${bi} parameters`));
    b.instrs.forEach((i, k) => {
      const d = instrDef(i);
      if (d) define(d, bi, k, `b${bi}: ${instrText(i)}`);
    });
  });
  const preds = predecessors(fn);
  if (preds[0]!.length > 0) problems.push('the entry block has predecessors');
  if (fn.blocks[0]!.params.length > 0) problems.push('the entry block has parameters');
  const dom = dominators(fn);
  const available = (o: Operand, block: number, index: number): boolean => {
    if (o.kind !== 'var') return true;
    const db = defBlock[o.var.id]!;
    if (db < 0) return false;
    if (db === block) return defIndex[o.var.id]! < index;
    return dom.dominates(db, block);
  };
  fn.blocks.forEach((b, bi) => {
    if (dom.order[bi] === -1) return;
    b.instrs.forEach((i, k) => {
      const where = `b${bi}: ${instrText(i)}`;
      for (const o of instrUses(i)) if (!available(o, bi, k)) problems.push(`${where}: %${(o as { var: Var }).var.id} is used where its definition does not dominate`);
      const typeProblem = instrTypeProblem(i);
      if (typeProblem) problems.push(`${where}: ${typeProblem}`);
    });
    for (const o of termUses(b.term)) if (!available(o, bi, b.instrs.length)) problems.push(`b${bi}: the terminator uses %${(o as { var: Var }).var.id} where its definition does not dominate`);
    const targets = new Set<number>();
    for (const e of edgesOf(b.term)) {
      if (targets.has(e.block)) problems.push(`b${bi}: two edges to b${e.block}`);
      targets.add(e.block);
      const target = fn.blocks[e.block];
      if (!target) {
        problems.push(`b${bi}: no block b${e.block}`);
        continue;
      }
      if (e.args.length !== target.params.length) problems.push(`b${bi}: the edge to b${e.block} passes ${e.args.length} arguments for ${target.params.length} parameters`);
      e.args.forEach((a, k) => {
        const p = target.params[k];
        if (p && !sameWord(operandType(a), p.type)) problems.push(`b${bi}: argument ${k} to b${e.block} is ${operandType(a)}, not ${p.type}`);
      });
    }
    if (b.term.op === 'br' && operandType(b.term.cond) !== 'i8') problems.push(`b${bi}: the condition is not an i8`);
    if (b.term.op === 'ret' && (b.term.value === undefined) !== (fn.ret === undefined)) problems.push(`b${bi}: ret does not match the function's result`);
  });
  return problems.map((p) => `${fn.name}: ${p}`);
}

function sameWord(a: IrType, b: IrType): boolean {
  return a === b;
}

/** What is wrong with an instruction's operand types, if anything. */
function instrTypeProblem(i: Instr): string | undefined {
  const is = (o: Operand, t: IrType, what: string) => (operandType(o) === t ? undefined : `${what} is ${operandType(o)}, not ${t}`);
  switch (i.op) {
    case 'copy':
      // Only an `as` cast between ptr and i64 remains a copy (ssa/build.ts).
      return i.dst.type === operandType(i.src) || [i.dst.type, operandType(i.src)].sort().join() === 'i64,ptr' ? undefined : 'a copy changes the type';
    case 'binary':
      return is(i.a, i.type, 'the left operand') ?? is(i.b, ['shl', 'lshr', 'ashr'].includes(i.kind) ? 'i64' : i.type, 'the right operand') ?? (i.dst.type === i.type ? undefined : 'the result type differs');
    case 'neg':
    case 'not':
    case 'fneg':
      return is(i.a, i.type, 'the operand');
    case 'cmp':
      return is(i.a, i.type, 'the left operand') ?? is(i.b, i.type, 'the right operand') ?? (i.dst.type === 'i8' ? undefined : 'a comparison gives an i8');
    case 'conv':
      return is(i.a, i.from, 'the operand');
    case 'ptradd':
      return is(i.base, 'ptr', 'the base') ?? is(i.offset, 'i64', 'the offset');
    case 'load':
      return is(i.addr, 'ptr', 'the address') ?? (i.dst.type === i.type ? undefined : 'the result type differs');
    case 'store':
      return is(i.addr, 'ptr', 'the address') ?? is(i.value, i.type, 'the value');
    case 'memcpy':
      return is(i.dst, 'ptr', 'the destination') ?? is(i.src, 'ptr', 'the source');
    case 'memzero':
      return is(i.dst, 'ptr', 'the destination') ?? is(i.size, 'i64', 'the size');
    default:
      return undefined;
  }
}
