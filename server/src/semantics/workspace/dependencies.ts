// What an item check depends on, and the comparisons that tell whether a cached check still
// holds: each dependency is recorded with the answer it got, and a check stays valid while
// every answer is the same (workspace.ts explains the scheme).

import { type Ast, type Diagnostic, type LoweredItem } from '../../syntax';
import type { ItemCheck, ParameterList } from '../check/host';
import { type Binding } from '../scope';
import type { DeclSymbol, EnumSymbol, FunctionSymbol, GlobalSymbol, ModuleSymbol, StructSymbol } from '../symbols';
import { sameType, type FunctionType, type StructType, type Type } from '../types';



/** A dependency of an item check, with the answer it got. */
export type Dependency =
  | {
      readonly kind: 'name'; readonly file: string; readonly name: string; readonly binding: Binding | undefined;
      readonly ambiguous: readonly DeclSymbol[] | undefined;
    }
  | { readonly kind: 'member'; readonly module: ModuleSymbol; readonly name: string; readonly binding: Binding | undefined }
  | { readonly kind: 'signature'; readonly fn: FunctionSymbol; readonly type: FunctionType }
  | { readonly kind: 'parameters'; readonly functions: readonly FunctionSymbol[]; readonly lists: readonly ParameterList[] }
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

export interface CachedCheck {
  readonly result: ItemCheck;
  readonly deps: readonly Dependency[];
  summaryRevision: number;
  factRevision: number;
}

export interface CachedInstance {
  /** The file of the generic function. */
  readonly file: string;
  readonly args: readonly Type[];
  readonly ret: Type;
  /** The errors inside the instantiated body, relative to the function's item. */
  readonly errors: readonly Diagnostic[];
  /** The instantiated body's check (what elaboration reads). */
  readonly check: ItemCheck;
  readonly deps: readonly Dependency[];
  summaryRevision: number;
  factRevision: number;
  /** The calls that asked for this instantiation, by the item that makes them. */
  readonly callers: Map<LoweredItem, { file: string; start: number; end: number }>;
}

export function sameParameterList(a: ParameterList, b: ParameterList): boolean {
  return a.variadic === b.variadic && a.params.length === b.params.length && a.params.every((p, i) => sameType(p, b.params[i]!));
}

export function sameSymbols(a: readonly DeclSymbol[] | undefined, b: readonly DeclSymbol[] | undefined): boolean {
  if (a === b) return true;
  return a !== undefined && b !== undefined && a.length === b.length && a.every((s, i) => s === b[i]);
}

export function sameBinding(a: Binding | undefined, b: Binding | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.kind !== b.kind) return false;
  if (a.kind === 'single') return a.symbol === (b as typeof a).symbol;
  const other = (b as typeof a).functions;
  return a.functions.length === other.length && a.functions.every((f, i) => f === other[i]);
}

/** How other items can depend on an item's body: through inferred facts, or not at all. */
export function providesFacts(decl: Ast.Decl): 'none' | 'facts' | 'generic' {
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
export function sameFacts(a: ItemCheck, b: ItemCheck): boolean {
  const same = (x: Type | undefined, y: Type | undefined) => (x === undefined || y === undefined ? x === y : sameType(x, y));
  return same(a.returnType, b.returnType) && same(a.globalType, b.globalType) && a.globalValue === b.globalValue && sameSet(a.cycle, b.cycle);
}

/** A declaration whose type may be inferred from its item's check. */
export type InferredSymbol = FunctionSymbol | GlobalSymbol;

export type CycleView = 'under-way' | ReadonlySet<InferredSymbol>;

export function sameCycleView(a: CycleView, b: CycleView): boolean {
  if (a === 'under-way' || b === 'under-way') return a === b;
  return sameSet(a, b);
}

export function sameSet<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
}

export interface CheckFrame {
  readonly item: LoweredItem;
  /** The declarations of the item whose types others may infer through it. */
  readonly owners: readonly InferredSymbol[];
  /** The declarations of the cycle of inferred types this check turned out to be part of. */
  readonly cycle: Set<InferredSymbol>;
}
