// Implicit conversions and their costs, the basis of overload resolution (docs/language.md,
// "Conversions and overload resolution"):
//
//   exact                                   0
//   literal to its default type (i64, f64)  1
//   literal to another type of its class    1.5
//   integer literal to a float type         1.8
//   widening                                2 + the distance on the lattice
//
// The lattice (seed 001) orders types by the values they hold: an integer widens to a wider
// integer that holds all its values (u8 -> i16, never i64 -> u64), a small integer to a float
// that holds it exactly (16 bits to f32, 32 bits to f64), f32 to f64. char and rune are u8 and
// u32 with a character's face; they convert to and from those at the cost of a widening.

import type { Ast } from '../syntax';
import { type Type, type IntType, sameType } from './types';

export type Conversion =
  | { readonly ok: true; readonly cost: number }
  | { readonly ok: false; readonly outOfRange?: string };

const EXACT: Conversion = { ok: true, cost: 0 };
const NO: Conversion = { ok: false };

/** Position of each numeric type on the widening lattice (distance = cost beyond 2). */
const RANK: Record<string, number> = { i8: 1, u8: 1, char: 1, i16: 2, u16: 2, i32: 3, u32: 3, rune: 3, i64: 4, u64: 4, f32: 5, f64: 6 };

export function intRange(t: IntType): { min: bigint; max: bigint } {
  const bits = BigInt(t.bits);
  return t.signed ? { min: -(1n << (bits - 1n)), max: (1n << (bits - 1n)) - 1n } : { min: 0n, max: (1n << bits) - 1n };
}

export function fitsIn(value: bigint, t: IntType): boolean {
  const { min, max } = intRange(t);
  return value >= min && value <= max;
}

export function rangeMessage(value: bigint, t: IntType): string {
  const { min, max } = intRange(t);
  return `${value} does not fit in ${t.name} (${min} to ${max})`;
}

/** Whether every value of integer type `from` is a value of `to`. */
function intWidens(from: IntType, to: IntType): boolean {
  if (from.signed === to.signed) return to.bits > from.bits || (to.bits === from.bits && from.name !== to.name);
  return !from.signed && to.signed && to.bits > from.bits;
}

/** The implicit conversion of a value of type `from` to type `to`, if there is one. */
export function convert(from: Type, to: Type): Conversion {
  if (from.kind === 'error' || to.kind === 'error' || from.kind === 'generic' || to.kind === 'generic') return EXACT;
  if (sameType(from, to)) return from.kind === 'untyped-int' ? NO : EXACT;
  switch (from.kind) {
    case 'untyped-int':
      if (to.kind === 'int') {
        if (from.value !== undefined && !fitsIn(from.value, to)) return { ok: false, outOfRange: rangeMessage(from.value, to) };
        return { ok: true, cost: to.name === 'i64' ? 1 : 1.5 };
      }
      if (to.kind === 'float') return { ok: true, cost: 1.8 };
      return NO;
    case 'untyped-float':
      return to.kind === 'float' ? { ok: true, cost: to.name === 'f64' ? 1 : 1.5 } : NO;
    case 'null':
      return to.kind === 'pointer' || to.kind === 'function' ? { ok: true, cost: 1 } : NO;
    case 'int':
      if (to.kind === 'int' && intWidens(from, to)) return { ok: true, cost: 2 + RANK[to.name]! - RANK[from.name]! };
      if (to.kind === 'float' && from.bits <= (to.bits === 32 ? 16 : 32)) return { ok: true, cost: 2 + RANK[to.name]! - RANK[from.name]! };
      return NO;
    case 'float':
      return to.kind === 'float' && to.bits > from.bits ? { ok: true, cost: 3 } : NO;
    case 'array':
      // An array converts to a slice of it (a view, no copy).
      return to.kind === 'slice' && sameType(from.element, to.element) ? { ok: true, cost: 2 } : NO;
    case 'pointer':
      // Any pointer converts to *void; the other way needs a cast.
      return to.kind === 'pointer' && to.to.kind === 'void' ? { ok: true, cost: 2 } : NO;
    default:
      return NO;
  }
}

/**
 * A string literal is NUL-terminated in memory, so it may also stand for a C string: where a
 * `*u8` (or `*char`, `*i8`, `*void`) is expected, it converts to its `.data`, at the cost of a
 * widening. A string value needs `.data` written: only a literal is known to end in NUL.
 */
export function literalToCString(e: Ast.Expr, to: Type): Conversion {
  let inner = e;
  while (inner.kind === 'paren') inner = inner.inner;
  return inner.kind === 'string' && isCStringPointer(to) ? { ok: true, cost: 2 } : NO;
}

/** A pointer C reads a NUL-terminated string through: `*u8`, `*i8`, `*char` or `*void`. */
export function isCStringPointer(to: Type): boolean {
  if (to.kind !== 'pointer') return false;
  const pointee = to.to;
  return pointee.kind === 'void' || (pointee.kind === 'int' && pointee.bits === 8);
}

/** The type both operands of an arithmetic or comparison operator are brought to. */
export function commonType(a: Type, b: Type): Type | undefined {
  if (sameType(a, b)) return a; // two untyped literals stay untyped: the checker folds them
  if (a.kind === 'untyped-int' && b.kind === 'untyped-float') return b;
  if (b.kind === 'untyped-int' && a.kind === 'untyped-float') return a;
  const ab = convert(a, b);
  const ba = convert(b, a);
  if (ab.ok && (!ba.ok || ab.cost <= ba.cost)) return b;
  if (ba.ok) return a;
  return undefined;
}

/**
 * An integer as the nearest f32 (ties to even), rounded once as the machine's conversion does.
 * `Math.fround(Number(v))` rounds twice, to f64 then to f32, and is wrong where the f64 lands
 * on an f32 midpoint that the integer is not on (2^63 + 2^39 + 1). Rounding to odd at 53 bits
 * first keeps the information that the value was above or below the midpoint.
 */
export function integerToF32(v: bigint): number {
  const n = v < 0n ? -v : v;
  const excess = n.toString(2).length - 53;
  if (excess <= 0) return Math.fround(Number(v));
  const shift = BigInt(excess);
  let q = n >> shift;
  if (q << shift !== n) q |= 1n;
  const f = Math.fround(Number(q) * 2 ** excess);
  return v < 0n ? -f : f;
}
