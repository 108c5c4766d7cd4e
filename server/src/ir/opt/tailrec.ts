// Tail recursion elimination: a function's calls of itself in tail position become jumps back
// to its start with the parameters reassigned, so that the recursion is a loop.
//
// - `return f(args)`: the parameters get the arguments (all at once: arguments that read a
//   parameter being reassigned are copied first) and control goes back to the start.
// - `return f(args) OP e` and `return e OP f(args)`, OP an integer `+ * & | ^` (associative and
//   commutative: integer arithmetic wraps, docs/language.md, so the order does not change the
//   bits) and e computed before the call: an accumulator, OP's identity at the start, becomes
//   `acc OP e` there instead (accumulator recursion elimination, LLVM's name), and every other
//   `return v` becomes `return acc OP v`. So `fib(n - 1) + fib(n - 2)` keeps one call and loops
//   for the other. Floating point is never reassociated: its operations are not candidates.
//
// Between the call and the `ret` there may be nothing but copies of the result, OP with
// operands that do not depend on the call, and computations that do not depend on it either
// and cannot fail (`f(n - 1) * (n | 1)` computes `n | 1` after the call): those run before the
// jump instead. A `defer`'s code is there too: such calls stay calls.
//
// What is refused, so that nothing a user sees changes:
// - a function that can stop the program other than by overflowing the stack (a check, a trap,
//   a call that can fail, a memory access through a pointer that may be bad): a run-time error's
//   stack trace names every frame the recursion made, and after the pass there would be fewer;
//   the calls of other functions it makes must be of functions that cannot stop it either;
// - a function with stack slots (a parameter whose address is taken, a local aggregate): a
//   slot's address may be in an argument or survive into the next round, whose slots are the
//   same memory; and a function returning an aggregate (its hidden result pointer).
// A loop uses no stack, so a program that overflowed the stack may now run to its end, or run
// forever (`f(n) = f(n + 1) + 1`): the only change, and in that direction. The calls that stay
// are calls the original made, each nested no deeper than before.
//
// Parameters reassigned in the loop are no longer read-only (readonly-loads hoists loads
// through those to the entry): they leave `readonlyParams`.

import type { BinaryOp, Block, Instr, IrFunction, IrProgram, IrType, Operand, Terminator, Var } from '../ir';
import { bitsOf } from '../ir';
import { successors } from '../builder';
import { isPure } from '../map';
import { RUNTIME } from '../runtime';
import { definedBy, operandsOf } from '../verify';

/** The integer operations an accumulator may gather, with their identities. */
const IDENTITY: Partial<Record<BinaryOp, bigint>> = { add: 0n, mul: 1n, and: -1n, or: 0n, xor: 0n };

const INT_TYPES: ReadonlySet<IrType> = new Set<IrType>(['i8', 'i16', 'i32', 'i64']);

/** Every function of the program with its tail recursion eliminated, where that is safe. */
export function eliminateTailRecursion(program: IrProgram): IrProgram {
  const safe = cannotStop(program);
  let changed = false;
  const functions = program.functions.map((fn) => {
    if (!safe.has(fn.name)) return fn;
    const out = eliminateIn(fn);
    if (out !== fn) changed = true;
    return out;
  });
  return changed ? { ...program, functions } : program;
}

/**
 * The functions that cannot stop the program, except by a stack overflow: no check, no trap,
 * no indirect or foreign call, no runtime function that can fail or reads memory a pointer
 * variable gives, memory reached only through globals, strings, slots and read-only parameters,
 * and calls only of functions of this set (the largest such set: recursion does not disqualify).
 */
export function cannotStop(program: IrProgram): Set<string> {
  const candidates = new Map<string, IrFunction>();
  for (const fn of program.functions) if (locallySafe(fn)) candidates.set(fn.name, fn);
  let changed = true;
  while (changed) {
    changed = false;
    for (const [name, fn] of candidates) {
      const callsUnsafe = fn.blocks.some((b) => b.instrs.some((i) => i.op === 'call' && !candidates.has(i.fn)));
      if (callsUnsafe) {
        candidates.delete(name);
        changed = true;
      }
    }
  }
  return new Set(candidates.keys());
}

function locallySafe(fn: IrFunction): boolean {
  const readonly = new Set(fn.readonlyParams ?? []);
  // An address that is valid memory: a global, a string, one of the function's slots, or a
  // read-only parameter (the caller's copy) at an offset the lowering gives (inside it).
  const valid = (o: Operand) => o.kind === 'global' || o.kind === 'string' || o.kind === 'slot' || (o.kind === 'var' && readonly.has(o.var.id));
  const constantAddress = (o: Operand) => o.kind === 'global' || o.kind === 'string' || o.kind === 'slot';
  for (const b of fn.blocks) {
    if (b.terminator.op === 'trap') return false;
    for (const i of b.instrs) {
      switch (i.op) {
        case 'check':
        case 'callind':
        case 'callforeign':
          return false;
        case 'rt': {
          const callee = RUNTIME[i.fn];
          if (!callee || i.fn === 'alloc_size') return false;
          // Pointers the runtime reads or writes must be memory that exists.
          if (callee.params.some((t, k) => t === 'ptr' && !constantAddress(i.args[k]!))) return false;
          break;
        }
        case 'load':
          if (!valid(i.addr)) return false;
          break;
        case 'store':
          if (!valid(i.addr)) return false;
          break;
        case 'memcpy':
          if (!constantAddress(i.dst) || !valid(i.src)) return false;
          break;
        case 'memzero':
          if (!constantAddress(i.dst) || i.size.kind !== 'int') return false;
          break;
        default:
          break;
      }
    }
  }
  return true;
}

/** A self call in tail position: the block and index of the call, and what OP gathers. */
interface Site {
  readonly block: number;
  readonly index: number;
  readonly args: readonly Operand[];
  /** OP and the operands e of `f(args) OP e` (none: a plain tail call). */
  readonly op: { readonly kind: BinaryOp; readonly type: IrType } | undefined;
  readonly operands: readonly Operand[];
  /** The instructions between the call and the `ret` that do not depend on it, with their locations. */
  readonly hoisted: readonly Instr[];
  readonly hoistedLocs: readonly number[];
}

/** What follows the call at `index` of `block` up to the `ret`, if the call is in tail position. */
function tailSite(fn: IrFunction, block: number, index: number): Site | undefined {
  const call = fn.blocks[block]!.instrs[index]!;
  if (call.op !== 'call') return undefined;
  // `holders`: the variables holding the value the function will return; `tainted`: every
  // variable computed from the call's result; `assigned`: those assigned since the call (each
  // at most once); `read`: those the call and the instructions since read (a variable read
  // there is not assigned later, so that moving an assignment before the call changes no read).
  let holders = new Set<number>(call.dst ? [call.dst.id] : []);
  const tainted = new Set<number>(holders);
  const assigned = new Set<number>(holders);
  const read = new Set<number>(call.args.flatMap((a) => (a.kind === 'var' ? [a.var.id] : [])));
  let op: Site['op'];
  const operands: Operand[] = [];
  const hoisted: Instr[] = [];
  const hoistedLocs: number[] = [];
  const held = (o: Operand) => o.kind === 'var' && holders.has(o.var.id);
  const fromCall = (o: Operand) => o.kind === 'var' && tainted.has(o.var.id);
  const visited = new Set<number>();
  let b = block;
  let from = index + 1;
  for (;;) {
    const current = fn.blocks[b]!;
    for (let k = from; k < current.instrs.length; k++) {
      const i = current.instrs[k]!;
      const dst = definedBy(i);
      if (!dst || assigned.has(dst.id)) return undefined;
      assigned.add(dst.id);
      if (i.op === 'copy' && i.src.kind === 'var' && holders.has(i.src.var.id) && i.dst.type === i.src.var.type) {
        holders.add(i.dst.id);
        tainted.add(i.dst.id);
      } else if (i.op === 'binary' && IDENTITY[i.kind] !== undefined && INT_TYPES.has(i.type) && i.type === fn.ret && held(i.a) !== held(i.b)) {
        if (op && (op.kind !== i.kind || op.type !== i.type)) return undefined;
        const e = held(i.a) ? i.b : i.a;
        if (fromCall(e)) return undefined;
        op = { kind: i.kind, type: i.type };
        operands.push(e);
        holders = new Set([i.dst.id]);
        tainted.add(i.dst.id);
      } else if (isPure(i) && i.op !== 'load' && !operandsOf(i).some(fromCall) && !read.has(dst.id)) {
        // Independent of the call, no effect and no trap (a load's address may be bad): it may
        // run before the call (which cannot change a variable).
        hoisted.push(i);
        hoistedLocs.push(current.locs[k] ?? fn.loc);
      } else {
        return undefined;
      }
      for (const o of operandsOf(i)) if (o.kind === 'var') read.add(o.var.id);
    }
    const t = current.terminator;
    const site: Site = { block, index, args: call.args, op, operands, hoisted, hoistedLocs };
    if (t.op === 'ret') {
      if (fn.ret === undefined) return t.value === undefined ? site : undefined;
      return t.value && held(t.value) ? site : undefined;
    }
    if (t.op !== 'jmp' || visited.has(t.target)) return undefined;
    visited.add(b);
    b = t.target;
    from = 0;
  }
}

/** The function with its tail calls of itself as jumps to the start, or itself when there are none. */
export function eliminateIn(fn: IrFunction): IrFunction {
  if (fn.slots.length > 0 || fn.sret) return fn;
  // A read-only parameter (the caller's copy of an aggregate) may only get another such one.
  const readonly = new Set(fn.readonlyParams ?? []);
  const keepsReadonly = (s: Site) => fn.params.every((p, k) => !readonly.has(p.id) || (s.args[k]?.kind === 'var' && readonly.has((s.args[k] as { var: Var }).var.id)));
  let sites: Site[] = [];
  fn.blocks.forEach((b, id) => {
    // Only the last call of a block can be followed by nothing but copies and OP.
    for (let k = b.instrs.length - 1; k >= 0; k--) {
      const i = b.instrs[k]!;
      if (i.op === 'call' || i.op === 'callind' || i.op === 'callforeign' || i.op === 'rt') {
        if (i.op === 'call' && i.fn === fn.name) {
          const site = tailSite(fn, id, k);
          if (site && keepsReadonly(site)) sites.push(site);
        }
        break;
      }
    }
  });
  // One accumulator, of the first site's OP: a call gathered by another OP stays a call (its
  // return is then one of the other returns).
  const op = sites.find((s) => s.op)?.op;
  sites = sites.filter((s) => !s.op || (s.op.kind === op!.kind && s.op.type === op!.type));
  if (sites.length === 0) return fn;

  const vars = [...fn.vars];
  const fresh = (type: IrType, name?: string): Var => {
    const v: Var = { id: vars.length, type, name };
    vars.push(v);
    return v;
  };
  const acc = op ? fresh(op.type, 'acc') : undefined;
  const accumulate = (value: Operand, dst: Var): Instr => ({ op: 'binary', kind: op!.kind, type: op!.type, dst, a: { kind: 'var', var: acc! }, b: value });
  const shift = (t: Terminator): Terminator => {
    switch (t.op) {
      case 'jmp':
        return { op: 'jmp', target: t.target + 1 };
      case 'br':
        return { ...t, then: t.then + 1, else: t.else + 1 };
      default:
        return t;
    }
  };

  const changedParams = new Set<number>();
  const siteAt = new Map(sites.map((s) => [s.block, s]));
  const blocks: Block[] = fn.blocks.map((b): Block => {
    const site = siteAt.get(b.id);
    if (!site) return { id: b.id + 1, instrs: [...b.instrs], terminator: shift(b.terminator), locs: [...b.locs] };
    const loc = b.locs[site.index] ?? fn.loc;
    const instrs = [...b.instrs.slice(0, site.index), ...site.hoisted];
    for (const e of site.operands) instrs.push(accumulate(e, acc!));
    // The parameters from the arguments, as one parallel assignment.
    const changed = fn.params.map((p, k) => ({ p, arg: site.args[k]! })).filter(({ p, arg }) => !(arg.kind === 'var' && arg.var.id === p.id));
    const reassigned = new Set(changed.map(({ p }) => p.id));
    const sources = changed.map(({ arg }) => {
      if (arg.kind !== 'var' || !reassigned.has(arg.var.id)) return arg;
      const copy = fresh(arg.var.type);
      instrs.push({ op: 'copy', dst: copy, src: arg });
      return { kind: 'var', var: copy } as Operand;
    });
    changed.forEach(({ p }, k) => {
      instrs.push({ op: 'copy', dst: p, src: sources[k]! });
      changedParams.add(p.id);
    });
    const locs = [...b.locs.slice(0, site.index), ...site.hoistedLocs, ...instrs.slice(site.index + site.hoisted.length).map(() => loc), loc];
    return { id: b.id + 1, instrs, terminator: { op: 'jmp', target: 1 }, locs };
  });
  // Every other return gives `acc OP v`.
  if (acc) {
    for (const b of blocks) {
      const t = b.terminator;
      if (t.op !== 'ret' || !t.value) continue;
      const result = fresh(acc.type);
      b.instrs.push(accumulate(t.value, result));
      b.locs.splice(b.instrs.length - 1, 0, b.locs[b.instrs.length - 1] ?? fn.loc);
      b.terminator = { op: 'ret', value: { kind: 'var', var: result } };
    }
  }
  const identity = acc ? BigInt.asIntN(bitsOf(acc.type), IDENTITY[op!.kind]!) : 0n;
  const entry: Block = {
    id: 0,
    instrs: acc ? [{ op: 'copy', dst: acc, src: { kind: 'int', type: acc.type, value: identity } }] : [],
    terminator: { op: 'jmp', target: 1 },
    locs: acc ? [fn.loc, fn.loc] : [fn.loc],
  };
  const readonlyParams = fn.readonlyParams?.filter((id) => !changedParams.has(id));
  // No block jumps to the new entry.
  for (const b of blocks) for (const s of successors(b.terminator)) if (s === 0) throw new Error('tailrec: a jump to the entry');
  return { ...fn, vars, blocks: [entry, ...blocks], ...(readonlyParams ? { readonlyParams } : {}) };
}
