// Overload resolution. For a call `f(a1, ..., an)` with the overload set of `f`:
//
// 1. Candidates that cannot take n arguments drop out.
// 2. Each argument is matched with its parameter: an untyped parameter binds the argument's
//    type (the candidate is then generic); otherwise the argument needs an implicit conversion
//    (conversions.ts), whose cost is recorded. A candidate with an argument that does not
//    convert drops out, with the reason kept for the error message.
// 3. If any concrete candidate remains, generic ones drop out (concrete beats generic).
// 4. A candidate beats another if none of its costs is higher and one is lower. The call picks
//    the candidate that beats every other; if there is none, the call is ambiguous.
// 5. A declaration of the file itself or of an explicit import replaces a standard-library
//    declaration with the same parameter types instead of tying with it.

import type { Ast } from '../../syntax';
import { convert, literalToCString } from '../conversions';
import type { FunctionSymbol } from '../symbols';
import { sameType, typeToString, type FunctionType, type Type } from '../types';

/** What the checker knows of an argument before the candidate is chosen. */
export interface Argument {
  readonly expr: Ast.Expr;
  /** Its type when checked with no expectation (literals still untyped). */
  readonly type: Type;
}

export interface Viable {
  readonly fn: FunctionSymbol;
  readonly costs: readonly number[];
  readonly generic: boolean;
}

export type Resolution =
  | { readonly kind: 'chosen'; readonly fn: FunctionSymbol; readonly generic: boolean }
  | { readonly kind: 'none'; readonly reasons: readonly { readonly fn: FunctionSymbol; readonly reason: string }[] }
  | { readonly kind: 'ambiguous'; readonly candidates: readonly FunctionSymbol[] };

export function resolveOverload(
  candidates: readonly FunctionSymbol[],
  args: readonly Argument[],
  signatureOf: (fn: FunctionSymbol) => FunctionType,
  /** Whether a candidate comes from the standard library (it yields to an identical one). */
  isStd: (fn: FunctionSymbol) => boolean,
  /** Whether an implicit member (`.Free`) or an empty array literal fits a parameter type. */
  fitsDeferred: (arg: Argument, param: Type) => boolean,
): Resolution {
  const viable: Viable[] = [];
  for (const fn of candidates) {
    const result = match(fn, signatureOf(fn), args, fitsDeferred, false);
    if (!('reason' in result)) viable.push(result);
  }
  if (viable.length === 0) {
    // Why each candidate failed, worked out only now: in a large set most candidates fail,
    // and a call that resolves needs no reasons.
    const reasons = candidates.map((fn) => ({ fn, reason: (match(fn, signatureOf(fn), args, fitsDeferred, true) as { reason: string }).reason }));
    return { kind: 'none', reasons };
  }

  let pool = viable.some((v) => !v.generic) ? viable.filter((v) => !v.generic) : viable;
  // A file's own (or imported) declaration replaces an identical standard-library one.
  pool = pool.filter((v) => !(isStd(v.fn) && pool.some((w) => !isStd(w.fn) && sameParams(signatureOf(v.fn), signatureOf(w.fn)))));
  const best = pool.filter((v) => pool.every((w) => w === v || beats(v, w)));
  if (best.length === 1) return { kind: 'chosen', fn: best[0]!.fn, generic: best[0]!.generic };
  // No single winner: the tied candidates are those nothing else beats.
  const tied = pool.filter((v) => !pool.some((w) => w !== v && beats(w, v)));
  return { kind: 'ambiguous', candidates: tied.map((v) => v.fn) };
}

const NOT_VIABLE = { reason: '' } as const;

function match(
  fn: FunctionSymbol,
  signature: FunctionType,
  args: readonly Argument[],
  fitsDeferred: (arg: Argument, param: Type) => boolean,
  explain: boolean,
): Viable | { reason: string } {
  const params = signature.params;
  if (args.length < params.length || (!signature.variadic && args.length > params.length)) {
    if (!explain) return NOT_VIABLE;
    const count = signature.variadic ? `at least ${params.length}` : `${params.length}`;
    return { reason: `takes ${count} argument${params.length === 1 && !signature.variadic ? '' : 's'}` };
  }
  const costs: number[] = [];
  let generic = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const param = params[i];
    if (param === undefined) {
      costs.push(0); // a C variadic argument: checked after resolution
      continue;
    }
    if (param.kind === 'generic') {
      generic = true;
      costs.push(0);
      continue;
    }
    if (isDeferred(arg)) {
      if (!fitsDeferred(arg, param)) return explain ? { reason: `argument ${i + 1}: expected ${typeToString(param)}` } : NOT_VIABLE;
      costs.push(0);
      continue;
    }
    const literal = literalToCString(arg.expr, param);
    const conversion = literal.ok ? literal : convert(arg.type, param);
    if (!conversion.ok) {
      if (!explain) return NOT_VIABLE;
      return { reason: `argument ${i + 1}: ${conversion.outOfRange ?? `expected ${typeToString(param)}, found ${typeToString(arg.type)}`}` };
    }
    costs.push(conversion.cost);
  }
  return { fn, costs, generic };
}

/** Arguments whose type depends on the parameter they meet: `.Free`, `[]`. */
export function isDeferred(arg: Argument): boolean {
  return arg.expr.kind === 'implicit-member' || (arg.expr.kind === 'array-literal' && arg.expr.elements.length === 0);
}

/** `a` is at least as cheap as `b` everywhere and cheaper somewhere. */
function beats(a: Viable, b: Viable): boolean {
  let better = false;
  for (let i = 0; i < a.costs.length; i++) {
    if (a.costs[i]! > b.costs[i]!) return false;
    if (a.costs[i]! < b.costs[i]!) better = true;
  }
  return better;
}

export function sameParams(a: FunctionType, b: FunctionType): boolean {
  return a.variadic === b.variadic && a.params.length === b.params.length && a.params.every((p, i) => sameType(p, b.params[i]!));
}
