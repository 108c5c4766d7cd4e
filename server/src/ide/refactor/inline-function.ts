// Inline function: every call of a function is inlined (inline-call.ts), then the declaration
// is deleted. Offered on the function's name, at its declaration or at a call. Refused when
// any use is not a call (the function is used as a value), when one call cannot be inlined
// (the reason names it), when calls are nested in each other's arguments, and for `main`.

import type { FunctionSymbol, Queries, Workspace } from '../../semantics';
import type { ActionRequest, CodeAction, TextEdit } from '../actions';
import { callSiteAt, inlineCall } from './inline-call';
import { absolute, deleteLines } from './inline-support';

export function inlineFunctionActions(request: ActionRequest): CodeAction[] {
  const at = request.queries.symbolAt(request.file, request.start);
  if (at?.symbol.kind !== 'function' || at.symbol.foreign === 'builtin') return [];
  const title = `Inline function '${at.symbol.name}'`;
  const result = inlineFunction(request.workspace, request.queries, at.symbol);
  return [typeof result === 'string' ? { title, kind: 'refactor.inline', disabled: result } : { title, kind: 'refactor.inline', edits: result }];
}

export function inlineFunction(workspace: Workspace, queries: Queries, fn: FunctionSymbol): Map<string, TextEdit[]> | string {
  if (fn.name === 'main' && !fn.nested) return "'main' is where the program starts";
  if (fn.foreign !== undefined) return `'${fn.name}' is ${fn.foreign === 'builtin' ? 'built in' : 'a foreign function'}: it has no Zolt body`;
  const declaration = queries.declarationOf(fn);
  const uses = queries.references(fn, false).filter((l) => !(l.file === declaration.file && l.start === declaration.start));
  if (uses.length === 0) return `'${fn.name}' is never called`;
  const edits = new Map<string, TextEdit[]>();
  for (const use of uses) {
    const doc = workspace.document(use.file);
    const site = callSiteAt(workspace, queries, use.file, use.start);
    const line = doc ? doc.lineIndex.position(use.start).line + 1 : 0;
    if (!site || site.info.chosen !== fn) return `'${fn.name}' is used as a value at ${shortName(use.file)}:${line}`;
    const edit = inlineCall(workspace, queries, site);
    if (typeof edit === 'string') return `the call at ${shortName(use.file)}:${line} cannot be inlined: ${edit}`;
    const list = edits.get(use.file) ?? [];
    if (list.some((e) => e.start < edit.end && edit.start < e.end)) return `calls of '${fn.name}' are nested in each other (line ${line}): inline them one at a time`;
    list.push(edit);
    edits.set(use.file, list);
  }
  const doc = workspace.document(fn.file);
  if (!doc) return `'${fn.name}' is not in a file of the workspace`;
  const { start, end } = absolute(fn.item, fn.decl);
  const list = edits.get(fn.file) ?? [];
  if (list.some((e) => e.start < end && start < e.end)) return `'${fn.name}' calls itself through a nested function`;
  list.push(deleteLines(doc.text, start, end, true));
  edits.set(fn.file, list);
  return edits;
}

function shortName(file: string): string {
  return file.slice(file.lastIndexOf('/') + 1);
}
