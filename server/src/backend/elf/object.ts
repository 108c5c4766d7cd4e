// writeObject: a ProgramImage as a relocatable x86-64 ELF object (ET_REL), for a system linker
// (`gcc -o prog prog.o`, `gcc -shared`, ...). Nothing is resolved here: each relocation of the
// image becomes an ELF relocation for the linker, and the linker decides the layout, the GOT
// and how to reach the shared libraries. (`needed` and `entry` are not part of an object: the
// link command names the libraries, and the C runtime's _start calls `main`.)
//
// The sections: .text, .rodata, .data, .bss, a .rela.<section> for each section with
// relocations, .note.GNU-stack, .symtab, .strtab, .shstrtab.
//
// The rules that bite:
// - Relocations are RELA (x86-64 uses nothing else): the addend is in the entry and the field's
//   own bytes are ignored, so they are written as zero.
// - References to our own sections are made against the section's STT_SECTION symbol, the
//   target's offset folded into the addend (what an assembler does for local labels):
//   pc32 -> R_X86_64_PC32, abs64 -> R_X86_64_64. gcc links PIE by default; a PIE link accepts
//   PC32 to local symbols and turns R_X86_64_64 in writable data into R_X86_64_RELATIVE.
// - got-pc32 -> R_X86_64_GOTPCREL against the import's undefined global symbol: the linker
//   makes the GOT slot. Not the relaxable GOTPCRELX forms: those promise the linker that the
//   instruction is one it may rewrite (mov -> lea), and this writer does not know the
//   instruction.
// - rodata that holds abs64 pointers would make the PIE linker write into read-only memory at
//   load time (a text relocation). It is named .data.rel.ro instead, writable, which the
//   linker places in the RELRO part: written by the loader, then made read-only (as gcc does).
// - In .symtab the local symbols come first (the null symbol, the section symbols, the image's
//   local symbols), then the globals (the image's global symbols, then the imports, undefined);
//   sh_info is the index of the first global. Linkers rely on it.
// - An empty .note.GNU-stack section says the code needs no executable stack. Without it GNU ld
//   assumes it does and marks the program's stack executable.

import { isImport, type ProgramImage, type Relocation, type SectionName } from '../image';
import { assembleFile, StringTable } from './bytes';
import {
  ELF_HEADER_SIZE, ET_REL, R_X86_64_64, R_X86_64_GOTPCREL, R_X86_64_PC32, RELA_SIZE,
  SECTION_HEADER_SIZE, SHF_ALLOC, SHF_EXECINSTR, SHF_INFO_LINK, SHF_WRITE, SHN_UNDEF, SHT_NOBITS,
  SHT_PROGBITS, SHT_RELA, SHT_STRTAB, SHT_SYMTAB, STB_GLOBAL, STB_LOCAL, STT_NOTYPE, STT_SECTION,
  SYMBOL_SIZE,
} from './constants';
import { layOutFileOnly } from './layout';
import {
  encodeElfHeader, encodeSectionHeaders, encodeSymbols, imageSymbolType, NULL_SECTION, NULL_SYMBOL,
  RelaTable, type SectionHeader, type SymbolEntry,
} from './records';
import { checkImage, fieldSize } from './validate';

/** Alignment of the image's sections: the encoder may rely on its offsets being 16-aligned. */
const SECTION_ALIGN = 16;

const CONTENT_SECTIONS: readonly SectionName[] = ['text', 'rodata', 'data', 'bss'];

/** What a section of the object is for; its index is its place in the list plus one. */
type SectionRole =
  | { readonly kind: 'content'; readonly section: SectionName }
  | { readonly kind: 'rela'; readonly section: SectionName }
  | { readonly kind: 'note-gnu-stack' | 'symtab' | 'strtab' | 'shstrtab' };

/** A section of the object: its header (offset still to be laid out) and its file bytes. */
interface ObjectSection {
  readonly header: Omit<SectionHeader, 'offset'>;
  /** Empty for NOBITS, whose header has the size. */
  readonly bytes: Uint8Array;
}

/** The section roles in file order: each content section followed by its relocations, if any. */
function sectionRoles(relocationsBySection: Readonly<Record<SectionName, readonly Relocation[]>>): SectionRole[] {
  const roles: SectionRole[] = [];
  for (const section of CONTENT_SECTIONS) {
    roles.push({ kind: 'content', section });
    if (relocationsBySection[section].length > 0) roles.push({ kind: 'rela', section });
  }
  roles.push({ kind: 'note-gnu-stack' }, { kind: 'symtab' }, { kind: 'strtab' }, { kind: 'shstrtab' });
  return roles;
}

function contentName(section: SectionName, rodataHasPointers: boolean): string {
  return section === 'rodata' && rodataHasPointers ? '.data.rel.ro' : `.${section}`;
}

function contentFlags(section: SectionName, rodataHasPointers: boolean): number {
  switch (section) {
    case 'text':
      return SHF_ALLOC | SHF_EXECINSTR;
    case 'rodata':
      return rodataHasPointers ? SHF_ALLOC | SHF_WRITE : SHF_ALLOC;
    case 'data':
    case 'bss':
      return SHF_ALLOC | SHF_WRITE;
  }
}

/** The bytes of a section with every relocated field zeroed (RELA addends live in the entries). */
function withFieldsZeroed(bytes: Uint8Array, relocations: readonly Relocation[]): Uint8Array {
  const copy = bytes.slice();
  for (const { at, kind } of relocations) {
    for (let i = at.offset, end = at.offset + fieldSize(kind); i < end; i++) copy[i] = 0;
  }
  return copy;
}

interface SymbolTable {
  readonly symtab: Uint8Array;
  readonly strtab: Uint8Array;
  readonly firstGlobal: number;
  /** The STT_SECTION symbol of each section. */
  readonly sectionSymbol: Readonly<Record<SectionName, number>>;
  readonly importSymbol: ReadonlyMap<string, number>;
}

function buildSymbolTable(image: ProgramImage, sectionIndex: (section: SectionName) => number): SymbolTable {
  const strings = new StringTable();
  const sectionSymbols: SymbolEntry[] = CONTENT_SECTIONS.map((section) => ({
    name: 0, binding: STB_LOCAL, type: STT_SECTION, sectionIndex: sectionIndex(section), value: 0, size: 0,
  }));
  // The image's own `_start` stays local: the C runtime the linker adds brings the entry point,
  // and its _start calls `main` (zolt_main, which sets up what our _start would).
  const exported = (symbol: ProgramImage['symbols'][number]) => symbol.global && symbol.name !== '_start';
  const defined = (symbol: ProgramImage['symbols'][number]): SymbolEntry => ({
    name: strings.add(symbol.name),
    binding: exported(symbol) ? STB_GLOBAL : STB_LOCAL,
    type: imageSymbolType(symbol.kind),
    sectionIndex: sectionIndex(symbol.section),
    value: symbol.offset,
    size: symbol.size,
  });
  const locals = image.symbols.filter((symbol) => !exported(symbol)).map(defined);
  const globals = image.symbols.filter(exported).map(defined);
  const imports = image.imports.map((name): SymbolEntry => ({
    name: strings.add(name), binding: STB_GLOBAL, type: STT_NOTYPE, sectionIndex: SHN_UNDEF, value: 0, size: 0,
  }));
  const firstGlobal = 1 + sectionSymbols.length + locals.length;
  const firstImport = firstGlobal + globals.length;
  const importIndex = new Map(image.imports.map((name, i) => [name, firstImport + i]));
  const sectionSymbol: Record<SectionName, number> = { text: 0, rodata: 0, data: 0, bss: 0 };
  CONTENT_SECTIONS.forEach((section, i) => {
    sectionSymbol[section] = 1 + i; // after the null symbol, in the order of sectionSymbols
  });
  return {
    symtab: encodeSymbols([NULL_SYMBOL, ...sectionSymbols, ...locals, ...globals, ...imports]),
    strtab: strings.finish(),
    firstGlobal,
    sectionSymbol,
    importSymbol: importIndex,
  };
}

/** The ELF relocations for the image's relocations in one section (checked by checkImage). */
function encodeRelocations(relocations: readonly Relocation[], symbols: SymbolTable): Uint8Array {
  const table = new RelaTable(relocations.length);
  for (const { at, kind, target, addend } of relocations) {
    if (isImport(target)) {
      // got-pc32 or abs64: checkImage refuses pc32 to an import.
      const type = kind === 'got-pc32' ? R_X86_64_GOTPCREL : R_X86_64_64;
      table.add(at.offset, symbols.importSymbol.get(target.import)!, type, addend);
    } else {
      const type = kind === 'abs64' ? R_X86_64_64 : R_X86_64_PC32;
      table.add(at.offset, symbols.sectionSymbol[target.section], type, addend + target.offset);
    }
  }
  return table.finish();
}

/** What describing a section needs to know about the whole object. */
interface ObjectContext {
  readonly image: ProgramImage;
  readonly relocations: Readonly<Record<SectionName, readonly Relocation[]>>;
  readonly rodataHasPointers: boolean;
  readonly symbols: SymbolTable;
  /** The index of the section with this role. */
  readonly indexOf: (matches: (role: SectionRole) => boolean) => number;
  readonly contentIndex: (section: SectionName) => number;
  readonly shstrtab: Uint8Array;
}

function sectionName(role: SectionRole, rodataHasPointers: boolean): string {
  switch (role.kind) {
    case 'content':
      return contentName(role.section, rodataHasPointers);
    case 'rela':
      return `.rela${contentName(role.section, rodataHasPointers)}`;
    case 'note-gnu-stack':
      return '.note.GNU-stack';
    default:
      return `.${role.kind}`;
  }
}

const NO_BYTES = new Uint8Array(0);

function describeSection(role: SectionRole, name: number, context: ObjectContext): ObjectSection {
  const plain = { name, addr: 0, link: 0, info: 0, entsize: 0 };
  switch (role.kind) {
    case 'content': {
      const flags = contentFlags(role.section, context.rodataHasPointers);
      if (role.section === 'bss') {
        const header = { ...plain, type: SHT_NOBITS, flags, size: context.image.bssSize, addralign: SECTION_ALIGN };
        return { header, bytes: NO_BYTES };
      }
      const bytes = withFieldsZeroed(context.image[role.section], context.relocations[role.section]);
      return { header: { ...plain, type: SHT_PROGBITS, flags, size: bytes.length, addralign: SECTION_ALIGN }, bytes };
    }
    case 'rela': {
      const bytes = encodeRelocations(context.relocations[role.section], context.symbols);
      // sh_link: the symbol table; sh_info: the section the relocations patch
      const link = context.indexOf((other) => other.kind === 'symtab');
      const info = context.contentIndex(role.section);
      const header = { ...plain, link, info, entsize: RELA_SIZE, type: SHT_RELA, flags: SHF_INFO_LINK, size: bytes.length };
      return { header: { ...header, addralign: 8 }, bytes };
    }
    case 'note-gnu-stack':
      return { header: { ...plain, type: SHT_PROGBITS, flags: 0, size: 0, addralign: 1 }, bytes: NO_BYTES };
    case 'symtab': {
      // sh_link: its string table; sh_info: the index of the first global symbol
      const { symtab, firstGlobal } = context.symbols;
      const link = context.indexOf((other) => other.kind === 'strtab');
      const header = { ...plain, link, info: firstGlobal, entsize: SYMBOL_SIZE, type: SHT_SYMTAB, flags: 0, size: symtab.length };
      return { header: { ...header, addralign: 8 }, bytes: symtab };
    }
    case 'strtab':
    case 'shstrtab': {
      const bytes = role.kind === 'strtab' ? context.symbols.strtab : context.shstrtab;
      return { header: { ...plain, type: SHT_STRTAB, flags: 0, size: bytes.length, addralign: 1 }, bytes };
    }
  }
}

export function writeObject(image: ProgramImage): Uint8Array {
  checkImage(image);
  const relocations: Record<SectionName, Relocation[]> = { text: [], rodata: [], data: [], bss: [] };
  for (const relocation of image.relocations) relocations[relocation.at.section].push(relocation);
  const rodataHasPointers = relocations.rodata.some((relocation) => relocation.kind === 'abs64');

  const roles = sectionRoles(relocations);
  const indexOf = (matches: (role: SectionRole) => boolean): number => roles.findIndex(matches) + 1;
  const contentIndex = (section: SectionName): number => indexOf((role) => role.kind === 'content' && role.section === section);
  const names = new StringTable();
  const nameOffsets = roles.map((role) => names.add(sectionName(role, rodataHasPointers)));
  const context: ObjectContext = {
    image,
    relocations,
    rodataHasPointers,
    symbols: buildSymbolTable(image, contentIndex),
    indexOf,
    contentIndex,
    shstrtab: names.finish(),
  };
  const sections = roles.map((role, i) => describeSection(role, nameOffsets[i]!, context));

  const layout = layOutFileOnly(
    [
      ...sections.map((section, i) => ({ name: `section ${i}`, size: section.bytes.length, align: section.header.addralign })),
      { name: 'section headers', size: (sections.length + 1) * SECTION_HEADER_SIZE, align: 8 },
    ],
    ELF_HEADER_SIZE,
  );
  const offsetOf = (name: string): number => layout.placements.get(name)!.offset;
  const headers: SectionHeader[] = [
    NULL_SECTION,
    ...sections.map((section, i) => ({ ...section.header, offset: offsetOf(`section ${i}`) })),
  ];
  return assembleFile(layout.fileEnd, [
    {
      offset: 0,
      bytes: encodeElfHeader({
        type: ET_REL,
        entry: 0,
        programHeadersOffset: 0,
        programHeaderCount: 0,
        sectionHeadersOffset: offsetOf('section headers'),
        sectionHeaderCount: headers.length,
        sectionNamesIndex: indexOf((role) => role.kind === 'shstrtab'),
      }),
    },
    ...sections.map((section, i) => ({ offset: offsetOf(`section ${i}`), bytes: section.bytes })),
    { offset: offsetOf('section headers'), bytes: encodeSectionHeaders(headers) },
  ]);
}
