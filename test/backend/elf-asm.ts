// Hand-encoded x86-64 for the ELF writer tests: the dozen instructions the test programs need,
// each emitted as its bytes with the relocation the encoder (server/src/backend/x64) would
// produce for it. Not an assembler: just enough to build small ProgramImages without depending
// on the real encoder.
//
// A rip-relative field is 4 bytes inside the instruction; rip is the address of the next
// instruction, so the addend is -(bytes from the field to the end of the instruction): -4 when
// the field ends the instruction, -8 when a 4-byte immediate follows it.

import type { ImageSymbol, ProgramImage, Relocation, SectionName, SectionOffset } from 'zolt-server/backend/image';

/** Bytes of one section being built, with the symbols defined in it. */
class SectionBuilder {
  readonly bytes: number[] = [];
  readonly symbols: ImageSymbol[] = [];

  constructor(readonly section: SectionName) {}

  get offset(): number {
    return this.bytes.length;
  }

  here(): SectionOffset {
    return { section: this.section, offset: this.offset };
  }

  emit(...bytes: number[]): this {
    this.bytes.push(...bytes);
    return this;
  }

  align(alignment: number): this {
    while (this.bytes.length % alignment !== 0) this.bytes.push(0);
    return this;
  }

  /** A local object symbol. */
  object(name: string, at: SectionOffset, size: number): void {
    this.symbols.push({ name, section: this.section, offset: at.offset, size, kind: 'object', global: false });
  }
}

/** Read-only data: strings and doubles, each placed where the code can refer to it. */
export class DataBuilder extends SectionBuilder {
  readonly relocations: Relocation[] = [];

  string(text: string, name?: string): SectionOffset {
    const at = this.here();
    const bytes = [...new TextEncoder().encode(text), 0];
    this.emit(...bytes);
    if (name !== undefined) this.object(name, at, bytes.length);
    return at;
  }

  double(value: number): SectionOffset {
    this.align(8);
    const at = this.here();
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setFloat64(0, value, true);
    this.emit(...bytes);
    return at;
  }

  /** An 8-byte pointer, filled by an abs64 relocation. */
  pointer(to: SectionOffset | { import: string }, name?: string): SectionOffset {
    this.align(8);
    const at = this.here();
    this.emit(0, 0, 0, 0, 0, 0, 0, 0);
    this.relocations.push({ at, kind: 'abs64', target: to, addend: 0 });
    if (name !== undefined) this.object(name, at, 8);
    return at;
  }
}

export class CodeBuilder extends SectionBuilder {
  readonly relocations: Relocation[] = [];

  constructor() {
    super('text');
  }

  /** A function symbol around the code `body` emits. */
  fn(name: string, global: boolean, body: () => void): SectionOffset {
    this.align(16);
    const start = this.here();
    body();
    const size = this.offset - start.offset;
    this.symbols.push({ name, section: 'text', offset: start.offset, size, kind: 'function', global });
    return start;
  }

  private ripField(kind: 'pc32' | 'got-pc32', target: SectionOffset | { import: string }, after = 0): void {
    this.relocations.push({ at: this.here(), kind, target, addend: -4 - after });
    this.emit(0, 0, 0, 0);
  }

  /**
   * sub rsp, 8 (48 83 EC 08): realigns rsp to 16 in a function, where the call that entered it
   * pushed 8 bytes. Not at _start: the kernel starts a process with rsp 16-aligned, which is
   * what a call instruction needs, so _start calls without adjusting (subtracting 8 there makes
   * printf of a double crash on an aligned SSE store).
   */
  subRsp8(): this {
    return this.emit(0x48, 0x83, 0xec, 0x08);
  }

  /** add rsp, 8 (48 83 C4 08) */
  addRsp8(): this {
    return this.emit(0x48, 0x83, 0xc4, 0x08);
  }

  /** lea rdi, [rip + disp32] (48 8D 3D disp32) */
  leaRdi(target: SectionOffset): this {
    this.emit(0x48, 0x8d, 0x3d);
    this.ripField('pc32', target);
    return this;
  }

  /** mov rdi, [rip + disp32] (48 8B 3D disp32): load a pointer stored in memory. */
  loadRdi(target: SectionOffset): this {
    this.emit(0x48, 0x8b, 0x3d);
    this.ripField('pc32', target);
    return this;
  }

  /** mov dword [rip + disp32], imm32 (C7 05 disp32 imm32): the field is followed by 4 bytes. */
  storeDword(target: SectionOffset, value: number): this {
    this.emit(0xc7, 0x05);
    this.ripField('pc32', target, 4);
    return this.emit(value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff);
  }

  /** mov dword [rip + disp32], imm32 (C7 05 disp32 imm32) into an import's GOT slot. */
  storeDwordToImportSlot(name: string, value: number): this {
    this.emit(0xc7, 0x05);
    this.ripField('got-pc32', { import: name }, 4);
    return this.emit(value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff);
  }

  /** mov rax, [rip + disp32] (48 8B 05 disp32) from an import's GOT slot: the import's address. */
  loadRaxFromImportSlot(name: string): this {
    this.emit(0x48, 0x8b, 0x05);
    this.ripField('got-pc32', { import: name });
    return this;
  }

  /** mov rax, [rip + disp32] (48 8B 05 disp32): load a pointer stored in memory. */
  loadRax(target: SectionOffset): this {
    this.emit(0x48, 0x8b, 0x05);
    this.ripField('pc32', target);
    return this;
  }

  /** call rax (FF D0) */
  callRax(): this {
    return this.emit(0xff, 0xd0);
  }

  /** movsd xmm0, [rip + disp32] (F2 0F 10 05 disp32) */
  loadXmm0(target: SectionOffset): this {
    this.emit(0xf2, 0x0f, 0x10, 0x05);
    this.ripField('pc32', target);
    return this;
  }

  /** cvttsd2si edi, xmm0 (F2 0F 2C F8: ModRM 11 111 000, reg = edi, rm = xmm0) */
  truncateXmm0ToEdi(): this {
    return this.emit(0xf2, 0x0f, 0x2c, 0xf8);
  }

  /** call [rip + disp32] (FF 15 disp32): call an import through its GOT slot. */
  callImport(name: string): this {
    this.emit(0xff, 0x15);
    this.ripField('got-pc32', { import: name });
    return this;
  }

  /** call rel32 (E8 rel32): call one of our own functions. */
  call(target: SectionOffset): this {
    this.emit(0xe8);
    this.ripField('pc32', target);
    return this;
  }

  /** xor edi, edi (31 FF) */
  zeroEdi(): this {
    return this.emit(0x31, 0xff);
  }

  /** xor eax, eax (31 C0) */
  zeroEax(): this {
    return this.emit(0x31, 0xc0);
  }

  /** mov edi, imm32 (BF imm32) */
  movEdi(value: number): this {
    return this.emit(0xbf, value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff);
  }

  /** mov eax, imm32 (B8 imm32); before a variadic call al is the number of vector registers used. */
  movEax(value: number): this {
    return this.emit(0xb8, value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff);
  }

  /** ret (C3) */
  ret(): this {
    return this.emit(0xc3);
  }

  /** exit_group(status) without libc: mov eax, 231 (B8 E7 00 00 00); mov edi, imm32; syscall (0F 05). */
  exitSyscall(status: number): this {
    return this.emit(0xb8, 231, 0, 0, 0).movEdi(status).emit(0x0f, 0x05);
  }

  /** ud2 (0F 0B): traps if control ever gets here (after a call to exit). */
  ud2(): this {
    return this.emit(0x0f, 0x0b);
  }
}

/** A program's sections being built. */
export class ProgramBuilder {
  readonly code = new CodeBuilder();
  readonly rodata = new DataBuilder('rodata');
  readonly data = new DataBuilder('data');
  bssSize = 0;
  readonly bssSymbols: ImageSymbol[] = [];

  /** Reserves `size` bytes of bss. */
  bss(name: string, size: number): SectionOffset {
    const at: SectionOffset = { section: 'bss', offset: this.bssSize };
    this.bssSymbols.push({ name, section: 'bss', offset: at.offset, size, kind: 'object', global: false });
    this.bssSize += size;
    return at;
  }

  image(options: { imports: string[]; needed?: string[]; entry?: SectionOffset }): ProgramImage {
    return {
      text: Uint8Array.from(this.code.bytes),
      rodata: Uint8Array.from(this.rodata.bytes),
      data: Uint8Array.from(this.data.bytes),
      bssSize: this.bssSize,
      relocations: [...this.code.relocations, ...this.rodata.relocations, ...this.data.relocations],
      imports: options.imports,
      needed: options.needed ?? ['libc.so.6'],
      symbols: [...this.code.symbols, ...this.rodata.symbols, ...this.data.symbols, ...this.bssSymbols],
      entry: options.entry,
    };
  }
}
