// Block scopes: locals and parameters, the nested functions and types a block declares
// (hoisted, so they are visible in the whole block), shadowing and unused-variable rules.

import type { Ast } from '../../syntax';
import { Code } from '../codes';

import type {
  EnumMemberSymbol, EnumSymbol, FieldSymbol, FunctionSymbol, LocalSymbol, StructSymbol } from '../symbols';
import {
  T, type FunctionType, type StructType, type Type } from '../types';
import type { ScopeRecord } from './host';

import { TypeExprChecker } from './type-exprs';
import { type FnContext, type BlockScope, entrySymbol } from './base';

export abstract class ScopeChecker extends TypeExprChecker {
  // ------------------------------------------------------------------ scopes

  protected withBlock<R>(span: Ast.Span, fn: FnContext | undefined, body: () => R): R {
    const record: ScopeRecord = { start: span.start, end: span.end, fn: (fn ?? this.fn)?.decl, entries: [] };
    this.scopeRecords.push(record);
    const scope: BlockScope = { names: new Map(), record, fn: fn ?? this.fn };
    this.blocks.push(scope);
    try {
      return body();
    } finally {
      this.blocks.pop();
      this.reportUnused(scope);
    }
  }

  protected reportUnused(scope: BlockScope): void {
    for (const entry of scope.names.values()) {
      if (entry.kind !== 'local') continue;
      const local = entry.symbol;
      if (local.used || local.role === 'param' || local.name.startsWith('_') || local.nameNode.missing) continue;
      const what = local.role === 'loop' ? 'loop variable' : local.role === 'const' ? 'constant' : 'variable';
      this.report(Code.Unused, local.nameNode, `${what} '${local.name}' is never used`, { severity: 'warning', unnecessary: true });
    }
  }

  protected declareLocal(name: Ast.Name, role: LocalSymbol['role'], type: Type, owner: Ast.FunctionDecl | undefined, isParam = false): LocalSymbol {
    const symbol: LocalSymbol = {
      kind: 'local', key: this.localKey(name.id), name: name.text, file: this.host.file, role, item: this.item,
      nameNode: name, type, owner, used: false, value: undefined,
    };
    this.refs.set(name.id, symbol);
    this.types.set(name.id, type);
    if (name.missing || name.text === '' || name.text === '_') return symbol; // `_` declares nothing
    const scope = this.blocks[this.blocks.length - 1]!;
    const existing = scope.names.get(name.text);
    if (existing) {
      const other = entrySymbol(existing);
      this.report(Code.Duplicate, name, `'${name.text}' is already defined`, other ? { related: [this.related(other, 'first defined here')] } : {});
    } else if (!isParam) {
      // A local may not shadow a local of an enclosing block of the same function.
      const shadowed = this.findLocal(name.text, 1);
      if (shadowed && shadowed.kind === 'local' && shadowed.fn === this.fn) {
        const role = shadowed.symbol.role === 'param' ? 'parameter' : shadowed.symbol.role === 'const' ? 'constant' : 'variable';
        this.report(Code.Shadowing, name, `'${name.text}' shadows a ${role} of an enclosing block`, { related: [this.related(shadowed.symbol, 'declared here')] });
      }
    }
    scope.names.set(name.text, { kind: 'local', symbol, fn: this.fn });
    scope.record.entries.push({ symbol, from: name.span.end });
    return symbol;
  }

  /** Declares the nested functions, structs and enums of a block before its statements run. */
  protected hoist(statements: readonly Ast.Stmt[]): void {
    const scope = this.blocks[this.blocks.length - 1]!;
    for (const s of statements) {
      if (s.kind !== 'decl-stmt') continue;
      const decl = s.decl;
      if (decl.name.missing) continue;
      if (decl.kind === 'function') {
        const symbol: FunctionSymbol = {
          kind: 'function', key: this.localKey(decl.id), name: decl.name.text, file: this.host.file, item: this.item, nameNode: decl.name,
          decl, foreign: undefined, generic: decl.params.some((p) => !p.type), nested: true,
          type: { kind: 'function', params: [], ret: T.error, variadic: false },
        };
        this.refs.set(decl.name.id, symbol);
        this.nested.push(symbol);
        const existing = scope.names.get(symbol.name);
        if (existing?.kind === 'functions') existing.functions.push(symbol);
        else {
          if (existing) this.report(Code.Duplicate, decl.name, `'${symbol.name}' is already defined`);
          scope.names.set(symbol.name, { kind: 'functions', functions: [symbol] });
        }
        scope.record.entries.push({ symbol, from: scope.record.start });
      } else {
        const symbol = this.localTypeSymbol(decl);
        if (scope.names.has(symbol.name)) this.report(Code.Duplicate, decl.name, `'${symbol.name}' is already defined`);
        else scope.names.set(symbol.name, { kind: 'type', symbol });
        scope.record.entries.push({ symbol, from: scope.record.start });
      }
    }
    // Signatures after every name of the block is known (they may mention each other).
    for (const s of statements) {
      if (s.kind === 'decl-stmt' && s.decl.kind === 'function') {
        const symbol = this.refs.get(s.decl.name.id);
        if (symbol?.kind === 'function') symbol.type = this.localSignature(s.decl);
      } else if (s.kind === 'decl-stmt') {
        this.completeLocalType(s.decl as Ast.StructDecl | Ast.EnumDecl);
      }
    }
    // A nested function without a return type may be called before its declaration: infer
    // its return type now, quietly (the real check runs at the declaration).
    for (const s of statements) {
      if (s.kind !== 'decl-stmt' || s.decl.kind !== 'function' || s.decl.returnType || s.decl.params.some((p) => !p.type)) continue;
      const symbol = this.refs.get(s.decl.name.id);
      if (symbol?.kind !== 'function') continue;
      const records = this.scopeRecords.length;
      const nested = this.nested.length;
      this.quiet++;
      symbol.type = { ...symbol.type, ret: this.checkFunction(s.decl, { kind: 'declared' }) };
      this.quiet--;
      this.scopeRecords.length = records;
      this.nested.length = nested;
    }
  }

  protected localSignature(decl: Ast.FunctionDecl): FunctionType {
    const untyped = decl.params.find((p) => !p.type);
    if (untyped) this.report(Code.CannotInfer, untyped, `a nested function cannot be generic; give '${untyped.name.text}' a type`);
    const params = decl.params.map((p) => (p.type ? this.resolveType(p.type) : T.generic));
    const ret = decl.returnType ? this.resolveType(decl.returnType) : T.void;
    return { kind: 'function', params, ret, variadic: false };
  }

  protected localTypeSymbol(decl: Ast.StructDecl | Ast.EnumDecl): StructSymbol | EnumSymbol {
    if (decl.kind === 'struct') {
      const symbol = { kind: 'struct', key: this.localKey(decl.id), name: decl.name.text, file: this.host.file, item: this.item, nameNode: decl.name, decl, fields: [] } as unknown as StructSymbol;
      (symbol as { type: StructType }).type = { kind: 'struct', symbol };
      this.localTypes.add(symbol);
      this.refs.set(decl.name.id, symbol);
      return symbol;
    }
    const symbol = { kind: 'enum', key: this.localKey(decl.id), name: decl.name.text, file: this.host.file, item: this.item, nameNode: decl.name, decl, backing: T.i64, members: [] } as unknown as EnumSymbol;
    (symbol as { type: Type }).type = { kind: 'enum', symbol };
    this.localTypes.add(symbol);
    this.refs.set(decl.name.id, symbol);
    return symbol;
  }

  protected completeLocalType(decl: Ast.StructDecl | Ast.EnumDecl): void {
    const symbol = this.refs.get(decl.name.id);
    if (symbol?.kind === 'struct' && decl.kind === 'struct') {
      symbol.fields = decl.fields.map((f, index) => {
        const field: FieldSymbol = { kind: 'field', key: this.localKey(f.id), name: f.name.text, file: this.host.file, item: this.item, nameNode: f.name, owner: symbol, index, type: this.resolveType(f.type), hasDefault: f.value !== undefined };
        this.refs.set(f.name.id, field);
        return field;
      });
    } else if (symbol?.kind === 'enum' && decl.kind === 'enum') {
      symbol.backing = decl.backing ? this.resolveType(decl.backing) : T.i64;
      // Members first, then their values in order, as for module-level enums (a value may use
      // the members before it). The values are checked quietly here and for real at the
      // declaration.
      symbol.members = decl.members.map((m) => {
        const member: EnumMemberSymbol = { kind: 'enum-member', key: this.localKey(m.id), name: m.name.text, file: this.host.file, item: this.item, nameNode: m.name, owner: symbol, value: 0n };
        this.refs.set(m.name.id, member);
        return member;
      });
      let next = 0n;
      this.quiet++;
      symbol.members.forEach((member, i) => {
        const valueExpr = decl.members[i]!.value;
        if (valueExpr) this.expr(valueExpr);
        member.value = (valueExpr ? this.constValue(valueExpr) : undefined) ?? next;
        next = member.value + 1n;
      });
      this.quiet--;
    }
  }
}
