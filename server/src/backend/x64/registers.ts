// The x86-64 registers the encoder knows: the 16 general registers and the 16 SSE registers,
// their names at each operand size (as Intel-syntax disassemblers print them) and the register
// sets of the System V AMD64 calling convention.
//
// Both kinds are plain numbers, branded so that the type checker keeps them apart, in one
// number space: a general register is its hardware number 0..15 (rax rcx rdx rbx rsp rbp rsi
// rdi r8..r15, the order of the ModRM/SIB fields), an SSE register is 16 + its hardware
// number. So a value says at run time which class it is (the encoder rejects an xmm register
// where a general one is needed), and a register allocator can index one table by either. The
// low three bits go into ModRM/SIB/opcode fields, bit 3 into REX.R/X/B, for both classes alike.
//
// 8-bit registers: with a REX prefix, byte-register numbers 4..7 are spl bpl sil dil; without
// one they are ah ch dh bh. The encoder never addresses ah..bh, so it adds a REX prefix
// whenever a byte operand is register 4..7 (`needsRexAsByte`).

/** A general register: rax = 0 ... r15 = 15. */
export type Gpr = number & { readonly __register: 'gpr' };
/** An SSE register: xmm0 = 16 ... xmm15 = 31 (`xmmIndex` gives 0..15). */
export type Xmm = number & { readonly __register: 'xmm' };

export const rax = 0 as Gpr;
export const rcx = 1 as Gpr;
export const rdx = 2 as Gpr;
export const rbx = 3 as Gpr;
export const rsp = 4 as Gpr;
export const rbp = 5 as Gpr;
export const rsi = 6 as Gpr;
export const rdi = 7 as Gpr;
export const r8 = 8 as Gpr;
export const r9 = 9 as Gpr;
export const r10 = 10 as Gpr;
export const r11 = 11 as Gpr;
export const r12 = 12 as Gpr;
export const r13 = 13 as Gpr;
export const r14 = 14 as Gpr;
export const r15 = 15 as Gpr;

export const xmm0 = 16 as Xmm;
export const xmm1 = 17 as Xmm;
export const xmm2 = 18 as Xmm;
export const xmm3 = 19 as Xmm;
export const xmm4 = 20 as Xmm;
export const xmm5 = 21 as Xmm;
export const xmm6 = 22 as Xmm;
export const xmm7 = 23 as Xmm;
export const xmm8 = 24 as Xmm;
export const xmm9 = 25 as Xmm;
export const xmm10 = 26 as Xmm;
export const xmm11 = 27 as Xmm;
export const xmm12 = 28 as Xmm;
export const xmm13 = 29 as Xmm;
export const xmm14 = 30 as Xmm;
export const xmm15 = 31 as Xmm;

/** All general registers, in hardware order (`GPRS[n]` is register n). */
export const GPRS: readonly Gpr[] = Array.from({ length: 16 }, (_, n) => n as Gpr);
/** All SSE registers, in hardware order (`XMMS[n]` is xmmn). */
export const XMMS: readonly Xmm[] = Array.from({ length: 16 }, (_, n) => (16 + n) as Xmm);

export function isGpr(value: number): value is Gpr {
  return Number.isInteger(value) && value >= 0 && value < 16;
}

export function isXmm(value: number): value is Xmm {
  return Number.isInteger(value) && value >= 16 && value < 32;
}

/** General register number `n` (0..15). */
export function gpr(n: number): Gpr {
  if (!isGpr(n)) throw new Error(`there is no general register ${n} (0..15)`);
  return n;
}

/** SSE register xmm`n` (0..15). */
export function xmm(n: number): Xmm {
  if (!Number.isInteger(n) || n < 0 || n > 15) throw new Error(`there is no register xmm${n} (0..15)`);
  return (16 + n) as Xmm;
}

/** The hardware number of an SSE register, 0..15. */
export function xmmIndex(register: Xmm): number {
  return register - 16;
}

const NAMES_64 = ['rax', 'rcx', 'rdx', 'rbx', 'rsp', 'rbp', 'rsi', 'rdi', 'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15'];
const NAMES_32 = ['eax', 'ecx', 'edx', 'ebx', 'esp', 'ebp', 'esi', 'edi', 'r8d', 'r9d', 'r10d', 'r11d', 'r12d', 'r13d', 'r14d', 'r15d'];
const NAMES_16 = ['ax', 'cx', 'dx', 'bx', 'sp', 'bp', 'si', 'di', 'r8w', 'r9w', 'r10w', 'r11w', 'r12w', 'r13w', 'r14w', 'r15w'];
const NAMES_8 = ['al', 'cl', 'dl', 'bl', 'spl', 'bpl', 'sil', 'dil', 'r8b', 'r9b', 'r10b', 'r11b', 'r12b', 'r13b', 'r14b', 'r15b'];

/** The name of a general register used with `size` bytes: `gprName(r8, 4)` is `r8d`. */
export function gprName(register: Gpr, size: 1 | 2 | 4 | 8): string {
  if (!isGpr(register)) throw new Error(`gprName: ${registerName(register)} is not a general register`);
  switch (size) {
    case 1:
      return NAMES_8[register]!;
    case 2:
      return NAMES_16[register]!;
    case 4:
      return NAMES_32[register]!;
    case 8:
      return NAMES_64[register]!;
  }
}

export function xmmName(register: Xmm): string {
  if (!isXmm(register)) throw new Error(`xmmName: ${registerName(register)} is not an SSE register`);
  return `xmm${register - 16}`;
}

/** A name for any register value, for messages: a general register by its 64-bit name. */
export function registerName(value: number): string {
  if (isGpr(value)) return NAMES_64[value]!;
  if (isXmm(value)) return `xmm${value - 16}`;
  return `<not a register: ${value}>`;
}

/** A byte operand in register 4..7 is spl/bpl/sil/dil only with a REX prefix. */
export function needsRexAsByte(register: Gpr): boolean {
  return register >= 4 && register <= 7;
}

// System V AMD64 calling convention.

/** Integer and pointer arguments, in order. */
export const SYSV_INT_ARGS: readonly Gpr[] = [rdi, rsi, rdx, rcx, r8, r9];
/** Floating-point arguments, in order. */
export const SYSV_FLOAT_ARGS: readonly Xmm[] = [xmm0, xmm1, xmm2, xmm3, xmm4, xmm5, xmm6, xmm7];
/** Integer results: rax, then rdx for the upper half of a 16-byte result. */
export const SYSV_INT_RESULTS: readonly Gpr[] = [rax, rdx];
export const SYSV_FLOAT_RESULTS: readonly Xmm[] = [xmm0, xmm1];
/** Preserved across calls (a function that uses them saves and restores them). rsp is too. */
export const SYSV_CALLEE_SAVED: readonly Gpr[] = [rbx, rbp, r12, r13, r14, r15];
/** Clobbered by calls. */
export const SYSV_CALLER_SAVED: readonly Gpr[] = [rax, rcx, rdx, rsi, rdi, r8, r9, r10, r11];
/** Every SSE register is clobbered by calls. */
export const SYSV_CALLER_SAVED_XMM: readonly Xmm[] = XMMS;
/** A variadic call passes the number of vector registers used in al. */
export const SYSV_VARARG_COUNT: Gpr = rax;
