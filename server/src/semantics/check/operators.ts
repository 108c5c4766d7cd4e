// Operators: arithmetic, comparison, logic and bit operators with their common operand type,
// and assignment with the rules of what can be assigned.

import type { Ast } from '../../syntax';
import { Code } from '../codes';
import { commonType, convert } from '../conversions';
import type { GlobalSymbol, LocalSymbol, StructSymbol, Symbol } from '../symbols';
import { isNumeric, isPoison, T, typeToString, untypedInt, type Type } from '../types';
import { ExpressionChecker } from './expressions';
import { evalConstBinary } from './constants';
import { isDeferredExpr } from './base';

export abstract class OperatorChecker extends ExpressionChecker {
  // ------------------------------------------------------------------ operators

  protected binary(e: Ast.BinaryExpr, expected: Type | undefined): Type {
    const op = e.operator;
    if (op === '&&' || op === '||') {
      const left = this.operand(e.left, this.expr(e.left, T.bool));
      const right = this.operand(e.right, this.expr(e.right, T.bool));
      if (!isPoison(left) && !isPoison(right) && (left.kind !== 'bool' || right.kind !== 'bool')) {
        this.report(Code.BadOperator, e.operatorSpan, `operator '${op}' cannot be applied to ${typeToString(left)} and ${typeToString(right)}`);
      }
      return T.bool;
    }
    const arithmeticExpectation = expected && isNumeric(expected) && !['==', '!=', '<', '<=', '>', '>='].includes(op) ? expected : undefined;
    // `.Member`, `null` and `[]` take their type from the other operand: `mode == .Free`.
    const deferredLeft = isDeferredExpr(e.left);
    const deferredRight = isDeferredExpr(e.right);
    let left: Type;
    let right: Type;
    if (deferredLeft && !deferredRight) {
      right = this.operand(e.right, this.expr(e.right, arithmeticExpectation));
      left = isPoison(right) ? T.error : e.left.kind === 'null' ? this.expr(e.left) : this.deferred(e.left, right);
    } else {
      left = this.operand(e.left, this.expr(e.left, arithmeticExpectation));
      right = deferredRight && !deferredLeft
        ? (isPoison(left) ? T.error : e.right.kind === 'null' ? this.expr(e.right) : this.deferred(e.right, left))
        : this.operand(e.right, this.expr(e.right, op === '<<' || op === '>>' ? undefined : arithmeticExpectation));
    }
    if (isPoison(left) || isPoison(right)) return ['==', '!=', '<', '<=', '>', '>='].includes(op) ? T.bool : left.kind === 'error' ? right : left;
    if (!this.constantOperandsOk(op, left, e.right)) return left.kind === 'untyped-int' ? untypedInt(undefined) : left;
    const fail = (): Type => {
      this.report(Code.BadOperator, e.operatorSpan, `operator '${op}' cannot be applied to ${typeToString(this.valueType(left))} and ${typeToString(this.valueType(right))}`);
      return T.error;
    };
    if (op === '<<' || op === '>>') {
      if ((left.kind !== 'int' && left.kind !== 'untyped-int') || (right.kind !== 'int' && right.kind !== 'untyped-int')) return fail();
      if (left.kind === 'untyped-int' && right.kind === 'untyped-int') return untypedInt(evalConstBinary(op, left.value, right.value));
      if (right.kind === 'untyped-int') this.settle(e.right, T.u64);
      return left;
    }
    const common = commonType(left, right);
    if (!common) return fail();
    if (common.kind === 'untyped-int' && left.kind === 'untyped-int' && right.kind === 'untyped-int') {
      if (['==', '!=', '<', '<=', '>', '>='].includes(op)) return T.bool;
      return untypedInt(evalConstBinary(op, left.value, right.value));
    }
    this.settle(e.left, common);
    this.settle(e.right, common);
    switch (op) {
      case '==':
      case '!=':
        return this.comparable(common) ? T.bool : fail();
      case '<':
      case '<=':
      case '>':
      case '>=':
        if (isNumeric(common) || common.kind === 'untyped-int' || common.kind === 'untyped-float' || common.kind === 'string') return T.bool;
        return fail();
      case '+':
      case '-':
      case '*':
      case '/':
        return isNumeric(common) || common.kind === 'untyped-float' ? common : fail();
      case '%':
        return common.kind === 'int' ? common : fail();
      case '&':
      case '|':
      case '^':
        return common.kind === 'int' ? common : fail();
    }
    return fail();
  }

  /** Whether `==` applies: scalars, strings (by content), and structs and arrays of those. */
  protected comparable(t: Type, seen = new Set<StructSymbol>()): boolean {
    if (isNumeric(t) || ['untyped-int', 'untyped-float', 'bool', 'enum', 'pointer', 'string', 'null', 'function'].includes(t.kind)) return true;
    if (t.kind === 'array') return this.comparable(t.element, seen);
    if (t.kind === 'struct') {
      if (seen.has(t.symbol)) return true;
      seen.add(t.symbol);
      return this.fieldsOf(t.symbol).every((f) => this.comparable(this.fieldType(f), seen));
    }
    return false;
  }

  /**
   * Integer division or remainder by a constant zero, and a shift by a constant count below 0
   * or of 64 or more, are errors where they are written (at run time they are a run-time
   * error and a defined result; a constant says the code is wrong). Reports and says false.
   */
  protected constantOperandsOk(op: string, left: Type, rightExpr: Ast.Expr): boolean {
    if (left.kind !== 'int' && left.kind !== 'untyped-int') return true;
    const right = this.constValue(rightExpr);
    if (right === undefined) return true;
    if ((op === '/' || op === '%') && right === 0n) {
      this.report(Code.DivisionByZero, rightExpr, op === '/' ? 'division by zero' : 'remainder by zero');
      return false;
    }
    if ((op === '<<' || op === '>>') && (right < 0n || right >= 64n)) {
      this.report(Code.ShiftRange, rightExpr, `shift count ${right} is out of range: it must be from 0 to 63`);
      return false;
    }
    return true;
  }

  protected assign(e: Ast.AssignExpr): void {
    // Assigning to a variable is not reading it: `x = 1` alone leaves x unused.
    const targetLocal = e.target.kind === 'name-expr' ? this.findLocal(e.target.name.text) : undefined;
    const wasUsed = targetLocal?.kind === 'local' ? this.usedLocals.has(targetLocal.symbol) : undefined;
    const target = this.expr(e.target);
    if (e.operator === '=' && targetLocal?.kind === 'local' && wasUsed === false) this.usedLocals.delete(targetLocal.symbol);
    const assignable = this.checkAssignable(e.target);
    if (!assignable && (target.kind === 'untyped-int' || target.kind === 'untyped-float')) {
      this.expr(e.value); // `1 = 2`: the target has no type to check the value against
      return;
    }
    if (e.operator !== '=' && e.target.kind === 'name-expr') {
      const local = this.refs.get(e.target.name.id);
      if (local?.kind === 'local') this.usedLocals.add(local); // `x += 1` reads x
    }
    if (e.operator === '=') {
      this.expectType(e.value, target);
      return;
    }
    const op = e.operator.slice(0, -1);
    const value = this.expr(e.value, isNumeric(target) ? target : undefined);
    if (isPoison(target) || isPoison(value)) return;
    if (!this.constantOperandsOk(op, target, e.value)) return;
    const ok = op === '<<' || op === '>>'
      ? target.kind === 'int' && (value.kind === 'int' || value.kind === 'untyped-int')
      : (op === '%' || op === '&' || op === '|' || op === '^' ? target.kind === 'int' : isNumeric(target)) && convert(value, target).ok;
    if (ok) {
      if (op !== '<<' && op !== '>>') this.settle(e.value, target);
      const conversion = convert(value, target);
      if (!conversion.ok && conversion.outOfRange) this.report(Code.OutOfRange, e.value, conversion.outOfRange);
      return;
    }
    const conversion = convert(value, target);
    if (!conversion.ok && conversion.outOfRange && isNumeric(target)) this.report(Code.OutOfRange, e.value, conversion.outOfRange);
    else this.report(Code.BadOperator, e.operatorSpan, `operator '${e.operator}' cannot be applied to ${typeToString(target)} and ${typeToString(value)}`);
  }

  /** Reports why an assignment target cannot be assigned, if it cannot; says whether it can. */
  protected checkAssignable(target: Ast.Expr): boolean {
    const inner = target.kind === 'paren' ? target.inner : target;
    if (inner.kind === 'name-expr') {
      const symbol = this.refs.get(inner.name.id);
      if (!symbol) return true;
      if (symbol.kind === 'local') return this.rootAssignable(symbol, inner);
      if (symbol.kind === 'global') return this.rootAssignable(symbol, inner);
      if (symbol.kind === 'field') {
        // A field brought in by `using v;` is `v.field`: assignable when `v.field` would be.
        const base = this.usingBases.get(inner.name.id);
        const behindPointer = base?.kind === 'local' && base.type.kind === 'pointer';
        return !base || behindPointer || this.rootAssignable(base, inner);
      }
      this.report(Code.NotAssignable, inner, 'cannot assign to this expression');
      return false;
    }
    if (!this.isLvalue(inner)) {
      if (isPoison(this.types.get(inner.id) ?? T.error)) return true;
      this.report(Code.NotAssignable, inner, 'cannot assign to this expression');
      return false;
    }
    // A field or element of a parameter, constant or loop variable (not behind a pointer) is
    // part of that value: it is immutable too.
    const root = this.storageRoot(inner);
    return root?.kind === 'local' || root?.kind === 'global' ? this.rootAssignable(root, inner) : true;
  }

  /** Whether the storage of a variable may be written; reports at `at` when not. */
  private rootAssignable(root: LocalSymbol | GlobalSymbol, at: Ast.Expr): boolean {
    if (root.kind === 'global') {
      if (!root.constant) return true;
      this.report(Code.AssignConst, at, `cannot assign to constant '${root.name}'`);
      return false;
    }
    switch (root.role) {
      case 'var':
        return true;
      case 'const':
        this.report(Code.AssignConst, at, `cannot assign to constant '${root.name}'`);
        return false;
      case 'param':
        this.report(Code.NotAssignable, at, `cannot assign to parameter '${root.name}'; copy it into a 'var' first`);
        return false;
      case 'loop':
        this.report(Code.NotAssignable, at, `cannot assign to loop variable '${root.name}'`);
        return false;
    }
    return true;
  }


  /** The variable whose storage a field/element chain is part of (undefined behind a pointer or slice). */
  protected storageRoot(e: Ast.Expr): Symbol | undefined {
    switch (e.kind) {
      case 'paren':
        return this.storageRoot(e.inner);
      case 'name-expr':
        return this.refs.get(e.name.id);
      case 'member':
        return this.types.get(e.object.id)?.kind === 'struct' ? this.storageRoot(e.object) : undefined;
      case 'index':
        return this.types.get(e.object.id)?.kind === 'array' ? this.storageRoot(e.object) : undefined;
      default:
        return undefined;
    }
  }

}
