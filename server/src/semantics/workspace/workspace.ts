// The workspace: every file's syntax, its declarations, its module scope and the checks of its
// items, kept up to date incrementally (Langium's document states: parsed -> indexed -> linked
// -> validated, each step redone only when its inputs changed).
//
// How an edit propagates:
// - The document re-lowers only the items the edit touched (syntax/document.ts).
// - A new item whose summary key equals a removed item's key takes over that item's symbols:
//   nothing observable from outside changed, so no counter moves. Otherwise the file's
//   summary version and the workspace's summary revision go up.
// - Each item check records the exact dependencies it used: module-level names and what they
//   resolved to, signatures, global types, struct fields, instantiations. A cached check is
//   still valid when every dependency still gives the same answer; when neither summaries nor
//   inferred facts changed since it was last validated, that is known without looking.

//
// The workspace is a chain of classes, one concern per file: store.ts (files and revisions)
// -> symbol-index.ts (symbols, imports, scopes) -> facts.ts (signatures, globals, fields,
// members, instantiations) -> checks.ts (item checks and their validity) -> this file (every
// diagnostic of a file).

import * as path from 'node:path';
import { shiftDiagnostic, type Ast, type Diagnostic } from '../../syntax';
import { Code } from '../codes';
import { type Binding, type ModuleScope } from '../scope';
import type { FunctionSymbol, Symbol } from '../symbols';
import { typeKey, typeToString } from '../types';
import { CheckStore } from './checks';
import type { FileState } from './files';
import { symbolNameRange } from '../symbols';


export class Workspace extends CheckStore {
  // ------------------------------------------------------------------ diagnostics

  /** Every diagnostic of a file: syntax, declarations, imports and each item's check. */
  diagnostics(file: string): Diagnostic[] {
    const state = this.files.get(file);
    if (!state) return [];
    const key = this.diagnosticsKey(state);
    if (state.diagnostics?.key === key) return state.diagnostics.diagnostics;
    const result = this.computeDiagnostics(state);
    state.diagnostics = { key, diagnostics: result };
    return result;
  }

  /** Nothing a file's diagnostics depend on can change without one of these moving. */
  private diagnosticsKey(state: FileState): string {
    return `${state.contentRevision}|${state.instanceRevision}|${this.summaryRevision}|${this.factRevision}|${this.fileSetRevision}`;
  }

  /**
   * Where a file is in its lifecycle (Langium's document states), as the caches say:
   * - `parsed`: its text is parsed and lowered (a known file is never less);
   * - `indexed`: its module-level symbols are made (every known file is indexed: symbols are
   *   made as soon as its items change);
   * - `linked`: its module scope (imports, overload sets) is built for the current
   *   declarations of every file it sees;
   * - `checked`: its diagnostics are computed for the current state of everything they use.
   * An edit of the file, or a change of declarations it sees, moves it back.
   */
  documentState(file: string): DocumentState | undefined {
    const state = this.files.get(file);
    if (!state) return undefined;
    if (state.diagnostics?.key === this.diagnosticsKey(state)) return 'checked';
    if (state.scope?.stamp === this.stamp(state)) return 'linked';
    return 'indexed';
  }

  protected computeDiagnostics(state: FileState): Diagnostic[] {
    const file = state.path;
    const result = state.doc.diagnostics();
    const scope = this.scope(file);
    for (const { symbol, first } of scope.duplicates) {
      if (!this.alive(symbol)) continue;
      const range = symbolNameRange(symbol);
      const firstRange = symbolNameRange(first);
      result.push({
        code: Code.Duplicate, severity: 'error', message: `'${symbol.name}' is already defined`, ...range,
        related: [{ file: first.file, ...firstRange, message: 'first defined here' }],
      });
    }
    result.push(...this.importDiagnostics(state, scope));
    result.push(...this.duplicateSignatures(file, scope));
    const used = new Set<Symbol>();
    for (const item of state.items) {
      const check = this.check(file, item);
      for (const d of check.diagnostics) result.push(shiftDiagnostic(d, item.start));
      for (const symbol of check.used) used.add(symbol);
    }
    result.push(...this.unusedImports(state, scope, used));
    result.push(...this.instantiationDiagnostics(state));
    return result.sort((a, b) => a.start - b.start || a.end - b.end || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0));
  }

  protected importDiagnostics(state: FileState, scope: ModuleScope): Diagnostic[] {
    void scope;
    const result: Diagnostic[] = [];
    let sawDeclaration = false;
    for (const item of state.items) {
      const decl = item.decl;
      if (decl.kind !== 'import') {
        if (decl.kind !== 'error-decl') sawDeclaration = true;
        continue;
      }
      const at = (span: Ast.Span) => ({ start: item.start + span.start, end: item.start + span.end });
      if (sawDeclaration) result.push({ code: Code.ImportOrder, severity: 'error', message: 'imports must come before all declarations', ...at(decl.span) });
      if (decl.path === '') continue;
      const resolution = this.resolveImport(state.path, decl.path);
      if (!resolution.file) {
        result.push({
          code: Code.ImportNotFound, severity: 'error', message: `cannot find module '${decl.path}'`, ...at(decl.pathSpan),
          related: resolution.tried.map((tried) => ({ file: tried, start: 0, end: 0, message: `looked for ${tried}` })),
        });
        continue;
      }
      const cycle = this.cycleThrough(state.path, resolution.file);
      if (cycle) {
        result.push({ code: Code.ImportCycle, severity: 'error', message: `import cycle: ${cycle.map((f) => path.basename(f)).join(' -> ')}`, ...at(decl.pathSpan) });
      }
    }
    return result;
  }

  /** The import path from `next` back to `file`, if `file` imports `next` and that leads back. */
  protected cycleThrough(file: string, next: string): string[] | undefined {
    const seen = new Set<string>();
    const walk = (current: string, trail: string[]): string[] | undefined => {
      if (current === file) return trail;
      if (seen.has(current)) return undefined;
      seen.add(current);
      for (const { resolution } of this.imports(current)) {
        if (!resolution.file) continue;
        const found = walk(resolution.file, [...trail, resolution.file]);
        if (found) return found;
      }
      return undefined;
    };
    const trail = walk(next, [file, next]);
    return trail;
  }

  /**
   * Functions of the file whose parameter types equal another function of the same set from
   * the file or an explicit import (a standard-library one is replaced, not duplicated).
   */
  protected duplicateSignatures(file: string, scope: ModuleScope): Diagnostic[] {
    const result: Diagnostic[] = [];
    for (const binding of scope.values.values()) {
      if (binding.kind !== 'functions') continue;
      // Grouped by parameter types, so a set of thousands of overloads costs one pass.
      const groups = new Map<string, FunctionSymbol[]>();
      for (const f of binding.functions) {
        if (scope.origins.get(f) === 'std') continue;
        const signature = this.resolvedSignature(f);
        const key = `${signature.params.map(typeKey).join(',')}${signature.variadic ? ',...' : ''}`;
        const group = groups.get(key);
        if (group) group.push(f);
        else groups.set(key, [f]);
      }
      for (const group of groups.values()) {
        if (group.length < 2) continue;
        for (const a of group) {
          if (a.file !== file) continue;
          const other = group.find((b) => b !== a)!;
          const params = this.resolvedSignature(a).params.map(typeToString).join(', ');
          result.push({
            code: Code.Duplicate,
            severity: 'error',
            message: `'${a.name}(${params})' is defined twice with the same parameter types`,
            ...symbolNameRange(a),
            related: [{ file: other.file, ...symbolNameRange(other), message: 'the other definition' }],
          });
        }
      }
    }
    return result;
  }


  protected unusedImports(state: FileState, scope: ModuleScope, used: ReadonlySet<Symbol>): Diagnostic[] {
    const result: Diagnostic[] = [];
    for (const item of state.items) {
      const decl = item.decl;
      if (decl.kind !== 'import' || decl.path === '') continue;
      const resolution = this.resolveImport(state.path, decl.path);
      if (!resolution.file || this.files.get(resolution.file)?.std) continue;
      // By path and alias, not by node: an edit that leaves the file's declarations as they were
      // (retyping the same text) re-lowers the import items but keeps the scope built from the old ones.
      const alias = decl.alias?.text;
      const isUsed = alias !== undefined
        ? [...used].some((s) => s.kind === 'module' && s.name === alias && s.file === state.path)
        : [...used].some((s) => s.kind !== 'local' && s.kind !== 'field' && s.kind !== 'enum-member' && scope.importedBy.get(s)?.path === decl.path);
      if (!isUsed) {
        result.push({ code: Code.UnusedImport, severity: 'warning', message: `import '${decl.path}' is never used`, start: item.start + decl.span.start, end: item.start + decl.span.end, unnecessary: true });
      }
    }
    return result;
  }

  /** Errors inside a file's generic functions, for each instantiation a live call asked for. */
  protected instantiationDiagnostics(state: FileState): Diagnostic[] {
    const result: Diagnostic[] = [];
    for (const item of state.items) {
      if (item.decl.kind !== 'function') continue;
      const decl = item.decl;
      for (const entry of this.instances.get(decl)?.values() ?? []) {
        const calls = [...entry.callers].filter(([caller]) => this.liveItems.has(caller));
        if (calls.length === 0) continue;
        const args = entry.args.map(typeToString).join(', ');
        for (const error of entry.errors) {
          result.push({
            ...shiftDiagnostic(error, item.start),
            code: Code.InInstantiation,
            message: `${error.message} (in '${decl.name.text}' instantiated with (${args}))`,
            related: calls.map(([, call]) => ({ ...call, message: 'instantiated here' })),
          });
        }
      }
    }
    return result;
  }

}

export type { ModuleScope, Binding };

export type DocumentState = 'parsed' | 'indexed' | 'linked' | 'checked';
