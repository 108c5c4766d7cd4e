// The operands of the assembler's instructions other than registers: operand sizes, memory
// operands, labels, condition codes, and the checks that turn a bad operand into an Error
// before any byte is written.
//
// A memory operand is either
// - base + index*scale + disp (every part optional; index cannot be rsp, disp is a signed
//   32-bit value), encoded by encoding.ts with ModRM/SIB, or
// - rip-relative, `{ rip: target, disp }`: the address of a label in this code, a place in
//   rodata/data/bss (a `pc32` relocation; `text` is accepted too, though code in this assembler
//   is better reached through a label) or the GOT slot of an imported symbol (a `got-pc32`
//   relocation, no disp), plus disp.

import type { ImportTarget, SectionOffset } from '../image';
import { isGpr, registerName, type Gpr, type Xmm, isXmm } from './registers';

/** Operand size in bytes. */
export type Size = 1 | 2 | 4 | 8;
export type Scale = 1 | 2 | 4 | 8;

/** A position in the code being assembled; bound to an offset with `Assembler.bind`. */
export class Label {
  /** @param owner the assembler that made it: a label is only valid there. */
  constructor(
    readonly id: number,
    readonly name: string,
    readonly owner: object,
  ) {}
}

export type RipTarget = Label | SectionOffset | ImportTarget;

/** `[base + index*scale + disp]`. Without a base the address is index*scale + disp (or just disp). */
export interface BaseIndexMem {
  readonly base?: Gpr;
  readonly index?: Gpr;
  readonly scale?: Scale;
  readonly disp?: number;
  readonly rip?: undefined;
}

/** `[rip + target + disp]`: rip-relative addressing of a label, a data place or a GOT slot. */
export interface RipMem {
  readonly rip: RipTarget;
  readonly disp?: number;
}

export type Mem = BaseIndexMem | RipMem;

/** Condition codes, in hardware order (the low nibble of jcc/setcc/cmovcc opcodes). */
export type Cond = 'o' | 'no' | 'b' | 'ae' | 'e' | 'ne' | 'be' | 'a' | 's' | 'ns' | 'p' | 'np' | 'l' | 'ge' | 'le' | 'g';

export const CONDS: readonly Cond[] = ['o', 'no', 'b', 'ae', 'e', 'ne', 'be', 'a', 's', 'ns', 'p', 'np', 'l', 'ge', 'le', 'g'];

const CONDITION_CODES: ReadonlyMap<string, number> = new Map(CONDS.map((cond, code) => [cond, code]));

/** The 4-bit hardware code of a condition. */
export function condCode(cond: Cond): number {
  const code = CONDITION_CODES.get(cond);
  if (code === undefined) throw new Error(`'${String(cond)}' is not a condition code (${CONDS.join(' ')})`);
  return code;
}

/** The condition that holds exactly when `cond` does not (e <-> ne, l <-> ge, ...). */
export function invertCond(cond: Cond): Cond {
  return CONDS[condCode(cond) ^ 1]!;
}

// Checks. `what` names the instruction in messages.

export function checkGpr(what: string, register: Gpr): void {
  if (!isGpr(register)) throw new Error(`${what}: expected a general register, got ${registerName(register)}`);
}

export function checkXmm(what: string, register: Xmm): void {
  if (!isXmm(register)) throw new Error(`${what}: expected an SSE register, got ${registerName(register)}`);
}

/** Sizes as a bit set: a size is its own bit (1, 2, 4, 8). */
export const ANY_SIZE = 1 | 2 | 4 | 8;
export const WIDE_SIZES = 2 | 4 | 8;
export const SIZES_32_64 = 4 | 8;

/** Throws unless `size` is 1, 2, 4 or 8 and in the bit set `allowed`. */
export function checkSize(what: string, size: Size, allowed: number): void {
  if ((size === 1 || size === 2 || size === 4 || size === 8) && (allowed & size) !== 0) return;
  const sizes = [1, 2, 4, 8].filter((s) => (allowed & s) !== 0).join(', ');
  throw new Error(`${what}: operand size ${String(size)} is not one of ${sizes}`);
}

/**
 * The value of an immediate for an operand of `size` bytes (1, 2 or 4), as a signed number:
 * either reading is accepted (0xff and -1 are the same byte).
 */
export function signedImm(what: string, value: number, size: 1 | 2 | 4): number {
  const bits = size * 8;
  const limit = 2 ** bits;
  if (!Number.isInteger(value) || value < -(limit / 2) || value >= limit) {
    throw new Error(`${what}: immediate ${value} does not fit in ${size} byte${size === 1 ? '' : 's'}`);
  }
  return value >= limit / 2 ? value - limit : value;
}

/** An immediate that the instruction sign-extends from 32 to 64 bits. */
export function simm32(what: string, value: number): number {
  if (!Number.isInteger(value) || value < -0x8000_0000 || value > 0x7fff_ffff) {
    throw new Error(`${what}: immediate ${value} is not a signed 32-bit value (sign-extended to 64 bits)`);
  }
  return value;
}

/** An immediate for an operand of `size` bytes: imm8/16/32 as is, sign-extended imm32 for 8. */
export function operandImm(what: string, value: number, size: Size): number {
  return size === 8 ? simm32(what, value) : signedImm(what, value, size);
}

export function fitsInt8(value: number): boolean {
  return value >= -128 && value <= 127;
}

export function checkUint(what: string, name: string, value: number, max: number): void {
  if (!Number.isInteger(value) || value < 0 || value > max) throw new Error(`${what}: ${name} ${value} is not in 0..${max}`);
}
