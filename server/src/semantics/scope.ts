// Module scopes: what a name means at the top level of a file. Functions of one name form an
// overload set across the file, its unaliased imports and the standard library (seed 000: "If
// name already maps to overload set add new function to it"); any other name is a single
// symbol, and the file's own declarations shadow imported and standard ones.

import type { Ast } from '../syntax';
import type { DeclSymbol, FunctionSymbol, ModuleSymbol } from './symbols';

export type Binding =
  | { readonly kind: 'single'; readonly symbol: DeclSymbol }
  | { readonly kind: 'functions'; readonly functions: readonly FunctionSymbol[] };

/** Where a module-level name came from: this file, an explicit import, or the standard library. */
export type Origin = 'own' | 'import' | 'std';

export interface ModuleScope {
  readonly file: string;
  readonly values: ReadonlyMap<string, Binding>;
  /** The origin of every symbol in the scope. */
  readonly origins: ReadonlyMap<DeclSymbol, Origin>;
  /** For symbols brought by an explicit import: that import (for the unused-import warning). */
  readonly importedBy: ReadonlyMap<DeclSymbol, Ast.ImportDecl>;
  /** Declarations that clash with an earlier one of the same name (reported at `symbol`). */
  readonly duplicates: readonly { readonly symbol: DeclSymbol; readonly first: DeclSymbol }[];
  /**
   * Names that two unaliased imports both declare (not as functions) and the file does not:
   * every use is an error, since neither import has the better claim.
   */
  readonly ambiguous: ReadonlyMap<string, readonly DeclSymbol[]>;
}

export interface ScopeLayer {
  readonly origin: Origin;
  readonly symbols: readonly DeclSymbol[];
  /** The import that provides this layer (explicit imports only). */
  readonly via?: Ast.ImportDecl;
}

/** Builds a scope from layers given from the lowest priority (std) to the highest (own). */
export function buildScope(file: string, layers: readonly ScopeLayer[], aliases: readonly ModuleSymbol[]): ModuleScope {
  const values = new Map<string, Binding>();
  const origins = new Map<DeclSymbol, Origin>();
  const importedBy = new Map<DeclSymbol, Ast.ImportDecl>();
  const duplicates: { symbol: DeclSymbol; first: DeclSymbol }[] = [];
  const duplicate = (symbol: DeclSymbol, first: DeclSymbol) => duplicates.push({ symbol, first });
  const ambiguous = new Map<string, DeclSymbol[]>();

  for (const layer of layers) {
    for (const symbol of layer.symbols) {
      if (origins.has(symbol)) continue; // the same declaration reached through two imports
      origins.set(symbol, layer.origin);
      if (layer.via) importedBy.set(symbol, layer.via);
      const existing = values.get(symbol.name);
      if (symbol.kind === 'function' && existing?.kind === 'functions') {
        // Sets are built in place (they are new arrays of this scope), not copied per member.
        (existing.functions as FunctionSymbol[]).push(symbol);
        continue;
      }
      if (existing) {
        const other = existing.kind === 'single' ? existing.symbol : existing.functions[0]!;
        if (origins.get(other) === 'own' && layer.origin === 'own') {
          duplicate(symbol, other); // keep the first definition
          continue;
        }
        if (origins.get(other) === 'import' && layer.origin === 'import') {
          ambiguous.set(symbol.name, [...(ambiguous.get(symbol.name) ?? [other]), symbol]);
        } else {
          ambiguous.delete(symbol.name); // the file's own declaration decides
        }
        // Otherwise the later layer has the higher priority and shadows the name.
      }
      values.set(symbol.name, symbol.kind === 'function' ? { kind: 'functions', functions: [symbol] } : { kind: 'single', symbol });
    }
  }
  for (const alias of aliases) {
    const existing = values.get(alias.name);
    if (existing) {
      const other = existing.kind === 'single' ? existing.symbol : existing.functions[0]!;
      if (origins.get(other) === 'own') duplicate(alias, other);
    }
    origins.set(alias, 'own');
    values.set(alias.name, { kind: 'single', symbol: alias });
  }
  for (const name of ambiguous.keys()) if (origins.get(bindingFirst(values.get(name)!)) === 'own') ambiguous.delete(name);
  return { file, values, origins, importedBy, duplicates, ambiguous };
}

function bindingFirst(binding: Binding): DeclSymbol {
  return binding.kind === 'single' ? binding.symbol : binding.functions[0]!;
}
