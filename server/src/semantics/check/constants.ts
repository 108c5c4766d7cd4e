// Constant integer expressions: array lengths, enum values, switch cases, and the folding of
// untyped literal arithmetic. Results are exact (bigint); whether one fits its eventual type
// is checked where the literal meets that type.

import type { Ast } from '../../syntax';


import { CheckerBase } from './base';

export abstract class ConstantChecker extends CheckerBase {
  // ------------------------------------------------------------------ constants

  /** The value of a constant integer expression, or undefined if it is not one. */
  constValue(e: Ast.Expr): bigint | undefined {
    switch (e.kind) {
      case 'int':
        return e.value;
      case 'char':
        return e.value === undefined ? undefined : BigInt(e.value);
      case 'paren':
        return this.constValue(e.inner);
      case 'unary': {
        const v = this.constValue(e.operand);
        if (v === undefined) return undefined;
        return e.operator === '-' ? -v : e.operator === '~' ? ~v : undefined;
      }
      case 'binary': {
        const l = this.constValue(e.left);
        const r = this.constValue(e.right);
        return l === undefined || r === undefined ? undefined : evalConstBinary(e.operator, l, r);
      }
      case 'cast':
        return this.constValue(e.value);
      case 'name-expr': {
        const symbol = this.refs.get(e.name.id);
        if (symbol?.kind === 'local' && symbol.role === 'const') return symbol.value;
        if (symbol?.kind === 'global' && symbol.constant) return this.host.global(symbol).value;
        if (symbol?.kind === 'enum-member') return this.memberValue(symbol);
        return undefined;
      }
      case 'member': {
        const symbol = this.refs.get(e.member.id);
        if (symbol?.kind === 'enum-member') return this.memberValue(symbol);
        if (symbol?.kind === 'global' && symbol.constant) return this.host.global(symbol).value;
        return undefined;
      }
      default:
        return undefined;
    }
  }
}

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
      return right < 0n || right > 64n ? undefined : left << right;
    case '>>':
      return right < 0n || right > 64n ? undefined : left >> right;
    default:
      return undefined;
  }
}
