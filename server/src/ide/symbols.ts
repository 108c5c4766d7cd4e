// Document symbols (the outline, hierarchical) and workspace symbols (fuzzy search).

import type { Ast } from '../syntax';
import type { DeclSymbol, Workspace } from '../semantics';
import { declarationText } from './describe';

export type SymbolKind = 'function' | 'struct' | 'field' | 'enum' | 'enum-member' | 'constant' | 'variable' | 'module';

export interface OutlineSymbol {
  readonly name: string;
  readonly kind: SymbolKind;
  readonly detail: string;
  /** The whole declaration. */
  readonly start: number;
  readonly end: number;
  /** Its name. */
  readonly nameStart: number;
  readonly nameEnd: number;
  readonly children: readonly OutlineSymbol[];
}

export function documentSymbols(workspace: Workspace, file: string): OutlineSymbol[] {
  return workspace.declarations(file).map((s) => outline(workspace, s));
}

function outline(workspace: Workspace, symbol: DeclSymbol): OutlineSymbol {
  const base = symbol.item.start;
  const span = (node: { span: Ast.Span }) => ({ start: base + node.span.start, end: base + node.span.end });
  const name = span(symbol.nameNode);
  const whole = symbol.kind === 'module' ? { start: base, end: base + symbol.item.length } : span(symbol.decl);
  const common = { name: symbol.name, ...whole, nameStart: name.start, nameEnd: name.end, detail: declarationText(workspace, symbol) };
  switch (symbol.kind) {
    case 'function':
      return { ...common, kind: 'function', children: nestedFunctions(symbol.decl, base) };
    case 'struct':
      return {
        ...common,
        kind: 'struct',
        children: symbol.decl.fields.map((f) => ({
          name: f.name.text, kind: 'field', detail: '', ...span(f), nameStart: base + f.name.span.start, nameEnd: base + f.name.span.end, children: [],
        })),
      };
    case 'enum':
      return {
        ...common,
        kind: 'enum',
        children: symbol.decl.members.map((m) => ({
          name: m.name.text, kind: 'enum-member', detail: '', ...span(m), nameStart: base + m.name.span.start, nameEnd: base + m.name.span.end, children: [],
        })),
      };
    case 'global':
      return { ...common, kind: symbol.constant ? 'constant' : 'variable', children: [] };
    case 'module':
      return { ...common, kind: 'module', children: [] };
  }
}

/** Functions declared inside a function body, as children of it. */
function nestedFunctions(decl: Ast.FunctionDecl, base: number): OutlineSymbol[] {
  const result: OutlineSymbol[] = [];
  const visit = (statements: readonly Ast.Stmt[]) => {
    for (const s of statements) {
      if (s.kind === 'decl-stmt' && s.decl.kind === 'function') {
        const f = s.decl;
        result.push({
          name: f.name.text, kind: 'function', detail: '', start: base + f.span.start, end: base + f.span.end,
          nameStart: base + f.name.span.start, nameEnd: base + f.name.span.end, children: f.body ? nestedIn(f.body, base) : [],
        });
      } else if (s.kind === 'block') visit(s.statements);
    }
  };
  if (decl.body) visit(decl.body.statements);
  return result;
}

function nestedIn(block: Ast.Block, base: number): OutlineSymbol[] {
  return nestedFunctions({ body: block } as Ast.FunctionDecl, base);
}

export interface FoundSymbol {
  readonly name: string;
  readonly kind: SymbolKind;
  readonly file: string;
  readonly start: number;
  readonly end: number;
  readonly container: string | undefined;
  readonly score: number;
}

/**
 * Workspace symbols matching `query` fuzzily: its characters in order, case-insensitively.
 * Runs of consecutive matches, matches at word starts and exact case score higher.
 */
export function workspaceSymbols(workspace: Workspace, query: string, limit = 256): FoundSymbol[] {
  const found: FoundSymbol[] = [];
  for (const file of workspace.knownFiles()) {
    const std = workspace.isStd(file);
    for (const symbol of workspace.declarations(file)) {
      const candidates: { name: string; kind: SymbolKind; container?: string; node: { span: Ast.Span } }[] = [{ name: symbol.name, kind: kindOf(symbol), node: symbol.nameNode }];
      if (symbol.kind === 'struct') for (const f of symbol.decl.fields) candidates.push({ name: f.name.text, kind: 'field', container: symbol.name, node: f.name });
      if (symbol.kind === 'enum') for (const m of symbol.decl.members) candidates.push({ name: m.name.text, kind: 'enum-member', container: symbol.name, node: m.name });
      for (const c of candidates) {
        const score = fuzzyScore(query, c.name);
        if (score === undefined) continue;
        const start = symbol.item.start + c.node.span.start;
        found.push({ name: c.name, kind: c.kind, file, start, end: symbol.item.start + c.node.span.end, container: c.container, score: score - (std ? 5 : 0) });
      }
    }
  }
  return found.sort((a, b) => b.score - a.score || a.name.localeCompare(b.name)).slice(0, limit);
}

function kindOf(symbol: DeclSymbol): SymbolKind {
  switch (symbol.kind) {
    case 'global':
      return symbol.constant ? 'constant' : 'variable';
    default:
      return symbol.kind;
  }
}

/** The score of `name` for the fuzzy `query`, or undefined if it does not match. */
export function fuzzyScore(query: string, name: string): number | undefined {
  if (query === '') return 0;
  let score = 0;
  let at = 0;
  let run = 0;
  for (const ch of query) {
    const lower = ch.toLowerCase();
    let found = -1;
    for (let i = at; i < name.length; i++) {
      if (name[i]!.toLowerCase() === lower) {
        found = i;
        break;
      }
    }
    if (found < 0) return undefined;
    run = found === at ? run + 1 : 1;
    score += run * 2;
    if (found === 0 || name[found - 1] === '_' || (/[A-Z]/.test(name[found]!) && /[a-z]/.test(name[found - 1] ?? ''))) score += 3;
    if (name[found] === ch) score += 1;
    at = found + 1;
  }
  return score - (name.length - query.length) * 0.1;
}
