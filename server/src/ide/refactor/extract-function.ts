// Extract function: a selected expression, or a run of whole statements of one block, becomes a
// new top-level function placed after the enclosing one, and the selection becomes its call.
//
// The parameters are the selection's free variables (locals and parameters declared outside it
// and used inside), in order of first use, with their types written as Zolt source. A variable
// the selection assigns (or takes the address of, or slices when it is an array) is passed by
// pointer: `&x` at the call, `p: *T` in the function, and inside `*x` (`(*x)` before a postfix
// operator; `x.field` stays, a field reaches through one pointer; `&x` becomes `x`). An
// expression gives `return <expr>;` with its type; statements give a function without a value,
// or, when they declare one `var` used after them, one that returns it: `var x = extracted();`.
//
// Refused, with the reason: a `return`, or a `break` or `continue` that leaves the selection; a
// `defer` or `using` directly among the statements (they act on the block's end and its names);
// statements declaring anything else used outside them; names the top level cannot see (local
// constants, nested functions and types declared outside the selection, fields that `using`
// brought in); types that cannot be written there (generic ones, nested structs); and code with
// errors.

import type { Ast } from '../../syntax';
import { returnsValue, walk, type AstNode } from '../../syntax/walk';
import type { LocalSymbol, Symbol, Workspace } from '../../semantics';
import { applyEdits, editsIn, type ActionProvider, type ActionRequest, type CodeAction, type TextEdit } from '../actions';
import {
  aliasedLocals, ancestors, enclosingFunction, freshName, hasErrors, keepFormatted, isPlace, referent, selectedExpression, siteOf,
  typeOf, typeSource, valueProblem, within, type Site,
} from './extract-support';

export const EXTRACT_FUNCTION_TITLE = 'Extract function';

/** What is extracted: an expression whose value is returned, or statements run for their effects. */
type Selection =
  | { readonly kind: 'expression'; readonly expr: Ast.Expr }
  | { readonly kind: 'statements'; readonly statements: readonly Ast.Stmt[]; readonly start: number; readonly end: number };

interface Parameter {
  readonly symbol: LocalSymbol;
  readonly byPointer: boolean;
}

type Outcome<T> = { readonly ok: T } | { readonly refused: string };

export const extractFunction: ActionProvider = (request) => {
  const site = siteOf(request.workspace, request.file, request.start, request.end);
  if (!site) return [];
  const selection = selectionOf(site);
  if (!selection) return [];
  const refuse = (reason: string): CodeAction[] => [{ title: EXTRACT_FUNCTION_TITLE, kind: 'refactor.extract', disabled: reason }];
  if ('refused' in selection) return refuse(selection.refused);
  const chosen = selection.ok;
  const roots = chosen.kind === 'expression' ? [chosen.expr] : chosen.statements;
  const fn = enclosingFunction(site, roots[0]!);
  if (!fn) return [];
  if (hasErrors(request.workspace, request.file, site)) return refuse('the function has errors');
  const [start, end] = chosen.kind === 'expression' ? [chosen.expr.span.start, chosen.expr.span.end] : [chosen.start, chosen.end];
  const problem = controlProblem(site, roots, chosen) ?? nameProblem(site, roots, start, end);
  if (problem) return refuse(problem);
  const result = resultOf(site, chosen, start, end);
  if ('refused' in result) return refuse(result.refused);
  const params = parametersOf(site, roots, start, end);
  const generic = fn.params.some((p) => !p.type);
  const signature = signatureOf(request.workspace, request.file, site, params, chosen, result.ok, generic);
  if ('refused' in signature) return refuse(signature.refused);
  const edits = buildEdits(request, site, chosen, params, { ...signature.ok, result: result.ok }, start, end);
  return [{ title: EXTRACT_FUNCTION_TITLE, kind: 'refactor.extract', edits: editsIn(request.file, keepFormatted(request.workspace, request.file, edits)) }];
};

/** The expression the selection is, or the statements of one block it covers exactly. */
function selectionOf(site: Site): Outcome<Selection> | undefined {
  const expr = selectedExpression(site);
  if (expr) {
    const parent = site.parents.get(expr);
    // A call or assignment used as a statement is extracted as that statement.
    if (parent?.kind === 'expr-stmt' && (expr.kind === 'assign' || site.check.types.get(expr.id)?.kind === 'void')) {
      return { ok: { kind: 'statements', statements: [parent], start: parent.span.start, end: parent.span.end } };
    }
    const problem = valueProblem(site, expr);
    if (problem === 'none') return undefined;
    if (problem) return { refused: problem };
    const holder = ancestors(site, expr).find((n) => n.kind === 'case' || n.kind === 'local' || n.kind === 'block');
    if (holder?.kind === 'case') return { refused: 'a case value must be a constant' };
    if (holder?.kind === 'local' && holder.decl.kind === 'const') return { refused: "a constant's value must be a constant" };
    return { ok: { kind: 'expression', expr } };
  }
  let found: Selection | undefined;
  walk(site.item.decl, (node) => {
    if (found || node.kind !== 'block') return;
    const first = node.statements.findIndex((s) => s.span.start === site.start);
    const last = node.statements.findIndex((s) => s.span.end === site.end);
    if (first >= 0 && last >= first) found = { kind: 'statements', statements: node.statements.slice(first, last + 1), start: site.start, end: site.end };
  });
  return found && { ok: found };
}

/** Why control flow or block-level statements would not survive the move. */
function controlProblem(site: Site, roots: readonly AstNode[], selection: Selection): string | undefined {
  if (selection.kind === 'statements') {
    const direct = selection.statements.find((s) => s.kind === 'defer' || s.kind === 'using');
    if (direct) return `the selection has a '${direct.kind}' that acts on the end of its block`;
    const last = selection.statements[selection.statements.length - 1]!;
    const block = site.parents.get(last);
    const fn = enclosingFunction(site, last);
    if (block?.kind === 'block' && block.statements[block.statements.length - 1] === last && fn && (fn.returnType !== undefined || returnsValue(fn)) && selection.statements.some((s) => endsPaths(site, s))) {
      return "the selection ends the function's paths (panic, unreachable, an endless loop): the function would not end in a return";
    }
  }
  let problem: string | undefined;
  for (const root of roots) {
    walk(root, (node) => {
      if (problem) return;
      if (node.kind === 'return' && !insideNestedFunction(site, node, root)) problem = 'the selection returns from the function';
      if ((node.kind === 'break' || node.kind === 'continue') && !loopWithin(site, node, root)) problem = `the selection has a '${node.kind}' that leaves it`;
    });
  }
  return problem;
}

/** A statement the checker counts as ending a path without a return (`panic`, `unreachable`, `while true`). */
function endsPaths(site: Site, statement: Ast.Stmt): boolean {
  if (statement.kind === 'unreachable') return true;
  if (statement.kind === 'while') return statement.condition.kind === 'bool' && statement.condition.value;
  if (statement.kind === 'expr-stmt' && statement.expr.kind === 'call') return site.check.calls.get(statement.expr.id)?.chosen?.name === 'panic';
  if (statement.kind === 'if') return [statement.then, statement.otherwise].some((b) => b !== undefined && (b.kind === 'if' ? endsPaths(site, b) : b.statements.some((s) => endsPaths(site, s))));
  if (statement.kind === 'block') return statement.statements.some((s) => endsPaths(site, s));
  return false;
}

function insideNestedFunction(site: Site, node: AstNode, root: AstNode): boolean {
  if (node === root) return false;
  for (const a of ancestors(site, node)) {
    if (a.kind === 'function') return true;
    if (a === root) return false;
  }
  return false;
}

function loopWithin(site: Site, node: AstNode, root: AstNode): boolean {
  if (node === root) return false;
  for (const a of ancestors(site, node)) {
    if (a.kind === 'while' || a.kind === 'for' || a.kind === 'function') return true;
    if (a === root) return false;
  }
  return false;
}

/**
 * The variable the function returns: one `var` declared directly among the statements and used
 * after them becomes `var x = extracted(...);`. Anything else declared inside and used outside
 * (it would not exist there) is refused, and so is a local of the selection's own block whose
 * address is taken (a pointer to it would outlive the new function).
 */
function resultOf(site: Site, selection: Selection, start: number, end: number): Outcome<LocalSymbol | undefined> {
  const escaping: Symbol[] = [];
  walk(site.item.decl, (node) => {
    if (node.kind !== 'name' || within(node, start, end)) return;
    const symbol = site.check.refs.get(node.id);
    if (symbol && declaredInside(site, symbol, start, end) && symbol.nameNode !== node && !escaping.includes(symbol)) escaping.push(symbol);
  });
  // A local of the selection's block lived to the block's end; now it ends with the function.
  const aliased = aliasedLocals(site);
  const direct = selection.kind === 'statements' ? selection.statements.flatMap((s) => (s.kind === 'local' ? [s.decl.name] : [])) : [];
  const pointed = [...aliased].find((symbol) => direct.includes(symbol.nameNode));
  if (pointed) return { refused: `the address of '${pointed.name}' is taken: it would point into the new function after it returns` };
  const [first, second] = escaping;
  if (!first) return { ok: undefined };
  if (second) return { refused: `the selection declares '${first.name}' and '${second.name}', which are used after it: one variable can be returned` };
  const declared = selection.kind === 'statements' && selection.statements.some((s) => s.kind === 'local' && s.decl.kind === 'var' && s.decl.name === first.nameNode);
  if (first.kind !== 'local' || !declared) return { refused: `the selection declares '${first.name}', which is used after it` };
  return { ok: first };
}

function declaredInside(site: Site, symbol: Symbol, start: number, end: number): boolean {
  return 'item' in symbol && symbol.item === site.item && within(symbol.nameNode, start, end);
}

/** A name inside that the new top-level function could not see. */
function nameProblem(site: Site, roots: readonly AstNode[], start: number, end: number): string | undefined {
  let problem: string | undefined;
  for (const root of roots) {
    walk(root, (node) => {
      if (problem || node.kind !== 'name-expr') return;
      const symbol = referent(site, node);
      if (!symbol || declaredInside(site, symbol, start, end)) return;
      if (symbol.kind === 'local' && symbol.role === 'const') problem = `the selection uses the local constant '${symbol.name}'`;
      else if ((symbol.kind === 'function' || symbol.kind === 'struct' || symbol.kind === 'enum') && symbol.nested) problem = `the selection uses '${symbol.name}', declared inside the function`;
      else if (symbol.kind === 'field' || symbol.kind === 'enum-member') problem = `the selection uses '${symbol.name}', which 'using' brought into scope`;
    });
  }
  return problem;
}

/** The free variables, in order of first use; those the selection writes are passed by pointer. */
function parametersOf(site: Site, roots: readonly AstNode[], start: number, end: number): Parameter[] {
  const order: LocalSymbol[] = [];
  // Assigned in the selection, or reachable by others (a call could write it): by pointer.
  const written = aliasedLocals(site);
  for (const root of roots) {
    walk(root, (node) => {
      const symbol = referent(site, node);
      if (symbol?.kind !== 'local' || declaredInside(site, symbol, start, end)) return;
      if (!order.includes(symbol)) order.push(symbol);
      if (isPlace(site, node) && symbol.role === 'var') written.add(symbol);
    });
  }
  return order.map((symbol) => ({ symbol, byPointer: symbol.role === 'var' && written.has(symbol) }));
}

interface Signature {
  readonly params: string;
  readonly ret: string;
}

function signatureOf(workspace: Workspace, file: string, site: Site, params: readonly Parameter[], selection: Selection, result: LocalSymbol | undefined, generic: boolean): Outcome<Signature> {
  const unwritable = (what: string) => ({ refused: generic ? `inside a generic function, ${what} has a generic type` : `the type of ${what} cannot be written at the top level` });
  const written: string[] = [];
  for (const p of params) {
    const type = typeSource(workspace, file, p.symbol.type);
    if (type === undefined) return unwritable(`'${p.symbol.name}'`);
    written.push(`${p.symbol.name}: ${p.byPointer ? `*${p.symbol.type.kind === 'function' ? `(${type})` : type}` : type}`);
  }
  if (selection.kind === 'statements' && !result) return { ok: { params: written.join(', '), ret: '' } };
  const type = selection.kind === 'expression' ? typeOf(site, selection.expr) : result?.type;
  const ret = type && typeSource(workspace, file, type);
  if (ret === undefined) return unwritable(result ? `'${result.name}'` : 'the expression');
  return { ok: { params: written.join(', '), ret: ` -> ${ret}` } };
}

/** The call in place of the selection, and the new function after the enclosing top-level one. */
function buildEdits(request: ActionRequest, site: Site, selection: Selection, params: readonly Parameter[], signature: Signature & { readonly result: LocalSymbol | undefined }, start: number, end: number): TextEdit[] {
  const abs = site.item.start;
  const name = freshName('extracted', new Set(request.queries.visibleNames(request.file, abs + start).map((v) => v.name)));
  const args = params.map((p) => (p.byPointer ? `&${p.symbol.name}` : p.symbol.name)).join(', ');
  const result = signature.result;
  const call = `${result ? `var ${result.name} = ` : ''}${name}(${args})${selection.kind === 'statements' ? ';' : ''}`;
  const roots = selection.kind === 'expression' ? [selection.expr] : selection.statements;
  const bodyText = applyEdits(site.text.slice(abs + start, abs + end), pointerEdits(site, roots, params, start));
  const body = reindent(bodyText, leadingWhitespace(site.text, abs + start));
  const statements = selection.kind === 'expression' ? `    return ${body};` : `    ${body}${result ? `\n    return ${result.name};` : ''}`;
  const fn = `\n\nfn ${name}(${signature.params})${signature.ret} {\n${statements}\n}`;
  const itemEnd = abs + site.item.length;
  const lineEnd = site.text.indexOf('\n', itemEnd);
  const at = lineEnd < 0 ? site.text.length : lineEnd;
  return [{ start: abs + start, end: abs + end, text: call }, { start: at, end: at, text: fn }];
}

/** Uses of pointer-passed variables rewritten to go through the pointer (offsets from `start`). */
function pointerEdits(site: Site, roots: readonly AstNode[], params: readonly Parameter[], start: number): TextEdit[] {
  const byPointer = new Set(params.filter((p) => p.byPointer).map((p) => p.symbol));
  const edits: TextEdit[] = [];
  for (const root of roots) {
    walk(root, (node) => {
      const symbol = referent(site, node);
      if (symbol?.kind !== 'local' || !byPointer.has(symbol)) return;
      const parent = site.parents.get(node);
      const at = (n: AstNode, text: string) => edits.push({ start: n.span.start - start, end: n.span.end - start, text });
      if (parent?.kind === 'unary' && parent.operator === '&') at(parent, symbol.name);
      else if (parent?.kind === 'member' && parent.object === node && symbol.type.kind === 'struct') return;
      else if ((parent?.kind === 'member' || parent?.kind === 'index' || parent?.kind === 'slice') && parent.object === node) at(node, `(*${symbol.name})`);
      else if (parent?.kind === 'call' && parent.callee === node) at(node, `(*${symbol.name})`);
      else at(node, `*${symbol.name}`);
    });
  }
  return edits;
}

/** The indentation of the line that holds `offset`. */
function leadingWhitespace(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart, offset))![0];
}

/** The selected text moved one level below the top: its later lines lose `indent`, gain four spaces. */
function reindent(text: string, indent: string): string {
  return text.split('\n').map((line, i) => {
    if (i === 0 || line.trim() === '') return i === 0 ? line : '';
    return `    ${line.startsWith(indent) ? line.slice(indent.length) : line.trimStart()}`;
  }).join('\n');
}
