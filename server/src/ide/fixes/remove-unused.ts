// Removing what is never used: a local `var` or `const` (Z4002) and an import (Z4003).
//
// A local goes with its statement only when its initialiser cannot do anything at run time;
// a call (or an assignment) is kept as an expression statement, so what it does still
// happens; anything else that might do something (a division that may trap, an index) is
// refused rather than guessed at. An import goes unless a file it brings into the program has
// a global whose initialiser may do something: globals run before `main`, so removing the
// import would remove what they do.

import * as path from 'node:path';
import type { Ast, Diagnostic } from '../../syntax';
import { Code, type Queries, type Workspace } from '../../semantics';
import type { ActionRequest, CodeAction, TextEdit } from '../actions';
import { absolute, hasNoEffect, nodeAt, quickFix, removalRange, fixEach } from './common';

export function removeUnused(request: ActionRequest): CodeAction[] {
  const { workspace, queries, file, diagnostics } = request;
  return fixEach(diagnostics, [Code.Unused, Code.UnusedImport], (d) =>
    d.code === Code.Unused ? removeLocal(workspace, queries, file, d) : removeImport(workspace, queries, file, d));
}

type Removal = { kind: 'edit'; edit: TextEdit; what: string; name: string } | { kind: 'refused'; reason: string; what: string; name: string };

/** What removing the unused local a Z4002 diagnostic names does; undefined for loop variables. */
export function localRemoval(workspace: Workspace, queries: Queries, file: string, d: Diagnostic): Removal | undefined {
  const found = nodeAt(queries, file, d.start, d.end, 'name');
  const decl = found?.path[found.path.length - 2];
  const statement = found?.path[found.path.length - 3];
  if (!found || (decl?.kind !== 'var' && decl?.kind !== 'const') || statement?.kind !== 'local' || decl.name !== found.node) return undefined;
  const text = workspace.document(file)!.text;
  const what = decl.kind === 'var' ? 'variable' : 'constant';
  const name = decl.name.text;
  const range = absolute(found.item, statement.span);
  // Never read is not never written: the assignments would be left naming nothing.
  const symbol = queries.symbolAt(file, d.start)?.symbol;
  if (!symbol || queries.references(symbol, false).length > 0) {
    return { kind: 'refused', reason: `'${name}' is still assigned to: remove the assignments first (their values may do something)`, what, name };
  }
  const value: Ast.Expr | undefined = decl.value;
  const check = workspace.check(file, found.item);
  if (!value || hasNoEffect(value, (e) => check.types.get(e.id))) return { kind: 'edit', edit: { ...removalRange(text, range.start, range.end), text: '' }, what, name };
  if (value.kind === 'call' || value.kind === 'assign') {
    const source = text.slice(found.item.start + value.span.start, found.item.start + value.span.end);
    return { kind: 'edit', edit: { ...range, text: `${source};` }, what, name };
  }
  return { kind: 'refused', reason: `the value of '${name}' may stop the program when it runs (a division by zero, an index out of bounds, a null pointer): remove it by hand if it cannot`, what, name };
}

function removeLocal(workspace: Workspace, queries: Queries, file: string, d: Diagnostic): CodeAction | undefined {
  const removal = localRemoval(workspace, queries, file, d);
  if (!removal) return undefined;
  const title = `Remove the unused ${removal.what} '${removal.name}'`;
  if (removal.kind === 'refused') return { title, kind: 'quickfix', disabled: removal.reason, diagnostics: [d] };
  return quickFix(title, file, [removal.edit], d, true);
}

/** What removing the unused import a Z4003 diagnostic is at does. */
export function importRemoval(workspace: Workspace, queries: Queries, file: string, d: Diagnostic): { edit: TextEdit; path: string } | { reason: string; path: string } | undefined {
  const found = nodeAt(queries, file, d.start, d.end, 'import');
  if (!found) return undefined;
  const target = workspace.resolveImport(file, found.node.path).file;
  const busy = target ? globalsWithEffects(workspace, target) : [];
  if (busy.length > 0) {
    return { reason: `'${busy[0]}' in ${path.basename(busy[1]!)} is set up by a call when the program starts; without the import it would not be`, path: found.node.path };
  }
  const text = workspace.document(file)!.text;
  const range = absolute(found.item, found.node.span);
  // The `;` after the import belongs to it.
  const end = text[range.end] === ';' ? range.end + 1 : range.end;
  return { edit: { ...removalRange(text, range.start, end), text: '' }, path: found.node.path };
}

function removeImport(workspace: Workspace, queries: Queries, file: string, d: Diagnostic): CodeAction | undefined {
  const removal = importRemoval(workspace, queries, file, d);
  if (!removal) return undefined;
  const title = `Remove the unused import "${removal.path}"`;
  if ('reason' in removal) return { title, kind: 'quickfix', disabled: removal.reason, diagnostics: [d] };
  return quickFix(title, file, [removal.edit], d, true);
}

/**
 * The first global (its name and file) of `file` or of a file it imports, through any number
 * of imports, whose initialiser may do something; empty when there is none.
 */
function globalsWithEffects(workspace: Workspace, file: string): string[] {
  const seen = new Set<string>();
  const pending = [file];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (seen.has(next) || workspace.isStd(next)) continue;
    seen.add(next);
    for (const symbol of workspace.declarations(next)) {
      if (symbol.kind !== 'global' || !symbol.decl.value) continue;
      const check = workspace.check(next, symbol.item);
      if (!hasNoEffect(symbol.decl.value, (e) => check.types.get(e.id))) return [symbol.name, next];
    }
    for (const { resolution } of workspace.imports(next)) if (resolution.file) pending.push(resolution.file);
  }
  return [];
}
