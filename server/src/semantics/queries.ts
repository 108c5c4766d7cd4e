// The query API that editor features and tools use: what is at a position, where it is
// defined, where it is used, its type, the call around a position, the names visible there.
// It knows nothing of any protocol: positions are offsets, results plain values.

import type { Ast, LoweredItem } from '../syntax';
import { blockCommentIsClosed } from '../syntax/literals';
import { pathAt, walk, type AstNode } from '../syntax/walk';
import type { CallInfo, ItemCheck } from './check/host';
import type { Binding } from './scope';
import type { DeclSymbol, EnumSymbol, Symbol } from './symbols';
import type { StructType, Type } from './types';
import type { Workspace } from './workspace/workspace';
import { symbolNameRange } from './symbols';

export interface Location {
  readonly file: string;
  readonly start: number;
  readonly end: number;
}

export interface SymbolAt {
  readonly symbol: Symbol;
  /** The range of the name under the position. */
  readonly range: Location;
  /** Whether the position is on the symbol's declaration. */
  readonly isDeclaration: boolean;
}

export interface CallAt {
  readonly call: Ast.CallExpr;
  readonly info: CallInfo;
  /** The argument the position is in (0-based); the argument count if after the last comma. */
  readonly activeArgument: number;
  /** The item holding the call: for a call not closed yet, as parsed with its `)` typed. */
  readonly item: LoweredItem;
}

/** What a name in a generic body means in one instantiation. */
export interface InstanceMeaning {
  readonly args: readonly Type[];
  readonly symbol: Symbol | undefined;
  readonly type: Type | undefined;
}

export interface VisibleName {
  readonly name: string;
  /** A symbol, or an overload set. */
  readonly symbols: readonly Symbol[];
}

/** The identifier completion types at the cursor to see what the code would mean. */
const COMPLETION_MARKER = 'zolt_completion_marker';

export class Queries {
  constructor(private readonly workspace: Workspace) {}

  private itemAt(file: string, offset: number): LoweredItem | undefined {
    const doc = this.workspace.document(file);
    if (!doc || doc.items.length === 0) return undefined;
    const item = doc.items[doc.itemIndexAt(offset)]!;
    return offset <= item.start + item.length ? item : undefined;
  }

  private check(file: string, item: LoweredItem): ItemCheck {
    return this.workspace.check(file, item);
  }

  /**
   * The enums a `.Member` written at `offset` (right after the dot, or inside the member's
   * name) could belong to: the type expected there, or every candidate's parameter type in an
   * overloaded call. Empty when nothing is expected.
   */
  expectedEnums(file: string, offset: number): readonly EnumSymbol[] {
    // The marker alone, then with a body after it, for a `case .` being typed.
    for (const insert of [COMPLETION_MARKER, `${COMPLETION_MARKER} {}`]) {
      const speculation = this.workspace.speculate(file, offset, insert);
      if (!speculation) return [];
      const { item, check, at } = speculation;
      const node = pathAt(item.decl, at).findLast((n) => n.kind === 'implicit-member');
      const enums = node && check.enumsExpected.get(node.id);
      if (enums && enums.length > 0) return enums;
    }
    return [];
  }

  /**
   * At a field name being written in a struct literal (`Vec2{ x: 1.0, | }`): the struct, and
   * the fields the literal names already.
   */
  structLiteralAt(file: string, offset: number): { struct: StructType; given: readonly string[] } | undefined {
    const speculation = this.workspace.speculate(file, offset, COMPLETION_MARKER);
    if (!speculation) return undefined;
    const { item, check, at } = speculation;
    const path = pathAt(item.decl, at);
    // The marker is a field's name, or a positional value that is just the marker.
    const i = path.findLastIndex((n) => n.kind === 'field-init');
    const init = path[i];
    const literal = path[i - 1];
    if (init?.kind !== 'field-init' || literal?.kind !== 'struct-literal') return undefined;
    const marker = init.name ?? (init.value.kind === 'name-expr' ? init.value.name : undefined);
    if (!marker || !marker.text.includes(COMPLETION_MARKER)) return undefined;
    const type = check.types.get(literal.id);
    if (type?.kind !== 'struct') return undefined;
    const given = literal.fields.flatMap((f) => (f !== init && f.name ? [f.name.text] : []));
    return { struct: type, given };
  }

  /**
   * The type of the object of the member access whose name starts at `offset` (right after its
   * dot), as the item would be with a name typed there. The text as it is may not hold the
   * access at all: without a name after the dot, tree-sitter's recovery turns `p.` before a
   * `}` (or at the end of a body's last line) into an ERROR, whereas `p.marker` parses, with a
   * missing `;` at most. Only the item at the offset is parsed and checked again.
   */
  memberObjectType(file: string, offset: number): Type | undefined {
    const speculation = this.workspace.speculate(file, offset, COMPLETION_MARKER);
    if (!speculation) return undefined;
    const { item, check, at } = speculation;
    const access = pathAt(item.decl, at).findLast((n): n is Ast.MemberExpr => n.kind === 'member' && n.member.span.start === at);
    return access && check.types.get(access.object.id);
  }

  /**
   * Whether an offset is inside a comment or a string or character literal. A line comment
   * holds its end (the end of its line), and so does a literal or block comment not closed
   * yet: the text typed there goes into it.
   */
  inCommentOrLiteral(file: string, offset: number): boolean {
    const doc = this.workspace.document(file);
    if (!doc) return false;
    const item = this.itemAt(file, offset);
    // Comments after the last item belong to no item: the document's trailer holds them.
    const base = item ? item.start : doc.trailer.start;
    const relative = offset - base;
    const inComment = (item ? item.comments : doc.trailer.comments).some((c) => {
      if (relative <= c.start || relative > c.end) return false;
      return relative < c.end || c.kind !== 'block' || !blockCommentIsClosed(doc.text.slice(base + c.start, base + c.end));
    });
    if (inComment || !item) return inComment;
    const literal = pathAt(item.decl, relative).findLast((n) => n.kind === 'string' || n.kind === 'char');
    if (!literal || relative <= literal.span.start) return false;
    return relative < literal.span.end || !literalIsClosed(doc.text.slice(item.start + literal.span.start, item.start + literal.span.end));
  }

  /** The chain of AST nodes at an offset, outermost first, with the item holding them. */
  nodesAt(file: string, offset: number): { item: LoweredItem; path: AstNode[] } | undefined {
    const item = this.itemAt(file, offset);
    if (!item) return undefined;
    return { item, path: pathAt(item.decl, offset - item.start) };
  }

  /** The symbol named at an offset, whether by a use or by its declaration. */
  symbolAt(file: string, offset: number): SymbolAt | undefined {
    const found = this.nodesAt(file, offset);
    if (!found) return undefined;
    const { item, path } = found;
    const name = path[path.length - 1];
    if (name?.kind !== 'name') return undefined;
    const range = { file, start: item.start + name.span.start, end: item.start + name.span.end };
    const declared = this.declaredBy(file, item, name);
    if (declared) return { symbol: declared, range, isDeclaration: true };
    const symbol = this.check(file, item).refs.get(name.id);
    if (!symbol) return undefined;
    const isDeclaration = symbol.item === item && symbol.nameNode === name;
    return { symbol, range, isDeclaration };
  }

  /** The module-level symbol (or field or enum member) a declaration name declares. */
  private declaredBy(file: string, item: LoweredItem, name: Ast.Name): Symbol | undefined {
    for (const symbol of this.workspace.declarations(file)) {
      if (symbol.item !== item) continue;
      if (symbol.nameNode === name) return symbol;
      if (symbol.kind === 'struct') {
        const field = symbol.fields.find((f) => f.nameNode === name);
        if (field) return field;
      }
      if (symbol.kind === 'enum') {
        const member = symbol.members.find((m) => m.nameNode === name);
        if (member) return member;
      }
    }
    return undefined;
  }

  /** Where the symbol at an offset is declared (at a call, the candidate resolution chose). */
  definition(file: string, offset: number): Location | undefined {
    const at = this.symbolAt(file, offset);
    if (at) return this.declarationOf(at.symbol);
    // On an import's path: the imported file.
    const item = this.itemAt(file, offset);
    const decl = item?.decl;
    if (item && decl?.kind === 'import' && decl.pathSpan.start <= offset - item.start && offset - item.start <= decl.pathSpan.end) {
      const target = this.workspace.resolveImport(file, decl.path).file;
      return target ? { file: target, start: 0, end: 0 } : undefined;
    }
    return undefined;
  }

  declarationOf(symbol: Symbol): Location {
    return { file: symbol.file, ...symbolNameRange(symbol) };
  }

  /**
   * Every use of a symbol in the workspace (with its declaration if asked). Only items whose
   * text contains the name are checked, which keeps this fast on large workspaces.
   */
  references(symbol: Symbol, includeDeclaration: boolean, files?: readonly string[]): Location[] {
    const result: Location[] = [];
    const seen = new Set<string>();
    const add = (location: Location) => {
      const key = `${location.file}:${location.start}`;
      if (!seen.has(key)) {
        seen.add(key);
        result.push(location);
      }
    };
    if (includeDeclaration) add(this.declarationOf(symbol));
    const searchFiles = symbol.kind === 'local' ? [symbol.file] : (files ?? this.workspace.knownFiles());
    let instancesKnown = false;
    for (const file of searchFiles) {
      const doc = this.workspace.document(file);
      if (!doc) continue;
      for (const item of doc.items) {
        if (!doc.text.slice(item.start, item.start + item.length).includes(symbol.name)) continue;
        const checks = [this.check(file, item)];
        if (isGeneric(item) && symbol.kind !== 'local') {
          // A generic body's names resolve in its instantiations, which the calls ask for.
          if (!instancesKnown) this.checkEverything();
          instancesKnown = true;
          checks.push(...this.workspace.instanceChecks(item.decl as Ast.FunctionDecl).map((i) => i.check));
        }
        for (const check of checks) {
          for (const [id, target] of check.refs) {
            if (target !== symbol) continue;
            const name = findName(item, id);
            if (!name) continue;
            const location = { file, start: item.start + name.span.start, end: item.start + name.span.end };
            if (!includeDeclaration && target.item === item && target.nameNode === name) continue;
            add(location);
          }
        }
      }
    }
    return result.sort((a, b) => (a.file === b.file ? a.start - b.start : a.file < b.file ? -1 : 1));
  }

  /** Checks every file, so that every instantiation some call asks for is known. */
  private checkEverything(): void {
    for (const file of this.workspace.knownFiles()) this.workspace.diagnostics(file);
  }

  /**
   * What a name inside a generic function's body means in each instantiation (a name that is a
   * member of a generic parameter resolves only there). Empty outside generic bodies.
   */
  instanceMeanings(file: string, offset: number): InstanceMeaning[] {
    const found = this.nodesAt(file, offset);
    if (!found || !isGeneric(found.item)) return [];
    const name = found.path[found.path.length - 1];
    if (name?.kind !== 'name') return [];
    this.checkEverything();
    const result: InstanceMeaning[] = [];
    for (const { args, check } of this.workspace.instanceChecks(found.item.decl as Ast.FunctionDecl)) {
      const symbol = check.refs.get(name.id);
      const type = check.types.get(name.id) ?? [...found.path].reverse().map((n) => check.types.get(n.id)).find((t) => t !== undefined);
      result.push({ args, symbol, type });
    }
    return result;
  }

  /** The type of the innermost expression or declared name at an offset. */
  typeAt(file: string, offset: number): { type: Type; range: Location } | undefined {
    const found = this.nodesAt(file, offset);
    if (!found) return undefined;
    const check = this.check(file, found.item);
    for (let i = found.path.length - 1; i >= 0; i--) {
      const node = found.path[i]!;
      const type = check.types.get(node.id);
      if (type) return { type, range: { file, start: found.item.start + node.span.start, end: found.item.start + node.span.end } };
    }
    return undefined;
  }

  /**
   * The innermost call whose argument list contains the offset. A call being typed has no `)`
   * yet, and tree-sitter's recovery may then drop it (`f(` before a `}` is an ERROR): the item
   * is parsed and checked again with one, two or three `)` typed at the offset (for calls in
   * calls), until one holds a call around it. Only an item with a syntax error is, so that
   * signature help asked for outside any call costs no parse.
   */
  callAt(file: string, offset: number): CallAt | undefined {
    const found = this.nodesAt(file, offset);
    if (!found) return undefined;
    const text = this.workspace.document(file)!.text;
    const call = callAround(found.item, found.path, offset - found.item.start, () => this.check(file, found.item), text, offset);
    if (call !== 'none') return call;
    // Without a syntax error the item holds every call there is: nothing to close.
    if (!found.item.diagnostics.some((d) => d.severity === 'error')) return undefined;
    for (const closers of [')', '))', ')))']) {
      const speculation = this.workspace.speculate(file, offset, closers);
      if (!speculation) return undefined;
      const { item, check, at } = speculation;
      const closed = callAround(item, pathAt(item.decl, at), at, () => check, text, offset);
      if (closed !== 'none') return closed;
    }
    return undefined;
  }

  /** The innermost call whose callee contains the offset (a name being called). */
  callOfCallee(file: string, offset: number): { call: Ast.CallExpr; info: CallInfo } | undefined {
    const found = this.nodesAt(file, offset);
    if (!found) return undefined;
    const relative = offset - found.item.start;
    for (let i = found.path.length - 1; i >= 0; i--) {
      const node = found.path[i]!;
      if (node.kind !== 'call' || relative < node.callee.span.start || relative > node.callee.span.end) continue;
      const info = this.check(file, found.item).calls.get(node.id);
      return info ? { call: node, info } : undefined;
    }
    return undefined;
  }

  /** The names visible at an offset: locals in scope there, then the module scope. */
  visibleNames(file: string, offset: number): VisibleName[] {
    const result = new Map<string, Symbol[]>();
    const item = this.itemAt(file, offset);
    if (item) {
      const relative = offset - item.start;
      const scopes = this.check(file, item).scopes.filter((s) => s.start <= relative && relative <= s.end);
      // Innermost scopes last in the list; the innermost declaration of a name wins. A nested
      // function sees the functions, types and constants of the blocks around it, not their
      // variables and parameters.
      const innermost = scopes[scopes.length - 1]?.fn;
      for (let i = scopes.length - 1; i >= 0; i--) {
        const enclosing = scopes[i]!.fn !== innermost;
        for (const entry of scopes[i]!.entries) {
          if (entry.from > relative || result.has(entry.symbol.name)) continue;
          if (enclosing && entry.symbol.kind === 'local' && entry.symbol.role !== 'const') continue;
          result.set(entry.symbol.name, [entry.symbol]);
        }
      }
    }
    for (const [name, binding] of this.workspace.scope(file).values) {
      if (!result.has(name)) result.set(name, bindingSymbols(binding));
    }
    return [...result].map(([name, symbols]) => ({ name, symbols }));
  }

  /** The declarations of a file, for outlines and workspace symbols. */
  declarations(file: string): DeclSymbol[] {
    return this.workspace.declarations(file);
  }
}

/**
 * The innermost call of `path` whose argument list holds `at` (item-relative; `offset` in the
 * document's `text`, which is the item's text up to there), or 'none' when no call holds it.
 */
function callAround(item: LoweredItem, path: readonly AstNode[], at: number, check: () => ItemCheck, text: string, offset: number): CallAt | undefined | 'none' {
  for (let i = path.length - 1; i >= 0; i--) {
    const node = path[i]!;
    if (node.kind !== 'call') continue;
    if (at <= node.argsSpan.start || at > node.argsSpan.end) continue;
    const info = check().calls.get(node.id);
    if (!info) return undefined;
    let activeArgument = node.args.findIndex((arg) => at <= arg.span.end);
    if (activeArgument < 0) activeArgument = node.args.length === 0 ? 0 : node.args.length - 1;
    // After a comma that follows the last argument, the next argument is being typed.
    const last = node.args[node.args.length - 1];
    if (last && at > last.span.end && text.slice(offset - (at - last.span.end), offset).includes(',')) activeArgument = node.args.length;
    return { call: node, info, activeArgument, item };
  }
  return 'none';
}

/**
 * Whether a string or character literal's text (`"..."`, `c"..."`, `'.'`) ends with its closing
 * quote: a quote after the opening one, not escaped by an odd run of backslashes.
 */
function literalIsClosed(token: string): boolean {
  const open = token.search(/["']/);
  const quote = token[open];
  if (open < 0 || token.length - 1 === open || token[token.length - 1] !== quote) return false;
  let slashes = 0;
  for (let i = token.length - 2; i > open && token[i] === '\\'; i--) slashes++;
  return slashes % 2 === 0;
}

/** Whether an item is a generic function (its body is checked per instantiation). */
function isGeneric(item: LoweredItem): boolean {
  return item.decl.kind === 'function' && item.decl.params.some((p) => !p.type);
}

function bindingSymbols(binding: Binding): Symbol[] {
  return binding.kind === 'single' ? [binding.symbol] : [...binding.functions];
}

const nodeIndexes = new WeakMap<LoweredItem, Map<number, AstNode>>();

/** The name node with the given id in an item (an index per item, built once). */
function findName(item: LoweredItem, id: number): Ast.Name | undefined {
  let index = nodeIndexes.get(item);
  if (!index) {
    const built = new Map<number, AstNode>();
    walk(item.decl, (node) => built.set(node.id, node));
    nodeIndexes.set(item, (index = built));
  }
  const node = index.get(id);
  return node?.kind === 'name' ? node : undefined;
}
