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

import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  shiftDiagnostic, SyntaxDocument, type Ast, type Diagnostic, type LoweredItem, type TextChange, type ZoltGrammar,
} from '../syntax';
import { Checker } from './check/checker';
import type { CheckHost, Instantiation, ItemCheck } from './check/host';
import { sameParams } from './check/overloads';
import { Code } from './codes';
import { isStdFile, resolveImport, type ImportResolution } from './modules';
import { buildScope, type Binding, type ModuleScope, type ScopeLayer } from './scope';
import { summarize } from './summary';
import type {
  DeclSymbol, EnumMemberSymbol, EnumSymbol, FieldSymbol, FunctionSymbol, GlobalSymbol, ModuleSymbol, StructSymbol, Symbol,
} from './symbols';
import { sameType, T, typeToString, type FunctionType, type StructType, type Type } from './types';

export interface FileSystem {
  readFile(file: string): string | undefined;
  exists(file: string): boolean;
}

export const nodeFileSystem: FileSystem = {
  readFile(file) {
    try {
      return fs.readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  },
  exists(file) {
    try {
      return fs.statSync(file).isFile();
    } catch {
      return false;
    }
  },
};

/** The standard library shipped with the server: server/std. */
export function defaultStdRoot(): string {
  const beside = path.join(__dirname, 'std'); // in a bundle
  if (fs.existsSync(beside)) return beside;
  return path.resolve(__dirname, '..', '..', 'std');
}

export interface WorkspaceStats {
  /** Items checked (a cached check that is still valid does not count). */
  itemChecks: number;
  /** Generic instantiations checked. */
  instantiations: number;
  /** Module scopes built. */
  scopes: number;
}

export interface ResolvedImport {
  readonly item: LoweredItem;
  readonly decl: Ast.ImportDecl;
  readonly resolution: ImportResolution;
}

/** A dependency of an item check, with the answer it got. */
type Dependency =
  | { readonly kind: 'name'; readonly file: string; readonly name: string; readonly binding: Binding | undefined }
  | { readonly kind: 'member'; readonly module: ModuleSymbol; readonly name: string; readonly binding: Binding | undefined }
  | { readonly kind: 'signature'; readonly fn: FunctionSymbol; readonly type: FunctionType }
  | { readonly kind: 'global'; readonly symbol: GlobalSymbol; readonly type: Type; readonly value: bigint | undefined }
  | { readonly kind: 'cycle'; readonly symbol: InferredSymbol; readonly seen: CycleView }
  | { readonly kind: 'fields'; readonly symbol: StructSymbol; readonly types: readonly Type[] }
  | { readonly kind: 'members'; readonly symbol: EnumSymbol; readonly values: readonly bigint[] }
  | {
      readonly kind: 'instance'; readonly fn: FunctionSymbol; readonly args: readonly Type[]; readonly ret: Type; readonly error: string | undefined;
      /** The call that asked for it (absolute offsets in its file). */
      readonly call: { file: string; start: number; end: number };
    }
  | { readonly kind: 'context'; readonly type: StructType | undefined };

interface CachedCheck {
  readonly result: ItemCheck;
  readonly deps: readonly Dependency[];
  summaryRevision: number;
  factRevision: number;
}

interface CachedInstance {
  /** The file of the generic function. */
  readonly file: string;
  readonly args: readonly Type[];
  readonly ret: Type;
  /** The errors inside the instantiated body, relative to the function's item. */
  readonly errors: readonly Diagnostic[];
  readonly deps: readonly Dependency[];
  summaryRevision: number;
  factRevision: number;
  /** The calls that asked for this instantiation, by the item that makes them. */
  readonly callers: Map<LoweredItem, { file: string; start: number; end: number }>;
}

/** What the workspace knows about one file. */
class FileState {
  summaryVersion = 0;
  /** Goes up whenever the file's items change (any edit that reaches the syntax). */
  contentRevision = 0;
  /** Goes up whenever the calls instantiating this file's generic functions change. */
  instanceRevision = 0;
  /** The items the symbols below were made from (to see what an update replaced). */
  items: readonly LoweredItem[] = [];
  readonly symbolsByItem = new Map<LoweredItem, DeclSymbol[]>();
  /** The summary key of each item. */
  readonly keys = new Map<LoweredItem, string>();
  scope: { stamp: string; scope: ModuleScope } | undefined;
  /** The imports as resolved for this summary version and file-set revision. */
  imports: { key: string; imports: ResolvedImport[] } | undefined;
  /** The scope stamp, for the revisions it was computed at. */
  stamp: { key: string; value: string } | undefined;
  /** The module-level declarations in order, for the summary version they were listed at. */
  declarations: { version: number; symbols: DeclSymbol[] } | undefined;
  /** The file's diagnostics, valid while the key (version and revisions) holds. */
  diagnostics: { key: string; diagnostics: Diagnostic[] } | undefined;
  constructor(
    readonly path: string,
    public doc: SyntaxDocument,
    /** Owned by an editor (its text is not the disk's). */
    public open: boolean,
    readonly std: boolean,
  ) {}
}

export class Workspace {
  private readonly files = new Map<string, FileState>();
  private readonly stdFiles: string[] = [];
  /** Goes up whenever any file's declarations change. */
  private summaryRevision = 0;
  /**
   * Changes whenever an inferred return or global type, a constant's value or a cycle of
   * inferred types changes; each value is new (they come from `revisions`).
   */
  private factRevision = 0;
  private revisions = 0;
  /** Goes up whenever a file appears or disappears (imports may resolve differently). */
  private fileSetRevision = 0;
  private readonly checks = new WeakMap<LoweredItem, CachedCheck>();
  private readonly instances = new WeakMap<Ast.FunctionDecl, Map<string, CachedInstance>>();
  private readonly signatures = new WeakMap<FunctionSymbol, { stamp: string; item: LoweredItem; type: FunctionType }>();
  private readonly resolvedFields = new WeakMap<StructSymbol, string>();
  private readonly resolvedEnums = new WeakMap<EnumSymbol, string>();
  private readonly resolvingEnums = new Set<EnumSymbol>();
  private readonly resolvedGlobals = new WeakMap<GlobalSymbol, { stamp: string; declared: Type | undefined }>();
  /** For each calling item, the instantiations it asked for (cleared when it is checked again). */
  private readonly registrations = new WeakMap<LoweredItem, Set<CachedInstance>>();
  /** Items whose cached check is being validated (dependency cycles answer with the cache). */
  private readonly validating = new Set<LoweredItem>();
  /** Items that are part of a file now (an edit or a removal retires them). */
  private readonly liveItems = new WeakSet<LoweredItem>();
  /** Items being checked right now (cycle detection for inferred types). */
  private readonly inProgress = new Set<LoweredItem>();
  /**
   * The item checks and validations under way, innermost last, each with the cycle of inferred
   * types it turned out to be part of.
   */
  private readonly checkStack: CheckFrame[] = [];
  /** Dependency collectors of the checks in progress (innermost last). */
  private readonly collectors: Dependency[][] = [];
  readonly stats: WorkspaceStats = { itemChecks: 0, instantiations: 0, scopes: 0 };

  constructor(
    private readonly grammar: ZoltGrammar,
    readonly stdRoot: string = defaultStdRoot(),
    private readonly fileSystem: FileSystem = nodeFileSystem,
  ) {
    let entries: string[] = [];
    try {
      entries = fs.readdirSync(stdRoot).filter((f) => f.endsWith('.zolt')).sort();
    } catch {
      // No standard library: every file is on its own.
    }
    for (const entry of entries) {
      const file = path.join(stdRoot, entry);
      const text = fileSystem.readFile(file);
      if (text === undefined) continue;
      this.files.set(file, this.newState(file, text, false));
      this.stdFiles.push(file);
    }
  }

  /** Frees every syntax tree (they live in WebAssembly memory, outside the garbage collector). */
  dispose(): void {
    for (const state of this.files.values()) state.doc.dispose();
    this.files.clear();
  }

  // ------------------------------------------------------------------ files

  /** Every file the workspace knows: opened, loaded from disk, imported, and the std library. */
  knownFiles(): string[] {
    return [...this.files.keys()];
  }

  isStd(file: string): boolean {
    return this.files.get(file)?.std ?? isStdFile(file, this.stdRoot);
  }

  document(file: string): SyntaxDocument | undefined {
    return this.files.get(file)?.doc;
  }

  /** An editor opened the file with this text. */
  open(file: string, text: string, version: number): void {
    const state = this.files.get(file);
    if (state && state.doc.text === text) {
      state.open = true;
      state.doc.version = version;
      return;
    }
    this.replace(file, text, version, true);
  }

  /** An editor changed an open file. */
  update(file: string, changes: readonly TextChange[], version: number): void {
    const state = this.files.get(file);
    if (!state) throw new Error(`update of a file that is not open: ${file}`);
    state.doc.update(changes, version);
    this.sync(state);
  }

  /** The editor closed the file: its text is the disk's again (or it is forgotten). */
  close(file: string): void {
    const state = this.files.get(file);
    if (!state) return;
    state.open = false;
    this.reload(file);
  }

  /** Loads (or reloads) a file from disk, unless an editor owns it. Returns whether it exists. */
  reload(file: string): boolean {
    const state = this.files.get(file);
    if (state?.open) return true;
    const text = this.fileSystem.readFile(file);
    if (text === undefined) {
      this.remove(file);
      return false;
    }
    if (state && state.doc.text === text) {
      state.doc.release(); // no editor shows it (any more)
      return true;
    }
    this.replace(file, text, 0, false);
    return true;
  }

  /** The file is gone (deleted on disk, or out of the workspace). */
  remove(file: string): void {
    const state = this.files.get(file);
    if (!state || state.std) return;
    for (const item of state.items) this.retire(item);
    state.doc.dispose();
    this.files.delete(file);
    this.summaryRevision++;
    this.fileSetRevision++;
  }

  private replace(file: string, text: string, version: number, open: boolean): void {
    const old = this.files.get(file);
    if (old) {
      // Apply as one edit, so unchanged items keep their symbols and checks.
      const lines = old.doc.lineIndex;
      old.doc.update([{ range: { start: { line: 0, character: 0 }, end: lines.position(old.doc.text.length) }, text }], version);
      old.open = open;
      this.sync(old);
      if (!open) old.doc.release();
      return;
    }
    this.files.set(file, this.newState(file, text, open, version));
    this.summaryRevision++;
    this.fileSetRevision++;
  }

  private newState(file: string, text: string, open: boolean, version = 0): FileState {
    const state = new FileState(file, SyntaxDocument.create(this.grammar, file, text, version), open, isStdFile(file, this.stdRoot));
    this.sync(state);
    // Only an editor's document needs its tree (for incremental edits and formatting).
    if (!open) state.doc.release();
    return state;
  }

  /** Brings a file's symbols up to date with its items. */
  private sync(state: FileState): void {
    const items = state.doc.items;
    const before = new Set(state.items);
    const now = new Set(items);
    const removed = state.items.filter((item) => !now.has(item));
    const added = items.filter((item) => !before.has(item));
    state.items = items;
    if (removed.length === 0 && added.length === 0) return;
    state.contentRevision++;
    for (const item of removed) this.retire(item);
    for (const item of added) this.liveItems.add(item);

    // An added item with the key of a removed one takes over its symbols.
    const byKey = new Map<string, LoweredItem[]>();
    for (const item of removed) {
      const key = state.keys.get(item)!;
      const list = byKey.get(key);
      if (list) list.push(item);
      else byKey.set(key, [item]);
    }
    let changed = false;
    const replaced: [LoweredItem, LoweredItem][] = [];
    for (const item of added) {
      const key = summarize(item, state.doc.text).key;
      state.keys.set(item, key);
      const old = byKey.get(key)?.shift();
      if (old) {
        const symbols = state.symbolsByItem.get(old) ?? [];
        repoint(symbols, item, state.doc.text);
        state.symbolsByItem.set(item, symbols);
        replaced.push([old, item]);
      } else {
        state.symbolsByItem.set(item, this.makeSymbols(state, item));
        changed = true;
      }
    }
    for (const list of byKey.values()) if (list.length > 0) changed = true;
    for (const item of removed) {
      state.symbolsByItem.delete(item);
      state.keys.delete(item);
    }
    if (changed) {
      state.summaryVersion++;
      this.summaryRevision++;
    }
    // A replaced item that others see through inferred facts (a return type, a global's type,
    // a constant's value) is checked again now: if its facts changed, every cached check must
    // look at its dependencies again. Otherwise nothing outside the item is affected.
    for (const [old, item] of replaced) {
      const kind = providesFacts(item.decl);
      if (kind === 'none') continue;
      const before = this.checks.get(old);
      if (kind === 'generic' || !before || changed) {
        this.factsChanged();
        continue;
      }
      // While the item is checked again its facts are unknown, so no cached check may assume
      // them unchanged without looking (one in a cycle through the item must find the cycle).
      // If nothing changed after all, the checks not looked at stay valid as they were.
      const revision = this.factRevision;
      this.factsChanged();
      const provisional = this.factRevision;
      const same = sameFacts(before.result, this.check(state.path, item));
      if (same && this.factRevision === provisional) this.factRevision = revision;
      else if (!same) this.factsChanged();
    }
  }

  private factsChanged(): void {
    this.factRevision = ++this.revisions;
  }

  private makeSymbols(state: FileState, item: LoweredItem): DeclSymbol[] {
    const summary = summarize(item, state.doc.text);
    const file = state.path;
    const key = `${file}#${summary.key}@${item.start}`;
    const symbols: DeclSymbol[] = [];
    if (summary.import?.alias) {
      const resolution = this.resolveImport(file, summary.import.path);
      symbols.push({ kind: 'module', key, name: summary.import.alias.text, file, item, nameNode: summary.import.alias, target: resolution.file });
    }
    summary.decls.forEach((decl, i) => {
      const declKey = `${key}#${i}`;
      switch (decl.kind) {
        case 'function': {
          const foreign = item.decl.kind === 'foreign' ? item.decl.library : undefined;
          symbols.push({
            kind: 'function', key: declKey, name: decl.name.text, file, item, nameNode: decl.name, decl, foreign,
            generic: decl.params.some((p) => !p.type) && foreign !== 'builtin', nested: false,
            type: { kind: 'function', params: [], ret: T.error, variadic: false },
          });
          break;
        }
        case 'struct': {
          const symbol = { kind: 'struct', key: declKey, name: decl.name.text, file, item, nameNode: decl.name, decl, fields: [] } as unknown as StructSymbol;
          (symbol as { type: StructType }).type = { kind: 'struct', symbol };
          symbol.fields = decl.fields.map((f, index) => ({
            kind: 'field', key: `${declKey}.${f.name.text}`, name: f.name.text, file, item, nameNode: f.name, owner: symbol, index, type: T.error, hasDefault: f.value !== undefined,
          }));
          symbols.push(symbol);
          break;
        }
        case 'enum': {
          const symbol = { kind: 'enum', key: declKey, name: decl.name.text, file, item, nameNode: decl.name, decl, backing: T.i64, members: [] } as unknown as EnumSymbol;
          (symbol as { type: Type }).type = { kind: 'enum', symbol };
          symbol.members = decl.members.map((m) => ({
            kind: 'enum-member', key: `${declKey}.${m.name.text}`, name: m.name.text, file, item, nameNode: m.name, owner: symbol, value: 0n,
          }));
          symbols.push(symbol);
          break;
        }
        case 'const':
        case 'var':
          symbols.push({
            kind: 'global', key: declKey, name: decl.name.text, file, item, nameNode: decl.name, decl, constant: decl.kind === 'const', type: T.error, value: undefined,
          });
          break;
      }
    });
    return symbols;
  }

  resolveImport(fromFile: string, importPath: string): ImportResolution {
    const resolution = resolveImport(fromFile, importPath, this.stdRoot, (f) => this.files.has(f) || this.fileSystem.exists(f));
    if (resolution.file && !this.files.has(resolution.file)) {
      const text = this.fileSystem.readFile(resolution.file);
      if (text !== undefined) {
        this.files.set(resolution.file, this.newState(resolution.file, text, false));
        this.fileSetRevision++;
      }
    }
    return resolution;
  }

  // ------------------------------------------------------------------ scopes

  /** The module-level declarations of a file, in order. */
  declarations(file: string): DeclSymbol[] {
    const state = this.files.get(file);
    if (!state) return [];
    // Re-pointing keeps symbols, so the list changes only with the summary... or the order.
    if (state.declarations?.version !== state.contentRevision) {
      state.declarations = { version: state.contentRevision, symbols: state.items.flatMap((item) => state.symbolsByItem.get(item) ?? []) };
    }
    return state.declarations.symbols;
  }

  /** The imports of a file with what each resolves to. */
  imports(file: string): readonly ResolvedImport[] {
    const state = this.files.get(file);
    if (!state) return [];
    const key = `${state.summaryVersion}|${this.fileSetRevision}`;
    if (state.imports?.key === key) return state.imports.imports;
    const result: ResolvedImport[] = [];
    for (const item of state.items) {
      if (item.decl.kind !== 'import' || item.decl.path === '') continue;
      result.push({ item, decl: item.decl, resolution: this.resolveImport(file, item.decl.path) });
    }
    // Resolving may have loaded new files, which moved the revision: key by the final one.
    state.imports = { key: `${state.summaryVersion}|${this.fileSetRevision}`, imports: result };
    return result;
  }

  private stamp(state: FileState): string {
    const key = `${this.summaryRevision}|${this.fileSetRevision}`;
    if (state.stamp?.key === key) return state.stamp.value;
    const value = this.computeStamp(state);
    state.stamp = { key, value };
    return value;
  }

  private computeStamp(state: FileState): string {
    const parts = [state.summaryVersion];
    for (const { resolution } of this.imports(state.path)) parts.push(resolution.file ? (this.files.get(resolution.file)?.summaryVersion ?? -1) : -1);
    if (!state.std) for (const std of this.stdFiles) parts.push(this.files.get(std)?.summaryVersion ?? -1);
    else parts.push(...this.stdFiles.map((s) => this.files.get(s)?.summaryVersion ?? -1));
    return parts.join(',');
  }

  scope(file: string): ModuleScope {
    const state = this.files.get(file);
    if (!state) return buildScope(file, [], []);
    const stamp = this.stamp(state);
    if (state.scope?.stamp === stamp) return state.scope.scope;
    this.stats.scopes++;
    const layers: ScopeLayer[] = [];
    for (const std of this.stdFiles) {
      if (std === file) continue;
      layers.push({ origin: 'std', symbols: this.declarations(std).filter((s) => s.kind !== 'module') });
    }
    const aliases: ModuleSymbol[] = [];
    for (const { decl, resolution } of this.imports(file)) {
      if (decl.alias || !resolution.file || resolution.file === file) continue;
      const std = this.files.get(resolution.file)?.std ?? false;
      layers.push({ origin: std ? 'std' : 'import', symbols: this.declarations(resolution.file).filter((s) => s.kind !== 'module'), via: decl });
    }
    const own = this.declarations(file);
    layers.push({ origin: 'own', symbols: own.filter((s) => s.kind !== 'module') });
    for (const s of own) if (s.kind === 'module') aliases.push(s);
    const scope = buildScope(file, layers, aliases);
    state.scope = { stamp, scope };
    return scope;
  }

  // ------------------------------------------------------------------ facts

  private record(dep: Dependency): void {
    this.collectors[this.collectors.length - 1]?.push(dep);
  }

  private lookup(file: string, name: string): Binding | undefined {
    const binding = this.scope(file).values.get(name);
    this.record({ kind: 'name', file, name, binding });
    return binding;
  }

  private moduleMember(module: ModuleSymbol, name: string): Binding | undefined {
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
  private resolver(symbol: DeclSymbol): Checker {
    return new Checker(this.host(symbol.file, false), symbol.item);
  }

  signature(fn: FunctionSymbol): FunctionType {
    const type = this.resolvedSignature(fn);
    this.record({ kind: 'signature', fn, type });
    return type;
  }

  private resolvedSignature(fn: FunctionSymbol): FunctionType {
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

  private resolveMembers(symbol: EnumSymbol): void {
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

  private contextCache: { revision: number; type: StructType | undefined } | undefined;

  private contextType(): StructType | undefined {
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
  private retire(item: LoweredItem): void {
    this.liveItems.delete(item);
    this.withdrawCalls(item);
  }

  /** Forgets the instantiations an item asked for (it is re-checked, or gone). */
  private withdrawCalls(item: LoweredItem): void {
    for (const entry of this.registrations.get(item) ?? []) {
      entry.callers.delete(item);
      this.instancesChanged(entry.file);
    }
    this.registrations.delete(item);
  }

  private instancesChanged(file: string): void {
    const state = this.files.get(file);
    if (state) state.instanceRevision++;
  }

  private readonly validatingInstances = new Set<CachedInstance>();

  private validInstance(entry: CachedInstance): boolean {
    this.validatingInstances.add(entry);
    try {
      return this.isValid(entry, undefined);
    } finally {
      this.validatingInstances.delete(entry);
    }
  }

  /** Errors inside a file's generic functions, for each instantiation a live call asked for. */
  private instantiationDiagnostics(state: FileState): Diagnostic[] {
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


  // ------------------------------------------------------------------ checks

  private host(file: string, recording: boolean, item?: LoweredItem): CheckHost {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const workspace = this;
    return {
      file,
      lookup: (name) => (recording ? this.lookup(file, name) : this.scope(file).values.get(name)),
      isInferring: (symbol) => this.underWay(symbol.item),
      inCycle: (symbol) => this.inCycle(symbol),
      signature: (fn) => this.signature(fn),
      global: (symbol) => this.global(symbol),
      fields: (symbol) => this.fields(symbol),
      members: (symbol) => this.members(symbol),
      instantiate: (fn, args, call) => this.instantiate(fn, args, { file, ...call }, item),
      moduleMember: (symbol, name) => this.moduleMember(symbol, name),
      contextType: () => this.contextType(),
      isStd: (symbol: Symbol) => workspace.isStd(symbol.file),
    };
  }

  /**
   * Checks the item at `offset` as it would be with `insert` typed there, leaving the
   * workspace as it is: completion asks what a half-typed expression would mean (an
   * identifier is inserted at the cursor, as rust-analyzer does). The item is parsed on its
   * own; its offsets are relative to the item's start, and `offset` maps to `at` in it.
   */
  speculate(file: string, offset: number, insert: string): { item: LoweredItem; check: ItemCheck; at: number } | undefined {
    const doc = this.document(file);
    if (!doc || doc.items.length === 0) return undefined;
    const original = doc.items[doc.itemIndexAt(offset)]!;
    if (offset > original.start + original.length) return undefined;
    const itemText = doc.text.slice(original.start, original.start + original.length);
    const at = offset - original.start;
    const scratch = SyntaxDocument.create(this.grammar, file, itemText.slice(0, at) + insert + itemText.slice(at));
    try {
      const item = scratch.items[scratch.itemIndexAt(at)];
      if (!item) return undefined;
      const check = new Checker(this.host(file, false), item).checkItem();
      return { item, check, at: at - item.start };
    } finally {
      scratch.dispose();
    }
  }

  /** The check of one item, from the cache when its dependencies still hold. */
  check(file: string, item: LoweredItem): ItemCheck {
    const cached = this.checks.get(item);
    if (cached) {
      if (this.validating.has(item)) return cached.result; // not through inferred facts: see underWay
      // Validating may come back to this item through a cycle of inferred facts. It is then
      // under way, as it would be in a fresh analysis, and the cycle is found the same way.
      this.validating.add(item);
      this.checkStack.push({ item, owners: this.inferredSymbolsOf(file, item), cycle: new Set() });
      try {
        if (this.isValid(cached, item)) return cached.result;
      } finally {
        this.checkStack.pop();
        this.validating.delete(item);
      }
    }
    this.stats.itemChecks++;
    this.withdrawCalls(item);
    const deps: Dependency[] = [];
    const frame: CheckFrame = { item, owners: this.inferredSymbolsOf(file, item), cycle: new Set() };
    this.collectors.push(deps);
    this.inProgress.add(item);
    this.checkStack.push(frame);
    let result: ItemCheck;
    try {
      result = new Checker(this.host(file, true, item), item).checkItem();
    } finally {
      this.checkStack.pop();
      this.inProgress.delete(item);
      this.collectors.pop();
    }
    // Every inferred type in a cycle is unknown, so that no fact depends on where the cycle
    // was entered (a fresh and an incremental analysis enter it at different places).
    if (frame.cycle.size > 0) {
      result = { ...result, returnType: result.returnType && T.error, globalType: result.globalType && T.error, globalValue: undefined, cycle: frame.cycle };
    }
    if (cached && !sameFacts(cached.result, result)) this.factsChanged();
    this.checks.set(item, { result, deps, summaryRevision: this.summaryRevision, factRevision: this.factRevision });
    return result;
  }

  /**
   * Whether the inferred type of `symbol`, which the innermost check needs, is part of a cycle
   * through that check: either its item is being checked further out, or its finished check
   * found a cycle through an item being checked. Marks every check of the cycle.
   */
  private inCycle(symbol: InferredSymbol): boolean {
    const view = this.cycleView(symbol);
    this.record({ kind: 'cycle', symbol, seen: view });
    const members: ReadonlySet<InferredSymbol> = view === 'under-way' ? new Set() : view;
    const from = view === 'under-way'
      ? this.checkStack.findIndex((frame) => frame.item === symbol.item)
      : this.checkStack.findIndex((frame) => frame.owners.some((o) => members.has(o)));
    if (from < 0) return false;
    const cycle = new Set(members);
    const frames = this.checkStack.slice(from);
    for (const frame of frames) for (const owner of frame.owners) cycle.add(owner);
    for (const frame of frames) for (const member of cycle) frame.cycle.add(member);
    return true;
  }

  /**
   * What a check needing `symbol`'s inferred type learns about cycles: that its item is being
   * checked further out, or the cycle its finished check found (empty if none). A cached check
   * is valid only while this stays the same, so cycles never go stale.
   */
  private cycleView(symbol: InferredSymbol): CycleView {
    if (this.checkStack.some((frame) => frame.item === symbol.item)) return 'under-way';
    if (this.inProgress.has(symbol.item)) return new Set(); // an instantiation, not an inferred type
    return this.check(symbol.file, symbol.item).cycle;
  }

  /** Whether an item is being checked or validated further out (its inferred types are unknown). */
  private underWay(item: LoweredItem): boolean {
    return this.inProgress.has(item) || this.validating.has(item);
  }

  private inferredSymbolsOf(file: string, item: LoweredItem): InferredSymbol[] {
    const symbols = this.files.get(file)?.symbolsByItem.get(item) ?? [];
    return symbols.filter((s): s is InferredSymbol => s.kind === 'function' || s.kind === 'global');
  }

  private isValid(entry: CachedCheck | CachedInstance, item: LoweredItem | undefined): boolean {
    if (entry.summaryRevision === this.summaryRevision && entry.factRevision === this.factRevision) return true;
    for (const dep of entry.deps) if (!this.holds(dep, item)) return false;
    entry.summaryRevision = this.summaryRevision;
    entry.factRevision = this.factRevision;
    return true;
  }

  /** Whether a recorded dependency (of `item`'s check) still gives the same answer. */
  private holds(dep: Dependency, item: LoweredItem | undefined): boolean {
    this.collectors.push([]); // answering a dependency records nothing for the caller
    try {
      switch (dep.kind) {
        case 'name':
          return sameBinding(this.scope(dep.file).values.get(dep.name), dep.binding);
        case 'member':
          return sameBinding(this.moduleMember(dep.module, dep.name), dep.binding);
        case 'signature':
          return this.alive(dep.fn) && sameType(this.resolvedSignature(dep.fn), dep.type);
        case 'global': {
          if (!this.alive(dep.symbol)) return false;
          const now = this.global(dep.symbol);
          return sameType(now.type, dep.type) && now.value === dep.value;
        }
        case 'fields':
          return this.alive(dep.symbol) && this.fields(dep.symbol).every((f, i) => sameType(f.type, dep.types[i]!));
        case 'members':
          return this.alive(dep.symbol) && this.members(dep.symbol).every((m, i) => m.value === dep.values[i]);
        case 'instance': {
          if (!this.alive(dep.fn)) return false;
          const now = this.instantiate(dep.fn, dep.args, dep.call, item);
          return sameType(now.ret, dep.ret) && now.error?.message === dep.error;
        }
        case 'context':
          return this.contextType()?.symbol === dep.type?.symbol;
        case 'cycle':
          return this.alive(dep.symbol) && sameCycleView(this.cycleView(dep.symbol), dep.seen);
      }
    } finally {
      this.collectors.pop();
    }
  }

  /** Whether a symbol is still declared (its item is still in its file). */
  private alive(symbol: DeclSymbol): boolean {
    const state = this.files.get(symbol.file);
    return state !== undefined && (state.symbolsByItem.get(symbol.item)?.includes(symbol) ?? false);
  }

  // ------------------------------------------------------------------ diagnostics

  /** Every diagnostic of a file: syntax, declarations, imports and each item's check. */
  diagnostics(file: string): Diagnostic[] {
    const state = this.files.get(file);
    if (!state) return [];
    // Nothing a file's diagnostics depend on can change without one of these moving.
    const key = `${state.contentRevision}|${state.instanceRevision}|${this.summaryRevision}|${this.factRevision}|${this.fileSetRevision}`;
    if (state.diagnostics?.key === key) return state.diagnostics.diagnostics;
    const result = this.computeDiagnostics(state);
    state.diagnostics = { key, diagnostics: result };
    return result;
  }

  private computeDiagnostics(state: FileState): Diagnostic[] {
    const file = state.path;
    const result = state.doc.diagnostics();
    const scope = this.scope(file);
    for (const { symbol, first } of scope.duplicates) {
      if (!this.alive(symbol)) continue;
      const range = { start: symbol.item.start + symbol.nameNode.span.start, end: symbol.item.start + symbol.nameNode.span.end };
      const firstRange = { start: first.item.start + first.nameNode.span.start, end: first.item.start + first.nameNode.span.end };
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

  private importDiagnostics(state: FileState, scope: ModuleScope): Diagnostic[] {
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
  private cycleThrough(file: string, next: string): string[] | undefined {
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
  private duplicateSignatures(file: string, scope: ModuleScope): Diagnostic[] {
    const result: Diagnostic[] = [];
    for (const binding of scope.values.values()) {
      if (binding.kind !== 'functions') continue;
      const candidates = binding.functions.filter((f) => scope.origins.get(f) !== 'std');
      for (const a of candidates) {
        if (a.file !== file) continue;
        const other = candidates.find((b) => b !== a && sameParams(this.resolvedSignature(a), this.resolvedSignature(b)));
        if (!other) continue;
        const params = this.resolvedSignature(a).params.map(typeToString).join(', ');
        result.push({
          code: Code.Duplicate,
          severity: 'error',
          message: `'${a.name}(${params})' is defined twice with the same parameter types`,
          start: a.item.start + a.nameNode.span.start,
          end: a.item.start + a.nameNode.span.end,
          related: [{ file: other.file, start: other.item.start + other.nameNode.span.start, end: other.item.start + other.nameNode.span.end, message: 'the other definition' }],
        });
      }
    }
    return result;
  }

  private unusedImports(state: FileState, scope: ModuleScope, used: ReadonlySet<Symbol>): Diagnostic[] {
    const result: Diagnostic[] = [];
    for (const item of state.items) {
      const decl = item.decl;
      if (decl.kind !== 'import' || decl.path === '') continue;
      const resolution = this.resolveImport(state.path, decl.path);
      if (!resolution.file || this.files.get(resolution.file)?.std) continue;
      const isUsed = decl.alias
        ? [...used].some((s) => s.kind === 'module' && s.nameNode === decl.alias)
        : [...used].some((s) => s.kind !== 'local' && s.kind !== 'field' && s.kind !== 'enum-member' && scope.importedBy.get(s) === decl);
      if (!isUsed) {
        result.push({ code: Code.UnusedImport, severity: 'warning', message: `import '${decl.path}' is never used`, start: item.start + decl.span.start, end: item.start + decl.span.end, unnecessary: true });
      }
    }
    return result;
  }
}

/** Re-points symbols from an item at its replacement (same summary key, new AST). */
function repoint(symbols: readonly DeclSymbol[], item: LoweredItem, text: string): void {
  const summary = summarize(item, text);
  let declIndex = 0;
  for (const symbol of symbols) {
    symbol.item = item;
    if (symbol.kind === 'module') {
      if (summary.import?.alias) symbol.nameNode = summary.import.alias;
      continue;
    }
    const decl = summary.decls[declIndex++];
    if (!decl) continue;
    symbol.nameNode = decl.name;
    switch (symbol.kind) {
      case 'function':
        symbol.decl = decl as Ast.FunctionDecl;
        break;
      case 'struct':
        symbol.decl = decl as Ast.StructDecl;
        symbol.fields.forEach((f, i) => {
          f.item = item;
          f.nameNode = symbol.decl.fields[i]!.name;
        });
        break;
      case 'enum':
        symbol.decl = decl as Ast.EnumDecl;
        symbol.members.forEach((m, i) => {
          m.item = item;
          m.nameNode = symbol.decl.members[i]!.name;
        });
        break;
      case 'global':
        symbol.decl = decl as Ast.ConstDecl | Ast.VarDecl;
        break;
    }
  }
}

function sameBinding(a: Binding | undefined, b: Binding | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.kind !== b.kind) return false;
  if (a.kind === 'single') return a.symbol === (b as typeof a).symbol;
  const other = (b as typeof a).functions;
  return a.functions.length === other.length && a.functions.every((f, i) => f === other[i]);
}

/** How other items can depend on an item's body: through inferred facts, or not at all. */
function providesFacts(decl: Ast.Decl): 'none' | 'facts' | 'generic' {
  switch (decl.kind) {
    case 'function':
      if (decl.params.some((p) => !p.type)) return 'generic';
      return decl.returnType ? 'none' : 'facts';
    case 'const':
      return 'facts';
    case 'var':
      return decl.type ? 'none' : 'facts';
    default:
      return 'none';
  }
}

/** Whether two checks of an item expose the same facts to other items. */
function sameFacts(a: ItemCheck, b: ItemCheck): boolean {
  const same = (x: Type | undefined, y: Type | undefined) => (x === undefined || y === undefined ? x === y : sameType(x, y));
  return same(a.returnType, b.returnType) && same(a.globalType, b.globalType) && a.globalValue === b.globalValue && sameSet(a.cycle, b.cycle);
}

/** A declaration whose type may be inferred from its item's check. */
type InferredSymbol = FunctionSymbol | GlobalSymbol;

type CycleView = 'under-way' | ReadonlySet<InferredSymbol>;

function sameCycleView(a: CycleView, b: CycleView): boolean {
  if (a === 'under-way' || b === 'under-way') return a === b;
  return sameSet(a, b);
}

function sameSet<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
}

interface CheckFrame {
  readonly item: LoweredItem;
  /** The declarations of the item whose types others may infer through it. */
  readonly owners: readonly InferredSymbol[];
  /** The declarations of the cycle of inferred types this check turned out to be part of. */
  readonly cycle: Set<InferredSymbol>;
}

export type { ModuleScope, Binding };
