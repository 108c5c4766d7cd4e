// The differential sections of a generated program: code whose output is not predicted by
// the generator but compared between the interpreter and the native backend. Each section
// adds top-level declarations and a call in `main`:
//
//   enums      enums with and without backing types, switches over them (cases with several
//              members, `.Member` and `Name.Member`, `else` or exhaustive), switches over
//              integers with values and ranges, integers cast to enums (non-members print
//              as `Name(7)`), arrays of enums
//   structs    nested structs with arrays, enums, strings and defaults; literals by name and
//              in order; structs passed, returned, copied, changed through pointers, compared
//              with == and !=, printed; `using` of a struct parameter; arrays of structs
//   slices     arrays filled in loops, slices with constant and run-time bounds and steps,
//              slices of slices, writing through strided slices, copy, nested arrays,
//              `alloc`/`free` with `defer`, `for i, x in ...`, recursion over a slice
//   strings    literals with escapes, comparison, slicing, indexing, iteration by byte,
//              find/starts_with/ends_with/concat/to_string/parse_int, switches over strings
//   defers     `defer` statements and blocks at every way out of loops, blocks and functions
//   globals    globals of every kind of type, initialised in order (one by a function that
//              prints), changed by functions, printed by main
//   calls      functions of up to ten parameters of mixed kinds (scalars, structs, slices,
//              strings, enums, arrays), function values, mutual recursion, generic functions
//
// Nothing here can trap: indexes are constants inside the length, loop variables over the
// length, or `wrap_index(i, n)` with n >= 1; slice bounds are constants or built to satisfy
// 0 <= lo <= hi <= len with a step >= 1; scalar expressions are those of expressions.ts.
// Loops have constant bounds and recursion a depth of at most 12.

import { Code, functionLines } from './code';
import { literal, renderTop, type Callable, type Variable } from './expressions';
import type { Random } from './random';
import { INT_TYPES, isFloat, isInt, NUM_TYPES, type NumType, type ScalarType } from './scalars';
import {
  enumText, generateEnum, generateStruct, scalar, scalarExpr, scalarPlaces, STRING, STRINGS, structText, typeText, valueExpr,
  type EnumDecl, type StructDecl, type ValueScope, type VType,
} from './values';

export interface ProgramParts {
  readonly rng: Random;
  /** Pure scalar functions (the oracle's helpers) that expressions may call. */
  readonly callables: readonly Callable[];
  readonly enums: EnumDecl[];
  readonly structs: StructDecl[];
  readonly makers: Map<StructDecl, string>;
  /** Top-level declarations. */
  readonly decls: string[];
  /** Globals, declared before everything else. */
  readonly globals: string[];
  /** Statements of main. */
  readonly main: string[];
  /** Names of the globals main prints at its end. */
  readonly shownGlobals: string[];
}

export const WRAP_INDEX = [
  '/// i mod n, in 0 ..< n (n >= 1): an index that is always inside a slice of length n.',
  'fn wrap_index(i: i64, n: i64) -> i64 {',
  '    var r = i % n;',
  '    if r < 0 {',
  '        r += n;',
  '    }',
  '    return r;',
  '}',
  '',
];

function valueScope(parts: ProgramParts, vars: readonly Variable[], makers = parts.makers): ValueScope {
  return { rng: parts.rng, vars, callables: parts.callables, makers };
}

const num = (rng: Random): NumType => rng.pick(NUM_TYPES);
const int = (rng: Random): ScalarType => rng.pick(INT_TYPES);

/**
 * `seed` (an i64 in -range..range) and two locals of other scalar types, declared and printed:
 * what the scalar expressions of a section function start from.
 */
function seedVars(parts: ProgramParts, code: Code, range: number): Variable[] {
  const { rng } = parts;
  code.line(`var seed: i64 = ${rng.between(-range, range)};`);
  const vars: Variable[] = [{ name: 'seed', type: 'i64' }];
  for (let k = 0; k < 2; k++) {
    const v = { name: code.fresh('w'), type: num(rng) };
    code.line(`var ${v.name}: ${v.type} = ${renderTop(literal(rng, v.type))};`);
    vars.push(v);
  }
  code.line(printLine('seeds', vars.map((v) => v.name)));
  return vars;
}

/** `println(label, " ", a, " ", b)`. */
function printLine(label: string, values: readonly string[]): string {
  return `println("${label}"${values.map((v) => `, " ", ${v}`).join('')});`;
}

// ------------------------------------------------------------------ enums and switches

export function enumSection(parts: ProgramParts, index: number): void {
  const { rng } = parts;
  for (let k = rng.between(1, 2); k > 0; k--) {
    const e = generateEnum(rng, `Kind${parts.enums.length}`);
    parts.enums.push(e);
    parts.decls.push(enumText(e), '');
    parts.decls.push(...describeEnum(rng, e));
  }
  parts.decls.push(...bucketFunction(rng, index));
  parts.decls.push(...functionLines(`enums_${index}()`, (code) => {
    for (const e of parts.enums) enumLoop(parts, code, e);
    code.line(printLine(`bucket_${index}`, ['bucket_' + index + '(-4)', `bucket_${index}(0)`, `bucket_${index}(7)`, `bucket_${index}(100)`]));
  }));
  parts.main.push(`enums_${index}();`);
}

function describeEnum(rng: Random, e: EnumDecl): string[] {
  return functionLines(`describe_${e.name}(k: ${e.name}) -> i64`, (code) => {
    code.line('var r: i64 = 0;');
    const members = [...e.members];
    code.block('switch k', () => {
      let case_ = 1;
      while (members.length > 0 && (rng.chance(0.8) || case_ === 1)) {
        const group = members.splice(0, rng.between(1, 2));
        const names = group.map((m) => (rng.chance(0.5) ? `.${m.name}` : `${e.name}.${m.name}`));
        const n = case_++;
        code.block(`case ${names.join(', ')}`, () => {
          code.line(`r = ${n};`);
          if (rng.chance(0.5)) code.line(`println("case ${n} of ${e.name}: ", k);`);
        });
      }
      if (members.length > 0) code.block('else', () => code.line(`r = -(k as ${e.backing ?? 'i64'}) as i64;`));
    });
    code.line('return r;');
  });
}

/** A switch over an integer: single values, lists and ranges that never overlap, then else. */
function bucketFunction(rng: Random, index: number): string[] {
  return functionLines(`bucket_${index}(n: i64) -> i64`, (code) => {
    code.line('var r: i64 = -1;');
    let at = rng.between(-6, 0);
    code.block('switch n', () => {
      for (let c = rng.between(1, 5); c > 0; c--) {
        const kind = rng.pick(['one', 'list', 'range', 'inclusive'] as const);
        let label: string;
        if (kind === 'one') label = `${at++}`;
        else if (kind === 'list') label = [at, at + 1, at + 3].join(', ');
        else label = `${at}${kind === 'range' ? '..' : '..='}${at + 3}`;
        if (kind !== 'one') at += 4;
        at += rng.between(0, 3);
        code.block(`case ${label}`, () => code.line(`r = n * ${rng.between(2, 9)};`));
      }
      code.block('else', () => code.line('r = n;'));
    });
    code.line('return r;');
  });
}

function enumLoop(parts: ProgramParts, code: Code, e: EnumDecl): void {
  const { rng } = parts;
  const i = code.fresh('i');
  const k = code.fresh('k');
  const backing = e.backing ?? 'i64';
  const step = rng.between(1, 5);
  code.block(`for ${i} in 0..${rng.between(3, 8)}`, () => {
    const d = code.fresh('d');
    code.line(`var ${k} = ((${i} * ${step}) as ${backing}) as ${e.name};`);
    code.line(`var ${d} = describe_${e.name}(${k});`); // it may print: not inside another println
    code.line(printLine(`enum ${e.name}`, [i, k, d, `${k} == ${e.name}.${rng.pick(e.members).name}`, `${k} as ${backing}`]));
  });
  const list = Array.from({ length: rng.between(1, 4) }, (_, n) => `${n === 0 || rng.chance(0.5) ? e.name : ''}.${rng.pick(e.members).name}`);
  const xs = code.fresh('ks');
  code.line(`var ${xs} = [${list.join(', ')}];`);
  code.line(printLine(`enums ${e.name}`, [xs, `${xs}[0] != ${e.name}.${e.members[0]!.name}`]));
}

// ------------------------------------------------------------------ structs

export function structSection(parts: ProgramParts, index: number): void {
  const { rng } = parts;
  const inner: StructDecl[] = [];
  for (let k = rng.between(1, 2); k > 0; k--) inner.push(declareStruct(parts, inner));
  const outer = declareStruct(parts, inner);
  parts.decls.push(...mixFunction(parts, outer), ...bumpFunction(parts, outer), ...usingFunction(parts, outer));
  parts.decls.push(...functionLines(`structs_${index}()`, (code) => structBody(parts, code, outer)));
  parts.main.push(`structs_${index}();`);
}

function declareStruct(parts: ProgramParts, inner: readonly StructDecl[]): StructDecl {
  const s = generateStruct(parts.rng, `Rec${parts.structs.length}`, inner, parts.enums);
  parts.structs.push(s);
  parts.decls.push(structText(s), '');
  const maker = `make_${s.name}`;
  const params: Variable[] = [{ name: 'k', type: 'i64' }, { name: 'f', type: 'f64' }];
  const makers = new Map(parts.makers); // without this struct's own maker: no recursion
  parts.decls.push(...functionLines(`${maker}(k: i64, f: f64) -> ${s.name}`, (code) => {
    code.line(`return ${valueExpr(valueScope(parts, params, makers), { kind: 'struct', decl: s }, true)};`);
  }));
  parts.makers.set(s, maker);
  return s;
}

function structType(s: StructDecl): VType {
  return { kind: 'struct', decl: s };
}

/** Copies `a`, changes some of its places from `a`'s, `b`'s and `n`, returns the copy. */
function mixFunction(parts: ProgramParts, s: StructDecl): string[] {
  const { rng } = parts;
  const t = structType(s);
  const vars = [...scalarPlaces('a', t, false), ...scalarPlaces('b', t, false), { name: 'n', type: 'i64' as const }];
  return functionLines(`mix_${s.name}(a: ${s.name}, b: ${s.name}, n: i64) -> ${s.name}`, (code) => {
    code.line('var r = a;');
    for (const place of scalarPlaces('r', t, true)) {
      if (rng.chance(0.5)) code.line(`${place.name} = ${scalarExpr(valueScope(parts, vars), place.type)};`);
    }
    const field = rng.pick(s.fields);
    code.line(`r.${field.name} = b.${field.name};`);
    code.line('return r;');
  });
}

/** Changes the struct behind a pointer. */
function bumpFunction(parts: ProgramParts, s: StructDecl): string[] {
  const { rng } = parts;
  const t = structType(s);
  const vars = [...scalarPlaces('p', t, false), { name: 'by', type: 'i64' as const }];
  return functionLines(`bump_${s.name}(p: *${s.name}, by: i64)`, (code) => {
    const places = scalarPlaces('p', t, true);
    for (const place of places.filter(() => rng.chance(0.6))) {
      const compound = isInt(place.type) && rng.chance(0.5) ? '+' : '';
      code.line(`${place.name} ${compound}= ${scalarExpr(valueScope(parts, vars), place.type)};`);
    }
    code.line(printLine(`bumped by`, ['by', '*p']));
  });
}

/** `using s;` brings the fields in as names. */
function usingFunction(parts: ProgramParts, s: StructDecl): string[] {
  const fields: Variable[] = s.fields.flatMap((f) => (f.type.kind === 'scalar' ? [{ name: f.name, type: f.type.type }] : []));
  if (fields.length === 0) return [];
  return functionLines(`fields_${s.name}(s: ${s.name}) -> f64`, (code) => {
    code.line('using s;');
    code.line(`return ${scalarExpr(valueScope(parts, fields), 'f64', 3)};`);
  });
}

function structBody(parts: ProgramParts, code: Code, s: StructDecl): void {
  const { rng } = parts;
  const t = structType(s);
  const scope = valueScope(parts, seedVars(parts, code, 1000));
  code.line(`var s0 = make_${s.name}(${rng.between(-20, 20)}, ${renderTop(literal(rng, 'f64'))});`);
  code.line(`var s1: ${s.name} = ${valueExpr(scope, t, true)};`);
  code.line(printLine('s0', ['s0']));
  code.line(printLine('s1', ['s1']));
  code.line(`var s2 = mix_${s.name}(s0, s1, seed);`);
  code.line(printLine('s2', ['s2', 's2 == s0', 's0 == s0', 's1 != s2', 's2 == mix_' + s.name + '(s0, s1, seed)']));
  code.line(`bump_${s.name}(&s2, seed + 1);`);
  if (s.fields.some((f) => f.type.kind === 'scalar')) code.line(printLine('fields', [`fields_${s.name}(s2)`, `fields_${s.name}(s1)`]));
  code.line('var all = [s0, s1, s2];');
  code.block('for i, s in all', () => {
    const places = scalarPlaces('s', t, false);
    code.line(printLine('all', ['i', ...places.slice(0, 4).map((p) => p.name)]));
  });
  const places = scalarPlaces('last', t, true);
  if (places.length > 0) {
    code.line('var last = &all[2];');
    const place = rng.pick(places);
    code.line(`${place.name} = ${scalarExpr(valueScope(parts, scalarPlaces('s0', t, false)), place.type)};`);
  }
  code.line(printLine('all', ['all[2]', 'all[1] == s1', 'all[0:2]']));
  code.line(`var none: *${s.name} = null;`);
  code.line(printLine('pointers', ['none', 'none == null', '&s2 != null']));
  const nested = s.fields.find((f) => f.type.kind === 'struct');
  if (nested) code.line(printLine('nested', [`s2.${nested.name}`, `all[0].${nested.name} == s0.${nested.name}`]));
}

// ------------------------------------------------------------------ arrays and slices

export function sliceSection(parts: ProgramParts, index: number): void {
  const { rng } = parts;
  const t = num(rng);
  const n = rng.between(3, 12);
  parts.decls.push(...sumFunction(t, index), ...fillFunction(t, index), ...recursiveSum(index));
  parts.decls.push(...functionLines(`slices_${index}()`, (code) => {
    arrayFill(parts, code, t, n, index);
    constantSlices(parts, code, n, index);
    runtimeSlice(parts, code, n);
    nestedArrays(parts, code);
    allocated(parts, code, t);
    structSlice(parts, code);
  }));
  parts.main.push(`slices_${index}();`);
}

function sumFunction(t: NumType, index: number): string[] {
  const op = isFloat(t) ? '+' : '^';
  return functionLines(`sum_${index}(xs: []${t}) -> ${t}`, (code) => {
    code.line(`var acc: ${t} = 0;`);
    code.block('for i, x in xs', () => code.line(`acc = (acc ${op} x) ${isFloat(t) ? '*' : '+'} (i as ${t});`));
    code.line('return acc;');
  });
}

function fillFunction(t: NumType, index: number): string[] {
  return functionLines(`fill_${index}(xs: []${t}, v: ${t})`, (code) => {
    code.block('for i in 0..xs.len', () => code.line(`xs[i] = v - (i as ${t});`));
  });
}

function recursiveSum(index: number): string[] {
  return functionLines(`rsum_${index}(xs: []i64) -> i64`, (code) => {
    code.block('if xs.len == 0', () => code.line('return 0;'));
    code.line(`return xs[0] * 3 + rsum_${index}(xs[1:]);`);
  });
}

function arrayFill(parts: ProgramParts, code: Code, t: NumType, n: number, index: number): void {
  code.line(`var xs: [${n}]${t};`);
  code.block(`for i in 0..${n}`, () => code.line(`xs[i] = ${scalarExpr(valueScope(parts, [{ name: 'i', type: 'i64' }]), t, 2)};`));
  code.line(printLine('xs', ['xs', `sum_${index}(xs[:])`]));
}

function bounds(rng: Random, n: number): [number, number, number] {
  const lo = rng.between(0, n);
  return [lo, rng.between(lo, n), rng.between(1, 4)];
}

function constantSlices(parts: ProgramParts, code: Code, n: number, index: number): void {
  const { rng } = parts;
  const [lo, hi, step] = bounds(rng, n);
  code.line(printLine('slices', [`xs[${lo}:${hi}]`, `xs[${lo}:${hi}:${step}]`, `xs[::${step}]`, `xs[${lo}:]`, `xs[:${hi}]`, `xs[${lo}:${hi}:${step}].len`]));
  code.line(printLine('sums', [`sum_${index}(xs[${lo}:${hi}:${step}])`, `sum_${index}(xs[1:][::${step}])`]));
  const [flo, fhi, fstep] = bounds(rng, n);
  code.line(`fill_${index}(xs[${flo}:${fhi}:${fstep}], xs[${rng.between(0, n - 1)}]);`);
  code.line(printLine('filled', ['xs']));
  code.line(`var ys: [${n}]i64;`);
  code.block(`for i, x in xs[::${rng.between(1, 3)}]`, () => code.line(`ys[i] = (x as i64) + i;`));
  code.line(printLine('ys', ['ys', `rsum_${index}(ys[:])`, `rsum_${index}(ys[1::2])`]));
  code.line('var zs = ys;');
  code.line(`var copied = copy(ys[${rng.between(0, n)}:], zs[:${rng.between(0, n)}]);`); // no overlap
  code.line(printLine('copied', ['copied', 'ys', 'zs == ys']));
}

function runtimeSlice(parts: ProgramParts, code: Code, n: number): void {
  const scope = valueScope(parts, seedVars(parts, code, 100000));
  code.line(`var lo = wrap_index(${scalarExpr(scope, 'i64')}, ${n + 1});`);
  code.line(`var hi = lo + wrap_index(${scalarExpr(scope, 'i64')}, ${n + 1} - lo);`);
  code.line(`var st = 1 + wrap_index(${scalarExpr(scope, 'i64')}, 3);`);
  code.line('var view = xs[lo:hi:st];');
  code.line(printLine('view', ['lo', 'hi', 'st', 'view.len', 'view', 'view[:]']));
  code.block('if view.len > 0', () => {
    code.line(`view[wrap_index(seed, view.len)] = view[0];`);
    code.line(printLine('view', ['view[view.len - 1]', 'xs']));
  });
}

function nestedArrays(parts: ProgramParts, code: Code): void {
  const { rng } = parts;
  const [rows, cols] = [rng.between(1, 4), rng.between(1, 4)];
  const t = num(rng);
  code.line(`var grid: [${rows}][${cols}]${t};`);
  code.block(`for r in 0..${rows}`, () => {
    code.block(`for c in 0..${cols}`, () => code.line(`grid[r][c] = ${scalarExpr(valueScope(parts, [{ name: 'r', type: 'i64' }, { name: 'c', type: 'i64' }]), t, 2)};`));
  });
  code.line(printLine('grid', ['grid', `grid[${rows - 1}]`, `grid[0][${cols - 1}:]`]));
}

function allocated(parts: ProgramParts, code: Code, t: NumType): void {
  const { rng } = parts;
  const n = rng.between(0, 6);
  code.line(`var buf = alloc(${t}, ${n});`);
  code.line('defer free(buf);');
  code.block('for i in 0..buf.len', () => code.line(`buf[i] = ${scalarExpr(valueScope(parts, [{ name: 'i', type: 'i64' }]), t, 1)};`));
  code.line(printLine('buf', ['buf', 'buf.len', `buf[${rng.between(0, n)}:]`]));
}

function structSlice(parts: ProgramParts, code: Code): void {
  const s = parts.structs[parts.structs.length - 1];
  if (!s) return;
  const scope = valueScope(parts, [{ name: 'lo', type: 'i64' }]);
  code.line(`var recs = [${Array.from({ length: 3 }, () => valueExpr(scope, { kind: 'struct', decl: s }, true)).join(', ')}];`);
  code.line(printLine('recs', ['recs[1:]', 'recs[::2].len', 'recs[0] == recs[2]']));
}

// ------------------------------------------------------------------ strings

export function stringSection(parts: ProgramParts, index: number): void {
  const { rng } = parts;
  parts.decls.push(...functionLines(`count_${index}(s: string, c: char) -> i64`, (code) => {
    code.line('var n: i64 = 0;');
    code.block('for x in s', () => code.block('if x == c', () => code.line('n += 1;')));
    code.line('return n;');
  }));
  parts.decls.push(...functionLines(`strings_${index}()`, (code) => {
    const words = Array.from({ length: rng.between(2, 5) }, () => rng.pick(STRINGS));
    code.line(`var words = [${words.map((w) => `"${w.text}"`).join(', ')}];`);
    code.line(printLine('words', ['words', 'words.len']));
    code.block('for i, w in words', () => {
      code.line(printLine('word', ['i', 'w', 'w.len', 'w == words[0]', `w < "${rng.pick(STRINGS).text}"`, `count_${index}(w, '${rng.pick(['l', 'a', 'z', 'o'])}')`, 'find(w, "l")']));
    });
    const s = rng.pick(STRINGS.filter((w) => w.bytes > 0));
    const lo = rng.between(0, s.bytes);
    const end = rng.between(lo, s.bytes);
    code.line(`var s = "${s.text}";`);
    code.line(printLine('sliced', [`s[${lo}:${end}]`, `s[${lo}:]`, `s[:${end}]`, `s[${rng.between(0, s.bytes - 1)}]`, `s[${lo}:${end}] == s`, `s.len`]));
    code.line(printLine('search', ['find(s, "l")', 'starts_with(s, "he")', 'ends_with(s, "d")', `to_upper(s[0])`, `to_lower(s[${s.bytes - 1}])`]));
    const scope = valueScope(parts, [{ name: 's.len', type: 'i64' }]);
    code.line(`var n = ${scalarExpr(scope, 'i64')};`);
    code.line(printLine('numbers', ['to_string(n)', 'parse_int(to_string(n)) == n', `concat(s, words[${words.length - 1}])`, "'\\u{e9}'", "['z', '\\n']"]));
    code.block('switch s', () => {
      const other = rng.pick(STRINGS.filter((w) => w !== s)); // a value handled twice is an error
      code.block(`case "${other.text}", "${s.text}"`, () => code.line('println("matched ", s);'));
      code.block('else', () => code.line('println("unmatched ", s);'));
    });
  }));
  parts.main.push(`strings_${index}();`);
}

// ------------------------------------------------------------------ defer

export function deferSection(parts: ProgramParts, index: number): void {
  const { rng } = parts;
  if (!parts.globals.includes('var g_notes: i64 = 0;')) {
    parts.globals.push('var g_notes: i64 = 0;');
    parts.decls.push(...functionLines('note(n: i64)', (code) => {
      code.line('g_notes = g_notes * 31 + n;');
      code.line('println("note ", n);');
    }));
    parts.shownGlobals.push('g_notes');
  }
  parts.decls.push(...functionLines(`deferred_${index}(n: i64) -> i64`, (code) => {
    code.line('var x: i64 = n;');
    let note = 100 * (index + 1);
    const next = () => note++;
    code.line(`defer note(${next()});`);
    if (rng.chance(0.6)) {
      code.block('defer', () => {
        code.line(`note(${next()});`);
        code.line('x += 1;');
      });
    }
    if (rng.chance(0.7)) deferLoop(rng, code, next);
    if (rng.chance(0.5)) code.block('', () => {
      code.line(`defer note(${next()});`);
      code.line(`note(${next()});`);
    });
    code.block(`if n > ${rng.between(0, 4)}`, () => code.line(`return x * ${rng.between(2, 5)};`));
    code.line(`defer note(${next()});`);
    code.line('return x + 1;');
  }));
  parts.decls.push(...functionLines(`defers_${index}()`, (code) => {
    code.block(`for n in 0..${rng.between(2, 6)}`, () => {
      code.line(`var r = deferred_${index}(n);`);
      code.line(printLine('deferred', ['n', 'r', 'g_notes']));
    });
  }));
  parts.main.push(`defers_${index}();`);
}

function deferLoop(rng: Random, code: Code, next: () => number): void {
  const i = code.fresh('i');
  const useWhile = rng.chance(0.4);
  if (useWhile) code.line(`var ${i}: i64 = 0;`);
  code.block(useWhile ? `while ${i} < 4` : `for ${i} in 0..4`, () => {
    if (useWhile) code.line(`${i} += 1;`);
    code.line(`defer note(${next()} + ${i});`);
    code.block(`if ${i} == (n & 3)`, () => code.line('continue;'));
    code.block(`if ${i} == ${rng.between(1, 3)}`, () => code.line('break;'));
    code.line(`note(${next()});`);
  });
}

// ------------------------------------------------------------------ globals

export function globalSection(parts: ProgramParts, index: number): void {
  const { rng } = parts;
  const globals: { name: string; type: VType }[] = [];
  for (let k = rng.between(2, 5); k > 0; k--) {
    const type = globalType(parts);
    const name = `g_${index}_${globals.length}`;
    globals.push({ name, type });
    parts.globals.push(`var ${name}: ${typeText(type)} = ${constantValue(parts, type)};`);
  }
  const first = globals[0]!;
  parts.globals.push(`var g_${index}_init: i64 = init_${index}();`);
  parts.decls.push(...functionLines(`init_${index}() -> i64`, (code) => {
    code.line(printLine(`initialising g_${index}_init after`, [first.name]));
    code.line(`return ${rng.between(1, 99)};`);
  }));
  const places = globals.flatMap((g) => scalarPlaces(g.name, g.type, true));
  const readable = globals.flatMap((g) => scalarPlaces(g.name, g.type, false));
  parts.decls.push(...functionLines(`touch_${index}(n: i64)`, (code) => {
    for (const place of places.filter(() => rng.chance(0.5))) code.line(`${place.name} = ${scalarExpr(valueScope(parts, [...readable, { name: 'n', type: 'i64' }]), place.type)};`);
  }));
  parts.main.push(`for n in 0..${rng.between(1, 3)} {`, `    touch_${index}(n);`, '}');
  parts.shownGlobals.push(...globals.map((g) => g.name), `g_${index}_init`);
}

function globalType(parts: ProgramParts): VType {
  const { rng } = parts;
  return rng.weighted<() => VType>([
    [() => scalar(rng.weighted<ScalarType>([...NUM_TYPES.map((t) => [t, 1] as const), ['bool', 0.5]])), 5],
    [() => ({ kind: 'array', length: rng.between(1, 4), element: scalar(num(rng)) }), 1],
    [() => ({ kind: 'struct', decl: rng.pick(parts.structs) }), parts.structs.length > 0 ? 1 : 0],
    [() => ({ kind: 'enum', decl: rng.pick(parts.enums) }), parts.enums.length > 0 ? 1 : 0],
    [() => STRING, 0.5],
  ])();
}

/** A constant initialiser of a global: literals all the way down. */
function constantValue(parts: ProgramParts, t: VType): string {
  const { rng } = parts;
  switch (t.kind) {
    case 'scalar':
      return renderTop(literal(rng, t.type));
    case 'string':
      return `"${rng.pick(STRINGS).text}"`;
    case 'enum':
      return `${t.decl.name}.${rng.pick(t.decl.members).name}`;
    case 'array':
      return `[${Array.from({ length: t.length }, () => constantValue(parts, t.element)).join(', ')}]`;
    case 'struct':
      return `${t.decl.name}{ ${t.decl.fields.map((f) => `${f.name}: ${constantValue(parts, f.type)}`).join(', ')} }`;
  }
}

// ------------------------------------------------------------------ calls

export function callSection(parts: ProgramParts, index: number): void {
  const { rng } = parts;
  const params = Array.from({ length: rng.between(6, 10) }, (_, i) => ({ name: `q${i}`, type: paramType(parts) }));
  const scalars = params.flatMap((p) => (p.type === 'slice' ? [{ name: `${p.name}.len`, type: 'i64' as const }] : scalarPlaces(p.name, p.type, false)));
  const signature = params.map((p) => `${p.name}: ${paramTypeText(p.type)}`).join(', ');
  parts.decls.push(...functionLines(`many_${index}(${signature}) -> f64`, (code) => {
    code.line(printLine(`many_${index}`, params.map((p) => p.name)));
    code.line(`return ${scalars.length > 0 ? scalarExpr(valueScope(parts, scalars), 'f64', 3) : '0.5'};`);
  }));
  parts.decls.push(...functionPointers(parts, index), ...mutualRecursion(index), ...genericFunction(index));
  parts.decls.push(...functionLines(`calls_${index}()`, (code) => {
    const scope = valueScope(parts, seedVars(parts, code, 50));
    if (params.some((p) => p.type === 'slice')) code.line(`var arr: [6]i64 = [${Array.from({ length: 6 }, () => scalarExpr(scope, 'i64', 1)).join(', ')}];`);
    for (let c = rng.between(1, 3); c > 0; c--) {
      const r = code.fresh('r');
      code.line(`var ${r} = many_${index}(${params.map((p) => argument(parts, scope, p.type)).join(', ')});`);
      code.line(printLine('many', [r]));
    }
    functionValues(parts, code, index);
    code.line(`var parity = "";`);
    code.block(`for n in 0..${rng.between(3, 12)}`, () => code.line(`parity = concat(parity, to_string(is_even_${index}(n) as i64));`));
    code.line(printLine('parity', ['parity']));
    genericCalls(parts, code, index);
  }));
  parts.main.push(`calls_${index}();`);
}

/** Parameters: scalars mostly, and every other kind of value (a slice stands for `[]i64`). */
function paramType(parts: ProgramParts): VType | 'slice' {
  const { rng } = parts;
  return rng.weighted<() => VType | 'slice'>([
    [() => scalar(rng.weighted<ScalarType>([...NUM_TYPES.map((t) => [t, 1] as const), ['bool', 0.4]])), 7],
    [() => ({ kind: 'struct', decl: rng.pick(parts.structs) }), parts.structs.length > 0 ? 1 : 0],
    [() => ({ kind: 'enum', decl: rng.pick(parts.enums) }), parts.enums.length > 0 ? 0.7 : 0],
    [() => 'slice', 0.7],
    [() => STRING, 0.5],
    [() => ({ kind: 'array', length: 3, element: scalar(int(rng)) }), 0.5],
  ])();
}

function paramTypeText(t: VType | 'slice'): string {
  return t === 'slice' ? '[]i64' : typeText(t);
}

function argument(parts: ProgramParts, scope: ValueScope, t: VType | 'slice'): string {
  if (t !== 'slice') return valueExpr(scope, t, true);
  const [lo, hi, step] = bounds(parts.rng, 6);
  return `arr[${lo}:${hi}:${step}]`;
}

function functionPointers(parts: ProgramParts, index: number): string[] {
  const lines: string[] = [];
  for (let k = 0; k < 3; k++) {
    lines.push(...functionLines(`fp_${index}_${k}(x: i64) -> i64`, (code) => code.line(`return ${scalarExpr(valueScope(parts, [{ name: 'x', type: 'i64' }]), 'i64', 2)};`)));
  }
  lines.push(...functionLines(`apply_${index}(f: fn(i64) -> i64, x: i64, times: i64) -> i64`, (code) => {
    code.line('var r = x;');
    code.block('for _ in 0..times', () => code.line('r = f(r);'));
    code.line('return r;');
  }));
  return lines;
}

function functionValues(parts: ProgramParts, code: Code, index: number): void {
  code.line(`var fs = [fp_${index}_0, fp_${index}_1, fp_${index}_2];`);
  code.block('for i, f in fs', () => code.line(printLine('fp', ['i', 'f(i + seed)', `apply_${index}(f, i, ${parts.rng.between(0, 4)})`])));
  code.line(`var g: fn(i64) -> i64 = fp_${index}_1;`);
  code.block('if seed > 0', () => code.line(`g = fp_${index}_2;`));
  code.line(printLine('g', ['g(seed)', `g == fp_${index}_1`]));
}

function mutualRecursion(index: number): string[] {
  return [
    ...functionLines(`is_even_${index}(n: i64) -> bool`, (code) => {
      code.block('if n <= 0', () => code.line('return n == 0;'));
      code.line(`return is_odd_${index}(n - 1);`);
    }),
    ...functionLines(`is_odd_${index}(n: i64) -> bool`, (code) => {
      code.block('if n <= 0', () => code.line('return false;'));
      code.line(`return is_even_${index}(n - 1);`);
    }),
  ];
}

function genericFunction(index: number): string[] {
  return functionLines(`twice_${index}(a, b)`, (code) => code.line('return a + b * 2;'));
}

function genericCalls(parts: ProgramParts, code: Code, index: number): void {
  const { rng } = parts;
  const calls: string[] = [];
  for (const t of [num(rng), num(rng), num(rng)]) {
    const [a, b] = [code.fresh('a'), code.fresh('b')];
    code.line(`var ${a}: ${t} = ${renderTop(literal(rng, t))};`);
    code.line(`var ${b}: ${t} = ${renderTop(literal(rng, t))};`);
    calls.push(`twice_${index}(${a}, ${b})`);
  }
  code.line(printLine('generic', calls));
}
