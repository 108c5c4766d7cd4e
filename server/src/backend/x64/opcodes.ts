// Opcode tables of the instruction families that share one encoding pattern (Intel SDM vol. 2,
// appendix A): the eight classic ALU operations, the shift/rotate group, the F6/F7 unary group
// and the SSE instructions of the form `op xmm, xmm/mem`. The assembler takes the operation
// as a parameter (`aluRR('add', ...)`), so code generation can map its operators to them.

/** ALU operation -> its number n: opcodes 8n+0..8n+5 and the /n extension of 80/81/83. */
export type AluOp = 'add' | 'or' | 'adc' | 'sbb' | 'and' | 'sub' | 'xor' | 'cmp';
export const ALU_OPS: readonly AluOp[] = ['add', 'or', 'adc', 'sbb', 'and', 'sub', 'xor', 'cmp'];
const ALU_CODES: ReadonlyMap<string, number> = new Map(ALU_OPS.map((op, n) => [op, n]));

/** Shift and rotate operations -> the /n extension of C0/C1, D0/D1, D2/D3 (/6 is unused). */
export type ShiftOp = 'rol' | 'ror' | 'rcl' | 'rcr' | 'shl' | 'shr' | 'sar';
export const SHIFT_OPS: readonly ShiftOp[] = ['rol', 'ror', 'rcl', 'rcr', 'shl', 'shr', 'sar'];
const SHIFT_CODES: ReadonlyMap<string, number> = new Map([
  ['rol', 0],
  ['ror', 1],
  ['rcl', 2],
  ['rcr', 3],
  ['shl', 4],
  ['shr', 5],
  ['sar', 7],
]);

/** One-operand integer instructions: FE/FF /0 /1 (inc, dec) and F6/F7 /2../7. */
export type UnaryOp = 'inc' | 'dec' | 'not' | 'neg' | 'mul' | 'imul' | 'div' | 'idiv';
export const UNARY_OPS: readonly UnaryOp[] = ['inc', 'dec', 'not', 'neg', 'mul', 'imul', 'div', 'idiv'];
/** [opcode of the 16/32/64-bit form (the byte form is one less), /n]. */
const UNARY_CODES: ReadonlyMap<string, readonly [number, number]> = new Map([
  ['inc', [0xff, 0]],
  ['dec', [0xff, 1]],
  ['not', [0xf7, 2]],
  ['neg', [0xf7, 3]],
  ['mul', [0xf7, 4]],
  ['imul', [0xf7, 5]],
  ['div', [0xf7, 6]],
  ['idiv', [0xf7, 7]],
]);

/** An SSE instruction `op xmm, xmm/m`: its mandatory prefix (0: none), opcode and memory operand size. */
export interface SseEncoding {
  readonly prefix: number;
  readonly opcode: number;
  /** Bytes read from a memory operand (16 for the packed and bitwise forms). */
  readonly memSize: 4 | 8 | 16;
}

export type SseOp =
  | 'movss' | 'movsd' | 'movups' | 'movupd' | 'movaps' | 'movapd'
  | 'addss' | 'addsd' | 'subss' | 'subsd' | 'mulss' | 'mulsd' | 'divss' | 'divsd'
  | 'sqrtss' | 'sqrtsd' | 'minss' | 'minsd' | 'maxss' | 'maxsd'
  | 'cvtss2sd' | 'cvtsd2ss'
  | 'ucomiss' | 'ucomisd' | 'comiss' | 'comisd'
  | 'andps' | 'andpd' | 'andnps' | 'andnpd' | 'orps' | 'orpd' | 'xorps' | 'xorpd' | 'pxor';

const F3 = 0xf3;
const F2 = 0xf2;
const P66 = 0x66;

const SSE_TABLE: readonly (readonly [SseOp, number, number, 4 | 8 | 16])[] = [
  ['movss', F3, 0x0f10, 4],
  ['movsd', F2, 0x0f10, 8],
  ['movups', 0, 0x0f10, 16],
  ['movupd', P66, 0x0f10, 16],
  ['movaps', 0, 0x0f28, 16],
  ['movapd', P66, 0x0f28, 16],
  ['addss', F3, 0x0f58, 4],
  ['addsd', F2, 0x0f58, 8],
  ['mulss', F3, 0x0f59, 4],
  ['mulsd', F2, 0x0f59, 8],
  ['subss', F3, 0x0f5c, 4],
  ['subsd', F2, 0x0f5c, 8],
  ['divss', F3, 0x0f5e, 4],
  ['divsd', F2, 0x0f5e, 8],
  ['sqrtss', F3, 0x0f51, 4],
  ['sqrtsd', F2, 0x0f51, 8],
  ['minss', F3, 0x0f5d, 4],
  ['minsd', F2, 0x0f5d, 8],
  ['maxss', F3, 0x0f5f, 4],
  ['maxsd', F2, 0x0f5f, 8],
  ['cvtss2sd', F3, 0x0f5a, 4],
  ['cvtsd2ss', F2, 0x0f5a, 8],
  ['ucomiss', 0, 0x0f2e, 4],
  ['ucomisd', P66, 0x0f2e, 8],
  ['comiss', 0, 0x0f2f, 4],
  ['comisd', P66, 0x0f2f, 8],
  ['andps', 0, 0x0f54, 16],
  ['andpd', P66, 0x0f54, 16],
  ['andnps', 0, 0x0f55, 16],
  ['andnpd', P66, 0x0f55, 16],
  ['orps', 0, 0x0f56, 16],
  ['orpd', P66, 0x0f56, 16],
  ['xorps', 0, 0x0f57, 16],
  ['xorpd', P66, 0x0f57, 16],
  ['pxor', P66, 0x0fef, 16],
];

export const SSE_OPS: readonly SseOp[] = SSE_TABLE.map(([op]) => op);
const SSE_CODES: ReadonlyMap<string, SseEncoding> = new Map(SSE_TABLE.map(([op, prefix, opcode, memSize]) => [op, { prefix, opcode, memSize }]));

/** Stores `op mem, xmm`: the same prefixes, opcode 0F 11 / 0F 29. */
export type SseStoreOp = 'movss' | 'movsd' | 'movups' | 'movupd' | 'movaps' | 'movapd';
export const SSE_STORE_OPS: readonly SseStoreOp[] = ['movss', 'movsd', 'movups', 'movupd', 'movaps', 'movapd'];
const SSE_STORE_OPCODES: ReadonlyMap<string, number> = new Map([
  ['movss', 0x0f11],
  ['movsd', 0x0f11],
  ['movups', 0x0f11],
  ['movupd', 0x0f11],
  ['movaps', 0x0f29],
  ['movapd', 0x0f29],
]);

/** Integer -> float conversions: F2/F3 [REX.W] 0F 2A. */
export type IntToFloatOp = 'cvtsi2sd' | 'cvtsi2ss';
/** Float -> integer conversions: F2/F3 [REX.W] 0F 2C (truncating) or 0F 2D (rounding as MXCSR says). */
export type FloatToIntOp = 'cvttsd2si' | 'cvttss2si' | 'cvtsd2si' | 'cvtss2si';
/** SSE4.1 rounding: 66 0F 3A 0A/0B /r ib. */
export type RoundOp = 'roundss' | 'roundsd';

function lookup<T>(table: ReadonlyMap<string, T>, op: string, family: string): T {
  const found = table.get(op);
  if (found === undefined) throw new Error(`'${op}' is not ${family}`);
  return found;
}

export function aluCode(op: AluOp): number {
  return lookup(ALU_CODES, op, `an ALU operation (${ALU_OPS.join(' ')})`);
}

export function shiftCode(op: ShiftOp): number {
  return lookup(SHIFT_CODES, op, `a shift or rotate (${SHIFT_OPS.join(' ')})`);
}

export function unaryCode(op: UnaryOp): readonly [number, number] {
  return lookup(UNARY_CODES, op, `a one-operand instruction (${UNARY_OPS.join(' ')})`);
}

export function sseEncoding(op: SseOp): SseEncoding {
  return lookup(SSE_CODES, op, `an SSE instruction of the form op xmm, xmm/m (${SSE_OPS.join(' ')})`);
}

/** The prefix and opcode of an SSE store `op mem, xmm`. */
export function sseStoreEncoding(op: SseStoreOp): SseEncoding {
  const opcode = lookup(SSE_STORE_OPCODES, op, `an SSE store (${SSE_STORE_OPS.join(' ')})`);
  return { ...sseEncoding(op), opcode };
}

export function intToFloatPrefix(op: IntToFloatOp): number {
  if (op === 'cvtsi2sd') return F2;
  if (op === 'cvtsi2ss') return F3;
  throw new Error(`'${String(op)}' is not cvtsi2sd or cvtsi2ss`);
}

/** [mandatory prefix, opcode]. */
export function floatToIntEncoding(op: FloatToIntOp): readonly [number, number] {
  switch (op) {
    case 'cvttsd2si':
      return [F2, 0x0f2c];
    case 'cvttss2si':
      return [F3, 0x0f2c];
    case 'cvtsd2si':
      return [F2, 0x0f2d];
    case 'cvtss2si':
      return [F3, 0x0f2d];
  }
  throw new Error(`'${String(op)}' is not one of cvttsd2si cvttss2si cvtsd2si cvtss2si`);
}

export function roundOpcode(op: RoundOp): number {
  if (op === 'roundsd') return 0x0f3a0b;
  if (op === 'roundss') return 0x0f3a0a;
  throw new Error(`'${String(op)}' is not roundsd or roundss`);
}
