// Semantic tokens: the meaning of every name, which a TextMate grammar can only guess. Each
// name is classified by what it resolves to (function, parameter, field, enum member, type,
// module...) with modifiers for declarations, constants and the standard library. Keywords,
// literals and comments are left to the grammar.

import { walk, type LoweredItem } from '../syntax';
import { PRIMITIVES, type Symbol, type Workspace } from '../semantics';

export const TOKEN_TYPES = ['namespace', 'type', 'struct', 'enum', 'enumMember', 'function', 'parameter', 'variable', 'property'] as const;
export const TOKEN_MODIFIERS = ['declaration', 'readonly', 'defaultLibrary'] as const;

export interface SemanticToken {
  readonly start: number;
  readonly length: number;
  readonly type: number;
  readonly modifiers: number;
}

const TYPE = Object.fromEntries(TOKEN_TYPES.map((t, i) => [t, i])) as Record<(typeof TOKEN_TYPES)[number], number>;
const DECLARATION = 1;
const READONLY = 2;
const DEFAULT_LIBRARY = 4;

/** The tokens of the items overlapping [start, end) (the whole file by default), in order. */
export function semanticTokens(workspace: Workspace, file: string, start = 0, end = Infinity): SemanticToken[] {
  const doc = workspace.document(file);
  if (!doc) return [];
  // The names each item declares at the module level (the checker's refs have the rest).
  const declaredBy = new Map<LoweredItem, Map<number, Symbol>>();
  for (const symbol of workspace.declarations(file)) {
    let declared = declaredBy.get(symbol.item);
    if (!declared) declaredBy.set(symbol.item, (declared = new Map()));
    declared.set(symbol.nameNode.id, symbol);
    if (symbol.kind === 'struct') for (const f of symbol.fields) declared.set(f.nameNode.id, f);
    if (symbol.kind === 'enum') for (const m of symbol.members) declared.set(m.nameNode.id, m);
  }
  const tokens: SemanticToken[] = [];
  for (const item of doc.items) {
    if (item.start + item.length < start || item.start > end) continue;
    tokens.push(...itemTokens(workspace, file, item, declaredBy.get(item) ?? new Map()));
  }
  return tokens.filter((t) => t.start + t.length > start && t.start < end);
}

function itemTokens(workspace: Workspace, file: string, item: LoweredItem, declared: ReadonlyMap<number, Symbol>): SemanticToken[] {
  const check = workspace.check(file, item);
  const tokens: SemanticToken[] = [];
  walk(item.decl, (node) => {
    // A primitive type's name resolves to no symbol; it is a type all the same.
    if (node.kind === 'named-type' && !node.module && !node.name.missing && PRIMITIVES.has(node.name.text) && !check.refs.has(node.name.id)) {
      tokens.push({ start: item.start + node.name.span.start, length: node.name.span.end - node.name.span.start, type: TYPE.type, modifiers: 0 });
      return;
    }
    if (node.kind === 'name') {
      if (node.missing || node.text === '') return;
      const symbol = declared.get(node.id) ?? check.refs.get(node.id);
      if (!symbol) return;
      const isDeclaration = declared.has(node.id) || (symbol.item === item && symbol.nameNode === node);
      const classified = classify(workspace, symbol);
      if (!classified) return;
      tokens.push({
        start: item.start + node.span.start,
        length: node.span.end - node.span.start,
        type: classified.type,
        modifiers: classified.modifiers | (isDeclaration ? DECLARATION : 0),
      });
    }
  });
  return tokens.sort((a, b) => a.start - b.start);
}

function classify(workspace: Workspace, symbol: Symbol): { type: number; modifiers: number } | undefined {
  const std = workspace.isStd(symbol.file) ? DEFAULT_LIBRARY : 0;
  switch (symbol.kind) {
    case 'function':
      return { type: TYPE.function, modifiers: std };
    case 'struct':
      return { type: TYPE.struct, modifiers: std };
    case 'enum':
      return { type: TYPE.enum, modifiers: std };
    case 'enum-member':
      return { type: TYPE.enumMember, modifiers: READONLY | std };
    case 'field':
      return { type: TYPE.property, modifiers: std };
    case 'module':
      return { type: TYPE.namespace, modifiers: 0 };
    case 'global':
      return { type: TYPE.variable, modifiers: (symbol.constant ? READONLY : 0) | std };
    case 'local':
      return { type: symbol.role === 'param' ? TYPE.parameter : TYPE.variable, modifiers: symbol.role === 'const' ? READONLY : 0 };
  }
}

/** LSP's relative encoding: [deltaLine, deltaStart, length, type, modifiers] per token. */
export function encodeTokens(tokens: readonly SemanticToken[], position: (offset: number) => { line: number; character: number }): number[] {
  const data: number[] = [];
  let line = 0;
  let character = 0;
  for (const token of tokens) {
    const p = position(token.start);
    data.push(p.line - line, p.line === line ? p.character - character : p.character, token.length, token.type, token.modifiers);
    line = p.line;
    character = p.character;
  }
  return data;
}

/** The edits that turn `previous` into `next` (one replacement of the middle), for deltas. */
export function tokenDelta(previous: readonly number[], next: readonly number[]): { start: number; deleteCount: number; data: number[] }[] {
  let prefix = 0;
  while (prefix < previous.length && prefix < next.length && previous[prefix] === next[prefix]) prefix++;
  let suffix = 0;
  while (suffix < previous.length - prefix && suffix < next.length - prefix && previous[previous.length - 1 - suffix] === next[next.length - 1 - suffix]) suffix++;
  if (prefix === previous.length && prefix === next.length) return [];
  return [{ start: prefix, deleteCount: previous.length - prefix - suffix, data: next.slice(prefix, next.length - suffix) }];
}
