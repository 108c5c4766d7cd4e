// The value types of the differential sections beyond scalars: enums (with and without a
// backing type), structs (nested, with arrays, enums and strings in them, and default values),
// arrays and strings; their declarations, expressions that build a value of each, and the
// scalar places inside a value (`s.inner.x`, `s.arr[2]`, `(s.tag as u8)`) that scalar
// expressions may read. Every index written here is a constant inside the array's length.

import { explicit, generate, literal, render, renderTop, type Callable, type ExprScope, type Variable } from './expressions';
import type { Random } from './random';
import { literalText, maxOf, minOf, NUM_TYPES, type IntType, type ScalarType } from './scalars';

export interface EnumDecl {
  readonly name: string;
  readonly backing: IntType | undefined;
  readonly members: readonly { readonly name: string; readonly value: bigint; readonly written: boolean }[];
}

export interface Field {
  readonly name: string;
  readonly type: VType;
  /** A default value (scalars only). */
  readonly default: string | undefined;
}

export interface StructDecl {
  readonly name: string;
  readonly fields: readonly Field[];
}

export type VType =
  | { readonly kind: 'scalar'; readonly type: ScalarType }
  | { readonly kind: 'enum'; readonly decl: EnumDecl }
  | { readonly kind: 'struct'; readonly decl: StructDecl }
  | { readonly kind: 'array'; readonly length: number; readonly element: VType }
  | { readonly kind: 'string' };

export const scalar = (type: ScalarType): VType => ({ kind: 'scalar', type });
export const STRING: VType = { kind: 'string' };

export function typeText(t: VType): string {
  switch (t.kind) {
    case 'scalar':
      return t.type;
    case 'enum':
    case 'struct':
      return t.decl.name;
    case 'array':
      return `[${t.length}]${typeText(t.element)}`;
    case 'string':
      return 'string';
  }
}

// ------------------------------------------------------------------ strings

/** String literals as written, with their bytes (escapes, quotes, UTF-8). */
export const STRINGS: readonly { readonly text: string; readonly bytes: number }[] = [
  '', 'a', 'hello', 'Zolt', 'hello, world', 'tab\\there', 'say \\"hi\\"', 'back\\\\slash', 'two\\nlines',
  'caf\\u{e9}', '\\x41\\x42C', 'snow \u2603', 'abcabc', 'zz', 'A-Z a-z 0-9',
].map((text) => ({ text, bytes: Buffer.byteLength(unescape(text), 'utf8') }));

function unescape(text: string): string {
  return text.replace(/\\(u\{([0-9a-f]+)\}|x([0-9A-F]{2})|.)/g, (_, all: string, u: string | undefined, x: string | undefined) => {
    if (u) return String.fromCodePoint(parseInt(u, 16));
    if (x) return String.fromCharCode(parseInt(x, 16));
    return ({ n: '\n', t: '\t' } as Record<string, string>)[all] ?? all;
  });
}

export function stringLiteral(rng: Random): string {
  return `"${rng.pick(STRINGS).text}"`;
}

// ------------------------------------------------------------------ declarations

const MEMBER_NAMES = ['Alpha', 'Beta', 'Gamma', 'Delta', 'Omega', 'Sigma', 'Kappa', 'Zeta'];

export function generateEnum(rng: Random, name: string): EnumDecl {
  const backing = rng.chance(0.6) ? rng.pick(['u8', 'i16', 'u32', 'i64', 'i8'] as const) : undefined;
  const count = rng.between(2, 6);
  const members: { name: string; value: bigint; written: boolean }[] = [];
  let next = backing && minOf(backing) < 0n && rng.chance(0.3) ? -3n : 0n;
  for (let i = 0; i < count; i++) {
    const written = backing !== undefined && rng.chance(0.4);
    const value = written ? next + BigInt(rng.between(0, 40)) : next;
    if (backing && value > maxOf(backing)) break;
    members.push({ name: MEMBER_NAMES[i]!, value, written: written || (i === 0 && value !== 0n) });
    next = value + 1n;
  }
  return { name, backing, members };
}

export function enumText(e: EnumDecl): string {
  const members = e.members.map((m) => (m.written ? `${m.name} = ${literalText(e.backing ?? 'i64', m.value)}` : m.name));
  return `enum ${e.name}${e.backing ? `: ${e.backing}` : ''} { ${members.join(', ')} }`;
}

export function generateStruct(rng: Random, name: string, inner: readonly StructDecl[], enums: readonly EnumDecl[]): StructDecl {
  const fields: Field[] = [];
  const count = rng.between(2, 5);
  for (let i = 0; i < count; i++) {
    const type = fieldType(rng, inner, enums);
    const withDefault = type.kind === 'scalar' && rng.chance(0.3);
    fields.push({ name: `f${i}`, type, default: withDefault && type.kind === 'scalar' ? renderTop(literal(rng, type.type)) : undefined });
  }
  return { name, fields };
}

function fieldType(rng: Random, inner: readonly StructDecl[], enums: readonly EnumDecl[]): VType {
  return rng.weighted<() => VType>([
    [() => scalar(rng.weighted<ScalarType>([...NUM_TYPES.map((t) => [t, 1] as const), ['bool', 0.5]])), 6],
    [() => ({ kind: 'struct', decl: rng.pick(inner) }), inner.length > 0 ? 2 : 0],
    [() => ({ kind: 'enum', decl: rng.pick(enums) }), enums.length > 0 ? 1 : 0],
    [() => ({ kind: 'array', length: rng.between(1, 4), element: scalar(rng.pick(NUM_TYPES)) }), 1.5],
    [() => STRING, 0.7],
  ])();
}

export function structText(s: StructDecl): string {
  const fields = s.fields.map((f) => `${f.name}: ${typeText(f.type)}${f.default !== undefined ? ` = ${f.default}` : ''}`);
  return `struct ${s.name} { ${fields.join(', ')} }`;
}

// ------------------------------------------------------------------ values

export interface ValueScope {
  readonly rng: Random;
  /** The scalar variables and places expressions may read. */
  readonly vars: readonly Variable[];
  readonly callables: readonly Callable[];
  /** `make_S` functions of structs that have one. */
  readonly makers: ReadonlyMap<StructDecl, string>;
}

export function exprScope(scope: ValueScope): ExprScope {
  return { rng: scope.rng, vars: scope.vars, callables: scope.callables, ticks: false, use: () => undefined, nextTick: () => 0 };
}

/** A scalar expression of `t` (no implicit conversion at its top: it may meet a literal's type). */
export function scalarExpr(scope: ValueScope, t: ScalarType, depth = 2): string {
  return renderTop(explicit(generate(exprScope(scope), t, depth)));
}

/**
 * An expression of type `t`. `typed` says whether the context gives the type (a typed
 * declaration, a field, an argument): then `.Member` may stand for an enum member.
 */
export function valueExpr(scope: ValueScope, t: VType, typed: boolean): string {
  const { rng } = scope;
  switch (t.kind) {
    case 'scalar':
      return scalarExpr(scope, t.type);
    case 'string':
      return stringLiteral(rng);
    case 'enum':
      return enumValue(scope, t.decl, typed);
    case 'array':
      return `[${Array.from({ length: t.length }, () => valueExpr(scope, t.element, true)).join(', ')}]`;
    case 'struct':
      return structValue(scope, t.decl);
  }
}

function enumValue(scope: ValueScope, e: EnumDecl, typed: boolean): string {
  const { rng } = scope;
  const member = rng.pick(e.members);
  return rng.weighted<() => string>([
    [() => (typed ? `.${member.name}` : `${e.name}.${member.name}`), 3],
    [() => `${e.name}.${member.name}`, 2],
    [() => `(${render(explicit(generate(exprScope(scope), e.backing ?? 'i64', 1)))} as ${e.name})`, 1], // any value: a non-member prints as Name(v)
  ])();
}

function structValue(scope: ValueScope, s: StructDecl): string {
  const { rng } = scope;
  const maker = scope.makers.get(s);
  if (maker && rng.chance(0.4)) return `${maker}(${scalarExpr(scope, 'i64', 1)}, ${scalarExpr(scope, 'f64', 1)})`;
  if (rng.chance(0.4)) return `${s.name}{ ${s.fields.map((f) => valueExpr(scope, f.type, true)).join(', ')} }`;
  const given = s.fields.filter((f) => f.default === undefined || rng.chance(0.5)).filter(() => rng.chance(0.8));
  return `${s.name}{ ${given.map((f) => `${f.name}: ${valueExpr(scope, f.type, true)}`).join(', ')} }`;
}

/** The scalar places inside a value: fields, elements at constant indexes, enums as integers. */
export function scalarPlaces(path: string, t: VType, assignable: boolean, depth = 0): Variable[] {
  switch (t.kind) {
    case 'scalar':
      return [{ name: path, type: t.type }];
    case 'enum':
      return assignable ? [] : [{ name: `(${path} as ${t.decl.backing ?? 'i64'})`, type: t.decl.backing ?? 'i64' }];
    case 'string':
      return assignable ? [] : [{ name: `${path}.len`, type: 'i64' }];
    case 'array':
      return depth > 2 ? [] : [0, t.length - 1].filter((i, k, all) => all.indexOf(i) === k).flatMap((i) => scalarPlaces(`${path}[${i}]`, t.element, assignable, depth + 1));
    case 'struct':
      return depth > 2 ? [] : t.decl.fields.flatMap((f) => scalarPlaces(`${path}.${f.name}`, f.type, assignable, depth + 1));
  }
}
