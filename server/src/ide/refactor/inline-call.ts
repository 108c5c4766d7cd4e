// Inline call: one call site of a Zolt function becomes the function's body, for the function
// that overload resolution chose there (a generic function: with the types of the instance the
// call uses). Offered on the callee's name.
//
// Two shapes, as gopls's inliner has:
// - a body that is one `return <expr>;` is substituted into the call's place when every
//   argument is pure, or the only impure one is used once: parameters become the arguments,
//   cast where a literal would otherwise take another type, parenthesised by position;
// - otherwise, and where the call is a whole statement (`f(a);`, `var r = f(a);`,
//   `r = f(a);`, `return f(a);`), a block takes the statement's place: each parameter becomes a
//   `var` with its type and its argument (evaluated once, in order, as the call did), the
//   body's statements follow, and the final `return` becomes what the statement did with the
//   value. A `defer` of the body still runs when the block ends, after the value is taken.
// Locals of the body that would collide with a name visible at the call are renamed. Refused,
// with the reason: a foreign or builtin function, recursion, a `return` before the end of the
// body, a name of the body that means something else at the call, a type that cannot be written
// there, code with errors.

import { isPoison, type CallInfo, type Symbol, type Type } from '../../semantics';
import { children, type Ast, type AstNode } from '../../syntax';
import type { ActionRequest, CodeAction, TextEdit } from '../actions';
import {
  absolute, asType, bareLiteralFits, constantTrap, descendants, editText, freshName, hasErrors, holderOf, indentAt, isPure,
  literalsOnly, neverWritten, parenthesised, trapAt,
  reindent, sourceOf, takesWholeExpression, typeSource, visibleAt, type Located,
} from './inline-support';
import type { Queries, Workspace } from '../../semantics';

export interface CallSite {
  readonly at: Located;
  /** The AST path from the item's declaration to the call. */
  readonly path: readonly AstNode[];
  readonly call: Ast.CallExpr;
  readonly info: CallInfo;
}

export function inlineCallActions(request: ActionRequest): CodeAction[] {
  const site = callSiteAt(request.workspace, request.queries, request.file, request.start);
  if (!site?.info.chosen || site.info.chosen.foreign === 'builtin') return [];
  const title = `Inline call to '${site.info.chosen.name}'`;
  const result = inlineCall(request.workspace, request.queries, site);
  return [typeof result === 'string' ? { title, kind: 'refactor.inline', disabled: result } : { title, kind: 'refactor.inline', edits: new Map([[request.file, [result]]]) }];
}

/** The call whose callee is at the offset. */
export function callSiteAt(workspace: Workspace, queries: Queries, file: string, offset: number): CallSite | undefined {
  const found = queries.callOfCallee(file, offset);
  const nodes = queries.nodesAt(file, offset);
  const doc = workspace.document(file);
  if (!found || !nodes || !doc) return undefined;
  const index = nodes.path.indexOf(found.call);
  if (index < 0) return undefined;
  return { at: { file, doc, item: nodes.item }, path: nodes.path.slice(0, index + 1), call: found.call, info: found.info };
}

/** The one edit that inlines the call, or why it cannot be. */
export function inlineCall(workspace: Workspace, queries: Queries, site: CallSite): TextEdit | string {
  const fn = site.info.chosen;
  const signature = site.info.signature;
  if (!fn || !signature || isPoison(signature)) return 'the call does not resolve to one function';
  if (fn.foreign !== undefined) return `'${fn.name}' is ${fn.foreign === 'builtin' ? 'built in' : 'a foreign function'}: it has no Zolt body`;
  const maybeBody = fn.decl.body;
  if (!maybeBody) return `'${fn.name}' has no body`;
  const body: Ast.Block = maybeBody;
  if (hasErrors(workspace, site.at.file)) return 'the file has errors: fix them first';
  const calleeDoc = workspace.document(fn.file);
  if (!calleeDoc) return `'${fn.name}' is not in a file of the workspace`;
  if (hasErrors(workspace, fn.file)) return `the file of '${fn.name}' has errors: fix them first`;
  const callee: Located = { file: fn.file, doc: calleeDoc, item: fn.item };
  const calleeCheck = workspace.check(fn.file, fn.item);

  const own = ownNodes(body);
  if (own.some((n) => n.kind === 'call' && calleeCheck.calls.get(n.id)?.chosen === fn)) return `'${fn.name}' is recursive`;
  const returns = own.filter((n): n is Ast.ReturnStmt => n.kind === 'return');
  const last = body.statements[body.statements.length - 1];
  if (returns.some((r) => r !== last)) return `'${fn.name}' returns before the end of its body: restructure it first`;
  const result = last?.kind === 'return' ? last.value : undefined;

  const callOffset = site.at.item.start + site.call.span.start;
  const visible = visibleAt(queries, site.at.file, callOffset);
  const params = fn.decl.params;
  const paramOf = new Map<Symbol, number>();
  const locals = new Set<Symbol>();
  const uses = new Map<Ast.Name, Symbol>();
  for (const n of descendants(body)) {
    if (n.kind !== 'name') continue;
    const symbol = calleeCheck.refs.get(n.id);
    if (!symbol) continue;
    uses.set(n, symbol);
    if (symbol.kind === 'local' && symbol.owner === fn.decl) {
      const index = params.findIndex((p) => p.name === symbol.nameNode);
      if (index >= 0) paramOf.set(symbol, index);
      else locals.add(symbol);
    }
  }
  // Names the body takes from around it must mean the same at the call.
  const memberNames = new Set(descendants(body).flatMap((n) => (n.kind === 'member' ? [n.member] : [])));
  for (const [name, symbol] of uses) {
    if (memberNames.has(name) || paramOf.has(symbol) || locals.has(symbol)) continue;
    if (symbol.kind === 'local' && symbol.owner !== fn.decl && isInside(body, symbol)) continue; // a nested function's own
    if (symbol.kind === 'field') {
      if (visible.get(name.text)?.some((s) => s.kind === 'local')) return `'using' in '${fn.name}' brings in '${name.text}', which the call's function already has`;
      continue;
    }
    if (isDeclaredIn(body, name)) continue;
    if (!visible.get(name.text)?.includes(symbol)) return `'${name.text}' in the body of '${fn.name}' means something else at the call`;
  }

  // Fresh names for the body's locals (and parameters) that the call's scope already has.
  const taken = new Set<string>([...visible.keys(), ...[...uses.keys()].map((n) => n.text)]);
  const renamed = new Map<Symbol, string>();
  for (const symbol of [...paramOf.keys(), ...locals]) {
    if (!visible.has(symbol.name)) continue;
    const name = freshName(symbol.name, taken);
    taken.add(name);
    renamed.set(symbol, name);
  }

  const callerCheck = workspace.check(site.at.file, site.at.item);
  const callerImmutable = (e: Ast.NameExpr): boolean => {
    const s = callerCheck.refs.get(e.name.id);
    return s !== undefined && s.kind !== 'field' && neverWritten(queries, site.at.file, s);
  };
  const callerTypeOf = (e: Ast.Expr): Type | undefined => callerCheck.types.get(e.id);
  const args = site.call.args;
  const pure = args.map((a) => isPure(a, callerImmutable, callerTypeOf));
  const paramUses = params.map(() => [] as Ast.Name[]);
  for (const [name, symbol] of uses) {
    const index = paramOf.get(symbol);
    if (index !== undefined && !memberNames.has(name)) paramUses[index]!.push(name);
  }

  const position = statementPosition(site);
  const simple = body.statements.length === 1 && result !== undefined;
  if (simple) {
    const impure = args.flatMap((_, i) => (pure[i] ? [] : [i]));
    const bodyPure = isPure(result, (e) => paramOf.has(calleeCheck.refs.get(e.name.id)!) || callerImmutableOfCallee(e), (e) => calleeCheck.types.get(e.id));
    // An array literal or null takes its type from the parameter: substituted elsewhere it could take another.
    const typedByParameter = args.some((a, i) => paramUses[i]!.length > 0 && literalsOnly(a) && (a.kind === 'array-literal' || a.kind === 'null'));
    const substitutable = !typedByParameter && (impure.length === 0 || (impure.length === 1 && paramUses[impure[0]!]!.length === 1 && bodyPure));
    // A pure argument read more than once is repeated only when it is cheap (a name, a literal, a field).
    const costly = args.some((a, i) => paramUses[i]!.length > 1 && !isCheap(a));
    const trap = substitutable ? substitutionTrap() : undefined;
    if (substitutable && !trap && !(costly && position)) return substitute();
    if (trap && !position) return `the call is inside an expression and inlining it there: ${trap}`;
  }
  if (!position) return `the call is inside an expression and '${fn.name}' ${simple ? 'needs its arguments evaluated first (they have effects)' : 'has statements'}: inline it where it is a statement or a variable's value`;
  return block(position);

  function callerImmutableOfCallee(e: Ast.NameExpr): boolean {
    const s = calleeCheck.refs.get(e.name.id);
    return s !== undefined && s.kind !== 'field' && neverWritten(queries, fn!.file, s);
  }

  function argumentText(i: number, whole: boolean, bare: boolean): string | undefined {
    const arg = args[i]!;
    const text = sourceOf(site.at, arg);
    const typed = asType(text, arg, callerTypeOf(arg), signature!.params[i]!, bare, visible);
    if (typed === undefined) return undefined;
    return typed !== text ? (whole ? typed : `(${typed})`) : parenthesised(text, arg, whole);
  }

  /** Why the result cannot be substituted (a constant in a place the checker folds), if it cannot. */
  function substitutionTrap(): string | undefined {
    const parents = parentMap(result!);
    const calleeTypeOf = (e: Ast.Expr) => calleeCheck.types.get(e.id);
    for (const [i, names] of paramUses.entries()) {
      for (const name of names) {
        const expr = parents.get(name)!;
        const { holder, child } = holderOfIn(parents, expr);
        const trap = constantTrap(holder, child, args[i]!, calleeTypeOf);
        if (trap) return trap;
      }
    }
    // The whole result, where the call was: constant when its only names are parameters given constants.
    const constant = !descendants(result!).some((n) => n.kind === 'call' || n.kind === 'member' || n.kind === 'index' || n.kind === 'context'
      || (n.kind === 'name-expr' && !(paramOf.has(calleeCheck.refs.get(n.name.id)!) && literalsOnly(args[paramOf.get(calleeCheck.refs.get(n.name.id)!)!]!))));
    if (!constant) return undefined;
    const { holder, child } = holderOf(site.path, site.call);
    const direct = result!.kind === 'name-expr' ? args[paramOf.get(calleeCheck.refs.get(result!.name.id)!)!] : literalsOnly(result!) ? result : undefined;
    return direct ? constantTrap(holder, child, direct, callerTypeOf) : trapAt(holder, child, undefined, callerTypeOf);
  }

  function substitute(): TextEdit | string {
    const parents = parentMap(result!);
    const edits: TextEdit[] = [];
    for (const [i, names] of paramUses.entries()) {
      for (const name of names) {
        const expr = parents.get(name)!;
        const holder = parents.get(expr);
        const whole = holder === undefined ? takesWholeExpression(site.path, site.call) : takesWholeExpression([holder, expr], expr);
        const around = holderOfIn(parents, expr);
        const bare = around.holder === undefined
          ? bareLiteralFits(holderOf(site.path, site.call).holder, holderOf(site.path, site.call).child, signature!.params[i]!, callerTypeOf)
          : bareLiteralFits(around.holder, around.child, signature!.params[i]!, (e) => calleeCheck.types.get(e.id));
        const text = argumentText(i, whole, bare);
        if (text === undefined) return `the type of parameter '${params[i]!.name.text}' cannot be written at the call`;
        edits.push({ ...absolute(callee.item, name), text });
      }
    }
    const base = callee.item.start + result!.span.start;
    let text = editText(sourceOf(callee, result!), base, edits);
    const whole = takesWholeExpression(site.path, site.call);
    const at = holderOf(site.path, site.call);
    const ret = asType(text, result!, calleeCheck.types.get(result!.id), signature!.ret, bareLiteralFits(at.holder, at.child, signature!.ret, callerTypeOf), visible);
    if (ret === undefined) return `the type '${fn!.name}' returns cannot be written at the call`;
    text = ret !== text ? (whole ? ret : `(${ret})`) : parenthesised(text, result!, whole);
    return { ...absolute(site.at.item, site.call), text };
  }

  function block(where: Position): TextEdit | string {
    const statementStart = site.at.item.start + where.statement.span.start;
    const indent = indentAt(site.at.doc.text, statementStart);
    const inner = `${indent}    `;
    const lines: string[] = [];
    const edits: TextEdit[] = [];
    const paramNames = new Map<number, string>();
    for (const [i, param] of params.entries()) {
      const symbol = [...paramOf].find(([, index]) => index === i)?.[0];
      const name = (symbol && renamed.get(symbol)) ?? param.name.text;
      paramNames.set(i, name);
      const arg = args[i]!;
      if (paramUses[i]!.length === 0 && pure[i]) continue; // nothing reads it, and evaluating it does nothing
      const type = typeSource(signature!.params[i]!, visible);
      if (type === undefined) return `the type of parameter '${param.name.text}' cannot be written at the call`;
      lines.push(`${inner}var ${name}: ${type} = ${sourceOf(site.at, arg)};`);
    }
    for (const [name, symbol] of uses) {
      if (memberNames.has(name)) continue;
      const index = paramOf.get(symbol);
      const text = index !== undefined ? paramNames.get(index)! : renamed.get(symbol);
      if (text !== undefined && text !== name.text) edits.push({ ...absolute(callee.item, name), text });
    }
    const calleeIndent = body.statements[0] ? indentAt(callee.doc.text, callee.item.start + body.statements[0].span.start) : inner;
    const statements = result !== undefined || last?.kind === 'return' ? body.statements.slice(0, -1) : body.statements;
    for (const statement of statements) lines.push(inner + reindent(rewritten(statement, edits), calleeIndent, inner));
    if (result) {
      const value = rewritten(result, edits);
      switch (where.kind) {
        case 'statement':
          if (!isPure(result, () => true, () => undefined)) lines.push(`${inner}${value};`);
          break;
        case 'return': lines.push(`${inner}return ${value};`); break;
        case 'assign': lines.push(`${inner}${where.target} = ${value};`); break;
        case 'init': lines.push(`${inner}${where.name} = ${value};`); break;
      }
    } else if (where.kind === 'return') {
      lines.push(`${inner}return;`);
    }
    const blockText = `{\n${lines.join('\n')}\n${indent}}`;
    if (where.kind === 'init') {
      const type = where.type ?? typeSource(signature!.ret, visible);
      if (type === undefined) return `the type '${fn!.name}' returns cannot be written at the call`;
      return { ...absolute(site.at.item, where.statement), text: `var ${where.name}: ${type};\n${indent}${blockText}` };
    }
    return { ...absolute(site.at.item, where.statement), text: blockText };
  }

  function rewritten(node: AstNode, edits: readonly TextEdit[]): string {
    const { start, end } = absolute(callee.item, node);
    return editText(callee.doc.text.slice(start, end), start, edits.filter((e) => e.start >= start && e.end <= end));
  }
}

type Position =
  | { readonly kind: 'statement' | 'return'; readonly statement: Ast.Stmt }
  | { readonly kind: 'assign'; readonly statement: Ast.Stmt; readonly target: string }
  | { readonly kind: 'init'; readonly statement: Ast.Stmt; readonly name: string; readonly type: string | undefined };

/** Where a call is a whole statement (or a whole `var` value, assigned value, returned value) of a block. */
function statementPosition(site: CallSite): Position | undefined {
  const path = site.path;
  const i = path.length - 1;
  const parent = path[i - 1];
  const grand = path[i - 2];
  const inBlock = (statement: AstNode | undefined): statement is Ast.Stmt => statement !== undefined && path[path.indexOf(statement) - 1]?.kind === 'block';
  if (parent?.kind === 'expr-stmt' && inBlock(parent)) return { kind: 'statement', statement: parent };
  if (parent?.kind === 'return' && inBlock(parent)) return { kind: 'return', statement: parent };
  if (parent?.kind === 'var' && grand?.kind === 'local' && inBlock(grand)) {
    return { kind: 'init', statement: grand, name: parent.name.text, type: parent.type ? sourceOf(site.at, parent.type) : undefined };
  }
  const statement = path[i - 2];
  if (parent?.kind === 'assign' && parent.operator === '=' && parent.value === site.call && parent.target.kind === 'name-expr' && statement?.kind === 'expr-stmt' && inBlock(statement)) {
    return { kind: 'assign', statement, target: parent.target.name.text };
  }
  return undefined;
}

function isCheap(e: Ast.Expr): boolean {
  if (e.kind === 'member') return isCheap(e.object);
  if (e.kind === 'paren') return isCheap(e.inner);
  return e.kind === 'name-expr' || e.kind === 'int' || e.kind === 'float' || e.kind === 'bool' || e.kind === 'char' || e.kind === 'string' || e.kind === 'null' || e.kind === 'implicit-member';
}

/** The nodes of a body that are its own: not those of functions declared inside it. */
function ownNodes(body: Ast.Block): AstNode[] {
  return descendants(body).filter((n, _, all) => !all.some((d) => d.kind === 'decl-stmt' && d.decl.kind === 'function' && d.decl.body !== undefined && d.decl.body !== n && contains(d.decl.body, n)));
}

function contains(outer: AstNode, inner: AstNode): boolean {
  return outer.span.start <= inner.span.start && inner.span.end <= outer.span.end && outer !== inner;
}

function isInside(body: Ast.Block, symbol: Symbol): boolean {
  return symbol.kind === 'local' && contains(body, symbol.nameNode);
}

/** A name that a declaration inside the body declares (a nested function, struct or enum). */
function isDeclaredIn(body: Ast.Block, name: Ast.Name): boolean {
  return descendants(body).some((n) => n.kind === 'decl-stmt' && n.decl.name.text === name.text);
}

/** What holds `node` in a tree given by its parent map, looking through parentheses. */
function holderOfIn(parents: ReadonlyMap<AstNode, AstNode>, node: AstNode): { holder: AstNode | undefined; child: AstNode } {
  let child = node;
  let holder = parents.get(child);
  while (holder?.kind === 'paren') {
    child = holder;
    holder = parents.get(child);
  }
  return { holder, child };
}

function parentMap(root: AstNode): Map<AstNode, AstNode> {
  const parents = new Map<AstNode, AstNode>();
  for (const n of descendants(root)) for (const c of children(n)) parents.set(c, n);
  return parents;
}
