// Calls: overload resolution (overloads.ts), instantiation of generic functions, argument
// checks (C variadic arguments included), calls through function values, and builtins.

import { returnsValue, type Ast } from '../../syntax';
import { Code } from '../codes';
import { literalToCString } from '../conversions';
import type { EnumSymbol, FunctionSymbol, ModuleSymbol } from '../symbols';
import {
  defaultType, isNumeric, isPoison, pointerTo, sameType, sliceOf, T, typeKey, typeToString,
  type FunctionType, type Type,
} from '../types';
import type { ParameterList } from './host';
import { isDeferred, resolveOverload, type Argument } from './overloads';
import { OperatorChecker } from './operators';

/**
 * The candidates that can take the first argument, in a large set: a struct, enum, string or
 * bool converts to no other type, so only a candidate whose first parameter is that type (or is
 * generic) can be viable. An index by first parameter type (built once per set) finds them, and
 * a call of a set of thousands of overloads stays cheap. The result is what resolution would
 * find among all candidates; small sets are not narrowed.
 */
function narrowCandidates(candidates: readonly FunctionSymbol[], parameters: ReadonlyMap<FunctionSymbol, FunctionType>, args: readonly Argument[]): readonly FunctionSymbol[] {
  const first = args[0];
  if (candidates.length < 32 || !first || isDeferred(first)) return candidates;
  const kind = first.type.kind;
  if (kind !== 'struct' && kind !== 'enum' && kind !== 'string' && kind !== 'bool') return candidates;
  let index = firstParameterIndex.get(parameters);
  if (!index) {
    index = new Map();
    for (const fn of candidates) {
      const param = parameters.get(fn)!.params[0];
      const key = param === undefined ? '' : param.kind === 'generic' ? '*' : typeKey(param);
      const list = index.get(key);
      if (list) list.push(fn);
      else index.set(key, [fn]);
    }
    firstParameterIndex.set(parameters, index);
  }
  const exact = index.get(typeKey(first.type)) ?? [];
  const generic = index.get('*') ?? [];
  const variadic = (index.get('') ?? []).filter((fn) => parameters.get(fn)!.variadic);
  return [...exact, ...generic, ...variadic];
}

const firstParameterIndex = new WeakMap<ReadonlyMap<FunctionSymbol, FunctionType>, Map<string, FunctionSymbol[]>>();

/** The candidates' parameter lists by function, shared by every call of a set (see parameterLists). */
const parameterMaps = new WeakMap<readonly ParameterList[], ReadonlyMap<FunctionSymbol, FunctionType>>();

export abstract class CallChecker extends OperatorChecker {
  // ------------------------------------------------------------------ calls

  protected call(e: Ast.CallExpr): Type {
    const calleeType = this.expr(e.callee);
    const nameNode = e.callee.kind === 'name-expr' ? e.callee.name : e.callee.kind === 'member' ? e.callee.member : undefined;
    if (calleeType.kind === 'overloads') {
      const builtin = calleeType.candidates.length === 1 && calleeType.candidates[0]!.foreign === 'builtin' ? calleeType.candidates[0]! : undefined;
      if (builtin && BUILTIN_RULES.has(builtin.name)) return this.builtinCall(e, builtin, nameNode);
      return this.functionCall(e, calleeType, nameNode);
    }
    if (calleeType.kind === 'function') {
      this.checkArguments(e, calleeType, undefined);
      this.calls.set(e.id, { candidates: [], chosen: undefined, signature: calleeType });
      return calleeType.ret;
    }
    for (const arg of e.args) this.expr(arg);
    if (isPoison(calleeType)) return T.error;
    if (calleeType.kind === 'type') {
      this.report(Code.NotCallable, e.callee, `'${this.exprText(e.callee)}' is a type; convert with 'value as ${typeToString(calleeType.type)}'`);
    } else {
      this.report(Code.NotCallable, e.callee, `cannot call a value of type ${typeToString(this.valueType(calleeType))}`);
    }
    return T.error;
  }

  protected functionCall(e: Ast.CallExpr, set: Extract<Type, { kind: 'overloads' }>, nameNode: Ast.Name | undefined): Type {
    const candidates = set.candidates;
    // One candidate that is not generic: check each argument against its parameter directly,
    // which gives the most precise messages.
    if (candidates.length === 1 && !candidates[0]!.generic) {
      const fn = candidates[0]!;
      const signature = this.signatureOf(fn);
      if (nameNode) this.refs.set(nameNode.id, fn);
      this.checkArguments(e, signature, fn);
      this.calls.set(e.id, { candidates, chosen: fn, signature });
      this.reportInferenceCycle(fn, signature, nameNode ?? e.callee);
      return signature.ret;
    }
    const args: Argument[] = e.args.map((expr) => ({ expr, type: isDeferred({ expr, type: T.error }) ? T.error : this.expr(expr) }));
    // Resolution compares parameters only: one query answers them for the whole set, which
    // keeps a call of a set of thousands of overloads linear (return types are not inferred
    // for candidates that are not chosen).
    const parameters = this.parameterLists(candidates);
    const resolve = (pool: readonly FunctionSymbol[]) => resolveOverload(
      pool,
      args,
      (fn) => parameters.get(fn)!,
      (fn) => this.host.isStd(fn),
      (arg, param) => this.fitsDeferred(arg.expr, param),
    );
    let resolution = resolve(narrowCandidates(candidates, parameters, args));
    if (resolution.kind === 'none') resolution = resolve(candidates); // every candidate's reason
    if (resolution.kind === 'none') {
      for (const arg of args) if (isDeferred(arg)) this.types.set(arg.expr.id, T.error);
      if (!args.some((a) => isPoison(a.type))) {
        const shown = args.map((a) => (isDeferred(a) ? (a.expr.kind === 'implicit-member' ? `.${a.expr.member.text}` : '[]') : typeToString(this.valueType(a.type)))).join(', ');
        this.report(Code.NoOverload, nameNode ?? e.callee, `no overload of '${set.name}' takes (${shown})`, {
          related: resolution.reasons.map((r) => this.related(r.fn, `${this.describe(r.fn)}: ${r.reason}`)),
        });
      }
      this.calls.set(e.id, { candidates, chosen: undefined, signature: undefined });
      return T.error;
    }
    if (resolution.kind === 'ambiguous') {
      for (const arg of args) if (isDeferred(arg)) this.types.set(arg.expr.id, T.error);
      this.report(Code.Ambiguous, nameNode ?? e.callee, `call to '${set.name}' is ambiguous: ${resolution.candidates.length} functions match equally well`, {
        related: resolution.candidates.map((fn) => this.related(fn, this.describe(fn))),
      });
      this.calls.set(e.id, { candidates, chosen: undefined, signature: undefined });
      return T.error;
    }
    const fn = resolution.fn;
    if (nameNode) this.refs.set(nameNode.id, fn);
    const declared = this.signatureOf(fn);
    let signature = declared;
    if (resolution.generic) {
      // A generic parameter takes its argument's type as a value would have it: a literal its
      // default type, a function name its function's type (so `count_if(xs, is_even)` and
      // `count_if(xs, is_odd)` share one instance).
      const argTypes = declared.params.map((param, i) => {
        const arg = args[i]!;
        if (param.kind !== 'generic') return param;
        const type = isDeferred(arg) ? this.expr(arg.expr) : this.concrete(arg.type, arg.expr);
        args[i] = { expr: arg.expr, type };
        return type;
      });
      signature = this.instantiate(e, fn, argTypes, nameNode);
    }
    // Give each argument its parameter's type (literals settle, `.X` and `[]` resolve).
    args.forEach((arg, i) => {
      const param = signature.params[i];
      if (param === undefined) this.variadicArgument(arg.expr, arg.type);
      else if (isDeferred(arg)) this.expectType(arg.expr, param);
      else this.coerce(arg.expr, arg.type, param);
    });
    this.calls.set(e.id, { candidates, chosen: fn, signature });
    this.reportInferenceCycle(fn, signature, nameNode ?? e.callee);
    return signature.ret;
  }

  /** The parameter types of each candidate, as function types whose return types mean nothing. */
  private parameterLists(candidates: readonly FunctionSymbol[]): ReadonlyMap<FunctionSymbol, FunctionType> {
    if (candidates.some((f) => f.nested)) return new Map(candidates.map((fn) => [fn, this.signatureOf(fn)]));
    const lists = this.host.parameterLists(candidates);
    let byFunction = parameterMaps.get(lists);
    if (!byFunction) {
      byFunction = new Map(candidates.map((fn, i) => [fn, { kind: 'function', params: lists[i]!.params, ret: T.void, variadic: lists[i]!.variadic }]));
      parameterMaps.set(lists, byFunction);
    }
    return byFunction;
  }

  /** A call that needs a return type still being inferred (recursion before any return). */
  protected reportInferenceCycle(fn: FunctionSymbol, signature: FunctionType, at: { span: Ast.Span }): void {
    if (signature.ret.kind !== 'error' || fn.decl.returnType || fn.generic || fn.nested || fn.foreign) return;
    const own = this.fn?.decl === fn.decl;
    if (!(own ? this.host.isInferring(fn) : this.host.inCycle(fn))) return;
    this.report(Code.CannotInfer, at, `cannot infer the return type of '${fn.name}': it is needed before any 'return' gives it; write '-> T'`);
  }

  /** A generic function's signature for `argTypes`, checking its body for them. */
  protected instantiate(e: Ast.CallExpr, fn: FunctionSymbol, argTypes: readonly Type[], nameNode: Ast.Name | undefined): FunctionType {
    if (fn.nested || argTypes.some(isPoison)) {
      // Nested functions cannot be generic (reported at them); poisoned arguments were reported.
      return { kind: 'function', params: argTypes, ret: T.error, variadic: false };
    }
    const at = nameNode ?? e.callee;
    // The instantiation being checked calls itself: its return type is the one its returns
    // have given so far, as for a function that is not generic.
    const own = this.fn;
    if (own?.decl === fn.decl && own.instance && own.instance.every((t, i) => sameType(t, argTypes[i]!))) {
      const ret = own.declared ?? (own.inferred ? defaultType(own.inferred) : returnsValue(fn.decl) ? undefined : T.void);
      if (!ret) this.report(Code.CannotInfer, at, `cannot infer the return type of '${fn.name}': it is needed before any 'return' gives it; write '-> T'`);
      return { kind: 'function', params: argTypes, ret: ret ?? T.error, variadic: false };
    }
    const result = this.host.instantiate(fn, argTypes, { start: this.item.start + e.span.start, end: this.item.start + e.span.end });
    if (result.error) {
      const args = argTypes.map(typeToString).join(', ');
      this.report(Code.Instantiation, at, `'${fn.name}' cannot be instantiated with (${args}): ${result.error.message}`, {
        related: [{ file: fn.file, start: result.error.start, end: result.error.end, message: result.error.message }],
      });
    }
    return { kind: 'function', params: argTypes, ret: result.ret, variadic: false };
  }

  /** Whether `.Member` or `[]` can be a value of the parameter type. */
  protected fitsDeferred(e: Ast.Expr, param: Type): boolean {
    if (e.kind === 'array-literal') return param.kind === 'slice' || (param.kind === 'array' && param.length === 0);
    if (e.kind === 'implicit-member' && param.kind === 'enum') {
      this.expectEnum(e, param.symbol);
      return this.membersOf(param.symbol).some((m) => m.name === e.member.text);
    }
    return false;
  }

  protected expectEnum(e: Ast.Expr, symbol: EnumSymbol): void {
    const list = this.enumsExpected.get(e.id);
    if (!list) this.enumsExpected.set(e.id, [symbol]);
    else if (!list.includes(symbol)) list.push(symbol);
  }

  /** Checks arguments against one signature, reporting arity and each mismatch. */
  protected checkArguments(e: Ast.CallExpr, signature: FunctionType, fn: FunctionSymbol | undefined): void {
    const params = signature.params;
    const tooFew = e.args.length < params.length;
    const tooMany = !signature.variadic && e.args.length > params.length;
    if (tooFew || tooMany) {
      const name = fn ? `'${fn.name}'` : e.callee.kind === 'name-expr' ? `'${e.callee.name.text}'` : 'this function';
      const count = signature.variadic ? `at least ${params.length}` : `${params.length}`;
      const plural = params.length === 1 ? 'argument' : 'arguments';
      this.report(Code.Arity, e.argsSpan, `${name} takes ${count} ${plural} but ${e.args.length} ${e.args.length === 1 ? 'was' : 'were'} given`);
    }
    e.args.forEach((arg, i) => {
      const param = params[i];
      if (param === undefined) {
        if (signature.variadic) this.variadicArgument(arg, this.expr(arg));
        else this.expr(arg);
      } else {
        this.expectType(arg, param);
      }
    });
  }

  /** An argument for a C variadic parameter: scalars and pointers only (C's rules). */
  protected variadicArgument(e: Ast.Expr, type: Type): void {
    const t = this.concrete(type, e);
    if (isPoison(t) || isNumeric(t) || t.kind === 'bool' || t.kind === 'pointer' || t.kind === 'enum' || t.kind === 'function') return;
    if (literalToCString(e, pointerTo(T.u8)).ok) return; // passed as a C string
    const hint = t.kind === 'string' ? `; pass ${this.exprText(e) === 'this' ? 'its' : this.exprText(e)}.data` : '';
    this.report(Code.ForeignArgument, e, `cannot pass ${typeToString(t)} to a C variadic parameter${hint}`);
  }

  /** Signature text for notes: `area(c: Circle) -> f64`. */
  protected describe(fn: FunctionSymbol): string {
    const signature = this.signatureOf(fn);
    const params = fn.decl.params.map((p, i) => (p.type ? `${p.name.text}: ${typeToString(signature.params[i] ?? T.error)}` : p.name.text));
    if (signature.variadic) params.push('...');
    const ret = signature.ret.kind === 'void' ? '' : ` -> ${typeToString(signature.ret)}`;
    return `${fn.name}(${params.join(', ')})${ret}`;
  }

  // ------------------------------------------------------------------ builtins

  protected builtinCall(e: Ast.CallExpr, fn: FunctionSymbol, nameNode: Ast.Name | undefined): Type {
    if (nameNode) this.refs.set(nameNode.id, fn);
    const rule = BUILTIN_RULES.get(fn.name)!;
    const ret = rule(this, e);
    this.calls.set(e.id, { candidates: [fn], chosen: fn, signature: this.signatureOf(fn) });
    return ret;
  }

  /** Builtin helper: a printable argument. */
  printable(e: Ast.Expr): void {
    const t = this.concrete(this.expr(e), e);
    if (isPoison(t)) return; // the error that made it unknown is already reported
    if (t.kind === 'function' || t.kind === 'range') this.report(Code.Builtin, e, `cannot print a value of type ${typeToString(t)}`);
  }

  /** Builtin helper: an argument that names a type (`u8`, `*Node`, `[]i64`, `geo.Vec2`). */
  typeArgument(e: Ast.Expr, what: string): Type | undefined {
    const t = this.expr(e);
    if (t.kind === 'type') return t.type;
    if (!isPoison(t)) this.report(Code.Builtin, e, what);
    return undefined;
  }

  builtinError(e: Ast.CallExpr, message: string): void {
    this.report(Code.Builtin, e.argsSpan, message);
  }
}

type BuiltinRule = (checker: CallChecker, e: Ast.CallExpr) => Type;

/** Builtins whose typing no Zolt signature can express. The others have ordinary signatures. */
const BUILTIN_RULES: ReadonlyMap<string, BuiltinRule> = new Map<string, BuiltinRule>([
  ['print', (c, e) => {
    for (const arg of e.args) c.printable(arg);
    return T.void;
  }],
  ['println', (c, e) => {
    for (const arg of e.args) c.printable(arg);
    return T.void;
  }],
  ['eprint', (c, e) => {
    for (const arg of e.args) c.printable(arg);
    return T.void;
  }],
  ['eprintln', (c, e) => {
    for (const arg of e.args) c.printable(arg);
    return T.void;
  }],
  ['alloc', (c, e) => {
    if (e.args.length !== 2) {
      for (const arg of e.args) c.expr(arg);
      c.builtinError(e, "'alloc' expects a type and a count");
      return T.error;
    }
    const element = c.typeArgument(e.args[0]!, "'alloc' expects a type as its first argument");
    c.expectType(e.args[1]!, T.i64);
    return element ? sliceOf(element) : T.error;
  }],
  ['free', (c, e) => {
    if (e.args.length !== 1) {
      for (const arg of e.args) c.expr(arg);
      c.builtinError(e, "'free' expects a slice or a pointer");
      return T.void;
    }
    const t = c.concrete(c.expr(e.args[0]!), e.args[0]!);
    if (t.kind !== 'slice' && t.kind !== 'pointer' && t.kind !== 'string' && !isPoison(t)) c.builtinError(e, "'free' expects a slice or a pointer");
    return T.void;
  }],
  ['size_of', (c, e) => {
    if (e.args.length !== 1) {
      for (const arg of e.args) c.expr(arg);
      c.builtinError(e, "'size_of' expects a type");
      return T.i64;
    }
    c.typeArgument(e.args[0]!, "'size_of' expects a type");
    return T.i64;
  }],
  ['copy', (c, e) => {
    if (e.args.length !== 2) {
      for (const arg of e.args) c.expr(arg);
      c.builtinError(e, "'copy' expects two slices of the same element type");
      return T.i64;
    }
    const dst = c.concrete(c.expr(e.args[0]!), e.args[0]!);
    const src = c.concrete(c.expr(e.args[1]!), e.args[1]!);
    const element = (t: Type) => (t.kind === 'slice' || t.kind === 'array' ? t.element : undefined);
    const a = element(dst);
    const b = element(src);
    if (!isPoison(dst) && !isPoison(src) && (!a || !b || !sameType(a, b))) c.builtinError(e, "'copy' expects two slices of the same element type");
    return T.i64;
  }],
]);

export type { ModuleSymbol };
