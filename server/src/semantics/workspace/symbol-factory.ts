// Module-level symbols: made once per item summary, and re-pointed at the new AST when an edit
// replaces an item by one with the same summary (a body edit), so that the symbol, and every
// result that depends only on signatures, lives on.

import { type Ast, type LoweredItem } from '../../syntax';

import { type ImportResolution } from '../modules';
import { summarize } from '../summary';
import type { DeclSymbol } from '../symbols';
import { makeEnumSymbol, makeStructSymbol } from '../symbols';


/**
 * The module-level symbols an item declares. `resolveImport` says where an aliased import
 * points (a module symbol records its target).
 */
export function makeSymbols(file: string, text: string, item: LoweredItem, resolveImport: (from: string, path: string) => ImportResolution): DeclSymbol[] {
  const summary = summarize(item, text);
  const key = `${file}#${summary.key}@${item.start}`;
  const symbols: DeclSymbol[] = [];
  if (summary.import?.alias) {
    const resolution = resolveImport(file, summary.import.path);
    symbols.push({ kind: 'module', key, name: summary.import.alias.text, file, item, nameNode: summary.import.alias, target: resolution.file });
  }
  summary.decls.forEach((decl, i) => {
    const declKey = `${key}#${i}`;
    switch (decl.kind) {
      case 'function': {
        const foreign = item.decl.kind === 'foreign' ? item.decl.library : undefined;
        symbols.push({
          kind: 'function', key: declKey, name: decl.name.text, file, item, nameNode: decl.name, decl, foreign,
          generic: decl.params.some((p) => !p.type) && foreign !== 'builtin', nested: false,
        });
        break;
      }
      case 'struct':
        symbols.push(makeStructSymbol({ key: declKey, name: decl.name.text, file, item, nameNode: decl.name, decl, nested: false }, (f) => `${declKey}.${f.name.text}`));
        break;
      case 'enum':
        symbols.push(makeEnumSymbol({ key: declKey, name: decl.name.text, file, item, nameNode: decl.name, decl, nested: false }, (m) => `${declKey}.${m.name.text}`));
        break;
      case 'const':
      case 'var':
        symbols.push({
          kind: 'global', key: declKey, name: decl.name.text, file, item, nameNode: decl.name, decl, constant: decl.kind === 'const',
        });
        break;
    }
  });
  return symbols;
}

/** Re-points symbols from an item at its replacement (same summary key, new AST). */
export function repoint(symbols: readonly DeclSymbol[], item: LoweredItem, text: string): void {
  const summary = summarize(item, text);
  let declIndex = 0;
  for (const symbol of symbols) {
    symbol.item = item;
    if (symbol.kind === 'module') {
      if (summary.import?.alias) symbol.nameNode = summary.import.alias;
      continue;
    }
    const decl = summary.decls[declIndex++];
    if (!decl) continue;
    symbol.nameNode = decl.name;
    switch (symbol.kind) {
      case 'function':
        symbol.decl = decl as Ast.FunctionDecl;
        break;
      case 'struct':
        symbol.decl = decl as Ast.StructDecl;
        symbol.fields.forEach((f, i) => {
          f.item = item;
          f.nameNode = symbol.decl.fields[i]!.name;
        });
        break;
      case 'enum':
        symbol.decl = decl as Ast.EnumDecl;
        symbol.members.forEach((m, i) => {
          m.item = item;
          m.nameNode = symbol.decl.members[i]!.name;
        });
        break;
      case 'global':
        symbol.decl = decl as Ast.ConstDecl | Ast.VarDecl;
        break;
    }
  }
}
