// The symbol index: each file's module-level symbols, kept in step with its items (sync), its
// imports and its module scope (parsed -> indexed -> linked).

import { type LoweredItem } from '../../syntax';
import type { ItemCheck } from '../check/host';
import { buildScope, type ModuleScope, type ScopeLayer } from '../scope';
import { summarize } from '../summary';
import type { DeclSymbol, ModuleSymbol } from '../symbols';
import { FileStore } from './store';
import type { FileState, ResolvedImport } from './files';
import { makeSymbols, repoint } from './symbol-factory';
import { providesFacts, sameFacts, type CachedCheck } from './dependencies';


export abstract class SymbolIndex extends FileStore {
  protected sync(state: FileState): void {
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
        state.symbolsByItem.set(item, makeSymbols(state.path, state.doc.text, item, (from, p) => this.resolveImport(from, p)));
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
      const before = this.previousCheck(old);
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

  protected stamp(state: FileState): string {
    const key = `${this.summaryRevision}|${this.fileSetRevision}`;
    if (state.stamp?.key === key) return state.stamp.value;
    const value = this.computeStamp(state);
    state.stamp = { key, value };
    return value;
  }

  protected computeStamp(state: FileState): string {
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


  // ------------------------------------------------------------------ defined by later layers

  protected abstract previousCheck(item: LoweredItem): CachedCheck | undefined;
  abstract check(file: string, item: LoweredItem): ItemCheck;
}
