// Statements and control flow: blocks, declarations, if/while/for/switch, break/continue,
// return (checked against the declared type, or inferring it), defer, using, push_context.
// Each statement says whether control can continue after it, for missing-return and
// unreachable-code diagnostics.

import type { Ast } from '../../syntax';
import { Code } from '../codes';
import { commonType } from '../conversions';
import type { EnumSymbol } from '../symbols';
import { defaultType, isPoison, T, typeToString, type Type } from '../types';
import { CallChecker } from './calls';
import { type Loop } from './base';
import { localRoleWord } from '../symbols';

const RANGE_NOT_A_VALUE = 'a range is not a value: it is for `for` loops and slices';

/**
 * An expression statement that computes nothing observable: a name, a literal or a range
 * (`x;`, `add;`, `1;`). Operators, indexing and calls are not counted: they may fail at run
 * time or call something. The elaborator leaves such a statement out.
 */
export function hasNoEffect(e: Ast.Expr): boolean {
  let inner = e;
  while (inner.kind === 'paren') inner = inner.inner;
  switch (inner.kind) {
    case 'name-expr':
    case 'int':
    case 'float':
    case 'string':
    case 'char':
    case 'bool':
    case 'null':
    case 'range':
    case 'context':
    case 'type-value':
      return true;
    default:
      return false;
  }
}

export abstract class StatementChecker extends CallChecker {
  // ------------------------------------------------------------------ statements

  /**
   * Checks a block's statements in a new scope. Returns whether control can reach its end.
   * `scoped` false means the caller already opened the scope (a function body shares the
   * scope of its parameters).
   */
  protected blockBody(block: Ast.Block, scoped = true): boolean {
    const run = () => {
      this.hoist(block.statements);
      let falls = true;
      let warned = false;
      for (const statement of block.statements) {
        if (!falls && !warned && statement.kind !== 'empty' && statement.kind !== 'decl-stmt' && statement.kind !== 'unreachable') {
          this.report(Code.Unreachable, statement, 'unreachable code', { severity: 'warning', unnecessary: true });
          warned = true;
        }
        const statementFalls = this.statement(statement);
        if (statement.kind !== 'decl-stmt') falls = falls && statementFalls;
      }
      return falls;
    };
    return scoped ? this.withBlock(block.span, undefined, run) : run();
  }

  /** Checks a statement; returns whether control can continue after it. */
  protected statement(s: Ast.Stmt): boolean {
    switch (s.kind) {
      case 'block':
        return this.blockBody(s);
      case 'expr-stmt':
        return this.exprStatement(s.expr);
      case 'local':
        this.localDecl(s.decl);
        return true;
      case 'decl-stmt':
        this.nestedDecl(s.decl);
        return true;
      case 'if': {
        this.condition(s.condition);
        const thenFalls = this.blockBody(s.then);
        if (!s.otherwise) return true;
        const elseFalls = s.otherwise.kind === 'if' ? this.statement(s.otherwise) : this.blockBody(s.otherwise);
        return thenFalls || elseFalls;
      }
      case 'while': {
        this.condition(s.condition);
        const loop = this.loop(() => this.blockBody(s.body));
        // `while true` without a break never ends normally.
        const forever = s.condition.kind === 'bool' && s.condition.value;
        return !forever || loop.hasBreak;
      }
      case 'for':
        this.forStmt(s);
        return true;
      case 'switch':
        return this.switchStmt(s);
      case 'break':
      case 'continue': {
        const fn = this.fn;
        const deferMark = fn?.deferMarks[fn.deferMarks.length - 1];
        if (!fn || fn.loops.length === 0) {
          this.report(Code.LoopControl, s, `'${s.kind}' is only allowed inside a loop`);
        } else if (deferMark !== undefined && fn.loops.length <= deferMark) {
          this.report(Code.ReturnInDefer, s, `'${s.kind}' is not allowed to leave a 'defer'`);
        } else if (s.kind === 'break') {
          fn.loops[fn.loops.length - 1]!.hasBreak = true;
        }
        return false;
      }
      case 'return':
        this.returnStmt(s);
        return false;
      case 'defer': {
        const fn = this.fn;
        fn?.deferMarks.push(fn.loops.length);
        if (s.body.kind === 'block') this.blockBody(s.body);
        else this.exprStatement(s.body.expr);
        fn?.deferMarks.pop();
        return true;
      }
      case 'using':
        this.usingStmt(s);
        return true;
      case 'unreachable':
        return false;
      case 'push-context': {
        const context = this.host.contextType();
        if (context) this.expectType(s.value, context);
        else this.expr(s.value);
        return this.blockBody(s.body);
      }
      case 'empty':
        return true;
      case 'error-stmt':
        this.quiet++;
        for (const e of s.exprs) this.expr(e);
        this.quiet--;
        return true;
    }
  }

  protected loop(body: () => void): Loop {
    const loop: Loop = { hasBreak: false };
    const fn = this.fn;
    fn?.loops.push(loop);
    body();
    fn?.loops.pop();
    return loop;
  }

  protected exprStatement(e: Ast.Expr): boolean {
    const type = this.expr(e);
    if (type.kind === 'range') this.report(Code.NotAValue, e, RANGE_NOT_A_VALUE);
    else if (type.kind === 'type' || type.kind === 'module') this.concrete(type, e);
    else if (hasNoEffect(e) && !isPoison(type)) this.report(Code.NoEffect, e, 'this expression has no effect', { severity: 'warning', unnecessary: true });
    // `panic(...)` never returns.
    if (e.kind === 'call') {
      const chosen = this.calls.get(e.id)?.chosen;
      if (chosen?.foreign === 'builtin' && chosen.name === 'panic') return false;
    }
    return true;
  }

  protected condition(e: Ast.Expr): void {
    this.expectType(e, T.bool);
  }

  protected localDecl(decl: Ast.VarDecl | Ast.ConstDecl): void {
    const declared = decl.type ? this.resolveType(decl.type) : undefined;
    let type: Type;
    if (decl.value) {
      if (declared) this.expectType(decl.value, declared); // the declared type stands (see checkGlobal)
      const valueType = declared ? undefined : this.expr(decl.value);
      if (valueType?.kind === 'range') this.report(Code.NotAValue, decl.value, RANGE_NOT_A_VALUE);
      type = declared ?? (valueType?.kind === 'range' ? T.error : this.concrete(valueType!, decl.value));
    } else if (declared) {
      type = declared;
    } else {
      this.report(Code.CannotInfer, decl.name, `cannot infer the type of '${decl.name.text}': give it a type or a value`);
      type = T.error;
    }
    const value = decl.kind === 'const' && decl.value ? this.constValue(decl.value) : undefined;
    this.declareLocal(decl.name, decl.kind === 'const' ? 'const' : 'var', type, this.fn?.decl, { value });
  }

  protected nestedDecl(decl: Ast.FunctionDecl | Ast.StructDecl | Ast.EnumDecl): void {
    if (decl.kind === 'function') {
      const ret = this.checkFunction(decl, { kind: 'declared' });
      const symbol = this.refs.get(decl.name.id);
      if (symbol?.kind === 'function' && !decl.returnType) this.localSignatures.set(symbol, { ...this.signatureOf(symbol), ret });
    } else if (decl.kind === 'struct') {
      this.checkStructDecl(decl);
    } else {
      this.checkEnumDecl(decl);
    }
  }

  protected forStmt(s: Ast.ForStmt): void {
    const iterable = this.concrete(this.expr(s.iterable), s.iterable);
    let element: Type = T.error;
    switch (iterable.kind) {
      case 'range':
        element = iterable.element;
        break;
      case 'array':
      case 'slice':
        element = iterable.element;
        break;
      case 'string':
        element = T.char;
        break;
      case 'pointer':
        if (iterable.to.kind === 'array') element = iterable.to.element;
        else this.report(Code.NotIterable, s.iterable, `cannot iterate over a value of type ${typeToString(iterable)}`);
        break;
      default:
        if (!isPoison(iterable)) this.report(Code.NotIterable, s.iterable, `cannot iterate over a value of type ${typeToString(iterable)}`);
    }
    this.withBlock(s.span, undefined, () => {
      if (s.index) this.declareLocal(s.index, 'loop', T.i64, this.fn?.decl);
      this.declareLocal(s.item, 'loop', element, this.fn?.decl);
      this.loop(() => this.blockBody(s.body));
    });
  }

  protected switchStmt(s: Ast.SwitchStmt): boolean {
    const valueType = this.concrete(this.expr(s.value), s.value);
    const enumSymbol = valueType.kind === 'enum' ? valueType.symbol : undefined;
    const handled = new Map<string, Ast.Expr>();
    const ranges: { lo: bigint; hi: bigint }[] = [];
    const inRange = (value: bigint) => ranges.some((r) => r.lo <= value && value <= r.hi);
    let falls = false;
    for (const c of s.cases) {
      for (const v of c.values) {
        if (v.kind === 'range') {
          if (!isPoison(valueType) && valueType.kind !== 'int') this.report(Code.Mismatch, v, `a range case needs an integer switch value, not ${typeToString(valueType)}`);
          this.expectType(v.start, valueType);
          this.expectType(v.end, valueType);
          this.types.set(v.id, { kind: 'range', element: valueType });
          const lo = this.constValue(v.start);
          const end = this.constValue(v.end);
          if (lo !== undefined && end !== undefined) {
            const hi = v.inclusive ? end : end - 1n;
            const overlap = [...handled.keys()].some((k) => /^-?\d+$/.test(k) && BigInt(k) >= lo && BigInt(k) <= hi) || ranges.some((r) => r.lo <= hi && lo <= r.hi);
            if (overlap) this.report(Code.DuplicateCase, v, `'${this.exprText(v.start)}..${v.inclusive ? '=' : ''}${this.exprText(v.end)}' overlaps an earlier case`);
            ranges.push({ lo, hi });
          }
          continue;
        }
        this.expectType(v, valueType);
        const key = this.caseKey(v, enumSymbol);
        if (key === undefined) continue;
        const earlier = handled.get(key) ?? (/^-?\d+$/.test(key) && inRange(BigInt(key)) ? v : undefined);
        if (earlier) this.report(Code.DuplicateCase, v, `'${key}' is already handled by an earlier case`);
        else handled.set(key, v);
      }
      if (this.blockBody(c.body)) falls = true;
    }
    if (s.otherwise) {
      if (this.blockBody(s.otherwise.body)) falls = true;
      return falls;
    }
    if (enumSymbol) {
      const missing = this.membersOf(enumSymbol).filter((m) => !handled.has(m.name)).map((m) => m.name);
      if (missing.length > 0) {
        this.report(Code.NonExhaustive, s.value, `switch over '${enumSymbol.name}' does not handle ${missing.join(', ')}`);
        return true;
      }
      return falls;
    }
    if (valueType.kind === 'bool' && handled.has('true') && handled.has('false')) return falls;
    return true; // a value no case matches goes past the switch
  }

  /** A key identifying a case value's constant, for duplicate detection. */
  protected caseKey(v: Ast.Expr, enumSymbol: EnumSymbol | undefined): string | undefined {
    if (enumSymbol) {
      const ref = v.kind === 'implicit-member' ? this.refs.get(v.member.id) : v.kind === 'member' ? this.refs.get(v.member.id) : undefined;
      return ref?.kind === 'enum-member' ? ref.name : undefined;
    }
    if (v.kind === 'string') return JSON.stringify(v.value);
    if (v.kind === 'bool') return String(v.value);
    const value = this.constValue(v);
    return value === undefined ? undefined : String(value);
  }

  protected returnStmt(s: Ast.ReturnStmt): void {
    const fn = this.fn;
    if (!fn) return;
    if (fn.deferMarks.length > 0) this.report(Code.ReturnInDefer, s, "'return' is not allowed inside 'defer'");
    if (fn.declared !== undefined) {
      if (s.value) {
        if (fn.declared.kind === 'void') {
          this.expr(s.value);
          this.report(Code.ReturnValue, s.value, `'${fn.name}' returns nothing; remove the value or declare '-> T'`);
        } else {
          this.expectType(s.value, fn.declared);
        }
      } else if (fn.declared.kind !== 'void' && !isPoison(fn.declared)) {
        this.report(Code.ReturnValue, s, `'${fn.name}' must return a value of type ${typeToString(fn.declared)}`);
      }
      return;
    }
    // Inferring: every return must agree with the ones before it.
    if (!s.value) {
      if (fn.sawValueReturn) this.report(Code.ReturnValue, s, `'${fn.name}' must return a value of type ${typeToString(defaultType(fn.inferred ?? T.void))}`);
      fn.sawEmptyReturn = true;
      return;
    }
    if (fn.sawEmptyReturn) {
      this.expr(s.value);
      this.report(Code.ReturnValue, s.value, `'${fn.name}' returns nothing; remove the value or declare '-> T'`);
      return;
    }
    fn.sawValueReturn = true;
    if (fn.inferred === undefined) {
      const type = this.expr(s.value);
      if (type.kind === 'void') this.report(Code.VoidValue, s.value, 'this expression has no value');
      fn.inferred = this.concrete(type, s.value);
      return;
    }
    const type = this.expr(s.value);
    const common = commonType(fn.inferred, type);
    if (!common) {
      if (!isPoison(type) && !isPoison(fn.inferred)) this.report(Code.Mismatch, s.value, `type mismatch: expected ${typeToString(fn.inferred)}, found ${typeToString(type)}`);
      return;
    }
    fn.inferred = defaultType(common);
  }

  /**
   * Whether `using` may bring `name` into the block: not when the block already has it (from
   * another `using` or a declaration), nor when it would hide a local or parameter of the
   * function (a name's meaning would change silently). Reports why not.
   */
  private usingMayBring(s: Ast.UsingStmt, name: string): boolean {
    const scope = this.blocks[this.blocks.length - 1]!;
    const here = scope.names.get(name);
    if (here) {
      const what = here.kind === 'using-field' || here.kind === 'using-member' ? `an earlier 'using' brought it in` : 'the block declares it';
      this.report(Code.Duplicate, s.value, `'using' brings in '${name}' twice: ${what}`);
      return false;
    }
    const outer = this.findLocal(name);
    if (outer?.kind === 'local' && outer.fn === this.fn) {
      const role = localRoleWord(outer.symbol, { loop: 'variable' });
      this.report(Code.Shadowing, s.value, `'using' brings in '${name}', which would hide the ${role} '${name}'`, { related: [this.related(outer.symbol, 'declared here')] });
      return false;
    }
    return true;
  }

  protected usingStmt(s: Ast.UsingStmt): void {
    const type = this.expr(s.value);
    const scope = this.blocks[this.blocks.length - 1]!;
    if (type.kind === 'type' && type.type.kind === 'enum') {
      for (const member of this.membersOf(type.type.symbol)) {
        if (!this.usingMayBring(s, member.name)) continue;
        scope.names.set(member.name, { kind: 'using-member', member });
        scope.record.entries.push({ symbol: member, from: s.span.end });
      }
      return;
    }
    const structType = type.kind === 'pointer' && type.to.kind === 'struct' ? type.to : type;
    const base = s.value.kind === 'name-expr' ? this.refs.get(s.value.name.id) : undefined;
    if (structType.kind === 'struct' && (base?.kind === 'local' || base?.kind === 'global')) {
      for (const field of this.fieldsOf(structType.symbol)) {
        if (!this.usingMayBring(s, field.name)) continue;
        scope.names.set(field.name, { kind: 'using-field', base, field });
        scope.record.entries.push({ symbol: field, from: s.span.end });
      }
      return;
    }
    if (!isPoison(type)) this.report(Code.Mismatch, s.value, `'using' takes a struct variable or an enum type, not ${typeToString(type)}`);
  }
}
