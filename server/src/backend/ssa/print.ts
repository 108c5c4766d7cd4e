// The SSA form's text (`zolt build --emit ssa`): the IR's text (ir/print.ts) with block
// parameters and edge arguments:
//
//   b1(%4:i64 i, %5:i64 total):
//     %6:i8 = cmp.slt.i64 %4, 10:i64
//     br %6, b2, b3(%5)

import { instrText, operandText } from '../../ir/print';
import type { Var } from '../../ir';
import type { Edge, SsaFunction, SsaTerm } from './ssa';

export function ssaText(fn: SsaFunction): string {
  const param = (v: Var) => `%${v.id}:${v.type}${v.name ? ` ${v.name}` : ''}`;
  const lines = [`function ${fn.name}(${fn.params.map(param).join(', ')})${fn.ret ? ` -> ${fn.ret}` : ''}`];
  fn.blocks.forEach((b, i) => {
    lines.push(`b${i}${b.params.length > 0 ? `(${b.params.map(param).join(', ')})` : ''}:`);
    for (const instr of b.instrs) lines.push(`  ${instrText(instr)}`);
    lines.push(`  ${termText(b.term)}`);
  });
  return lines.join('\n') + '\n';
}

function edgeText(e: Edge): string {
  return `b${e.block}${e.args.length > 0 ? `(${e.args.map(operandText).join(', ')})` : ''}`;
}

export function termText(t: SsaTerm): string {
  switch (t.op) {
    case 'jmp':
      return `jmp ${edgeText(t.target)}`;
    case 'br':
      return `br ${operandText(t.cond)}, ${edgeText(t.then)}, ${edgeText(t.else)}`;
    case 'ret':
      return t.value ? `ret ${operandText(t.value)}` : 'ret';
    case 'trap':
      return `trap.${t.kind}${t.args.length > 0 ? ` ${t.args.map(operandText).join(', ')}` : ''}`;
  }
}
