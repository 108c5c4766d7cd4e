// The byte level of the x86-64 encoder: a growable code buffer, the instruction layout, labels
// with their fixups, and relocations. assembler.ts builds every instruction from these parts.
//
// Instruction layout (Intel SDM vol. 2, ch. 2), in this order:
//   [legacy prefix] [REX] opcode [ModRM [SIB] [disp8|disp32]] [immediate]
// - Legacy prefix: at most one here. 0x66 selects 16-bit operands; 0xF2/0xF3/0x66 are also the
//   mandatory prefixes of SSE instructions (F2 = scalar double, F3 = scalar single, 66 = packed
//   double/integer). It must precede REX: a REX followed by another prefix is ignored.
// - REX = 0100WRXB. W: 64-bit operand size. R: bit 3 of ModRM.reg. X: bit 3 of SIB.index.
//   B: bit 3 of ModRM.rm, SIB.base or the register in the opcode's low bits. A REX with no bit
//   set (0x40) is still needed to address spl/bpl/sil/dil as byte registers.
// - Opcode: 1 byte, 0F xx, or 0F 38 xx / 0F 3A xx; passed as one number (0x0FAF, 0x0F3A0B).
// - ModRM = mod(2) reg(3) rm(3). mod 11: rm is a register. Otherwise rm names a memory operand:
//   mod 00 no displacement, 01 disp8, 10 disp32 (sign-extended), with these exceptions of the
//   low three bits of the base (so they hold for r12/r13 too, REX.B does not change them):
//   rm 100 (rsp/r12) means a SIB byte follows; rm 101 (rbp/r13) with mod 00 means
//   [rip + disp32]. So a base rsp/r12 always takes a SIB, and a base rbp/r13 always takes a
//   displacement (disp8 0 when there is none).
// - SIB = scale(2) index(3) base(3). index 100 without REX.X means no index (so rsp cannot
//   be an index; r12 can). base 101 with mod 00 means no base and a disp32: an absolute
//   address, or index*scale + disp32.
// - The shortest displacement is used: none when it is 0 (except for rbp/r13), disp8 when it
//   fits in a signed byte, disp32 otherwise.
//
// Labels: a use of a bound label is resolved at once; a use of an unbound one records a fixup
// in the label, patched when the label is bound. `finish` fails if a used label was never
// bound. Data and imports are not in this code: their uses become relocations.

import type { ImportTarget, Relocation, SectionName, SectionOffset } from '../image';
import { Label, fitsInt8, type BaseIndexMem, type Mem, type RipMem, type RipTarget } from './operands';
import { isGpr, registerName, rsp } from './registers';

/** REX.W: 64-bit operand size. */
export const REX_W = 0x08;
/** A REX prefix even with no other bit set (for spl/bpl/sil/dil). */
export const REX = 0x40;

const SECTIONS: ReadonlySet<string> = new Set<SectionName>(['text', 'rodata', 'data', 'bss']);

/** Pending label uses, four numbers each: field offset, end (rel is counted from here), width, addend. */
const FIXUP_FIELDS = 4;

export class Encoder {
  private code = new Uint8Array(4096);
  private length = 0;
  readonly relocations: Relocation[] = [];
  private readonly labels: Label[] = [];
  private readonly labelOffsets: number[] = [];
  private readonly pending: (number[] | undefined)[] = [];

  /** The offset the next byte goes to. */
  get offset(): number {
    return this.length;
  }

  // Bytes.

  private room(count: number): void {
    if (this.length + count <= this.code.length) return;
    let size = this.code.length * 2;
    while (size < this.length + count) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.code.subarray(0, this.length));
    this.code = grown;
  }

  byte(value: number): void {
    this.room(1);
    this.code[this.length++] = value;
  }

  /** A little-endian value of 1, 2 or 4 bytes (signed or unsigned, in range for the width). */
  imm(value: number, width: 1 | 2 | 4): void {
    this.room(width);
    const code = this.code;
    code[this.length++] = value & 0xff;
    if (width === 1) return;
    code[this.length++] = (value >> 8) & 0xff;
    if (width === 2) return;
    code[this.length++] = (value >> 16) & 0xff;
    code[this.length++] = (value >>> 24) & 0xff;
  }

  imm64(value: bigint): void {
    const bits = BigInt.asUintN(64, value);
    this.imm(Number(bits & 0xffff_ffffn), 4);
    this.imm(Number(bits >> 32n), 4);
  }

  private patch(at: number, value: number, width: 1 | 4): void {
    const saved = this.length;
    this.length = at;
    this.imm(value, width);
    this.length = saved;
  }

  /** 1, 2 or 3 opcode bytes, written as one number: 0x89, 0x0FAF, 0x0F3A0B. */
  opcode(opcode: number): void {
    if (opcode > 0xffff) this.byte(opcode >>> 16);
    if (opcode > 0xff) this.byte((opcode >>> 8) & 0xff);
    this.byte(opcode & 0xff);
  }

  /** The legacy prefix (0 for none), then REX if any of `rex`'s bits (W, 0x40, R, X, B) is set. */
  private prefixes(legacy: number, rex: number): void {
    if (legacy !== 0) this.byte(legacy);
    if (rex !== 0) this.byte(REX | rex);
  }

  // Instructions by operand form. `reg` and `rm` are register values (general or SSE: only
  // the low four bits count) or a ModRM.reg opcode extension (/0../7).

  /** `opcode` + ModRM with mod 11: reg, rm both registers. */
  regReg(legacy: number, rex: number, opcode: number, reg: number, rm: number): void {
    this.prefixes(legacy, rex | ((reg & 8) >> 1) | ((rm & 8) >> 3));
    this.opcode(opcode);
    this.byte(0xc0 | ((reg & 7) << 3) | (rm & 7));
  }

  /**
   * `opcode` + ModRM addressing `mem`. `immBytes` is the size of the immediate that will follow,
   * which a rip-relative displacement must account for (it counts from the instruction's end).
   */
  regMem(what: string, legacy: number, rex: number, opcode: number, reg: number, mem: Mem, immBytes: number): void {
    if (mem.rip !== undefined) {
      checkRipMem(what, mem);
      if (mem.rip instanceof Label) this.checkLabel(what, mem.rip);
      this.prefixes(legacy, rex | ((reg & 8) >> 1));
      this.opcode(opcode);
      this.byte(0x05 | ((reg & 7) << 3));
      this.ripField(what, mem, immBytes);
      return;
    }
    const { base, index } = mem;
    const disp = mem.disp ?? 0;
    checkAddress(what, mem, disp);
    this.prefixes(legacy, rex | ((reg & 8) >> 1) | (index === undefined ? 0 : (index & 8) >> 2) | (base === undefined ? 0 : (base & 8) >> 3));
    this.opcode(opcode);
    const regBits = (reg & 7) << 3;
    const indexBits = index === undefined ? 0x20 : (SCALE_BITS[mem.scale ?? 1]! << 6) | ((index & 7) << 3);
    if (base === undefined) {
      this.byte(0x04 | regBits); // SIB follows
      this.byte(indexBits | 0x05); // no base: disp32
      this.imm(disp, 4);
      return;
    }
    const mod = disp === 0 && (base & 7) !== 5 ? 0x00 : fitsInt8(disp) ? 0x40 : 0x80;
    if (index === undefined && (base & 7) !== 4) {
      this.byte(mod | regBits | (base & 7));
    } else {
      this.byte(mod | regBits | 0x04);
      this.byte(indexBits | (base & 7));
    }
    if (mod === 0x40) this.imm(disp, 1);
    else if (mod === 0x80) this.imm(disp, 4);
  }

  /** Prefixes and opcode with no ModRM (the accumulator forms, ret, cqo, ...). */
  plain(legacy: number, rex: number, opcode: number): void {
    this.prefixes(legacy, rex);
    this.opcode(opcode);
  }

  /** `opcode + (register & 7)`, REX.B for r8..r15 (push, pop, mov r, imm). */
  opcodeReg(legacy: number, rex: number, opcode: number, register: number): void {
    this.prefixes(legacy, rex | ((register & 8) >> 3));
    this.opcode(opcode + (register & 7));
  }

  /** The disp32 of a rip-relative operand: resolved for a label, a relocation otherwise. */
  private ripField(what: string, mem: RipMem, immBytes: number): void {
    const at = this.length;
    const disp = mem.disp ?? 0;
    this.imm(0, 4);
    const target = mem.rip;
    if (target instanceof Label) {
      this.useLabel(what, target, at, at + 4 + immBytes, 4, disp);
    } else if ('import' in target) {
      this.relocations.push({ at: { section: 'text', offset: at }, kind: 'got-pc32', target, addend: -4 - immBytes });
    } else {
      this.relocations.push({ at: { section: 'text', offset: at }, kind: 'pc32', target, addend: disp - 4 - immBytes });
    }
  }

  // Labels.

  newLabel(name: string | undefined): Label {
    const id = this.labels.length;
    const label = new Label(id, name ?? `L${id}`, this);
    this.labels.push(label);
    this.labelOffsets.push(-1);
    this.pending.push(undefined);
    return label;
  }

  checkLabel(what: string, label: Label): void {
    if (!(label instanceof Label) || label.owner !== this) throw new Error(`${what}: label ${describeLabel(label)} belongs to another assembler`);
  }

  bind(label: Label): void {
    this.checkLabel('bind', label);
    if (this.labelOffsets[label.id] !== -1) throw new Error(`bind: label '${label.name}' is already bound (at ${this.labelOffsets[label.id]})`);
    const offset = this.length;
    this.labelOffsets[label.id] = offset;
    const fixups = this.pending[label.id];
    if (fixups === undefined) return;
    this.pending[label.id] = undefined;
    for (let i = 0; i < fixups.length; i += FIXUP_FIELDS) {
      this.resolve(label, fixups[i]!, fixups[i + 1]!, fixups[i + 2] as 1 | 4, fixups[i + 3]!);
    }
  }

  /** The offset of a bound label, or -1. */
  boundOffset(label: Label): number {
    this.checkLabel('labelOffset', label);
    return this.labelOffsets[label.id]!;
  }

  /**
   * A `width`-byte field at `at` that holds label + addend - end, where `end` is the offset the
   * processor counts from (the end of the instruction).
   */
  useLabel(what: string, label: Label, at: number, end: number, width: 1 | 4, addend: number): void {
    this.checkLabel(what, label);
    if (this.labelOffsets[label.id] !== -1) {
      this.resolve(label, at, end, width, addend);
      return;
    }
    let fixups = this.pending[label.id];
    if (fixups === undefined) this.pending[label.id] = fixups = [];
    fixups.push(at, end, width, addend);
  }

  private resolve(label: Label, at: number, end: number, width: 1 | 4, addend: number): void {
    const value = this.labelOffsets[label.id]! + addend - end;
    if (width === 1 && !fitsInt8(value)) {
      throw new Error(`short jump at ${at - 1} to label '${label.name}' at ${this.labelOffsets[label.id]}: displacement ${value} does not fit in a signed byte`);
    }
    if (width === 4 && (value < -0x8000_0000 || value > 0x7fff_ffff)) {
      throw new Error(`displacement to label '${label.name}' does not fit in 32 bits`);
    }
    this.patch(at, value, width);
  }

  /** The code, once every used label is bound. */
  finish(): Uint8Array {
    const unbound = this.labels.filter((label) => this.pending[label.id] !== undefined).map((label) => `'${label.name}'`);
    if (unbound.length > 0) {
      const shown = unbound.length > 10 ? [...unbound.slice(0, 10), `and ${unbound.length - 10} more`] : unbound;
      throw new Error(`finish: label${unbound.length === 1 ? '' : 's'} used but never bound: ${shown.join(', ')}`);
    }
    return this.code.slice(0, this.length);
  }
}

const SCALE_BITS: readonly (number | undefined)[] = [undefined, 0, 1, undefined, 2, undefined, undefined, undefined, 3];

function describeLabel(label: unknown): string {
  return label instanceof Label ? `'${label.name}'` : String(label);
}

function checkAddress(what: string, mem: BaseIndexMem, disp: number): void {
  const { base, index, scale } = mem;
  if (base !== undefined && !isGpr(base)) throw new Error(`${what}: the base of a memory operand must be a general register, not ${registerName(base)}`);
  if (index !== undefined) {
    if (!isGpr(index)) throw new Error(`${what}: the index of a memory operand must be a general register, not ${registerName(index)}`);
    if (index === rsp) throw new Error(`${what}: rsp cannot be an index register`);
  }
  if (scale !== undefined) {
    if (SCALE_BITS[scale] === undefined) throw new Error(`${what}: scale ${String(scale)} is not 1, 2, 4 or 8`);
    if (index === undefined && scale !== 1) throw new Error(`${what}: scale ${scale} without an index register`);
  }
  if (!Number.isInteger(disp) || disp < -0x8000_0000 || disp > 0x7fff_ffff) {
    throw new Error(`${what}: displacement ${disp} is not a signed 32-bit value`);
  }
}

function checkRipMem(what: string, mem: RipMem): void {
  const loose = mem as RipMem & { readonly base?: unknown; readonly index?: unknown };
  if (loose.base !== undefined || loose.index !== undefined) throw new Error(`${what}: a rip-relative operand has no base or index register`);
  const disp = mem.disp ?? 0;
  if (!Number.isInteger(disp) || disp < -0x8000_0000 || disp > 0x7fff_ffff) {
    throw new Error(`${what}: displacement ${disp} is not a signed 32-bit value`);
  }
  checkRipTarget(what, mem.rip, disp);
}

function checkRipTarget(what: string, target: RipTarget, disp: number): void {
  if (target instanceof Label) return; // its owner is checked when it is used
  if (typeof target !== 'object' || target === null) throw new Error(`${what}: ${String(target)} is not a rip-relative target`);
  if ('import' in target) {
    const name = (target as ImportTarget).import;
    if (typeof name !== 'string' || name === '') throw new Error(`${what}: an import target needs a symbol name`);
    if (disp !== 0) throw new Error(`${what}: the GOT slot of '${name}' takes no displacement (got ${disp})`);
    return;
  }
  const place = target as SectionOffset;
  if (!SECTIONS.has(place.section)) throw new Error(`${what}: '${String(place.section)}' is not a section`);
  if (!Number.isInteger(place.offset) || place.offset < 0) throw new Error(`${what}: section offset ${place.offset} is not a non-negative integer`);
}
