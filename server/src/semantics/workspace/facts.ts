// Facts about declarations that other items use, each answered on demand and recorded as a
// dependency of the check asking: signatures (inferred return types included), globals'
// types and constant values, struct fields, enum members, the context type, and generic
// instantiations (checked once per argument-type tuple, with the calls that asked for them).

import {
  shiftDiagnostic, type Ast, type LoweredItem } from '../../syntax';
import { Checker } from '../check/checker';
import type { CheckHost, Instantiation } from '../check/host';


import { type Binding } from '../scope';

import type {
  DeclSymbol, EnumMemberSymbol, EnumSymbol, FieldSymbol, FunctionSymbol, GlobalSymbol, ModuleSymbol, StructSymbol } from '../symbols';
import { sameType, T, typeToString, type FunctionType, type StructType, type Type } from '../types';
import { SymbolIndex } from './symbol-index';
import type { CachedCheck, CachedInstance, CheckFrame, Dependency } from './dependencies';


export abstract class FactStore extends SymbolIndex {
  protected readonly checks = new WeakMap<LoweredItem, CachedCheck>();
  protected readonly instances = new WeakMap<Ast.FunctionDecl, Map<string, CachedInstance>>();
  protected readonly signatures = new WeakMap<FunctionSymbol, { stamp: string; item: LoweredItem; type: FunctionType }>();
  protected readonly resolvedFields = new WeakMap<StructSymbol, string>();
  protected readonly resolvedEnums = new WeakMap<EnumSymbol, string>();
  protected readonly resolvingEnums = new Set<EnumSymbol>();
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
    const binding = this.scope(file).values.get(name);
    this.record({ kind: 'name', file, name, binding });
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

  signature(fn: FunctionSymbol): FunctionType {
    const type = this.resolvedSignature(fn);
    this.record({ kind: 'signature', fn, type });
    return type;
  }

  protected resolvedSignature(fn: FunctionSymbol): FunctionType {
    if (fn.nested) return fn.type;
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
    if (!fn.decl.returnType && !fn.foreign && !fn.generic) {
      const ret = this.underWay(fn.item) ? T.error : (this.check(fn.file, fn.item).returnType ?? T.void);
      if (!sameType(ret, cached.type.ret)) cached.type = { ...cached.type, ret };
    }
    fn.type = cached.type;
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
    symbol.type = result.type;
    symbol.value = value;
    this.record({ kind: 'global', symbol, type: result.type, value });
    return result;
  }

  fields(symbol: StructSymbol): readonly FieldSymbol[] {
    const state = this.files.get(symbol.file);
    const stamp = state ? this.stamp(state) : '';
    if (this.resolvedFields.get(symbol) !== stamp) {
      const resolver = this.resolver(symbol);
      symbol.fields.forEach((field, i) => {
        field.type = resolver.resolveType(symbol.decl.fields[i]!.type);
      });
      this.resolvedFields.set(symbol, stamp);
    }
    this.record({ kind: 'fields', symbol, types: symbol.fields.map((f) => f.type) });
    return symbol.fields;
  }

  members(symbol: EnumSymbol): readonly EnumMemberSymbol[] {
    // A member's value may name the enum's own members. While they are being resolved, a
    // re-entrant call sees the values so far and 0 for the rest, whatever the history, so fresh
    // and incremental analyses agree; the checker reports the members used too early. The
    // outer call records the dependency on the final values.
    if (this.resolvingEnums.has(symbol)) return symbol.members;
    const state = this.files.get(symbol.file);
    const stamp = `${state ? this.stamp(state) : ''}|${this.factRevision}`;
    if (this.resolvedEnums.get(symbol) !== stamp) {
      this.resolvingEnums.add(symbol);
      try {
        this.resolveMembers(symbol);
      } finally {
        this.resolvingEnums.delete(symbol);
      }
      this.resolvedEnums.set(symbol, stamp);
    }
    this.record({ kind: 'members', symbol, values: symbol.members.map((m) => m.value) });
    return symbol.members;
  }

  protected resolveMembers(symbol: EnumSymbol): void {
    const resolver = this.resolver(symbol);
    symbol.backing = symbol.decl.backing ? resolver.resolveType(symbol.decl.backing) : T.i64;
    for (const member of symbol.members) member.value = 0n;
    let next = 0n;
    symbol.members.forEach((member, i) => {
      const valueExpr = symbol.decl.members[i]!.value;
      let value = next;
      if (valueExpr) {
        resolver.expr(valueExpr);
        value = resolver.constValue(valueExpr) ?? next;
      }
      member.value = value;
      next = value + 1n;
    });
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
    const key = args.map(typeToString).join(',');
    let cache = this.instances.get(fn.decl);
    if (!cache) this.instances.set(fn.decl, (cache = new Map()));
    let entry = cache.get(key);
    if (!entry || (!this.validatingInstances.has(entry) && !this.validInstance(entry))) {
      if (this.inProgress.has(fn.item)) return { ret: T.error, error: undefined }; // recursive instantiation
      this.stats.instantiations++;
      const deps: Dependency[] = [];
      this.collectors.push(deps);
      this.inProgress.add(fn.item);
      let checker: Checker;
      let ret: Type;
      try {
        checker = new Checker(this.host(fn.file, true), fn.item);
        ret = checker.checkFunction(fn.decl, { kind: 'instantiate', types: args });
      } finally {
        this.inProgress.delete(fn.item);
        this.collectors.pop();
      }
      const errors = checker.result().diagnostics.filter((d) => d.severity === 'error');
      const previous = entry;
      entry = { file: fn.file, args, ret, errors, deps, summaryRevision: this.summaryRevision, factRevision: this.factRevision, callers: entry?.callers ?? new Map() };
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
    const first = entry.errors[0];
    this.record({ kind: 'instance', fn, args, ret: entry.ret, error: first?.message, call });
    return { ret: entry.ret, error: first ? shiftDiagnostic(first, fn.item.start) : undefined };
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
