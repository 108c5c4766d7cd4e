// Expressions: names, literals and the implicit conversions where a value meets the type it
// must have (coerce, settle), members, indexing and slicing, casts, struct and array literals.

import { returnsValue, type Ast } from '../../syntax';
import { Code } from '../codes';
import { commonType, convert, fitsIn, isCStringPointer, literalToCString, rangeMessage } from '../conversions';
import type { Binding } from '../scope';
import type { FieldSymbol, FunctionSymbol } from '../symbols';
import {
  defaultType, isNumeric, isPoison, pointerTo, PRIMITIVES, sameType, sliceOf, T, typeToString,
  untypedInt, type FunctionType, type Type,
} from '../types';
import { ScopeChecker } from './scopes';
import { MAX_EXPR_DEPTH, type LocalEntry } from './base';

export abstract class ExpressionChecker extends ScopeChecker {
  // ------------------------------------------------------------------ expressions

  /** Checks `e` against the type it must have; returns that type (or the error type). */
  expectType(e: Ast.Expr, target: Type): Type {
    if (e.kind === 'implicit-member' || (e.kind === 'array-literal' && e.elements.length === 0) || e.kind === 'null') {
      return this.deferred(e, target);
    }
    const actual = this.expr(e, target);
    return this.coerce(e, actual, target);
  }

  /** Converts a checked expression's type to `target`, reporting a mismatch. */
  protected coerce(e: Ast.Expr, actual: Type, target: Type): Type {
    if (isPoison(actual) || isPoison(target)) return target;
    if (actual.kind === 'overloads' && target.kind === 'function') return this.pickFunction(e, actual, target) ?? T.error;
    if (actual.kind === 'void') {
      this.report(Code.VoidValue, e, this.voidMessage(e));
      return T.error;
    }
    if (literalToCString(e, target).ok) return target;
    const conversion = convert(actual, target);
    if (conversion.ok) {
      this.settle(e, target);
      return target;
    }
    if (conversion.outOfRange) this.report(Code.OutOfRange, e, conversion.outOfRange);
    else this.report(Code.Mismatch, e, `type mismatch: expected ${typeToString(target)}, found ${typeToString(this.valueType(actual))}${this.cStringHint(e, actual, target)}`);
    return T.error;
  }

  /** A string value where C wants a pointer: the way out is its `.data` (only a literal is known to end in NUL). */
  private cStringHint(e: Ast.Expr, actual: Type, target: Type): string {
    if (actual.kind !== 'string' || !isCStringPointer(target)) return '';
    const text = this.exprText(e);
    return `; pass ${text === 'this' ? 'its' : text}.data (only a string literal converts: it ends in NUL)`;
  }

  protected voidMessage(e: Ast.Expr): string {
    if (e.kind === 'call') {
      const chosen = this.calls.get(e.id)?.chosen;
      if (chosen) return `'${chosen.name}' returns nothing; its result cannot be used`;
    }
    return 'this expression has no value';
  }

  /** Records `target` as the type of an untyped literal expression (and its untyped parts). */
  protected settle(e: Ast.Expr, target: Type): void {
    const current = this.types.get(e.id);
    if (!current || (current.kind !== 'untyped-int' && current.kind !== 'untyped-float' && current.kind !== 'null')) return;
    this.types.set(e.id, target);
    if (e.kind === 'paren') this.settle(e.inner, target);
    else if (e.kind === 'unary') this.settle(e.operand, target);
    else if (e.kind === 'binary' && !['==', '!=', '<', '<=', '>', '>=', '&&', '||'].includes(e.operator)) {
      this.settle(e.left, target);
      if (e.operator !== '<<' && e.operator !== '>>') this.settle(e.right, target);
    }
  }

  /** Expressions whose type comes from where they are used: `.Member`, `[]`, `null`. */
  protected deferred(e: Ast.Expr, target: Type): Type {
    if (e.kind === 'null') {
      this.types.set(e.id, T.null);
      return this.coerce(e, T.null, target);
    }
    if (e.kind === 'array-literal') {
      this.types.set(e.id, target);
      if (target.kind === 'array' || target.kind === 'slice' || isPoison(target)) {
        if (target.kind === 'array' && target.length !== 0) this.report(Code.Mismatch, e, `type mismatch: expected ${typeToString(target)}, found [0]${typeToString(target.element)}`);
        return target;
      }
      this.report(Code.Mismatch, e, `type mismatch: expected ${typeToString(target)}, found an empty array literal`);
      return T.error;
    }
    const member = (e as Ast.ImplicitMemberExpr).member;
    if (target.kind === 'enum') {
      this.expectEnum(e, target.symbol);
      const found = this.membersOf(target.symbol).find((m) => m.name === member.text);
      if (found) {
        this.refs.set(member.id, found);
        this.types.set(e.id, target);
        return target;
      }
      if (!member.missing) this.report(Code.UndefinedMember, member, `enum '${target.symbol.name}' has no member '${member.text}'`);
      return T.error;
    }
    if (!isPoison(target)) this.report(Code.CannotInfer, e, `cannot tell which enum '.${member.text}' belongs to; write the enum's name before it`);
    return T.error;
  }

  /** A type usable as a value: literals take their default type; types and modules are errors. */
  concrete(t: Type, e: Ast.Expr): Type {
    switch (t.kind) {
      case 'untyped-int':
      case 'untyped-float': {
        const type = defaultType(t);
        this.settle(e, type);
        return type;
      }
      case 'null':
        this.report(Code.CannotInfer, e, "cannot infer the type of 'null' here; give the variable a pointer type");
        return T.error;
      case 'type':
        this.report(Code.NotAValue, e, `'${this.exprText(e)}' is a type, not a value`);
        return T.error;
      case 'module':
        this.report(Code.NotAValue, e, `'${t.symbol.name}' is a module, not a value`);
        return T.error;
      case 'overloads':
        return this.pickFunction(e, t, undefined) ?? T.error;
      case 'void':
        this.report(Code.VoidValue, e, this.voidMessage(e));
        return T.error;
      default:
        return t;
    }
  }

  /** The type to show in messages for a checked expression's type. */
  protected valueType(t: Type): Type {
    if (t.kind === 'overloads' && t.candidates.length === 1) return this.signatureOf(t.candidates[0]!);
    return t;
  }

  protected exprText(e: Ast.Expr): string {
    if (e.kind === 'name-expr') return e.name.text;
    if (e.kind === 'member') return `${this.exprText(e.object)}.${e.member.text}`;
    if (e.kind === 'int' && e.value !== undefined) return String(e.value);
    if (e.kind === 'unary' && e.operator === '-') return `-${this.exprText(e.operand)}`;
    return 'this';
  }

  /** A function named as a value: the one candidate, or the one whose type is expected. */
  protected pickFunction(e: Ast.Expr, set: Extract<Type, { kind: 'overloads' }>, expected: Type | undefined): Type | undefined {
    const name = e.kind === 'name-expr' ? e.name : e.kind === 'member' ? e.member : undefined;
    let chosen: FunctionSymbol | undefined;
    if (expected?.kind === 'function') chosen = set.candidates.find((f) => sameType(this.signatureOf(f), expected));
    else if (set.candidates.length === 1) chosen = set.candidates[0];
    if (!chosen) {
      if (expected?.kind === 'function') {
        const found = set.candidates.length === 1 ? typeToString(this.signatureOf(set.candidates[0]!)) : `overload set '${set.name}' (${set.candidates.length} functions)`;
        this.report(Code.Mismatch, e, `type mismatch: expected ${typeToString(expected)}, found ${found}`);
      }
      else this.report(Code.Ambiguous, e, `'${set.name}' names ${set.candidates.length} functions; give the variable a function type to pick one`);
      return undefined;
    }
    if (chosen.generic) {
      this.report(Code.NotAValue, e, `generic function '${set.name}' cannot be used as a value; call it instead`);
      return undefined;
    }
    if (chosen.foreign !== undefined) {
      // A foreign function (or a builtin) has no Zolt calling convention: there is nothing a
      // function value could point at. A Zolt function that calls it can be passed instead.
      const what = chosen.foreign === 'builtin' ? 'builtin function' : 'foreign function';
      this.report(Code.NotAValue, e, `${what} '${set.name}' cannot be used as a value; call it, or pass a Zolt function that calls it`);
      return undefined;
    }
    if (name) this.refs.set(name.id, chosen);
    const type = this.signatureOf(chosen);
    this.types.set(e.id, type);
    return type;
  }

  protected signatureOf(fn: FunctionSymbol): FunctionType {
    if (fn.nested) return this.localSignatures.get(fn) ?? { kind: 'function', params: [], ret: T.error, variadic: false };
    if (fn.decl.returnType || fn.generic || fn.foreign) return this.host.signature(fn);
    // Recursion: the return type so far, if a `return` before the call has given one.
    const own = this.fn?.decl === fn.decl ? this.fn : undefined;
    if (own && this.host.isInferring(fn)) {
      const params = fn.decl.params.map((p) => (p.type ? this.resolveType(p.type) : T.generic));
      const ret = own.inferred ? defaultType(own.inferred) : returnsValue(fn.decl) ? T.error : T.void;
      return { kind: 'function', params, ret, variadic: false };
    }
    const signature = this.host.signature(fn);
    if (!returnsValue(fn.decl)) return signature; // void, whatever calls what
    return this.host.inCycle(fn) ? { ...signature, ret: T.error } : signature;
  }

  expr(e: Ast.Expr, expected?: Type): Type {
    if (this.depth > MAX_EXPR_DEPTH) return T.error;
    this.depth++;
    let type: Type;
    try {
      type = this.exprOf(e, expected);
    } finally {
      this.depth--;
    }
    if (!this.types.has(e.id) || e.kind !== 'call') this.types.set(e.id, type);
    return type;
  }

  protected exprOf(e: Ast.Expr, expected: Type | undefined): Type {
    switch (e.kind) {
      case 'name-expr':
        return this.nameExpr(e);
      case 'int':
        return untypedInt(e.value);
      case 'float':
        return T.untypedFloat;
      case 'string':
        return T.string;
      case 'char':
        return e.value === undefined || e.value < 128 ? T.char : T.rune;
      case 'bool':
        return T.bool;
      case 'null':
        return T.null;
      case 'context':
        return this.host.contextType() ?? T.error;
      case 'paren':
        return this.expr(e.inner, expected);
      case 'binary':
        return this.binary(e, expected);
      case 'assign':
        this.assign(e);
        return T.void;
      case 'range': {
        const start = this.expr(e.start);
        const end = this.expr(e.end);
        const common = commonType(start, end);
        const element = common && (common.kind === 'int' || common.kind === 'untyped-int') ? defaultType(common) : undefined;
        if (!element) {
          if (!isPoison(start) && !isPoison(end)) this.report(Code.BadOperator, e, `a range needs integers, not ${typeToString(start)} and ${typeToString(end)}`);
          return { kind: 'range', element: T.error };
        }
        this.settle(e.start, element);
        this.settle(e.end, element);
        return { kind: 'range', element };
      }
      case 'cast':
        return this.cast(e);
      case 'unary':
        return this.unary(e, expected);
      case 'call':
        return this.call(e);
      case 'index':
        return this.index(e);
      case 'slice':
        return this.slice(e);
      case 'member':
        return this.member(e);
      case 'implicit-member':
        if (expected) return this.deferred(e, expected);
        this.report(Code.CannotInfer, e, `cannot tell which enum '.${e.member.text}' belongs to; write the enum's name before it`);
        return T.error;
      case 'struct-literal':
        return this.structLiteral(e);
      case 'array-literal':
        return this.arrayLiteral(e, expected);
      case 'type-value':
        return { kind: 'type', type: this.resolveType(e.type) };
      case 'error-expr':
        return T.error;
    }
  }

  // ------------------------------------------------------------------ names

  protected nameExpr(e: Ast.NameExpr): Type {
    const name = e.name;
    if (name.missing || name.text === '') return T.error;
    const local = this.findLocal(name.text);
    if (local) return this.localEntryType(local, name);
    const binding = this.lookupModuleLevel(name.text, name);
    if (binding) return this.bindingType(binding, name);
    const primitive = PRIMITIVES.get(name.text);
    if (primitive) return { kind: 'type', type: primitive };
    this.report(Code.UndefinedName, name, `undefined name '${name.text}'`);
    return T.error;
  }

  protected localEntryType(entry: LocalEntry, name: Ast.Name): Type {
    switch (entry.kind) {
      case 'local': {
        const local = entry.symbol;
        this.refs.set(name.id, local);
        this.usedLocals.add(local);
        if (entry.fn !== undefined && entry.fn !== this.fn && local.role !== 'const') {
          this.report(Code.Capture, name, `a nested function cannot use '${name.text}', a local of the enclosing function`, { related: [this.related(local, 'declared here')] });
          return T.error;
        }
        return local.type;
      }
      case 'functions':
        if (entry.functions.length === 1) this.refs.set(name.id, entry.functions[0]!);
        return { kind: 'overloads', name: name.text, candidates: entry.functions };
      case 'type':
        this.refs.set(name.id, entry.symbol);
        return { kind: 'type', type: entry.symbol.type };
      case 'using-field':
        this.refs.set(name.id, entry.field);
        this.usingBases.set(name.id, entry.base);
        if (entry.base.kind === 'local') this.usedLocals.add(entry.base);
        return this.fieldType(entry.field);
      case 'using-member':
        this.refs.set(name.id, entry.member);
        return entry.member.owner.type;
    }
  }

  protected bindingType(binding: Binding, name: Ast.Name): Type {
    if (binding.kind === 'functions') {
      if (!this.notedSets.has(binding.functions)) {
        this.notedSets.add(binding.functions);
        for (const f of binding.functions) this.noteUse(f);
      }
      if (binding.functions.length === 1) this.refs.set(name.id, binding.functions[0]!);
      return { kind: 'overloads', name: name.text, candidates: binding.functions };
    }
    const symbol = binding.symbol;
    this.refs.set(name.id, symbol);
    this.noteUse(symbol);
    switch (symbol.kind) {
      case 'global': {
        const { type } = this.host.global(symbol);
        if (!symbol.decl.type && (this.host.inCycle(symbol) || this.host.isInferring(symbol))) {
          this.report(Code.CannotInfer, name, `cannot infer the type of '${symbol.name}': its value depends on itself`);
          return T.error;
        }
        return type;
      }
      case 'struct':
      case 'enum':
        return { kind: 'type', type: symbol.type };
      case 'module':
        return { kind: 'module', symbol };
      case 'function':
        return { kind: 'overloads', name: name.text, candidates: [symbol] };
    }
  }


  protected cast(e: Ast.CastExpr): Type {
    const target = this.resolveType(e.type);
    const value = this.operand(e.value, this.expr(e.value));
    if (isPoison(target) || isPoison(value)) return target;
    const from = value;
    const ok =
      sameType(from, target) ||
      ((isNumeric(from) || from.kind === 'untyped-int' || from.kind === 'untyped-float') && isNumeric(target)) ||
      ((from.kind === 'int' || from.kind === 'untyped-int') && target.kind === 'enum') ||
      (from.kind === 'enum' && (target.kind === 'int' || target.kind === 'enum')) ||
      (from.kind === 'bool' && target.kind === 'int') ||
      ((from.kind === 'pointer' || from.kind === 'null' || from.kind === 'function') && (target.kind === 'pointer' || target.kind === 'function')) ||
      (from.kind === 'pointer' && target.kind === 'int' && target.bits === 64) ||
      (((from.kind === 'int' && from.bits === 64) || from.kind === 'untyped-int') && target.kind === 'pointer');
    if (!ok) {
      this.report(Code.BadCast, e, `cannot cast ${typeToString(this.valueType(from))} to ${typeToString(target)}`);
      return target;
    }
    if (from.kind === 'untyped-int' && target.kind === 'int' && from.value !== undefined && !fitsIn(from.value, target)) {
      this.report(Code.OutOfRange, e.value, rangeMessage(from.value, target));
    }
    // A literal takes the target type when it can hold the literal's kind of value (an integer
    // literal any number type, a float literal a float type); otherwise its default type, and
    // the cast converts at run time (`2.9 as i64` truncates, `256.0 as u8` saturates).
    // An integer expression with an operator that only integers have (`(1 << k) as f64`) is
    // computed as i64 and then converted: in f64 its shift would mean nothing.
    if (from.kind === 'untyped-int') this.settle(e.value, isNumeric(target) && !(target.kind === 'float' && usesIntegerOnlyOperator(e.value)) ? target : T.i64);
    if (from.kind === 'untyped-float') this.settle(e.value, target.kind === 'float' ? target : T.f64);
    return target;
  }

  protected unary(e: Ast.UnaryExpr, expected: Type | undefined): Type {
    switch (e.operator) {
      case '-': {
        const t = this.operand(e.operand, this.expr(e.operand, expected && isNumeric(expected) ? expected : undefined));
        if (t.kind === 'untyped-int') return untypedInt(t.value === undefined ? undefined : -t.value);
        if (isNumeric(t) || t.kind === 'untyped-float' || isPoison(t)) return t;
        this.report(Code.BadOperator, e, `operator '-' cannot be applied to ${typeToString(t)}`);
        return T.error;
      }
      case '!': {
        const t = this.operand(e.operand, this.expr(e.operand, T.bool));
        if (t.kind !== 'bool' && !isPoison(t)) this.report(Code.BadOperator, e, `operator '!' cannot be applied to ${typeToString(t)}`);
        return T.bool;
      }
      case '~': {
        const t = this.operand(e.operand, this.expr(e.operand, expected));
        if (t.kind === 'untyped-int') return untypedInt(t.value === undefined ? undefined : ~t.value);
        if (t.kind === 'int' || isPoison(t)) return t;
        this.report(Code.BadOperator, e, `operator '~' cannot be applied to ${typeToString(t)}`);
        return T.error;
      }
      case '*': {
        const t = this.expr(e.operand);
        if (t.kind === 'pointer') return t.to;
        if (t.kind === 'type') return { kind: 'type', type: pointerTo(t.type) }; // `*T` as a type
        if (!isPoison(t)) this.report(Code.Deref, e, `cannot dereference a value of type ${typeToString(this.valueType(t))}`);
        return T.error;
      }
      case '&': {
        const t = this.expr(e.operand);
        if (isPoison(t)) return T.error;
        if (!this.isLvalue(e.operand)) {
          this.report(Code.AddressOf, e, 'cannot take the address of this expression');
          return T.error;
        }
        return pointerTo(t);
      }
    }
  }

  // ------------------------------------------------------------------ indexing and members

  protected index(e: Ast.IndexExpr): Type {
    const object = this.expr(e.object);
    this.expectInteger(e.index);
    this.checkConstantIndex(e.index, object);
    switch (object.kind) {
      case 'array':
      case 'slice':
        return object.element;
      case 'pointer':
        return object.to.kind === 'array' ? object.to.element : object.to;
      case 'string':
        return T.char;
      default:
        if (!isPoison(object)) this.report(Code.NotIndexable, e.object, `cannot index a value of type ${typeToString(this.valueType(object))}`);
        return T.error;
    }
  }

  protected expectInteger(e: Ast.Expr): void {
    const t = this.expr(e);
    if (t.kind === 'untyped-int') this.settle(e, T.i64);
    else if (t.kind !== 'int' && !isPoison(t)) this.report(Code.Mismatch, e, `type mismatch: expected an integer, found ${typeToString(this.valueType(t))}`);
  }

  /**
   * A constant index that no element has: outside a fixed-size array (also behind a pointer),
   * or negative for a slice or a string. (A pointer may be indexed below 0, as in C.)
   */
  private checkConstantIndex(index: Ast.Expr, object: Type): void {
    const value = this.constValue(index);
    if (value === undefined) return;
    const array = object.kind === 'array' ? object : object.kind === 'pointer' && object.to.kind === 'array' ? object.to : undefined;
    if (array && (value < 0n || value >= BigInt(array.length))) {
      const range = array.length === 0 ? 'it has no elements' : `valid indexes are 0 to ${array.length - 1}`;
      this.report(Code.IndexRange, index, `index ${value} is out of bounds for ${typeToString(array)}: ${range}`);
    } else if ((object.kind === 'slice' || object.kind === 'string') && value < 0n) {
      this.report(Code.IndexRange, index, `index ${value} is negative: a ${object.kind === 'string' ? 'string' : 'slice'} has no element before 0`);
    }
  }

  protected slice(e: Ast.SliceExpr): Type {
    const object = this.expr(e.object);
    for (const bound of [e.start, e.end, e.step]) if (bound) this.expectInteger(bound);
    if (e.step && this.constValue(e.step) === 0n) this.report(Code.ZeroStep, e.step, 'a slice step cannot be 0');
    switch (object.kind) {
      case 'array':
      case 'slice':
        return sliceOf(object.element);
      case 'pointer':
        if (object.to.kind === 'array') return sliceOf(object.to.element);
        break;
      case 'string':
        if (e.step) this.report(Code.NotIndexable, e.step, 'a string cannot be sliced with a step');
        return T.string;
    }
    if (!isPoison(object)) this.report(Code.NotIndexable, e.object, `cannot slice a value of type ${typeToString(this.valueType(object))}`);
    return T.error;
  }

  protected member(e: Ast.MemberExpr): Type {
    const object = this.expr(e.object);
    const name = e.member;
    if (name.missing || isPoison(object)) return T.error;
    if (object.kind === 'type' && object.type.kind === 'enum') {
      const enumSymbol = object.type.symbol;
      const member = this.membersOf(enumSymbol).find((m) => m.name === name.text);
      if (member) {
        this.refs.set(name.id, member);
        return object.type;
      }
      this.report(Code.UndefinedMember, name, `enum '${enumSymbol.name}' has no member '${name.text}'`);
      return T.error;
    }
    if (object.kind === 'module') {
      const binding = this.host.moduleMember(object.symbol, name.text);
      if (binding) return this.bindingType(binding, name);
      if (object.symbol.target) this.report(Code.UndefinedMember, name, `module '${object.symbol.name}' has no declaration named '${name.text}'`);
      return T.error;
    }
    const base = object.kind === 'pointer' ? object.to : object;
    if (base.kind === 'struct') {
      const field = this.fieldsOf(base.symbol).find((f) => f.name === name.text);
      if (field) {
        this.refs.set(name.id, field);
        return this.fieldType(field);
      }
      this.report(Code.UndefinedMember, name, `struct '${base.symbol.name}' has no field '${name.text}'`);
      return T.error;
    }
    if (base.kind === 'string') {
      if (name.text === 'len') return T.i64;
      if (name.text === 'data') return pointerTo(T.u8);
    } else if (base.kind === 'slice' || base.kind === 'array') {
      if (name.text === 'len') return T.i64;
      if (name.text === 'data') return pointerTo(base.element);
    }
    this.report(Code.UndefinedMember, name, `type '${typeToString(this.valueType(object))}' has no member '${name.text}'`);
    return T.error;
  }

  // ------------------------------------------------------------------ literals

  protected structLiteral(e: Ast.StructLiteral): Type {
    const typeValue = this.expr(e.type);
    if (typeValue.kind !== 'type' || typeValue.type.kind !== 'struct') {
      for (const f of e.fields) this.expr(f.value);
      if (!isPoison(typeValue)) this.report(Code.StructLiteral, e.type, `'${this.exprText(e.type)}' is not a struct`);
      return T.error;
    }
    const struct = typeValue.type;
    const fields = this.fieldsOf(struct.symbol);
    const named = e.fields.filter((f) => f.name);
    if (named.length > 0 && named.length < e.fields.length) {
      this.report(Code.StructLiteral, e, 'a struct literal cannot mix named and positional fields');
    }
    if (named.length === 0 && e.fields.length > fields.length) {
      this.report(Code.StructLiteral, e, `struct '${struct.symbol.name}' has ${fields.length} fields but ${e.fields.length} values were given`);
    }
    const given = new Set<string>();
    e.fields.forEach((init, i) => {
      let field: FieldSymbol | undefined;
      if (init.name) {
        field = fields.find((f) => f.name === init.name!.text);
        if (!field) {
          if (!init.name.missing) this.report(Code.UndefinedMember, init.name, `struct '${struct.symbol.name}' has no field '${init.name.text}'`);
        } else {
          this.refs.set(init.name.id, field);
          if (given.has(field.name)) this.report(Code.StructLiteral, init.name, `field '${field.name}' is given twice`);
          given.add(field.name);
        }
      } else if (named.length === 0) {
        field = fields[i];
      }
      if (field) this.expectType(init.value, this.fieldType(field));
      else this.expr(init.value);
    });
    return struct;
  }

  protected arrayLiteral(e: Ast.ArrayLiteral, expected: Type | undefined): Type {
    const expectedElement = expected?.kind === 'array' || expected?.kind === 'slice' ? expected.element : undefined;
    if (e.elements.length === 0) {
      if (expected) return this.deferred(e, expected);
      this.report(Code.CannotInfer, e, 'cannot infer the type of an empty array literal; give the variable a type');
      return T.error;
    }
    let element: Type;
    if (expectedElement) {
      for (const el of e.elements) this.expectType(el, expectedElement);
      element = expectedElement;
    } else {
      element = this.concrete(this.expr(e.elements[0]!), e.elements[0]!);
      for (const el of e.elements.slice(1)) this.expectType(el, element);
    }
    return { kind: 'array', length: e.elements.length, element };
  }

  /**
   * An operand's value type: types, modules and nothing (void) are not values, and a function
   * name is its function's value. Literals stay untyped.
   */
  protected operand(e: Ast.Expr, t: Type): Type {
    if (t.kind === 'type' || t.kind === 'module' || t.kind === 'void' || t.kind === 'overloads' || t.kind === 'null') {
      return t.kind === 'null' ? t : this.concrete(t, e);
    }
    return t;
  }

  /** Whether an expression denotes storage (assignable and addressable). */
  protected isLvalue(e: Ast.Expr): boolean {
    switch (e.kind) {
      case 'paren':
        return this.isLvalue(e.inner);
      case 'name-expr': {
        const symbol = this.refs.get(e.name.id);
        return symbol?.kind === 'local' || (symbol?.kind === 'global') || symbol?.kind === 'field';
      }
      case 'member': {
        const objectType = this.types.get(e.object.id);
        if (objectType?.kind === 'pointer') return true;
        if (objectType?.kind === 'struct') return this.isLvalue(e.object);
        return false;
      }
      case 'index': {
        const objectType = this.types.get(e.object.id);
        if (objectType?.kind === 'array') return this.isLvalue(e.object);
        return objectType?.kind === 'slice' || objectType?.kind === 'pointer';
      }
      case 'unary':
        return e.operator === '*';
      default:
        return false;
    }
  }
}

const INTEGER_ONLY = new Set(['<<', '>>', '&', '|', '^', '%']);

/** Whether an untyped integer expression uses an operator that floats do not have. */
function usesIntegerOnlyOperator(e: Ast.Expr): boolean {
  switch (e.kind) {
    case 'paren':
      return usesIntegerOnlyOperator(e.inner);
    case 'unary':
      return e.operator === '~' || usesIntegerOnlyOperator(e.operand);
    case 'binary':
      return INTEGER_ONLY.has(e.operator) || usesIntegerOnlyOperator(e.left) || usesIntegerOnlyOperator(e.right);
    default:
      return false;
  }
}
