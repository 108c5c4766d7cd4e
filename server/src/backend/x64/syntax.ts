// Intel-syntax operand text, exactly as GNU objdump prints it (`objdump -M intel`), for the
// listing (listing.ts):
// - immediates in hex, as the two's complement bit pattern of the operand size
//   (`add rax,0xfffffffffffffff0` for -16);
// - memory as `SIZE PTR [base+index*scale+disp]`, the displacement signed (`[rax-0x10]`),
//   shown when one is encoded (so `[rbp+0x0]`, which always has one, but `[rax]`);
//   `[index*scale+disp]` without a base, `ds:0x...` for an absolute address, `[rip+disp]`
//   (the resolved displacement, 0 where a relocation will fill it in).

import type { Mem, Size } from './operands';
import { gprName } from './registers';

export function hex(value: number | bigint): string {
  return `0x${value.toString(16)}`;
}

/** An immediate of an operand of `size` bytes. */
export function immText(value: number | bigint, size: Size): string {
  return hex(BigInt.asUintN(size * 8, BigInt(value)));
}

/** The size keyword of a memory operand of `size` bytes; none for 0. */
function ptr(size: number): string {
  switch (size) {
    case 1:
      return 'BYTE PTR ';
    case 2:
      return 'WORD PTR ';
    case 4:
      return 'DWORD PTR ';
    case 8:
      return 'QWORD PTR ';
    case 16:
      return 'XMMWORD PTR ';
    default:
      return '';
  }
}

function signed(disp: number): string {
  return disp < 0 ? `-${hex(-disp)}` : `+${hex(disp)}`;
}

/**
 * A memory operand read or written with `size` bytes (0: an address only, as for lea).
 * `ripDisp` is the displacement field of a rip-relative operand.
 */
export function memText(mem: Mem, size: number, ripDisp: number): string {
  const sizeText = ptr(size);
  if (mem.rip !== undefined) return `${sizeText}[rip+${hex(BigInt.asUintN(64, BigInt(ripDisp)))}]`;
  const disp = mem.disp ?? 0;
  const index = mem.index === undefined ? '' : `${gprName(mem.index, 8)}*${mem.scale ?? 1}`;
  if (mem.base === undefined) {
    return index === '' ? `${sizeText}ds:${hex(BigInt.asUintN(64, BigInt(disp)))}` : `${sizeText}[${index}${signed(disp)}]`;
  }
  const hasDisp = disp !== 0 || (mem.base & 7) === 5;
  return `${sizeText}[${gprName(mem.base, 8)}${index === '' ? '' : `+${index}`}${hasDisp ? signed(disp) : ''}]`;
}
