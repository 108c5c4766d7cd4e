// The linear order of a machine function's blocks, instruction positions in it, and which
// virtual registers are live into and out of each block (the standard backward dataflow, on
// bit sets).
//
// Order: reverse postorder of the control-flow graph, visiting a conditional jump's `else`
// last so that it lands right after the jump (the fall-through), then the cold blocks (the
// paths to run-time errors) at the end, out of the way of the hot code.
//
// Positions: instruction k of the linear order reads its operands at 2k and writes its results
// at 2k+1; the gap before instruction k (where moves go) is position 2k. A block covers
// [2 * first, 2 * (last + 1)).

import { FIRST_VIRTUAL, regsOf, successorsOf, type MFunction } from '../mir/mir';

export interface Linear {
  /** Block numbers in layout order. */
  readonly order: readonly number[];
  /** First position of each block (by block number). */
  readonly from: Int32Array;
  /** Position after each block's last instruction. */
  readonly to: Int32Array;
  readonly successors: readonly (readonly number[])[];
  readonly predecessors: readonly number[][];
  /** Live-in and live-out sets of virtual registers, by block number (bit v - FIRST_VIRTUAL). */
  readonly liveIn: readonly BitSet[];
  readonly liveOut: readonly BitSet[];
}

export class BitSet {
  // Int32Array, not Uint32Array: `|` and `&` give signed 32-bit results, and comparing one with
  // an unsigned element that has bit 31 set would see a change forever.
  readonly words: Int32Array;
  constructor(readonly size: number) {
    this.words = new Int32Array((size + 31) >>> 5);
  }
  has(i: number): boolean {
    return (this.words[i >>> 5]! & (1 << (i & 31))) !== 0;
  }
  add(i: number): void {
    this.words[i >>> 5]! |= 1 << (i & 31);
  }
  delete(i: number): void {
    this.words[i >>> 5]! &= ~(1 << (i & 31));
  }
  /** this |= other; whether anything changed. */
  union(other: BitSet): boolean {
    let changed = false;
    for (let k = 0; k < this.words.length; k++) {
      const next = this.words[k]! | other.words[k]!;
      if (next !== this.words[k]) {
        this.words[k] = next;
        changed = true;
      }
    }
    return changed;
  }
  forEach(f: (i: number) => void): void {
    for (let k = 0; k < this.words.length; k++) {
      let w = this.words[k]!;
      while (w !== 0) {
        const bit = 31 - Math.clz32(w & -w);
        f(k * 32 + bit);
        w &= w - 1;
      }
    }
  }
  copy(): BitSet {
    const c = new BitSet(this.size);
    c.words.set(this.words);
    return c;
  }
}

export function blockOrder(mf: MFunction): number[] {
  const n = mf.blocks.length;
  const seen = new Uint8Array(n);
  const post: number[] = [];
  const stack: { block: number; next: number }[] = [{ block: 0, next: 0 }];
  seen[0] = 1;
  const succ = (b: number) => {
    const last = mf.blocks[b]!.insts[mf.blocks[b]!.insts.length - 1];
    return last ? successorsOf(last) : [];
  };
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const s = succ(top.block);
    if (top.next < s.length) {
      const next = s[top.next++]!;
      if (!seen[next]) {
        seen[next] = 1;
        stack.push({ block: next, next: 0 });
      }
    } else {
      post.push(top.block);
      stack.pop();
    }
  }
  const rpo = post.reverse();
  return [...rpo.filter((b) => !mf.blocks[b]!.cold), ...rpo.filter((b) => mf.blocks[b]!.cold)];
}

export function analyse(mf: MFunction): Linear {
  const order = blockOrder(mf);
  const n = mf.blocks.length;
  const from = new Int32Array(n).fill(-1);
  const to = new Int32Array(n).fill(-1);
  let k = 0;
  for (const b of order) {
    from[b] = 2 * k;
    k += mf.blocks[b]!.insts.length;
    to[b] = 2 * k;
  }
  const successors = mf.blocks.map((block) => {
    const last = block.insts[block.insts.length - 1];
    return last ? successorsOf(last) : [];
  });
  const predecessors: number[][] = mf.blocks.map(() => []);
  for (const b of order) for (const s of successors[b]!) predecessors[s]!.push(b);
  const count = mf.classes.length;
  const gen = mf.blocks.map(() => new BitSet(count));
  const kill = mf.blocks.map(() => new BitSet(count));
  for (const b of order) {
    const g = gen[b]!;
    const d = kill[b]!;
    for (const inst of mf.blocks[b]!.insts) {
      const { uses, defs } = regsOf(inst);
      for (const u of uses) if (u >= FIRST_VIRTUAL && !d.has(u - FIRST_VIRTUAL)) g.add(u - FIRST_VIRTUAL);
      for (const x of defs) if (x >= FIRST_VIRTUAL) d.add(x - FIRST_VIRTUAL);
    }
  }
  const liveIn = mf.blocks.map(() => new BitSet(count));
  const liveOut = mf.blocks.map(() => new BitSet(count));
  for (let changed = true; changed; ) {
    changed = false;
    for (let i = order.length - 1; i >= 0; i--) {
      const b = order[i]!;
      const out = liveOut[b]!;
      for (const s of successors[b]!) if (out.union(liveIn[s]!)) changed = true;
      // in = gen | (out & ~kill)
      const inn = liveIn[b]!;
      const g = gen[b]!.words;
      const kl = kill[b]!.words;
      const o = out.words;
      for (let w = 0; w < inn.words.length; w++) {
        const next = g[w]! | (o[w]! & ~kl[w]!);
        if (next !== inn.words[w]) {
          inn.words[w] = next;
          changed = true;
        }
      }
    }
  }
  return { order, from, to, successors, predecessors, liveIn, liveOut };
}
