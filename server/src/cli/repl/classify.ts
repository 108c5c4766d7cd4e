// What an input is. Parsed on its own first as a file: if it is nothing but declarations, and
// not only `var`s, it is an input of declarations (`var count = 0; fn bump() { count += 1; }`:
// the function sees the global). Otherwise it is read as the body of a function: statements,
// among which the functions, structs, enums and constants declared at its top level are
// hoisted to the top level of the synthesized file (they persist), and the `var`s at its top
// level become the session's variables. The last statement may lack its `;` (`1 + 2`).

import type { Ast, Diagnostic, LoweredItem, ZoltGrammar } from '../../syntax';
import { SyntaxDocument } from '../../syntax';
import { scan } from './scan';

export type Parsed =
  | { readonly kind: 'nothing' }
  | { readonly kind: 'declarations'; readonly text: string; readonly items: readonly LoweredItem[] }
  | { readonly kind: 'statements'; readonly text: string; readonly hoisted: readonly Hoisted[]; readonly body: { readonly start: number; readonly end: number } }
  /** Syntax errors, with offsets in `text`. */
  | { readonly kind: 'errors'; readonly text: string; readonly diagnostics: readonly Diagnostic[] };

/** A declaration among the statements, with its input range. */
export interface Hoisted {
  readonly decl: Ast.FunctionDecl | Ast.StructDecl | Ast.EnumDecl | Ast.ConstDecl;
  readonly start: number;
  readonly end: number;
  /** Add to the declaration's spans to get input offsets. */
  readonly base: number;
}

const PREFIX = 'fn __repl_input() {\n';
const SUFFIX = '\n}\n';
const FILE_ONLY = /^\s*(import|foreign)\b/;

export function classify(grammar: ZoltGrammar, input: string): Parsed {
  const s = scan(input);
  if (s.last === '') return { kind: 'nothing' };
  // The text as typed, then with the `;` a last statement may lack (on its own line after a comment).
  const lastLine = input.slice(input.lastIndexOf('\n') + 1);
  const texts = s.last === ';' ? [input] : [input, `${input}${lastLine.includes('//') ? '\n' : ''};`];
  let errors: Parsed | undefined;
  for (const text of texts) {
    const file = parse(grammar, text, (doc) => {
      const items = doc.items;
      const clean = doc.diagnostics().length === 0 && items.every((i) => i.decl.kind !== 'error-decl');
      return { clean, items, diagnostics: doc.diagnostics() };
    });
    if (file.clean && file.items.some((i) => i.decl.kind !== 'var')) return { kind: 'declarations', text, items: file.items };
    const body = parse(grammar, PREFIX + text + SUFFIX, (doc) => {
      const fn = doc.items[0]?.decl;
      const statements = fn?.kind === 'function' && doc.items.length === 1 ? fn.body?.statements : undefined;
      const diagnostics = doc.diagnostics().map((d) => ({ ...d, start: d.start - PREFIX.length, end: d.end - PREFIX.length }));
      return { statements, diagnostics };
    });
    if (body.statements && body.diagnostics.length === 0) {
      return { kind: 'statements', text, hoisted: hoist(body.statements), body: { start: 0, end: text.length } };
    }
    const diagnostics = FILE_ONLY.test(text) ? file.diagnostics : body.diagnostics;
    errors = { kind: 'errors', text, diagnostics: diagnostics.map((d) => clamp(d, text.length)) };
  }
  return errors!;
}

function hoist(statements: readonly Ast.Stmt[]): Hoisted[] {
  const result: Hoisted[] = [];
  const base = -PREFIX.length;
  for (const stmt of statements) {
    const decl = stmt.kind === 'decl-stmt' ? stmt.decl : stmt.kind === 'local' && stmt.decl.kind === 'const' ? stmt.decl : undefined;
    if (decl) result.push({ decl, start: stmt.span.start + base, end: stmt.span.end + base, base });
  }
  return result;
}

function parse<T>(grammar: ZoltGrammar, text: string, read: (doc: SyntaxDocument) => T): T {
  const doc = SyntaxDocument.create(grammar, '/<repl-input>.zolt', text);
  try {
    return read(doc);
  } finally {
    doc.dispose();
  }
}

function clamp(d: Diagnostic, length: number): Diagnostic {
  const at = (n: number) => Math.max(0, Math.min(n, length));
  return { ...d, start: at(d.start), end: at(d.end) };
}
