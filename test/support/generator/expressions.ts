// Scalar expressions: a small tree, generated from the type it must have, rendered as Zolt and
// evaluated with the reference semantics of scalars.ts.
//
// Well-typedness by construction: both operands of an arithmetic operator or a comparison have
// the same type (an operand of a narrower type is wrapped in `widen`, an implicit conversion
// the checker accepts, so the elaborator's conversions are exercised too); shift counts are
// of any integer type; casts go between numeric types or from bool. Literals never meet
// literals: a literal is only ever the right operand of an operator whose left operand reads
// a variable (constant folding is exact, so `200 + 100` would not fit a u8), and it always
// fits the type it meets. No expression can trap: a divisor is a non-zero literal or
// `(e | 1)`, which is never 0 (and is -1 when e is -1 or -2, so the minimum / -1 case comes up,
// more often through the `min_*` and `neg_*` variables the oracle declares), constant shift
// counts are below 64, and there is no indexing. Every compound form is parenthesised, so the
// rendering never depends on precedence.

import type { Random } from './random';
import {
  cast, compare, convertsImplicitly, floatBinary, intBinary, isFloat, isInt, literalText, maxOf, minOf, wrap,
  INT_TYPES, NUM_TYPES, width, signed,
  type ArithOp, type CompareOp, type FloatType, type IntType, type NumType, type ScalarType, type Value,
} from './scalars';

export type MathFn = 'sqrt' | 'floor' | 'ceil' | 'abs' | 'min' | 'max';

export type Expr =
  | { readonly kind: 'var'; readonly type: ScalarType; readonly name: string }
  | { readonly kind: 'lit'; readonly type: ScalarType; readonly value: Value; readonly text: string }
  | { readonly kind: 'binary'; readonly type: NumType; readonly op: ArithOp; readonly left: Expr; readonly right: Expr }
  | { readonly kind: 'unary'; readonly type: ScalarType; readonly op: '-' | '~' | '!'; readonly operand: Expr }
  | { readonly kind: 'compare'; readonly type: 'bool'; readonly op: CompareOp; readonly left: Expr; readonly right: Expr }
  | { readonly kind: 'logic'; readonly type: 'bool'; readonly op: '&&' | '||'; readonly left: Expr; readonly right: Expr }
  | { readonly kind: 'cast'; readonly type: ScalarType; readonly operand: Expr }
  | { readonly kind: 'widen'; readonly type: ScalarType; readonly operand: Expr }
  | { readonly kind: 'math'; readonly type: NumType; readonly fn: MathFn; readonly args: readonly Expr[] }
  | { readonly kind: 'tick'; readonly type: 'bool'; readonly id: number; readonly operand: Expr }
  | { readonly kind: 'call'; readonly type: ScalarType; readonly fn: string; readonly args: readonly Expr[] };

export interface Variable {
  readonly name: string;
  readonly type: ScalarType;
}

/** A function the expressions may call: scalar parameters, a scalar result. */
export interface Callable {
  readonly name: string;
  readonly params: readonly ScalarType[];
  readonly result: ScalarType;
  /** The first parameter is a recursion depth: calls pass a small value. */
  readonly depthFirst: boolean;
}

export interface ExprScope {
  readonly rng: Random;
  /** Variables (and other readable scalar places, such as `s.field`) of each type. */
  readonly vars: readonly Variable[];
  readonly callables: readonly Callable[];
  /** Whether `tick(n, b)` calls (a side effect on a global) may appear under && and ||. */
  readonly ticks: boolean;
  /** Called for every variable an expression reads. */
  readonly use: (name: string) => void;
  /** Numbers the tick calls. */
  readonly nextTick: () => number;
}

export const TICK_FUNCTION = 'tick';
export const TICK_GLOBAL = 'g_ticks';

// ------------------------------------------------------------------ interesting values

function interestingInt(rng: Random, t: IntType): bigint {
  const min = minOf(t);
  const max = maxOf(t);
  const w = BigInt(width(t));
  return rng.weighted<() => bigint>([
    [() => BigInt(rng.between(-9, 9)), 4],
    [() => rng.pick([min, max, min + 1n, max - 1n, 0n, 1n]), 3],
    [() => (1n << BigInt(rng.below(Number(w)))) + BigInt(rng.between(-1, 1)), 2],
    [() => BigInt(rng.between(-100000, 100000)), 2],
    [() => rng.bits64(), 2],
  ])();
}

/** An integer of `t` (wrapped into its range). */
export function intValue(rng: Random, t: IntType): bigint {
  return wrap(t, interestingInt(rng, t));
}

export function floatValue(rng: Random, t: FloatType): number {
  const v = rng.weighted<() => number>([
    [() => rng.between(-20, 20) / 4, 4],
    [() => rng.pick([0, -0, 0.1, 0.5, 1, -1, 1.5, 2.5, -2.5, 255.9, 256, 65535.5, 2147483647.5, -2147483649]), 3],
    [() => rng.pick([1e10, -1e10, 1e19, 2e19, -9.3e18, 9.2e18, 1.8446744073709552e19, 3.4e38, 1e-7, 5e-324, 1e300, -1e300]), 2],
    [() => (rng.next() - 2147483648) / rng.between(1, 1000), 2],
  ])();
  const r = t === 'f32' ? Math.fround(v) : v;
  return Number.isFinite(r) ? r : 1.5;
}

export function literal(rng: Random, t: ScalarType): Expr {
  if (t === 'bool') {
    const value = rng.chance(0.5);
    return { kind: 'lit', type: t, value, text: String(value) };
  }
  if (isInt(t)) {
    const value = intValue(rng, t);
    return { kind: 'lit', type: t, value, text: literalText(t, value, rng.chance(0.1)) };
  }
  if (rng.chance(0.2)) {
    const n = rng.between(-50, 50); // an integer literal becomes a float
    return { kind: 'lit', type: t, value: n, text: n < 0 ? `(${n})` : String(n) };
  }
  const value = floatValue(rng, t);
  return { kind: 'lit', type: t, value, text: literalText(t, value) };
}

// ------------------------------------------------------------------ generation

/** An expression of type `t`; `constantOk` allows it to be a bare literal. */
export function generate(scope: ExprScope, t: ScalarType, depth: number, constantOk = false): Expr {
  const { rng } = scope;
  if (constantOk && rng.chance(0.25)) return literal(rng, t);
  if (depth <= 0 || rng.chance(0.15)) return leaf(scope, t);
  if (t === 'bool') return boolExpr(scope, depth);
  if (isInt(t)) return intExpr(scope, t, depth);
  return floatExpr(scope, t as FloatType, depth);
}

/** A variable of type `t`, or a cast of one of another type when there is none. */
function leaf(scope: ExprScope, t: ScalarType): Expr {
  const { rng } = scope;
  const read = (v: Variable): Expr => {
    scope.use(v.name);
    return { kind: 'var', type: v.type, name: v.name };
  };
  const same = scope.vars.filter((v) => v.type === t);
  if (same.length > 0 && (rng.chance(0.85) || t === 'bool')) return read(rng.pick(same));
  if (t === 'bool') {
    const value = read(rng.pick(scope.vars));
    return { kind: 'compare', type: 'bool', op: '==', left: value, right: value };
  }
  const numbers = scope.vars.filter((v) => v.type !== 'bool');
  if (numbers.length > 0) return { kind: 'cast', type: t, operand: read(rng.pick(numbers)) };
  const asInt: Expr = { kind: 'cast', type: 'i32', operand: read(rng.pick(scope.vars)) }; // bool casts to integers only
  return t === 'i32' ? asInt : { kind: 'cast', type: t, operand: asInt };
}

function intExpr(scope: ExprScope, t: IntType, depth: number): Expr {
  const { rng } = scope;
  const d = depth - 1;
  const production = rng.weighted<() => Expr>([
    [() => extend(scope, generate(scope, t, d), t, d), 10],
    [() => ({ kind: 'unary', type: t, op: rng.pick(['-', '~'] as const), operand: explicit(generate(scope, t, d)) }), 1],
    [() => castFrom(scope, t, d), 3],
    [() => widened(scope, t, d), 1],
    [() => intMath(scope, t, d), t === 'i64' ? 1 : 0],
    [() => callOf(scope, t, d), 2],
    [() => minusOne(scope, t), signed(t) ? 0.3 : 0],
  ]);
  return production();
}

function floatExpr(scope: ExprScope, t: FloatType, depth: number): Expr {
  const { rng } = scope;
  const d = depth - 1;
  const production = rng.weighted<() => Expr>([
    [() => extend(scope, generate(scope, t, d), t, d), 6],
    [() => ({ kind: 'unary', type: t, op: '-', operand: explicit(generate(scope, t, d)) }), 1],
    [() => castFrom(scope, t, d), 3],
    [() => widened(scope, t, d), 1],
    [() => floatMath(scope, t, d), 2],
    [() => callOf(scope, t, d), 2],
  ]);
  return production();
}

export type Binary = Extract<Expr, { kind: 'binary' }>;

/**
 * `(left op e)` of type `t`, the operator and `e` chosen to suit each other: arithmetic and
 * bitwise operators with an operand of `t` (or a literal), `/` and `%` with a divisor that is
 * not zero, shifts with a count of any integer type.
 */
export function extend(scope: ExprScope, left: Expr, t: NumType, d: number): Binary {
  const { rng } = scope;
  if (isFloat(t)) return arith(scope, left, t, rng.pick(['+', '-', '*', '/'] as const), d);
  return rng.weighted<() => Binary>([
    [() => arith(scope, left, t, rng.pick(['+', '-', '*', '&', '|', '^'] as const), d), 6],
    [() => division(scope, explicit(left), t, d), 2],
    [() => shiftExpr(scope, explicit(left), t, d), 2],
  ])();
}

function boolExpr(scope: ExprScope, depth: number): Expr {
  const { rng } = scope;
  const d = depth - 1;
  const production = rng.weighted<() => Expr>([
    [() => comparison(scope, d), 5],
    [() => logic(scope, d), 3],
    [() => ({ kind: 'unary', type: 'bool', op: '!', operand: generate(scope, 'bool', d) }), 1],
    [() => callOf(scope, 'bool', d), 1],
  ]);
  return production();
}

function arith(scope: ExprScope, first: Expr, t: NumType, op: ArithOp, d: number): Binary {
  const [left, right] = operands(first, generate(scope, t, d, true));
  return { kind: 'binary', type: t, op, left, right };
}

/**
 * Operands that meet at the type the tree says. An implicit conversion is written only where
 * the checker makes it: beside an operand of the wider type itself. Beside a literal (which
 * would take the narrower type) or another widened operand, it becomes a cast.
 */
function operands(left: Expr, right: Expr): [Expr, Expr] {
  if (left.kind === 'widen' && (right.kind === 'lit' || right.kind === 'widen')) return [explicit(left), right.kind === 'widen' ? explicit(right) : right];
  return [left, right];
}

/** A widened operand as a cast: where overloads or literals would see the narrower type. */
export function explicit(e: Expr): Expr {
  return e.kind === 'widen' ? { kind: 'cast', type: e.type, operand: e.operand } : e;
}

function division(scope: ExprScope, left: Expr, t: IntType, d: number): Binary {
  const { rng } = scope;
  const op = rng.pick(['/', '%'] as const);
  if (rng.chance(0.3)) {
    let value = intValue(rng, t);
    if (value === 0n) value = signed(t) ? -1n : 3n;
    return { kind: 'binary', type: t, op, left, right: { kind: 'lit', type: t, value, text: literalText(t, value) } };
  }
  return { kind: 'binary', type: t, op, left, right: nonZero(scope, t, d) };
}

/** `(e | 1)`: never zero. */
function nonZero(scope: ExprScope, t: IntType, d: number): Binary {
  return { kind: 'binary', type: t, op: '|', left: explicit(generate(scope, t, d)), right: { kind: 'lit', type: t, value: 1n, text: '1' } };
}

/** The minimum of a signed type divided by -1 (the case that wraps), through variables. */
function minusOne(scope: ExprScope, t: IntType): Expr {
  const min = scope.vars.find((v) => v.name.startsWith('min_') && v.type === t);
  const neg = scope.vars.find((v) => v.name.startsWith('neg_') && v.type === t);
  if (!min || !neg) return division(scope, explicit(generate(scope, t, 0)), t, 0);
  scope.use(min.name);
  scope.use(neg.name);
  const divisor: Expr = { kind: 'binary', type: t, op: '|', left: { kind: 'var', type: t, name: neg.name }, right: { kind: 'lit', type: t, value: 1n, text: '1' } };
  return { kind: 'binary', type: t, op: scope.rng.pick(['/', '%'] as const), left: { kind: 'var', type: t, name: min.name }, right: divisor };
}

function shiftExpr(scope: ExprScope, left: Expr, t: IntType, d: number): Binary {
  const { rng } = scope;
  const op = rng.pick(['<<', '>>'] as const);
  const countType = rng.pick(INT_TYPES);
  const right = rng.weighted<() => Expr>([
    [() => { const n = BigInt(rng.between(0, Math.min(63, width(t) + 2))); return { kind: 'lit', type: 'i64', value: n, text: String(n) }; }, 4],
    [() => masked(scope, countType, BigInt(2 * width(t) - 1), d), 3],
    [() => generate(scope, countType, d), 2],
  ])();
  return { kind: 'binary', type: t, op, left, right };
}

/** `(e & mask)`: a shift count in range or up to twice the width. */
function masked(scope: ExprScope, t: IntType, mask: bigint, d: number): Binary {
  const m = wrap(t, mask) === mask ? mask : maxOf(t);
  return { kind: 'binary', type: t, op: '&', left: explicit(generate(scope, t, d)), right: { kind: 'lit', type: t, value: m, text: String(m) } };
}

function castFrom(scope: ExprScope, t: ScalarType, d: number): Expr {
  const from = scope.rng.weighted<ScalarType>([...NUM_TYPES.map((n) => [n, 1] as const), ['bool', isInt(t) ? 0.5 : 0]]); // bool casts to integers only
  return { kind: 'cast', type: t, operand: explicit(generate(scope, from, d)) };
}

function widened(scope: ExprScope, t: ScalarType, d: number): Expr {
  const narrower = NUM_TYPES.filter((n) => n !== t && convertsImplicitly(n, t));
  if (narrower.length === 0) return castFrom(scope, t, d);
  const operand = generate(scope, scope.rng.pick(narrower), d);
  return { kind: 'widen', type: t, operand };
}

function intMath(scope: ExprScope, t: IntType, d: number): Expr {
  const fn = scope.rng.pick(['abs', 'min', 'max'] as const);
  const args = (fn === 'abs' ? [generate(scope, t, d)] : [generate(scope, t, d), generate(scope, t, d, true)]).map(explicit);
  return { kind: 'math', type: t, fn, args };
}

function floatMath(scope: ExprScope, t: FloatType, d: number): Expr {
  const { rng } = scope;
  const fn = rng.pick(['sqrt', 'floor', 'ceil', 'abs', 'min', 'max'] as const);
  const arity = fn === 'min' || fn === 'max' ? 2 : 1;
  const args = Array.from({ length: arity }, (_, i) => explicit(generate(scope, 'f64', d, i > 0)));
  const call: Expr = { kind: 'math', type: 'f64', fn, args };
  return t === 'f64' ? call : { kind: 'cast', type: t, operand: call };
}

function comparison(scope: ExprScope, d: number): Expr {
  const { rng } = scope;
  const t = rng.weighted<ScalarType>([...NUM_TYPES.map((n) => [n, 1] as const), ['bool', 0.5]]);
  const op: CompareOp = t === 'bool' ? rng.pick(['==', '!='] as const) : rng.pick(['==', '!=', '<', '<=', '>', '>='] as const);
  const inner = { ...scope, ticks: false };
  const [left, right] = operands(generate(inner, t, d), generate(inner, t, d, true));
  return { kind: 'compare', type: 'bool', op, left, right };
}

function logic(scope: ExprScope, d: number): Expr {
  const { rng } = scope;
  const op = rng.pick(['&&', '||'] as const);
  const side = (constantOk: boolean): Expr => {
    if (scope.ticks && rng.chance(0.5)) {
      return { kind: 'tick', type: 'bool', id: scope.nextTick(), operand: generate({ ...scope, ticks: false }, 'bool', d) };
    }
    return generate(scope, 'bool', d, constantOk);
  };
  return { kind: 'logic', type: 'bool', op, left: side(false), right: side(true) };
}

function callOf(scope: ExprScope, t: ScalarType, d: number): Expr {
  const { rng } = scope;
  const candidates = scope.callables.filter((c) => c.result === t);
  if (candidates.length === 0) return t === 'bool' ? comparison(scope, d) : castFrom(scope, t, d);
  const fn = rng.pick(candidates);
  const inner = { ...scope, ticks: false };
  const args = fn.params.map((p, i) => (i === 0 && fn.depthFirst ? depthArgument(inner, d) : generate(inner, p, Math.min(d, 1), true)));
  return { kind: 'call', type: t, fn: fn.name, args };
}

/** A small recursion depth: a literal 0..3, or `(e & 3)`. */
function depthArgument(scope: ExprScope, d: number): Expr {
  if (scope.rng.chance(0.5)) {
    const n = BigInt(scope.rng.between(0, 3));
    return { kind: 'lit', type: 'i64', value: n, text: String(n) };
  }
  return masked(scope, 'i64', 3n, Math.min(d, 1));
}

// ------------------------------------------------------------------ rendering

export function render(e: Expr): string {
  switch (e.kind) {
    case 'var':
      return e.name;
    case 'lit':
      return e.text;
    case 'binary':
    case 'compare':
    case 'logic':
      return `(${render(e.left)} ${e.op} ${render(e.right)})`;
    case 'unary':
      return `(${e.op}${render(e.operand)})`;
    case 'cast':
      return `(${render(e.operand)} as ${e.type})`;
    case 'widen':
      return render(e.operand);
    case 'math':
    case 'call':
      return `${e.kind === 'math' ? e.fn : e.fn}(${e.args.map(render).join(', ')})`;
    case 'tick':
      return `${TICK_FUNCTION}(${e.id}, ${render(e.operand)})`;
  }
}

/** The rendering without the parentheses around the whole expression. */
export function renderTop(e: Expr): string {
  const text = render(e);
  return (e.kind === 'binary' || e.kind === 'compare' || e.kind === 'logic') && text.startsWith('(') ? text.slice(1, -1) : text;
}

// ------------------------------------------------------------------ evaluation

export interface EvalEnv {
  get(name: string): Value;
  call(fn: string, args: readonly Value[]): Value;
  tick(id: number): void;
}

export function evaluate(e: Expr, env: EvalEnv): Value {
  switch (e.kind) {
    case 'var':
      return env.get(e.name);
    case 'lit':
      return e.value;
    case 'binary':
      return evalBinary(e.type, e.op, e.right.type, evaluate(e.left, env), evaluate(e.right, env));
    case 'unary':
      return evalUnary(e.type, e.op, evaluate(e.operand, env));
    case 'compare':
      return compare(e.op, evaluate(e.left, env), evaluate(e.right, env));
    case 'logic': {
      const left = evaluate(e.left, env) as boolean;
      if (e.op === '&&' ? !left : left) return left;
      return evaluate(e.right, env);
    }
    case 'cast':
      return cast(e.operand.type, e.type, evaluate(e.operand, env));
    case 'widen':
      return cast(e.operand.type, e.type, evaluate(e.operand, env));
    case 'math':
      return evalMath(e.fn, e.args.map((a) => evaluate(a, env)));
    case 'tick':
      env.tick(e.id);
      return evaluate(e.operand, env);
    case 'call':
      return env.call(e.fn, e.args.map((a) => evaluate(a, env)));
  }
}

export function evalBinary(t: NumType, op: ArithOp, rightType: ScalarType, a: Value, b: Value): Value {
  if (isFloat(t)) return floatBinary(t, op, a as number, b as number);
  const countType = (op === '<<' || op === '>>') && isInt(rightType) ? rightType : t;
  return intBinary(t, op, a as bigint, b as bigint, countType);
}

function evalUnary(t: ScalarType, op: '-' | '~' | '!', v: Value): Value {
  if (op === '!') return !(v as boolean);
  if (isInt(t)) return wrap(t, op === '-' ? -(v as bigint) : ~(v as bigint));
  return t === 'f32' ? Math.fround(-(v as number)) : -(v as number);
}

/** The standard library's definitions (server/std/math.zolt): abs, min and max by `<`. */
function evalMath(fn: MathFn, args: readonly Value[]): Value {
  const [a, b] = args;
  switch (fn) {
    case 'sqrt':
      return Math.sqrt(a as number);
    case 'floor':
      return Math.floor(a as number);
    case 'ceil':
      return Math.ceil(a as number);
    case 'abs':
      if (typeof a === 'bigint') return a < 0n ? wrap('i64', -a) : a;
      return (a as number) < 0 ? -(a as number) : a!;
    case 'min':
      return a! < b! ? a! : b!;
    case 'max':
      return a! > b! ? a! : b!;
  }
}
