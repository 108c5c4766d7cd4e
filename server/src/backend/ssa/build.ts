// SSA construction: an IR function (variables assigned any number of times) becomes an
// SsaFunction (each value assigned once, block parameters where control flow merges).
//
// The algorithm is Braun, Buchwald, Hack, Leißa, Mallon and Zwinkau, "Simple and Efficient
// Construction of Static Single Assignment Form" (CC 2013): blocks are filled in reverse
// postorder, a variable's reaching value is looked up backwards through the predecessors on
// demand, a block is sealed once all its predecessors are filled, and a parameter whose
// arguments are all one value (or itself) is trivial and replaced by that value. It needs no
// dominator tree, and the result has few parameters before any cleanup.
//
// `copy` instructions disappear here: a copy makes the variable's current value the copied
// operand (a constant or another value), which is copy and constant propagation for free.
// The IR's stack slots are left alone: the IR passes (ir/opt/sroa.ts) already turned the slots
// that can be values into variables.

import type { Instr, IrFunction, IrType, Operand, Var } from '../../ir';
import { isFloat } from '../../ir';
import { mapInstr, mapTerm, newValue, reversePostorder, type Edge, type SsaBlock, type SsaFunction, type SsaTerm } from './ssa';

export function buildSsa(fn: IrFunction): SsaFunction {
  return new SsaBuilder(fn).build();
}

class SsaBuilder {
  private readonly out: SsaFunction;
  /** The value of each IR variable at the end of each filled block (or as far as it is filled). */
  private readonly current: Map<number, Operand>[];
  private readonly sealed: boolean[];
  private readonly filled: boolean[];
  /** Parameters of unsealed blocks waiting for their arguments: IR variable of each. */
  private readonly incomplete: Map<number, { readonly variable: Var; readonly param: Var }>[];
  /** The IR variable each block parameter stands for. */
  private readonly paramVariable = new Map<Var, Var>();
  /** The argument from each predecessor (in `preds` order) of each block parameter. */
  private readonly paramArgs = new Map<Var, Operand[]>();
  /** A value replaced by another (a trivial parameter), resolved at the end. */
  private readonly forward = new Map<number, Operand>();
  private readonly preds: number[][];
  /** IR block index → SSA block index (the entry may move to make room for a fresh one). */
  private readonly blockOf: (b: number) => number;

  constructor(private readonly fn: IrFunction) {
    // The entry must have no predecessors: if a loop comes back to the IR's first block, a
    // fresh entry jumps to it.
    const entryHasPreds = fn.blocks.some((b) => successorsIr(b.terminator).includes(0));
    const shift = entryHasPreds ? 1 : 0;
    this.blockOf = (b) => b + shift;
    const count = fn.blocks.length + shift;
    const blocks: SsaBlock[] = [];
    for (let i = 0; i < count; i++) blocks.push({ params: [], instrs: [], locs: [], term: { op: 'ret', value: undefined } });
    this.out = { name: fn.name, source: fn.source, params: [], ret: fn.ret, sret: fn.sret, values: [], slots: fn.slots, blocks, loc: fn.loc };
    this.current = blocks.map(() => new Map());
    this.sealed = blocks.map(() => false);
    this.filled = blocks.map(() => false);
    this.incomplete = blocks.map(() => new Map());
    this.preds = blocks.map(() => []);
    if (shift) {
      blocks[0]!.term = { op: 'jmp', target: { block: 1, args: [] } };
      this.preds[1]!.push(0);
    }
    // Only reachable blocks are predecessors: an unreachable one is never filled, and a block
    // is sealed once its predecessors are.
    for (const i of reversePostorderIr(fn).sort((a, b) => a - b)) {
      const succ = successorsIr(fn.blocks[i]!.terminator);
      for (const s of new Set(succ)) this.preds[this.blockOf(s)]!.push(this.blockOf(i));
    }
  }

  build(): SsaFunction {
    const params = this.fn.params.map((p) => {
      const v = newValue(this.out, p.type, p.name);
      this.current[0]!.set(p.id, { kind: 'var', var: v });
      return v;
    });
    (this.out as { params: readonly Var[] }).params = params;
    const order = reversePostorderIr(this.fn).map(this.blockOf);
    if (this.blockOf(0) !== 0) order.unshift(0);
    for (const b of order) {
      this.trySeal(b);
      this.fill(b);
      for (const s of this.successors(b)) this.trySeal(s);
    }
    // Blocks the entry never reaches are dropped: make them empty returns (the cleanup removes them).
    for (let b = 0; b < this.out.blocks.length; b++) if (!this.filled[b]) this.out.blocks[b] = { params: [], instrs: [], locs: [], term: { op: 'ret', value: undefined } };
    this.materializeArguments();
    this.resolveForwarding();
    removeTrivialParams(this.out);
    dropUnreachable(this.out);
    return this.out;
  }

  private successors(b: number): number[] {
    const t = this.out.blocks[b]!.term;
    return t.op === 'jmp' ? [t.target.block] : t.op === 'br' ? [t.then.block, t.else.block] : [];
  }

  private trySeal(b: number): void {
    if (this.sealed[b] || !this.preds[b]!.every((p) => this.filled[p])) return;
    this.sealed[b] = true;
    for (const { variable, param } of this.incomplete[b]!.values()) this.addArguments(b, variable, param);
    this.incomplete[b]!.clear();
  }

  private fill(b: number): void {
    if (this.filled[b]) return;
    const irIndex = this.blockOf(0) === 0 ? b : b - 1;
    const block = this.out.blocks[b]!;
    if (irIndex < 0) {
      this.filled[b] = true;
      return;
    }
    const ir = this.fn.blocks[irIndex]!;
    const use = (o: Operand): Operand => (o.kind === 'var' ? this.read(o.var, b) : o);
    ir.instrs.forEach((i, k) => {
      if (i.op === 'copy') {
        this.write(i.dst, b, retype(use(i.src), i.dst.type, block, ir.locs[k]!, this.out));
        return;
      }
      const mapped = mapInstr(i, use, (v) => newValue(this.out, v.type, v.name));
      block.instrs.push(mapped);
      block.locs.push(ir.locs[k]!);
      const dst = definedVar(i);
      if (dst) this.write(dst, b, { kind: 'var', var: definedVar(mapped)! });
    });
    const t = ir.terminator;
    const edge = (target: number): Edge => ({ block: this.blockOf(target), args: [] });
    let term: SsaTerm;
    switch (t.op) {
      case 'jmp':
        term = { op: 'jmp', target: edge(t.target) };
        break;
      case 'br':
        term = t.then === t.else ? { op: 'jmp', target: edge(t.then) } : { op: 'br', cond: use(t.cond), then: edge(t.then), else: edge(t.else) };
        break;
      case 'ret':
        term = { op: 'ret', value: t.value && use(t.value) };
        break;
      case 'trap':
        term = { op: 'trap', kind: t.kind, args: t.args.map(use), loc: t.loc };
        break;
    }
    block.term = term;
    this.filled[b] = true;
  }

  private write(variable: Var, b: number, value: Operand): void {
    this.current[b]!.set(variable.id, value);
  }

  private read(variable: Var, b: number): Operand {
    const known = this.current[b]!.get(variable.id);
    if (known) return known;
    return this.readRecursive(variable, b);
  }

  private readRecursive(variable: Var, b: number): Operand {
    let value: Operand;
    const preds = this.preds[b]!;
    if (!this.sealed[b]) {
      const param = this.newParam(b, variable);
      this.incomplete[b]!.set(variable.id, { variable, param });
      value = { kind: 'var', var: param };
    } else if (preds.length === 0) {
      // Read before any assignment (on a path the checker allows, e.g. a loop's first round):
      // the IR's variables start as zero.
      value = zeroOf(variable.type);
    } else if (preds.length === 1) {
      value = this.read(variable, preds[0]!);
    } else {
      const param = this.newParam(b, variable);
      this.write(variable, b, { kind: 'var', var: param });
      value = this.addArguments(b, variable, param);
    }
    this.write(variable, b, value);
    return value;
  }

  private newParam(b: number, variable: Var): Var {
    const param = newValue(this.out, variable.type, variable.name);
    this.out.blocks[b]!.params.push(param);
    this.paramVariable.set(param, variable);
    return param;
  }

  /** Gives the parameter its argument from every predecessor; a trivial one is replaced. */
  private addArguments(b: number, variable: Var, param: Var): Operand {
    const args: Operand[] = [];
    this.paramArgs.set(param, args);
    for (const p of this.preds[b]!) args.push(this.read(variable, p));
    return this.tryRemoveTrivial(b, param);
  }

  private tryRemoveTrivial(b: number, param: Var): Operand {
    let same: Operand | undefined;
    for (const raw of this.paramArgs.get(param)!) {
      const arg = this.resolve(raw);
      if (arg.kind === 'var' && arg.var === param) continue;
      if (same && sameOperand(same, arg)) continue;
      if (same) return { kind: 'var', var: param };
      same = arg;
    }
    const replacement = same ?? zeroOf(param.type);
    const block = this.out.blocks[b]!;
    block.params.splice(block.params.indexOf(param), 1);
    this.forward.set(param.id, replacement);
    return replacement;
  }

  /** Each block's parameters become the arguments of the edges into it, in parameter order. */
  private materializeArguments(): void {
    this.out.blocks.forEach((block, b) => {
      for (const param of block.params) {
        const args = this.paramArgs.get(param)!;
        this.preds[b]!.forEach((p, j) => {
          for (const e of edgesTo(this.out.blocks[p]!.term, b)) e.args.push(args[j]!);
        });
      }
    });
  }

  private resolve(o: Operand): Operand {
    let current = o;
    while (current.kind === 'var') {
      const next = this.forward.get(current.var.id);
      if (!next) break;
      current = next;
    }
    return current;
  }

  private resolveForwarding(): void {
    if (this.forward.size === 0) return;
    const use = (o: Operand) => this.resolve(o);
    for (const block of this.out.blocks) {
      block.instrs = block.instrs.map((i) => mapInstr(i, use));
      block.term = mapTerm(block.term, use);
    }
  }
}

/** The variable an IR instruction assigns. */
function definedVar(i: Instr): Var | undefined {
  return i.op === 'store' || i.op === 'memcpy' || i.op === 'memzero' || i.op === 'check' ? undefined : i.dst;
}

function successorsIr(t: IrFunction['blocks'][number]['terminator']): number[] {
  return t.op === 'jmp' ? [t.target] : t.op === 'br' ? [t.then, t.else] : [];
}

function reversePostorderIr(fn: IrFunction): number[] {
  const view = { blocks: fn.blocks.map((b) => ({ term: irTermAsSsa(b.terminator) })) } as unknown as SsaFunction;
  return reversePostorder(view);
}

function irTermAsSsa(t: IrFunction['blocks'][number]['terminator']): SsaTerm {
  if (t.op === 'jmp') return { op: 'jmp', target: { block: t.target, args: [] } };
  if (t.op === 'br') return { op: 'br', cond: t.cond, then: { block: t.then, args: [] }, else: { block: t.else, args: [] } };
  return { op: 'ret', value: undefined };
}

function edgesTo(t: SsaTerm, b: number): Edge[] {
  if (t.op === 'jmp') return t.target.block === b ? [t.target] : [];
  if (t.op === 'br') return [t.then, t.else].filter((e) => e.block === b);
  return [];
}

export function sameOperand(a: Operand, b: Operand): boolean {
  switch (a.kind) {
    case 'var':
      return b.kind === 'var' && a.var === b.var;
    case 'int':
      return b.kind === 'int' && a.type === b.type && a.value === b.value;
    case 'float':
      return b.kind === 'float' && a.type === b.type && Object.is(a.value, b.value);
    case 'slot':
      return b.kind === 'slot' && a.slot === b.slot;
    case 'global':
    case 'function':
      return b.kind === a.kind && a.name === b.name;
    case 'string':
      return b.kind === 'string' && a.index === b.index;
  }
}

export function zeroOf(type: IrType): Operand {
  return isFloat(type) ? { kind: 'float', type, value: 0 } : { kind: 'int', type, value: 0n };
}

/**
 * A copy between ptr and i64 (an `as` cast) changes the type and not the bits: a constant takes
 * the new type, and a value of the other type stays a `copy` instruction (a new value of the
 * new type), so that every value keeps one type.
 */
function retype(o: Operand, type: IrType, block: SsaBlock, loc: number, fn: SsaFunction): Operand {
  if (o.kind === 'int') return o.type === type ? o : { ...o, type };
  if (o.kind === 'var' && o.var.type !== type) {
    const dst = newValue(fn, type, o.var.name);
    block.instrs.push({ op: 'copy', dst, src: o });
    block.locs.push(loc);
    return { kind: 'var', var: dst };
  }
  return o;
}

/** Removes parameters whose arguments are all one value (or the parameter itself), to a fixpoint. */
export function removeTrivialParams(fn: SsaFunction): void {
  const forward = new Map<number, Operand>();
  const resolve = (o: Operand): Operand => {
    let current = o;
    while (current.kind === 'var') {
      const next = forward.get(current.var.id);
      if (!next) break;
      current = next;
    }
    return current;
  };
  const preds: number[][] = fn.blocks.map(() => []);
  fn.blocks.forEach((b, i) => {
    const t = b.term;
    if (t.op === 'jmp') preds[t.target.block]!.push(i);
    if (t.op === 'br') preds[t.then.block]!.push(i), preds[t.else.block]!.push(i);
  });
  for (let changed = true; changed; ) {
    changed = false;
    fn.blocks.forEach((block, b) => {
      for (let k = block.params.length - 1; k >= 0; k--) {
        const param = block.params[k]!;
        let same: Operand | undefined;
        let trivial = true;
        for (const p of preds[b]!) {
          for (const e of edgesTo(fn.blocks[p]!.term, b)) {
            const arg = resolve(e.args[k]!);
            if ((arg.kind === 'var' && arg.var === param) || (same && sameOperand(same, arg))) continue;
            if (same) trivial = false;
            same = arg;
          }
        }
        if (!trivial) continue;
        forward.set(param.id, same ?? zeroOf(param.type));
        block.params.splice(k, 1);
        for (const p of preds[b]!) for (const e of edgesTo(fn.blocks[p]!.term, b)) e.args.splice(k, 1);
        changed = true;
      }
    });
  }
  if (forward.size === 0) return;
  for (const block of fn.blocks) {
    block.instrs = block.instrs.map((i) => mapInstr(i, resolve));
    block.term = mapTerm(block.term, resolve);
  }
}

/** Drops the blocks the entry does not reach and renumbers the rest in reverse postorder. */
export function dropUnreachable(fn: SsaFunction): void {
  const order = reversePostorder(fn);
  if (order.length === fn.blocks.length && order.every((b, i) => b === i)) return;
  const renumber = new Map(order.map((b, i) => [b, i]));
  const edge = (e: Edge): Edge => ({ block: renumber.get(e.block)!, args: e.args });
  fn.blocks = order.map((b) => {
    const block = fn.blocks[b]!;
    const t = block.term;
    if (t.op === 'jmp') block.term = { op: 'jmp', target: edge(t.target) };
    if (t.op === 'br') block.term = { op: 'br', cond: t.cond, then: edge(t.then), else: edge(t.else) };
    return block;
  });
}
