// The typed AST: what every layer above syntax reads. It is lowered from the tree-sitter CST
// one top-level item at a time (see lower.ts), so that an edit re-lowers only the items it
// touches and every other item keeps its AST objects, and with them every result cached on them.
//
// Positions: a node's `span` is relative to the start of its top-level item (`Item.start` is
// absolute). An edit before an item then only moves that one number, and a node's `id` (its
// pre-order index within the item) stays valid as long as the item's text is unchanged.

export interface Span {
  /** Offset of the first UTF-16 code unit, relative to the enclosing top-level item. */
  readonly start: number;
  /** Offset just past the last code unit, relative to the enclosing top-level item. */
  readonly end: number;
}

interface Node {
  /** Pre-order index within the top-level item; stable while the item's text is unchanged. */
  readonly id: number;
  readonly span: Span;
}

export interface Name extends Node {
  readonly kind: 'name';
  readonly text: string;
  /** The parser inserted this name to recover from an error; it has no text. */
  readonly missing: boolean;
}

// ------------------------------------------------------------------------ items

/** A top-level item: its absolute start, its text length and its lowered declaration. */
export interface Item {
  /** Absolute offset of the item (its doc comments included) in the file. */
  start: number;
  /** Length of the item's text, doc comments included. */
  readonly length: number;
  readonly decl: Decl;
  /** Whether the item's CST contains ERROR or MISSING nodes. */
  readonly hasSyntaxErrors: boolean;
}

export type Decl =
  | ImportDecl
  | FunctionDecl
  | StructDecl
  | EnumDecl
  | ConstDecl
  | VarDecl
  | ForeignBlock
  | ErrorDecl;

export interface ImportDecl extends Node {
  readonly kind: 'import';
  readonly alias: Name | undefined;
  /** The path as written, escapes resolved. */
  readonly path: string;
  readonly pathSpan: Span;
}

export interface Param extends Node {
  readonly kind: 'param';
  readonly name: Name;
  /** Absent for an untyped (generic) parameter. */
  readonly type: TypeExpr | undefined;
}

export interface FunctionDecl extends Node {
  readonly kind: 'function';
  readonly name: Name;
  readonly params: readonly Param[];
  /** `...` in the parameter list (allowed in foreign declarations only). */
  readonly variadic: Span | undefined;
  readonly returnType: TypeExpr | undefined;
  /** Absent for a foreign declaration. */
  readonly body: Block | undefined;
  readonly doc: string | undefined;
  /** The library of a foreign declaration (`foreign "c" { ... }`). */
  readonly foreign: string | undefined;
}

export interface FieldDecl extends Node {
  readonly kind: 'field';
  readonly name: Name;
  readonly type: TypeExpr;
  readonly value: Expr | undefined;
}

export interface StructDecl extends Node {
  readonly kind: 'struct';
  readonly name: Name;
  readonly fields: readonly FieldDecl[];
  readonly doc: string | undefined;
}

export interface EnumMember extends Node {
  readonly kind: 'enum-member';
  readonly name: Name;
  readonly value: Expr | undefined;
}

export interface EnumDecl extends Node {
  readonly kind: 'enum';
  readonly name: Name;
  readonly backing: TypeExpr | undefined;
  readonly members: readonly EnumMember[];
  readonly doc: string | undefined;
}

export interface ConstDecl extends Node {
  readonly kind: 'const';
  readonly name: Name;
  readonly type: TypeExpr | undefined;
  readonly value: Expr;
  readonly doc: string | undefined;
}

export interface VarDecl extends Node {
  readonly kind: 'var';
  readonly name: Name;
  readonly type: TypeExpr | undefined;
  readonly value: Expr | undefined;
  readonly doc: string | undefined;
}

export interface ForeignBlock extends Node {
  readonly kind: 'foreign';
  readonly library: string;
  readonly librarySpan: Span;
  readonly functions: readonly FunctionDecl[];
}

/** Text at the top level that is no declaration (the parser's ERROR node). */
export interface ErrorDecl extends Node {
  readonly kind: 'error-decl';
  /** Statements found inside the error, still analysed so that names in them resolve. */
  readonly statements: readonly Stmt[];
}

// ------------------------------------------------------------------------ types

export type TypeExpr = NamedType | PointerType | ArrayType | SliceType | FunctionType | ErrorType;

export interface NamedType extends Node {
  readonly kind: 'named-type';
  /** The module alias of `geo.Vec2`. */
  readonly module: Name | undefined;
  readonly name: Name;
}

export interface PointerType extends Node {
  readonly kind: 'pointer-type';
  readonly pointee: TypeExpr;
}

export interface ArrayType extends Node {
  readonly kind: 'array-type';
  readonly length: Expr;
  readonly element: TypeExpr;
}

export interface SliceType extends Node {
  readonly kind: 'slice-type';
  readonly element: TypeExpr;
}

export interface FunctionType extends Node {
  readonly kind: 'function-type';
  readonly params: readonly TypeExpr[];
  readonly variadic: boolean;
  readonly returnType: TypeExpr | undefined;
}

export interface ErrorType extends Node {
  readonly kind: 'error-type';
}

// ------------------------------------------------------------------------ statements

export type Stmt =
  | Block
  | ExprStmt
  | LocalStmt
  | IfStmt
  | WhileStmt
  | ForStmt
  | SwitchStmt
  | BreakStmt
  | ContinueStmt
  | ReturnStmt
  | DeferStmt
  | UsingStmt
  | UnreachableStmt
  | PushContextStmt
  | DeclStmt
  | EmptyStmt
  | ErrorStmt;

export interface Block extends Node {
  readonly kind: 'block';
  readonly statements: readonly Stmt[];
}

export interface ExprStmt extends Node {
  readonly kind: 'expr-stmt';
  readonly expr: Expr;
}

/** `var` or `const` inside a function. */
export interface LocalStmt extends Node {
  readonly kind: 'local';
  readonly decl: VarDecl | ConstDecl;
}

/** A nested function, struct or enum. */
export interface DeclStmt extends Node {
  readonly kind: 'decl-stmt';
  readonly decl: FunctionDecl | StructDecl | EnumDecl;
}

export interface IfStmt extends Node {
  readonly kind: 'if';
  readonly condition: Expr;
  readonly then: Block;
  readonly otherwise: Block | IfStmt | undefined;
}

export interface WhileStmt extends Node {
  readonly kind: 'while';
  readonly condition: Expr;
  readonly body: Block;
}

export interface ForStmt extends Node {
  readonly kind: 'for';
  readonly index: Name | undefined;
  readonly item: Name;
  readonly iterable: Expr;
  readonly body: Block;
}

export interface SwitchCase extends Node {
  readonly kind: 'case';
  readonly values: readonly Expr[];
  readonly body: Block;
}

export interface SwitchStmt extends Node {
  readonly kind: 'switch';
  readonly value: Expr;
  readonly cases: readonly SwitchCase[];
  /** The `else` arm: its body, and the span of the `else` keyword. */
  readonly otherwise: { readonly body: Block; readonly span: Span } | undefined;
}

export interface BreakStmt extends Node {
  readonly kind: 'break';
}

export interface ContinueStmt extends Node {
  readonly kind: 'continue';
}

export interface ReturnStmt extends Node {
  readonly kind: 'return';
  readonly value: Expr | undefined;
}

export interface DeferStmt extends Node {
  readonly kind: 'defer';
  readonly body: Block | ExprStmt;
}

export interface UsingStmt extends Node {
  readonly kind: 'using';
  readonly value: Expr;
}

export interface UnreachableStmt extends Node {
  readonly kind: 'unreachable';
}

export interface PushContextStmt extends Node {
  readonly kind: 'push-context';
  readonly value: Expr;
  readonly body: Block;
}

export interface EmptyStmt extends Node {
  readonly kind: 'empty';
}

/** Text the parser could not read as a statement. */
export interface ErrorStmt extends Node {
  readonly kind: 'error-stmt';
  /** Expressions recovered inside the error, analysed for name resolution only. */
  readonly exprs: readonly Expr[];
}

// ------------------------------------------------------------------------ expressions

export type Expr =
  | NameExpr
  | IntLiteral
  | FloatLiteral
  | StringLiteral
  | CharLiteral
  | BoolLiteral
  | NullLiteral
  | ContextExpr
  | BinaryExpr
  | AssignExpr
  | RangeExpr
  | CastExpr
  | UnaryExpr
  | CallExpr
  | IndexExpr
  | SliceExpr
  | MemberExpr
  | ImplicitMemberExpr
  | ParenExpr
  | StructLiteral
  | ArrayLiteral
  | TypeValueExpr
  | ErrorExpr;

export interface NameExpr extends Node {
  readonly kind: 'name-expr';
  readonly name: Name;
}

export interface IntLiteral extends Node {
  readonly kind: 'int';
  /** The value, or undefined when the literal is malformed (reported by the syntax layer). */
  readonly value: bigint | undefined;
}

export interface FloatLiteral extends Node {
  readonly kind: 'float';
  readonly value: number;
}

export interface StringLiteral extends Node {
  readonly kind: 'string';
  /** The value with escapes resolved (invalid escapes are kept as written and reported). */
  readonly value: string;
}

export interface CharLiteral extends Node {
  readonly kind: 'char';
  /** The Unicode scalar value, or undefined when the literal is malformed. */
  readonly value: number | undefined;
}

export interface BoolLiteral extends Node {
  readonly kind: 'bool';
  readonly value: boolean;
}

export interface NullLiteral extends Node {
  readonly kind: 'null';
}

export interface ContextExpr extends Node {
  readonly kind: 'context';
}

export type BinaryOperator =
  | '||' | '&&'
  | '==' | '!=' | '<' | '<=' | '>' | '>='
  | '|' | '^' | '&' | '<<' | '>>'
  | '+' | '-' | '*' | '/' | '%';

export interface BinaryExpr extends Node {
  readonly kind: 'binary';
  readonly operator: BinaryOperator;
  readonly operatorSpan: Span;
  readonly left: Expr;
  readonly right: Expr;
}

export type AssignOperator = '=' | '+=' | '-=' | '*=' | '/=' | '%=' | '&=' | '|=' | '^=' | '<<=' | '>>=';

export interface AssignExpr extends Node {
  readonly kind: 'assign';
  readonly operator: AssignOperator;
  readonly operatorSpan: Span;
  readonly target: Expr;
  readonly value: Expr;
}

export interface RangeExpr extends Node {
  readonly kind: 'range';
  readonly inclusive: boolean;
  readonly start: Expr;
  readonly end: Expr;
}

export interface CastExpr extends Node {
  readonly kind: 'cast';
  readonly value: Expr;
  readonly type: TypeExpr;
}

export type UnaryOperator = '-' | '!' | '~' | '*' | '&';

export interface UnaryExpr extends Node {
  readonly kind: 'unary';
  readonly operator: UnaryOperator;
  readonly operand: Expr;
}

export interface CallExpr extends Node {
  readonly kind: 'call';
  readonly callee: Expr;
  readonly args: readonly Expr[];
  /** The span of the argument list, parentheses included (signature help, arity errors). */
  readonly argsSpan: Span;
}

export interface IndexExpr extends Node {
  readonly kind: 'index';
  readonly object: Expr;
  readonly index: Expr;
}

export interface SliceExpr extends Node {
  readonly kind: 'slice';
  readonly object: Expr;
  readonly start: Expr | undefined;
  readonly end: Expr | undefined;
  readonly step: Expr | undefined;
}

export interface MemberExpr extends Node {
  readonly kind: 'member';
  readonly object: Expr;
  readonly member: Name;
}

export interface ImplicitMemberExpr extends Node {
  readonly kind: 'implicit-member';
  readonly member: Name;
}

export interface ParenExpr extends Node {
  readonly kind: 'paren';
  readonly inner: Expr;
}

export interface FieldInit extends Node {
  readonly kind: 'field-init';
  /** Absent for a positional field. */
  readonly name: Name | undefined;
  readonly value: Expr;
}

export interface StructLiteral extends Node {
  readonly kind: 'struct-literal';
  /** The struct's name: a name expression or a member chain (`geo.Vec2`). */
  readonly type: NameExpr | MemberExpr;
  readonly fields: readonly FieldInit[];
}

export interface ArrayLiteral extends Node {
  readonly kind: 'array-literal';
  readonly elements: readonly Expr[];
}

/** A slice, array or function type where a value is expected: `alloc([]u8, n)`. */
export interface TypeValueExpr extends Node {
  readonly kind: 'type-value';
  readonly type: SliceType | ArrayType | FunctionType;
}

export interface ErrorExpr extends Node {
  readonly kind: 'error-expr';
}
