// Conversions (`conv`), with the results docs/language.md gives (Execution, "Conversions"):
// integer widening by movsx/movzx, narrowing by taking the low bits (nothing to do), integer to
// float by cvtsi2sd/ss (unsigned 64-bit by halving), and float to integer truncating toward
// zero and saturating: NaN gives 0 and a value out of range the type's minimum or maximum,
// where cvttsd2si alone gives 0x8000... for both.

import type { Instr, IrType } from '../../ir';
import { bitsOf } from '../../ir';
import type { Reg } from '../mir/mir';
import { opSize, sizeOf, type Selector } from './select';

type Conv = Extract<Instr, { op: 'conv' }>;

export function selectConversion(sel: Selector, i: Conv): void {
  const dst = sel.valueReg(i.dst);
  const to = i.dst.type;
  switch (i.kind) {
    case 'trunc':
      return sel.emit({ op: 'mov', size: 8, dst, src: sel.reg(i.a) });
    case 'sext':
    case 'zext': {
      const from = sizeOf(i.from);
      const src = sel.reg(i.a);
      if (from === 8) return sel.emit({ op: 'mov', size: 8, dst, src });
      return sel.emit({ op: 'ext', signed: i.kind === 'sext', from: from as 1 | 2 | 4, to: to === 'i64' || to === 'ptr' ? 8 : 4, dst, src });
    }
    case 'sitofp':
      return sel.emit({ op: 'cvtif', fsize: opSize(to), isize: i.from === 'i64' ? 8 : 4, dst, src: widen(sel, i.a, i.from, true) });
    case 'uitofp':
      return unsignedToFloat(sel, i, dst);
    case 'fpext':
      return sel.emit({ op: 'fun', sse: 'cvtss2sd', dst, src: sel.reg(i.a) });
    case 'fptrunc':
      return sel.emit({ op: 'fun', sse: 'cvtsd2ss', dst, src: sel.reg(i.a) });
    case 'fptosi':
    case 'fptoui':
      return floatToInt(sel, i, dst);
  }
}

/** An integer operand extended to at least 32 bits (64 for unsigned i32). */
function widen(sel: Selector, a: Conv['a'], from: IrType, signed: boolean, to: 4 | 8 = 4): Reg {
  const r = sel.reg(a);
  const size = sizeOf(from);
  if (size >= to) return r;
  const w = sel.newReg('gpr');
  sel.emit({ op: 'ext', signed, from: size as 1 | 2 | 4, to, dst: w, src: r });
  return w;
}

function unsignedToFloat(sel: Selector, i: Conv, dst: Reg): void {
  const fsize = opSize(i.dst.type);
  if (i.from !== 'i64') {
    // Zero-extended to 64 bits, every unsigned value below 2^32 is a non-negative i64.
    return sel.emit({ op: 'cvtif', fsize, isize: 8, dst, src: widen(sel, i.a, i.from, false, 8) });
  }
  // Values with the top bit set: halve (keeping the lowest bit, for rounding), convert, double.
  const x = sel.reg(i.a);
  const big = sel.newBlock(false);
  const small = sel.newBlock(false);
  const join = sel.newBlock(false);
  sel.emit({ op: 'test', size: 8, a: x, b: x });
  sel.emit({ op: 'jcc', cond: 's', then: big, else: small });
  sel.switchTo(small);
  sel.emit({ op: 'cvtif', fsize, isize: 8, dst, src: x });
  sel.emit({ op: 'jmp', target: join });
  sel.switchTo(big);
  const half = sel.newReg('gpr');
  const low = sel.newReg('gpr');
  sel.emit({ op: 'mov', size: 8, dst: half, src: x });
  sel.emit({ op: 'shifti', shift: 'shr', size: 8, dst: half, count: 1 });
  sel.emit({ op: 'mov', size: 8, dst: low, src: x });
  sel.emit({ op: 'alui', alu: 'and', size: 8, dst: low, imm: 1 });
  sel.emit({ op: 'alu', alu: 'or', size: 8, dst: half, src: low });
  sel.emit({ op: 'cvtif', fsize, isize: 8, dst, src: half });
  sel.emit({ op: 'fop', sse: fsize === 4 ? 'addss' : 'addsd', dst, src: dst });
  sel.emit({ op: 'jmp', target: join });
  sel.switchTo(join);
}

/**
 * Float to integer, saturating. The source is first made an f64 (exact from f32). Then:
 * - signed i64: cvttsd2si, then x >= 2^63 gives the maximum and NaN gives 0 (cmov);
 * - narrower targets: cvttsd2si to 64 bits (exact below 2^63), clamped to the type's range,
 *   with the same corrections;
 * - unsigned i64: negative and NaN give 0, x >= 2^64 the maximum, x >= 2^63 is converted
 *   as x - 2^63 with the top bit set back.
 */
function floatToInt(sel: Selector, i: Conv, dst: Reg): void {
  let x = sel.reg(i.a);
  if (i.from === 'f32') {
    const wide = sel.newReg('xmm');
    sel.emit({ op: 'fun', sse: 'cvtss2sd', dst: wide, src: x });
    x = wide;
  }
  const signed = i.kind === 'fptosi';
  const bits = bitsOf(i.dst.type);
  const limit = (value: number): Reg => {
    const r = sel.newReg('xmm');
    sel.emit({ op: 'fload', size: 8, dst: r, mem: sel.rip(sel.ctx.constants.f64(value)) });
    return r;
  };
  const constant = (value: bigint): Reg => {
    const r = sel.newReg('gpr');
    sel.emit({ op: 'movi', size: 8, dst: r, imm: value });
    return r;
  };
  if (!signed && bits === 64) return floatToU64(sel, x, dst, limit, constant);
  sel.emit({ op: 'cvtfi', fsize: 8, isize: 8, dst, src: x });
  const max = signed ? (1n << BigInt(bits - 1)) - 1n : (1n << BigInt(bits)) - 1n;
  const min = signed ? -(1n << BigInt(bits - 1)) : 0n;
  if (bits < 64) {
    const hi = constant(max);
    const lo = constant(min);
    sel.emit({ op: 'alu', alu: 'cmp', size: 8, dst, src: hi });
    sel.emit({ op: 'cmov', cond: 'g', size: 8, dst, src: hi });
    sel.emit({ op: 'alu', alu: 'cmp', size: 8, dst, src: lo });
    sel.emit({ op: 'cmov', cond: 'l', size: 8, dst, src: lo });
  }
  // x >= 2^63 (where cvttsd2si gave the minimum): the maximum. NaN: 0 (parity set).
  const top = limit(2 ** 63);
  const maxReg = constant(max);
  const zero = constant(0n);
  sel.emit({ op: 'fcmp', size: 8, a: x, b: top });
  sel.emit({ op: 'cmov', cond: 'ae', size: 8, dst, src: maxReg });
  sel.emit({ op: 'cmov', cond: 'p', size: 8, dst, src: zero });
}

function floatToU64(sel: Selector, x: Reg, dst: Reg, limit: (v: number) => Reg, constant: (v: bigint) => Reg): void {
  const zeroF = sel.newReg('xmm');
  sel.emit({ op: 'fzero', dst: zeroF });
  const negative = sel.newBlock(false);
  const positive = sel.newBlock(false);
  const huge = sel.newBlock(false);
  const notHuge = sel.newBlock(false);
  const high = sel.newBlock(false);
  const low = sel.newBlock(false);
  const join = sel.newBlock(false);
  // !(x > 0) covers NaN, -0 and the negatives (0 < x < 1 truncates to 0 below anyway).
  sel.emit({ op: 'fcmp', size: 8, a: x, b: zeroF });
  sel.emit({ op: 'jcc', cond: 'a', then: positive, else: negative });
  sel.switchTo(negative);
  sel.emit({ op: 'movi', size: 4, dst, imm: 0n });
  sel.emit({ op: 'jmp', target: join });
  sel.switchTo(positive);
  sel.emit({ op: 'fcmp', size: 8, a: x, b: limit(2 ** 64) });
  sel.emit({ op: 'jcc', cond: 'ae', then: huge, else: notHuge });
  sel.switchTo(huge);
  sel.emit({ op: 'movi', size: 8, dst, imm: -1n });
  sel.emit({ op: 'jmp', target: join });
  sel.switchTo(notHuge);
  const two63 = limit(2 ** 63);
  sel.emit({ op: 'fcmp', size: 8, a: x, b: two63 });
  sel.emit({ op: 'jcc', cond: 'ae', then: high, else: low });
  sel.switchTo(low);
  sel.emit({ op: 'cvtfi', fsize: 8, isize: 8, dst, src: x });
  sel.emit({ op: 'jmp', target: join });
  sel.switchTo(high);
  const reduced = sel.newReg('xmm');
  sel.emit({ op: 'fmov', dst: reduced, src: x });
  sel.emit({ op: 'fop', sse: 'subsd', dst: reduced, src: two63 });
  sel.emit({ op: 'cvtfi', fsize: 8, isize: 8, dst, src: reduced });
  sel.emit({ op: 'alu', alu: 'xor', size: 8, dst, src: constant(1n << 63n) });
  sel.emit({ op: 'jmp', target: join });
  sel.switchTo(join);
}
