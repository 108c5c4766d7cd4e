// What extract variable and extract function share: finding the expression or the statements a
// selection is exactly (by the syntax tree, so that `a + b` in `a + b * c` is no expression),
// telling values from types and places, writing a type back as Zolt source, and fresh names.
// Both refactorings refuse rather than guess, so these helpers answer conservatively.

import { SyntaxDocument, type Ast, type LoweredItem } from '../../syntax';
import { applyEdits, type TextEdit } from '../actions';
import { formatEdits, formatTree } from '../format';
import { children, walk, type AstNode } from '../../syntax/walk';
import type { ItemCheck, Symbol, Type, Workspace } from '../../semantics';
import { typeText } from '../type-source';

/** A type as Zolt source meaning the same type at the top level of a file (the REPL's writer). */
export const typeSource: (workspace: Workspace, file: string, type: Type) => string | undefined = typeText;

/** A selection inside one top-level item, with what checking that item found. */
export interface Site {
  readonly text: string;
  readonly item: LoweredItem;
  readonly check: ItemCheck;
  /** The selection without surrounding whitespace, item-relative. */
  readonly start: number;
  readonly end: number;
  readonly parents: ReadonlyMap<AstNode, AstNode>;
}

const EXPRESSION_KINDS: ReadonlySet<string> = new Set([
  'name-expr', 'int', 'float', 'string', 'char', 'bool', 'null', 'context', 'binary', 'assign', 'range',
  'cast', 'unary', 'call', 'index', 'slice', 'member', 'implicit-member', 'paren', 'struct-literal',
  'array-literal', 'type-value', 'error-expr',
]);

const TYPE_KINDS: ReadonlySet<string> = new Set(['named-type', 'pointer-type', 'array-type', 'slice-type', 'function-type', 'error-type']);

export function isExpression(node: AstNode): node is Ast.Expr {
  return EXPRESSION_KINDS.has(node.kind);
}

const parentMaps = new WeakMap<AstNode, Map<AstNode, AstNode>>();

/** Every node's parent in an item (built once per item's AST). */
export function parentsOf(root: AstNode): ReadonlyMap<AstNode, AstNode> {
  let parents = parentMaps.get(root);
  if (!parents) {
    const built = new Map<AstNode, AstNode>();
    walk(root, (node) => {
      for (const child of children(node)) built.set(child, node);
    });
    parentMaps.set(root, (parents = built));
  }
  return parents;
}

/** The selection's site: the item holding it, trimmed of whitespace; none for a cursor. */
export function siteOf(workspace: Workspace, file: string, start: number, end: number): Site | undefined {
  if (start >= end) return undefined;
  const doc = workspace.document(file);
  if (!doc || doc.items.length === 0) return undefined;
  const text = doc.text;
  let s = start;
  let e = end;
  while (s < e && /\s/.test(text[s]!)) s++;
  while (e > s && /\s/.test(text[e - 1]!)) e--;
  if (s >= e) return undefined;
  const item = doc.items[doc.itemIndexAt(s)]!;
  if (s < item.start || e > item.start + item.length) return undefined;
  return { text, item, check: workspace.check(file, item), start: s - item.start, end: e - item.start, parents: parentsOf(item.decl) };
}

/** The outermost expression whose span is exactly the selection. */
export function selectedExpression(site: Site): Ast.Expr | undefined {
  let found: Ast.Expr | undefined;
  walk(site.item.decl, (node) => {
    if (!found && isExpression(node) && node.span.start === site.start && node.span.end === site.end) found = node;
  });
  return found;
}

/** The node's ancestors, innermost first. */
export function ancestors(site: Site, node: AstNode): AstNode[] {
  const out: AstNode[] = [];
  for (let p = site.parents.get(node); p; p = site.parents.get(p)) out.push(p);
  return out;
}

/** The innermost function around a node (a nested one if it is in one). */
export function enclosingFunction(site: Site, node: AstNode): Ast.FunctionDecl | undefined {
  return ancestors(site, node).find((n): n is Ast.FunctionDecl => n.kind === 'function');
}

/**
 * Why an expression is not something a name can stand for, or 'none' when it is no value at all
 * (a type, a module, a function being called, a call of a `void` function, an assignment: no
 * action is offered), or undefined when it is a value. Values inside types (array lengths) and outside functions are 'none' as well.
 */
export function valueProblem(site: Site, expr: Ast.Expr): string | 'none' | undefined {
  const up = ancestors(site, expr);
  if (up.some((n) => TYPE_KINDS.has(n.kind) || n.kind === 'struct' || n.kind === 'enum')) return 'none'; // types, field defaults, member values
  if (!up.some((n) => n.kind === 'block')) return 'none';
  const type = site.check.types.get(expr.id);
  if (!type || type.kind === 'type' || type.kind === 'module' || type.kind === 'overloads' || expr.kind === 'type-value') return 'none';
  if (expr.kind === 'assign' || type.kind === 'void') return 'none'; // a statement, not a value
  if (type.kind === 'range') return 'a range is not a value a variable can hold';
  if (type.kind === 'generic') return 'the expression has a generic type (a generic function is checked per instantiation)';
  if (type.kind === 'error' || type.kind === 'null') return 'the type of the expression is not known here';
  if (isCStringLiteral(site, expr)) return 'a string literal where a C string is expected must stay a literal (only a literal ends in NUL)';
  if (isPlace(site, expr)) return 'the expression is a place that is assigned or whose address is taken: a copy of it would not be the same place';
  return undefined;
}

/**
 * Whether a node names storage that the code around it writes or points to: the target of an
 * assignment, the operand of `&`, a struct or array whose field or element is such a place, an
 * array being sliced (the slice points into it), a `using` value.
 */
export function isPlace(site: Site, node: AstNode): boolean {
  const parent = site.parents.get(node);
  if (!parent) return false;
  switch (parent.kind) {
    case 'assign':
      return parent.target === node || becomesSlice(site, node, site.check.types.get(parent.target.id));
    case 'unary':
      return parent.operator === '&';
    case 'using':
      return true;
    case 'paren':
      return isPlace(site, parent);
    case 'call':
      return parent.callee !== node && becomesSlice(site, node, site.check.calls.get(parent.id)?.signature?.params[parent.args.indexOf(node as Ast.Expr)]);
    case 'var':
      return parent.value === node && becomesSlice(site, node, parent.type && site.check.types.get(parent.name.id));
    case 'member':
    case 'index':
    case 'slice': {
      if (parent.object !== node) return false;
      const type = site.check.types.get(node.id);
      if (type?.kind === 'pointer' || type?.kind === 'slice') return false; // the storage is elsewhere
      return isPlace(site, parent) || (parent.kind === 'slice' && type?.kind === 'array');
    }
    default:
      return false;
  }
}

/** A string literal that converts to a pointer where it stands (`puts("hi")`): a variable would not. */
function isCStringLiteral(site: Site, expr: Ast.Expr): boolean {
  if (expr.kind !== 'string') return false;
  const parent = site.parents.get(expr);
  if (parent?.kind === 'call' && parent.callee !== expr) {
    const info = site.check.calls.get(parent.id);
    const signature = info?.signature;
    const index = parent.args.indexOf(expr);
    const cVariadic = signature?.variadic === true && index >= signature.params.length && info?.chosen?.foreign !== undefined && info.chosen.foreign !== 'builtin';
    return !signature || signature.params[index]?.kind === 'pointer' || cVariadic;
  }
  const target = parent?.kind === 'var' ? parent.type && site.check.types.get(parent.name.id) : parent?.kind === 'assign' ? site.check.types.get(parent.target.id) : undefined;
  return target?.kind === 'pointer';
}

/** Whether an array value meets a slice type there: the slice points into the array. */
function becomesSlice(site: Site, node: AstNode, target: Type | undefined): boolean {
  return target?.kind === 'slice' && site.check.types.get(node.id)?.kind === 'array';
}

/**
 * The locals whose storage something else may reach: their address is taken, or they are
 * arrays sliced or passed as slices, anywhere in the item. A call can read or write them.
 */
export function aliasedLocals(site: Site): Set<Symbol> {
  const aliased = new Set<Symbol>();
  walk(site.item.decl, (node) => {
    const symbol = referent(site, node);
    if (symbol?.kind === 'local' && isPlace(site, node) && !isAssignedOnly(site, node)) aliased.add(symbol);
  });
  return aliased;
}

/** A place that is only assigned to (`x = 1`, `x.f += 1`): its address does not escape. */
function isAssignedOnly(site: Site, node: AstNode): boolean {
  let n = node;
  for (let p = site.parents.get(n); p; n = p, p = site.parents.get(n)) {
    if (p.kind === 'assign') return p.target === n;
    if (p.kind !== 'member' && p.kind !== 'index' && p.kind !== 'paren') return false;
  }
  return false;
}

/** The expression's type as the checker saw it where it stands (a literal takes the expected type). */
export function typeOf(site: Site, expr: Ast.Expr): Type | undefined {
  const type = site.check.types.get(expr.id);
  if (!type) return undefined;
  if (type.kind === 'untyped-int') return { kind: 'int', name: 'i64', bits: 64, signed: true };
  if (type.kind === 'untyped-float') return { kind: 'float', name: 'f64', bits: 64 };
  return type;
}

/**
 * Whether the expression's type comes from where it stands rather than from itself: literals,
 * `null`, `.Member`, array literals, and arithmetic of those. A variable holding it needs the
 * type written (`var value: u8 = 200;`), else it would be an i64 or not checkable.
 */
export function adaptsToContext(expr: Ast.Expr): boolean {
  switch (expr.kind) {
    case 'int':
    case 'float':
    case 'null':
    case 'implicit-member':
    case 'array-literal':
    case 'char':
      return true;
    case 'paren':
      return adaptsToContext(expr.inner);
    case 'unary':
      return (expr.operator === '-' || expr.operator === '~') && adaptsToContext(expr.operand);
    case 'binary':
      return ['+', '-', '*', '/', '%', '|', '^', '&', '<<', '>>'].includes(expr.operator) && adaptsToContext(expr.left) && (expr.operator === '<<' || expr.operator === '>>' || adaptsToContext(expr.right));
    default:
      return false;
  }
}

/** `base`, else `base_2`, `base_3`, ...: the first that is not taken. */
export function freshName(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}_${i}`)) return `${base}_${i}`;
}

/** Every name written anywhere in a node (declared or used): a fresh name avoids all of them. */
export function namesIn(root: AstNode): Set<string> {
  const names = new Set<string>();
  walk(root, (node) => {
    if (node.kind === 'name') names.add(node.text);
  });
  return names;
}

/** The errors the checker and the parser report inside the item. */
export function hasErrors(workspace: Workspace, file: string, site: Site): boolean {
  if (site.item.hasSyntaxErrors || site.check.diagnostics.some((d) => d.severity === 'error')) return true;
  const from = site.item.start;
  const to = site.item.start + site.item.length;
  return workspace.diagnostics(file).some((d) => d.severity === 'error' && d.start < to && d.end > from);
}

/** The whitespace a line starts with, if `offset` is the line's first non-blank character. */
export function lineIndent(text: string, offset: number): string | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  return /^[ \t]*$/.test(before) ? before : undefined;
}

/** The symbol a name-expression refers to. */
export function referent(site: Site, node: AstNode): Symbol | undefined {
  return node.kind === 'name-expr' ? site.check.refs.get(node.name.id) : undefined;
}

/** Whether `inner` lies within [start, end) (item-relative). */
export function within(node: AstNode, start: number, end: number): boolean {
  return node.span.start >= start && node.span.end <= end;
}

/** The last text asked about (both extractions ask about the same file at one request). */
let lastFormatted: { readonly text: string; readonly formatted: boolean } | undefined;

function isFormatted(doc: SyntaxDocument): boolean {
  if (lastFormatted?.text !== doc.text) {
    const result = formatTree(doc.tree, doc.text);
    lastFormatted = { text: doc.text, formatted: result.kind === 'formatted' && result.text === doc.text };
  }
  return lastFormatted.formatted;
}

/**
 * The edits of a file widened so that a file `zolt fmt` leaves as it is stays so (a call that
 * makes a line too long breaks its argument list, as the formatter would); a file that is not
 * formatted gets the edits as they are, so that nothing else of it changes.
 */
export function keepFormatted(workspace: Workspace, file: string, edits: readonly TextEdit[]): readonly TextEdit[] {
  const doc = workspace.document(file);
  if (!doc || !isFormatted(doc)) return edits;
  const text = applyEdits(doc.text, edits);
  const scratch = SyntaxDocument.create(workspace.grammar, file, text);
  try {
    const after = formatTree(scratch.tree, text);
    return after.kind === 'formatted' ? formatEdits(doc.text, after.text) : edits;
  } finally {
    scratch.release();
  }
}
