// Call hierarchy: who calls a function (incoming) and what it calls (outgoing), by resolved
// calls, so each overload has its own callers.

import { walk, type Ast, type LoweredItem } from '../syntax';
import type { FunctionSymbol, Location, Queries, Workspace } from '../semantics';
import { functionSignature } from './describe';
import { symbolNameRange } from '../semantics';

export interface CallItem {
  readonly fn: FunctionSymbol;
  readonly name: string;
  readonly detail: string;
  readonly file: string;
  readonly start: number;
  readonly end: number;
  readonly nameStart: number;
  readonly nameEnd: number;
}

export interface CallEdge {
  readonly item: CallItem;
  /** The calls (their callee names): in the caller for incoming, in this function for outgoing. */
  readonly ranges: readonly { start: number; end: number }[];
}

export function callItem(workspace: Workspace, fn: FunctionSymbol): CallItem {
  const base = fn.item.start;
  return {
    fn,
    name: fn.name,
    detail: functionSignature(workspace, fn),
    file: fn.file,
    start: base + fn.decl.span.start,
    end: base + fn.decl.span.end,
    nameStart: symbolNameRange(fn).start,
    nameEnd: symbolNameRange(fn).end,
  };
}

export function prepareCallHierarchy(workspace: Workspace, queries: Queries, file: string, offset: number): CallItem | undefined {
  const at = queries.symbolAt(file, offset);
  return at?.symbol.kind === 'function' ? callItem(workspace, at.symbol) : undefined;
}

/** The functions that call `fn`, each with its calls of it. */
export function incomingCalls(workspace: Workspace, queries: Queries, fn: FunctionSymbol): CallEdge[] {
  const byCaller = new Map<FunctionSymbol, { start: number; end: number }[]>();
  for (const use of queries.references(fn, false)) {
    const caller = enclosingFunction(workspace, queries, use);
    if (!caller) continue;
    const list = byCaller.get(caller) ?? [];
    list.push({ start: use.start, end: use.end });
    byCaller.set(caller, list);
  }
  return [...byCaller].map(([caller, ranges]) => ({ item: callItem(workspace, caller), ranges }));
}

/** The functions `fn` calls, each with the calls in its body. */
export function outgoingCalls(workspace: Workspace, fn: FunctionSymbol): CallEdge[] {
  if (!fn.decl.body) return [];
  const check = workspace.check(fn.file, fn.item);
  const byCallee = new Map<FunctionSymbol, { start: number; end: number }[]>();
  const base = fn.item.start;
  walk(fn.decl.body, (node) => {
    if (node.kind !== 'call') return;
    const chosen = check.calls.get(node.id)?.chosen;
    if (!chosen) return;
    const name = calleeName(node);
    const list = byCallee.get(chosen) ?? [];
    list.push({ start: base + name.span.start, end: base + name.span.end });
    byCallee.set(chosen, list);
  });
  return [...byCallee].map(([callee, ranges]) => ({ item: callItem(workspace, callee), ranges }));
}

function calleeName(call: Ast.CallExpr): { span: Ast.Span } {
  if (call.callee.kind === 'name-expr') return call.callee.name;
  if (call.callee.kind === 'member') return call.callee.member;
  return call.callee;
}

/** The innermost function (nested or top-level) around a location. */
function enclosingFunction(workspace: Workspace, queries: Queries, at: Location): FunctionSymbol | undefined {
  const found = queries.nodesAt(at.file, at.start);
  if (!found) return undefined;
  const item: LoweredItem = found.item;
  const check = workspace.check(at.file, item);
  for (let i = found.path.length - 1; i >= 0; i--) {
    const node = found.path[i]!;
    if (node.kind !== 'function') continue;
    const nested = check.nested.find((f) => f.decl === node);
    if (nested) return nested;
    const top = workspace.declarations(at.file).find((s): s is FunctionSymbol => s.kind === 'function' && s.decl === node);
    if (top) return top;
  }
  return undefined;
}
