// The instruction forms encoder.test.ts compares against objdump, by family. Each family fills
// a batch with instructions and the text objdump should print for each: every register of
// every size as destination and source, every addressing-mode special case, every condition,
// immediates at the edges of their short forms.

import type { AssembledCode } from 'zolt-server/backend/x64/assembler';
import { ALU_OPS, SHIFT_OPS, SSE_OPS, SSE_STORE_OPS, UNARY_OPS, type SseOp } from 'zolt-server/backend/x64/opcodes';
import { CONDS, type BaseIndexMem, type Label, type Mem, type Scale, type Size } from 'zolt-server/backend/x64/operands';
import { GPRS, XMMS, r12, r13, r15, r8, r9, r10, rax, rbp, rcx, rsp, type Gpr } from 'zolt-server/backend/x64/registers';
import { hex, immText, m, r, x, type ObjdumpBatch } from './encoder-objdump';

export interface Family {
  readonly name: string;
  build(batch: ObjdumpBatch): void;
}

const SIZES: readonly Size[] = [1, 2, 4, 8];
const WIDE: readonly Size[] = [2, 4, 8];
const SCALES: readonly Scale[] = [1, 2, 4, 8];
const INDEXES: readonly Gpr[] = GPRS.filter((g) => g !== rsp);
const DISPS = [0, 1, -1, 0x7f, -0x80, 0x80, -0x81, 0x1234, 0x12345678, -0x12345678, 0x7fffffff, -0x80000000];

/** Every base with every displacement, every base/index pair, the rsp/rbp/r12/r13 cases with every scale, no base. */
function allAddresses(): BaseIndexMem[] {
  const mems: BaseIndexMem[] = [];
  for (const base of GPRS) for (const disp of DISPS) mems.push({ base, disp });
  for (const base of GPRS) mems.push({ base }); // no disp field at all
  GPRS.forEach((base, i) => {
    INDEXES.forEach((index, j) => mems.push({ base, index, scale: SCALES[(i + j) % 4]!, disp: DISPS[(i * 3 + j) % DISPS.length]! }));
  });
  for (const base of [rsp, rbp, r12, r13]) {
    for (const index of [rax, rbp, r12, r13, r8, r15]) for (const scale of SCALES) mems.push({ base, index, scale });
  }
  for (const disp of DISPS) mems.push({ disp });
  INDEXES.forEach((index, i) => {
    for (const scale of SCALES) mems.push({ index, scale, disp: DISPS[(i + scale) % DISPS.length]! });
  });
  return mems;
}

const ADDRESSES = allAddresses();

/** A few operands covering the special cases, for the families that are not about addressing. */
const SAMPLE: readonly BaseIndexMem[] = [
  { base: rax },
  { base: rsp },
  { base: rbp },
  { base: r12 },
  { base: r13 },
  { base: r15, disp: -8 },
  { base: rcx, index: r9, scale: 4, disp: 0x100 },
  { base: rsp, index: r12, scale: 2, disp: -0x1000 },
  { base: r13, index: rbp, scale: 8 },
  { index: r10, scale: 8, disp: 16 },
  { disp: 0x1000 },
];

/** Immediates at the edges of imm8/imm16/imm32 (some only fit some sizes). */
const IMMEDIATES = [0, 1, -1, 0x7f, -0x80, 0x80, -0x81, 0xff, 0x1234, 0x7fff, -0x8000, 0xffff, 0x12345678, 0x7fffffff, -0x80000000, 0xffffffff];

function fits(value: number, size: Size): boolean {
  if (size === 8) return value >= -0x8000_0000 && value <= 0x7fff_ffff;
  const limit = 2 ** (size * 8);
  return value >= -limit / 2 && value < limit;
}

/** A register for the i-th case of a loop, cycling through all sixteen. */
function cycle(i: number): Gpr {
  return GPRS[i % 16]!;
}

const mov: Family = {
  name: 'mov, movzx, movsx, movsxd, lea',
  build(batch) {
    for (const size of SIZES) {
      for (const dst of GPRS) for (const src of GPRS) batch.add(`mov ${r(dst, size)},${r(src, size)}`, (a) => a.movRR(size, dst, src));
    }
    ADDRESSES.forEach((mem, i) => {
      for (const size of SIZES) {
        const reg = cycle(i + size);
        batch.add(`mov ${r(reg, size)},${m(mem, size)}`, (a) => a.movRM(size, reg, mem));
        batch.add(`mov ${m(mem, size)},${r(reg, size)}`, (a) => a.movMR(size, mem, reg));
      }
      const size = WIDE[i % 3]!;
      batch.add(`lea ${r(cycle(i), size)},${m(mem, 0)}`, (a) => a.lea(size, cycle(i), mem));
    });
    for (const size of SIZES) {
      for (const dst of GPRS) {
        for (const value of IMMEDIATES) {
          if (fits(value, size) || size === 8) batch.add(movImmText(size, dst, value), (a) => a.movRI(size, dst, value));
        }
      }
    }
    const wide = [0x1_0000_0000, 2 ** 53 - 1, -(2 ** 40), -0x8000_0001, 0x8000_0000_0000_0000n, 0xffff_ffff_ffff_ffffn, -(2n ** 63n), 0x7fff_ffff_ffff_ffffn];
    for (const dst of GPRS) for (const value of wide) batch.add(movImmText(8, dst, value), (a) => a.movRI(8, dst, value));
    SAMPLE.forEach((mem) => {
      for (const size of SIZES) {
        for (const value of [0, -1, 0x7f, 0x1234, -0x80000000]) {
          if (fits(value, size)) batch.add(`mov ${m(mem, size)},${immText(value, size)}`, (a) => a.movMI(size, mem, value));
        }
      }
    });
    for (const dst of GPRS) {
      for (const src of GPRS) {
        for (const [dstSize, srcSize] of [[2, 1], [4, 1], [8, 1], [4, 2], [8, 2]] as const) {
          // movzx to 64 bits is encoded as the 32-bit form
          const shown = dstSize === 8 ? 4 : dstSize;
          batch.add(`movzx ${r(dst, shown)},${r(src, srcSize)}`, (a) => a.movzxRR(dstSize, srcSize, dst, src));
        }
        for (const [dstSize, srcSize] of [[2, 1], [4, 1], [8, 1], [4, 2], [8, 2], [8, 4]] as const) {
          const mnemonic = srcSize === 4 ? 'movsxd' : 'movsx';
          batch.add(`${mnemonic} ${r(dst, dstSize)},${r(src, srcSize)}`, (a) => a.movsxRR(dstSize, srcSize, dst, src));
        }
      }
    }
    SAMPLE.forEach((mem, i) => {
      const dst = cycle(i * 5);
      for (const [dstSize, srcSize] of [[2, 1], [4, 1], [8, 1], [4, 2], [8, 2]] as const) {
        batch.add(`movzx ${r(dst, dstSize === 8 ? 4 : dstSize)},${m(mem, srcSize)}`, (a) => a.movzxRM(dstSize, srcSize, dst, mem));
        batch.add(`movsx ${r(dst, dstSize)},${m(mem, srcSize)}`, (a) => a.movsxRM(dstSize, srcSize, dst, mem));
      }
      batch.add(`movsxd ${r(dst, 8)},${m(mem, 4)}`, (a) => a.movsxdRM(dst, mem));
      batch.add(`movsxd ${r(dst, 8)},${r(cycle(i), 4)}`, (a) => a.movsxdRR(dst, cycle(i)));
      for (const size of WIDE) batch.add(`lea ${r(dst, size)},${m(mem, 0)}`, (a) => a.lea(size, dst, mem));
    });
  },
};

/** What objdump prints for `movRI(size, dst, value)`, given the encoder's choice of the shortest form. */
function movImmText(size: Size, dst: Gpr, value: number | bigint): string {
  if (size < 8) return `mov ${r(dst, size)},${immText(value, size)}`;
  const signed = BigInt.asIntN(64, BigInt(value));
  if (signed >= 0n && signed <= 0xffff_ffffn) return `mov ${r(dst, 4)},${hex(signed)}`;
  if (signed < 0n && signed >= -0x8000_0000n) return `mov ${r(dst, 8)},${immText(signed, 8)}`;
  return `movabs ${r(dst, 8)},${immText(signed, 8)}`;
}

const alu: Family = {
  name: 'add or adc sbb and sub xor cmp, test',
  build(batch) {
    for (const op of ALU_OPS) {
      for (const size of SIZES) {
        for (const dst of GPRS) for (const src of GPRS) batch.add(`${op} ${r(dst, size)},${r(src, size)}`, (a) => a.aluRR(op, size, dst, src));
        SAMPLE.forEach((mem, i) => {
          const reg = cycle(i * 3 + size);
          batch.add(`${op} ${r(reg, size)},${m(mem, size)}`, (a) => a.aluRM(op, size, reg, mem));
          batch.add(`${op} ${m(mem, size)},${r(reg, size)}`, (a) => a.aluMR(op, size, mem, reg));
        });
        for (const value of IMMEDIATES) {
          if (!fits(value, size)) continue;
          for (const dst of GPRS) batch.add(`${op} ${r(dst, size)},${immText(value, size)}`, (a) => a.aluRI(op, size, dst, value));
          SAMPLE.forEach((mem, i) => {
            if (i % 3 === value % 3) batch.add(`${op} ${m(mem, size)},${immText(value, size)}`, (a) => a.aluMI(op, size, mem, value));
          });
        }
      }
    }
    for (const size of SIZES) {
      for (const a1 of GPRS) for (const b of GPRS) batch.add(`test ${r(a1, size)},${r(b, size)}`, (a) => a.testRR(size, a1, b));
      SAMPLE.forEach((mem, i) => {
        const reg = cycle(i + size);
        batch.add(`test ${m(mem, size)},${r(reg, size)}`, (a) => a.testMR(size, mem, reg));
        batch.add(`test ${m(mem, size)},${r(reg, size)}`, (a) => a.testRM(size, reg, mem));
        batch.add(`test ${m(mem, size)},${immText(0x7f, size)}`, (a) => a.testMI(size, mem, 0x7f));
      });
      for (const value of IMMEDIATES) {
        if (fits(value, size)) for (const reg of GPRS) batch.add(`test ${r(reg, size)},${immText(value, size)}`, (a) => a.testRI(size, reg, value));
      }
    }
  },
};

const arithmetic: Family = {
  name: 'imul, inc dec not neg mul imul div idiv, cwd cdq cqo cdqe',
  build(batch) {
    for (const size of WIDE) {
      for (const dst of GPRS) {
        for (const src of GPRS) batch.add(`imul ${r(dst, size)},${r(src, size)}`, (a) => a.imulRR(size, dst, src));
        for (const value of [3, -1, 0x7f, -0x80, 0x80, 0x1234, 0x12345678]) {
          if (!fits(value, size)) continue;
          const src = cycle(dst + (value & 15));
          batch.add(`imul ${r(dst, size)},${r(src, size)},${immText(value, size)}`, (a) => a.imulRRI(size, dst, src, value));
        }
      }
      SAMPLE.forEach((mem, i) => {
        const dst = cycle(i * 7);
        batch.add(`imul ${r(dst, size)},${m(mem, size)}`, (a) => a.imulRM(size, dst, mem));
        batch.add(`imul ${r(dst, size)},${m(mem, size)},${immText(-5, size)}`, (a) => a.imulRMI(size, dst, mem, -5));
        batch.add(`imul ${r(dst, size)},${m(mem, size)},${immText(0x1234, size)}`, (a) => a.imulRMI(size, dst, mem, 0x1234));
      });
    }
    for (const op of UNARY_OPS) {
      for (const size of SIZES) {
        for (const reg of GPRS) batch.add(`${op} ${r(reg, size)}`, (a) => a.unaryR(op, size, reg));
        for (const mem of SAMPLE) batch.add(`${op} ${m(mem, size)}`, (a) => a.unaryM(op, size, mem));
      }
    }
    batch.add('cwd', (a) => a.cwd());
    batch.add('cdq', (a) => a.cdq());
    batch.add('cqo', (a) => a.cqo());
    batch.add('cdqe', (a) => a.cdqe());
  },
};

const shifts: Family = {
  name: 'rol ror rcl rcr shl shr sar',
  build(batch) {
    for (const op of SHIFT_OPS) {
      for (const size of SIZES) {
        for (const reg of GPRS) {
          batch.add(`${op} ${r(reg, size)},cl`, (a) => a.shiftRCl(op, size, reg));
          batch.add(`${op} ${r(reg, size)},1`, (a) => a.shiftRI(op, size, reg, 1));
          const count = size === 8 ? 63 : (reg % 30) + 2;
          batch.add(`${op} ${r(reg, size)},${hex(count)}`, (a) => a.shiftRI(op, size, reg, count));
          batch.add(`${op} ${r(reg, size)},0x0`, (a) => a.shiftRI(op, size, reg, 0));
        }
        for (const mem of SAMPLE) {
          batch.add(`${op} ${m(mem, size)},cl`, (a) => a.shiftMCl(op, size, mem));
          batch.add(`${op} ${m(mem, size)},1`, (a) => a.shiftMI(op, size, mem, 1));
          batch.add(`${op} ${m(mem, size)},0x7`, (a) => a.shiftMI(op, size, mem, 7));
        }
      }
    }
  },
};

const conditions: Family = {
  name: 'setcc, cmovcc, jcc, jmp, call',
  build(batch) {
    const back = batch.asm.newLabel('back');
    batch.asm.bind(back);
    const at = (label: Label) => (code: AssembledCode) => hex(code.labelOffset(label));
    for (const cond of CONDS) {
      for (const reg of GPRS) batch.add(`set${cond} ${r(reg, 1)}`, (a) => a.setcc(cond, reg));
      for (const mem of SAMPLE) batch.add(`set${cond} ${m(mem, 1)}`, (a) => a.setccM(cond, mem));
      for (const size of WIDE) {
        for (const dst of GPRS) {
          const src = cycle(dst * 3 + size);
          batch.add(`cmov${cond} ${r(dst, size)},${r(src, size)}`, (a) => a.cmovRR(cond, size, dst, src));
        }
        SAMPLE.forEach((mem, i) => batch.add(`cmov${cond} ${r(cycle(i), size)},${m(mem, size)}`, (a) => a.cmovRM(cond, size, cycle(i), mem)));
      }
    }
    // Backward jumps (rel32 by now: the label is far behind), then forward ones, short and near.
    for (const cond of CONDS) batch.add((code) => `j${cond} ${at(back)(code)}`, (a) => a.jcc(cond, back));
    const near = batch.asm.newLabel('near');
    const short = batch.asm.newLabel('short');
    for (const cond of CONDS) batch.add((code) => `j${cond} ${at(near)(code)}`, (a) => a.jcc(cond, near));
    batch.add((code) => `jmp ${at(near)(code)}`, (a) => a.jmp(near));
    batch.add((code) => `call ${at(near)(code)}`, (a) => a.call(near));
    batch.add((code) => `call ${at(back)(code)}`, (a) => a.call(back));
    for (const cond of CONDS) batch.add((code) => `j${cond} ${at(short)(code)}`, (a) => a.jccShort(cond, short));
    batch.add((code) => `jmp ${at(short)(code)}`, (a) => a.jmpShort(short));
    batch.asm.bind(short);
    batch.asm.bind(near);
    const loop = batch.asm.newLabel('loop');
    batch.asm.bind(loop);
    for (const cond of CONDS) batch.add((code) => `j${cond} ${at(loop)(code)}`, (a) => a.jcc(cond, loop));
    batch.add((code) => `jmp ${at(loop)(code)}`, (a) => a.jmp(loop));
    for (const reg of GPRS) {
      batch.add(`jmp ${r(reg, 8)}`, (a) => a.jmpR(reg));
      batch.add(`call ${r(reg, 8)}`, (a) => a.callR(reg));
    }
    for (const mem of SAMPLE) {
      batch.add(`jmp ${m(mem, 8)}`, (a) => a.jmpM(mem));
      batch.add(`call ${m(mem, 8)}`, (a) => a.callM(mem));
    }
    batch.add('call QWORD PTR [rip+0x0]', (a) => a.callImport('puts'));
    batch.add('ret', (a) => a.ret());
  },
};

const NOP_TEXTS = [
  '',
  'nop',
  'xchg ax,ax',
  'nop DWORD PTR [rax]',
  'nop DWORD PTR [rax+0x0]',
  'nop DWORD PTR [rax+rax*1+0x0]',
  'nop WORD PTR [rax+rax*1+0x0]',
  'nop DWORD PTR [rax+0x0]',
  'nop DWORD PTR [rax+rax*1+0x0]',
  'nop WORD PTR [rax+rax*1+0x0]',
];

/** The NOPs that pad `length` bytes: as many 9-byte ones as fit, then the rest. */
function nopTexts(length: number): string[] {
  const texts: string[] = [];
  for (let left = length; left > 0; left -= Math.min(left, 9)) texts.push(NOP_TEXTS[Math.min(left, 9)]!);
  return texts;
}

const stack: Family = {
  name: 'push, pop, leave, nop, align, ud2, int3',
  build(batch) {
    for (const reg of GPRS) {
      batch.add(`push ${r(reg, 8)}`, (a) => a.push(reg));
      batch.add(`pop ${r(reg, 8)}`, (a) => a.pop(reg));
    }
    for (const value of [0, 1, -1, 0x7f, -0x80, 0x80, -0x81, 0x12345678, -0x80000000, 0x7fffffff]) {
      batch.add(`push ${immText(value, 8)}`, (a) => a.pushI(value));
    }
    for (const mem of SAMPLE) {
      batch.add(`push ${m(mem, 8)}`, (a) => a.pushM(mem));
      batch.add(`pop ${m(mem, 8)}`, (a) => a.popM(mem));
    }
    batch.add('leave', (a) => a.leave());
    batch.add('ud2', (a) => a.ud2());
    batch.add('int3', (a) => a.int3());
    for (let length = 1; length <= 30; length++) batch.add(nopTexts(length), (a) => a.nop(length));
    for (const alignment of [1, 2, 4, 8, 16, 32, 64]) {
      for (let misalign = 0; misalign < Math.min(alignment, 9); misalign++) {
        batch.asm.align(64);
        batch.asm.nop(misalign);
        batch.add('int3', (a) => a.int3());
        const padding = (alignment - (batch.asm.offset % alignment)) % alignment;
        batch.add(padding === 0 ? [] : nopTexts(padding), (a) => a.align(alignment));
      }
    }
  },
};

/** Bytes read by an SSE instruction from memory. */
const SSE_MEM_SIZE: Readonly<Record<SseOp, number>> = {
  movss: 4, movsd: 8, movups: 16, movupd: 16, movaps: 16, movapd: 16,
  addss: 4, addsd: 8, subss: 4, subsd: 8, mulss: 4, mulsd: 8, divss: 4, divsd: 8,
  sqrtss: 4, sqrtsd: 8, minss: 4, minsd: 8, maxss: 4, maxsd: 8,
  cvtss2sd: 4, cvtsd2ss: 8,
  ucomiss: 4, ucomisd: 8, comiss: 4, comisd: 8,
  andps: 16, andpd: 16, andnps: 16, andnpd: 16, orps: 16, orpd: 16, xorps: 16, xorpd: 16, pxor: 16,
};

const sse: Family = {
  name: 'SSE scalar, moves and bitwise',
  build(batch) {
    for (const op of SSE_OPS) {
      for (const dst of XMMS) for (const src of XMMS) batch.add(`${op} ${x(dst)},${x(src)}`, (a) => a.sseXX(op, dst, src));
      SAMPLE.forEach((mem, i) => batch.add(`${op} ${x(XMMS[i]!)},${m(mem, SSE_MEM_SIZE[op])}`, (a) => a.sseXM(op, XMMS[i]!, mem)));
    }
    for (const op of SSE_STORE_OPS) {
      SAMPLE.forEach((mem, i) => batch.add(`${op} ${m(mem, SSE_MEM_SIZE[op])},${x(XMMS[15 - i]!)}`, (a) => a.sseMX(op, mem, XMMS[15 - i]!)));
    }
    for (const size of [4, 8] as const) {
      const mnemonic = size === 8 ? 'movq' : 'movd';
      for (const g of GPRS) {
        for (const v of XMMS) {
          batch.add(`${mnemonic} ${x(v)},${r(g, size)}`, (a) => a.movXR(size, v, g));
          batch.add(`${mnemonic} ${r(g, size)},${x(v)}`, (a) => a.movRX(size, g, v));
        }
      }
      for (const op of ['cvtsi2sd', 'cvtsi2ss'] as const) {
        for (const g of GPRS) batch.add(`${op} ${x(XMMS[15 - g]!)},${r(g, size)}`, (a) => a.cvtToFloatXR(op, size, XMMS[15 - g]!, g));
        SAMPLE.forEach((mem, i) => batch.add(`${op} ${x(XMMS[i]!)},${m(mem, size)}`, (a) => a.cvtToFloatXM(op, size, XMMS[i]!, mem)));
      }
      for (const op of ['cvttsd2si', 'cvttss2si', 'cvtsd2si', 'cvtss2si'] as const) {
        const memSize = op.includes('sd') ? 8 : 4;
        for (const g of GPRS) batch.add(`${op} ${r(g, size)},${x(XMMS[g]!)}`, (a) => a.cvtToIntRX(op, size, g, XMMS[g]!));
        SAMPLE.forEach((mem, i) => batch.add(`${op} ${r(cycle(i), size)},${m(mem, memSize)}`, (a) => a.cvtToIntRM(op, size, cycle(i), mem)));
      }
    }
    for (const op of ['roundsd', 'roundss'] as const) {
      for (let mode = 0; mode < 16; mode++) {
        const dst = XMMS[mode]!;
        const src = XMMS[(mode * 7) % 16]!;
        batch.add(`${op} ${x(dst)},${x(src)},${hex(mode)}`, (a) => a.roundXX(op, dst, src, mode));
      }
      SAMPLE.forEach((mem, i) => batch.add(`${op} ${x(XMMS[i]!)},${m(mem, op === 'roundsd' ? 8 : 4)},0x9`, (a) => a.roundXM(op, XMMS[i]!, mem, 9)));
    }
  },
};

/**
 * Rip-relative operands of labels before and after the instruction, with and without a
 * displacement and with immediates of every size after the displacement (which count from the
 * end of the instruction).
 */
const ripRelative: Family = {
  name: 'rip-relative labels',
  build(batch) {
    const before = batch.asm.newLabel('before');
    batch.asm.bind(before);
    batch.add('int3', (a) => a.int3());
    const after = batch.asm.newLabel('after');
    const disp = (label: Label, extra: number) => (code: AssembledCode, _start: number, end: number) => code.labelOffset(label) + extra - end;
    for (const label of [before, after]) {
      for (const extra of [0, 8, -8, 0x1000]) {
        const mem: Mem = { rip: label, disp: extra };
        const at = disp(label, extra);
        for (const size of SIZES) {
          batch.add((c, s, e) => `mov ${r(cycle(size), size)},${m(mem, size, at(c, s, e))}`, (a) => a.movRM(size, cycle(size), mem));
          batch.add((c, s, e) => `mov ${m(mem, size, at(c, s, e))},${immText(-2, size)}`, (a) => a.movMI(size, mem, -2));
          const big = size === 1 ? 0x92 : 0x1234;
          batch.add((c, s, e) => `add ${m(mem, size, at(c, s, e))},${immText(big, size)}`, (a) => a.aluMI('add', size, mem, big));
          batch.add((c, s, e) => `cmp ${m(mem, size, at(c, s, e))},${immText(5, size)}`, (a) => a.aluMI('cmp', size, mem, 5));
          batch.add((c, s, e) => `shr ${m(mem, size, at(c, s, e))},0x3`, (a) => a.shiftMI('shr', size, mem, 3));
          batch.add((c, s, e) => `test ${m(mem, size, at(c, s, e))},${immText(0x11, size)}`, (a) => a.testMI(size, mem, 0x11));
        }
        batch.add((c, s, e) => `lea r13,${m(mem, 0, at(c, s, e))}`, (a) => a.lea(8, r13, mem));
        batch.add((c, s, e) => `imul eax,${m(mem, 4, at(c, s, e))},0x12345`, (a) => a.imulRMI(4, rax, mem, 0x12345));
        batch.add((c, s, e) => `movsd xmm9,${m(mem, 8, at(c, s, e))}`, (a) => a.sseXM('movsd', XMMS[9]!, mem));
        batch.add((c, s, e) => `roundsd xmm1,${m(mem, 8, at(c, s, e))},0x3`, (a) => a.roundXM('roundsd', XMMS[1]!, mem, 3));
        batch.add((c, s, e) => `call ${m(mem, 8, at(c, s, e))}`, (a) => a.callM(mem));
      }
    }
    batch.add('int3', (a) => a.int3());
    batch.asm.bind(after);
  },
};

export const FAMILIES: readonly Family[] = [mov, alu, arithmetic, shifts, conditions, stack, sse, ripRelative];
