// Inline variable and inline constant: every use of a `var` or `const` (local, or a module-level
// `const`) becomes its value, then the declaration goes. Offered at the declaration's name and
// at any use.
//
// Meaning is kept by refusing what could change it: a variable assigned or address-taken after
// its declaration, a value that is not pure (inline-support.ts: moving or repeating it could
// change effects, traps or what it reads), a use where a name of the value means something else,
// and a use that needs the value's name as a place (`&x`). A value with a literal in it is cast
// to the variable's type (`var x: f64 = 1` makes `x / 2` into `(1 as f64) / 2`, not `1 / 2`).

import { isPoison, type GlobalSymbol, type LocalSymbol } from '../../semantics';
import type { Ast } from '../../syntax';
import type { ActionRequest, CodeAction, TextEdit } from '../actions';
import {
  absolute, asType, bareLiteralFits, constantTrap, deleteLines, hasErrors, holderOf, isPure, literalsOnly, namesIn, neverWritten, parenthesised, sourceOf,
  takesWholeExpression, visibleAt, type Located,
} from './inline-support';

type Inlinable = LocalSymbol | GlobalSymbol;

export function inlineVariableActions(request: ActionRequest): CodeAction[] {
  const at = request.queries.symbolAt(request.file, request.start);
  if (!at) return [];
  const symbol = at.symbol;
  if (!(symbol.kind === 'local' && (symbol.role === 'var' || symbol.role === 'const')) && !(symbol.kind === 'global')) return [];
  const title = `Inline ${symbol.kind === 'global' ? (symbol.constant ? 'constant' : 'variable') : symbol.role === 'const' ? 'constant' : 'variable'} '${symbol.name}'`;
  const result = inlineVariable(request, symbol);
  return [typeof result === 'string' ? { title, kind: 'refactor.inline', disabled: result } : { title, kind: 'refactor.inline', edits: result }];
}

/** The edits, or why not. */
export function inlineVariable(request: ActionRequest, symbol: Inlinable): Map<string, TextEdit[]> | string {
  const { workspace, queries } = request;
  if (symbol.kind === 'global' && !symbol.constant) return `'${symbol.name}' is a module-level variable: any function may change it`;
  const declaration = declarationOf(request, symbol);
  if (!declaration) return `'${symbol.name}' is not declared in a file of the workspace`;
  if (hasErrors(workspace, declaration.at.file)) return 'the file has errors: fix them first';
  const value = declaration.decl.value;
  if (!value) return `'${symbol.name}' has no value to inline`;
  if (!neverWritten(queries, declaration.at.file, symbol)) return `'${symbol.name}' is assigned or its address is taken after its declaration`;
  const check = workspace.check(declaration.at.file, declaration.at.item);
  const valueNames = namesIn(workspace, declaration.at, value);
  const immutable = (name: Ast.NameExpr): boolean => {
    const s = check.refs.get(name.name.id);
    return s !== undefined && s.kind !== 'field' && neverWritten(queries, declaration.at.file, s);
  };
  const valueText = sourceOf(declaration.at, value);
  if (!isPure(value, immutable, (e) => check.types.get(e.id))) return `its value '${oneLine(valueText)}' may have effects or read something that changes before its uses`;
  const type = symbol.kind === 'local' ? symbol.type : workspace.global(symbol).type;
  if (isPoison(type)) return `the type of '${symbol.name}' is not known`;
  if (literalsOnly(value) && declaration.decl.type !== undefined && type.kind !== 'int' && type.kind !== 'float') {
    return `its value takes its type (${sourceOf(declaration.at, declaration.decl.type)}) from the declaration`;
  }

  const declarationSite = queries.declarationOf(symbol);
  const uses = queries.references(symbol, false).filter((l) => !(l.file === declarationSite.file && l.start === declarationSite.start));
  const edits = new Map<string, TextEdit[]>();
  for (const use of uses) {
    if (hasErrors(workspace, use.file)) return `${use.file} has errors: fix them first`;
    const found = queries.nodesAt(use.file, use.start);
    const doc = workspace.document(use.file);
    if (!found || !doc) return `a use of '${symbol.name}' could not be read`;
    const path = found.path;
    const expr = path[path.length - 2];
    if (expr?.kind !== 'name-expr') return `the use at ${where(doc, use.start)} is not a plain name`;
    const holder = path[path.length - 3];
    if (holder?.kind === 'unary' && holder.operator === '&') return `the use at ${where(doc, use.start)} takes its address`;
    if (holder?.kind === 'using') return `the use at ${where(doc, use.start)} is a 'using'`;
    const visible = visibleAt(queries, use.file, use.start);
    for (const { expr: name, symbol: meant } of valueNames) {
      if (!meant || !visible.get(name.name.text)?.includes(meant)) return `'${name.name.text}' in its value means something else at ${where(doc, use.start)}`;
    }
    const useCheck = workspace.check(use.file, found.item);
    const useTypeOf = (e: Ast.Expr) => useCheck.types.get(e.id);
    const { holder: around, child } = holderOf(path, expr);
    const trap = constantTrap(around, child, value, useTypeOf);
    if (trap) return `at ${where(doc, use.start)} ${trap}`;
    const text = asType(valueText, value, check.types.get(value.id), type, bareLiteralFits(around, child, type, useTypeOf), visible);
    if (text === undefined) return `its type cannot be written at ${where(doc, use.start)}`;
    const cast = text !== valueText;
    const whole = takesWholeExpression(path, expr);
    const shown = cast ? (whole ? text : `(${text})`) : parenthesised(text, value, whole);
    const list = edits.get(use.file) ?? [];
    list.push({ start: use.start, end: use.end, text: shown });
    edits.set(use.file, list);
  }
  const remove = deleteLines(declaration.at.doc.text, declaration.start, declaration.end, declaration.topLevel);
  const list = edits.get(declaration.at.file) ?? [];
  list.push(remove);
  edits.set(declaration.at.file, list);
  return edits;
}

interface Declaration {
  readonly at: Located;
  readonly decl: Ast.VarDecl | Ast.ConstDecl;
  /** The statement or item to delete (absolute offsets). */
  readonly start: number;
  readonly end: number;
  /** A module-level declaration: the blank line after it goes with it. */
  readonly topLevel?: boolean;
}

function declarationOf(request: ActionRequest, symbol: Inlinable): Declaration | undefined {
  const { workspace, queries } = request;
  const doc = workspace.document(symbol.file);
  if (!doc) return undefined;
  if (symbol.kind === 'global') {
    const item = symbol.item;
    const { start, end } = absolute(item, symbol.decl);
    return { at: { file: symbol.file, doc, item }, decl: symbol.decl, start, end, topLevel: true };
  }
  const found = queries.nodesAt(symbol.file, symbol.item.start + symbol.nameNode.span.start);
  if (!found) return undefined;
  const statement = found.path.findLast((n): n is Ast.LocalStmt => n.kind === 'local');
  if (!statement) return undefined;
  const { start, end } = absolute(found.item, statement);
  return { at: { file: symbol.file, doc, item: found.item }, decl: statement.decl, start, end };
}

function where(doc: { lineIndex: { position(o: number): { line: number; character: number } } }, offset: number): string {
  const p = doc.lineIndex.position(offset);
  return `${p.line + 1}:${p.character + 1}`;
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ');
  return line.length > 40 ? `${line.slice(0, 37)}...` : line;
}
