// Generic traversal of the AST: the children of any node, in source order.

import type * as A from './ast';

export type AstNode =
  | A.Decl | A.Stmt | A.Expr | A.TypeExpr | A.Name | A.Param | A.FieldDecl | A.EnumMember
  | A.SwitchCase | A.FieldInit;

/** The children of a node, in source order. */
export function children(node: AstNode): AstNode[] {
  const out: (AstNode | undefined)[] = [];
  switch (node.kind) {
    case 'name':
    case 'int':
    case 'float':
    case 'string':
    case 'char':
    case 'bool':
    case 'null':
    case 'context':
    case 'error-expr':
    case 'error-type':
    case 'break':
    case 'continue':
    case 'unreachable':
    case 'empty':
      break;
    case 'import':
      out.push(node.alias);
      break;
    case 'function':
      out.push(node.name, ...node.params, node.returnType, node.body);
      break;
    case 'param':
      out.push(node.name, node.type);
      break;
    case 'struct':
      out.push(node.name, ...node.fields);
      break;
    case 'field':
      out.push(node.name, node.type, node.value);
      break;
    case 'enum':
      out.push(node.name, node.backing, ...node.members);
      break;
    case 'enum-member':
      out.push(node.name, node.value);
      break;
    case 'const':
    case 'var':
      out.push(node.name, node.type, node.value);
      break;
    case 'foreign':
      out.push(...node.functions);
      break;
    case 'error-decl':
      out.push(...node.statements);
      break;
    case 'named-type':
      out.push(node.module, node.name);
      break;
    case 'pointer-type':
      out.push(node.pointee);
      break;
    case 'array-type':
      out.push(node.length, node.element);
      break;
    case 'slice-type':
      out.push(node.element);
      break;
    case 'function-type':
      out.push(...node.params, node.returnType);
      break;
    case 'block':
      out.push(...node.statements);
      break;
    case 'expr-stmt':
      out.push(node.expr);
      break;
    case 'local':
    case 'decl-stmt':
      out.push(node.decl);
      break;
    case 'if':
      out.push(node.condition, node.then, node.otherwise);
      break;
    case 'while':
      out.push(node.condition, node.body);
      break;
    case 'for':
      out.push(node.index, node.item, node.iterable, node.body);
      break;
    case 'switch':
      out.push(node.value, ...node.cases, node.otherwise?.body);
      break;
    case 'case':
      out.push(...node.values, node.body);
      break;
    case 'return':
      out.push(node.value);
      break;
    case 'defer':
      out.push(node.body);
      break;
    case 'using':
    case 'push-context':
      out.push(node.value, ...(node.kind === 'push-context' ? [node.body] : []));
      break;
    case 'error-stmt':
      out.push(...node.exprs);
      break;
    case 'name-expr':
      out.push(node.name);
      break;
    case 'binary':
      out.push(node.left, node.right);
      break;
    case 'assign':
      out.push(node.target, node.value);
      break;
    case 'range':
      out.push(node.start, node.end);
      break;
    case 'cast':
      out.push(node.value, node.type);
      break;
    case 'unary':
      out.push(node.operand);
      break;
    case 'call':
      out.push(node.callee, ...node.args);
      break;
    case 'index':
      out.push(node.object, node.index);
      break;
    case 'slice':
      out.push(node.object, node.start, node.end, node.step);
      break;
    case 'member':
      out.push(node.object, node.member);
      break;
    case 'implicit-member':
      out.push(node.member);
      break;
    case 'paren':
      out.push(node.inner);
      break;
    case 'struct-literal':
      out.push(node.type, ...node.fields);
      break;
    case 'field-init':
      out.push(node.name, node.value);
      break;
    case 'array-literal':
      out.push(...node.elements);
      break;
    case 'type-value':
      out.push(node.type);
      break;
  }
  return out.filter((n): n is AstNode => n !== undefined);
}

/**
 * The chain of nodes from `root` down to the innermost node whose span contains `offset`
 * (item-relative). A position at a node's end counts as inside it, so that a cursor right
 * after a name finds the name.
 */
export function pathAt(root: AstNode, offset: number): AstNode[] {
  const path: AstNode[] = [root];
  let node = root;
  for (;;) {
    const next = children(node).find((child) => child.span.start <= offset && offset <= child.span.end && !(child.span.start === child.span.end && child.kind !== 'name'));
    if (!next) return path;
    path.push(next);
    node = next;
  }
}

/** Calls `visit` for `root` and every node below it (iteratively: no recursion limit). */
const valueReturns = new WeakMap<A.FunctionDecl, boolean>();

/**
 * Whether a function's body has a `return` with a value (nested functions' returns are theirs).
 * A function without one returns nothing, which is known without checking it: recursion and
 * cycles of calls between such functions need no return type written.
 */
export function returnsValue(fn: A.FunctionDecl): boolean {
  let known = valueReturns.get(fn);
  if (known === undefined) {
    known = false;
    const stack: AstNode[] = fn.body ? [fn.body] : [];
    for (let node = stack.pop(); node && !known; node = stack.pop()) {
      if (node.kind === 'return' && node.value) known = true;
      else if (node.kind !== 'function') stack.push(...children(node));
    }
    valueReturns.set(fn, known);
  }
  return known;
}

export function walk(root: AstNode, visit: (node: AstNode) => void): void {
  const stack: AstNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    visit(node);
    const kids = children(node);
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
  }
}
