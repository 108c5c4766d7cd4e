// The IR's text form (`zolt build --emit ir`), which the IR fixtures compare:
//
//   function max(%0 context: ptr, %1 a: i64, %2 b: i64) -> i64
//   b0:
//     %3:i8 = cmp.sgt.i64 %1, %2
//     br %3, b1, b2
//   b1:
//     ret %1
//
// Operands: `%N` variables (with their names where they have one, at definition), `5:i64`
// constants, `$N` stack slots, `@@name` globals, `@name` functions, `str#N` string literals.
// Checks, calls and traps end with their source location.

import * as path from 'node:path';
import type { Block, Instr, IrFunction, IrProgram, Operand, Terminator, Var } from './ir';

export function printIr(program: IrProgram, options: { only?: (fn: IrFunction) => boolean } = {}): string {
  const out: string[] = [];
  program.globals.forEach((g) => out.push(`global @@${g.name}: ${g.size} align ${g.align}`));
  program.strings.forEach((s, i) => out.push(`string str#${i} = ${JSON.stringify(Buffer.from(s).toString('latin1'))}`));
  for (const f of program.foreign) {
    const sig = f.signature;
    const params = sig.params.map(foreignValueText);
    if (sig.variadic) params.push('...');
    out.push(`foreign "${f.library}" ${f.name}(${params.join(', ')})${sig.ret ? ` -> ${foreignValueText(sig.ret)}` : ''}`);
  }
  for (const fn of program.functions) {
    if (options.only && !options.only(fn)) continue;
    out.push('', ...functionText(fn, program));
  }
  return out.join('\n').replace(/^\n/, '') + '\n';
}

function foreignValueText(v: import('./ir').ForeignValue): string {
  return v.kind === 'scalar' ? v.type : `struct(${v.layout.size}: ${v.layout.fields.map((f) => `${f.type}@${f.offset}`).join(' ')})`;
}

export function functionText(fn: IrFunction, program: IrProgram): string[] {
  const lines = functionHeader(fn);
  const at = (loc: number) => {
    const l = program.locations[loc];
    return l ? ` @${path.basename(l.file)}:${l.line}:${l.column}` : '';
  };
  for (const block of fn.blocks) lines.push(...blockText(block, at));
  return lines;
}

/** A function's lines before its first block: the signature, then its stack slots. */
export function functionHeader(fn: IrFunction): string[] {
  const params = fn.params.map((p) => `${varText(p)}${p.name ? ` ${p.name}` : ''}: ${p.type}`).join(', ');
  const lines = [`function ${fn.name}(${params})${fn.ret ? ` -> ${fn.ret}` : ''}${fn.sret ? ' sret' : ''}`];
  for (const s of fn.slots) lines.push(`  slot $${s.id}: ${s.size} align ${s.align} (${s.name})`);
  return lines;
}

/** A block's lines: its label, then its instructions and terminator indented; `at` writes a location. */
export function blockText(block: Block, at: (loc: number) => string): string[] {
  const lines = [`b${block.id}:`];
  for (const instr of block.instrs) lines.push(`  ${instrText(instr, at)}`);
  lines.push(`  ${terminatorText(block.terminator, at)}`);
  return lines;
}

function varText(v: Var): string {
  return `%${v.id}`;
}

function def(v: Var): string {
  return `${varText(v)}:${v.type}${v.name ? ` (${v.name})` : ''}`;
}

export function operandText(o: Operand): string {
  switch (o.kind) {
    case 'var':
      return varText(o.var);
    case 'int':
      return `${o.value}:${o.type}`;
    case 'float':
      return `${Object.is(o.value, -0) ? '-0' : String(o.value)}:${o.type}`;
    case 'slot':
      return `$${o.slot.id}`;
    case 'global':
      return `@@${o.name}`;
    case 'function':
      return `@${o.name}`;
    case 'string':
      return `str#${o.index}`;
  }
}

function addrText(base: Operand, offset: number): string {
  return `[${operandText(base)}${offset ? `${offset > 0 ? '+' : ''}${offset}` : ''}]`;
}

export function instrText(i: Instr, at: (loc: number) => string = () => ''): string {
  const args = (list: readonly Operand[]) => list.map(operandText).join(', ');
  switch (i.op) {
    case 'copy':
      return `${def(i.dst)} = copy ${operandText(i.src)}`;
    case 'binary':
      return `${def(i.dst)} = ${i.kind}.${i.type} ${operandText(i.a)}, ${operandText(i.b)}`;
    case 'neg':
    case 'not':
    case 'fneg':
      return `${def(i.dst)} = ${i.op}.${i.type} ${operandText(i.a)}`;
    case 'cmp':
      return `${def(i.dst)} = cmp.${i.cond}.${i.type} ${operandText(i.a)}, ${operandText(i.b)}`;
    case 'conv':
      return `${def(i.dst)} = ${i.kind}.${i.from}.${i.dst.type} ${operandText(i.a)}`;
    case 'ptradd':
      return `${def(i.dst)} = ptradd ${operandText(i.base)}, ${operandText(i.offset)}`;
    case 'load':
      return `${def(i.dst)} = load.${i.type} ${addrText(i.addr, i.offset)}`;
    case 'store':
      return `store.${i.type} ${addrText(i.addr, i.offset)}, ${operandText(i.value)}`;
    case 'memcpy':
      return `memcpy ${operandText(i.dst)}, ${operandText(i.src)}, ${i.size}`;
    case 'memzero':
      return `memzero ${operandText(i.dst)}, ${operandText(i.size)}`;
    case 'call':
      return `${i.dst ? `${def(i.dst)} = ` : ''}call @${i.fn}(${args(i.args)})${at(i.loc)}`;
    case 'callind':
      return `${i.dst ? `${def(i.dst)} = ` : ''}callind ${operandText(i.callee)}(${args(i.args)})${at(i.loc)}`;
    case 'callforeign':
      return `${i.dst ? `${def(i.dst)} = ` : ''}callforeign ${i.fn}(${args(i.args)})${at(i.loc)}`;
    case 'rt':
      return `${i.dst ? `${def(i.dst)} = ` : ''}rt.${i.fn}(${args(i.args)})`;
    case 'check':
      return `check.${i.kind} ${args(i.args)}${at(i.loc)}`;
  }
}

export function terminatorText(t: Terminator, at: (loc: number) => string = () => ''): string {
  switch (t.op) {
    case 'jmp':
      return `jmp b${t.target}`;
    case 'br':
      return `br ${operandText(t.cond)}, b${t.then}, b${t.else}`;
    case 'ret':
      return t.value ? `ret ${operandText(t.value)}` : 'ret';
    case 'trap':
      return `trap.${t.kind}${t.args.length > 0 ? ` ${t.args.map(operandText).join(', ')}` : ''}${at(t.loc)}`;
  }
}
