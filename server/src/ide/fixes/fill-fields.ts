// Fills in the fields a struct literal leaves out: `Vec2{ x: 1.0 }` becomes
// `Vec2{ x: 1.0, y: 0.0 }`, so that every field is written where the value is made.
//
// The checker reports no diagnostic for a field left out: the language gives it its default
// value or zero (docs/language.md, "Structs"). So this quick fix is offered inside a literal
// that leaves out a field without a default, and attached to no diagnostic. Each value it
// writes is that field's zero value as Zolt source (`0`, `0.0`, `false`, `""`, `null`, `[]`,
// the enum member that is 0, `S{}`), which is exactly what the field held before: the fix
// changes no value. Fields with a default are left out still (writing their default would
// copy an expression the author wrote once). Only literals with named fields (or none):
// positional values would have to name every field up to the last one.

import type { Ast } from '../../syntax';
import type { Queries, Workspace } from '../../semantics';
import type { StructType } from '../../semantics/types';
import type { ActionRequest, CodeAction, TextEdit } from '../actions';
import { editsIn } from '../actions';
import { indentAt, INDENT, typeSymbolName, zeroSource } from './common';

export function fillFields(request: ActionRequest): CodeAction[] {
  const { workspace, queries, file, start, end } = request;
  const found = queries.nodesAt(file, start);
  const literal = found?.path.findLast((n): n is Ast.StructLiteral => n.kind === 'struct-literal');
  if (!found || !literal || found.item.start + literal.span.end < end) return [];
  if (literal.fields.some((f) => !f.name)) return [];
  const type = workspace.check(file, found.item).types.get(literal.id);
  if (type?.kind !== 'struct') return [];
  const values = missingValues(workspace, queries, file, found.item.start + literal.span.start, type, literal);
  if (!values || values.length === 0) return [];
  const edit = insertFields(workspace.document(file)!.text, found.item.start, literal, values);
  if (!edit) return [];
  return [{ title: `Fill in the missing fields of '${type.symbol.name}'`, kind: 'quickfix', edits: editsIn(file, [edit]) }];
}

/** `field: zero` for each field without a default that the literal does not name; undefined if one has no zero source. */
function missingValues(workspace: Workspace, queries: Queries, file: string, at: number, type: StructType, literal: Ast.StructLiteral): string[] | undefined {
  const given = new Set(literal.fields.map((f) => f.name!.text));
  const values: string[] = [];
  for (const field of type.symbol.fields) {
    if (field.hasDefault || given.has(field.name)) continue;
    const zero = zeroSource(workspace.fieldType(field), (s) => typeSymbolName(workspace, queries, file, at, s), (m) => workspace.memberValue(m));
    if (zero === undefined) return undefined;
    values.push(`${field.name}: ${zero}`);
  }
  return values;
}

/** The edit adding the fields after the last one given, on its line or one per line as the literal is laid out. */
function insertFields(text: string, base: number, literal: Ast.StructLiteral, values: readonly string[]): TextEdit | undefined {
  const close = base + literal.span.end - 1;
  const open = text.indexOf('{', base + literal.type.span.end);
  if (open < 0 || open > close || text[close] !== '}') return undefined;
  const last = literal.fields[literal.fields.length - 1];
  const indent = indentAt(text, base + literal.span.start);
  if (!last) {
    const inside = text.slice(open + 1, close);
    if (inside.trim() !== '') return undefined; // a comment: the author's to place around
    const body = inside.includes('\n') ? `\n${values.map((v) => `${indent}${INDENT}${v},\n`).join('')}${indent}` : ` ${values.join(', ')} `;
    return { start: open + 1, end: close, text: body };
  }
  const lastEnd = base + last.span.end;
  const comma = /^\s*,/.exec(text.slice(lastEnd, close));
  const after = comma ? lastEnd + comma[0].length : lastEnd;
  if (text.slice(open + 1, base + literal.fields[0]!.span.start).includes('\n')) {
    const fieldIndent = indentAt(text, base + last.span.start);
    return { start: after, end: after, text: `${comma ? '' : ','}${values.map((v) => `\n${fieldIndent}${v},`).join('')}` };
  }
  return { start: after, end: after, text: comma ? ` ${values.join(', ')},` : `, ${values.join(', ')}` };
}
