// Facts about declarations that other items use, each answered on demand and recorded as a
// dependency of the check asking: signatures (inferred return types included), globals'
// types and constant values, struct fields, enum members, the context type, and generic
// instantiations (checked once per argument-type tuple, with the calls that asked for them).

import { returnsValue, shiftDiagnostic, type Ast, type LoweredItem } from '../../syntax';
import { Checker } from '../check/checker';
import type { CheckHost, Instantiation } from '../check/host';
import { type Binding } from '../scope';
import type {
  DeclSymbol, EnumMemberSymbol, EnumSymbol, FieldSymbol, FunctionSymbol, GlobalSymbol,
  ModuleSymbol, StructSymbol,
} from '../symbols';
import { sameType, T, typeKey, type FunctionType, type StructType, type Type } from '../types';
import { Code } from '../codes';
import type { ItemCheck } from '../check/host';
import { SymbolIndex } from './symbol-index';
import type { CachedCheck, CachedInstance, CheckFrame, Dependency } from './dependencies';
import type { EnumFacts, ParameterList } from '../check/host';
import { symbolNameRange } from '../symbols';

/** The signature of a function whose declaration could not be found again. */
const UNKNOWN_SIGNATURE: FunctionType = { kind: 'function', params: [], ret: T.error, variadic: false };


export abstract class FactStore extends SymbolIndex {
  protected readonly checks = new WeakMap<LoweredItem, CachedCheck>();
  protected readonly instances = new WeakMap<Ast.FunctionDecl, Map<string, CachedInstance>>();
  protected readonly signatures = new WeakMap<FunctionSymbol, { stamp: string; item: LoweredItem; type: FunctionType }>();
  protected readonly resolvedFields = new WeakMap<StructSymbol, { stamp: string; types: readonly Type[] }>();
  protected readonly resolvedEnums = new WeakMap<EnumSymbol, { stamp: string; facts: EnumFacts }>();
  /** Enums whose values are being worked out, with the values so far. */
  protected readonly resolvingEnums = new Map<EnumSymbol, EnumFacts>();
  protected readonly parameterCache = new WeakMap<readonly FunctionSymbol[], { stamp: string; lists: readonly ParameterList[] }>();
  /** Generic instantiations being checked (function key and argument types). */
  protected readonly instancesInProgress = new Set<string>();
  protected readonly resolvedGlobals = new WeakMap<GlobalSymbol, { stamp: string; declared: Type | undefined }>();
  /** For each calling item, the instantiations it asked for (cleared when it is checked again). */
  protected readonly registrations = new WeakMap<LoweredItem, Set<CachedInstance>>();
  /** Items whose cached check is being validated (dependency cycles answer with the cache). */
  protected readonly validating = new Set<LoweredItem>();
  /** Items being checked right now (cycle detection for inferred types). */
  protected readonly inProgress = new Set<LoweredItem>();
  /**
   * The item checks and validations under way, innermost last, each with the cycle of inferred
   * types it turned out to be part of.
   */
  protected readonly checkStack: CheckFrame[] = [];
  /** Dependency collectors of the checks in progress (innermost last). */
  protected readonly collectors: Dependency[][] = [];

  // ------------------------------------------------------------------ facts

  protected record(dep: Dependency): void {
    this.collectors[this.collectors.length - 1]?.push(dep);
  }

  protected lookup(file: string, name: string): Binding | undefined {
    const scope = this.scope(file);
    const binding = scope.values.get(name);
    this.record({ kind: 'name', file, name, binding, ambiguous: scope.ambiguous.get(name) });
    return binding;
  }

  protected moduleMember(module: ModuleSymbol, name: string): Binding | undefined {
    let binding: Binding | undefined;
    if (module.target) {
      const functions = this.declarations(module.target).filter((s): s is FunctionSymbol => s.kind === 'function' && s.name === name);
      const other = this.declarations(module.target).find((s) => s.name === name && s.kind !== 'function' && s.kind !== 'module');
      binding = functions.length > 0 ? { kind: 'functions', functions } : other ? { kind: 'single', symbol: other } : undefined;
    }
    this.record({ kind: 'member', module, name, binding });
    return binding;
  }

  /** A resolver for type expressions of a module-level declaration (no diagnostics). */
  protected resolver(symbol: DeclSymbol): Checker {
    return new Checker(this.host(symbol.file, false), symbol.item);
  }

  /**
   * The parameter types of functions (an overload set), memoised per list while no summary
   * changes, and recorded as one dependency.
   */
  parameterLists(functions: readonly FunctionSymbol[]): readonly ParameterList[] {
    const stamp = `${this.summaryRevision}|${this.fileSetRevision}`;
    let cached = this.parameterCache.get(functions);
    if (cached?.stamp !== stamp) {
      cached = { stamp, lists: functions.map((fn) => this.parameterList(fn)) };
      this.parameterCache.set(functions, cached);
    }
    this.record({ kind: 'parameters', functions, lists: cached.lists });
    return cached.lists;
  }

  protected parameterList(fn: FunctionSymbol): ParameterList {
    const signature = this.resolvedSignature(fn, { inferReturn: false });
    return { params: signature.params, variadic: signature.variadic };
  }

  signature(fn: FunctionSymbol): FunctionType {
    const type = this.resolvedSignature(fn);
    this.record({ kind: 'signature', fn, type });
    return type;
  }

  protected resolvedSignature(fn: FunctionSymbol, options: { inferReturn: boolean } = { inferReturn: true }): FunctionType {
    if (fn.nested) return this.check(fn.file, fn.item).local.signatures.get(fn) ?? UNKNOWN_SIGNATURE;
    const state = this.files.get(fn.file);
    const stamp = `${state ? this.stamp(state) : ''}|${this.factRevision}`;
    let cached = this.signatures.get(fn);
    if (cached?.stamp !== stamp || cached.item !== fn.item) {
      const resolver = this.resolver(fn);
      const params = fn.decl.params.map((p) => (p.type ? resolver.resolveType(p.type) : T.generic));
      let ret: Type;
      if (fn.decl.returnType) ret = resolver.resolveType(fn.decl.returnType);
      else if (fn.foreign) ret = T.void;
      else if (fn.generic) ret = T.generic;
      else ret = T.error; // inferred: below
      cached = { stamp, item: fn.item, type: { kind: 'function', params, ret, variadic: fn.decl.variadic !== undefined } };
      this.signatures.set(fn, cached);
    }
    // An inferred return type comes from the function's check every time: the check's cache
    // knows when it still holds (the stamp does not see edits inside other bodies).
    if (options.inferReturn && !fn.decl.returnType && !fn.foreign && !fn.generic) {
      // No `return` with a value: void, without looking at the body (so cycles of such
      // functions need no return type).
      const ret = !returnsValue(fn.decl) ? T.void : this.underWay(fn.item) ? T.error : (this.check(fn.file, fn.item).returnType ?? T.void);
      if (!sameType(ret, cached.type.ret)) cached.type = { ...cached.type, ret };
    }
    return cached.type;
  }

  global(symbol: GlobalSymbol): { type: Type; value: bigint | undefined } {
    const state = this.files.get(symbol.file);
    const stamp = state ? this.stamp(state) : '';
    let resolved = this.resolvedGlobals.get(symbol);
    if (resolved?.stamp !== stamp) {
      resolved = { stamp, declared: symbol.decl.type ? this.resolver(symbol).resolveType(symbol.decl.type) : undefined };
      this.resolvedGlobals.set(symbol, resolved);
    }
    let type = resolved.declared;
    let value: bigint | undefined;
    if (!this.underWay(symbol.item)) {
      const check = this.check(symbol.file, symbol.item);
      type ??= check.globalType;
      value = symbol.constant ? check.globalValue : undefined;
    }
    const result = { type: type ?? T.error, value };
    this.record({ kind: 'global', symbol, type: result.type, value });
    return result;
  }

  /** The types of a module-level struct's fields, in order. */
  fieldTypes(symbol: StructSymbol): readonly Type[] {
    const state = this.files.get(symbol.file);
    const stamp = state ? this.stamp(state) : '';
    let cached = this.resolvedFields.get(symbol);
    if (cached?.stamp !== stamp) {
      const resolver = this.resolver(symbol);
      cached = { stamp, types: symbol.decl.fields.map((f) => resolver.resolveType(f.type)) };
      this.resolvedFields.set(symbol, cached);
    }
    this.record({ kind: 'fields', symbol, types: cached.types });
    return cached.types;
  }

  /** A module-level enum's backing type and member values. */
  enumFacts(symbol: EnumSymbol): EnumFacts {
    // A member's value may name the enum's own members. While they are being worked out, a
    // re-entrant call sees the values so far and 0 for the rest, whatever the history, so fresh
    // and incremental analyses agree; the checker reports the members used too early. The
    // outer call records the dependency on the final values.
    const partial = this.resolvingEnums.get(symbol);
    if (partial) return partial;
    const state = this.files.get(symbol.file);
    const stamp = `${state ? this.stamp(state) : ''}|${this.factRevision}`;
    let cached = this.resolvedEnums.get(symbol);
    if (cached?.stamp !== stamp) {
      cached = { stamp, facts: this.resolveEnum(symbol) };
      this.resolvedEnums.set(symbol, cached);
    }
    this.record({ kind: 'members', symbol, values: cached.facts.values });
    return cached.facts;
  }

  protected resolveEnum(symbol: EnumSymbol): EnumFacts {
    const resolver = this.resolver(symbol);
    const backing = symbol.decl.backing ? resolver.resolveType(symbol.decl.backing) : T.i64;
    const values = symbol.members.map(() => 0n);
    this.resolvingEnums.set(symbol, { backing, values });
    try {
      let next = 0n;
      symbol.decl.members.forEach((member, i) => {
        let value = next;
        if (member.value) {
          resolver.expr(member.value);
          value = resolver.constValue(member.value) ?? next;
        }
        values[i] = value;
        next = value + 1n;
      });
    } finally {
      this.resolvingEnums.delete(symbol);
    }
    return { backing, values };
  }

  // ------------------------------------------------------------------ queries for tools
  // The same facts for any symbol, declared at the top level or inside a function (then they
  // come from the check of the item that declares it).

  /** A function's signature. */
  signatureOf(fn: FunctionSymbol): FunctionType {
    return this.resolvedSignature(fn);
  }

  fieldType(field: FieldSymbol): Type {
    if (field.owner.nested) return this.check(field.file, field.item).local.fieldTypes.get(field) ?? T.error;
    return this.fieldTypes(field.owner)[field.index] ?? T.error;
  }

  /** An enum's backing type and values. */
  enumOf(symbol: EnumSymbol): EnumFacts {
    if (symbol.nested) return this.check(symbol.file, symbol.item).local.enums.get(symbol) ?? { backing: T.i64, values: symbol.members.map(() => 0n) };
    return this.enumFacts(symbol);
  }

  memberValue(member: EnumMemberSymbol): bigint {
    return this.enumOf(member.owner).values[member.index] ?? 0n;
  }

  protected contextCache: { revision: number; type: StructType | undefined } | undefined;

  protected contextType(): StructType | undefined {
    if (this.contextCache?.revision !== this.summaryRevision) {
      let type: StructType | undefined;
      for (const std of this.stdFiles) {
        const symbol = this.declarations(std).find((s) => s.kind === 'struct' && s.name === 'Context');
        if (symbol?.kind === 'struct') type = symbol.type;
      }
      this.contextCache = { revision: this.summaryRevision, type };
    }
    const type = this.contextCache.type;
    this.record({ kind: 'context', type });
    return type;
  }

  instantiate(fn: FunctionSymbol, args: readonly Type[], call: { file: string; start: number; end: number }, caller: LoweredItem | undefined): Instantiation {
    const entry = this.instanceEntry(fn, args, call, caller);
    if ('recursive' in entry) return entry.recursive;
    const first = entry.errors[0];
    this.record({ kind: 'instance', fn, args, ret: entry.ret, error: first?.message, call });
    return { ret: entry.ret, error: first ? shiftDiagnostic(first, fn.item.start) : undefined };
  }

  /**
   * The checked bodies of a generic function for every instantiation a live call asks for
   * (names in a generic body resolve only in them: `p.x` is Vec2.x in one, Pt.x in another).
   */
  instanceChecks(decl: Ast.FunctionDecl): { readonly args: readonly Type[]; readonly check: ItemCheck }[] {
    const result: { args: readonly Type[]; check: ItemCheck }[] = [];
    for (const entry of this.instances.get(decl)?.values() ?? []) {
      if ([...entry.callers.keys()].some((caller) => this.liveItems.has(caller))) result.push({ args: entry.args, check: entry.check });
    }
    return result;
  }

  /** The check of a generic function's body for these argument types (for elaboration). */
  instanceCheck(fn: FunctionSymbol, args: readonly Type[]): ItemCheck | undefined {
    const entry = this.instanceEntry(fn, args, { file: fn.file, start: 0, end: 0 }, undefined);
    return 'recursive' in entry ? undefined : entry.check;
  }

  private instanceEntry(
    fn: FunctionSymbol, args: readonly Type[], call: { file: string; start: number; end: number }, caller: LoweredItem | undefined,
  ): CachedInstance | { recursive: Instantiation } {
    const key = args.map(typeKey).join(',');
    let cache = this.instances.get(fn.decl);
    if (!cache) this.instances.set(fn.decl, (cache = new Map()));
    let entry = cache.get(key);
    if (!entry || (!this.validatingInstances.has(entry) && !this.validInstance(entry))) {
      if (this.instancesInProgress.has(`${fn.key}|${key}`)) return { recursive: this.recursiveInstance(fn, args, call) };
      this.stats.instantiations++;
      const deps: Dependency[] = [];
      this.collectors.push(deps);
      const progressKey = `${fn.key}|${key}`;
      this.instancesInProgress.add(progressKey);
      let checker: Checker;
      let ret: Type;
      try {
        checker = new Checker(this.host(fn.file, true), fn.item);
        ret = checker.checkFunction(fn.decl, { kind: 'instantiate', types: args });
      } finally {
        this.instancesInProgress.delete(progressKey);
        this.collectors.pop();
      }
      const check = checker.result();
      const errors = check.diagnostics.filter((d) => d.severity === 'error');
      const previous = entry;
      entry = { file: fn.file, args, ret, errors, check, deps, summaryRevision: this.summaryRevision, factRevision: this.factRevision, callers: entry?.callers ?? new Map() };
      cache.set(key, entry);
      if (previous?.errors.map((e) => e.message).join() !== errors.map((e) => e.message).join()) this.instancesChanged(fn.file);
    }
    if (caller) {
      if (!entry.callers.has(caller)) this.instancesChanged(fn.file);
      entry.callers.set(caller, call);
      let registered = this.registrations.get(caller);
      if (!registered) this.registrations.set(caller, (registered = new Set()));
      registered.add(entry);
    }
    return entry;
  }

  /**
   * A generic function that calls itself with the same argument types, while that instance is
   * being checked: its declared return type, or, when it has none, an error (the return type
   * is needed before the body has given it).
   */
  private recursiveInstance(fn: FunctionSymbol, args: readonly Type[], call: { file: string; start: number; end: number }): Instantiation {
    this.record({ kind: 'instance', fn, args, ret: T.error, error: 'recursive', call });
    if (fn.decl.returnType) return { ret: this.resolver(fn).resolveType(fn.decl.returnType), error: undefined };
    const message = `its return type is needed before any 'return' gives it; write '-> T'`;
    return { ret: T.error, error: { code: Code.CannotInfer, severity: 'error', message, ...symbolNameRange(fn) } };
  }

  /** An item leaves its file: it is no longer live and calls nothing. */
  protected retire(item: LoweredItem): void {
    this.liveItems.delete(item);
    this.withdrawCalls(item);
  }

  /** Forgets the instantiations an item asked for (it is re-checked, or gone). */
  protected withdrawCalls(item: LoweredItem): void {
    for (const entry of this.registrations.get(item) ?? []) {
      entry.callers.delete(item);
      this.instancesChanged(entry.file);
    }
    this.registrations.delete(item);
  }

  protected instancesChanged(file: string): void {
    const state = this.files.get(file);
    if (state) state.instanceRevision++;
  }

  protected readonly validatingInstances = new Set<CachedInstance>();

  protected validInstance(entry: CachedInstance): boolean {
    this.validatingInstances.add(entry);
    try {
      return this.isValid(entry, undefined);
    } finally {
      this.validatingInstances.delete(entry);
    }
  }


  // ------------------------------------------------------------------ defined by later layers

  protected abstract underWay(item: LoweredItem): boolean;
  protected abstract host(file: string, recording: boolean, item?: LoweredItem): CheckHost;
  protected abstract isValid(entry: CachedCheck | CachedInstance, item: LoweredItem | undefined): boolean;
}
