// Inlining of small leaf functions: a call of a function whose body is one block of at most
// MAX_INSTRS instructions that cannot stop the program (no call of any kind, no check, no trap)
// and uses no stack slot becomes that block's instructions, its parameters copied from the
// arguments and its result copied to the call's destination.
//
// The restrictions keep what a user sees: nothing in an inlined body can fail, so no run-time
// error and no stack trace ever names a frame that is no longer there; without slots there is
// no memory whose reuse in a loop could matter; one block needs no new control flow. They are
// also where inlining pays most: a call in an inner loop to a formula (spectral_norm's eval_a)
// costs more than the formula. The size budget keeps binaries from growing: a body of at most
// MAX_INSTRS instructions is about what the call sequence it replaces costs (argument moves,
// the call, saving and restoring registers around it). Seed 001's other rule, inlining a
// function called only once whatever its size, needs a body with control flow: not yet.

import type { Block, Instr, IrFunction, IrProgram, Operand, Var } from '../ir';
import { mapInstr } from '../map';
import { definedBy, operandsOf } from '../verify';

/** The largest body inlined (instructions, not counting the return). */
export const MAX_INSTRS = 24;

const CALLS = new Set(['call', 'callind', 'callforeign', 'rt', 'check']);

/** Whether calls of `fn` may be replaced by its body. */
export function isInlinable(fn: IrFunction): boolean {
  if (fn.blocks.length !== 1 || fn.slots.length > 0 || fn.sret) return false;
  const block = fn.blocks[0]!;
  if (block.terminator.op !== 'ret' || block.instrs.length > MAX_INSTRS) return false;
  if (block.instrs.some((i) => CALLS.has(i.op))) return false;
  // Every variable is written before it is read (nothing relies on a fresh frame's zeros).
  const defined = new Set(fn.params.map((p) => p.id));
  for (const i of block.instrs) {
    for (const o of operandsOf(i)) if (o.kind === 'var' && !defined.has(o.var.id)) return false;
    const d = definedBy(i);
    if (d) defined.add(d.id);
  }
  const ret = block.terminator.value;
  return !(ret?.kind === 'var' && !defined.has(ret.var.id));
}

/** Every call of an inlinable function in the program's functions, replaced by its body. */
export function inlineLeafCalls(program: IrProgram): IrProgram {
  const inlinable = new Map(program.functions.filter(isInlinable).map((f) => [f.name, f]));
  if (inlinable.size === 0) return program;
  return { ...program, functions: program.functions.map((fn) => inlineInto(fn, inlinable)) };
}

/** One function with the calls of `inlinable` functions in it inlined. */
export function inlineInto(fn: IrFunction, inlinable: ReadonlyMap<string, IrFunction>): IrFunction {
  if (!fn.blocks.some((b) => b.instrs.some((i) => i.op === 'call' && inlinable.has(i.fn) && i.fn !== fn.name))) return fn;
  const vars = [...fn.vars];
  const fresh = (v: Var): Var => {
    const copy: Var = { id: vars.length, type: v.type, name: v.name };
    vars.push(copy);
    return copy;
  };
  const blocks = fn.blocks.map((block): Block => {
    const instrs: Instr[] = [];
    const locs: number[] = [];
    block.instrs.forEach((i, index) => {
      const loc = block.locs[index] ?? fn.loc;
      const callee = i.op === 'call' && i.fn !== fn.name ? inlinable.get(i.fn) : undefined;
      if (!callee || i.op !== 'call') {
        instrs.push(i);
        locs.push(loc);
        return;
      }
      const body = expand(callee, i.args, i.dst, fresh);
      instrs.push(...body);
      for (let k = 0; k < body.length; k++) locs.push(loc);
    });
    locs.push(block.locs[block.instrs.length] ?? fn.loc);
    return { ...block, instrs, locs };
  });
  return { ...fn, vars, blocks };
}

/** The callee's instructions over fresh variables: parameters from the arguments, the result to `dst`. */
function expand(callee: IrFunction, args: readonly Operand[], dst: Var | undefined, fresh: (v: Var) => Var): Instr[] {
  const renamed = new Map<number, Var>();
  const rename = (v: Var): Var => {
    let r = renamed.get(v.id);
    if (!r) {
      r = fresh(v);
      renamed.set(v.id, r);
    }
    return r;
  };
  const operand = (o: Operand): Operand => (o.kind === 'var' ? { kind: 'var', var: rename(o.var) } : o);
  const out: Instr[] = callee.params.map((p, k) => ({ op: 'copy', dst: rename(p), src: args[k]! }));
  const block = callee.blocks[0]!;
  for (const i of block.instrs) out.push(mapInstr(i, operand, rename));
  const ret = block.terminator.op === 'ret' ? block.terminator.value : undefined;
  if (dst && ret) out.push({ op: 'copy', dst, src: operand(ret) });
  return out;
}
