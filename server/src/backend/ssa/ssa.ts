// The backend's SSA form: the IR's instructions (ir/ir.ts) over values that are each assigned
// exactly once, with block parameters instead of phi instructions (as in Cranelift and MLIR): a
// jump passes one argument per parameter of its target. Stack slots, globals and the heap stay
// memory, exactly as in the IR; only variables become values.
//
// Invariants (ssa/verify.ts checks them after every pass):
// - every value is defined once: a function parameter, a block parameter, or the `dst` of one
//   instruction, and its definition dominates every use;
// - `blocks[0]` is the entry and has no predecessors and no parameters;
// - every edge passes exactly as many arguments as its target has parameters, of their types;
// - no block has two edges to the same successor (a `br` with equal targets is a `jmp`).

import type { Instr, IrType, Operand, Slot, TrapKind, Var } from '../../ir';
import { isPure, mapInstr } from '../../ir/map';
import { reversePostorderOf } from '../../ir/order';

export { isPure, mapInstr };

export interface Edge {
  readonly block: number;
  readonly args: Operand[];
}

export type SsaTerm =
  | { readonly op: 'jmp'; readonly target: Edge }
  | { readonly op: 'br'; readonly cond: Operand; readonly then: Edge; readonly else: Edge }
  | { readonly op: 'ret'; readonly value: Operand | undefined }
  | { readonly op: 'trap'; readonly kind: TrapKind; readonly args: readonly Operand[]; readonly loc: number };

export interface SsaBlock {
  params: Var[];
  instrs: Instr[];
  /** The source location of each instruction. */
  locs: number[];
  term: SsaTerm;
}

export interface SsaFunction {
  readonly name: string;
  readonly source: { readonly name: string; readonly file: string };
  readonly params: readonly Var[];
  readonly ret: IrType | undefined;
  readonly sret: boolean;
  /** Every value, by id (ids are dense: values[v.id] === v). */
  readonly values: Var[];
  readonly slots: readonly Slot[];
  blocks: SsaBlock[];
  readonly loc: number;
}

export function edgesOf(t: SsaTerm): Edge[] {
  switch (t.op) {
    case 'jmp':
      return [t.target];
    case 'br':
      return [t.then, t.else];
    default:
      return [];
  }
}

export function successorsOf(t: SsaTerm): number[] {
  return edgesOf(t).map((e) => e.block);
}

/** Each block's predecessors, in block order (each at most once: see the invariants). */
export function predecessors(fn: SsaFunction): number[][] {
  const preds: number[][] = fn.blocks.map(() => []);
  fn.blocks.forEach((b, i) => {
    for (const s of successorsOf(b.term)) preds[s]!.push(i);
  });
  return preds;
}

/** The blocks reachable from the entry in reverse postorder. */
export function reversePostorder(fn: SsaFunction): number[] {
  return reversePostorderOf(fn.blocks.length, (b) => successorsOf(fn.blocks[b]!.term));
}

/** The operands an instruction reads, and the value it defines. */
export function instrUses(i: Instr): Operand[] {
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

export function instrDef(i: Instr): Var | undefined {
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

export function termUses(t: SsaTerm): Operand[] {
  switch (t.op) {
    case 'jmp':
      return [...t.target.args];
    case 'br':
      return [t.cond, ...t.then.args, ...t.else.args];
    case 'ret':
      return t.value ? [t.value] : [];
    case 'trap':
      return [...t.args];
  }
}


/** The terminator with each operand passed through `use`. */
export function mapTerm(t: SsaTerm, use: (o: Operand) => Operand): SsaTerm {
  const edge = (e: Edge): Edge => ({ block: e.block, args: e.args.map(use) });
  switch (t.op) {
    case 'jmp':
      return { op: 'jmp', target: edge(t.target) };
    case 'br':
      return { op: 'br', cond: use(t.cond), then: edge(t.then), else: edge(t.else) };
    case 'ret':
      return { op: 'ret', value: t.value && use(t.value) };
    case 'trap':
      return { ...t, args: t.args.map(use) };
  }
}

export function valueOperand(v: Var): Operand {
  return { kind: 'var', var: v };
}

/** Makes a new value of the function. */
export function newValue(fn: { values: Var[] }, type: IrType, name: string | undefined): Var {
  const v: Var = { id: fn.values.length, type, name };
  fn.values.push(v);
  return v;
}
