// Checks the x86-64 encoder against GNU objdump. A batch assembles many instructions into one
// Assembler, each with the Intel-syntax text objdump should print for it (built from the
// operands by the helpers below, not from the bytes); one objdump run disassembles the whole
// batch, and every instruction must decode at the offset where it was emitted, end where the
// next one starts, and read as the expected text.

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Assembler, AssembledCode } from 'zolt-server/backend/x64/assembler';
import { ListingAssembler, type ListingLine } from 'zolt-server/backend/x64/listing';
import type { BaseIndexMem, Mem, Size } from 'zolt-server/backend/x64/operands';
import { gprName, xmmName, type Gpr, type Xmm } from 'zolt-server/backend/x64/registers';

function findObjdump(): boolean {
  try {
    execFileSync('objdump', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export const objdumpAvailable = findObjdump();

/** The instruction texts expected for one emitted sequence, or a function of the finished code. */
export type Expected = string | readonly string[] | ((code: AssembledCode, start: number, end: number) => string | readonly string[]);

interface Case {
  readonly start: number;
  readonly end: number;
  readonly expected: Expected;
}

export interface DecodedInstruction {
  readonly offset: number;
  readonly text: string;
}

/** objdump's text with the mnemonic and operands separated by one space, comments dropped. */
function normalize(text: string): string {
  const hash = text.indexOf('#');
  const code = (hash === -1 ? text : text.slice(0, hash)).trim();
  return code.replace(/\s+/, ' ');
}

export function disassemble(code: Uint8Array): DecodedInstruction[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zolt-encoder-'));
  try {
    const file = path.join(dir, 'code.bin');
    fs.writeFileSync(file, code);
    const args = ['-D', '-z', '-b', 'binary', '-m', 'i386:x86-64', '-M', 'intel', '--no-show-raw-insn', file];
    const output = execFileSync('objdump', args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    const decoded: DecodedInstruction[] = [];
    for (const line of output.split('\n')) {
      const match = /^\s*([0-9a-f]+):\t(.*)$/.exec(line);
      if (match) decoded.push({ offset: parseInt(match[1]!, 16), text: normalize(match[2]!) });
    }
    return decoded;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The listing's texts of the instructions from `start` to `end`. */
function listed(listing: ReadonlyMap<number, ListingLine>, start: number, end: number): string {
  const texts: string[] = [];
  for (let line = listing.get(start); line !== undefined && line.offset < end; line = listing.get(line.offset + line.length)) {
    texts.push(line.text);
  }
  return texts.join('; ');
}

function hexBytes(code: Uint8Array, start: number, end: number): string {
  return Array.from(code.subarray(start, end), (b) => b.toString(16).padStart(2, '0')).join(' ');
}

export class ObjdumpBatch {
  /** Lists what it assembles, so the listing is compared with objdump too. */
  readonly asm = new ListingAssembler();
  private readonly cases: Case[] = [];

  /** Emits with `emit` and expects objdump to print `expected` for what it emitted. */
  add(expected: Expected, emit: (asm: Assembler) => void): void {
    const start = this.asm.offset;
    emit(this.asm);
    this.cases.push({ start, end: this.asm.offset, expected });
  }

  get size(): number {
    return this.cases.length;
  }

  /** Disassembles the batch; returns the mismatches (empty when all agree) and the number of instructions compared. */
  check(): { mismatches: string[]; compared: number; code: AssembledCode } {
    const result = this.asm.finish();
    const decoded = disassemble(result.code);
    const byOffset = new Map<number, number>();
    decoded.forEach((instruction, i) => byOffset.set(instruction.offset, i));
    const listing = new Map<number, ListingLine>();
    for (const line of this.asm.listing()) listing.set(line.offset, line);
    const mismatches: string[] = [];
    let compared = 0;
    for (const { start, end, expected } of this.cases) {
      const resolved = typeof expected === 'function' ? expected(result, start, end) : expected;
      const texts = typeof resolved === 'string' ? [resolved] : resolved;
      if (texts.length === 0 && start === end) continue; // nothing emitted, as expected
      const where = `at 0x${start.toString(16)} (${hexBytes(result.code, start, end)})`;
      let index = byOffset.get(start);
      if (index === undefined) {
        mismatches.push(`${where}: objdump decoded no instruction starting here; expected "${texts.join('; ')}"`);
        continue;
      }
      const said: string[] = [];
      for (let k = 0; k < texts.length && index < decoded.length; k++, index++) said.push(decoded[index]!.text);
      const nextOffset = index < decoded.length ? decoded[index]!.offset : result.code.length;
      if (said.join('; ') !== texts.join('; ')) {
        mismatches.push(`${where}: expected "${texts.join('; ')}", objdump said "${said.join('; ')}"`);
      } else if (nextOffset !== end) {
        mismatches.push(`${where}: "${texts.join('; ')}" is ${end - start} bytes but objdump decoded ${nextOffset - start}`);
      } else if (listed(listing, start, end) !== said.join('; ')) {
        mismatches.push(`${where}: objdump said "${said.join('; ')}", the listing "${listed(listing, start, end)}"`);
      }
      compared += texts.length;
    }
    return { mismatches, compared, code: result };
  }
}

// Intel-syntax text as objdump prints it.

export function hex(value: number | bigint): string {
  return `0x${value.toString(16)}`;
}

/** An immediate as objdump prints it: the operand-size two's complement bit pattern, in hex. */
export function immText(value: number | bigint, size: Size): string {
  return hex(BigInt.asUintN(size * 8, BigInt(value)));
}

/** A signed displacement: `+0x10`, `-0x10`. */
function signedDisp(disp: number): string {
  return disp < 0 ? `-${hex(-disp)}` : `+${hex(disp)}`;
}

export function r(register: Gpr, size: Size): string {
  return gprName(register, size);
}

export function x(register: Xmm): string {
  return xmmName(register);
}

const PTR: Readonly<Record<number, string>> = { 1: 'BYTE PTR ', 2: 'WORD PTR ', 4: 'DWORD PTR ', 8: 'QWORD PTR ', 16: 'XMMWORD PTR ' };

/**
 * A memory operand of `size` bytes (0: no size, as for lea). A rip-relative operand prints its
 * displacement field: 0 for a relocation, `ripDisp` (the resolved value) for a label.
 */
export function m(mem: Mem, size: number, ripDisp = 0): string {
  const ptr = size === 0 ? '' : PTR[size]!;
  if (mem.rip !== undefined) return `${ptr}[rip+${hex(BigInt.asUintN(64, BigInt(ripDisp)))}]`;
  return ptr + address(mem);
}

function address(mem: BaseIndexMem): string {
  const disp = mem.disp ?? 0;
  const index = mem.index === undefined ? '' : `${gprName(mem.index, 8)}*${mem.scale ?? 1}`;
  if (mem.base === undefined) {
    if (index === '') return `ds:${hex(BigInt.asUintN(64, BigInt(disp)))}`;
    return `[${index}${signedDisp(disp)}]`;
  }
  const base = gprName(mem.base, 8);
  const hasDisp = disp !== 0 || (mem.base & 7) === 5;
  return `[${base}${index === '' ? '' : `+${index}`}${hasDisp ? signedDisp(disp) : ''}]`;
}
