// An Assembler that also keeps a listing: each instruction's offset, length and Intel-syntax
// text, the same text objdump prints for those bytes (syntax.ts), plus a comment naming the
// label, data place or import a jump or rip-relative operand refers to. It is what
// `--emit asm` prints; the plain Assembler pays nothing for it.
//
// Each override emits through the Assembler, then records the text; methods that only delegate
// to another public method (callImport, movsxdRR/RM, testRM, align) are listed by the method
// they call. The text is built when `listing()` is called, once labels are bound: a jump's
// target and a label's rip-relative displacement are only known then. Where the assembler
// picks a form (mov r64, imm; movzx to 64 bits; shift by 1) the text names the form it picked.

import { isImport } from '../image';
import { Assembler, mov64Form } from './assembler';
import {
  sseEncoding, type AluOp, type FloatToIntOp, type IntToFloatOp, type RoundOp, type ShiftOp,
  type SseOp, type SseStoreOp, type UnaryOp,
} from './opcodes';
import { Label, type Cond, type Mem, type Size } from './operands';
import { gprName, xmmName, type Gpr, type Xmm } from './registers';
import { hex, immText, memText } from './syntax';

export interface ListingLine {
  readonly offset: number;
  readonly length: number;
  readonly text: string;
  /** What a jump or rip-relative operand refers to: a label's name, `rodata+0x10`, `malloc@GOT`. */
  readonly comment: string | undefined;
}

interface Entry {
  readonly offset: number;
  readonly end: number;
  readonly text: (end: number) => string;
  readonly comment: string | undefined;
}

/** Bytes an SSE instruction reads or writes in memory. */
function sseMemSize(op: SseOp | SseStoreOp): number {
  return sseEncoding(op).memSize;
}

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

const r = gprName;
const x = xmmName;

export class ListingAssembler extends Assembler {
  private readonly entries: Entry[] = [];

  /** The instructions so far; every label they refer to must be bound. */
  listing(): ListingLine[] {
    return this.entries.map(({ offset, end, text, comment }) => ({ offset, length: end - offset, text: text(end), comment }));
  }

  private note(offset: number, text: (end: number) => string, comment?: string): void {
    this.entries.push({ offset, end: this.offset, text, comment });
  }

  /** A memory operand; rip-relative labels are resolved when the listing is made. */
  private m(mem: Mem, size: number, end: number): string {
    const target = mem.rip;
    if (target instanceof Label) return memText(mem, size, this.labelOffset(target) + (mem.disp ?? 0) - end);
    return memText(mem, size, 0);
  }

  private at(label: Label): string {
    return hex(this.labelOffset(label));
  }

  // Each method below: emit, then note the text.

  override movRR(size: Size, dst: Gpr, src: Gpr): void {
    const start = this.offset;
    super.movRR(size, dst, src);
    this.note(start, () => `mov ${r(dst, size)},${r(src, size)}`);
  }

  override movRM(size: Size, dst: Gpr, src: Mem): void {
    const start = this.offset;
    super.movRM(size, dst, src);
    this.note(start, (end) => `mov ${r(dst, size)},${this.m(src, size, end)}`, ripComment(src));
  }

  override movMR(size: Size, dst: Mem, src: Gpr): void {
    const start = this.offset;
    super.movMR(size, dst, src);
    this.note(start, (end) => `mov ${this.m(dst, size, end)},${r(src, size)}`, ripComment(dst));
  }

  override movRI(size: Size, dst: Gpr, imm: number | bigint): void {
    const start = this.offset;
    super.movRI(size, dst, imm);
    this.note(start, () => {
      if (size !== 8) return `mov ${r(dst, size)},${immText(imm, size)}`;
      switch (mov64Form(BigInt.asIntN(64, BigInt(imm)))) {
        case 'zero-extended imm32':
          return `mov ${r(dst, 4)},${immText(imm, 4)}`;
        case 'sign-extended imm32':
          return `mov ${r(dst, 8)},${immText(imm, 8)}`;
        case 'imm64':
          return `movabs ${r(dst, 8)},${immText(imm, 8)}`;
      }
    });
  }

  override movMI(size: Size, dst: Mem, imm: number): void {
    const start = this.offset;
    super.movMI(size, dst, imm);
    this.note(start, (end) => `mov ${this.m(dst, size, end)},${immText(imm, size)}`, ripComment(dst));
  }

  override movzxRR(dstSize: Size, srcSize: 1 | 2, dst: Gpr, src: Gpr): void {
    const start = this.offset;
    super.movzxRR(dstSize, srcSize, dst, src);
    this.note(start, () => `movzx ${r(dst, dstSize === 8 ? 4 : dstSize)},${r(src, srcSize)}`);
  }

  override movzxRM(dstSize: Size, srcSize: 1 | 2, dst: Gpr, src: Mem): void {
    const start = this.offset;
    super.movzxRM(dstSize, srcSize, dst, src);
    this.note(start, (end) => `movzx ${r(dst, dstSize === 8 ? 4 : dstSize)},${this.m(src, srcSize, end)}`, ripComment(src));
  }

  override movsxRR(dstSize: Size, srcSize: 1 | 2 | 4, dst: Gpr, src: Gpr): void {
    const start = this.offset;
    super.movsxRR(dstSize, srcSize, dst, src);
    this.note(start, () => `${srcSize === 4 ? 'movsxd' : 'movsx'} ${r(dst, dstSize)},${r(src, srcSize)}`);
  }

  override movsxRM(dstSize: Size, srcSize: 1 | 2 | 4, dst: Gpr, src: Mem): void {
    const start = this.offset;
    super.movsxRM(dstSize, srcSize, dst, src);
    this.note(start, (end) => `${srcSize === 4 ? 'movsxd' : 'movsx'} ${r(dst, dstSize)},${this.m(src, srcSize, end)}`, ripComment(src));
  }

  override lea(size: Size, dst: Gpr, src: Mem): void {
    const start = this.offset;
    super.lea(size, dst, src);
    this.note(start, (end) => `lea ${r(dst, size)},${this.m(src, 0, end)}`, ripComment(src));
  }

  override aluRR(op: AluOp, size: Size, dst: Gpr, src: Gpr): void {
    const start = this.offset;
    super.aluRR(op, size, dst, src);
    this.note(start, () => `${op} ${r(dst, size)},${r(src, size)}`);
  }

  override aluRM(op: AluOp, size: Size, dst: Gpr, src: Mem): void {
    const start = this.offset;
    super.aluRM(op, size, dst, src);
    this.note(start, (end) => `${op} ${r(dst, size)},${this.m(src, size, end)}`, ripComment(src));
  }

  override aluMR(op: AluOp, size: Size, dst: Mem, src: Gpr): void {
    const start = this.offset;
    super.aluMR(op, size, dst, src);
    this.note(start, (end) => `${op} ${this.m(dst, size, end)},${r(src, size)}`, ripComment(dst));
  }

  override aluRI(op: AluOp, size: Size, dst: Gpr, imm: number): void {
    const start = this.offset;
    super.aluRI(op, size, dst, imm);
    this.note(start, () => `${op} ${r(dst, size)},${immText(imm, size)}`);
  }

  override aluMI(op: AluOp, size: Size, dst: Mem, imm: number): void {
    const start = this.offset;
    super.aluMI(op, size, dst, imm);
    this.note(start, (end) => `${op} ${this.m(dst, size, end)},${immText(imm, size)}`, ripComment(dst));
  }

  override testRR(size: Size, a: Gpr, b: Gpr): void {
    const start = this.offset;
    super.testRR(size, a, b);
    this.note(start, () => `test ${r(a, size)},${r(b, size)}`);
  }

  override testMR(size: Size, a: Mem, b: Gpr): void {
    const start = this.offset;
    super.testMR(size, a, b);
    this.note(start, (end) => `test ${this.m(a, size, end)},${r(b, size)}`, ripComment(a));
  }

  override testRI(size: Size, a: Gpr, imm: number): void {
    const start = this.offset;
    super.testRI(size, a, imm);
    this.note(start, () => `test ${r(a, size)},${immText(imm, size)}`);
  }

  override testMI(size: Size, a: Mem, imm: number): void {
    const start = this.offset;
    super.testMI(size, a, imm);
    this.note(start, (end) => `test ${this.m(a, size, end)},${immText(imm, size)}`, ripComment(a));
  }

  override imulRR(size: Size, dst: Gpr, src: Gpr): void {
    const start = this.offset;
    super.imulRR(size, dst, src);
    this.note(start, () => `imul ${r(dst, size)},${r(src, size)}`);
  }

  override imulRM(size: Size, dst: Gpr, src: Mem): void {
    const start = this.offset;
    super.imulRM(size, dst, src);
    this.note(start, (end) => `imul ${r(dst, size)},${this.m(src, size, end)}`, ripComment(src));
  }

  override imulRRI(size: Size, dst: Gpr, src: Gpr, imm: number): void {
    const start = this.offset;
    super.imulRRI(size, dst, src, imm);
    this.note(start, () => `imul ${r(dst, size)},${r(src, size)},${immText(imm, size)}`);
  }

  override imulRMI(size: Size, dst: Gpr, src: Mem, imm: number): void {
    const start = this.offset;
    super.imulRMI(size, dst, src, imm);
    this.note(start, (end) => `imul ${r(dst, size)},${this.m(src, size, end)},${immText(imm, size)}`, ripComment(src));
  }

  override unaryR(op: UnaryOp, size: Size, operand: Gpr): void {
    const start = this.offset;
    super.unaryR(op, size, operand);
    this.note(start, () => `${op} ${r(operand, size)}`);
  }

  override unaryM(op: UnaryOp, size: Size, operand: Mem): void {
    const start = this.offset;
    super.unaryM(op, size, operand);
    this.note(start, (end) => `${op} ${this.m(operand, size, end)}`, ripComment(operand));
  }

  override cwd(): void {
    this.plain('cwd', () => super.cwd());
  }

  override cdq(): void {
    this.plain('cdq', () => super.cdq());
  }

  override cqo(): void {
    this.plain('cqo', () => super.cqo());
  }

  override cdqe(): void {
    this.plain('cdqe', () => super.cdqe());
  }

  override shiftRCl(op: ShiftOp, size: Size, dst: Gpr): void {
    const start = this.offset;
    super.shiftRCl(op, size, dst);
    this.note(start, () => `${op} ${r(dst, size)},cl`);
  }

  override shiftMCl(op: ShiftOp, size: Size, dst: Mem): void {
    const start = this.offset;
    super.shiftMCl(op, size, dst);
    this.note(start, (end) => `${op} ${this.m(dst, size, end)},cl`, ripComment(dst));
  }

  override shiftRI(op: ShiftOp, size: Size, dst: Gpr, count: number): void {
    const start = this.offset;
    super.shiftRI(op, size, dst, count);
    this.note(start, () => `${op} ${r(dst, size)},${count === 1 ? '1' : hex(count)}`);
  }

  override shiftMI(op: ShiftOp, size: Size, dst: Mem, count: number): void {
    const start = this.offset;
    super.shiftMI(op, size, dst, count);
    this.note(start, (end) => `${op} ${this.m(dst, size, end)},${count === 1 ? '1' : hex(count)}`, ripComment(dst));
  }

  override setcc(cond: Cond, dst: Gpr): void {
    const start = this.offset;
    super.setcc(cond, dst);
    this.note(start, () => `set${cond} ${r(dst, 1)}`);
  }

  override setccM(cond: Cond, dst: Mem): void {
    const start = this.offset;
    super.setccM(cond, dst);
    this.note(start, (end) => `set${cond} ${this.m(dst, 1, end)}`, ripComment(dst));
  }

  override cmovRR(cond: Cond, size: Size, dst: Gpr, src: Gpr): void {
    const start = this.offset;
    super.cmovRR(cond, size, dst, src);
    this.note(start, () => `cmov${cond} ${r(dst, size)},${r(src, size)}`);
  }

  override cmovRM(cond: Cond, size: Size, dst: Gpr, src: Mem): void {
    const start = this.offset;
    super.cmovRM(cond, size, dst, src);
    this.note(start, (end) => `cmov${cond} ${r(dst, size)},${this.m(src, size, end)}`, ripComment(src));
  }

  override jmp(label: Label): void {
    const start = this.offset;
    super.jmp(label);
    this.note(start, () => `jmp ${this.at(label)}`, label.name);
  }

  override jmpShort(label: Label): void {
    const start = this.offset;
    super.jmpShort(label);
    this.note(start, () => `jmp ${this.at(label)}`, label.name);
  }

  override jcc(cond: Cond, label: Label): void {
    const start = this.offset;
    super.jcc(cond, label);
    this.note(start, () => `j${cond} ${this.at(label)}`, label.name);
  }

  override jccShort(cond: Cond, label: Label): void {
    const start = this.offset;
    super.jccShort(cond, label);
    this.note(start, () => `j${cond} ${this.at(label)}`, label.name);
  }

  override call(label: Label): void {
    const start = this.offset;
    super.call(label);
    this.note(start, () => `call ${this.at(label)}`, label.name);
  }

  override jmpR(target: Gpr): void {
    const start = this.offset;
    super.jmpR(target);
    this.note(start, () => `jmp ${r(target, 8)}`);
  }

  override jmpM(target: Mem): void {
    const start = this.offset;
    super.jmpM(target);
    this.note(start, (end) => `jmp ${this.m(target, 8, end)}`, ripComment(target));
  }

  override callR(target: Gpr): void {
    const start = this.offset;
    super.callR(target);
    this.note(start, () => `call ${r(target, 8)}`);
  }

  override callM(target: Mem): void {
    const start = this.offset;
    super.callM(target);
    this.note(start, (end) => `call ${this.m(target, 8, end)}`, ripComment(target));
  }

  override ret(): void {
    this.plain('ret', () => super.ret());
  }

  override push(src: Gpr): void {
    const start = this.offset;
    super.push(src);
    this.note(start, () => `push ${r(src, 8)}`);
  }

  override pop(dst: Gpr): void {
    const start = this.offset;
    super.pop(dst);
    this.note(start, () => `pop ${r(dst, 8)}`);
  }

  override pushI(imm: number): void {
    const start = this.offset;
    super.pushI(imm);
    this.note(start, () => `push ${immText(imm, 8)}`);
  }

  override pushM(src: Mem): void {
    const start = this.offset;
    super.pushM(src);
    this.note(start, (end) => `push ${this.m(src, 8, end)}`, ripComment(src));
  }

  override popM(dst: Mem): void {
    const start = this.offset;
    super.popM(dst);
    this.note(start, (end) => `pop ${this.m(dst, 8, end)}`, ripComment(dst));
  }

  override leave(): void {
    this.plain('leave', () => super.leave());
  }

  /** One line per NOP instruction (the assembler uses NOPs of at most 9 bytes). */
  override nop(length = 1): void {
    let offset = this.offset;
    super.nop(length);
    for (let left = length; left > 0; ) {
      const chunk = Math.min(left, 9);
      this.entries.push({ offset, end: offset + chunk, text: () => NOP_TEXTS[chunk]!, comment: undefined });
      offset += chunk;
      left -= chunk;
    }
  }

  override ud2(): void {
    this.plain('ud2', () => super.ud2());
  }

  override int3(): void {
    this.plain('int3', () => super.int3());
  }

  override sseXX(op: SseOp, dst: Xmm, src: Xmm): void {
    const start = this.offset;
    super.sseXX(op, dst, src);
    this.note(start, () => `${op} ${x(dst)},${x(src)}`);
  }

  override sseXM(op: SseOp, dst: Xmm, src: Mem): void {
    const start = this.offset;
    super.sseXM(op, dst, src);
    this.note(start, (end) => `${op} ${x(dst)},${this.m(src, sseMemSize(op), end)}`, ripComment(src));
  }

  override sseMX(op: SseStoreOp, dst: Mem, src: Xmm): void {
    const start = this.offset;
    super.sseMX(op, dst, src);
    this.note(start, (end) => `${op} ${this.m(dst, sseMemSize(op), end)},${x(src)}`, ripComment(dst));
  }

  override movXR(size: Size, dst: Xmm, src: Gpr): void {
    const start = this.offset;
    super.movXR(size, dst, src);
    this.note(start, () => `${size === 8 ? 'movq' : 'movd'} ${x(dst)},${r(src, size)}`);
  }

  override movRX(size: Size, dst: Gpr, src: Xmm): void {
    const start = this.offset;
    super.movRX(size, dst, src);
    this.note(start, () => `${size === 8 ? 'movq' : 'movd'} ${r(dst, size)},${x(src)}`);
  }

  override cvtToFloatXR(op: IntToFloatOp, size: Size, dst: Xmm, src: Gpr): void {
    const start = this.offset;
    super.cvtToFloatXR(op, size, dst, src);
    this.note(start, () => `${op} ${x(dst)},${r(src, size)}`);
  }

  override cvtToFloatXM(op: IntToFloatOp, size: Size, dst: Xmm, src: Mem): void {
    const start = this.offset;
    super.cvtToFloatXM(op, size, dst, src);
    this.note(start, (end) => `${op} ${x(dst)},${this.m(src, size, end)}`, ripComment(src));
  }

  override cvtToIntRX(op: FloatToIntOp, size: Size, dst: Gpr, src: Xmm): void {
    const start = this.offset;
    super.cvtToIntRX(op, size, dst, src);
    this.note(start, () => `${op} ${r(dst, size)},${x(src)}`);
  }

  override cvtToIntRM(op: FloatToIntOp, size: Size, dst: Gpr, src: Mem): void {
    const start = this.offset;
    super.cvtToIntRM(op, size, dst, src);
    this.note(start, (end) => `${op} ${r(dst, size)},${this.m(src, op.includes('sd') ? 8 : 4, end)}`, ripComment(src));
  }

  override roundXX(op: RoundOp, dst: Xmm, src: Xmm, mode: number): void {
    const start = this.offset;
    super.roundXX(op, dst, src, mode);
    this.note(start, () => `${op} ${x(dst)},${x(src)},${hex(mode)}`);
  }

  override roundXM(op: RoundOp, dst: Xmm, src: Mem, mode: number): void {
    const start = this.offset;
    super.roundXM(op, dst, src, mode);
    this.note(start, (end) => `${op} ${x(dst)},${this.m(src, op === 'roundsd' ? 8 : 4, end)},${hex(mode)}`, ripComment(src));
  }

  private plain(text: string, emit: () => void): void {
    const start = this.offset;
    emit();
    this.note(start, () => text);
  }
}

/** What a rip-relative operand refers to. */
function ripComment(mem: Mem): string | undefined {
  const target = mem.rip;
  if (target === undefined) return undefined;
  if (target instanceof Label) return target.name;
  if (isImport(target)) return `${target.import}@GOT`;
  const offset = target.offset + (mem.disp ?? 0);
  return offset === 0 ? target.section : offset < 0 ? `${target.section}-${hex(-offset)}` : `${target.section}+${hex(offset)}`;
}

/** The listing as text, one instruction a line: `   1c:  mov rax,QWORD PTR [rip+0x0]  # rodata+0x10`. */
export function formatListing(lines: readonly ListingLine[]): string {
  const width = Math.max(1, ...lines.map((line) => line.offset.toString(16).length));
  return lines
    .map(({ offset, text, comment }) => `${offset.toString(16).padStart(width)}:  ${text}${comment === undefined ? '' : `  # ${comment}`}`)
    .join('\n');
}
