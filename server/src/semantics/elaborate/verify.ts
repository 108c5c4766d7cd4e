// Checks the invariants of program.ts on a built program: every expression has a concrete
// type, and wherever a value meets a type (operands, arguments, stores, returns, fields) the
// types agree exactly. The tests run it on every elaborated example and fixture; a problem is
// a bug in the elaboration, reported with the function and the offset.

import { convert } from '../conversions';
import { sameType, typeToString, type FunctionType, type Type } from '../types';
import type { ElabBlock, ElabExpr, ElabProgram, ElabStmt } from './program';

const NOT_CONCRETE: ReadonlySet<string> = new Set(['untyped-int', 'untyped-float', 'null', 'error', 'generic', 'type', 'module', 'overloads', 'range']);

export function verifyProgram(program: ElabProgram): string[] {
  const problems: string[] = [];
  let where = '';
  const problem = (span: { start: number }, message: string) => problems.push(`${where} at ${span.start}: ${message}`);

  const concrete = (type: Type): boolean => {
    if (NOT_CONCRETE.has(type.kind)) return false;
    switch (type.kind) {
      case 'pointer':
        return concrete(type.to);
      case 'array':
      case 'slice':
        return concrete(type.element);
      case 'function':
        return concrete(type.ret) && type.params.every(concrete);
      default:
        return true;
    }
  };
  const same = (value: ElabExpr, type: Type, what: string) => {
    if (!sameType(value.type, type)) problem(value.span, `${what}: ${typeToString(value.type)} where ${typeToString(type)} is expected`);
  };
  const signatureOf = (e: Extract<ElabExpr, { kind: 'call' }>): FunctionType | undefined => {
    switch (e.target.kind) {
      case 'function': {
        const fn = program.functions.get(e.target.fn);
        if (!fn) problem(e.span, `a call of '${e.target.fn}', which the program does not have`);
        return fn && { kind: 'function', params: fn.params.map((p) => p.type), ret: fn.ret, variadic: false };
      }
      case 'foreign':
        return program.foreign.get(e.target.fn)?.type;
      case 'value':
        return e.target.callee.type.kind === 'function' ? e.target.callee.type : undefined;
    }
  };

  const expr = (e: ElabExpr): void => {
    if (!concrete(e.type)) problem(e.span, `a ${e.kind} expression of type ${typeToString(e.type)}`);
    switch (e.kind) {
      case 'unary':
        return expr(e.operand);
      case 'binary':
        expr(e.left);
        expr(e.right);
        if (e.op !== '<<' && e.op !== '>>') same(e.right, e.left.type, `operand of '${e.op}'`);
        return;
      case 'logical':
        expr(e.left);
        expr(e.right);
        return;
      case 'convert':
        expr(e.value);
        if (e.implicit && e.value.kind !== 'string' && !convert(e.value.type, e.type).ok && !promotion(e.value.type, e.type)) {
          problem(e.span, `an implicit conversion from ${typeToString(e.value.type)} to ${typeToString(e.type)} the language does not have`);
        }
        return;
      case 'deref':
        return expr(e.pointer);
      case 'address':
        return expr(e.place);
      case 'field':
      case 'len':
      case 'data':
        return expr(e.object);
      case 'index':
        expr(e.object);
        expr(e.index);
        return;
      case 'slice':
        expr(e.object);
        for (const b of [e.start, e.end, e.step]) if (b) expr(b);
        return;
      case 'call': {
        if (e.target.kind === 'value') expr(e.target.callee);
        e.args.forEach(expr);
        const signature = signatureOf(e);
        if (!signature) return;
        signature.params.forEach((p, i) => {
          const arg = e.args[i];
          if (arg) same(arg, p, `argument ${i + 1}`);
        });
        if (!sameType(signature.ret, e.type)) problem(e.span, `a call typed ${typeToString(e.type)} of a function returning ${typeToString(signature.ret)}`);
        return;
      }
      case 'builtin':
        e.args.forEach(expr);
        return;
      case 'struct': {
        e.fields.forEach(expr);
        if (e.type.kind !== 'struct') return;
        const info = program.layouts.struct(e.type.symbol);
        e.fields.forEach((f, i) => {
          const field = info.fields[i];
          if (field) same(f, field.type, `field '${field.name}'`);
        });
        return;
      }
      case 'array':
        e.elements.forEach(expr);
        if (e.type.kind === 'array') for (const el of e.elements) same(el, e.type.element, 'array element');
        return;
      default:
        return;
    }
  };

  const block = (b: ElabBlock, ret: Type) => b.statements.forEach((s) => statement(s, ret));
  const statement = (s: ElabStmt, ret: Type): void => {
    switch (s.kind) {
      case 'block':
        return block(s, ret);
      case 'expr':
        return expr(s.expr);
      case 'let':
        if (s.init) {
          expr(s.init);
          same(s.init, s.local.type, `the value of '${s.local.name}'`);
        }
        return;
      case 'assign':
        expr(s.target);
        expr(s.value);
        return same(s.value, s.target.type, 'the value assigned');
      case 'compound':
        expr(s.target);
        expr(s.value);
        if (s.op !== '<<' && s.op !== '>>') same(s.value, s.target.type, `the operand of '${s.op}='`);
        return;
      case 'if':
        expr(s.condition);
        block(s.then, ret);
        if (s.otherwise) block(s.otherwise, ret);
        return;
      case 'while':
        expr(s.condition);
        return block(s.body, ret);
      case 'for-range':
        expr(s.start);
        expr(s.end);
        same(s.start, s.item.type, 'the start of the range');
        same(s.end, s.item.type, 'the end of the range');
        return block(s.body, ret);
      case 'for-each':
        expr(s.iterable);
        return block(s.body, ret);
      case 'switch':
        expr(s.value);
        for (const c of s.cases) {
          for (const p of c.patterns) if (p.kind === 'value') same(p.value, s.value.type, 'a case value');
          block(c.body, ret);
        }
        if (s.otherwise) block(s.otherwise, ret);
        return;
      case 'return':
        if (s.value) {
          expr(s.value);
          same(s.value, ret, 'the value returned');
        }
        return;
      case 'defer':
        return statement(s.body, ret);
      case 'push-context':
        expr(s.value);
        return block(s.body, ret);
      default:
        return;
    }
  };

  for (const g of program.globals) {
    where = `global ${g.key}`;
    if (g.init) {
      expr(g.init);
      same(g.init, g.type, `the value of '${g.name}'`);
    }
  }
  for (const fn of program.functions.values()) {
    where = `fn ${fn.key}`;
    for (const local of fn.locals) if (!concrete(local.type)) problem(local.span, `local '${local.name}' of type ${typeToString(local.type)}`);
    block(fn.body, fn.ret);
  }
  return problems;
}

/** C's default argument promotions, which a variadic argument goes through (body.ts). */
function promotion(from: Type, to: Type): boolean {
  if (to.kind === 'float' && to.bits === 64) return from.kind === 'float';
  if (to.kind === 'int') return from.kind === 'int' || from.kind === 'bool' || from.kind === 'enum';
  return false;
}
