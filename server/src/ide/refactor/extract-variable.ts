// Extract variable: a selected expression becomes `var value = <expr>;` right before the
// statement that holds it, in the innermost block, and the selection becomes the name. The
// value is then computed earlier than it was, so the action is refused where that changes
// what runs: where the expression is evaluated conditionally or repeatedly (a `while`
// condition, the right side of `&&`/`||`, a `for` head, an `else if` condition, `defer x;`),
// and where earlier parts of the statement have effects the expression could see or the
// expression has effects earlier parts could see. A compile-time constant becomes a `const`
// (which also lets it stay in a case value or a local constant's initialiser).

import type { Ast } from '../../syntax';
import { walk, type AstNode } from '../../syntax/walk';
import { editsIn, type ActionProvider, type ActionRequest, type CodeAction } from '../actions';
import {
  adaptsToContext, aliasedLocals, ancestors, freshName, hasErrors, keepFormatted, lineIndent, namesIn, referent, selectedExpression, siteOf,
  typeOf, typeSource, valueProblem, within, type Site,
} from './extract-support';

export const EXTRACT_VARIABLE_TITLE = 'Extract variable';

/** The types a local `const` may have. */
const CONSTANT_TYPES: ReadonlySet<string> = new Set(['int', 'float', 'bool', 'enum', 'untyped-int', 'untyped-float']);

export const extractVariable: ActionProvider = (request) => {
  const site = siteOf(request.workspace, request.file, request.start, request.end);
  if (!site) return [];
  const expr = selectedExpression(site);
  if (!expr) return [];
  const problem = valueProblem(site, expr);
  if (problem === 'none') return [];
  const refuse = (reason: string): CodeAction[] => [{ title: EXTRACT_VARIABLE_TITLE, kind: 'refactor.extract', disabled: reason }];
  if (problem) return refuse(problem);
  if (hasErrors(request.workspace, request.file, site)) return refuse('the function has errors');
  const constant = isConstant(site, expr) && CONSTANT_TYPES.has(site.check.types.get(expr.id)?.kind ?? '');
  const statement = statementOf(site, expr);
  if (!statement) return [];
  const order = orderProblem(site, expr, statement, constant);
  if (order) return refuse(order);
  return edit(request, site, expr, statement, constant, refuse);
};

function edit(request: ActionRequest, site: Site, expr: Ast.Expr, statement: Ast.Stmt, constant: boolean, refuse: (r: string) => CodeAction[]): CodeAction[] {
  const type = typeOf(site, expr);
  let annotation = '';
  if (adaptsToContext(expr)) {
    const written = type && typeSource(request.workspace, request.file, type);
    if (!written) return refuse('the type of the expression cannot be written here');
    annotation = `: ${written}`;
  }
  const at = site.item.start + statement.span.start;
  const taken = new Set([...namesIn(site.item.decl), ...request.queries.visibleNames(request.file, at).map((v) => v.name)]);
  const name = freshName('value', taken);
  const indent = lineIndent(site.text, at);
  const valueText = site.text.slice(site.item.start + expr.span.start, site.item.start + expr.span.end);
  const declaration = `${constant ? 'const' : 'var'} ${name}${annotation} = ${valueText};${indent === undefined ? ' ' : `\n${indent}`}`;
  const edits = [
    { start: at, end: at, text: declaration },
    { start: site.item.start + expr.span.start, end: site.item.start + expr.span.end, text: name },
  ];
  return [{ title: EXTRACT_VARIABLE_TITLE, kind: 'refactor.extract', edits: editsIn(request.file, keepFormatted(request.workspace, request.file, edits)) }];
}

/** The statement directly in a block that holds the node (where the declaration goes before). */
function statementOf(site: Site, node: AstNode): Ast.Stmt | undefined {
  let child: AstNode = node;
  for (const parent of ancestors(site, node)) {
    if (parent.kind === 'block') return child as Ast.Stmt;
    child = parent;
  }
  return undefined;
}

/** Why computing the expression before its statement would change when or how often it runs. */
function positionProblem(site: Site, expr: Ast.Expr, statement: Ast.Stmt): string | undefined {
  let child: AstNode = expr;
  for (const parent of ancestors(site, expr)) {
    if (parent.kind === 'while' && parent.condition === child) return 'the condition of a while loop is evaluated on every iteration';
    if (parent.kind === 'for' && parent.iterable === child) return 'the head of a for loop is evaluated where the loop starts';
    if (parent.kind === 'binary' && (parent.operator === '&&' || parent.operator === '||') && parent.right === child) {
      return `the right side of ${parent.operator} is evaluated only when the left side does not decide`;
    }
    if (parent.kind === 'if' && site.parents.get(parent)?.kind === 'if') return 'an else-if condition is evaluated only when the conditions before it are false';
    if (parent.kind === 'defer') return 'a deferred statement runs when its block ends';
    if (parent.kind === 'case') return 'a case value is compared only when the cases before it did not match';
    if (parent === statement) return undefined;
    child = parent;
  }
  return undefined;
}

/** Why moving the expression before the rest of its statement could reorder effects. */
function orderProblem(site: Site, expr: Ast.Expr, statement: Ast.Stmt, constant: boolean): string | undefined {
  if (constant) return undefined; // a constant reads nothing that runs, and nothing sees it
  const position = positionProblem(site, expr, statement);
  if (position) return position;
  const before: AstNode[] = [];
  const mutableLocals = aliasedLocals(site);
  walk(statement, (node) => {
    if (node.span.end <= expr.span.start && !within(expr, node.span.start, node.span.end)) before.push(node);
  });
  const inside: AstNode[] = [];
  walk(expr, (node) => inside.push(node));
  const beforeCalls = before.some(runsCode);
  const exprCalls = inside.some(runsCode);
  const unstable = inside.some((n) => runsCode(n) || readsMemory(site, n, mutableLocals));
  if (beforeCalls && unstable) return 'an earlier part of the statement has effects that the expression could see';
  if (exprCalls && before.some((n) => readsMemory(site, n, mutableLocals))) {
    return 'the expression has effects that an earlier part of the statement could see';
  }
  const printer = printedBefore(site, expr, statement);
  if (printer && unstable) return `${printer} prints its earlier arguments before it evaluates this one`;
  return undefined;
}

const PRINTERS: ReadonlySet<string> = new Set(['print', 'println', 'eprint', 'eprintln']);

/**
 * The print function whose earlier arguments are printed before the expression is evaluated:
 * the builtin printers write each argument as soon as it is computed.
 */
function printedBefore(site: Site, expr: Ast.Expr, statement: Ast.Stmt): string | undefined {
  let child: AstNode = expr;
  for (const parent of ancestors(site, expr)) {
    if (parent.kind === 'call' && parent.callee !== child && parent.args.findIndex((a) => a === child) > 0) {
      const chosen = site.check.calls.get(parent.id)?.chosen;
      if (chosen?.foreign === 'builtin' && PRINTERS.has(chosen.name)) return chosen.name;
    }
    if (parent === statement) return undefined;
    child = parent;
  }
  return undefined;
}

function runsCode(node: AstNode): boolean {
  return node.kind === 'call' || node.kind === 'assign';
}

/**
 * Whether evaluating a node reads memory a call could change, or can stop the program: a
 * global variable, a local whose address is taken or that is an array or struct (it may be
 * passed as a slice), a dereference, an index or slice, a field through a pointer, a division.
 */
function readsMemory(site: Site, node: AstNode, mutableLocals: ReadonlySet<unknown>): boolean {
  const symbol = referent(site, node);
  if (symbol?.kind === 'global') return !symbol.constant;
  if (symbol?.kind === 'local') {
    return mutableLocals.has(symbol) || symbol.type.kind === 'array' || symbol.type.kind === 'struct';
  }
  switch (node.kind) {
    case 'index':
    case 'slice':
    case 'context':
      return true;
    case 'unary':
      return node.operator === '*';
    case 'member':
      return site.check.types.get(node.object.id)?.kind === 'pointer';
    case 'binary':
      return node.operator === '/' || node.operator === '%';
    default:
      return false;
  }
}

/**
 * A compile-time constant: number, character and boolean literals, constants, enum members,
 * and operators and casts of those.
 */
export function isConstant(site: Site, expr: Ast.Expr): boolean {
  switch (expr.kind) {
    case 'int':
    case 'float':
    case 'char':
    case 'bool':
    case 'implicit-member':
      return true;
    case 'name-expr': {
      const symbol = referent(site, expr);
      return (symbol?.kind === 'local' && symbol.role === 'const') || (symbol?.kind === 'global' && symbol.constant) || symbol?.kind === 'enum-member';
    }
    case 'member':
      return site.check.types.get(expr.object.id)?.kind === 'type' && site.check.types.get(expr.id)?.kind === 'enum';
    case 'paren':
      return isConstant(site, expr.inner);
    case 'unary':
      return expr.operator !== '*' && expr.operator !== '&' && isConstant(site, expr.operand);
    case 'binary':
      return isConstant(site, expr.left) && isConstant(site, expr.right);
    case 'cast':
      return isConstant(site, expr.value);
    default:
      return false;
  }
}
