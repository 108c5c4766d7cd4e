// Division and remainder by a constant power of two, as shifts (seed 001: "division and
// remainder by constants through multiplication"; this is the part of it for powers of two,
// where the multiplication is a shift). An x86 `idiv` costs tens of cycles; the sequences here
// cost three or four single-cycle instructions and give exactly the language's results
// (docs/language.md, Execution: division truncates toward zero, the remainder takes the sign of
// the dividend):
//
//   udiv x, 2^k   lshr x, k
//   urem x, 2^k   and x, 2^k - 1
//   sdiv x, 2^k   ashr (x + (lshr (ashr x, w - 1), w - k)), k      the bias rounds toward zero
//   srem x, 2^k   x - (shl (sdiv x, 2^k), k)
//
// A divisor that is not a constant power of two above 1 is left to the machine's divide.

import { bitsOf, type Instr, type IrType, type Operand, type Var } from '../../ir';
import type { SsaFunction } from '../ssa/ssa';

export function divideByConstants(fn: SsaFunction): boolean {
  let changed = false;
  const value = (type: IrType): Var => {
    const v: Var = { id: fn.values.length, type, name: undefined };
    fn.values.push(v);
    return v;
  };
  for (const block of fn.blocks) {
    const instrs: Instr[] = [];
    const locs: number[] = [];
    block.instrs.forEach((i, k) => {
      const replacement = i.op === 'binary' ? byShifts(i, value) : undefined;
      const loc = block.locs[k]!;
      if (!replacement) {
        instrs.push(i);
        locs.push(loc);
        return;
      }
      changed = true;
      instrs.push(...replacement);
      for (const _ of replacement) locs.push(loc);
    });
    block.instrs = instrs;
    block.locs = locs;
  }
  return changed;
}

type Binary = Extract<Instr, { op: 'binary' }>;

/** The power k of a constant divisor 2^k (k >= 1) as the operation reads it, or undefined. */
function powerOfTwo(b: Operand, width: number, signed: boolean): number | undefined {
  if (b.kind !== 'int') return undefined;
  const d = signed ? BigInt.asIntN(width, b.value) : BigInt.asUintN(width, b.value);
  if (d < 2n || (d & (d - 1n)) !== 0n) return undefined;
  return d.toString(2).length - 1;
}

function byShifts(i: Binary, value: (type: IrType) => Var): Instr[] | undefined {
  if (i.kind !== 'sdiv' && i.kind !== 'srem' && i.kind !== 'udiv' && i.kind !== 'urem') return undefined;
  const type = i.type;
  const width = bitsOf(type);
  const signed = i.kind === 'sdiv' || i.kind === 'srem';
  const k = powerOfTwo(i.b, width, signed);
  if (k === undefined) return undefined;
  const int = (n: number | bigint): Operand => ({ kind: 'int', type, value: BigInt.asIntN(width, BigInt(n)) });
  const v = (x: Var): Operand => ({ kind: 'var', var: x });
  const op = (kind: Binary['kind'], dst: Var, a: Operand, b: Operand): Instr => ({ op: 'binary', kind, type, dst, a, b });
  if (i.kind === 'udiv') return [op('lshr', i.dst, i.a, int(k))];
  if (i.kind === 'urem') return [op('and', i.dst, i.a, int((1n << BigInt(k)) - 1n))];
  const sign = value(type);
  const bias = value(type);
  const biased = value(type);
  const quotient = i.kind === 'sdiv' ? i.dst : value(type);
  const out = [
    op('ashr', sign, i.a, int(width - 1)),
    op('lshr', bias, v(sign), int(width - k)),
    op('add', biased, i.a, v(bias)),
    op('ashr', quotient, v(biased), int(k)),
  ];
  if (i.kind === 'srem') {
    const multiple = value(type);
    out.push(op('shl', multiple, v(quotient), int(k)), op('sub', i.dst, i.a, v(multiple)));
  }
  return out;
}
