// What the checker needs from the workspace, and what it produces. The checker itself is a
// function of an item and this host: it never reads files or caches anything across items.

import type { Ast, Diagnostic } from '../../syntax';
import type { Binding } from '../scope';
import type {
  DeclSymbol, EnumMemberSymbol, EnumSymbol, FieldSymbol, FunctionSymbol, GlobalSymbol, LocalSymbol,
  ModuleSymbol, StructSymbol, Symbol,
} from '../symbols';
import type { FunctionType, StructType, Type } from '../types';

export interface CheckHost {
  readonly file: string;
  /** What a name means at the top level of the file (recorded as a dependency). */
  lookup(name: string): Binding | undefined;
  /** The declarations a name could mean when two imports both declare it (see ModuleScope). */
  ambiguity(name: string): readonly DeclSymbol[] | undefined;
  /** Whether a function's return type, or a global's type, is being inferred right now. */
  isInferring(symbol: FunctionSymbol | GlobalSymbol): boolean;
  /**
   * Whether the inferred type of a symbol of another item is unknown because it depends on the
   * item being checked (a cycle through several declarations). Ask after `signature` or `global`.
   */
  inCycle(symbol: FunctionSymbol | GlobalSymbol): boolean;
  /** The parameter types of module-level functions (an overload set), in order. */
  parameterLists(functions: readonly FunctionSymbol[]): readonly ParameterList[];
  /** A module-level function's signature; an omitted return type is inferred from its body. */
  signature(fn: FunctionSymbol): FunctionType;
  /** A global's type and, for integer constants, its value. */
  global(symbol: GlobalSymbol): { type: Type; value: bigint | undefined };
  /** The types of a module-level struct's fields, in order. */
  fieldTypes(symbol: StructSymbol): readonly Type[];
  /** A module-level enum's backing type and member values. */
  enumFacts(symbol: EnumSymbol): EnumFacts;
  /**
   * Checks a generic function for the given argument types. The call is where it happens
   * (absolute offsets in this file), for the notes of errors inside the instantiation.
   */
  instantiate(fn: FunctionSymbol, args: readonly Type[], call: { start: number; end: number }): Instantiation;
  /** A declaration of an aliased import's module, by name. */
  moduleMember(symbol: ModuleSymbol, name: string): Binding | undefined;
  /** The type of `context` (the standard library's Context struct). */
  contextType(): StructType | undefined;
  /** Whether a symbol comes from the standard library (overload ties go to the user's). */
  isStd(symbol: Symbol): boolean;
}

/** A function's parameter types, without its return type. */
export interface ParameterList {
  readonly params: readonly Type[];
  readonly variadic: boolean;
}

/** What an enum's declaration gives: its backing type and each member's value, in order. */
export interface EnumFacts {
  readonly backing: Type;
  readonly values: readonly bigint[];
}

/** What a check works out about the functions, structs and enums declared inside it. */
export interface LocalFacts {
  readonly signatures: ReadonlyMap<FunctionSymbol, FunctionType>;
  readonly fieldTypes: ReadonlyMap<FieldSymbol, Type>;
  readonly enums: ReadonlyMap<EnumSymbol, EnumFacts>;
}

export interface Instantiation {
  readonly ret: Type;
  /** The first error inside the instantiated body, with an absolute range in the function's file. */
  readonly error: Diagnostic | undefined;
}

export interface CallInfo {
  /** The overload set the callee named (one function for a plain call; empty for calls through values). */
  readonly candidates: readonly FunctionSymbol[];
  /** The candidate resolution chose, if any. */
  readonly chosen: FunctionSymbol | undefined;
  /** The signature called (a generic candidate's with its instantiation's types). */
  readonly signature: FunctionType | undefined;
}

/** The names a block makes visible, for completion. Offsets are item-relative. */
export interface ScopeRecord {
  readonly start: number;
  readonly end: number;
  /** The function whose body holds the block (a nested function's blocks are its own). */
  readonly fn: Ast.FunctionDecl | undefined;
  /** Locals, nested functions and types, and what `using` brings in, each from an offset on. */
  readonly entries: { readonly symbol: LocalSymbol | FunctionSymbol | StructSymbol | EnumSymbol | FieldSymbol | EnumMemberSymbol; readonly from: number }[];
}

/** Everything checking an item found. Offsets are item-relative; maps are keyed by node id. */
export interface ItemCheck {
  readonly diagnostics: readonly Diagnostic[];
  /** The type of each expression, and of each declared name. */
  readonly types: ReadonlyMap<number, Type>;
  /** The symbol each name refers to or declares (name node id -> symbol). */
  readonly refs: ReadonlyMap<number, Symbol>;
  /** For a name that `using v;` brought in (a field), the variable `v` it is a field of. */
  readonly usingBases: ReadonlyMap<number, LocalSymbol | GlobalSymbol>;
  readonly calls: ReadonlyMap<number, CallInfo>;
  readonly scopes: readonly ScopeRecord[];
  /** The function's return type (declared, or inferred from its returns). */
  readonly returnType: Type | undefined;
  /** A global's type and constant value. */
  readonly globalType: Type | undefined;
  readonly globalValue: bigint | undefined;
  /** Nested functions declared in the item (their own symbols, for navigation). */
  readonly nested: readonly FunctionSymbol[];
  /** The signatures, field types and enum values of the item's nested declarations. */
  readonly local: LocalFacts;
  /** Module-level symbols the item uses (for the unused-import warning). */
  readonly used: ReadonlySet<Symbol>;
  /** The declarations of a cycle of inferred types through this item (their types are unknown). */
  readonly cycle: ReadonlySet<FunctionSymbol | GlobalSymbol>;
  /** For each `.Member` expression (by node id), the enums it was tried as. */
  readonly enumsExpected: ReadonlyMap<number, readonly EnumSymbol[]>;
}

export type { Ast };
