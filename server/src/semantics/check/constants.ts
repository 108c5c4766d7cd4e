// Constant integer expressions: array lengths, enum values, switch cases, and the folding of
// untyped literal arithmetic. Results are exact (bigint); whether one fits its eventual type
// is checked where the literal meets that type.

import type { Ast } from '../../syntax';
import type { IntType, Type } from '../types';

import { CheckerBase } from './base';

export abstract class ConstantChecker extends CheckerBase {
  // ------------------------------------------------------------------ constants

  /** The value of a constant integer expression, or undefined if it is not one. */
  constValue(e: Ast.Expr): bigint | undefined {
    return foldConstant(e, {
      name: (name) => {
        const symbol = this.refs.get(name.id);
        if (symbol?.kind === 'local' && symbol.role === 'const') return symbol.value;
        if (symbol?.kind === 'global' && symbol.constant) return this.host.global(symbol).value;
        if (symbol?.kind === 'enum-member') return this.memberValue(symbol);
        return undefined;
      },
      type: (node) => this.types.get(node.id),
    });
  }
}

/** What folding needs to know about names and types. */
export interface ConstantContext {
  /** The value of the constant a name refers to (a `const`, an enum member), if it has one. */
  name(name: Ast.Name): bigint | undefined;
  /** The type the checker gave an expression (for casts). */
  type(e: Ast.Expr): Type | undefined;
}

/**
 * The value of a constant integer expression, or undefined if it is not one: literals, names of
 * integer constants and enum members, and unary, binary and cast operations on those. A cast to
 * an integer type wraps the value to that type, as at run time.
 */
export function foldConstant(e: Ast.Expr, context: ConstantContext): bigint | undefined {
  switch (e.kind) {
    case 'int':
      return e.value;
    case 'char':
      return e.value === undefined ? undefined : BigInt(e.value);
    case 'paren':
      return foldConstant(e.inner, context);
    case 'unary': {
      const v = foldConstant(e.operand, context);
      if (v === undefined) return undefined;
      return e.operator === '-' ? -v : e.operator === '~' ? ~v : undefined;
    }
    case 'binary':
      return evalConstBinary(e.operator, foldConstant(e.left, context), foldConstant(e.right, context));
    case 'cast': {
      const v = foldConstant(e.value, context);
      const target = context.type(e);
      if (v === undefined || !target) return undefined;
      if (target.kind === 'int') return wrapInteger(v, target);
      return target.kind === 'enum' ? v : undefined;
    }
    case 'name-expr':
      return context.name(e.name);
    case 'member':
      return context.name(e.member);
    default:
      return undefined;
  }
}

/** `value` brought into the range of `type` by two's complement wrapping. */
export function wrapInteger(value: bigint, type: IntType): bigint {
  return type.signed ? BigInt.asIntN(type.bits, value) : BigInt.asUintN(type.bits, value);
}

/**
 * Integer operations on constants, exactly. Undefined where there is no value: division or
 * remainder by zero, a shift by a negative count or by 64 or more (the checker reports those).
 * Division truncates toward zero, as at run time (bigint division does).
 */
export function evalConstBinary(op: string, left: bigint | undefined, right: bigint | undefined): bigint | undefined {
  if (left === undefined || right === undefined) return undefined;
  switch (op) {
    case '+':
      return left + right;
    case '-':
      return left - right;
    case '*':
      return left * right;
    case '/':
      return right === 0n ? undefined : left / right;
    case '%':
      return right === 0n ? undefined : left % right;
    case '&':
      return left & right;
    case '|':
      return left | right;
    case '^':
      return left ^ right;
    case '<<':
      return right < 0n || right >= 64n ? undefined : left << right;
    case '>>':
      return right < 0n || right >= 64n ? undefined : left >> right;
    default:
      return undefined;
  }
}
