// What the inline refactorings share: source text of nodes, whether an expression may be moved
// or repeated without changing what the program does, where an inlined expression needs
// parentheses, how a type is written at a place, fresh names, and re-indentation.
//
// "May be moved" is deliberately narrow (a pure expression): literals, immutable names
// (parameters, constants, loop variables, variables never written after their declaration and
// never address-taken), fields of such values, and operators that cannot trap (no call, no
// index, no dereference, no division by anything but a non-zero literal). Anything else keeps
// its place: it is evaluated once, into a temporary, where the original evaluated it.

import type { Queries, Symbol, Type, Workspace } from '../../semantics';
import { typeToString } from '../../semantics';
import { children, type Ast, type AstNode, type LoweredItem, type SyntaxDocument } from '../../syntax';
import { applyEdits, type TextEdit } from '../actions';
import { typeSource as writeType } from '../type-source';

export interface Located {
  readonly file: string;
  readonly doc: SyntaxDocument;
  readonly item: LoweredItem;
}

export function absolute(item: LoweredItem, node: { readonly span: Ast.Span }): { start: number; end: number } {
  return { start: item.start + node.span.start, end: item.start + node.span.end };
}

export function sourceOf(at: Located, node: { readonly span: Ast.Span }): string {
  const { start, end } = absolute(at.item, node);
  return at.doc.text.slice(start, end);
}

/** Every node of a subtree, pre-order. */
export function descendants(node: AstNode): AstNode[] {
  const out: AstNode[] = [];
  const stack: AstNode[] = [node];
  while (stack.length > 0) {
    const n = stack.pop()!;
    out.push(n);
    const kids = children(n);
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
  }
  return out;
}

/** The name expressions of a subtree with the symbol each refers to. */
export function namesIn(workspace: Workspace, at: Located, node: AstNode): { expr: Ast.NameExpr; symbol: Symbol | undefined }[] {
  const refs = workspace.check(at.file, at.item).refs;
  return descendants(node).filter((n): n is Ast.NameExpr => n.kind === 'name-expr').map((expr) => ({ expr, symbol: refs.get(expr.name.id) }));
}

/** Is the local never written after its declaration (no assignment, no `&`) anywhere in its file? */
export function neverWritten(queries: Queries, file: string, symbol: Symbol): boolean {
  if (symbol.kind === 'local') {
    if (symbol.role !== 'var') return true; // parameters, constants and loop variables cannot be assigned
  } else if (symbol.kind === 'global') {
    return symbol.constant;
  } else {
    return symbol.kind === 'function' || symbol.kind === 'enum-member';
  }
  const declaration = queries.declarationOf(symbol);
  for (const use of queries.references(symbol, false, [file])) {
    if (use.file === declaration.file && use.start === declaration.start) continue;
    const found = queries.nodesAt(use.file, use.start);
    if (!found || isWrittenPlace(found.path)) return false;
  }
  return true;
}

/**
 * Is the name at the end of `path` (then its name expression) written: assigned, or under `&`,
 * itself or through member and index chains (`v = 1`, `v.x = 1`, `&v.a[0]`)?
 */
function isWrittenPlace(path: readonly AstNode[]): boolean {
  for (let i = path.length - 2; i > 0; i--) {
    const node = path[i]!;
    const parent = path[i - 1]!;
    if ((parent.kind === 'member' || parent.kind === 'index') && parent.object === node) continue;
    return (parent.kind === 'assign' && parent.target === node) || (parent.kind === 'unary' && parent.operator === '&');
  }
  return false;
}

/** Can evaluating `e` be moved or repeated without any change the program could see? */
export function isPure(e: Ast.Expr, immutable: (name: Ast.NameExpr) => boolean, typeOf: (e: Ast.Expr) => Type | undefined): boolean {
  switch (e.kind) {
    case 'int': case 'float': case 'string': case 'char': case 'bool': case 'null':
      return true;
    case 'name-expr':
      return immutable(e);
    case 'implicit-member':
      return true;
    case 'paren':
      return isPure(e.inner, immutable, typeOf);
    case 'member': {
      const object = typeOf(e.object);
      if (object?.kind === 'pointer') return false; // through a pointer: may be null, may change
      return isPure(e.object, immutable, typeOf);
    }
    case 'unary':
      return e.operator !== '*' && e.operator !== '&' && isPure(e.operand, immutable, typeOf);
    case 'cast':
      return isPure(e.value, immutable, typeOf);
    case 'binary':
      if ((e.operator === '/' || e.operator === '%') && !(e.right.kind === 'int' && e.right.value !== undefined && e.right.value !== 0n) && !(e.right.kind === 'float')) return false;
      return isPure(e.left, immutable, typeOf) && isPure(e.right, immutable, typeOf);
    case 'struct-literal':
      return e.fields.every((f) => isPure(f.value, immutable, typeOf));
    case 'array-literal':
      return e.elements.every((x) => isPure(x, immutable, typeOf));
    default:
      return false;
  }
}

/**
 * An expression as it must read where it moves so that it keeps the type `type` it had: cast
 * when it could read as another there. A value of literals only takes its type from where it is
 * (`1` in `x / 2`), so it stays bare only where `bare` says nothing around it could choose
 * another (see bareLiteralFits); a value whose own type differs was converted where it was (a
 * declaration, an argument, a return).
 */
export function asType(text: string, e: Ast.Expr, ownType: Type | undefined, type: Type, bare: boolean, visible: ReadonlyMap<string, readonly Symbol[]>): string | undefined {
  if (type.kind !== 'int' && type.kind !== 'float') return text;
  const converted = ownType === undefined || typeToString(ownType) !== typeToString(type);
  if (literalsOnly(e) ? typeToString(type) === defaultLiteralType(e) && bare : !converted) return text;
  const written = typeSource(type, visible);
  if (written === undefined) return undefined;
  return `${parenthesised(text, e, false)} as ${written}`;
}

/** No name, call or field in it: its type is the one its literals take where it is. */
export function literalsOnly(e: AstNode): boolean {
  return !descendants(e).some((n) => n.kind === 'name-expr' || n.kind === 'call' || n.kind === 'member' || n.kind === 'index' || n.kind === 'context');
}

function defaultLiteralType(e: AstNode): string {
  return descendants(e).some((n) => n.kind === 'float') ? 'f64' : 'i64';
}

/**
 * Can a literal of its default type stand bare at `node` (held by `holder`)? Where nothing
 * expects a type of it: printed, the value of an untyped `var`, or an operand beside one of
 * that same type. Elsewhere (an argument an overload may choose by, a typed declaration, a
 * cast, a shift count) it is cast.
 */
export function bareLiteralFits(holder: AstNode | undefined, node: AstNode, type: Type, typeOf: (e: Ast.Expr) => Type | undefined): boolean {
  if (!holder) return false;
  if (holder.kind === 'call') return holder.callee !== node && holder.callee.kind === 'name-expr' && PRINTS.has(holder.callee.name.text);
  if (holder.kind === 'var' || holder.kind === 'const') return holder.type === undefined;
  if (holder.kind === 'range') {
    const other = holder.start === node ? holder.end : holder.start;
    const t = typeOf(other);
    return literalsOnly(other) || (t !== undefined && typeToString(t) === typeToString(type));
  }
  if (holder.kind === 'binary' && holder.operator !== '<<' && holder.operator !== '>>' && holder.operator !== '&&' && holder.operator !== '||') {
    const other = holder.left === node ? holder.right : holder.left;
    const t = typeOf(other);
    return t !== undefined && typeToString(t) === typeToString(type);
  }
  return false;
}

/** What holds `node` on `path` (outermost first), looking through parentheses: the holder and its child on the way. */
export function holderOf(path: readonly AstNode[], node: AstNode): { holder: AstNode | undefined; child: AstNode } {
  let i = path.indexOf(node);
  let child = node;
  while (i > 0 && path[i - 1]!.kind === 'paren') child = path[--i]!;
  return { holder: i > 0 ? path[i - 1] : undefined, child };
}

const PRINTS = new Set(['print', 'println', 'eprint', 'eprintln']);

/** The value of an integer literal, possibly negated or parenthesised. */
function literalValue(e: Ast.Expr): bigint | undefined {
  if (e.kind === 'int') return e.value;
  if (e.kind === 'paren') return literalValue(e.inner);
  if (e.kind === 'unary' && e.operator === '-') {
    const v = literalValue(e.operand);
    return v === undefined ? undefined : -v;
  }
  return undefined;
}

/**
 * Why the constant `value` cannot take the place of `node` (held by `holder`): there the
 * checker folds constants and rejects what the program only did at run time (a division by
 * 0, a shift by 64, a step of 0, an index out of bounds). Undefined where it can.
 */
export function constantTrap(holder: AstNode | undefined, node: AstNode, value: Ast.Expr, typeOf: (e: Ast.Expr) => Type | undefined): string | undefined {
  if (!literalsOnly(value)) return undefined;
  return trapAt(holder, node, literalValue(value), typeOf);
}

/** constantTrap for a constant whose value is `v` (undefined: not known here, so any value). */
export function trapAt(holder: AstNode | undefined, node: AstNode, v: bigint | undefined, typeOf: (e: Ast.Expr) => Type | undefined): string | undefined {
  if (!holder) return undefined;
  const divisor = (holder.kind === 'binary' && (holder.operator === '/' || holder.operator === '%') && holder.right === node)
    || (holder.kind === 'assign' && (holder.operator === '/=' || holder.operator === '%=') && holder.value === node);
  if (divisor && (v === undefined || v === 0n)) return 'it would be a constant divisor of 0, an error where the program divides at run time';
  const shift = (holder.kind === 'binary' && (holder.operator === '<<' || holder.operator === '>>') && holder.right === node)
    || (holder.kind === 'assign' && (holder.operator === '<<=' || holder.operator === '>>=') && holder.value === node);
  if (shift && (v === undefined || v < 0n || v >= 64n)) return 'it would be a constant shift count out of range, an error where the program shifts at run time';
  if (holder.kind === 'slice' && holder.step === node && (v === undefined || v === 0n)) return 'it would be a constant slice step of 0, an error where the program slices at run time';
  if (holder.kind === 'index' && holder.index === node) {
    const object = typeOf(holder.object);
    const length = object?.kind === 'array' ? BigInt(object.length) : undefined;
    if (v === undefined || v < 0n || (length !== undefined && v >= length)) return 'it would be a constant index out of bounds, an error where the program indexes at run time';
  }
  return undefined;
}

/** An atom needs no parentheses wherever an expression goes. */
export function isAtom(e: Ast.Expr): boolean {
  switch (e.kind) {
    case 'name-expr': case 'int': case 'float': case 'string': case 'char': case 'bool': case 'null':
    case 'context': case 'call': case 'index': case 'slice': case 'member': case 'implicit-member':
    case 'paren': case 'struct-literal': case 'array-literal':
      return true;
    default:
      return false;
  }
}

/**
 * Is the expression at the end of `path` in a place that takes any expression whole: an
 * argument, an initialiser, a returned value, a statement, a condition, an assigned value, an
 * index? Elsewhere (an operand) a non-atomic replacement gets parentheses.
 */
export function takesWholeExpression(path: readonly AstNode[], node: AstNode): boolean {
  const parent = path[path.indexOf(node) - 1];
  if (!parent) return true;
  switch (parent.kind) {
    case 'call': return parent.callee !== node;
    case 'var': case 'const': case 'return': case 'expr-stmt': case 'field-init': case 'array-literal':
    case 'if': case 'while': case 'switch': case 'using': case 'push-context':
      return true;
    case 'for': return false; // `for x in a..b`: keep a range's operands apart
    case 'assign': return parent.value === node;
    case 'index': return parent.index === node;
    case 'paren': return true;
    default: return false;
  }
}

export function parenthesised(text: string, e: Ast.Expr, whole: boolean): string {
  return whole || isAtom(e) ? text : `(${text})`;
}

/**
 * The type written as source where `names` are visible, or undefined when a name in it would
 * mean something else there (a struct of another module reached through an alias).
 */
export function typeSource(type: Type, visible: ReadonlyMap<string, readonly Symbol[]>): string | undefined {
  return writeType(type, (symbol) => (visible.get(symbol.name)?.includes(symbol) ? symbol.name : undefined));
}

/** The names visible at an offset, as a map from name to what it means there. */
export function visibleAt(queries: Queries, file: string, offset: number): Map<string, readonly Symbol[]> {
  return new Map(queries.visibleNames(file, offset).map((v) => [v.name, v.symbols]));
}

/** `base`, or `base_2`, `base_3`, ... : the first not in `taken`. */
export function freshName(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}_${i}`)) return `${base}_${i}`;
}

/** The whitespace before the first non-blank character of the line holding `offset`. */
export function indentAt(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

/** Moves every line but the first of `text` from indentation `from` to `to`. */
export function reindent(text: string, from: string, to: string): string {
  return text.split('\n').map((line, i) => (i === 0 || line.length === 0 ? line : line.startsWith(from) ? to + line.slice(from.length) : line)).join('\n');
}

/**
 * The edit that deletes a statement or declaration with its line: the whole lines it covers
 * when nothing else is on them, else just its text.
 */
export function deleteLines(text: string, start: number, end: number, withBlankLine = false): TextEdit {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  let lineEnd = text.indexOf('\n', end);
  if (lineEnd < 0) lineEnd = text.length;
  const before = text.slice(lineStart, start);
  const after = text.slice(end, lineEnd);
  if (!/^[ \t]*$/.test(before) || !/^[ \t]*$/.test(after)) return { start, end, text: '' };
  let stop = Math.min(lineEnd + 1, text.length);
  if (withBlankLine) {
    const blank = /^[ \t]*\n/.exec(text.slice(stop));
    if (blank) stop += blank[0].length;
  }
  return { start: lineStart, end: stop, text: '' };
}

/** Applies edits given in file offsets to a piece of the file that starts at `base`. */
export function editText(text: string, base: number, edits: readonly TextEdit[]): string {
  return applyEdits(text, edits.map((e) => ({ start: e.start - base, end: e.end - base, text: e.text })));
}

/** Does the file have errors? Refactoring code with errors is refused. */
export function hasErrors(workspace: Workspace, file: string): boolean {
  return workspace.diagnostics(file).some((d) => d.severity === 'error');
}
