// Inserts the cast a type mismatch (Z2001) asks for: `type mismatch: expected i32, found i64`
// at `n` becomes `n as i32`. Only the conversions a cast is for are offered: between number
// types, and between an enum and an integer (docs/language.md, "Casts"); each of these is a
// legal cast for the checker. Not between pointers, functions or anything else: there the
// mismatch is more likely a wrong value than a missing conversion.
//
// A cast can lose what the value held (a narrower integer keeps the low bits, a float is
// truncated), so the fix is never preferred and "fix all" never applies it.

import type { Diagnostic } from '../../syntax';
import type { AstNode } from '../../syntax/walk';
import { Code, PRIMITIVES, type Queries, type Type, type Workspace } from '../../semantics';
import type { ActionRequest, CodeAction } from '../actions';
import { absolute, exactNode, isNotName, quickFix, typeSymbolName, fixEach } from './common';

const MISMATCH = /^type mismatch: expected ([^,;]+), found ([^,;]+)$/;

export function addCast(request: ActionRequest): CodeAction[] {
  const { workspace, queries, file, diagnostics } = request;
  return fixEach(diagnostics, [Code.Mismatch], (d) => castFor(workspace, queries, file, d));
}

function castFor(workspace: Workspace, queries: Queries, file: string, d: Diagnostic): CodeAction | undefined {
  const expected = MISMATCH.exec(d.message)?.[1];
  const found = expected !== undefined ? exactNode(queries, file, d.start, d.end, isNotName) : undefined;
  if (!found || expected === undefined) return undefined;
  const from = workspace.check(file, found.item).types.get(found.node.id);
  const to = targetType(queries, file, d.start, expected);
  if (!from || !to || !isConversion(from, to)) return undefined;
  // The name the target is written with is the one the message gave, checked to mean it here.
  if (to.kind === 'enum' && typeSymbolName(workspace, queries, file, d.start, to.symbol) !== expected) return undefined;
  const text = workspace.document(file)!.text;
  const range = absolute(found.item, found.node.span);
  const source = text.slice(range.start, range.end);
  const value = needsParentheses(found.node) ? `(${source})` : source;
  return quickFix(`Convert to ${expected} with 'as'`, file, [{ ...range, text: `${value} as ${expected}` }], d, false);
}

/** The type a message's `expected <T>` names: a number type, or an enum visible by that name. */
function targetType(queries: Queries, file: string, offset: number, written: string): Type | undefined {
  const primitive = PRIMITIVES.get(written);
  if (primitive) return primitive;
  const symbol = queries.visibleNames(file, offset).find((v) => v.name === written)?.symbols[0];
  return symbol?.kind === 'enum' ? symbol.type : undefined;
}

/** A conversion that `as` makes and a mismatch plausibly wants: numbers, enums and integers. */
function isConversion(from: Type, to: Type): boolean {
  const number = (t: Type) => t.kind === 'int' || t.kind === 'float' || t.kind === 'untyped-int' || t.kind === 'untyped-float';
  if (number(from) && (to.kind === 'int' || to.kind === 'float')) return true;
  if ((from.kind === 'int' || from.kind === 'untyped-int') && to.kind === 'enum') return true;
  return from.kind === 'enum' && to.kind === 'int';
}

/** `as` binds tighter than every binary operator: `a + b as T` would cast `b` alone. */
function needsParentheses(e: AstNode): boolean {
  return e.kind === 'binary' || e.kind === 'range' || e.kind === 'assign';
}
