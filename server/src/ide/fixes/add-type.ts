// Writes the type a `var` or `const` was given by its value (`var n = len(xs);` becomes
// `var n: i64 = len(xs);`), offered on the declaration's name. Nothing is wrong, so no
// diagnostic: it is a rewrite. Not offered when the type is written already, or when it
// cannot be written so that it means the same here (a struct the file cannot name, an
// unknown type, a variadic function type).
//
// The written type cannot change the value: the value already had exactly that type, and
// a literal is checked against a written type as it was against its default one.

import type { Ast } from '../../syntax';
import type { AstNode } from '../../syntax/walk';
import type { Type } from '../../semantics';
import type { ActionRequest, CodeAction } from '../actions';
import { editsIn } from '../actions';
import { typeSource, typeSymbolName } from './common';

export function addExplicitType(request: ActionRequest): CodeAction[] {
  const { workspace, queries, file, start, end } = request;
  if (start !== end) return [];
  const found = queries.nodesAt(file, start);
  const name = found?.path[found.path.length - 1];
  const decl = found?.path[found.path.length - 2];
  if (!found || name?.kind !== 'name' || !isUntypedDeclaration(decl) || decl.name !== name || !decl.value) return [];
  const type = workspace.check(file, found.item).types.get(name.id) ?? globalType(request, decl);
  if (!type) return [];
  const at = found.item.start + name.span.end;
  const source = typeSource(type, (symbol) => typeSymbolName(workspace, queries, file, at, symbol));
  if (source === undefined) return [];
  return [{ title: `Add the type '${source}' to '${name.text}'`, kind: 'refactor.rewrite', edits: editsIn(file, [{ start: at, end: at, text: `: ${source}` }]) }];
}

function isUntypedDeclaration(node: AstNode | undefined): node is Ast.VarDecl | Ast.ConstDecl {
  return (node?.kind === 'var' || node?.kind === 'const') && node.type === undefined;
}

/** A module-level declaration's type, as the workspace inferred it. */
function globalType(request: ActionRequest, decl: Ast.VarDecl | Ast.ConstDecl): Type | undefined {
  const symbol = request.workspace.declarations(request.file).find((s) => s.kind === 'global' && s.decl === decl);
  return symbol?.kind === 'global' ? request.workspace.global(symbol).type : undefined;
}
