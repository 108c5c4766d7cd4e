// Elaboration of one function body (or one global's initialiser): the AST read together with
// the checker's results for it (types, resolved names and calls), into the elaborated form of
// program.ts. Where a value meets the type it must have (an argument, a field, a variable, an
// operand), `coerce` makes the implicit conversion explicit, so the checker's rules of
// conversions.ts are applied here again only to say *how* a value converts, never *whether*:
// a conversion the checker did not allow is an internal error.

import type { Ast, LoweredItem } from '../../syntax';
import type { CallInfo, ItemCheck } from '../check/host';
import { foldConstant } from '../check/constants';
import { hasNoEffect } from '../check/statements';
import { commonType, convert, integerToF32, literalToCString } from '../conversions';
import type {
  EnumMemberSymbol, EnumSymbol, FieldSymbol, FunctionSymbol, GlobalSymbol, LocalSymbol,
  StructSymbol,
} from '../symbols';
import { defaultType, isNumeric, sameType, sliceOf, T, typeToString, type FunctionType, type Type } from '../types';
import type {
  BinaryOp, BuiltinName, ElabBlock, ElabExpr, ElabLocal, ElabStmt, FunctionKey, Span, SwitchCase,
  SwitchPattern,
} from './program';

/** What a body needs from the program being built. */
export interface ProgramContext {
  /** The key of a Zolt function (an instantiation for a generic one), reached from `from`. */
  functionKey(fn: FunctionSymbol, instance: readonly Type[] | undefined, from: BodyOwner): FunctionKey;
  foreignKey(fn: FunctionSymbol): FunctionKey;
  globalKey(symbol: GlobalSymbol): string;
  /** A global's value when it is an integer constant. */
  constantValue(symbol: GlobalSymbol): bigint | undefined;
  globalType(symbol: GlobalSymbol): Type;
  fieldType(field: FieldSymbol): Type;
  memberValue(member: EnumMemberSymbol): bigint;
  enumBacking(symbol: EnumSymbol): Type;
  /** The default value of a struct's field, elaborated, or undefined. */
  fieldDefault(field: FieldSymbol): ElabExpr | undefined;
  sizeOf(type: Type): number;
  contextType(): Type;
}

/** The function (or global) whose body is being elaborated, and the check that has its facts. */
export interface BodyOwner {
  readonly key: string;
  /** The key of the top-level function (or instance) whose check this is (nested functions' keys start with it). */
  readonly topKey: string;
  readonly item: LoweredItem;
  readonly check: ItemCheck;
}

export class ElaborationError extends Error {}

const COMPARISONS: ReadonlySet<string> = new Set(['==', '!=', '<', '<=', '>', '>=']);

export class BodyElaborator {
  private readonly locals: ElabLocal[] = [];
  private readonly localOf = new Map<LocalSymbol, ElabLocal>();
  private returnType: Type = T.void;

  constructor(
    private readonly program: ProgramContext,
    private readonly owner: BodyOwner,
  ) {}

  private get check(): ItemCheck {
    return this.owner.check;
  }

  /** The elaborated parameters, locals and body of a function. */
  functionBody(decl: Ast.FunctionDecl, ret: Type): { params: ElabLocal[]; locals: ElabLocal[]; body: ElabBlock } {
    this.returnType = ret;
    const params = decl.params.map((p) => this.declare(p.name, 'param'));
    const body = decl.body ? this.block(decl.body) : { kind: 'block' as const, statements: [], span: this.span(decl) };
    return { params, locals: this.locals, body };
  }

  /** A global's initialiser, converted to the global's type. */
  initialiser(value: Ast.Expr, type: Type): ElabExpr {
    return this.coerce(this.expr(value, type), type);
  }

  // ------------------------------------------------------------------ helpers

  private span(node: { span: Ast.Span }): Span {
    const base = this.owner.item.start;
    return { start: base + node.span.start, end: base + node.span.end };
  }

  private fail(node: { span: Ast.Span }, what: string): never {
    throw new ElaborationError(`${what} (at offset ${this.span(node).start} of ${this.owner.key})`);
  }

  /** The type the checker gave an expression, made concrete: literals take `expected` or their default. */
  private typeOf(e: Ast.Expr, expected?: Type): Type {
    const recorded = this.check.types.get(e.id);
    if (!recorded) return this.fail(e, 'an expression the checker did not type');
    if (recorded.kind === 'untyped-int') return expected && (isNumeric(expected) || expected.kind === 'enum') ? expected : T.i64;
    if (recorded.kind === 'untyped-float') return expected?.kind === 'float' ? expected : T.f64;
    if (recorded.kind === 'null') return expected && (expected.kind === 'pointer' || expected.kind === 'function') ? expected : T.null;
    return recorded;
  }

  private declare(name: Ast.Name, kind: ElabLocal['kind']): ElabLocal {
    const symbol = this.check.refs.get(name.id);
    if (symbol?.kind !== 'local') return this.fail(name, `no local for '${name.text}'`);
    const local: ElabLocal = { id: this.locals.length, name: name.text, type: symbol.type, mutable: kind === 'var', kind, span: this.span(name) };
    this.locals.push(local);
    this.localOf.set(symbol, local);
    return local;
  }

  private constant(e: Ast.Expr): bigint | undefined {
    return foldConstant(e, {
      name: (name) => {
        const symbol = this.check.refs.get(name.id);
        if (symbol?.kind === 'local' && symbol.role === 'const') return symbol.value;
        if (symbol?.kind === 'global' && symbol.constant) return this.program.constantValue(symbol);
        if (symbol?.kind === 'enum-member') return this.program.memberValue(symbol);
        return undefined;
      },
      type: (node) => this.check.types.get(node.id),
    });
  }

  /** An integer constant of a type: an `int` node, or a `float` one for a float type. */
  private literal(value: bigint, type: Type, span: Span): ElabExpr {
    if (type.kind === 'float') return { kind: 'float', value: type.bits === 32 ? integerToF32(value) : Number(value), type, span };
    return { kind: 'int', value, type, span };
  }

  /**
   * `value` as a value of `target`: unchanged when it has that type, a literal retyped (the
   * checker checked that it fits), or an implicit conversion.
   */
  coerce(value: ElabExpr, target: Type): ElabExpr {
    if (sameType(value.type, target)) return value;
    if (value.kind === 'int' && (target.kind === 'int' || target.kind === 'enum' || target.kind === 'float')) return this.literal(value.value, target, value.span);
    if (value.kind === 'float' && target.kind === 'float') return { ...value, type: target, value: target.bits === 32 ? Math.fround(value.value) : value.value };
    if (value.kind === 'null' && (target.kind === 'pointer' || target.kind === 'function')) return { ...value, type: target };
    if (value.kind === 'zero') return { ...value, type: target };
    if (value.kind === 'string' && target.kind === 'pointer') return { kind: 'convert', value, implicit: true, type: target, span: value.span };
    if (convert(value.type, target).ok) return { kind: 'convert', value, implicit: true, type: target, span: value.span };
    throw new ElaborationError(`no implicit conversion from ${typeToString(value.type)} to ${typeToString(target)} (at offset ${value.span.start} of ${this.owner.key})`);
  }

  /** An expression converted to `target` (the checker's types decide literals). */
  private expect(e: Ast.Expr, target: Type): ElabExpr {
    const value = this.expr(e, target);
    if (value.type.kind === 'string' && target.kind === 'pointer' && !literalToCString(e, target).ok) this.fail(e, 'a string value where a pointer is expected');
    return this.coerce(value, target);
  }

  private index64(e: Ast.Expr): ElabExpr {
    return this.coerceInteger(this.expr(e, T.i64), T.i64);
  }

  /** An integer of any type, as an i64 (indexes, bounds): the conversion may be a cast. */
  private coerceInteger(value: ElabExpr, target: Type): ElabExpr {
    if (sameType(value.type, target)) return value;
    if (value.kind === 'int') return { ...value, type: target };
    return { kind: 'convert', value, implicit: !(value.type.kind === 'int' && value.type.name === 'u64'), type: target, span: value.span };
  }

  // ------------------------------------------------------------------ statements

  private block(block: Ast.Block): ElabBlock {
    const statements: ElabStmt[] = [];
    for (const s of block.statements) {
      const elaborated = this.statement(s);
      if (elaborated) statements.push(elaborated);
    }
    return { kind: 'block', statements, span: this.span(block) };
  }

  private statement(s: Ast.Stmt): ElabStmt | undefined {
    const span = this.span(s);
    switch (s.kind) {
      case 'block':
        return this.block(s);
      case 'expr-stmt':
        return this.exprStatement(s.expr, span);
      case 'local': {
        const local = this.declare(s.decl.name, s.decl.kind === 'const' ? 'const' : 'var');
        return { kind: 'let', local, init: s.decl.value ? this.expect(s.decl.value, local.type) : undefined, span };
      }
      case 'decl-stmt':
        return undefined; // nested functions are elaborated when reached; types need no code
      case 'if':
        return {
          kind: 'if', condition: this.expect(s.condition, T.bool), then: this.block(s.then),
          otherwise: s.otherwise ? (s.otherwise.kind === 'if' ? this.wrap(this.statement(s.otherwise)!, s.otherwise) : this.block(s.otherwise)) : undefined, span,
        };
      case 'while':
        return { kind: 'while', condition: this.expect(s.condition, T.bool), body: this.block(s.body), span };
      case 'for':
        return this.forStatement(s, span);
      case 'switch':
        return this.switchStatement(s, span);
      case 'break':
        return { kind: 'break', span };
      case 'continue':
        return { kind: 'continue', span };
      case 'return':
        return { kind: 'return', value: s.value ? this.expect(s.value, this.returnType) : undefined, span };
      case 'defer':
        return { kind: 'defer', body: s.body.kind === 'block' ? this.block(s.body) : this.exprStatement(s.body.expr, this.span(s.body)), span };
      case 'using':
      case 'empty':
        return undefined;
      case 'unreachable':
        return { kind: 'unreachable', span };
      case 'push-context':
        return { kind: 'push-context', value: this.expect(s.value, this.program.contextType()), body: this.block(s.body), span };
      case 'error-stmt':
        return this.fail(s, 'a syntax error');
    }
  }

  private wrap(statement: ElabStmt, node: { span: Ast.Span }): ElabBlock {
    return { kind: 'block', statements: [statement], span: this.span(node) };
  }

  private exprStatement(e: Ast.Expr, span: Span): ElabStmt {
    let inner = e;
    while (inner.kind === 'paren') inner = inner.inner;
    // A statement the checker warned has no effect (`x;`, `add;`) is left out: it may name
    // something that is not a value of its own (a function, a range).
    if (hasNoEffect(e)) return { kind: 'block', statements: [], span };
    if (inner.kind !== 'assign') return { kind: 'expr', expr: this.expr(e), span };
    const target = this.expr(inner.target);
    if (inner.operator === '=') return { kind: 'assign', target, value: this.expect(inner.value, target.type), span };
    const op = inner.operator.slice(0, -1) as BinaryOp;
    const value = op === '<<' || op === '>>' ? this.expr(inner.value, T.u64) : this.expect(inner.value, target.type);
    return { kind: 'compound', op, target, value, span };
  }

  private forStatement(s: Ast.ForStmt, span: Span): ElabStmt {
    let iterable = s.iterable;
    while (iterable.kind === 'paren') iterable = iterable.inner;
    const index = s.index ? this.declare(s.index, 'loop') : undefined;
    if (iterable.kind === 'range') {
      const item = this.declare(s.item, 'loop');
      const start = this.expect(iterable.start, item.type);
      const end = this.expect(iterable.end, item.type);
      return { kind: 'for-range', index, item, start, end, inclusive: iterable.inclusive, body: this.block(s.body), span };
    }
    let value = this.expr(s.iterable);
    if (value.type.kind === 'pointer' && value.type.to.kind === 'array') value = { kind: 'deref', pointer: value, type: value.type.to, span: value.span };
    const item = this.declare(s.item, 'loop');
    return { kind: 'for-each', index, item, iterable: value, body: this.block(s.body), span };
  }

  private switchStatement(s: Ast.SwitchStmt, span: Span): ElabStmt {
    const value = this.expr(s.value);
    const cases: SwitchCase[] = s.cases.map((c) => {
      const patterns: SwitchPattern[] = c.values.map((v) => {
        if (v.kind === 'range') {
          const lo = this.constant(v.start);
          const end = this.constant(v.end);
          if (lo === undefined || end === undefined) return this.fail(v, 'a case range that is not constant');
          return { kind: 'range', lo, hi: v.inclusive ? end : end - 1n };
        }
        return { kind: 'value', value: this.expect(v, value.type) };
      });
      return { patterns, body: this.block(c.body) };
    });
    return { kind: 'switch', value, cases, otherwise: s.otherwise ? this.block(s.otherwise.body) : undefined, span };
  }

  // ------------------------------------------------------------------ expressions

  expr(e: Ast.Expr, expected?: Type): ElabExpr {
    const span = this.span(e);
    switch (e.kind) {
      case 'paren':
        return this.expr(e.inner, expected);
      case 'name-expr':
        return this.name(e.name, e, expected);
      case 'int':
        return this.literal(e.value ?? 0n, this.typeOf(e, expected), span);
      case 'float': {
        const type = this.typeOf(e, expected);
        return { kind: 'float', value: type.kind === 'float' && type.bits === 32 ? Math.fround(e.value) : e.value, type, span };
      }
      case 'string':
        return { kind: 'string', value: e.value, type: T.string, span };
      case 'char':
        return { kind: 'int', value: BigInt(e.value ?? 0), type: this.typeOf(e, expected), span };
      case 'bool':
        return { kind: 'bool', value: e.value, type: T.bool, span };
      case 'null':
        return { kind: 'null', type: this.typeOf(e, expected), span };
      case 'context':
        return { kind: 'context', type: this.program.contextType(), span };
      case 'binary':
        return this.binary(e, expected, span);
      case 'unary':
        return this.unary(e, expected, span);
      case 'cast': {
        const type = this.typeOf(e);
        const value = this.expr(e.value, isNumeric(type) ? type : undefined);
        if (sameType(value.type, type)) return value;
        if (value.kind === 'int' && (type.kind === 'int' || type.kind === 'enum' || type.kind === 'float')) {
          const folded = this.constant(e);
          if (folded !== undefined || type.kind === 'float') return this.literal(folded ?? value.value, type, span);
        }
        return { kind: 'convert', value, implicit: false, type, span };
      }
      case 'call':
        return this.call(e, span);
      case 'index': {
        let object = this.expr(e.object);
        if (object.type.kind === 'pointer' && object.type.to.kind === 'array') object = { kind: 'deref', pointer: object, type: object.type.to, span: object.span };
        return { kind: 'index', object, index: this.index64(e.index), type: this.typeOf(e), span };
      }
      case 'slice': {
        let object = this.expr(e.object);
        if (object.type.kind === 'pointer' && object.type.to.kind === 'array') object = { kind: 'deref', pointer: object, type: object.type.to, span: object.span };
        const bound = (b: Ast.Expr | undefined) => (b ? this.index64(b) : undefined);
        return { kind: 'slice', object, start: bound(e.start), end: bound(e.end), step: bound(e.step), type: this.typeOf(e), span };
      }
      case 'member':
        return this.member(e, span);
      case 'implicit-member': {
        const member = this.check.refs.get(e.member.id);
        if (member?.kind !== 'enum-member') return this.fail(e, 'an enum member the checker did not resolve');
        return { kind: 'int', value: this.program.memberValue(member), type: member.owner.type, span };
      }
      case 'struct-literal':
        return this.structLiteral(e, span);
      case 'array-literal': {
        const type = this.typeOf(e, expected);
        if (type.kind === 'slice') return { kind: 'zero', type, span }; // `[]` as a slice: empty
        if (type.kind !== 'array') return this.fail(e, 'an array literal that is not an array');
        return { kind: 'array', elements: e.elements.map((el) => this.expect(el, type.element)), type, span };
      }
      case 'assign':
        return this.fail(e, 'an assignment used as a value');
      case 'range':
        return this.fail(e, 'a range used as a value');
      case 'type-value':
        return this.fail(e, 'a type used as a value');
      case 'error-expr':
        return this.fail(e, 'a syntax error');
    }
  }

  private name(name: Ast.Name, e: Ast.Expr, expected: Type | undefined): ElabExpr {
    const span = this.span(e);
    const symbol = this.check.refs.get(name.id);
    switch (symbol?.kind) {
      case 'local': {
        if (symbol.role === 'const' && symbol.value !== undefined && (symbol.type.kind === 'int' || symbol.type.kind === 'enum')) {
          return { kind: 'int', value: symbol.value, type: symbol.type, span };
        }
        const local = this.localOf.get(symbol);
        if (!local) return this.fail(e, `the local '${symbol.name}' before its declaration`);
        return { kind: 'local', local, type: local.type, span };
      }
      case 'global':
        return this.globalValue(symbol, this.typeOf(e), span);
      case 'function':
        return { kind: 'function', fn: this.functionTarget(symbol, undefined), type: this.typeOf(e), span };
      case 'enum-member':
        return { kind: 'int', value: this.program.memberValue(symbol), type: symbol.owner.type, span };
      case 'field': {
        // A name that `using v;` brought in: `v.field`.
        const base = this.check.usingBases.get(name.id);
        if (!base) return this.fail(e, `a field '${symbol.name}' without its variable`);
        let object = base.kind === 'local' ? this.localValue(base, span) : this.globalValue(base, this.program.globalType(base), span);
        if (object.type.kind === 'pointer') object = { kind: 'deref', pointer: object, type: object.type.to, span };
        return { kind: 'field', object, index: symbol.index, name: symbol.name, type: this.program.fieldType(symbol), span };
      }
      default:
        void expected;
        return this.fail(e, `a name that is not a value: '${name.text}'`);
    }
  }

  private globalValue(symbol: GlobalSymbol, type: Type, span: Span): ElabExpr {
    const value = symbol.constant ? this.program.constantValue(symbol) : undefined;
    if (value !== undefined && (type.kind === 'int' || type.kind === 'enum')) return { kind: 'int', value, type, span };
    return { kind: 'global', global: this.program.globalKey(symbol), type, span };
  }

  private localValue(symbol: LocalSymbol, span: Span): ElabExpr {
    const local = this.localOf.get(symbol);
    if (!local) throw new ElaborationError(`the local '${symbol.name}' is not in scope (${this.owner.key})`);
    return { kind: 'local', local, type: local.type, span };
  }

  private functionTarget(fn: FunctionSymbol, instance: readonly Type[] | undefined): FunctionKey {
    return this.program.functionKey(fn, instance, this.owner);
  }

  private binary(e: Ast.BinaryExpr, expected: Type | undefined, span: Span): ElabExpr {
    const op = e.operator;
    if (op === '&&' || op === '||') {
      return { kind: 'logical', op, left: this.expect(e.left, T.bool), right: this.expect(e.right, T.bool), type: T.bool, span };
    }
    const recorded = this.check.types.get(e.id);
    if (recorded?.kind === 'untyped-int') {
      // Literal arithmetic, folded exactly by the checker's rules.
      const value = this.constant(e);
      if (value === undefined) return this.fail(e, 'a constant expression without a value');
      return this.literal(value, this.typeOf(e, expected), span);
    }
    if (op === '<<' || op === '>>') {
      const type = this.typeOf(e, expected);
      return { kind: 'binary', op, left: this.expect(e.left, type), right: this.expr(e.right, T.u64), type, span };
    }
    const leftType = this.check.types.get(e.left.id);
    const rightType = this.check.types.get(e.right.id);
    if (!leftType || !rightType) return this.fail(e, 'an operand the checker did not type');
    let common = commonType(leftType, rightType);
    if (!common) return this.fail(e, 'operands without a common type');
    const comparison = COMPARISONS.has(op);
    common = common.kind === 'untyped-int' || common.kind === 'untyped-float' ? (comparison ? defaultType(common) : this.typeOf(e, expected)) : common;
    if (common.kind === 'null') common = leftType.kind === 'null' ? rightType : leftType;
    const left = this.expect(e.left, common);
    const right = this.expect(e.right, common);
    return { kind: 'binary', op, left, right, type: comparison ? T.bool : common, span };
  }

  private unary(e: Ast.UnaryExpr, expected: Type | undefined, span: Span): ElabExpr {
    switch (e.operator) {
      case '-':
      case '~': {
        if (this.check.types.get(e.id)?.kind === 'untyped-int') {
          const value = this.constant(e);
          if (value === undefined) return this.fail(e, 'a constant expression without a value');
          return this.literal(value, this.typeOf(e, expected), span);
        }
        const type = this.typeOf(e, expected);
        const operand = this.expect(e.operand, type);
        if (operand.kind === 'float' && e.operator === '-') return { ...operand, value: -operand.value, span };
        return { kind: 'unary', op: e.operator, operand, type, span };
      }
      case '!':
        return { kind: 'unary', op: '!', operand: this.expect(e.operand, T.bool), type: T.bool, span };
      case '*': {
        const pointer = this.expr(e.operand);
        if (pointer.type.kind !== 'pointer') return this.fail(e, 'a dereference of a value that is not a pointer');
        return { kind: 'deref', pointer, type: pointer.type.to, span };
      }
      case '&': {
        const place = this.expr(e.operand);
        return { kind: 'address', place, type: this.typeOf(e), span };
      }
    }
  }

  private member(e: Ast.MemberExpr, span: Span): ElabExpr {
    const symbol = this.check.refs.get(e.member.id);
    if (symbol?.kind === 'enum-member') return { kind: 'int', value: this.program.memberValue(symbol), type: symbol.owner.type, span };
    if (symbol && (symbol.kind === 'function' || symbol.kind === 'global')) {
      return this.name(e.member, e, undefined); // a module member: geo.area, geo.ORIGIN
    }
    let object = this.expr(e.object);
    if (object.type.kind === 'pointer' && (object.type.to.kind === 'struct' || object.type.to.kind === 'array')) {
      object = { kind: 'deref', pointer: object, type: object.type.to, span: object.span };
    }
    if (symbol?.kind === 'field') {
      return { kind: 'field', object, index: symbol.index, name: symbol.name, type: this.program.fieldType(symbol), span };
    }
    if (e.member.text === 'len') return { kind: 'len', object, type: T.i64, span };
    if (e.member.text === 'data') return { kind: 'data', object, type: this.typeOf(e), span };
    return this.fail(e, `a member '${e.member.text}' the checker did not resolve`);
  }

  private structLiteral(e: Ast.StructLiteral, span: Span): ElabExpr {
    const type = this.typeOf(e);
    if (type.kind !== 'struct') return this.fail(e, 'a struct literal that is not a struct');
    const struct: StructSymbol = type.symbol;
    const named = e.fields.some((f) => f.name);
    const fields = struct.fields.map((field, index) => {
      const init = named ? e.fields.find((f) => f.name?.text === field.name) : e.fields[index];
      const fieldType = this.program.fieldType(field);
      if (init) return this.expect(init.value, fieldType);
      return this.program.fieldDefault(field) ?? { kind: 'zero' as const, type: fieldType, span };
    });
    return { kind: 'struct', fields, type, span };
  }

  // ------------------------------------------------------------------ calls

  private call(e: Ast.CallExpr, span: Span): ElabExpr {
    const info = this.check.calls.get(e.id);
    if (!info?.signature) return this.fail(e, 'a call the checker did not resolve');
    const fn = info.chosen;
    if (fn?.foreign === 'builtin') return this.builtin(e, fn, info, span);
    const signature = info.signature;
    const args = this.arguments(e, signature);
    const type = signature.ret;
    if (fn?.foreign) return { kind: 'call', target: { kind: 'foreign', fn: this.program.foreignKey(fn) }, args, type, span };
    if (fn) return { kind: 'call', target: { kind: 'function', fn: this.functionTarget(fn, fn.generic ? signature.params : undefined) }, args, type, span };
    return { kind: 'call', target: { kind: 'value', callee: this.expr(e.callee) }, args, type, span };
  }

  private arguments(e: Ast.CallExpr, signature: FunctionType): ElabExpr[] {
    return e.args.map((arg, i) => {
      const param = signature.params[i];
      return param ? this.expect(arg, param) : this.variadicArgument(arg);
    });
  }

  /**
   * An argument for a C variadic parameter, with C's default argument promotions: f32 becomes
   * f64; bool and integers narrower than 32 bits become i32 (signed or not, their value kept);
   * an enum becomes its backing integer, then likewise; a string literal becomes its `.data`.
   * Integer literals are i64 (write `%lld`, or `as i32` for `%d`).
   */
  private variadicArgument(arg: Ast.Expr): ElabExpr {
    const value = this.expr(arg);
    const span = value.span;
    let type = value.type;
    if (value.kind === 'string') return { kind: 'convert', value, implicit: true, type: { kind: 'pointer', to: T.u8 }, span };
    let result = value;
    if (type.kind === 'enum') {
      type = this.program.enumBacking(type.symbol);
      result = { kind: 'convert', value: result, implicit: true, type, span };
    }
    if (type.kind === 'float' && type.bits === 32) return { kind: 'convert', value: result, implicit: true, type: T.f64, span };
    if (type.kind === 'bool' || (type.kind === 'int' && type.bits < 32)) return { kind: 'convert', value: result, implicit: true, type: T.i32, span };
    return result;
  }

  private builtin(e: Ast.CallExpr, fn: FunctionSymbol, info: CallInfo, span: Span): ElabExpr {
    const name = fn.name as BuiltinName | 'size_of';
    const type = this.typeOf(e);
    const valueArgs = () => e.args.map((arg) => this.expr(arg));
    switch (name) {
      case 'size_of': {
        const t = this.typeArgument(e.args[0]!);
        return { kind: 'int', value: BigInt(this.program.sizeOf(t)), type: T.i64, span };
      }
      case 'alloc': {
        const element = this.typeArgument(e.args[0]!);
        return { kind: 'builtin', name, args: [this.index64(e.args[1]!)], typeArg: element, type: sliceOf(element), span };
      }
      case 'print':
      case 'println':
      case 'eprint':
      case 'eprintln':
      case 'free':
        return { kind: 'builtin', name, args: valueArgs(), typeArg: undefined, type, span };
      case 'copy': {
        const [dst, src] = valueArgs().map((a) => (a.type.kind === 'array' ? this.coerce(a, sliceOf(a.type.element)) : a));
        return { kind: 'builtin', name, args: [dst!, src!], typeArg: undefined, type: T.i64, span };
      }
      default: {
        const signature = info.signature!;
        return { kind: 'builtin', name, args: this.arguments(e, signature), typeArg: undefined, type: signature.ret, span };
      }
    }
  }

  private typeArgument(e: Ast.Expr): Type {
    const t = this.check.types.get(e.id);
    if (t?.kind !== 'type') return this.fail(e, 'a builtin without its type argument');
    return t.type;
  }
}
