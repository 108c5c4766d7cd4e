// Rewriting an instruction's operands and result, and which instructions only compute a value,
// for the passes over the IR (ir/opt) and over the backend's SSA form (backend/opt), which share
// the IR's instructions.

import type { Instr, Operand, Var } from './ir';

/** The instruction with each operand passed through `use` and its result through `def`. */
export function mapInstr(i: Instr, use: (o: Operand) => Operand, def: (v: Var) => Var = (v) => v): Instr {
  // The passes map every instruction and most come back unchanged: those are returned as they
  // are, which saves allocating a copy of each (the largest cost of the SSA passes otherwise).
  switch (i.op) {
    case 'copy': {
      const dst = def(i.dst);
      const src = use(i.src);
      return dst === i.dst && src === i.src ? i : { ...i, dst, src };
    }
    case 'binary':
    case 'cmp': {
      const dst = def(i.dst);
      const a = use(i.a);
      const b = use(i.b);
      return dst === i.dst && a === i.a && b === i.b ? i : { ...i, dst, a, b };
    }
    case 'neg':
    case 'not':
    case 'fneg':
    case 'conv': {
      const dst = def(i.dst);
      const a = use(i.a);
      return dst === i.dst && a === i.a ? i : { ...i, dst, a };
    }
    case 'ptradd': {
      const dst = def(i.dst);
      const base = use(i.base);
      const offset = use(i.offset);
      return dst === i.dst && base === i.base && offset === i.offset ? i : { ...i, dst, base, offset };
    }
    case 'load': {
      const dst = def(i.dst);
      const addr = use(i.addr);
      return dst === i.dst && addr === i.addr ? i : { ...i, dst, addr };
    }
    case 'store': {
      const addr = use(i.addr);
      const value = use(i.value);
      return addr === i.addr && value === i.value ? i : { ...i, addr, value };
    }
    case 'memcpy': {
      const dst = use(i.dst);
      const src = use(i.src);
      return dst === i.dst && src === i.src ? i : { ...i, dst, src };
    }
    case 'memzero': {
      const dst = use(i.dst);
      const size = use(i.size);
      return dst === i.dst && size === i.size ? i : { ...i, dst, size };
    }
    case 'call':
    case 'callforeign':
    case 'rt': {
      const dst = i.dst && def(i.dst);
      const args = mapAll(i.args, use);
      return dst === i.dst && args === i.args ? i : { ...i, dst, args };
    }
    case 'callind': {
      const dst = i.dst && def(i.dst);
      const callee = use(i.callee);
      const args = mapAll(i.args, use);
      return dst === i.dst && callee === i.callee && args === i.args ? i : { ...i, dst, callee, args };
    }
    case 'check': {
      const args = mapAll(i.args, use);
      return args === i.args ? i : { ...i, args };
    }
  }
}

/** The operands through `use`: the same array when none changes. */
export function mapAll(operands: readonly Operand[], use: (o: Operand) => Operand): readonly Operand[] {
  let out: Operand[] | undefined;
  for (let k = 0; k < operands.length; k++) {
    const o = use(operands[k]!);
    if (o !== operands[k] && !out) out = operands.slice(0, k);
    out?.push(o);
  }
  return out ?? operands;
}

/** Instructions that may be removed when their result is unused (no effect, no trap). */
export function isPure(i: Instr): boolean {
  switch (i.op) {
    case 'copy':
    case 'neg':
    case 'not':
    case 'fneg':
    case 'cmp':
    case 'conv':
    case 'ptradd':
    case 'load':
      return true;
    case 'binary':
      // Division by zero is checked by an explicit `check` before it: the division itself is pure.
      return true;
    default:
      return false;
  }
}
