// Inlining a small recursive function into itself, once: each call of itself becomes a copy of
// its body, whose own calls of itself stay calls. fib after tailrec (one call of itself in a
// loop) then makes half the calls, as gcc's recursive inlining does.
//
// Only functions that cannot stop the program but by a stack overflow (tailrec.ts's
// `cannotStop`: no check, no trap, no call that can fail), so that no run-time error's stack
// trace misses a frame; without stack slots (the copy would need its own) or an aggregate
// result; of at most MAX_INSTRS instructions, with at most MAX_SITES calls of themselves, so
// that the function at most triples in size. A recursion that overflowed the stack now nests
// half as deep: the only change, and in that direction.
//
// The copy's blocks are appended with fresh variables: the call's block jumps to the copy's
// entry after copying the arguments into the copy's parameters, and each `ret v` of the copy
// copies v into the call's destination and jumps to the rest of the call's block.

import type { Block, Instr, IrFunction, IrProgram, Operand, Terminator, Var } from '../ir';
import { mapInstr } from '../map';
import { cannotStop } from './tailrec';

export const MAX_INSTRS = 32;
export const MAX_SITES = 2;

export function inlineSelfCalls(program: IrProgram): IrProgram {
  const safe = cannotStop(program);
  let changed = false;
  const functions = program.functions.map((fn) => {
    if (!safe.has(fn.name) || !fits(fn)) return fn;
    changed = true;
    return inlineInto(fn);
  });
  return changed ? { ...program, functions } : program;
}

function selfCalls(fn: IrFunction): number {
  return fn.blocks.reduce((n, b) => n + b.instrs.filter((i) => i.op === 'call' && i.fn === fn.name).length, 0);
}

function fits(fn: IrFunction): boolean {
  if (fn.slots.length > 0 || fn.sret) return false;
  const size = fn.blocks.reduce((n, b) => n + b.instrs.length, 0);
  const sites = selfCalls(fn);
  return sites > 0 && sites <= MAX_SITES && size <= MAX_INSTRS;
}

function inlineInto(fn: IrFunction): IrFunction {
  const vars = [...fn.vars];
  // Block ids are indices: the original blocks keep theirs; the rest of a split block and the
  // copies of the body are appended.
  const blocks: Block[] = fn.blocks.map((b) => ({ id: b.id, instrs: [...b.instrs], locs: [...b.locs], terminator: b.terminator }));
  // The original blocks, and the rests split off them, may hold self calls; the copies' stay.
  const work = blocks.map((b) => b.id);
  while (work.length > 0) {
    const b = work.pop()!;
    const block = blocks[b]!;
    const at = block.instrs.findIndex((i) => i.op === 'call' && i.fn === fn.name);
    if (at < 0) continue;
    const call = block.instrs[at] as Extract<Instr, { op: 'call' }>;
    const loc = block.locs[at]!;
    const rest = blocks.length;
    blocks.push({ id: rest, instrs: block.instrs.slice(at + 1), locs: block.locs.slice(at + 1), terminator: block.terminator });
    const { copy, argCopies } = copyBody(fn, call, rest, blocks.length, loc, vars);
    blocks.push(...copy);
    blocks[b] = {
      id: b,
      instrs: [...block.instrs.slice(0, at), ...argCopies],
      locs: [...block.locs.slice(0, at), ...argCopies.map(() => loc), loc],
      terminator: { op: 'jmp', target: copy[0]!.id },
    };
    work.push(rest);
  }
  return { ...fn, vars, blocks };
}

/**
 * A copy of `fn`'s body over fresh variables, its blocks numbered from `first`, whose returns
 * give their value to the call's destination and go to block `rest`; and the copies of the
 * call's arguments into the copy's parameters.
 */
function copyBody(fn: IrFunction, call: Extract<Instr, { op: 'call' }>, rest: number, first: number, loc: number, vars: Var[]): { copy: Block[]; argCopies: Instr[] } {
  const renamed = new Map<number, Var>();
  const rename = (v: Var): Var => {
    let r = renamed.get(v.id);
    if (!r) {
      r = { id: vars.length, type: v.type, name: v.name };
      vars.push(r);
      renamed.set(v.id, r);
    }
    return r;
  };
  const operand = (o: Operand): Operand => (o.kind === 'var' ? { kind: 'var', var: rename(o.var) } : o);
  const argCopies: Instr[] = fn.params.map((p, k) => ({ op: 'copy', dst: rename(p), src: call.args[k]! }));
  const copy = fn.blocks.map((b, k): Block => {
    const instrs = b.instrs.map((i) => mapInstr(i, operand, rename));
    const locs = [...b.locs];
    const t = b.terminator;
    let terminator: Terminator;
    switch (t.op) {
      case 'ret':
        if (call.dst && t.value) {
          instrs.push({ op: 'copy', dst: call.dst, src: operand(t.value) });
          locs.splice(locs.length - 1, 0, loc);
        }
        terminator = { op: 'jmp', target: rest };
        break;
      case 'jmp':
        terminator = { op: 'jmp', target: first + t.target };
        break;
      case 'br':
        terminator = { op: 'br', cond: operand(t.cond), then: first + t.then, else: first + t.else };
        break;
      default:
        throw new Error(`self-inline: a ${t.op} in ${fn.name}, which cannot stop the program`);
    }
    return { id: first + k, instrs, locs, terminator };
  });
  return { copy, argCopies };
}
