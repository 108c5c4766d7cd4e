// What names resolve to. A declaration's symbol lives as long as its signature does: an edit
// inside a function body gives the function a new AST but keeps its symbol (re-pointed at the
// new AST), so nothing that depends only on signatures has to be recomputed.

import type { Ast, LoweredItem } from '../syntax';
import type { EnumType, FunctionType, StructType, Type } from './types';

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
  /** Declared inside another function. */
  readonly nested: boolean;
  /** The signature: parameter types (generic ones as the `generic` type) and return type. */
  type: FunctionType;
}

export interface StructSymbol extends SymbolBase, Declared {
  readonly kind: 'struct';
  decl: Ast.StructDecl;
  readonly type: StructType;
  fields: FieldSymbol[];
}

export interface FieldSymbol extends SymbolBase, Declared {
  readonly kind: 'field';
  readonly owner: StructSymbol;
  readonly index: number;
  type: Type;
  /** Has a default value (so a struct literal may leave it out). */
  readonly hasDefault: boolean;
}

export interface EnumSymbol extends SymbolBase, Declared {
  readonly kind: 'enum';
  decl: Ast.EnumDecl;
  readonly type: EnumType;
  backing: Type;
  members: EnumMemberSymbol[];
}

export interface EnumMemberSymbol extends SymbolBase, Declared {
  readonly kind: 'enum-member';
  readonly owner: EnumSymbol;
  /** The member's integer value. */
  value: bigint;
}

/** A module-level `const` or `var`. */
export interface GlobalSymbol extends SymbolBase, Declared {
  readonly kind: 'global';
  decl: Ast.ConstDecl | Ast.VarDecl;
  readonly constant: boolean;
  type: Type;
  /** The value of an integer constant, for array lengths and enum values. */
  value: bigint | undefined;
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
  type: Type;
  /** The function that declares it (nested functions may not capture it). */
  readonly owner: Ast.FunctionDecl | undefined;
  /** Whether anything reads it (for the unused-variable warning). */
  used: boolean;
  /** The value of an integer `const`. */
  value: bigint | undefined;
}

export type TypeSymbol = StructSymbol | EnumSymbol;

export type DeclSymbol = FunctionSymbol | StructSymbol | EnumSymbol | GlobalSymbol | ModuleSymbol;

export type Symbol = DeclSymbol | FieldSymbol | EnumMemberSymbol | LocalSymbol;

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
      return symbol.role === 'param' ? 'parameter' : symbol.role === 'const' ? 'constant' : 'variable';
  }
}
