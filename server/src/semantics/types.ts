// Zolt's types as the checker sees them. Primitives are singletons, composite types are
// compared structurally and structs and enums nominally (by their symbol).

import type { EnumSymbol, FunctionSymbol, ModuleSymbol, StructSymbol } from './symbols';

export type IntName = 'i8' | 'i16' | 'i32' | 'i64' | 'u8' | 'u16' | 'u32' | 'u64' | 'char' | 'rune';

export interface IntType {
  readonly kind: 'int';
  readonly name: IntName;
  readonly bits: 8 | 16 | 32 | 64;
  readonly signed: boolean;
}

export interface FloatType {
  readonly kind: 'float';
  readonly name: 'f32' | 'f64';
  readonly bits: 32 | 64;
}

export interface SimpleType {
  readonly kind: 'bool' | 'void' | 'string' | 'null' | 'untyped-float' | 'error' | 'generic';
}

/** An integer literal before it has a type: it adapts to what is expected, else becomes i64. */
export interface UntypedIntType {
  readonly kind: 'untyped-int';
  /** The literal's value, when it is known (for range checks). */
  readonly value: bigint | undefined;
}

export interface PointerType {
  readonly kind: 'pointer';
  readonly to: Type;
}

export interface ArrayType {
  readonly kind: 'array';
  readonly length: number;
  readonly element: Type;
}

export interface SliceType {
  readonly kind: 'slice';
  readonly element: Type;
}

export interface FunctionType {
  readonly kind: 'function';
  readonly params: readonly Type[];
  readonly ret: Type;
  readonly variadic: boolean;
}

export interface StructType {
  readonly kind: 'struct';
  readonly symbol: StructSymbol;
}

export interface EnumType {
  readonly kind: 'enum';
  readonly symbol: EnumSymbol;
}

/** `lo..hi`: iterable in `for`, usable as a switch case. */
export interface RangeType {
  readonly kind: 'range';
  readonly element: Type;
}

/** A type used as a value: `alloc(u8, 64)`, `Mode.Free`. */
export interface TypeValue {
  readonly kind: 'type';
  readonly type: Type;
}

/** An aliased import used as a value: `geo.area(...)`. */
export interface ModuleValue {
  readonly kind: 'module';
  readonly symbol: ModuleSymbol;
}

/** A function name before overload resolution picks one member. */
export interface OverloadsValue {
  readonly kind: 'overloads';
  readonly name: string;
  readonly candidates: readonly FunctionSymbol[];
}

export type Type =
  | IntType
  | FloatType
  | SimpleType
  | UntypedIntType
  | PointerType
  | ArrayType
  | SliceType
  | FunctionType
  | StructType
  | EnumType
  | RangeType
  | TypeValue
  | ModuleValue
  | OverloadsValue;

const int = (name: IntName, bits: IntType['bits'], signed: boolean): IntType => ({ kind: 'int', name, bits, signed });

export const T = {
  i8: int('i8', 8, true),
  i16: int('i16', 16, true),
  i32: int('i32', 32, true),
  i64: int('i64', 64, true),
  u8: int('u8', 8, false),
  u16: int('u16', 16, false),
  u32: int('u32', 32, false),
  u64: int('u64', 64, false),
  char: int('char', 8, false),
  rune: int('rune', 32, false),
  f32: { kind: 'float', name: 'f32', bits: 32 } as FloatType,
  f64: { kind: 'float', name: 'f64', bits: 64 } as FloatType,
  bool: { kind: 'bool' } as SimpleType,
  void: { kind: 'void' } as SimpleType,
  string: { kind: 'string' } as SimpleType,
  null: { kind: 'null' } as SimpleType,
  untypedFloat: { kind: 'untyped-float' } as SimpleType,
  error: { kind: 'error' } as SimpleType,
  /** The type of an untyped parameter in a function checked without an instantiation. */
  generic: { kind: 'generic' } as SimpleType,
} as const;

export const untypedInt = (value: bigint | undefined): UntypedIntType => ({ kind: 'untyped-int', value });

/** The primitive types by name, as a file's scope sees them (a declaration may shadow them). */
export const PRIMITIVES: ReadonlyMap<string, Type> = new Map<string, Type>([
  ['i8', T.i8], ['i16', T.i16], ['i32', T.i32], ['i64', T.i64],
  ['u8', T.u8], ['u16', T.u16], ['u32', T.u32], ['u64', T.u64],
  ['char', T.char], ['rune', T.rune], ['f32', T.f32], ['f64', T.f64],
  ['bool', T.bool], ['void', T.void], ['string', T.string],
]);

export const pointerTo = (to: Type): PointerType => ({ kind: 'pointer', to });
export const sliceOf = (element: Type): SliceType => ({ kind: 'slice', element });

export function isNumeric(t: Type): t is IntType | FloatType {
  return t.kind === 'int' || t.kind === 'float';
}

/**
 * Types that silence follow-on errors: an error already reported, or an uninstantiated generic,
 * also inside a composite type (`fn() -> T` whose T is unknown was reported where T failed).
 * Such a type never reaches a message, a hover or an inlay hint.
 */
export function isPoison(t: Type): boolean {
  switch (t.kind) {
    case 'error':
    case 'generic':
      return true;
    case 'pointer':
      return isPoison(t.to);
    case 'array':
    case 'slice':
    case 'range':
      return isPoison(t.element);
    case 'function':
      return isPoison(t.ret) || t.params.some(isPoison);
    case 'type':
      return isPoison(t.type);
    default:
      return false;
  }
}

export function sameType(a: Type, b: Type): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'int':
    case 'float':
      return a.name === (b as IntType | FloatType).name;
    case 'pointer':
      return sameType(a.to, (b as PointerType).to);
    case 'slice':
      return sameType(a.element, (b as SliceType).element);
    case 'array':
      return a.length === (b as ArrayType).length && sameType(a.element, (b as ArrayType).element);
    case 'function': {
      const f = b as FunctionType;
      return a.variadic === f.variadic && sameType(a.ret, f.ret) && a.params.length === f.params.length
        && a.params.every((p, i) => sameType(p, f.params[i]!));
    }
    case 'struct':
      return a.symbol === (b as StructType).symbol;
    case 'enum':
      return a.symbol === (b as EnumType).symbol;
    case 'range':
      return sameType(a.element, (b as RangeType).element);
    case 'type':
      return sameType(a.type, (b as TypeValue).type);
    case 'untyped-int':
      return true;
    default:
      return true; // the remaining kinds are singletons of their kind
  }
}

/** The type a literal takes when nothing is expected of it. */
export function defaultType(t: Type): Type {
  if (t.kind === 'untyped-int') return T.i64;
  if (t.kind === 'untyped-float') return T.f64;
  return t;
}

/**
 * A key that tells types apart exactly: as `typeToString`, but a struct or enum by its symbol's
 * key (two files may each declare a `Vec`).
 */
export function typeKey(t: Type): string {
  switch (t.kind) {
    case 'struct':
    case 'enum':
      return `${t.symbol.name}@${t.symbol.key}`;
    case 'pointer':
      return `*${typeKey(t.to)}`;
    case 'array':
      return `[${t.length}]${typeKey(t.element)}`;
    case 'slice':
      return `[]${typeKey(t.element)}`;
    case 'function':
      return `fn(${t.params.map(typeKey).join(',')}${t.variadic ? ',...' : ''})->${typeKey(t.ret)}`;
    default:
      return typeToString(t);
  }
}

export function typeToString(t: Type): string {
  switch (t.kind) {
    case 'int':
    case 'float':
      return t.name;
    case 'bool':
    case 'void':
    case 'string':
      return t.kind;
    case 'null':
      return 'null';
    case 'untyped-int':
      return 'i64'; // a literal shows as the type it takes when nothing else is expected
    case 'untyped-float':
      return 'f64';
    case 'error':
      return '{unknown}';
    case 'generic':
      return '{generic}';
    case 'pointer':
      return `*${typeToString(t.to)}`;
    case 'array':
      return `[${t.length}]${typeToString(t.element)}`;
    case 'slice':
      return `[]${typeToString(t.element)}`;
    case 'function': {
      const params = t.params.map(typeToString);
      if (t.variadic) params.push('...');
      return `fn(${params.join(', ')})${t.ret.kind === 'void' ? '' : ` -> ${typeToString(t.ret)}`}`;
    }
    case 'struct':
    case 'enum':
      return t.symbol.name;
    case 'range':
      return `range of ${typeToString(t.element)}`;
    case 'type':
      return `type ${typeToString(t.type)}`;
    case 'module':
      return `module ${t.symbol.name}`;
    case 'overloads':
      return t.candidates.length === 1 ? `function '${t.name}'` : `overload set '${t.name}' (${t.candidates.length} functions)`;
  }
}
