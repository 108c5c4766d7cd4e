// The scalar types of the generated programs and their run-time semantics, written down again
// from docs/language.md ("Execution") independently of the interpreter: wrapping integer
// arithmetic on BigInts, truncating division, shifts whose count is read as unsigned, casts
// (float to integer truncating and saturating, NaN to 0; integer to float rounded once, to
// nearest even), f32 arithmetic rounded after every operation, and the print formats. The
// oracle (oracle.ts) evaluates generated expressions with these functions, so what the
// interpreter prints is checked against the language's definition, not only against itself.

export type IntType = 'i8' | 'i16' | 'i32' | 'i64' | 'u8' | 'u16' | 'u32' | 'u64';
export type FloatType = 'f32' | 'f64';
export type NumType = IntType | FloatType;
export type ScalarType = NumType | 'bool';
export type Value = bigint | number | boolean;

export const INT_TYPES: readonly IntType[] = ['i8', 'i16', 'i32', 'i64', 'u8', 'u16', 'u32', 'u64'];
export const FLOAT_TYPES: readonly FloatType[] = ['f32', 'f64'];
export const NUM_TYPES: readonly NumType[] = [...INT_TYPES, ...FLOAT_TYPES];

export function isInt(t: ScalarType): t is IntType {
  return (INT_TYPES as readonly string[]).includes(t);
}

export function isFloat(t: ScalarType): t is FloatType {
  return t === 'f32' || t === 'f64';
}

export function width(t: IntType): number {
  return Number(t.slice(1));
}

export function signed(t: IntType): boolean {
  return t.startsWith('i');
}

export function minOf(t: IntType): bigint {
  return signed(t) ? -(1n << BigInt(width(t) - 1)) : 0n;
}

export function maxOf(t: IntType): bigint {
  return signed(t) ? (1n << BigInt(width(t) - 1)) - 1n : (1n << BigInt(width(t))) - 1n;
}

/** The low bits of an exact result, as a value of `t`. */
export function wrap(t: IntType, v: bigint): bigint {
  return signed(t) ? BigInt.asIntN(width(t), v) : BigInt.asUintN(width(t), v);
}

// ------------------------------------------------------------------ implicit conversions

/** Position on the lattice `i8, u8 < i16, u16 < i32, u32 < i64, u64 < f32 < f64`. */
function rank(t: NumType): number {
  if (t === 'f32') return 4;
  if (t === 'f64') return 5;
  return Math.log2(width(t)) - 3;
}

/** Whether a value of `from` converts implicitly to `to` (docs/language.md, the cost table). */
export function convertsImplicitly(from: ScalarType, to: ScalarType): boolean {
  if (from === to) return true;
  if (from === 'bool' || to === 'bool') return false;
  if (isInt(from) && isInt(to)) {
    if (width(to) <= width(from)) return false;
    return signed(to) || !signed(from);
  }
  if (isInt(from) && isFloat(to)) return width(from) <= (to === 'f32' ? 16 : 32);
  return from === 'f32' && to === 'f64' && rank(to) > rank(from);
}

// ------------------------------------------------------------------ operations

export type ArithOp = '+' | '-' | '*' | '/' | '%' | '&' | '|' | '^' | '<<' | '>>';
export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=';

export function intBinary(t: IntType, op: ArithOp, a: bigint, b: bigint, countType: IntType = t): bigint {
  switch (op) {
    case '+':
      return wrap(t, a + b);
    case '-':
      return wrap(t, a - b);
    case '*':
      return wrap(t, a * b);
    case '/':
      if (b === 0n) throw new Error('division by zero in the oracle');
      return wrap(t, a / b); // BigInt division truncates toward zero
    case '%':
      if (b === 0n) throw new Error('division by zero in the oracle');
      return wrap(t, a % b); // the sign of the dividend
    case '&':
      return wrap(t, a & b);
    case '|':
      return wrap(t, a | b);
    case '^':
      return wrap(t, a ^ b);
    case '<<':
    case '>>':
      return shift(t, op, a, BigInt.asUintN(width(countType), b));
  }
}

function shift(t: IntType, op: '<<' | '>>', a: bigint, count: bigint): bigint {
  if (count >= BigInt(width(t))) return op === '>>' && a < 0n ? -1n : 0n;
  return op === '<<' ? wrap(t, a << count) : a >> count; // arithmetic for signed (a < 0), logical for unsigned
}

export function floatBinary(t: FloatType, op: ArithOp, a: number, b: number): number {
  let r: number;
  switch (op) {
    case '+':
      r = a + b;
      break;
    case '-':
      r = a - b;
      break;
    case '*':
      r = a * b;
      break;
    case '/':
      r = a / b;
      break;
    default:
      throw new Error(`${op} on floats`);
  }
  return t === 'f32' ? Math.fround(r) : r;
}

export function compare(op: CompareOp, a: Value, b: Value): boolean {
  switch (op) {
    case '==':
      return a === b;
    case '!=':
      return a !== b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
  }
}

// ------------------------------------------------------------------ casts

/** `v as to`, for a value of type `from`. */
export function cast(from: ScalarType, to: ScalarType, v: Value): Value {
  if (to === 'bool') throw new Error('cast to bool');
  if (typeof v === 'boolean') {
    if (!isInt(to)) throw new Error('bool casts to integers only');
    return v ? 1n : 0n;
  }
  if (typeof v === 'bigint') return isInt(to) ? wrap(to, v) : intToFloat(v, to as FloatType);
  if (isInt(to)) return floatToInt(v, to);
  return to === 'f32' && from === 'f64' ? Math.fround(v) : v;
}

/** Truncates toward zero and saturates; NaN is 0. */
export function floatToInt(v: number, t: IntType): bigint {
  if (Number.isNaN(v)) return 0n;
  if (v === Infinity) return maxOf(t);
  if (v === -Infinity) return minOf(t);
  const truncated = BigInt(Math.trunc(v));
  if (truncated < minOf(t)) return minOf(t);
  if (truncated > maxOf(t)) return maxOf(t);
  return truncated;
}

/** An integer rounded once to the nearest float of `t` (ties to even). */
export function intToFloat(v: bigint, t: FloatType): number {
  if (t === 'f64') return Number(v); // Number(bigint) rounds to nearest, ties to even
  return roundToF32(v);
}

/** Rounds an integer to f32 directly: going through f64 first would round twice. */
function roundToF32(v: bigint): number {
  const negative = v < 0n;
  let m = negative ? -v : v;
  const bits = m.toString(2).length;
  if (bits <= 24) return negative ? -Number(m) : Number(m);
  const drop = BigInt(bits - 24);
  const kept = m >> drop;
  const rest = m - (kept << drop);
  const half = 1n << (drop - 1n);
  let rounded = kept;
  if (rest > half || (rest === half && (kept & 1n) === 1n)) rounded += 1n;
  m = rounded << drop;
  const result = Math.fround(Number(m)); // m has at most 25 significant bits: exact in f64
  return negative ? -result : result;
}

// ------------------------------------------------------------------ printing

/**
 * How print writes a float: the shortest decimal that reads back to the same value of its
 * type, in JavaScript's notation (`1e+21`, `1.5e-7`), and `NaN`, `inf`, `-inf`, `-0`.
 */
export function formatFloat(t: FloatType, x: number): string {
  if (x !== x) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (Object.is(x, -0)) return '-0';
  return String(t === 'f64' ? x : shortestF32(x));
}

/** The decimal with the fewest significant digits that rounds to the f32 `x`. */
function shortestF32(x: number): number {
  let digits = 1;
  while (Math.fround(Number(x.toExponential(digits - 1))) !== x) digits++;
  return Number(x.toExponential(digits - 1));
}

export function formatValue(t: ScalarType, v: Value): string {
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'bigint') return String(v);
  return formatFloat(t as FloatType, v);
}

// ------------------------------------------------------------------ literals

/** Zolt source for a number that a literal of type `t` holds (negative ones parenthesised). */
export function literalText(t: NumType, v: bigint | number, hex = false): string {
  if (typeof v === 'bigint') {
    if (hex && v >= 0n) return `0x${v.toString(16).toUpperCase()}`;
    return v < 0n ? `(${v})` : String(v);
  }
  if (!Number.isFinite(v)) throw new Error('no literal for a non-finite float');
  const text = floatText(Math.abs(v));
  void t;
  return v < 0 || Object.is(v, -0) ? `(-${text})` : text;
}

function floatText(x: number): string {
  const s = String(x).replace('e+', 'e');
  return /[.e]/.test(s) ? s : `${s}.0`;
}
