// The x86-64 encoder (server/src/backend/x64): every instruction form it emits is compared with
// GNU objdump's disassembly (encoder-cases.ts lists them, encoder-objdump.ts runs objdump);
// the choice of the shortest encodings is checked byte for byte against encodings worked out
// from the Intel SDM; relocations, labels and the operand checks are tested directly.

import * as assert from 'node:assert/strict';
import type { Relocation } from 'zolt-server/backend/image';
import { Assembler } from 'zolt-server/backend/x64/assembler';
import { ListingAssembler, formatListing } from 'zolt-server/backend/x64/listing';
import type { AluOp } from 'zolt-server/backend/x64/opcodes';
import { invertCond, type Cond, type Mem, type Size } from 'zolt-server/backend/x64/operands';
import {
  GPRS,
  SYSV_CALLEE_SAVED,
  SYSV_CALLER_SAVED,
  SYSV_FLOAT_ARGS,
  SYSV_INT_ARGS,
  gprName,
  xmmName,
  r12,
  r13,
  r15,
  r8,
  r9,
  rax,
  rbp,
  rcx,
  rdi,
  rsi,
  rsp,
  xmm0,
  xmm1,
  xmm8,
  type Gpr,
  type Xmm,
} from 'zolt-server/backend/x64/registers';
import { FAMILIES } from './encoder-cases';
import { ObjdumpBatch, objdumpAvailable } from './encoder-objdump';

function hexOf(emit: (a: Assembler) => void): string {
  const a = new Assembler();
  emit(a);
  return Array.from(a.finish().code, (b) => b.toString(16).padStart(2, '0')).join(' ');
}

describe('x86-64 encoder', () => {
  describe('agrees with objdump', function () {
    let compared = 0;
    before(function () {
      if (!objdumpAvailable) {
        console.log('    skipped: objdump (GNU binutils) is not installed; install binutils to compare the encoder with it');
        this.skip();
      }
    });
    after(() => {
      if (compared > 0) console.log(`    ${compared} instructions compared with objdump`);
    });

    for (const family of FAMILIES) {
      it(family.name, () => {
        const batch = new ObjdumpBatch();
        family.build(batch);
        const { mismatches, compared: count } = batch.check();
        compared += count;
        const shown = mismatches.slice(0, 40).join('\n');
        assert.equal(mismatches.length, 0, `${mismatches.length} of ${batch.size} differ:\n${shown}`);
      });
    }
  });

  describe('picks the shortest encoding', () => {
    const cases: readonly [string, (a: Assembler) => void, string][] = [
      ['mov rax,rcx', (a) => a.movRR(8, rax, rcx), '48 89 c8'],
      ['mov al,cl: no REX', (a) => a.movRR(1, rax, rcx), '88 c8'],
      ['mov sil,dil: REX for byte registers 4..7', (a) => a.movRR(1, rsi, rdi), '40 88 fe'],
      ['base rsp: SIB', (a) => a.movRM(8, rax, { base: rsp }), '48 8b 04 24'],
      ['base r12: SIB', (a) => a.movRM(8, rax, { base: r12 }), '49 8b 04 24'],
      ['base rbp: disp8 0', (a) => a.movRM(8, rax, { base: rbp }), '48 8b 45 00'],
      ['base r13: disp8 0', (a) => a.movRM(8, rax, { base: r13 }), '49 8b 45 00'],
      ['disp8 127', (a) => a.movRM(4, rax, { base: rax, disp: 127 }), '8b 40 7f'],
      ['disp8 -128', (a) => a.movRM(4, rax, { base: rax, disp: -128 }), '8b 40 80'],
      ['disp32 128', (a) => a.movRM(4, rax, { base: rax, disp: 128 }), '8b 80 80 00 00 00'],
      ['no base: SIB with disp32', (a) => a.movRM(4, rax, { disp: 0x10 }), '8b 04 25 10 00 00 00'],
      ['index only: disp32', (a) => a.movRM(4, rax, { index: rcx, scale: 8 }), '8b 04 cd 00 00 00 00'],
      ['index r12: REX.X', (a) => a.movRM(8, rax, { base: rax, index: r12 }), '4a 8b 04 20'],
      ['base rsp, index rbp', (a) => a.lea(8, rax, { base: rsp, index: rbp }), '48 8d 04 2c'],
      ['mov r64, small imm: mov r32', (a) => a.movRI(8, rax, 1), 'b8 01 00 00 00'],
      ['mov r8, small imm: mov r8d', (a) => a.movRI(8, r8, 0xffffffff), '41 b8 ff ff ff ff'],
      ['mov r64, negative imm: simm32', (a) => a.movRI(8, rax, -1), '48 c7 c0 ff ff ff ff'],
      ['mov r64, 2^32: movabs', (a) => a.movRI(8, rax, 0x1_0000_0000), '48 b8 00 00 00 00 01 00 00 00'],
      ['mov sil, imm8', (a) => a.movRI(1, rsi, 1), '40 b6 01'],
      ['mov ax, imm16', (a) => a.movRI(2, rax, 1), '66 b8 01 00'],
      ['add r64, imm8', (a) => a.aluRI('add', 8, rax, 1), '48 83 c0 01'],
      ['add rax, imm32: accumulator form', (a) => a.aluRI('add', 8, rax, 0x1000), '48 05 00 10 00 00'],
      ['add rcx, imm32', (a) => a.aluRI('add', 8, rcx, 0x1000), '48 81 c1 00 10 00 00'],
      ['add al, imm8: accumulator form', (a) => a.aluRI('add', 1, rax, 5), '04 05'],
      ['sub cl, imm8', (a) => a.aluRI('sub', 1, rcx, 5), '80 e9 05'],
      ['cmp ax, imm16: accumulator form', (a) => a.aluRI('cmp', 2, rax, 0x1234), '66 3d 34 12'],
      ['cmp cx, 0xffff: imm8 -1', (a) => a.aluRI('cmp', 2, rcx, 0xffff), '66 83 f9 ff'],
      ['and DWORD PTR [rax], imm8', (a) => a.aluMI('and', 4, { base: rax }, -16), '83 20 f0'],
      ['test al, imm8', (a) => a.testRI(1, rax, 1), 'a8 01'],
      ['test rax, imm32', (a) => a.testRI(8, rax, 1), '48 a9 01 00 00 00'],
      ['test ecx, imm32', (a) => a.testRI(4, rcx, 1), 'f7 c1 01 00 00 00'],
      ['shl eax, 1', (a) => a.shiftRI('shl', 4, rax, 1), 'd1 e0'],
      ['shl eax, 5', (a) => a.shiftRI('shl', 4, rax, 5), 'c1 e0 05'],
      ['sete al', (a) => a.setcc('e', rax), '0f 94 c0'],
      ['sete spl: REX', (a) => a.setcc('e', rsp), '40 0f 94 c4'],
      ['movzx rax, sil: as movzx eax, sil', (a) => a.movzxRR(8, 1, rax, rsi), '40 0f b6 c6'],
      ['movsxd rax, ecx', (a) => a.movsxdRR(rax, rcx), '48 63 c1'],
      ['imul rax, rcx, imm8', (a) => a.imulRRI(8, rax, rcx, 3), '48 6b c1 03'],
      ['movq xmm0, rax: 66 before REX', (a) => a.movXR(8, xmm0, rax), '66 48 0f 6e c0'],
      ['addsd xmm8, xmm1: F2 before REX', (a) => a.sseXX('addsd', xmm8, xmm1), 'f2 44 0f 58 c1'],
      ['cvtsi2sd xmm1, r9', (a) => a.cvtToFloatXR('cvtsi2sd', 8, xmm1, r9), 'f2 49 0f 2a c9'],
      ['roundsd xmm0, xmm1, 9', (a) => a.roundXX('roundsd', xmm0, xmm1, 9), '66 0f 3a 0b c1 09'],
      ['push r12', (a) => a.push(r12), '41 54'],
      ['pop r15', (a) => a.pop(r15), '41 5f'],
      ['push imm8', (a) => a.pushI(1), '6a 01'],
      ['push imm32', (a) => a.pushI(0x80), '68 80 00 00 00'],
      ['call r8', (a) => a.callR(r8), '41 ff d0'],
      ['jmp QWORD PTR [rax]', (a) => a.jmpM({ base: rax }), 'ff 20'],
    ];
    for (const [name, emit, bytes] of cases) {
      it(name, () => assert.equal(hexOf(emit), bytes));
    }

    /** A jump at offset `at` back to a label at 0. */
    function backwardJump(at: number, jump: (a: Assembler, label: ReturnType<Assembler['newLabel']>) => void): string {
      return hexOf((a) => {
        const label = a.newLabel();
        a.bind(label);
        a.nop(at);
        jump(a, label);
      }).slice(at * 3);
    }

    it('jumps back with rel8 when the displacement is -128, rel32 from -129', () => {
      assert.equal(backwardJump(126, (a, l) => a.jmp(l)), 'eb 80');
      assert.equal(backwardJump(127, (a, l) => a.jmp(l)), 'e9 7c ff ff ff');
      assert.equal(backwardJump(126, (a, l) => a.jcc('ne', l)), '75 80');
      assert.equal(backwardJump(127, (a, l) => a.jcc('ne', l)), '0f 85 7b ff ff ff');
    });

    it('jumps forward with rel32, or rel8 when asked', () => {
      const bytes = hexOf((a) => {
        const label = a.newLabel();
        a.jmp(label);
        a.jcc('l', label);
        a.jmpShort(label);
        a.jccShort('g', label);
        a.call(label);
        a.bind(label);
      });
      assert.equal(bytes, 'e9 0f 00 00 00 0f 8c 09 00 00 00 eb 07 7f 05 e8 00 00 00 00');
    });

    it('aligns with as few NOPs as it can', () => {
      assert.equal(hexOf((a) => (a.int3(), a.align(8))), 'cc 0f 1f 80 00 00 00 00');
      assert.equal(hexOf((a) => (a.int3(), a.align(16))).split(' ').length, 16);
      assert.equal(hexOf((a) => a.align(16)), '');
    });
  });

  describe('relocations and labels', () => {
    it('records pc32 and got-pc32 relocations at the disp32 field, with the addend counting the immediate after it', () => {
      const a = new Assembler();
      const expected: Relocation[] = [];
      const use = (target: Relocation['target'], kind: Relocation['kind'], disp: number, immBytes: number, emit: () => void) => {
        emit();
        const at = a.offset - 4 - immBytes;
        expected.push({ at: { section: 'text', offset: at }, kind, target, addend: disp - 4 - immBytes });
      };
      const rodata = { section: 'rodata', offset: 16 } as const;
      const data = { section: 'data', offset: 0 } as const;
      const bss = { section: 'bss', offset: 8 } as const;
      const malloc = { import: 'malloc' };
      const stdout = { import: 'stdout' };
      use(rodata, 'pc32', 0, 0, () => a.movRM(8, rax, { rip: rodata }));
      use(data, 'pc32', 8, 4, () => a.movMI(4, { rip: data, disp: 8 }, 7));
      use(data, 'pc32', -4, 2, () => a.movMI(2, { rip: data, disp: -4 }, 7));
      use(bss, 'pc32', 0, 1, () => a.aluMI('cmp', 1, { rip: bss }, 1));
      use(bss, 'pc32', 0, 1, () => a.aluMI('add', 8, { rip: bss }, 1));
      use(bss, 'pc32', 0, 4, () => a.aluMI('add', 8, { rip: bss }, 1000));
      use(rodata, 'pc32', 0, 1, () => a.roundXM('roundsd', xmm0, { rip: rodata }, 1));
      use(rodata, 'pc32', 0, 0, () => a.sseXM('movsd', xmm8, { rip: rodata }));
      use(rodata, 'pc32', 24, 0, () => a.lea(8, r13, { rip: rodata, disp: 24 }));
      use(malloc, 'got-pc32', 0, 0, () => a.callImport('malloc'));
      use(malloc, 'got-pc32', 0, 0, () => a.jmpM({ rip: malloc }));
      use(stdout, 'got-pc32', 0, 0, () => a.movRM(8, rdi, { rip: stdout }));
      const { code, relocations } = a.finish();
      assert.deepEqual(relocations, expected);
      for (const relocation of relocations) {
        const field = code.subarray(relocation.at.offset, relocation.at.offset + 4);
        assert.deepEqual(Array.from(field), [0, 0, 0, 0], 'the field is left 0 for the ELF writer');
      }
    });

    it('reports the offsets of bound labels', () => {
      const a = new Assembler();
      const first = a.newLabel('first');
      const second = a.newLabel('second');
      a.bind(first);
      a.ret();
      a.align(16);
      a.bind(second);
      a.call(first);
      assert.ok(a.isBound(second));
      const result = a.finish();
      assert.equal(result.labelOffset(first), 0);
      assert.equal(result.labelOffset(second), 16);
      assert.equal(result.code.length, 21);
    });

    it('has System V register sets that cover every register once', () => {
      const all = [...SYSV_CALLEE_SAVED, ...SYSV_CALLER_SAVED, rsp].sort((p, q) => p - q);
      assert.deepEqual(all, GPRS);
      assert.deepEqual(SYSV_INT_ARGS.map((g) => gprName(g, 8)), ['rdi', 'rsi', 'rdx', 'rcx', 'r8', 'r9']);
      assert.deepEqual(SYSV_FLOAT_ARGS.map(xmmName), ['xmm0', 'xmm1', 'xmm2', 'xmm3', 'xmm4', 'xmm5', 'xmm6', 'xmm7']);
      assert.deepEqual([4, 5, 6, 7].map((n) => gprName(GPRS[n]!, 1)), ['spl', 'bpl', 'sil', 'dil']);
      assert.deepEqual([1, 2, 4, 8].map((size) => gprName(r8, size as Size)), ['r8b', 'r8w', 'r8d', 'r8']);
    });

    it('inverts conditions', () => {
      const pairs: [Cond, Cond][] = [['e', 'ne'], ['l', 'ge'], ['le', 'g'], ['b', 'ae'], ['be', 'a'], ['o', 'no'], ['s', 'ns'], ['p', 'np']];
      for (const [c, d] of pairs) {
        assert.equal(invertCond(c), d);
        assert.equal(invertCond(d), c);
      }
    });
  });

  describe('rejects bad operands without writing anything', () => {
    const asGpr = (value: Xmm) => value as unknown as Gpr;
    const asXmm = (value: Gpr) => value as unknown as Xmm;
    const cases: readonly [RegExp, (a: Assembler) => void][] = [
      [/mov: expected a general register, got xmm0/, (a) => a.movRR(8, asGpr(xmm0), rax)],
      [/addsd: expected an SSE register, got rax/, (a) => a.sseXX('addsd', asXmm(rax), xmm0)],
      [/movq: expected a general register, got xmm1/, (a) => a.movXR(8, xmm0, asGpr(xmm1))],
      [/mov: operand size 3 is not one of 1, 2, 4, 8/, (a) => a.movRR(3 as Size, rax, rcx)],
      [/imul: operand size 1 is not one of 2, 4, 8/, (a) => a.imulRR(1, rax, rcx)],
      [/cmove: operand size 1/, (a) => a.cmovRR('e', 1, rax, rcx)],
      [/lea: operand size 1/, (a) => a.lea(1, rax, { base: rax })],
      [/movd: operand size 2 is not one of 4, 8/, (a) => a.movXR(2, xmm0, rax)],
      [/cvtsi2sd: operand size 1/, (a) => a.cvtToFloatXR('cvtsi2sd', 1, xmm0, rax)],
      [/movsxd: the destination must be 8 bytes, not 2/, (a) => a.movsxRR(2, 4, rax, rcx)],
      [/movsxd: the destination must be 8 bytes, not 4/, (a) => a.movsxRM(4, 4, rax, { base: rcx })],
      [/movzx: there is no movzx from 4 bytes/, (a) => a.movzxRR(8, 4 as 1, rax, rcx)],
      [/movsx: a 2-byte destination is not wider than a 2-byte source/, (a) => a.movsxRR(2, 2, rax, rcx)],
      [/rsp cannot be an index register/, (a) => a.movRM(8, rax, { base: rax, index: rsp })],
      [/scale 4 without an index register/, (a) => a.movRM(8, rax, { base: rax, scale: 4 })],
      [/scale 3 is not 1, 2, 4 or 8/, (a) => a.movRM(8, rax, { base: rax, index: rcx, scale: 3 as 1 })],
      [/the base of a memory operand must be a general register, not xmm0/, (a) => a.movRM(8, rax, { base: asGpr(xmm0) })],
      [/displacement 2147483648 is not a signed 32-bit value/, (a) => a.movRM(8, rax, { base: rax, disp: 2 ** 31 })],
      [/displacement 1.5/, (a) => a.movRM(8, rax, { base: rax, disp: 1.5 })],
      [/the GOT slot of 'puts' takes no displacement/, (a) => a.callM({ rip: { import: 'puts' }, disp: 8 })],
      [/an import target needs a symbol name/, (a) => a.callImport('')],
      [/'heap' is not a section/, (a) => a.movRM(8, rax, { rip: { section: 'heap' as 'data', offset: 0 } })],
      [/a rip-relative operand has no base or index/, (a) => a.movRM(8, rax, { rip: { section: 'data', offset: 0 }, base: rax } as Mem)],
      [/add: immediate 2147483648 is not a signed 32-bit value/, (a) => a.aluRI('add', 8, rax, 0x8000_0000)],
      [/add: immediate 256 does not fit in 1 byte/, (a) => a.aluRI('add', 1, rax, 256)],
      [/mov: immediate -32769 does not fit in 2 bytes/, (a) => a.movMI(2, { base: rax }, -32769)],
      [/mov: immediate 1152921504606847000 is not an integer that a number holds exactly/, (a) => a.movRI(8, rax, 2 ** 60)],
      [/does not fit in 64 bits/, (a) => a.movRI(8, rax, 1n << 64n)],
      [/push: immediate 4294967295 is not a signed 32-bit value/, (a) => a.pushI(0xffff_ffff)],
      [/shl: shift count 32 is not in 0..31/, (a) => a.shiftRI('shl', 4, rax, 32)],
      [/'z' is not a condition code/, (a) => a.jcc('z' as Cond, a.newLabel())],
      [/'mul' is not an ALU operation/, (a) => a.aluRR('mul' as AluOp, 8, rax, rcx)],
      [/roundsd: rounding mode 16 is not in 0..15/, (a) => a.roundXX('roundsd', xmm0, xmm1, 16)],
      [/align: 3 is not a power of two/, (a) => a.align(3)],
      [/belongs to another assembler/, (a) => a.jmp(new Assembler().newLabel())],
      [/belongs to another assembler/, (a) => a.lea(8, rax, { rip: new Assembler().newLabel() })],
      [/labelOffset: label 'entry' is not bound/, (a) => a.labelOffset(a.newLabel('entry'))],
    ];
    for (const [message, emit] of cases) {
      it(message.source, () => {
        const a = new Assembler();
        a.int3();
        assert.throws(() => emit(a), message);
        assert.equal(a.offset, 1, 'nothing was written');
      });
    }

    it('fails to finish while a used label is unbound', () => {
      const a = new Assembler();
      const exit = a.newLabel('exit');
      a.newLabel('unused');
      a.jcc('e', exit);
      assert.throws(() => a.finish(), /finish: label used but never bound: 'exit'/);
      a.bind(exit);
      assert.equal(a.finish().code.length, 6);
    });

    it('refuses to bind a label twice', () => {
      const a = new Assembler();
      const label = a.newLabel('twice');
      a.bind(label);
      assert.throws(() => a.bind(label), /bind: label 'twice' is already bound \(at 0\)/);
    });

    it('refuses a short jump back to a label out of reach', () => {
      const a = new Assembler();
      const top = a.newLabel('top');
      a.bind(top);
      a.nop(129);
      assert.throws(() => a.jmpShort(top), /jmp: label 'top' at 0 is -131 bytes away, too far for a short jump/);
      assert.equal(a.offset, 129);
    });

    it('fails at bind when a forward short jump does not reach', () => {
      const a = new Assembler();
      const far = a.newLabel('far');
      a.jmpShort(far);
      a.nop(128);
      assert.throws(() => a.bind(far), /short jump at 0 to label 'far' at 130: displacement 128 does not fit in a signed byte/);
    });
  });

  describe('listing', () => {
    it('prints each instruction as objdump does, with what it refers to', () => {
      const a = new ListingAssembler();
      const fn = a.newLabel('fn');
      a.bind(fn);
      a.push(rbp);
      a.movRM(8, rax, { rip: { section: 'rodata', offset: 16 } });
      a.callImport('puts');
      a.call(fn);
      a.ret();
      const expected = [
        ' 0:  push rbp',
        ' 1:  mov rax,QWORD PTR [rip+0x0]  # rodata+0x10',
        ' 8:  call QWORD PTR [rip+0x0]  # puts@GOT',
        ' e:  call 0x0  # fn',
        '13:  ret',
      ];
      assert.equal(formatListing(a.listing()), expected.join('\n'));
    });

    it('lists nothing for an instruction it rejects', () => {
      const a = new ListingAssembler();
      assert.throws(() => a.aluRI('add', 1, rax, 0x100));
      assert.throws(() => a.movRM(8, rax, { base: rax, index: rsp }));
      a.ret();
      assert.deepEqual(a.listing(), [{ offset: 0, length: 1, text: 'ret', comment: undefined }]);
    });
  });

  it('encodes 100,000 instructions quickly', () => {
    const start = performance.now();
    const a = new Assembler();
    const loop = a.newLabel('loop');
    a.bind(loop);
    for (let i = 0; i < 20_000; i++) {
      a.movRM(8, rax, { base: rbp, disp: -8 * (i & 63) });
      a.aluRR('add', 8, rax, rcx);
      a.aluRI('cmp', 4, rcx, i);
      a.jcc('l', loop);
      a.sseXX('addsd', xmm0, xmm1);
    }
    const { code } = a.finish();
    const elapsed = performance.now() - start;
    assert.ok(code.length > 400_000);
    assert.ok(elapsed < 2000, `took ${elapsed.toFixed(0)} ms`);
  });
});
