// The text form of an elaborated program (`zolt build --emit elab`), which the elaboration
// fixtures compare. It shows what the elaboration decided and the source does not say:
//
//   5:i64             a literal and the type it took
//   (x => i64)        an implicit conversion; (x as i64) an explicit one
//   (a + b):f64       an operation and its operands' type (for a comparison too)
//   max3<i64,i64,i64>(...)   the function a call resolved to (an instantiation, an overload)
//   c.printf(...)     a foreign function and its library
//   Vec2{x: ..., y: ...}     every field of a struct literal, in order, defaults filled in
//   v.x               a field, `(*p).x` through a pointer
//   @counter          a global
//   xs[1:i64..n by 2:i64]    a slice (bounds and step left out when the source leaves them out)
//
// Structs are listed with their layouts, enums with their values, then globals, foreign
// functions and functions in the order the program reaches them.

import { typeToString, type Type } from '../types';
import type { ElabBlock, ElabExpr, ElabFunction, ElabProgram, ElabStmt, SwitchPattern } from './program';

export function printProgram(program: ElabProgram, options: { std?: boolean } = {}): string {
  const out: string[] = [];
  // The standard library's declarations are the same in every program: left out unless asked.
  const shown = (file: string) => options.std === true || !program.stdFiles.has(file);
  const structs = [...program.structs.values()].filter((s) => shown(s.symbol.file)).sort((a, b) => a.name.localeCompare(b.name));
  for (const s of structs) {
    out.push(`struct ${s.name} size ${s.size} align ${s.align}`);
    for (const f of s.fields) out.push(`  ${f.name}: ${typeToString(f.type)} @${f.offset}`);
  }
  const enums = [...program.enums.values()].filter((e) => shown(e.symbol.file)).sort((a, b) => a.name.localeCompare(b.name));
  for (const e of enums) out.push(`enum ${e.name}: ${typeToString(e.backing)} { ${e.members.map((m) => `${m.name} = ${m.value}`).join(', ')} }`);
  for (const g of program.globals.filter((g) => shown(g.file))) {
    out.push(`${g.constant ? 'const' : 'global'} @${g.key}: ${typeToString(g.type)}${g.init ? ` = ${expr(g.init)}` : ''}`);
  }
  for (const f of program.foreign.values()) out.push(`foreign "${f.library}" ${f.name}: ${typeToString(f.type)}`);
  for (const fn of [...program.functions.values()].filter((f) => shown(f.file))) {
    if (out.length > 0) out.push('');
    out.push(...functionText(fn));
  }
  return out.join('\n') + '\n';
}

function functionText(fn: ElabFunction): string[] {
  const params = fn.params.map((p) => `${p.name}: ${typeToString(p.type)}`).join(', ');
  const ret = fn.ret.kind === 'void' ? '' : ` -> ${typeToString(fn.ret)}`;
  const lines = [`fn ${fn.key}(${params})${ret}`];
  block(fn.body, 1, lines);
  return lines;
}

function block(b: ElabBlock, depth: number, lines: string[]): void {
  for (const s of b.statements) statement(s, depth, lines);
}

function statement(s: ElabStmt, depth: number, lines: string[]): void {
  const pad = '  '.repeat(depth);
  const line = (text: string): void => {
    lines.push(pad + text);
  };
  switch (s.kind) {
    case 'block':
      line('{');
      block(s, depth + 1, lines);
      line('}');
      return;
    case 'expr':
      return line(expr(s.expr));
    case 'let':
      return line(`let ${s.local.name}: ${typeToString(s.local.type)}${s.init ? ` = ${expr(s.init)}` : ''}`);
    case 'assign':
      return line(`${expr(s.target)} = ${expr(s.value)}`);
    case 'compound':
      return line(`${expr(s.target)} ${s.op}= ${expr(s.value)}`);
    case 'if':
      line(`if ${expr(s.condition)}`);
      block(s.then, depth + 1, lines);
      if (s.otherwise) {
        line('else');
        block(s.otherwise, depth + 1, lines);
      }
      return;
    case 'while':
      line(`while ${expr(s.condition)}`);
      return block(s.body, depth + 1, lines);
    case 'for-range': {
      const names = s.index ? `${s.index.name}, ${s.item.name}` : s.item.name;
      line(`for ${names}: ${typeToString(s.item.type)} in ${expr(s.start)}${s.inclusive ? '..=' : '..'}${expr(s.end)}`);
      return block(s.body, depth + 1, lines);
    }
    case 'for-each': {
      const names = s.index ? `${s.index.name}, ${s.item.name}` : s.item.name;
      line(`for ${names}: ${typeToString(s.item.type)} in ${expr(s.iterable)}`);
      return block(s.body, depth + 1, lines);
    }
    case 'switch':
      line(`switch ${expr(s.value)}`);
      for (const c of s.cases) {
        line(`  case ${c.patterns.map(pattern).join(', ')}`);
        block(c.body, depth + 2, lines);
      }
      if (s.otherwise) {
        line('  else');
        block(s.otherwise, depth + 2, lines);
      }
      return;
    case 'break':
    case 'continue':
    case 'unreachable':
      return line(s.kind);
    case 'return':
      return line(s.value ? `return ${expr(s.value)}` : 'return');
    case 'defer':
      line('defer');
      return statement(s.body.kind === 'block' ? s.body : s.body, depth + 1, lines);
    case 'push-context':
      line(`push_context ${expr(s.value)}`);
      return block(s.body, depth + 1, lines);
  }
}

function pattern(p: SwitchPattern): string {
  return p.kind === 'range' ? `${p.lo}..=${p.hi}` : expr(p.value);
}

const t = (type: Type) => typeToString(type);

export function expr(e: ElabExpr): string {
  switch (e.kind) {
    case 'int':
      return `${e.value}:${t(e.type)}`;
    case 'float':
      return `${floatText(e.value)}:${t(e.type)}`;
    case 'bool':
      return String(e.value);
    case 'string':
      return JSON.stringify(e.value);
    case 'null':
      return `null:${t(e.type)}`;
    case 'zero':
      return `zero:${t(e.type)}`;
    case 'local':
      return e.local.name;
    case 'global':
      return `@${e.global}`;
    case 'function':
      return `fn ${e.fn}`;
    case 'context':
      return 'context';
    case 'unary':
      return `(${e.op}${expr(e.operand)})`;
    case 'binary':
      return `(${expr(e.left)} ${e.op} ${expr(e.right)}):${t(e.left.type)}`;
    case 'logical':
      return `(${expr(e.left)} ${e.op} ${expr(e.right)})`;
    case 'convert':
      return `(${expr(e.value)} ${e.implicit ? '=>' : 'as'} ${t(e.type)})`;
    case 'deref':
      return `(*${expr(e.pointer)})`;
    case 'address':
      return `&${expr(e.place)}`;
    case 'field':
      return `${expr(e.object)}.${e.name}`;
    case 'index':
      return `${expr(e.object)}[${expr(e.index)}]`;
    case 'slice':
      return `${expr(e.object)}[${e.start ? expr(e.start) : ''}..${e.end ? expr(e.end) : ''}${e.step ? ` by ${expr(e.step)}` : ''}]`;
    case 'len':
      return `${expr(e.object)}.len`;
    case 'data':
      return `${expr(e.object)}.data`;
    case 'call':
      return callText(e);
    case 'builtin': {
      const args = e.args.map(expr);
      if (e.typeArg) args.unshift(t(e.typeArg));
      return `${e.name}(${args.join(', ')})`;
    }
    case 'struct': {
      const names = e.type.kind === 'struct' ? e.type.symbol.fields.map((f) => f.name) : [];
      return `${t(e.type)}{${e.fields.map((f, i) => `${names[i] ?? i}: ${expr(f)}`).join(', ')}}`;
    }
    case 'array':
      return `[${e.elements.map(expr).join(', ')}]:${t(e.type)}`;
  }
}

function callText(e: Extract<ElabExpr, { kind: 'call' }>): string {
  const args = e.args.map(expr).join(', ');
  switch (e.target.kind) {
    case 'function':
      return `${e.target.fn}(${args})`;
    case 'foreign':
      return `foreign ${e.target.fn}(${args})`;
    case 'value':
      return `(${expr(e.target.callee)})(${args})`;
  }
}

/** Floats as the shortest text that reads back to them, with a `.` so they look like floats. */
function floatText(value: number): string {
  const text = String(value);
  return /[.eEn]/.test(text) || !Number.isFinite(value) ? text : `${text}.0`;
}
