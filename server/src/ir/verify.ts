// The IR verifier: every block's jumps land on a block of the function; operand types agree
// with what each instruction says (a `binary.i64` takes two i64s, a `br` an i8, a call its
// callee's parameters, a `ret` the function's type); every variable is assigned on every path
// before it is read; calls name functions, foreign functions and runtime functions that exist.
// The tests run it after every lowering (and the backend after every pass).

import { reversePostorderOf } from './order';
import { successors } from './builder';
import type { Instr, IrFunction, IrProgram, IrType, Operand, Var } from './ir';
import { operandType } from './ir';
import { instrText, terminatorText } from './print';
import { RUNTIME } from './runtime';

export function verifyIr(program: IrProgram): string[] {
  const problems: string[] = [];
  const functions = new Map(program.functions.map((f) => [f.name, f]));
  const foreign = new Map(program.foreign.map((f) => [f.name, f]));
  const globals = new Set(program.globals.map((g) => g.name));
  for (const name of [program.init, program.main.name]) if (!functions.has(name)) problems.push(`the program has no function '${name}'`);
  for (const fn of program.functions) problems.push(...verifyFunction(fn, { functions, foreign, globals, strings: program.strings.length }).map((p) => `${fn.name}: ${p}`));
  return problems;
}

interface Names {
  readonly functions: ReadonlyMap<string, IrFunction>;
  readonly foreign: ReadonlyMap<string, import('./ir').ForeignFunction>;
  readonly globals: ReadonlySet<string>;
  readonly strings: number;
}

/** ptr and i64 are both 64-bit words: a copy may turn one into the other (`as` casts). */
function compatible(a: IrType, b: IrType): boolean {
  return a === b || (a === 'ptr' && b === 'i64') || (a === 'i64' && b === 'ptr');
}

export function verifyFunction(fn: IrFunction, names: Names): string[] {
  const problems: string[] = [];
  const blocks = fn.blocks.length;
  // Sets, not the lists: a function of 10,000 blocks has as many variables and operands.
  const slots = new Set(fn.slots);
  const vars = new Set(fn.vars);
  let where = '';
  const problem = (message: string) => problems.push(`${where}: ${message}`);
  const type = (o: Operand, expected: IrType, what: string) => {
    const actual = operandType(o);
    if (actual !== expected) problem(`${what} is ${actual}, not ${expected}`);
    operandExists(o);
  };
  const operandExists = (o: Operand) => {
    if (o.kind === 'function' && !names.functions.has(o.name)) problem(`no function @${o.name}`);
    if (o.kind === 'global' && !names.globals.has(o.name)) problem(`no global @@${o.name}`);
    if (o.kind === 'string' && (o.index < 0 || o.index >= names.strings)) problem(`no string str#${o.index}`);
    if (o.kind === 'slot' && !slots.has(o.slot)) problem(`slot $${o.slot.id} is not this function's`);
    if (o.kind === 'var' && !vars.has(o.var)) problem(`variable %${o.var.id} is not this function's`);
  };
  const args = (list: readonly Operand[], params: readonly IrType[], what: string, variadic = false) => {
    if (list.length < params.length || (!variadic && list.length > params.length)) problem(`${what} takes ${params.length} arguments, given ${list.length}`);
    list.forEach((a, i) => (params[i] ? type(a, params[i]!, `argument ${i + 1} of ${what}`) : operandExists(a)));
  };
  const result = (dst: Var | undefined, ret: IrType | undefined, what: string) => {
    if (dst && !ret) problem(`${what} returns nothing, but its result is used`);
    if (dst && ret && dst.type !== ret) problem(`${what} returns ${ret}, not ${dst.type}`);
  };

  const check = (i: Instr) => {
    switch (i.op) {
      case 'copy':
        operandExists(i.src);
        if (!compatible(i.dst.type, operandType(i.src))) problem(`a copy of ${operandType(i.src)} into ${i.dst.type}`);
        return;
      case 'binary':
        type(i.a, i.type, 'the left operand');
        type(i.b, ['shl', 'lshr', 'ashr'].includes(i.kind) ? 'i64' : i.type, 'the right operand');
        if (i.dst.type !== i.type) problem(`the result is ${i.dst.type}`);
        if (i.kind.startsWith('f') !== (i.type === 'f32' || i.type === 'f64')) problem(`${i.kind} on ${i.type}`);
        return;
      case 'neg':
      case 'not':
      case 'fneg':
        type(i.a, i.type, 'the operand');
        if (i.dst.type !== i.type) problem(`the result is ${i.dst.type}`);
        return;
      case 'cmp':
        type(i.a, i.type, 'the left operand');
        type(i.b, i.type, 'the right operand');
        if (i.dst.type !== 'i8') problem('a comparison gives an i8');
        return;
      case 'conv':
        type(i.a, i.from, 'the operand');
        return;
      case 'ptradd':
        type(i.base, 'ptr', 'the base');
        type(i.offset, 'i64', 'the offset');
        if (i.dst.type !== 'ptr') problem('ptradd gives a ptr');
        return;
      case 'load':
        type(i.addr, 'ptr', 'the address');
        if (i.dst.type !== i.type) problem(`a load.${i.type} into ${i.dst.type}`);
        return;
      case 'store':
        type(i.addr, 'ptr', 'the address');
        type(i.value, i.type, 'the value stored');
        return;
      case 'memcpy':
        type(i.dst, 'ptr', 'the destination');
        type(i.src, 'ptr', 'the source');
        return;
      case 'memzero':
        type(i.dst, 'ptr', 'the destination');
        type(i.size, 'i64', 'the size');
        return;
      case 'call': {
        const callee = names.functions.get(i.fn);
        if (!callee) return problem(`no function @${i.fn}`);
        args(i.args, callee.params.map((p) => p.type), `@${i.fn}`);
        return result(i.dst, callee.ret, `@${i.fn}`);
      }
      case 'callind':
        type(i.callee, 'ptr', 'the callee');
        type(i.args[0] ?? { kind: 'int', type: 'i8', value: 0n }, 'ptr', 'the context argument');
        for (const a of i.args) operandExists(a);
        return;
      case 'callforeign': {
        const callee = names.foreign.get(i.fn);
        if (!callee) return problem(`no foreign function ${i.fn}`);
        const sig = callee.signature;
        const structResult = sig.ret?.kind === 'struct';
        const params: IrType[] = [...(structResult ? ['ptr' as const] : []), ...sig.params.map((p) => (p.kind === 'scalar' ? p.type : 'ptr'))];
        const variadic = i.variadic.map((v) => (v.kind === 'scalar' ? v.type : 'ptr'));
        args(i.args, [...params, ...variadic], i.fn);
        if (!sig.variadic && i.variadic.length > 0) problem(`${i.fn} is not variadic`);
        return result(i.dst, sig.ret?.kind === 'scalar' ? sig.ret.type : undefined, i.fn);
      }
      case 'rt': {
        const callee = RUNTIME[i.fn];
        if (!callee) return problem(`no runtime function rt.${i.fn}`);
        args(i.args, callee.params, `rt.${i.fn}`);
        return result(i.dst, callee.ret, `rt.${i.fn}`);
      }
      case 'check': {
        const counts: Record<string, number> = { bounds: 2, slice: 3, step: 1, divzero: 1, null: 1, size: 1, contiguous: 1 };
        if (i.args.length !== counts[i.kind]) problem(`check.${i.kind} takes ${counts[i.kind]} operands`);
        for (const a of i.args) operandExists(a);
        return;
      }
    }
  };

  for (const block of fn.blocks) {
    block.instrs.forEach((instr) => {
      where = `b${block.id}: ${instrText(instr)}`;
      check(instr);
    });
    const t = block.terminator;
    where = `b${block.id}: ${terminatorText(t)}`;
    for (const target of successors(t)) if (target < 0 || target >= blocks) problem(`no block b${target}`);
    if (t.op === 'br') type(t.cond, 'i8', 'the condition');
    if (t.op === 'ret') {
      if (t.value && !fn.ret) problem('a value returned from a function that returns nothing');
      if (!t.value && fn.ret) problem(`nothing returned from a function that returns ${fn.ret}`);
      if (t.value && fn.ret) type(t.value, fn.ret, 'the value returned');
    }
  }
  problems.push(...uninitialisedUses(fn));
  return problems;
}

/**
 * Variables read on some path before any assignment: a forward must-analysis over the blocks,
 * with the sets as bit sets over the variables' indices (a function of 10,000 blocks has about as
 * many variables), iterated in reverse postorder until nothing changes.
 */
function uninitialisedUses(fn: IrFunction): string[] {
  const problems: string[] = [];
  const count = fn.blocks.length;
  const preds: number[][] = Array.from({ length: count }, () => []);
  for (const b of fn.blocks) for (const s of successors(b.terminator)) preds[s]?.push(b.id);
  const index = new Map<number, number>();
  fn.vars.forEach((v, k) => index.set(v.id, k));
  const words = Math.ceil(fn.vars.length / 32) || 1;
  const set = (bits: Uint32Array, id: number) => {
    const k = index.get(id);
    if (k !== undefined) bits[k >> 5]! |= 1 << (k & 31);
  };
  const has = (bits: Uint32Array, id: number) => {
    const k = index.get(id);
    return k === undefined || (bits[k >> 5]! & (1 << (k & 31))) !== 0;
  };
  const all = () => new Uint32Array(words).fill(0xffffffff);
  // What each block assigns, and what is assigned at its start on every path (the entry: the
  // parameters; any other block starts from everything, the top of the lattice).
  const defs = fn.blocks.map((b) => {
    const bits = new Uint32Array(words);
    for (const i of b.instrs) {
      const d = definedBy(i);
      if (d) set(bits, d.id);
    }
    return bits;
  });
  const atStart = fn.blocks.map((_, i) => {
    if (i !== 0) return all();
    const bits = new Uint32Array(words);
    for (const p of fn.params) set(bits, p.id);
    return bits;
  });
  const order = reversePostorderOf(count, (b) => successors(fn.blocks[b]!.terminator));
  const meet = new Uint32Array(words);
  for (let changed = true; changed; ) {
    changed = false;
    for (const b of order) {
      if (b === 0 || preds[b]!.length === 0) continue;
      meet.fill(0xffffffff);
      for (const p of preds[b]!) for (let w = 0; w < words; w++) meet[w]! &= atStart[p]![w]! | defs[p]![w]!;
      const start = atStart[b]!;
      for (let w = 0; w < words; w++) {
        if (start[w] !== meet[w]) {
          start[w] = meet[w]!;
          changed = true;
        }
      }
    }
  }
  for (const b of fn.blocks) {
    const assigned = Uint32Array.from(atStart[b.id]!);
    const read = (o: Operand | undefined, text: () => string) => {
      if (o?.kind === 'var' && !has(assigned, o.var.id)) problems.push(`b${b.id}: ${text()}: %${o.var.id} may be read before it is assigned`);
    };
    for (const i of b.instrs) {
      for (const o of operandsOf(i)) read(o, () => instrText(i));
      const defined = definedBy(i);
      if (defined) set(assigned, defined.id);
    }
    const t = b.terminator;
    if (t.op === 'br') read(t.cond, () => terminatorText(t));
    if (t.op === 'ret') read(t.value, () => terminatorText(t));
    if (t.op === 'trap') for (const a of t.args) read(a, () => terminatorText(t));
  }
  return problems;
}

/** The variable an instruction assigns, if any. */
export function definedBy(i: Instr): Var | undefined {
  switch (i.op) {
    case 'store':
    case 'memcpy':
    case 'memzero':
    case 'check':
      return undefined;
    default:
      return i.dst;
  }
}

export function operandsOf(i: Instr): Operand[] {
  switch (i.op) {
    case 'copy':
      return [i.src];
    case 'binary':
    case 'cmp':
      return [i.a, i.b];
    case 'neg':
    case 'not':
    case 'fneg':
    case 'conv':
      return [i.a];
    case 'ptradd':
      return [i.base, i.offset];
    case 'load':
      return [i.addr];
    case 'store':
      return [i.addr, i.value];
    case 'memcpy':
      return [i.dst, i.src];
    case 'memzero':
      return [i.dst, i.size];
    case 'call':
    case 'callforeign':
    case 'rt':
    case 'check':
      return [...i.args];
    case 'callind':
      return [i.callee, ...i.args];
  }
}
