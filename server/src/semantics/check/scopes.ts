// Block scopes: locals and parameters, the nested functions and types a block declares
// (hoisted, so they are visible in the whole block), shadowing and unused-variable rules.

import type { Ast } from '../../syntax';
import { Code } from '../codes';
import type { EnumMemberSymbol, EnumSymbol, FieldSymbol, FunctionSymbol, LocalSymbol, StructSymbol } from '../symbols';
import { T, type FunctionType, type Type } from '../types';
import type { ScopeRecord } from './host';
import { makeEnumSymbol, makeStructSymbol, localRoleWord } from '../symbols';
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
      if (this.usedLocals.has(local) || local.role === 'param' || local.name.startsWith('_') || local.nameNode.missing) continue;
      const what = localRoleWord(local);
      this.report(Code.Unused, local.nameNode, `${what} '${local.name}' is never used`, { severity: 'warning', unnecessary: true });
    }
  }

  protected declareLocal(name: Ast.Name, role: LocalSymbol['role'], type: Type, owner: Ast.FunctionDecl | undefined, options: { isParam?: boolean; value?: bigint } = {}): LocalSymbol {
    const isParam = options.isParam ?? false;
    const symbol: LocalSymbol = {
      kind: 'local', key: this.localKey(name.id), name: name.text, file: this.host.file, role, item: this.item,
      nameNode: name, type, owner, value: options.value,
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
        const role = localRoleWord(shadowed.symbol, { loop: 'variable' });
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
        if (symbol?.kind === 'function') this.localSignatures.set(symbol, this.localSignature(s.decl));
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
      const signature = this.localSignatures.get(symbol)!;
      this.localSignatures.set(symbol, { ...signature, ret: this.checkFunction(s.decl, { kind: 'declared' }) });
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
    const init = { key: this.localKey(decl.id), name: decl.name.text, file: this.host.file, item: this.item, nameNode: decl.name, nested: true };
    const symbol = decl.kind === 'struct'
      ? makeStructSymbol({ ...init, decl }, (f) => this.localKey(f.id))
      : makeEnumSymbol({ ...init, decl }, (m) => this.localKey(m.id));
    this.refs.set(decl.name.id, symbol);
    const parts: readonly (FieldSymbol | EnumMemberSymbol)[] = symbol.kind === 'struct' ? symbol.fields : symbol.members;
    for (const part of parts) this.refs.set(part.nameNode.id, part);
    return symbol;
  }

  /**
   * Works out a nested struct's field types or a nested enum's values when its block begins,
   * quietly: the constants declared before it in the block are not known yet. At its
   * declaration they are worked out again, for real (checkStructDecl, checkEnumDecl), and are
   * final from there on.
   */
  protected completeLocalType(decl: Ast.StructDecl | Ast.EnumDecl): void {
    const symbol = this.refs.get(decl.name.id);
    this.quiet++;
    if (symbol?.kind === 'struct' && decl.kind === 'struct') {
      for (const field of symbol.fields) this.localFieldTypes.set(field, this.resolveType(decl.fields[field.index]!.type));
    } else if (symbol?.kind === 'enum' && decl.kind === 'enum') {
      // Members first, then their values in order, as for module-level enums (a value may use
      // the members before it).
      const backing = decl.backing ? this.resolveType(decl.backing) : T.i64;
      const values = symbol.members.map(() => 0n);
      this.localEnums.set(symbol, { backing, values });
      let next = 0n;
      decl.members.forEach((member, i) => {
        if (member.value) this.expr(member.value);
        values[i] = (member.value ? this.constValue(member.value) : undefined) ?? next;
        next = values[i]! + 1n;
      });
    }
    this.quiet--;
  }
}
