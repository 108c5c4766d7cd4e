// Building one IR function: variables, stack slots and blocks, with a current block that
// instructions are appended to. After a terminator the builder starts a fresh block that
// nothing jumps to (code after `return` is unreachable), which the verifier accepts and the
// consumers drop.

import type { Block, Instr, IrFunction, IrType, Operand, Slot, Terminator, Var } from './ir';

export class FunctionBuilder {
  private readonly vars: Var[] = [];
  private readonly slots: Slot[] = [];
  private readonly blocks: Block[] = [];
  private current: Block;
  private terminated = false;
  /** The source location of what is being lowered (each instruction records it). */
  location = 0;

  constructor() {
    this.current = this.newBlock();
  }

  /** A variable: a named local, or a temporary when `name` is undefined. */
  variable(type: IrType, name?: string): Var {
    const v: Var = { id: this.vars.length, type, name };
    this.vars.push(v);
    return v;
  }

  temp(type: IrType): Var {
    return this.variable(type);
  }

  slot(size: number, align: number, name: string): Slot {
    const s: Slot = { id: this.slots.length, size, align, name };
    this.slots.push(s);
    return s;
  }

  newBlock(): Block {
    const block: Block = { id: this.blocks.length, instrs: [], terminator: { op: 'ret', value: undefined }, locs: [] };
    this.blocks.push(block);
    return block;
  }

  /** Continues in `block` (which the code so far must have jumped to, or will). */
  switchTo(block: Block): void {
    this.current = block;
    this.terminated = false;
  }

  get block(): Block {
    return this.current;
  }

  /** Whether the current block is still open (code after a terminator is unreachable). */
  get open(): boolean {
    return !this.terminated;
  }

  emit(instr: Instr): void {
    if (this.terminated) this.switchTo(this.newBlock()); // unreachable code: a block of its own
    this.current.instrs.push(instr);
    this.current.locs.push(this.location);
  }

  terminate(terminator: Terminator): void {
    if (this.terminated) this.switchTo(this.newBlock());
    this.current.terminator = terminator;
    this.current.locs[this.current.instrs.length] = this.location;
    this.terminated = true;
  }

  jump(target: Block): void {
    this.terminate({ op: 'jmp', target: target.id });
  }

  branch(cond: Operand, then: Block, otherwise: Block): void {
    this.terminate({ op: 'br', cond, then: then.id, else: otherwise.id });
  }

  finish(header: Omit<IrFunction, 'vars' | 'slots' | 'blocks'>): IrFunction {
    if (!this.terminated) this.terminate({ op: 'ret', value: undefined });
    return { ...header, vars: this.vars, slots: this.slots, blocks: removeUnreachable(this.blocks) };
  }
}

/** The blocks reachable from the entry, renumbered in order (jumps retargeted). */
function removeUnreachable(blocks: readonly Block[]): Block[] {
  const reached = new Set<number>([0]);
  const work = [0];
  for (let id = work.pop(); id !== undefined; id = work.pop()) {
    for (const next of successors(blocks[id]!.terminator)) {
      if (!reached.has(next)) {
        reached.add(next);
        work.push(next);
      }
    }
  }
  const order = blocks.filter((b) => reached.has(b.id));
  const renumber = new Map(order.map((b, i) => [b.id, i]));
  return order.map((b, i) => ({ id: i, instrs: b.instrs, terminator: retarget(b.terminator, renumber), locs: b.locs }));
}

export function successors(t: Terminator): number[] {
  switch (t.op) {
    case 'jmp':
      return [t.target];
    case 'br':
      return [t.then, t.else];
    default:
      return [];
  }
}

function retarget(t: Terminator, renumber: ReadonlyMap<number, number>): Terminator {
  switch (t.op) {
    case 'jmp':
      return { op: 'jmp', target: renumber.get(t.target)! };
    case 'br':
      return { op: 'br', cond: t.cond, then: renumber.get(t.then)!, else: renumber.get(t.else)! };
    default:
      return t;
  }
}
