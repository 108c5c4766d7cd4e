// Item checks: run the checker on an item with a host that answers from the facts and
// records dependencies, keep the result while its dependencies hold, and find cycles of
// inferred types the same way whatever the entry point (fresh or incremental).

import { SyntaxDocument, type LoweredItem } from '../../syntax';
import { Checker } from '../check/checker';
import type { CheckHost, ItemCheck } from '../check/host';

import type { DeclSymbol, Symbol } from '../symbols';
import { sameType, T } from '../types';
import { FactStore } from './facts';
import {
  sameBinding, sameCycleView, sameParameterList, sameSymbols, sameFacts, type CachedCheck,
  type CachedInstance, type CheckFrame, type CycleView, type Dependency, type InferredSymbol,
} from './dependencies';


export abstract class CheckStore extends FactStore {
  // ------------------------------------------------------------------ checks

  protected host(file: string, recording: boolean, item?: LoweredItem): CheckHost {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const workspace = this;
    return {
      file,
      lookup: (name) => (recording ? this.lookup(file, name) : this.scope(file).values.get(name)),
      ambiguity: (name) => this.scope(file).ambiguous.get(name),
      isInferring: (symbol) => this.underWay(symbol.item),
      inCycle: (symbol) => this.inCycle(symbol),
      signature: (fn) => this.signature(fn),
      parameterLists: (functions) => this.parameterLists(functions),
      global: (symbol) => this.global(symbol),
      fieldTypes: (symbol) => this.fieldTypes(symbol),
      enumFacts: (symbol) => this.enumFacts(symbol),
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
  protected inCycle(symbol: InferredSymbol): boolean {
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
  protected cycleView(symbol: InferredSymbol): CycleView {
    if (this.checkStack.some((frame) => frame.item === symbol.item)) return 'under-way';
    if (this.inProgress.has(symbol.item)) return new Set(); // an instantiation, not an inferred type
    return this.check(symbol.file, symbol.item).cycle;
  }

  /** Whether an item is being checked or validated further out (its inferred types are unknown). */
  protected underWay(item: LoweredItem): boolean {
    return this.inProgress.has(item) || this.validating.has(item);
  }

  protected inferredSymbolsOf(file: string, item: LoweredItem): InferredSymbol[] {
    const symbols = this.files.get(file)?.symbolsByItem.get(item) ?? [];
    return symbols.filter((s): s is InferredSymbol => s.kind === 'function' || s.kind === 'global');
  }

  protected isValid(entry: CachedCheck | CachedInstance, item: LoweredItem | undefined): boolean {
    if (entry.summaryRevision === this.summaryRevision && entry.factRevision === this.factRevision) return true;
    for (const dep of entry.deps) if (!this.holds(dep, item)) return false;
    entry.summaryRevision = this.summaryRevision;
    entry.factRevision = this.factRevision;
    return true;
  }

  /** Whether a recorded dependency (of `item`'s check) still gives the same answer. */
  protected holds(dep: Dependency, item: LoweredItem | undefined): boolean {
    this.collectors.push([]); // answering a dependency records nothing for the caller
    try {
      switch (dep.kind) {
        case 'name':
          return sameBinding(this.scope(dep.file).values.get(dep.name), dep.binding)
            && sameSymbols(this.scope(dep.file).ambiguous.get(dep.name), dep.ambiguous);
        case 'member':
          return sameBinding(this.moduleMember(dep.module, dep.name), dep.binding);
        case 'parameters': {
          if (!dep.functions.every((f) => this.alive(f))) return false;
          const now = this.parameterLists(dep.functions);
          return now === dep.lists || now.every((l, i) => sameParameterList(l, dep.lists[i]!));
        }
        case 'signature':
          return this.alive(dep.fn) && sameType(this.resolvedSignature(dep.fn), dep.type);
        case 'global': {
          if (!this.alive(dep.symbol)) return false;
          const now = this.global(dep.symbol);
          return sameType(now.type, dep.type) && now.value === dep.value;
        }
        case 'fields':
          return this.alive(dep.symbol) && this.fieldTypes(dep.symbol).every((t, i) => sameType(t, dep.types[i]!));
        case 'members':
          return this.alive(dep.symbol) && this.enumFacts(dep.symbol).values.every((v, i) => v === dep.values[i]);
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
  protected alive(symbol: DeclSymbol): boolean {
    const state = this.files.get(symbol.file);
    return state !== undefined && (state.symbolsByItem.get(symbol.item)?.includes(symbol) ?? false);
  }

  protected previousCheck(item: LoweredItem): CachedCheck | undefined {
    return this.checks.get(item);
  }
}
