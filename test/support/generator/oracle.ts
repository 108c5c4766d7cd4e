// The oracle part of a generated program: functions on scalars whose every printed value the
// generator also computes, with the reference semantics of scalars.ts. Each `oracle_K` takes up
// to ten parameters of mixed integer, float and bool types, is called two or three times from
// `main` with literal arguments, and runs a random body: declarations, plain and compound
// assignments, `if`/`else`, `for` over small constant ranges, `while` loops with a counter
// (incremented first, so `continue` cannot skip it), `break`/`continue` under a condition,
// calls of helper functions (pure, some recursive on a depth parameter that every call
// passes as 0..3 and that decreases by one), `&&`/`||` whose operands call `tick`, which
// updates a global, and lines `@K.N v1 v2 ...` printing values. The evaluator runs the same
// tree and gives the `@` lines the program must print, in order.
//
// Termination: loops have constant bounds of at most 7 iterations and nest at most twice;
// recursion depth is at most 3 and helpers call only helpers defined before them.

import {
  evaluate, explicit, extend, generate, literal, render, renderTop, TICK_GLOBAL,
  type Callable, type EvalEnv, type Expr, type ExprScope, type Variable,
} from './expressions';
import type { Random } from './random';
import { formatValue, literalText, minOf, wrap, NUM_TYPES, INT_TYPES, signed, type NumType, type ScalarType, type Value } from './scalars';

export type Stmt =
  | { readonly kind: 'decl'; readonly name: string; readonly type: ScalarType; readonly init: Expr }
  | { readonly kind: 'assign'; readonly name: string; readonly value: Expr; readonly compound: boolean }
  | { readonly kind: 'print'; readonly tag: string; readonly values: readonly Expr[] }
  | { readonly kind: 'if'; readonly cond: Expr; readonly then: readonly Stmt[]; readonly otherwise: readonly Stmt[] | undefined }
  | { readonly kind: 'for'; readonly name: string; readonly lo: number; readonly hi: number; readonly inclusive: boolean; readonly body: readonly Stmt[] }
  | { readonly kind: 'while'; readonly counter: string; readonly limit: number; readonly cond: Expr | undefined; readonly body: readonly Stmt[] }
  | { readonly kind: 'jump'; readonly cond: Expr; readonly jump: 'break' | 'continue' };

export interface Helper extends Callable {
  readonly paramNames: readonly string[];
  readonly locals: readonly { readonly name: string; readonly type: ScalarType; readonly init: Expr }[];
  /** The result when not recursive, or at depth <= 0. */
  readonly base: Expr;
  /** The result of a recursive helper above depth 0 (it calls the helper once). */
  readonly step: Expr | undefined;
}

export interface OracleFunction {
  readonly name: string;
  readonly params: readonly Variable[];
  readonly body: readonly Stmt[];
  readonly calls: readonly (readonly Expr[])[];
}

export interface Oracle {
  readonly helpers: readonly Helper[];
  readonly functions: readonly OracleFunction[];
}

// ------------------------------------------------------------------ generation

/** Names read anywhere (a variable never read is declared as `_name`, which warns of nothing). */
class Names {
  private count = 0;
  readonly read = new Set<string>();
  private ticks = 0;
  fresh(prefix: string): string {
    return `${prefix}${this.count++}`;
  }
  nextTick = (): number => ++this.ticks;
}

function scopeOf(rng: Random, names: Names, vars: readonly Variable[], callables: readonly Callable[], ticks: boolean): ExprScope {
  return { rng, vars, callables, ticks, use: (n) => names.read.add(n), nextTick: names.nextTick };
}

export function generateOracle(rng: Random, functions: number, names = new Names()): Oracle & { readonly read: ReadonlySet<string> } {
  const helpers: Helper[] = [];
  const helperCount = rng.between(1, 4);
  for (let i = 0; i < helperCount; i++) helpers.push(generateHelper(rng, names, helpers, i));
  const fns: OracleFunction[] = [];
  for (let i = 0; i < functions; i++) fns.push(generateFunction(rng, names, helpers, i));
  return { helpers, functions: fns, read: names.read };
}

function randomType(rng: Random, boolWeight = 0.5): ScalarType {
  return rng.weighted<ScalarType>([...NUM_TYPES.map((t) => [t, 1] as const), ['bool', boolWeight]]);
}

function generateHelper(rng: Random, names: Names, earlier: readonly Helper[], index: number): Helper {
  const recursive = rng.chance(0.6);
  const name = `h${index}`;
  const params: Variable[] = [];
  if (recursive) params.push({ name: names.fresh('d'), type: 'i64' });
  const count = rng.between(1, 5);
  for (let i = 0; i < count; i++) params.push({ name: names.fresh('a'), type: randomType(rng) });
  const result = rng.pick(NUM_TYPES);
  const self: Callable = { name, params: params.map((p) => p.type), result, depthFirst: recursive };
  const scope = (vars: readonly Variable[]) => scopeOf(rng, names, vars, earlier, false);
  const locals: { name: string; type: ScalarType; init: Expr }[] = [];
  const vars = [...params];
  for (let i = rng.between(0, 2); i > 0; i--) {
    const local = { name: names.fresh('t'), type: randomType(rng) };
    locals.push({ ...local, init: generate(scope(vars), local.type, 3) });
    vars.push(local);
  }
  // A recursive helper returns `base` at depth <= 0, before its locals are declared.
  const base = generate(scope(recursive ? params : vars), result, 3);
  const step = recursive ? recursiveStep(scope(vars), self, params[0]!) : undefined;
  return { ...self, paramNames: params.map((p) => p.name), locals, base, step };
}

/** `(self(d - 1, ...) op e)`. */
function recursiveStep(scope: ExprScope, self: Callable, depth: Variable): Expr {
  scope.use(depth.name);
  const less: Expr = { kind: 'binary', type: 'i64', op: '-', left: { kind: 'var', type: 'i64', name: depth.name }, right: { kind: 'lit', type: 'i64', value: 1n, text: '1' } };
  const args = [less, ...self.params.slice(1).map((p) => generate(scope, p, 2, true))];
  const call: Expr = { kind: 'call', type: self.result, fn: self.name, args };
  return extend(scope, call, self.result as NumType, 2);
}

interface Block {
  readonly vars: Variable[];
  /** Locals that may be assigned (not parameters, loop variables or counters). */
  readonly assignable: Variable[];
}

interface FunctionState {
  readonly rng: Random;
  readonly names: Names;
  readonly helpers: readonly Helper[];
  readonly index: number;
  statements: number;
}

function generateFunction(rng: Random, names: Names, helpers: readonly Helper[], index: number): OracleFunction {
  const params: Variable[] = [];
  for (let i = rng.between(1, 10); i > 0; i--) params.push({ name: names.fresh('p'), type: randomType(rng, 0.3) });
  const state: FunctionState = { rng, names, helpers, index, statements: 0 };
  const top: Block = { vars: [...params], assignable: [] };
  const body = [...specials(state, top), ...statements(state, top, rng.between(5, 12), 0, false)];
  const shown = top.vars.filter((v) => !params.includes(v) || rng.chance(0.3));
  for (const v of shown) names.read.add(v.name);
  body.push({ kind: 'print', tag: `${index}.end`, values: [...shown.map((v): Expr => ({ kind: 'var', type: v.type, name: v.name })), { kind: 'var', type: 'i64', name: TICK_GLOBAL }] });
  const calls = Array.from({ length: rng.between(2, 3) }, () => params.map((p) => literal(rng, p.type)));
  return { name: `oracle_${index}`, params, body, calls };
}

/** The variables that make the corner cases likely: the minimum and -1 of signed types, NaN and infinity. */
function specials(state: FunctionState, block: Block): Stmt[] {
  const { rng } = state;
  const out: Stmt[] = [];
  for (const t of INT_TYPES.filter((t) => signed(t) && rng.chance(0.5))) {
    const min = minOf(t);
    out.push(declare(block, `min_${t}`, t, { kind: 'lit', type: t, value: min, text: literalText(t, min) }));
    out.push(declare(block, `neg_${t}`, t, { kind: 'lit', type: t, value: -1n, text: '(-1)' }));
  }
  if (rng.chance(0.5)) {
    const t = rng.pick(['f32', 'f64'] as const);
    const zero: Expr = { kind: 'var', type: t, name: `zero_${t}` };
    out.push(declare(block, `zero_${t}`, t, { kind: 'lit', type: t, value: 0, text: '0.0' }));
    out.push(declare(block, `nan_${t}`, t, { kind: 'binary', type: t, op: '/', left: zero, right: zero }));
    out.push(declare(block, `inf_${t}`, t, { kind: 'binary', type: t, op: '/', left: { kind: 'lit', type: t, value: 1, text: '1.0' }, right: zero }));
    state.names.read.add(`zero_${t}`);
  }
  return out;
}

function declare(block: Block, name: string, type: ScalarType, init: Expr): Stmt {
  const v = { name, type };
  block.vars.push(v);
  block.assignable.push(v);
  return { kind: 'decl', name, type, init };
}

function statements(state: FunctionState, outer: Block, count: number, nesting: number, inLoop: boolean): Stmt[] {
  const block: Block = { vars: [...outer.vars], assignable: [...outer.assignable] };
  const out: Stmt[] = [];
  for (let i = 0; i < count; i++) out.push(statement(state, block, nesting, inLoop));
  return out;
}

function statement(state: FunctionState, block: Block, nesting: number, inLoop: boolean): Stmt {
  const { rng } = state;
  const nest = nesting < 2 ? 1 : 0;
  const kind = rng.weighted([
    ['decl', 4],
    ['assign', block.assignable.length > 0 ? 3 : 0],
    ['print', 3],
    ['if', 1.5 * nest],
    ['for', 1.2 * nest],
    ['while', 0.8 * nest],
    ['jump', inLoop ? 0.7 : 0],
  ] as const);
  const scope = (ticks: boolean) => scopeOf(rng, state.names, block.vars, state.helpers, ticks);
  switch (kind) {
    case 'decl': {
      const type = randomType(rng);
      const init = generate(scope(true), type, 3);
      return declare(block, state.names.fresh('v'), type, init);
    }
    case 'assign':
      return assignment(scope(true), rng.pick(block.assignable));
    case 'print':
      return { kind: 'print', tag: `${state.index}.${state.statements++}`, values: Array.from({ length: rng.between(1, 3) }, () => explicit(generate(scope(false), randomType(rng), 3))) };
    case 'if': {
      const cond = generate(scope(true), 'bool', 3);
      const then = statements(state, block, rng.between(1, 3), nesting + 1, inLoop);
      const otherwise = rng.chance(0.6) ? statements(state, block, rng.between(1, 3), nesting + 1, inLoop) : undefined;
      return { kind: 'if', cond, then, otherwise };
    }
    case 'for':
      return forLoop(state, block, nesting);
    case 'while':
      return whileLoop(state, block, nesting, scope(true));
    case 'jump':
      return { kind: 'jump', cond: generate(scope(true), 'bool', 2), jump: rng.pick(['break', 'continue'] as const) };
  }
}

function forLoop(state: FunctionState, block: Block, nesting: number): Stmt {
  const { rng } = state;
  const lo = rng.between(-2, 3);
  const hi = lo + rng.between(0, 6);
  const name = state.names.fresh('i');
  const inner: Block = { vars: [...block.vars, { name, type: 'i64' }], assignable: block.assignable };
  const body = statements(state, inner, rng.between(1, 4), nesting + 1, true);
  return { kind: 'for', name, lo, hi, inclusive: rng.chance(0.3), body };
}

function whileLoop(state: FunctionState, block: Block, nesting: number, scope: ExprScope): Stmt {
  const { rng } = state;
  const counter = state.names.fresh('c');
  state.names.read.add(counter);
  const cond = rng.chance(0.5) ? generate(scope, 'bool', 2) : undefined;
  const inner: Block = { vars: [...block.vars, { name: counter, type: 'i64' }], assignable: block.assignable };
  const body = statements(state, inner, rng.between(1, 4), nesting + 1, true);
  return { kind: 'while', counter, limit: rng.between(0, 5), cond, body };
}

/** `x = e`, or `x op= e` (the value is the tree of `x op e`). */
function assignment(scope: ExprScope, target: Variable): Stmt {
  const t = target.type;
  if (t === 'bool' || scope.rng.chance(0.4)) return { kind: 'assign', name: target.name, value: generate(scope, t, 3), compound: false };
  const self: Expr = { kind: 'var', type: t, name: target.name };
  return { kind: 'assign', name: target.name, value: extend(scope, self, t as NumType, 2), compound: true };
}

// ------------------------------------------------------------------ rendering

const INDENT = '    ';

export function renderOracle(oracle: Oracle, read: ReadonlySet<string>): string[] {
  const name = (n: string) => (read.has(n) ? n : `_${n}`);
  const lines: string[] = [];
  for (const h of oracle.helpers) lines.push(...renderHelper(h, name), '');
  for (const f of oracle.functions) {
    const params = f.params.map((p) => `${p.name}: ${p.type}`).join(', ');
    lines.push(`fn ${f.name}(${params}) {`);
    for (const s of f.body) lines.push(...renderStmt(s, name, 1));
    lines.push('}', '');
  }
  return lines;
}

export function renderOracleCalls(oracle: Oracle): string[] {
  return oracle.functions.flatMap((f) => f.calls.map((args) => `${f.name}(${args.map(render).join(', ')});`));
}

function renderHelper(h: Helper, name: (n: string) => string): string[] {
  const params = h.paramNames.map((p, i) => `${p}: ${h.params[i]}`).join(', ');
  const lines = [`fn ${h.name}(${params}) -> ${h.result} {`];
  if (h.step) lines.push(`${INDENT}if ${h.paramNames[0]} <= 0 {`, `${INDENT}${INDENT}return ${renderTop(h.base)};`, `${INDENT}}`);
  for (const l of h.locals) lines.push(`${INDENT}var ${name(l.name)}: ${l.type} = ${renderTop(l.init)};`);
  lines.push(`${INDENT}return ${renderTop(h.step ?? h.base)};`, '}');
  return lines;
}

function renderStmt(s: Stmt, name: (n: string) => string, level: number): string[] {
  const pad = INDENT.repeat(level);
  const block = (body: readonly Stmt[]) => body.flatMap((b) => renderStmt(b, name, level + 1));
  switch (s.kind) {
    case 'decl':
      return [`${pad}var ${name(s.name)}: ${s.type} = ${renderTop(s.init)};`];
    case 'assign':
      if (s.value.kind === 'binary' && s.compound) return [`${pad}${name(s.name)} ${s.value.op}= ${renderTop(s.value.right)};`];
      return [`${pad}${name(s.name)} = ${renderTop(s.value)};`];
    case 'print':
      return [`${pad}println("@${s.tag}", ${s.values.map((v) => `" ", ${renderTop(v)}`).join(', ')});`];
    case 'if': {
      const lines = [`${pad}if ${renderTop(s.cond)} {`, ...block(s.then)];
      if (s.otherwise) lines.push(`${pad}} else {`, ...block(s.otherwise));
      return [...lines, `${pad}}`];
    }
    case 'for': {
      const range = `${s.lo < 0 ? `(${s.lo})` : s.lo}..${s.inclusive ? '=' : ''}${s.hi}`;
      return [`${pad}for ${name(s.name)} in ${range} {`, ...block(s.body), `${pad}}`];
    }
    case 'while': {
      const cond = s.cond ? ` && ${render(s.cond)}` : '';
      return [`${pad}var ${s.counter}: i64 = 0;`, `${pad}while ${s.counter} < ${s.limit}${cond} {`, `${pad}${INDENT}${s.counter} += 1;`, ...block(s.body), `${pad}}`];
    }
    case 'jump':
      return [`${pad}if ${renderTop(s.cond)} {`, `${pad}${INDENT}${s.jump};`, `${pad}}`];
  }
}

// ------------------------------------------------------------------ evaluation

type Flow = 'normal' | 'break' | 'continue';

/** Runs the oracle functions as `main` calls them; returns the `@` lines they print. */
export function expectedOracleLines(oracle: Oracle): string[] {
  const machine = new Machine(oracle);
  for (const f of oracle.functions) for (const args of f.calls) machine.runFunction(f, args.map((a) => evaluate(a, machine.frame(new Map()))));
  return machine.lines;
}

class Machine {
  ticks = 0n;
  readonly lines: string[] = [];
  private readonly helpers: ReadonlyMap<string, Helper>;

  constructor(oracle: Oracle) {
    this.helpers = new Map(oracle.helpers.map((h) => [h.name, h]));
  }

  frame(vars: Map<string, Value>): EvalEnv {
    return {
      get: (name) => {
        if (name === TICK_GLOBAL) return this.ticks;
        const v = vars.get(name);
        if (v === undefined) throw new Error(`the oracle read ${name} before it was set`);
        return v;
      },
      call: (fn, args) => this.callHelper(fn, args),
      tick: (id) => {
        this.ticks = wrap('i64', this.ticks * 7n + BigInt(id));
      },
    };
  }

  runFunction(f: OracleFunction, args: readonly Value[]): void {
    const vars = new Map<string, Value>(f.params.map((p, i) => [p.name, args[i]!]));
    this.block(f.body, vars);
  }

  private callHelper(fn: string, args: readonly Value[]): Value {
    const h = this.helpers.get(fn);
    if (!h) throw new Error(`no helper ${fn}`);
    const vars = new Map<string, Value>(h.paramNames.map((p, i) => [p, args[i]!]));
    const env = this.frame(vars);
    if (h.step && (args[0] as bigint) <= 0n) return evaluate(h.base, env);
    for (const l of h.locals) vars.set(l.name, evaluate(l.init, env));
    return evaluate(h.step ?? h.base, env);
  }

  private block(body: readonly Stmt[], vars: Map<string, Value>): Flow {
    for (const s of body) {
      const flow = this.statement(s, vars);
      if (flow !== 'normal') return flow;
    }
    return 'normal';
  }

  private statement(s: Stmt, vars: Map<string, Value>): Flow {
    const env = this.frame(vars);
    switch (s.kind) {
      case 'decl':
        vars.set(s.name, evaluate(s.init, env));
        return 'normal';
      case 'assign':
        vars.set(s.name, evaluate(s.value, env));
        return 'normal';
      case 'print':
        this.lines.push(`@${s.tag}${s.values.map((v) => ` ${formatValue(v.type, evaluate(v, env))}`).join('')}`);
        return 'normal';
      case 'if':
        if (evaluate(s.cond, env)) return this.block(s.then, vars);
        return s.otherwise ? this.block(s.otherwise, vars) : 'normal';
      case 'for':
        return this.forLoop(s, vars);
      case 'while':
        return this.whileLoop(s, vars);
      case 'jump':
        return evaluate(s.cond, env) ? s.jump : 'normal';
    }
  }

  private forLoop(s: Extract<Stmt, { kind: 'for' }>, vars: Map<string, Value>): Flow {
    const end = s.inclusive ? s.hi : s.hi - 1;
    for (let i = s.lo; i <= end; i++) {
      vars.set(s.name, BigInt(i));
      if (this.block(s.body, vars) === 'break') break;
    }
    return 'normal';
  }

  private whileLoop(s: Extract<Stmt, { kind: 'while' }>, vars: Map<string, Value>): Flow {
    vars.set(s.counter, 0n);
    const env = this.frame(vars);
    while ((vars.get(s.counter) as bigint) < BigInt(s.limit) && (!s.cond || evaluate(s.cond, env))) {
      vars.set(s.counter, (vars.get(s.counter) as bigint) + 1n);
      if (this.block(s.body, vars) === 'break') break;
    }
    return 'normal';
  }
}
