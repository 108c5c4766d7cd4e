// What names resolve to. A declaration's symbol lives as long as its signature does: an edit
// inside a function body gives the function a new AST but keeps its symbol (re-pointed at the
// new AST), so nothing that depends only on signatures has to be recomputed.
//
// Symbols are identities, not caches: what is worked out about them later (a signature's
// types, a field's type, a global's type and value, an enum's backing type and values) is
// answered by memoised queries (workspace/facts.ts for module-level declarations, the item's
// check for the ones declared inside functions), never written into them. The one change a
// symbol sees after it is made is that re-pointing: its item, declaration and name node follow
// the edited text while its signature is unchanged.

import type { Ast, LoweredItem } from '../syntax';
import type { EnumType, StructType, Type } from './types';

interface SymbolBase {
  /** Identity within the workspace, stable while the declaration's signature is unchanged. */
  readonly key: string;
  readonly name: string;
  /** The declaring file (absolute path). */
  readonly file: string;
}

/** A declaration inside a top-level item: where it is and how to find it again. */
interface Declared {
  /** The top-level item holding the declaration (updated when a body edit replaces it). */
  item: LoweredItem;
  /** The declaring AST node's name, for definition ranges (item-relative span). */
  nameNode: Ast.Name;
}

export interface FunctionSymbol extends SymbolBase, Declared {
  readonly kind: 'function';
  decl: Ast.FunctionDecl;
  /** The library of a foreign function; 'builtin' for the compiler's own intrinsics. */
  readonly foreign: string | undefined;
  /** Has untyped parameters: checked per instantiation. */
  readonly generic: boolean;
  /** Declared inside another function (its signature is in that function's item check). */
  readonly nested: boolean;
}

export interface StructSymbol extends SymbolBase, Declared {
  readonly kind: 'struct';
  decl: Ast.StructDecl;
  readonly type: StructType;
  readonly fields: readonly FieldSymbol[];
  /** Declared inside a function (its field types are in that function's item check). */
  readonly nested: boolean;
}

export interface FieldSymbol extends SymbolBase, Declared {
  readonly kind: 'field';
  readonly owner: StructSymbol;
  readonly index: number;
  /** Has a default value (so a struct literal may leave it out). */
  readonly hasDefault: boolean;
}

export interface EnumSymbol extends SymbolBase, Declared {
  readonly kind: 'enum';
  decl: Ast.EnumDecl;
  readonly type: EnumType;
  readonly members: readonly EnumMemberSymbol[];
  /** Declared inside a function (its values are in that function's item check). */
  readonly nested: boolean;
}

export interface EnumMemberSymbol extends SymbolBase, Declared {
  readonly kind: 'enum-member';
  readonly owner: EnumSymbol;
  readonly index: number;
}

/** A module-level `const` or `var`. */
export interface GlobalSymbol extends SymbolBase, Declared {
  readonly kind: 'global';
  decl: Ast.ConstDecl | Ast.VarDecl;
  readonly constant: boolean;
}

/** An aliased import: `import geo = "shapes/geo"`. */
export interface ModuleSymbol extends SymbolBase, Declared {
  readonly kind: 'module';
  /** The imported file, or undefined when it could not be found. */
  readonly target: string | undefined;
}

/** A local variable, constant, parameter or loop variable. */
export interface LocalSymbol extends SymbolBase {
  readonly kind: 'local';
  readonly role: 'var' | 'const' | 'param' | 'loop';
  /** The item the local lives in, and its name node (item-relative). */
  readonly item: LoweredItem;
  readonly nameNode: Ast.Name;
  readonly type: Type;
  /** The function that declares it (nested functions may not capture it). */
  readonly owner: Ast.FunctionDecl | undefined;
  /** The value of an integer `const`. */
  readonly value: bigint | undefined;
}

export type TypeSymbol = StructSymbol | EnumSymbol;

export type DeclSymbol = FunctionSymbol | StructSymbol | EnumSymbol | GlobalSymbol | ModuleSymbol;

export type Symbol = DeclSymbol | FieldSymbol | EnumMemberSymbol | LocalSymbol;

interface TypeSymbolInit<D> {
  readonly key: string;
  readonly name: string;
  readonly file: string;
  readonly item: LoweredItem;
  readonly nameNode: Ast.Name;
  readonly decl: D;
  readonly nested: boolean;
}

/**
 * A struct's symbol with its field symbols (they point at each other, so they are made
 * together). `fieldKey` gives each field's key.
 */
export function makeStructSymbol(init: TypeSymbolInit<Ast.StructDecl>, fieldKey: (field: Ast.FieldDecl) => string): StructSymbol {
  const fields: FieldSymbol[] = [];
  const type = { kind: 'struct' } as { kind: 'struct'; symbol: StructSymbol };
  const symbol: StructSymbol = { kind: 'struct', ...init, type, fields };
  type.symbol = symbol;
  init.decl.fields.forEach((f, index) => {
    fields.push({
      kind: 'field', key: fieldKey(f), name: f.name.text, file: init.file, item: init.item, nameNode: f.name, owner: symbol, index, hasDefault: f.value !== undefined,
    });
  });
  return symbol;
}

/** An enum's symbol with its member symbols (made together, as for structs). */
export function makeEnumSymbol(init: TypeSymbolInit<Ast.EnumDecl>, memberKey: (member: Ast.EnumMember) => string): EnumSymbol {
  const members: EnumMemberSymbol[] = [];
  const type = { kind: 'enum' } as { kind: 'enum'; symbol: EnumSymbol };
  const symbol: EnumSymbol = { kind: 'enum', ...init, type, members };
  type.symbol = symbol;
  init.decl.members.forEach((m, index) => {
    members.push({ kind: 'enum-member', key: memberKey(m), name: m.name.text, file: init.file, item: init.item, nameNode: m.name, owner: symbol, index });
  });
  return symbol;
}

/** The absolute span of a symbol's name in its file. */
export function symbolNameRange(symbol: Symbol): { start: number; end: number } {
  const base = symbol.item.start;
  return { start: base + symbol.nameNode.span.start, end: base + symbol.nameNode.span.end };
}

export function symbolKindName(symbol: Symbol): string {
  switch (symbol.kind) {
    case 'function':
      return symbol.foreign && symbol.foreign !== 'builtin' ? 'foreign function' : 'function';
    case 'struct':
      return 'struct';
    case 'enum':
      return 'enum';
    case 'field':
      return 'field';
    case 'enum-member':
      return 'enum member';
    case 'global':
      return symbol.constant ? 'constant' : 'global variable';
    case 'module':
      return 'module';
    case 'local':
      return localRoleWord(symbol, { loop: 'variable' });
  }
}

/**
 * How messages name a local: 'parameter', 'constant', 'variable', and for a loop variable
 * 'loop variable' unless `loop` says otherwise (some messages call it a variable).
 */
export function localRoleWord(local: LocalSymbol, options: { loop?: string } = {}): string {
  switch (local.role) {
    case 'param':
      return 'parameter';
    case 'const':
      return 'constant';
    case 'loop':
      return options.loop ?? 'loop variable';
    case 'var':
      return 'variable';
  }
}
