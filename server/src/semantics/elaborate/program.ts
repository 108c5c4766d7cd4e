// The elaborated program: what code generation (ir/), the interpreter and refactorings read.
// It is built from the checker's results (elaborator.ts) and, once built, is a plain immutable
// value: nothing in it points back at caches that may change.
//
// Invariants (checked by verify.ts, and by the tests on every example and fixture):
// - Every expression has a concrete type: no untyped literal, no `null` type, no error or
//   generic type, no type or module used as a value. `null` is typed as the pointer or function
//   type it becomes.
// - Every implicit conversion is a `convert` node with `implicit: true`; an explicit `as` is a
//   `convert` with `implicit: false`. Operands of a binary operator have the same type (shift
//   counts excepted: any integer type), arguments have their parameter's type, a value stored
//   has the type of its place.
// - Every call names its target: a Zolt function or one instantiation of a generic function
//   (by key), a foreign function, a builtin, or a function value.
// - Names brought in by `using` are the field or enum member they stand for; constants with a
//   known integer value are literals; enum members are integer literals of the enum's type.
// - Struct literals give every field in order (defaults filled in, the rest zero).
// - Struct layouts follow the C rules (layout.ts), so `size_of`, foreign calls and memory agree.
//
// Offsets in spans are absolute offsets into the file of the function (or global) they belong
// to; `ElabFunction.file` names it.

import type { EnumSymbol, FunctionSymbol, GlobalSymbol, StructSymbol } from '../symbols';
import type { FunctionType, Type } from '../types';
import type { Layouts } from './layout';

export interface Span {
  readonly start: number;
  readonly end: number;
}

/** A function's identity in the program: `abs(i64)`, `max3<f64,f64,f64>`, `main.is_big`. */
export type FunctionKey = string;

export interface ElabProgram {
  /** The file whose `main` the program runs. */
  readonly mainFile: string;
  readonly main: FunctionKey | undefined;
  /**
   * The standard library's default allocator procedure and logger, which the runtime installs
   * in the context every program starts with (present when the program was built to run).
   */
  readonly defaults: { readonly allocator: FunctionKey; readonly logger: FunctionKey } | undefined;
  /** Every Zolt function reached from the roots, in the order they were reached. */
  readonly functions: ReadonlyMap<FunctionKey, ElabFunction>;
  readonly foreign: ReadonlyMap<FunctionKey, ForeignFunction>;
  /** Globals in the order they are initialised (see elaborator.ts). */
  readonly globals: readonly ElabGlobal[];
  readonly structs: ReadonlyMap<StructSymbol, StructInfo>;
  readonly enums: ReadonlyMap<EnumSymbol, EnumInfo>;
  readonly layouts: Layouts;
  /** The standard library's files (what the printer leaves out unless asked). */
  readonly stdFiles: ReadonlySet<string>;
}

export interface ElabLocal {
  /** Index in its function's `locals`. */
  readonly id: number;
  readonly name: string;
  readonly type: Type;
  /** A `var` (parameters, constants and loop variables are not). */
  readonly mutable: boolean;
  readonly kind: 'param' | 'var' | 'const' | 'loop' | 'temp';
  readonly span: Span;
}

export interface ElabFunction {
  readonly key: FunctionKey;
  /** The name as written. */
  readonly name: string;
  readonly file: string;
  /** The span of the function's name. */
  readonly span: Span;
  readonly symbol: FunctionSymbol;
  /** The argument types of a generic function's instantiation. */
  readonly instance: readonly Type[] | undefined;
  readonly params: readonly ElabLocal[];
  readonly ret: Type;
  /** Every local of the body, parameters first. */
  readonly locals: readonly ElabLocal[];
  readonly body: ElabBlock;
}

export interface ForeignFunction {
  readonly key: FunctionKey;
  readonly name: string;
  /** The library named in `foreign "lib"`: "c", "m", "lz4", ... */
  readonly library: string;
  readonly type: FunctionType;
  readonly symbol: FunctionSymbol;
}

export interface ElabGlobal {
  readonly key: string;
  readonly name: string;
  readonly file: string;
  readonly span: Span;
  readonly type: Type;
  readonly constant: boolean;
  readonly symbol: GlobalSymbol;
  /** Evaluated before `main`; undefined: zero. */
  readonly init: ElabExpr | undefined;
}

export interface FieldInfo {
  readonly name: string;
  readonly type: Type;
  readonly offset: number;
}

export interface StructInfo {
  readonly symbol: StructSymbol;
  readonly name: string;
  readonly fields: readonly FieldInfo[];
  readonly size: number;
  readonly align: number;
}

export interface EnumInfo {
  readonly symbol: EnumSymbol;
  readonly name: string;
  readonly backing: Type;
  readonly members: readonly { readonly name: string; readonly value: bigint }[];
}

// ------------------------------------------------------------------ expressions

interface ExprBase {
  readonly type: Type;
  readonly span: Span;
}

export type BinaryOp =
  | '+' | '-' | '*' | '/' | '%'
  | '&' | '|' | '^' | '<<' | '>>'
  | '==' | '!=' | '<' | '<=' | '>' | '>=';

export type BuiltinName =
  | 'print' | 'println' | 'eprint' | 'eprintln' | 'alloc' | 'free' | 'copy' | 'assert' | 'panic' | 'clock'
  | 'string_from' | 'cstring' | 'args' | 'heap_alloc' | 'heap_free' | 'heap_resize';

export type CallTarget =
  | { readonly kind: 'function'; readonly fn: FunctionKey }
  | { readonly kind: 'foreign'; readonly fn: FunctionKey }
  | { readonly kind: 'value'; readonly callee: ElabExpr };

export type ElabExpr =
  | (ExprBase & { readonly kind: 'int'; readonly value: bigint })
  | (ExprBase & { readonly kind: 'float'; readonly value: number })
  | (ExprBase & { readonly kind: 'bool'; readonly value: boolean })
  | (ExprBase & { readonly kind: 'string'; readonly value: string })
  | (ExprBase & { readonly kind: 'null' })
  /** The zero value of its type (fields and variables given no value). */
  | (ExprBase & { readonly kind: 'zero' })
  | (ExprBase & { readonly kind: 'local'; readonly local: ElabLocal })
  | (ExprBase & { readonly kind: 'global'; readonly global: string })
  | (ExprBase & { readonly kind: 'function'; readonly fn: FunctionKey })
  | (ExprBase & { readonly kind: 'context' })
  | (ExprBase & { readonly kind: 'unary'; readonly op: '-' | '!' | '~'; readonly operand: ElabExpr })
  | (ExprBase & { readonly kind: 'binary'; readonly op: BinaryOp; readonly left: ElabExpr; readonly right: ElabExpr })
  | (ExprBase & { readonly kind: 'logical'; readonly op: '&&' | '||'; readonly left: ElabExpr; readonly right: ElabExpr })
  | (ExprBase & { readonly kind: 'convert'; readonly value: ElabExpr; readonly implicit: boolean })
  | (ExprBase & { readonly kind: 'deref'; readonly pointer: ElabExpr })
  | (ExprBase & { readonly kind: 'address'; readonly place: ElabExpr })
  /** A field of a struct value (through a pointer: of a `deref`). */
  | (ExprBase & { readonly kind: 'field'; readonly object: ElabExpr; readonly index: number; readonly name: string })
  /** An element of an array, slice, string (a char) or pointer (C-style); the index is an i64. */
  | (ExprBase & { readonly kind: 'index'; readonly object: ElabExpr; readonly index: ElabExpr })
  /** A slice of an array, slice or string; bounds and step are i64s. */
  | (ExprBase & {
      readonly kind: 'slice'; readonly object: ElabExpr;
      readonly start: ElabExpr | undefined; readonly end: ElabExpr | undefined; readonly step: ElabExpr | undefined;
    })
  | (ExprBase & { readonly kind: 'len'; readonly object: ElabExpr })
  | (ExprBase & { readonly kind: 'data'; readonly object: ElabExpr })
  | (ExprBase & { readonly kind: 'call'; readonly target: CallTarget; readonly args: readonly ElabExpr[] })
  /** A builtin; `alloc` has the element type as `typeArg`. */
  | (ExprBase & { readonly kind: 'builtin'; readonly name: BuiltinName; readonly args: readonly ElabExpr[]; readonly typeArg: Type | undefined })
  | (ExprBase & { readonly kind: 'struct'; readonly fields: readonly ElabExpr[] })
  | (ExprBase & { readonly kind: 'array'; readonly elements: readonly ElabExpr[] });

// ------------------------------------------------------------------ statements

export interface ElabBlock {
  readonly kind: 'block';
  readonly statements: readonly ElabStmt[];
  readonly span: Span;
}

export type SwitchPattern =
  | { readonly kind: 'value'; readonly value: ElabExpr }
  | { readonly kind: 'range'; readonly lo: bigint; readonly hi: bigint };

export interface SwitchCase {
  readonly patterns: readonly SwitchPattern[];
  readonly body: ElabBlock;
}

interface StmtBase {
  readonly span: Span;
}

export type ElabStmt =
  | ElabBlock
  | (StmtBase & { readonly kind: 'expr'; readonly expr: ElabExpr })
  /** A local comes into scope; undefined init: zero. */
  | (StmtBase & { readonly kind: 'let'; readonly local: ElabLocal; readonly init: ElabExpr | undefined })
  | (StmtBase & { readonly kind: 'assign'; readonly target: ElabExpr; readonly value: ElabExpr })
  /** `target op= value`; the value has the target's type (a shift count: any integer type). */
  | (StmtBase & { readonly kind: 'compound'; readonly op: BinaryOp; readonly target: ElabExpr; readonly value: ElabExpr })
  | (StmtBase & { readonly kind: 'if'; readonly condition: ElabExpr; readonly then: ElabBlock; readonly otherwise: ElabBlock | undefined })
  | (StmtBase & { readonly kind: 'while'; readonly condition: ElabExpr; readonly body: ElabBlock })
  /** `for i, x in start..end` (`..=` inclusive); start and end have the item's type. */
  | (StmtBase & {
      readonly kind: 'for-range'; readonly index: ElabLocal | undefined; readonly item: ElabLocal;
      readonly start: ElabExpr; readonly end: ElabExpr; readonly inclusive: boolean; readonly body: ElabBlock;
    })
  /** `for i, x in xs` over an array, slice or string (a pointer to an array is dereferenced). */
  | (StmtBase & {
      readonly kind: 'for-each'; readonly index: ElabLocal | undefined; readonly item: ElabLocal;
      readonly iterable: ElabExpr; readonly body: ElabBlock;
    })
  | (StmtBase & { readonly kind: 'switch'; readonly value: ElabExpr; readonly cases: readonly SwitchCase[]; readonly otherwise: ElabBlock | undefined })
  | (StmtBase & { readonly kind: 'break' })
  | (StmtBase & { readonly kind: 'continue' })
  | (StmtBase & { readonly kind: 'return'; readonly value: ElabExpr | undefined })
  | (StmtBase & { readonly kind: 'defer'; readonly body: ElabStmt })
  | (StmtBase & { readonly kind: 'push-context'; readonly value: ElabExpr; readonly body: ElabBlock })
  | (StmtBase & { readonly kind: 'unreachable' });
