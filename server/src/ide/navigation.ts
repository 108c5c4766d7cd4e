// Go to definition, declaration and type definition; references; document highlights.

import type { Location, Queries, Symbol, Type } from '../semantics';

/** Where the symbol under the cursor is declared; at a call, the candidate resolution chose. */
export function definition(queries: Queries, file: string, offset: number): Location | undefined {
  return queries.definition(file, offset);
}

/** The declaration of the type of the expression under the cursor (through pointers, arrays, slices). */
export function typeDefinition(queries: Queries, file: string, offset: number): Location | undefined {
  const typed = queries.typeAt(file, offset);
  if (!typed) return undefined;
  let type: Type = typed.type;
  for (;;) {
    if (type.kind === 'pointer') type = type.to;
    else if (type.kind === 'array' || type.kind === 'slice') type = type.element;
    else if (type.kind === 'type') type = type.type;
    else break;
  }
  if (type.kind === 'struct' || type.kind === 'enum') return queries.declarationOf(type.symbol);
  return undefined;
}

export function references(queries: Queries, symbol: Symbol, includeDeclaration: boolean, files?: readonly string[]): Location[] {
  return queries.references(symbol, includeDeclaration, files);
}

export interface Highlight {
  readonly start: number;
  readonly end: number;
  /** The declaration (or an assignment) writes; every other use reads. */
  readonly write: boolean;
}

/** Every occurrence in this file of the symbol under the cursor. */
export function documentHighlights(queries: Queries, file: string, offset: number): Highlight[] {
  const at = queries.symbolAt(file, offset);
  if (!at) return [];
  const declaration = queries.declarationOf(at.symbol);
  return queries
    .references(at.symbol, true, [file])
    .filter((l) => l.file === file)
    .map((l) => ({ start: l.start, end: l.end, write: (l.file === declaration.file && l.start === declaration.start) || isAssigned(queries, file, l.start) }));
}

/**
 * Whether the name at `offset` is written: the target of an assignment (`x = ...`, `p.x += ...`)
 * or a field given a value in a struct literal (`Vec2{ x: 1.0 }`).
 */
function isAssigned(queries: Queries, file: string, offset: number): boolean {
  const found = queries.nodesAt(file, offset);
  if (!found) return false;
  const path = found.path;
  const name = path[path.length - 1];
  const holder = path[path.length - 2];
  const parent = path[path.length - 3];
  if (holder?.kind === 'field-init') return holder.name === name;
  const target = holder?.kind === 'name-expr' || (holder?.kind === 'member' && holder.member === name) ? holder : undefined;
  return target !== undefined && parent?.kind === 'assign' && parent.target === target;
}
