// How an input's statements are changed to run: edits of its text (each standing for the place
// it replaces), and how the value of a last expression statement is shown with its type:
// printed by the program (`println(E, " : i64");`, strings and characters quoted), or by the
// REPL for what has no value to print (a type, a range, a function's name).

import type { Type } from '../../semantics';
import type { Origin, SourceBuilder } from './source';

export interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

export type Show =
  | { readonly kind: 'none' }
  /** Printed by the REPL: the expression has no value to print (a type, a function's name). */
  | { readonly kind: 'static'; readonly text: string }
  /** Printed by the program: the expression goes between `before` and `after`. */
  | { readonly kind: 'print'; readonly before: string; readonly after: string };

export function showValue(type: Type, described: string): Show {
  const typed = (before: string, after = '') => ({ kind: 'print' as const, before, after: `${after}; println(${JSON.stringify(` : ${described}`)});` });
  switch (type.kind) {
    case 'void':
    case 'error':
      return { kind: 'none' };
    case 'string':
      return typed('__repl_quote(', ')');
    case 'int':
      if (type.name === 'char') return typed('__repl_quote_char(', ')');
      if (type.name === 'rune') return typed('__repl_quote_rune(', ')');
      return { kind: 'print', before: 'println(', after: `, ${JSON.stringify(` : ${described}`)});` };
    case 'function':
      return typed('{ var __repl_function = ', '; } print("<function>")');
    case 'overloads':
      return { kind: 'static', text: `<function> : ${described}` };
    case 'range':
      return { kind: 'static', text: `<range> : ${described}` };
    case 'type':
    case 'module':
      return { kind: 'static', text: `<${type.kind}> : ${described}` };
    case 'null':
      return { kind: 'static', text: 'null : null' };
    default:
      return { kind: 'print', before: 'println(', after: `, ${JSON.stringify(` : ${described}`)});` };
  }
}

/** The input with the edits made (each standing for the place it replaces). */
export function emitEdited(b: SourceBuilder, origin: Origin, edits: readonly Edit[]): void {
  let at = 0;
  for (const edit of [...edits].sort((x, y) => x.start - y.start)) {
    if (edit.start < at) continue;
    b.copy(origin, at, edit.start);
    b.write(edit.text || origin.text.slice(edit.start, edit.end).replace(/[^\n]/g, ' '), origin, edit.start);
    at = edit.end;
  }
  b.copy(origin, at, origin.text.length);
}

