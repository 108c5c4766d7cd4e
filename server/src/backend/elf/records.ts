// The fixed-size records of ELF64, encoded little-endian: the file header, program headers,
// section headers, symbols and RELA relocations. Both writers (executable.ts, object.ts) build
// their tables from these; nothing here knows about layout.

import { ByteWriter } from './bytes';
import {
  EI_NIDENT_BYTES, ELF_HEADER_SIZE, ELFCLASS64, ELFDATA2LSB, ELFOSABI_SYSV, EM_X86_64, EV_CURRENT,
  PROGRAM_HEADER_SIZE, RELA_SIZE, SECTION_HEADER_SIZE, STT_FUNC, STT_OBJECT, SYMBOL_SIZE,
} from './constants';

export interface ElfHeader {
  readonly type: number;
  readonly entry: number;
  /** File offset of the program header table (0 when there is none). */
  readonly programHeadersOffset: number;
  readonly programHeaderCount: number;
  readonly sectionHeadersOffset: number;
  readonly sectionHeaderCount: number;
  /** Index of .shstrtab, the section that holds the section names. */
  readonly sectionNamesIndex: number;
}

export function encodeElfHeader(header: ElfHeader): Uint8Array {
  const writer = new ByteWriter(ELF_HEADER_SIZE);
  // e_ident: magic, 64-bit, little-endian, version 1, System V ABI, padding to 16 bytes
  writer.u8(0x7f).u8(0x45).u8(0x4c).u8(0x46).u8(ELFCLASS64).u8(ELFDATA2LSB).u8(EV_CURRENT).u8(ELFOSABI_SYSV);
  for (let i = 8; i < EI_NIDENT_BYTES; i++) writer.u8(0);
  writer
    .u16(header.type)
    .u16(EM_X86_64)
    .u32(EV_CURRENT)
    .u64(header.entry)
    .u64(header.programHeadersOffset)
    .u64(header.sectionHeadersOffset)
    .u32(0) // e_flags: none are defined for x86-64
    .u16(ELF_HEADER_SIZE)
    // e_phentsize and e_shentsize: the loader and the kernel reject other sizes
    .u16(header.programHeaderCount === 0 ? 0 : PROGRAM_HEADER_SIZE)
    .u16(header.programHeaderCount)
    .u16(SECTION_HEADER_SIZE)
    .u16(header.sectionHeaderCount)
    .u16(header.sectionNamesIndex);
  return writer.finish();
}

export interface ProgramHeader {
  readonly type: number;
  readonly flags: number;
  readonly offset: number;
  readonly vaddr: number;
  readonly fileSize: number;
  readonly memorySize: number;
  readonly align: number;
}

export function encodeProgramHeaders(headers: readonly ProgramHeader[]): Uint8Array {
  const writer = new ByteWriter(headers.length * PROGRAM_HEADER_SIZE);
  for (const header of headers) {
    writer
      .u32(header.type)
      .u32(header.flags)
      .u64(header.offset)
      .u64(header.vaddr)
      .u64(header.vaddr) // p_paddr: unused on Linux; by convention equal to p_vaddr
      .u64(header.fileSize)
      .u64(header.memorySize)
      .u64(header.align);
  }
  return writer.finish();
}

export interface SectionHeader {
  /** Offset of the name in .shstrtab. */
  readonly name: number;
  readonly type: number;
  readonly flags: number;
  readonly addr: number;
  readonly offset: number;
  readonly size: number;
  readonly link: number;
  readonly info: number;
  readonly addralign: number;
  readonly entsize: number;
}

/** The all-zero header that section index 0 (SHN_UNDEF) must have. */
export const NULL_SECTION: SectionHeader = {
  name: 0, type: 0, flags: 0, addr: 0, offset: 0, size: 0, link: 0, info: 0, addralign: 0, entsize: 0,
};

export function encodeSectionHeaders(headers: readonly SectionHeader[]): Uint8Array {
  const writer = new ByteWriter(headers.length * SECTION_HEADER_SIZE);
  for (const header of headers) {
    writer
      .u32(header.name)
      .u32(header.type)
      .u64(header.flags)
      .u64(header.addr)
      .u64(header.offset)
      .u64(header.size)
      .u32(header.link)
      .u32(header.info)
      .u64(header.addralign)
      .u64(header.entsize);
  }
  return writer.finish();
}

export interface SymbolEntry {
  /** Offset of the name in the linked string table. */
  readonly name: number;
  readonly binding: number;
  readonly type: number;
  readonly sectionIndex: number;
  readonly value: number;
  readonly size: number;
}

/** The all-zero symbol that index 0 of every symbol table must be. */
export const NULL_SYMBOL: SymbolEntry = { name: 0, binding: 0, type: 0, sectionIndex: 0, value: 0, size: 0 };

export function encodeSymbols(symbols: readonly SymbolEntry[]): Uint8Array {
  const writer = new ByteWriter(symbols.length * SYMBOL_SIZE);
  for (const symbol of symbols) {
    writer
      .u32(symbol.name)
      .u8((symbol.binding << 4) | symbol.type)
      .u8(0) // st_other: STV_DEFAULT visibility
      .u16(symbol.sectionIndex)
      .u64(symbol.value)
      .u64(symbol.size);
  }
  return writer.finish();
}

/**
 * A table of Elf64_Rela entries, written as they come: a program can have a relocation every
 * few bytes of code, so no object is made per entry.
 */
export class RelaTable {
  private readonly writer: ByteWriter;
  private entries = 0;

  constructor(capacity: number) {
    this.writer = new ByteWriter(capacity * RELA_SIZE);
  }

  get count(): number {
    return this.entries;
  }

  add(offset: number, symbolIndex: number, type: number, addend: number): void {
    // r_info = symbol index << 32 | type, written as its two 32-bit halves
    this.writer.u64(offset).u32(type).u32(symbolIndex).u64(addend);
    this.entries++;
  }

  finish(): Uint8Array {
    return this.writer.finish();
  }
}

/** STT_FUNC or STT_OBJECT for a symbol of the image. */
export function imageSymbolType(kind: 'function' | 'object'): number {
  return kind === 'function' ? STT_FUNC : STT_OBJECT;
}
