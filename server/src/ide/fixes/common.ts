// What the quick fixes share: finding the AST node a diagnostic was reported at, the text
// around it (indentation, whole lines), writing a type or a zero value as Zolt source that
// means the same in the file it goes into, and telling an expression that cannot do anything
// at run time from one that might (a call, a division, an index).

import type { Ast, Diagnostic, LoweredItem } from '../../syntax';
import type { AstNode } from '../../syntax/walk';
import type { EnumMemberSymbol, EnumSymbol, Queries, StructSymbol, Type, Workspace } from '../../semantics';
import { typeSource, type Namer } from '../type-source';

export { typeSource };
import type { CodeAction, TextEdit } from '../actions';
import { editsIn } from '../actions';
import { hasNoEffect as isInert } from '../../semantics/check/statements';

/** The indentation unit of the Zolt style (ide/format.ts). */
export const INDENT = '    ';

/** A node with its item, and absolute offsets. */
export interface Located<N extends AstNode = AstNode> {
  readonly node: N;
  readonly item: LoweredItem;
  /** The chain from the item's declaration down to `node`. */
  readonly path: readonly AstNode[];
}

/** The innermost node of `kind` whose span is exactly [start, end] (absolute offsets). */
export function nodeAt<K extends AstNode['kind']>(
  queries: Queries, file: string, start: number, end: number, kind: K,
): Located<Extract<AstNode, { kind: K }>> | undefined {
  return exactNode(queries, file, start, end, (n): n is Extract<AstNode, { kind: K }> => n.kind === kind);
}

/** The innermost node that `accept` takes whose span is exactly [start, end] (absolute offsets). */
export function exactNode<N extends AstNode>(
  queries: Queries, file: string, start: number, end: number, accept: (node: AstNode) => node is N,
): Located<N> | undefined {
  // At its end, the node's earlier siblings are behind (a sibling that ends where it starts
  // would come first at its start), and its own children are inside it; but the end of a
  // top-level item may be where the next one starts, so the start is tried too.
  for (const offset of [end, start]) {
    const found = queries.nodesAt(file, offset);
    if (!found) continue;
    const { item, path } = found;
    for (let i = path.length - 1; i >= 0; i--) {
      const node = path[i]!;
      if (accept(node) && item.start + node.span.start === start && item.start + node.span.end === end) {
        return { node, item, path: path.slice(0, i + 1) };
      }
    }
  }
  return undefined;
}

/** Any node but a name: the innermost of these with a diagnostic's range is the expression it is about. */
export function isNotName(node: AstNode): node is Exclude<AstNode, Ast.Name> {
  return node.kind !== 'name';
}

/** Absolute start and end of a node of `item`. */
export function absolute(item: LoweredItem, span: Ast.Span): { start: number; end: number } {
  return { start: item.start + span.start, end: item.start + span.end };
}

/** The whitespace a line begins with, for the line holding `offset`. */
export function indentAt(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

/**
 * The range that removes [start, end]: its whole lines (indentation and line break included)
 * when nothing else is on them, so that no blank line is left behind; otherwise the range
 * itself and the spaces after it.
 */
export function removalRange(text: string, start: number, end: number): { start: number; end: number } {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const newline = text.indexOf('\n', end);
  const lineEnd = newline < 0 ? text.length : newline;
  if (text.slice(lineStart, start).trim() === '' && text.slice(end, lineEnd).trim() === '') {
    return { start: lineStart, end: newline < 0 ? lineEnd : newline + 1 };
  }
  const spaces = /^[ \t]*/.exec(text.slice(end))![0].length;
  return { start, end: end + spaces };
}

/** A quick fix of one file, attached to the diagnostic it removes. */
export function quickFix(title: string, file: string, edits: readonly TextEdit[], diagnostic: Diagnostic, isPreferred: boolean): CodeAction {
  return { title, kind: 'quickfix', edits: editsIn(file, edits), diagnostics: [diagnostic], ...(isPreferred ? { isPreferred } : {}) };
}

/** The fixes `fix` makes for each of the request's diagnostics with one of these codes. */
export function fixEach(diagnostics: readonly Diagnostic[], codes: readonly string[], fix: (d: Diagnostic) => CodeAction | readonly CodeAction[] | undefined): CodeAction[] {
  return diagnostics.filter((d) => codes.includes(d.code)).flatMap((d) => fix(d) ?? []);
}

/**
 * How a struct or enum is named at `offset` of `file`: its own name where that name means it
 * there (a local or module-level declaration, an unaliased import), else `alias.Name` through
 * an aliased import of its file; undefined when the file cannot name it.
 */
export function typeSymbolName(workspace: Workspace, queries: Queries, file: string, offset: number, symbol: StructSymbol | EnumSymbol): string | undefined {
  const visible = queries.visibleNames(file, offset);
  if (visible.some((v) => v.name === symbol.name && v.symbols.includes(symbol))) return symbol.name;
  if (symbol.nested) return undefined;
  for (const v of visible) {
    const module = v.symbols[0];
    if (v.symbols.length !== 1 || module?.kind !== 'module' || module.target !== symbol.file) continue;
    const member = workspace.scope(symbol.file).values.get(symbol.name);
    if (member?.kind === 'single' && member.symbol === symbol) return `${v.name}.${symbol.name}`;
  }
  return undefined;
}

/** The longest array whose zero value is written out element by element. */
const MAX_ZERO_ARRAY = 8;

/**
 * The zero value of a type as Zolt source where a value of that type is expected: what a
 * field left out of a struct literal, or a `var x: T;`, holds. Undefined when it has no short
 * source (a long array; an enum none of whose members is 0, a struct the file cannot name).
 */
export function zeroSource(type: Type, name: Namer, memberValue: (member: EnumMemberSymbol) => bigint): string | undefined {
  switch (type.kind) {
    case 'int':
      return '0';
    case 'float':
      return '0.0';
    case 'bool':
      return 'false';
    case 'string':
      return '""';
    case 'pointer':
    case 'function':
      return 'null';
    case 'slice':
      return '[]';
    case 'enum': {
      const zero = type.symbol.members.find((m) => memberValue(m) === 0n);
      return zero ? `.${zero.name}` : undefined;
    }
    case 'struct': {
      const struct = name(type.symbol);
      return struct === undefined ? undefined : `${struct}{}`;
    }
    case 'array': {
      if (type.length > MAX_ZERO_ARRAY) return undefined;
      if (type.length === 0) return '[]';
      const element = zeroSource(type.element, name, memberValue);
      return element === undefined ? undefined : `[${Array<string>(type.length).fill(element).join(', ')}]`;
    }
    default:
      return undefined;
  }
}

/**
 * Whether evaluating an expression can have no effect at run time: no call, assignment,
 * division (by zero), indexing or slicing (out of bounds), dereference (of null) or member
 * access through a pointer. Conservative: what it cannot tell is an effect.
 */
export function hasNoEffect(e: Ast.Expr, typeOf: (e: Ast.Expr) => Type | undefined): boolean {
  // Names, literals, `context`: what an expression statement is warned of doing nothing.
  if (isInert(e)) return true;
  switch (e.kind) {
    case 'paren':
      return hasNoEffect(e.inner, typeOf);
    case 'cast':
      return hasNoEffect(e.value, typeOf);
    case 'unary':
      return e.operator !== '*' && hasNoEffect(e.operand, typeOf);
    case 'binary':
      return e.operator !== '/' && e.operator !== '%' && hasNoEffect(e.left, typeOf) && hasNoEffect(e.right, typeOf);
    case 'range':
      return hasNoEffect(e.start, typeOf) && hasNoEffect(e.end, typeOf);
    case 'member': {
      const object = typeOf(e.object);
      return object !== undefined && object.kind !== 'pointer' && hasNoEffect(e.object, typeOf);
    }
    case 'implicit-member':
      return true;
    case 'struct-literal':
      return e.fields.every((f) => hasNoEffect(f.value, typeOf));
    case 'array-literal':
      return e.elements.every((el) => hasNoEffect(el, typeOf));
    default:
      return false;
  }
}
