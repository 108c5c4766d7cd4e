// The x86-64 assembler: one method per instruction form, appending machine code to one text
// section. encoding.ts lays out the bytes (prefixes, REX, ModRM, SIB, displacements, labels,
// relocations); this file picks opcodes and checks operands (Intel SDM vol. 2).
//
// Method names end in the operand kinds, destination first: R general register, X SSE
// register, M memory operand (operands.ts), I immediate. `size` is the operand size in bytes.
// Integer encodings:
// - size 1 uses the byte opcode (88 instead of 89, ...), size 2 adds the 0x66 prefix, size 8
//   REX.W. A byte operand in register 4..7 (spl bpl sil dil) gets a REX prefix.
// - Immediates take the shortest form: imm8 sign-extended (83, 6B, 6A) when the value fits,
//   the accumulator forms (04/05+8n, A8/A9) for al/ax/eax/rax, and for `movRI(8, ...)`
//   mov r32, imm32 (zero-extends) if the value is in 0..2^32-1, mov r/m64, simm32 if it is in
//   -2^31..-1, movabs r64, imm64 otherwise (`mov64Form`). Immediates of 1, 2 and 4 bytes may be written signed or
//   unsigned (0xff and -1 are the same byte); 64-bit operations take a signed 32-bit
//   immediate (sign-extended by the processor), except `movRI`.
// - movzx to 64 bits is encoded as movzx to 32 bits, which zero-extends the same way and is
//   shorter.
// SSE: the mandatory prefix (F3 scalar single, F2 scalar double, 66 packed double / integer,
// none for packed single) comes before REX; REX.W makes the general-register operand of movq,
// cvtsi2sd/ss and cvt(t)sd/ss2si 64-bit.
// Jumps: to a bound label within a signed byte, the rel8 form; otherwise (and forward) rel32,
// or rel8 with `jmpShort`/`jccShort` (an error when the label turns out to be too far).
// Every method validates its operands and throws an Error instead of writing wrong bytes; it
// writes nothing when it throws. listing.ts extends this class with an Intel-syntax listing.

import type { ImportTarget, Relocation } from '../image';
import { Encoder, REX, REX_W } from './encoding';
import {
  aluCode, floatToIntEncoding, intToFloatPrefix, roundOpcode, shiftCode, sseEncoding,
  sseStoreEncoding, unaryCode, type AluOp, type FloatToIntOp, type IntToFloatOp, type RoundOp,
  type ShiftOp, type SseOp, type SseStoreOp, type UnaryOp,
} from './opcodes';
import {
  ANY_SIZE, SIZES_32_64, WIDE_SIZES, checkGpr, checkSize, checkUint, checkXmm, condCode, fitsInt8,
  operandImm, simm32, type Cond, type Label, type Mem, type Size,
} from './operands';
import { needsRexAsByte, rax, type Gpr, type Xmm } from './registers';

export interface AssembledCode {
  readonly code: Uint8Array;
  /** Uses of rodata/data/bss places (`pc32`) and GOT slots (`got-pc32`), all in `text`. */
  readonly relocations: readonly Relocation[];
  /** The offset in `code` of a bound label (a function's entry, a jump target). */
  labelOffset(label: Label): number;
}

/** The 0x66 operand-size prefix for 16-bit operands, else none. */
function sizePrefix(size: Size): number {
  return size === 2 ? 0x66 : 0;
}

function sizeRex(size: Size): number {
  return size === 8 ? REX_W : 0;
}

function byteRex(register: Gpr): number {
  return needsRexAsByte(register) ? REX : 0;
}

/** Bytes of the immediate of an operand of `size` bytes (64-bit operations take an imm32). */
function immWidth(size: Size): 1 | 2 | 4 {
  return size === 8 ? 4 : size;
}

/**
 * How `movRI(8, r, value)` encodes a 64-bit value (`value` as a signed 64-bit integer):
 * `mov r32, imm32` (B8+r, zero-extends) for 0..2^32-1, `mov r/m64, imm32` (REX.W C7 /0,
 * sign-extends) for -2^31..-1, `movabs r64, imm64` (REX.W B8+r) otherwise.
 */
export function mov64Form(value: bigint): 'zero-extended imm32' | 'sign-extended imm32' | 'imm64' {
  if (value >= 0n && value <= 0xffff_ffffn) return 'zero-extended imm32';
  if (value < 0n && value >= -0x8000_0000n) return 'sign-extended imm32';
  return 'imm64';
}

/** Intel's recommended multi-byte NOPs, 1 to 9 bytes (SDM vol. 2, NOP). */
const NOPS: readonly (readonly number[])[] = [
  [],
  [0x90],
  [0x66, 0x90],
  [0x0f, 0x1f, 0x00],
  [0x0f, 0x1f, 0x40, 0x00],
  [0x0f, 0x1f, 0x44, 0x00, 0x00],
  [0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00],
  [0x0f, 0x1f, 0x80, 0x00, 0x00, 0x00, 0x00],
  [0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00],
  [0x66, 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00],
];

export class Assembler {
  private readonly enc = new Encoder();

  /** The offset of the next instruction. */
  get offset(): number {
    return this.enc.offset;
  }

  // Labels and results.

  newLabel(name?: string): Label {
    return this.enc.newLabel(name);
  }

  /** Binds `label` to the current offset and patches the jumps already made to it. */
  bind(label: Label): void {
    this.enc.bind(label);
  }

  isBound(label: Label): boolean {
    return this.enc.boundOffset(label) !== -1;
  }

  labelOffset(label: Label): number {
    const offset = this.enc.boundOffset(label);
    if (offset === -1) throw new Error(`labelOffset: label '${label.name}' is not bound`);
    return offset;
  }

  /** The code and its relocations; throws if a label was used but never bound. */
  finish(): AssembledCode {
    const code = this.enc.finish();
    const relocations = this.enc.relocations.slice();
    return { code, relocations, labelOffset: (label) => this.labelOffset(label) };
  }

  // Operand-form helpers for integer instructions. `opcode` is the final opcode (the caller
  // picks the byte form); `digit` is a ModRM.reg opcode extension.

  private intRR(what: string, size: Size, opcode: number, reg: Gpr, rm: Gpr): void {
    checkGpr(what, reg);
    checkGpr(what, rm);
    const rex = size === 1 ? byteRex(reg) | byteRex(rm) : sizeRex(size);
    this.enc.regReg(sizePrefix(size), rex, opcode, reg, rm);
  }

  private intRM(what: string, size: Size, opcode: number, reg: Gpr, mem: Mem, immBytes: number): void {
    checkGpr(what, reg);
    const rex = size === 1 ? byteRex(reg) : sizeRex(size);
    this.enc.regMem(what, sizePrefix(size), rex, opcode, reg, mem, immBytes);
  }

  private extR(what: string, size: Size, opcode: number, digit: number, rm: Gpr): void {
    checkGpr(what, rm);
    const rex = size === 1 ? byteRex(rm) : sizeRex(size);
    this.enc.regReg(sizePrefix(size), rex, opcode, digit, rm);
  }

  private extM(what: string, size: Size, opcode: number, digit: number, mem: Mem, immBytes: number): void {
    this.enc.regMem(what, sizePrefix(size), sizeRex(size), opcode, digit, mem, immBytes);
  }

  // mov, movzx, movsx, movsxd, lea.

  movRR(size: Size, dst: Gpr, src: Gpr): void {
    checkSize('mov', size, ANY_SIZE);
    this.intRR('mov', size, size === 1 ? 0x88 : 0x89, src, dst);
  }

  movRM(size: Size, dst: Gpr, src: Mem): void {
    checkSize('mov', size, ANY_SIZE);
    this.intRM('mov', size, size === 1 ? 0x8a : 0x8b, dst, src, 0);
  }

  movMR(size: Size, dst: Mem, src: Gpr): void {
    checkSize('mov', size, ANY_SIZE);
    this.intRM('mov', size, size === 1 ? 0x88 : 0x89, src, dst, 0);
  }

  /** `mov dst, imm` in its shortest form; for size 8 any 64-bit value (signed or unsigned). */
  movRI(size: Size, dst: Gpr, imm: number | bigint): void {
    checkSize('mov', size, ANY_SIZE);
    checkGpr('mov', dst);
    if (size === 8) {
      this.movRI64(dst, imm);
      return;
    }
    const value = operandImm('mov', typeof imm === 'bigint' ? bigintToNumber('mov', imm) : imm, size);
    if (size === 1) this.enc.opcodeReg(0, byteRex(dst), 0xb0, dst);
    else this.enc.opcodeReg(sizePrefix(size), 0, 0xb8, dst);
    this.enc.imm(value, size);
  }

  private movRI64(dst: Gpr, imm: number | bigint): void {
    const value = BigInt.asIntN(64, typeof imm === 'bigint' ? checkInt64('mov', imm) : BigInt(checkSafeInteger('mov', imm)));
    switch (mov64Form(value)) {
      case 'zero-extended imm32':
        this.enc.opcodeReg(0, 0, 0xb8, dst);
        this.enc.imm(Number(value), 4);
        break;
      case 'sign-extended imm32':
        this.enc.regReg(0, REX_W, 0xc7, 0, dst);
        this.enc.imm(Number(value), 4);
        break;
      case 'imm64':
        this.enc.opcodeReg(0, REX_W, 0xb8, dst);
        this.enc.imm64(value);
        break;
    }
  }

  /** `mov [mem], imm`; for size 8 the immediate is a signed 32-bit value. */
  movMI(size: Size, dst: Mem, imm: number): void {
    checkSize('mov', size, ANY_SIZE);
    const value = operandImm('mov', imm, size);
    this.extM('mov', size, size === 1 ? 0xc6 : 0xc7, 0, dst, immWidth(size));
    this.enc.imm(value, immWidth(size));
  }

  /** `movzx dst, src` from 1 or 2 bytes. */
  movzxRR(dstSize: Size, srcSize: 1 | 2, dst: Gpr, src: Gpr): void {
    const encoded = this.checkExtension('movzx', dstSize, srcSize);
    checkGpr('movzx', dst);
    checkGpr('movzx', src);
    const rex = srcSize === 1 ? byteRex(src) : 0;
    this.enc.regReg(sizePrefix(encoded), rex, srcSize === 1 ? 0x0fb6 : 0x0fb7, dst, src);
  }

  movzxRM(dstSize: Size, srcSize: 1 | 2, dst: Gpr, src: Mem): void {
    const encoded = this.checkExtension('movzx', dstSize, srcSize);
    checkGpr('movzx', dst);
    this.enc.regMem('movzx', sizePrefix(encoded), 0, srcSize === 1 ? 0x0fb6 : 0x0fb7, dst, src, 0);
  }

  /** `movsx dst, src` from 1 or 2 bytes, `movsxd` from 4 (to 8 bytes only). */
  movsxRR(dstSize: Size, srcSize: 1 | 2 | 4, dst: Gpr, src: Gpr): void {
    this.checkSignExtension(dstSize, srcSize);
    checkGpr('movsx', dst);
    checkGpr('movsx', src);
    const rex = sizeRex(dstSize) | (srcSize === 1 ? byteRex(src) : 0);
    this.enc.regReg(sizePrefix(dstSize), rex, movsxOpcode(srcSize), dst, src);
  }

  movsxRM(dstSize: Size, srcSize: 1 | 2 | 4, dst: Gpr, src: Mem): void {
    this.checkSignExtension(dstSize, srcSize);
    checkGpr('movsx', dst);
    this.enc.regMem('movsx', sizePrefix(dstSize), sizeRex(dstSize), movsxOpcode(srcSize), dst, src, 0);
  }

  /** `movsxd dst64, src32`. */
  movsxdRR(dst: Gpr, src: Gpr): void {
    this.movsxRR(8, 4, dst, src);
  }

  movsxdRM(dst: Gpr, src: Mem): void {
    this.movsxRM(8, 4, dst, src);
  }

  /** Checks a zero extension and returns the destination size to encode (8 becomes 4). */
  private checkExtension(what: string, dstSize: Size, srcSize: number): Size {
    checkSize(what, dstSize, WIDE_SIZES);
    if (srcSize === 4) throw new Error(`${what}: there is no movzx from 4 bytes; movRR(4, ...) zero-extends to 64 bits`);
    if (srcSize !== 1 && srcSize !== 2) throw new Error(`${what}: source size ${srcSize} is not 1 or 2`);
    if (dstSize <= srcSize) throw new Error(`${what}: a ${dstSize}-byte destination is not wider than a ${srcSize}-byte source`);
    return dstSize === 8 ? 4 : dstSize;
  }

  private checkSignExtension(dstSize: Size, srcSize: number): void {
    checkSize('movsx', dstSize, WIDE_SIZES);
    if (srcSize === 4) {
      if (dstSize !== 8) throw new Error(`movsxd: the destination must be 8 bytes, not ${dstSize}`);
      return;
    }
    if (srcSize !== 1 && srcSize !== 2) throw new Error(`movsx: source size ${srcSize} is not 1, 2 or 4`);
    if (dstSize <= srcSize) throw new Error(`movsx: a ${dstSize}-byte destination is not wider than a ${srcSize}-byte source`);
  }

  /** `lea dst, [mem]` (2, 4 or 8 bytes). */
  lea(size: Size, dst: Gpr, src: Mem): void {
    checkSize('lea', size, WIDE_SIZES);
    this.intRM('lea', size, 0x8d, dst, src, 0);
  }

  // ALU: add or adc sbb and sub xor cmp.

  aluRR(op: AluOp, size: Size, dst: Gpr, src: Gpr): void {
    const n = aluCode(op);
    checkSize(op, size, ANY_SIZE);
    this.intRR(op, size, 8 * n + (size === 1 ? 0 : 1), src, dst);
  }

  aluRM(op: AluOp, size: Size, dst: Gpr, src: Mem): void {
    const n = aluCode(op);
    checkSize(op, size, ANY_SIZE);
    this.intRM(op, size, 8 * n + (size === 1 ? 2 : 3), dst, src, 0);
  }

  aluMR(op: AluOp, size: Size, dst: Mem, src: Gpr): void {
    const n = aluCode(op);
    checkSize(op, size, ANY_SIZE);
    this.intRM(op, size, 8 * n + (size === 1 ? 0 : 1), src, dst, 0);
  }

  aluRI(op: AluOp, size: Size, dst: Gpr, imm: number): void {
    const n = aluCode(op);
    checkSize(op, size, ANY_SIZE);
    checkGpr(op, dst);
    const value = operandImm(op, imm, size);
    if (size !== 1 && fitsInt8(value)) {
      this.extR(op, size, 0x83, n, dst);
      this.enc.imm(value, 1);
    } else if (dst === rax) {
      this.enc.plain(sizePrefix(size), sizeRex(size), 8 * n + (size === 1 ? 4 : 5));
      this.enc.imm(value, immWidth(size));
    } else {
      this.extR(op, size, size === 1 ? 0x80 : 0x81, n, dst);
      this.enc.imm(value, immWidth(size));
    }
  }

  aluMI(op: AluOp, size: Size, dst: Mem, imm: number): void {
    const n = aluCode(op);
    checkSize(op, size, ANY_SIZE);
    const value = operandImm(op, imm, size);
    const width = size !== 1 && fitsInt8(value) ? 1 : immWidth(size);
    const opcode = size === 1 ? 0x80 : width === 1 ? 0x83 : 0x81;
    this.extM(op, size, opcode, n, dst, width);
    this.enc.imm(value, width);
  }

  // test (it has no imm8 form; `test a, b` and `test b, a` are one instruction).

  testRR(size: Size, a: Gpr, b: Gpr): void {
    checkSize('test', size, ANY_SIZE);
    this.intRR('test', size, size === 1 ? 0x84 : 0x85, b, a);
  }

  testMR(size: Size, a: Mem, b: Gpr): void {
    checkSize('test', size, ANY_SIZE);
    this.intRM('test', size, size === 1 ? 0x84 : 0x85, b, a, 0);
  }

  /** The same instruction as `testMR(size, b, a)`. */
  testRM(size: Size, a: Gpr, b: Mem): void {
    this.testMR(size, b, a);
  }

  testRI(size: Size, a: Gpr, imm: number): void {
    checkSize('test', size, ANY_SIZE);
    checkGpr('test', a);
    const value = operandImm('test', imm, size);
    if (a === rax) this.enc.plain(sizePrefix(size), sizeRex(size), size === 1 ? 0xa8 : 0xa9);
    else this.extR('test', size, size === 1 ? 0xf6 : 0xf7, 0, a);
    this.enc.imm(value, immWidth(size));
  }

  testMI(size: Size, a: Mem, imm: number): void {
    checkSize('test', size, ANY_SIZE);
    const value = operandImm('test', imm, size);
    this.extM('test', size, size === 1 ? 0xf6 : 0xf7, 0, a, immWidth(size));
    this.enc.imm(value, immWidth(size));
  }

  // Multiplication, division and the other one-operand instructions.

  /** `imul dst, src` (2, 4 or 8 bytes). */
  imulRR(size: Size, dst: Gpr, src: Gpr): void {
    checkSize('imul', size, WIDE_SIZES);
    this.intRR('imul', size, 0x0faf, dst, src);
  }

  imulRM(size: Size, dst: Gpr, src: Mem): void {
    checkSize('imul', size, WIDE_SIZES);
    this.intRM('imul', size, 0x0faf, dst, src, 0);
  }

  /** `imul dst, src, imm`. */
  imulRRI(size: Size, dst: Gpr, src: Gpr, imm: number): void {
    checkSize('imul', size, WIDE_SIZES);
    const value = operandImm('imul', imm, size);
    const width = fitsInt8(value) ? 1 : immWidth(size);
    this.intRR('imul', size, width === 1 ? 0x6b : 0x69, dst, src);
    this.enc.imm(value, width);
  }

  imulRMI(size: Size, dst: Gpr, src: Mem, imm: number): void {
    checkSize('imul', size, WIDE_SIZES);
    const value = operandImm('imul', imm, size);
    const width = fitsInt8(value) ? 1 : immWidth(size);
    this.intRM('imul', size, width === 1 ? 0x6b : 0x69, dst, src, width);
    this.enc.imm(value, width);
  }

  /** inc dec not neg, and mul imul div idiv of rdx:rax by the operand. */
  unaryR(op: UnaryOp, size: Size, operand: Gpr): void {
    const [opcode, digit] = unaryCode(op);
    checkSize(op, size, ANY_SIZE);
    this.extR(op, size, size === 1 ? opcode - 1 : opcode, digit, operand);
  }

  unaryM(op: UnaryOp, size: Size, operand: Mem): void {
    const [opcode, digit] = unaryCode(op);
    checkSize(op, size, ANY_SIZE);
    this.extM(op, size, size === 1 ? opcode - 1 : opcode, digit, operand, 0);
  }

  /** dx:ax = sign extension of ax. */
  cwd(): void {
    this.enc.plain(0x66, 0, 0x99);
  }

  /** edx:eax = sign extension of eax. */
  cdq(): void {
    this.enc.plain(0, 0, 0x99);
  }

  /** rdx:rax = sign extension of rax. */
  cqo(): void {
    this.enc.plain(0, REX_W, 0x99);
  }

  /** rax = sign extension of eax. */
  cdqe(): void {
    this.enc.plain(0, REX_W, 0x98);
  }

  // Shifts and rotates: by cl, or by an immediate count (the count 1 has its own opcode).

  shiftRCl(op: ShiftOp, size: Size, dst: Gpr): void {
    const digit = shiftCode(op);
    checkSize(op, size, ANY_SIZE);
    this.extR(op, size, size === 1 ? 0xd2 : 0xd3, digit, dst);
  }

  shiftMCl(op: ShiftOp, size: Size, dst: Mem): void {
    const digit = shiftCode(op);
    checkSize(op, size, ANY_SIZE);
    this.extM(op, size, size === 1 ? 0xd2 : 0xd3, digit, dst, 0);
  }

  shiftRI(op: ShiftOp, size: Size, dst: Gpr, count: number): void {
    const digit = shiftCode(op);
    checkSize(op, size, ANY_SIZE);
    checkUint(op, 'shift count', count, size === 8 ? 63 : 31);
    if (count === 1) {
      this.extR(op, size, size === 1 ? 0xd0 : 0xd1, digit, dst);
    } else {
      this.extR(op, size, size === 1 ? 0xc0 : 0xc1, digit, dst);
      this.enc.imm(count, 1);
    }
  }

  shiftMI(op: ShiftOp, size: Size, dst: Mem, count: number): void {
    const digit = shiftCode(op);
    checkSize(op, size, ANY_SIZE);
    checkUint(op, 'shift count', count, size === 8 ? 63 : 31);
    if (count === 1) {
      this.extM(op, size, size === 1 ? 0xd0 : 0xd1, digit, dst, 0);
    } else {
      this.extM(op, size, size === 1 ? 0xc0 : 0xc1, digit, dst, 1);
      this.enc.imm(count, 1);
    }
  }

  // Conditions: setcc (a byte), cmovcc (2, 4 or 8 bytes).

  setcc(cond: Cond, dst: Gpr): void {
    const cc = condCode(cond);
    this.extR(`set${cond}`, 1, 0x0f90 + cc, 0, dst);
  }

  setccM(cond: Cond, dst: Mem): void {
    const cc = condCode(cond);
    this.extM(`set${cond}`, 1, 0x0f90 + cc, 0, dst, 0);
  }

  cmovRR(cond: Cond, size: Size, dst: Gpr, src: Gpr): void {
    const cc = condCode(cond);
    checkSize(`cmov${cond}`, size, WIDE_SIZES);
    this.intRR(`cmov${cond}`, size, 0x0f40 + cc, dst, src);
  }

  cmovRM(cond: Cond, size: Size, dst: Gpr, src: Mem): void {
    const cc = condCode(cond);
    checkSize(`cmov${cond}`, size, WIDE_SIZES);
    this.intRM(`cmov${cond}`, size, 0x0f40 + cc, dst, src, 0);
  }

  // Control flow.

  /** `jmp label`: rel8 back to a bound label in range, else rel32. */
  jmp(label: Label): void {
    if (this.fitsShortBackward(label, 2)) {
      this.branch('jmp', [0xeb], label, 1);
    } else {
      this.branch('jmp', [0xe9], label, 4);
    }
  }

  /** `jmp label` with a rel8 displacement; throws (at the jump or at `bind`) if it does not fit. */
  jmpShort(label: Label): void {
    this.branch('jmp', [0xeb], label, 1);
  }

  jcc(cond: Cond, label: Label): void {
    const cc = condCode(cond);
    if (this.fitsShortBackward(label, 2)) {
      this.branch(`j${cond}`, [0x70 + cc], label, 1);
    } else {
      this.branch(`j${cond}`, [0x0f, 0x80 + cc], label, 4);
    }
  }

  jccShort(cond: Cond, label: Label): void {
    this.branch(`j${cond}`, [0x70 + condCode(cond)], label, 1);
  }

  /** `call label` (rel32). */
  call(label: Label): void {
    this.branch('call', [0xe8], label, 4);
  }

  /** `call [rip + GOT slot of name]`: a call to an imported function. */
  callImport(name: string): void {
    this.callM({ rip: { import: name } satisfies ImportTarget });
  }

  jmpR(target: Gpr): void {
    this.extR('jmp', 4, 0xff, 4, target); // 64-bit by default: no REX.W
  }

  jmpM(target: Mem): void {
    this.extM('jmp', 4, 0xff, 4, target, 0);
  }

  callR(target: Gpr): void {
    this.extR('call', 4, 0xff, 2, target);
  }

  callM(target: Mem): void {
    this.extM('call', 4, 0xff, 2, target, 0);
  }

  ret(): void {
    this.enc.byte(0xc3);
  }

  private fitsShortBackward(label: Label, length: number): boolean {
    const target = this.enc.boundOffset(label);
    return target !== -1 && fitsInt8(target - (this.enc.offset + length));
  }

  private branch(what: string, opcode: readonly number[], label: Label, width: 1 | 4): void {
    this.enc.checkLabel(what, label);
    const target = this.enc.boundOffset(label);
    const end = this.enc.offset + opcode.length + width;
    if (width === 1 && target !== -1 && !fitsInt8(target - end)) {
      throw new Error(`${what}: label '${label.name}' at ${target} is ${target - end} bytes away, too far for a short jump`);
    }
    for (const byte of opcode) this.enc.byte(byte);
    const at = this.enc.offset;
    this.enc.imm(0, width);
    this.enc.useLabel(what, label, at, at + width, width, 0);
  }

  // Stack.

  push(src: Gpr): void {
    checkGpr('push', src);
    this.enc.opcodeReg(0, 0, 0x50, src);
  }

  pop(dst: Gpr): void {
    checkGpr('pop', dst);
    this.enc.opcodeReg(0, 0, 0x58, dst);
  }

  /** `push imm`: pushes the 64-bit sign extension of a signed 32-bit value. */
  pushI(imm: number): void {
    const value = simm32('push', imm);
    if (fitsInt8(value)) {
      this.enc.byte(0x6a);
      this.enc.imm(value, 1);
    } else {
      this.enc.byte(0x68);
      this.enc.imm(value, 4);
    }
  }

  pushM(src: Mem): void {
    this.extM('push', 4, 0xff, 6, src, 0);
  }

  popM(dst: Mem): void {
    this.extM('pop', 4, 0x8f, 0, dst, 0);
  }

  leave(): void {
    this.enc.byte(0xc9);
  }

  // Padding and traps.

  /** A no-op of exactly `length` bytes (multi-byte NOPs of at most 9 bytes each). */
  nop(length = 1): void {
    checkUint('nop', 'length', length, 0x1000);
    let left = length;
    while (left > 0) {
      const chunk = Math.min(left, NOPS.length - 1);
      for (const byte of NOPS[chunk]!) this.enc.byte(byte);
      left -= chunk;
    }
  }

  /** Pads with NOPs to a multiple of `alignment` (a power of two up to 4096). */
  align(alignment: number): void {
    if (!Number.isInteger(alignment) || alignment < 1 || alignment > 4096 || (alignment & (alignment - 1)) !== 0) {
      throw new Error(`align: ${alignment} is not a power of two up to 4096`);
    }
    this.nop((alignment - (this.enc.offset % alignment)) % alignment);
  }

  ud2(): void {
    this.enc.opcode(0x0f0b);
  }

  int3(): void {
    this.enc.byte(0xcc);
  }

  // SSE.

  /** `op dst, src` for the scalar, packed-move and bitwise SSE instructions (opcodes.ts). */
  sseXX(op: SseOp, dst: Xmm, src: Xmm): void {
    const { prefix, opcode } = sseEncoding(op);
    checkXmm(op, dst);
    checkXmm(op, src);
    this.enc.regReg(prefix, 0, opcode, dst, src);
  }

  sseXM(op: SseOp, dst: Xmm, src: Mem): void {
    const { prefix, opcode } = sseEncoding(op);
    checkXmm(op, dst);
    this.enc.regMem(op, prefix, 0, opcode, dst, src, 0);
  }

  /** Stores: `movss/movsd/movups/movupd/movaps/movapd [dst], src`. */
  sseMX(op: SseStoreOp, dst: Mem, src: Xmm): void {
    const { prefix, opcode } = sseStoreEncoding(op);
    checkXmm(op, src);
    this.enc.regMem(op, prefix, 0, opcode, src, dst, 0);
  }

  /** `movd xmm, r32` (size 4) or `movq xmm, r64` (size 8). */
  movXR(size: Size, dst: Xmm, src: Gpr): void {
    this.gprXmm(size === 8 ? 'movq' : 'movd', size, 0x0f6e, dst, src);
  }

  /** `movd r32, xmm` (size 4) or `movq r64, xmm` (size 8). */
  movRX(size: Size, dst: Gpr, src: Xmm): void {
    this.gprXmm(size === 8 ? 'movq' : 'movd', size, 0x0f7e, src, dst);
  }

  private gprXmm(what: string, size: Size, opcode: number, reg: Xmm, rm: Gpr): void {
    checkSize(what, size, SIZES_32_64);
    checkXmm(what, reg);
    checkGpr(what, rm);
    this.enc.regReg(0x66, sizeRex(size), opcode, reg, rm);
  }

  /** `cvtsi2sd/cvtsi2ss dst, src` from a 4- or 8-byte integer. */
  cvtToFloatXR(op: IntToFloatOp, size: Size, dst: Xmm, src: Gpr): void {
    const prefix = intToFloatPrefix(op);
    checkSize(op, size, SIZES_32_64);
    checkXmm(op, dst);
    checkGpr(op, src);
    this.enc.regReg(prefix, sizeRex(size), 0x0f2a, dst, src);
  }

  cvtToFloatXM(op: IntToFloatOp, size: Size, dst: Xmm, src: Mem): void {
    const prefix = intToFloatPrefix(op);
    checkSize(op, size, SIZES_32_64);
    checkXmm(op, dst);
    this.enc.regMem(op, prefix, sizeRex(size), 0x0f2a, dst, src, 0);
  }

  /** `cvttsd2si/cvttss2si/cvtsd2si/cvtss2si dst, src` to a 4- or 8-byte integer. */
  cvtToIntRX(op: FloatToIntOp, size: Size, dst: Gpr, src: Xmm): void {
    const [prefix, opcode] = floatToIntEncoding(op);
    checkSize(op, size, SIZES_32_64);
    checkGpr(op, dst);
    checkXmm(op, src);
    this.enc.regReg(prefix, sizeRex(size), opcode, dst, src);
  }

  cvtToIntRM(op: FloatToIntOp, size: Size, dst: Gpr, src: Mem): void {
    const [prefix, opcode] = floatToIntEncoding(op);
    checkSize(op, size, SIZES_32_64);
    checkGpr(op, dst);
    this.enc.regMem(op, prefix, sizeRex(size), opcode, dst, src, 0);
  }

  /**
   * SSE4.1 `roundsd/roundss dst, src, mode`: mode bits 0-1 pick the rounding (0 nearest even,
   * 1 down, 2 up, 3 toward zero), bit 2 uses MXCSR instead, bit 3 suppresses the inexact exception.
   */
  roundXX(op: RoundOp, dst: Xmm, src: Xmm, mode: number): void {
    const opcode = roundOpcode(op);
    checkXmm(op, dst);
    checkXmm(op, src);
    checkUint(op, 'rounding mode', mode, 15);
    this.enc.regReg(0x66, 0, opcode, dst, src);
    this.enc.imm(mode, 1);
  }

  roundXM(op: RoundOp, dst: Xmm, src: Mem, mode: number): void {
    const opcode = roundOpcode(op);
    checkXmm(op, dst);
    checkUint(op, 'rounding mode', mode, 15);
    this.enc.regMem(op, 0x66, 0, opcode, dst, src, 1);
    this.enc.imm(mode, 1);
  }
}

function movsxOpcode(srcSize: 1 | 2 | 4): number {
  return srcSize === 1 ? 0x0fbe : srcSize === 2 ? 0x0fbf : 0x63;
}

function checkSafeInteger(what: string, value: number): number {
  if (!Number.isSafeInteger(value)) throw new Error(`${what}: immediate ${value} is not an integer that a number holds exactly (pass a bigint)`);
  return value;
}

function checkInt64(what: string, value: bigint): bigint {
  if (value < -(1n << 63n) || value >= 1n << 64n) throw new Error(`${what}: immediate ${value} does not fit in 64 bits`);
  return value;
}

function bigintToNumber(what: string, value: bigint): number {
  if (value < -(1n << 32n) || value >= 1n << 32n) throw new Error(`${what}: immediate ${value} does not fit in the operand`);
  return Number(value);
}
