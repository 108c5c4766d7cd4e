// writeExecutable: a ProgramImage as a dynamically linked x86-64 Linux executable that the
// kernel and glibc's loader (ld-linux-x86-64.so.2) run directly. No assembler or linker is
// involved: every reference inside the image is resolved here, and the loader only fills the
// GOT slots of the imports (and, in a PIE, adds the load address to stored pointers).
//
// PIE (ET_DYN) by default, ET_EXEC at 0x400000 with { pie: false }. PIE is the default because
// it is what the system's own toolchain makes (gcc on Debian links -pie): the kernel loads the
// program at a random address (ASLR), which keeps the program's code and data out of reach of
// an attacker who knows the file. It costs little here: rip-relative references (pc32,
// got-pc32) do not depend on the load address at all, and each abs64 pointer becomes an
// R_X86_64_RELATIVE relocation, a single addition at load time. ET_EXEC is there for
// debugging: its addresses are the same in every run, in gdb and in objdump's output.
//
// The file (offsets packed, each segment on fresh pages of the address space; see layout.ts):
//
//   R    ELF header, program headers, .interp, .hash, .dynsym, .dynstr, .rela.dyn
//   R X  .text
//   R    .rodata
//   RW   .dynamic, .got                    PT_GNU_RELRO: read-only once the loader is done
//   RW   .data, .bss
//        .symtab, .strtab, .shstrtab, section headers   (not loaded: for readelf, objdump, gdb)
//
// The loader's requirements that shape it:
// - PT_PHDR comes first, before any PT_LOAD (as PT_INTERP must also precede them), and lies in
//   the first PT_LOAD. glibc computes the load bias of the program from it: the kernel passes
//   the address of the program headers (AT_PHDR), and bias = AT_PHDR - PT_PHDR.p_vaddr. Without
//   PT_PHDR the bias of a PIE is taken to be 0 and every address the loader uses is wrong.
// - PT_INTERP names the loader; the kernel runs it and it runs the program.
// - PT_GNU_STACK with flags RW: without it the kernel and glibc give the process an executable
//   stack.
// - The GOT must be writable while the loader binds it, then it is protected: PT_GNU_RELRO
//   covers .dynamic and .got (and .rodata when it holds pointers the loader must adjust), and
//   glibc mprotects [start rounded down, end rounded down) to the page, so a RELRO that ends
//   inside a page leaves that page writable. The relro part is its own PT_LOAD whose memory
//   is padded to the end of its last page (zero-filled, as lld does), PT_GNU_RELRO covers
//   exactly that PT_LOAD, and the data segment starts on a later page.
// - The loader writes only through relocations in writable segments: an abs64 field in text
//   that needs load-time work would be a text relocation (DT_TEXTREL), which is refused here.
//   An abs64 field in rodata that does is fine: rodata moves into the relro part.
// - Relocations of our own sections are resolved here; a pc32 field that cannot reach its
//   target (more than 2 GiB away) is an error.

import { isImport, type ProgramImage, type Relocation, type SectionName } from '../image';
import { assembleFile, cString, setU64, StringTable } from './bytes';
import {
  DYNAMIC_ENTRY_SIZE, ELF_HEADER_SIZE, ET_DYN, ET_EXEC, GLIBC_LOADER, GOT_SLOT_SIZE, PAGE_SIZE,
  PF_R, PF_W, PF_X, PROGRAM_HEADER_SIZE, PT_DYNAMIC, PT_GNU_RELRO, PT_GNU_STACK, PT_INTERP,
  PT_LOAD, PT_PHDR, R_X86_64_64, R_X86_64_GLOB_DAT, R_X86_64_RELATIVE, RELA_SIZE,
  SECTION_HEADER_SIZE, SHF_ALLOC, SHF_EXECINSTR, SHF_WRITE, SHT_DYNAMIC, SHT_DYNSYM, SHT_HASH,
  SHT_NOBITS, SHT_PROGBITS, SHT_RELA, SHT_STRTAB, SHT_SYMTAB, STB_GLOBAL, STB_LOCAL, SYMBOL_SIZE,
} from './constants';
import {
  buildDynamicSymbols, dynamicEntries, encodeDynamic, importSymbolIndex, type DynamicSymbols,
  type DynamicTableAddresses,
} from './dynamic';
import {
  holdsBytes, layOutFileOnly, layOutSegments, type LoadSegment, type Placement, type SegmentPlan,
} from './layout';
import {
  encodeElfHeader, encodeProgramHeaders, encodeSectionHeaders, encodeSymbols, imageSymbolType,
  NULL_SECTION, NULL_SYMBOL, RelaTable, type ProgramHeader, type SectionHeader, type SymbolEntry,
} from './records';
import { checkEntry, checkImage, describeRelocation } from './validate';

export interface ExecutableOptions {
  /**
   * true (the default): a position-independent executable (ET_DYN) that the kernel loads at a
   * random address. false: ET_EXEC at the fixed address 0x400000.
   */
  readonly pie?: boolean;
}

/** Where an ET_EXEC is loaded: the traditional x86-64 base, above the zero pages. */
const EXEC_BASE = 0x400000;

/** Alignment of the image's sections: the encoder may rely on its offsets being 16-aligned. */
const SECTION_ALIGN = 16;

/** The sections, in file and address order. */
const SECTION_NAMES = [
  '.interp', '.hash', '.dynsym', '.dynstr', '.rela.dyn', '.text', '.rodata', '.dynamic', '.got',
  '.data', '.bss', '.symtab', '.strtab', '.shstrtab',
] as const;
type ElfSectionName = (typeof SECTION_NAMES)[number];
type ItemName = ElfSectionName | 'elf-header' | 'program-headers' | 'section-headers';

/**
 * Sections left out of the section table when empty, as linkers discard empty output
 * sections: an empty section would have an address in no segment (eu-elflint objects).
 */
const OMITTED_WHEN_EMPTY: ReadonlySet<ElfSectionName> = new Set(['.rela.dyn', '.rodata', '.got', '.data', '.bss']);

/** The sections the section table lists, and the index of each. */
interface SectionList {
  readonly names: readonly ElfSectionName[];
  /** The section's index, or undefined when it is left out. */
  readonly index: (name: ElfSectionName) => number | undefined;
}

function listSections(sizeOf: (name: ElfSectionName) => number): SectionList {
  const names = SECTION_NAMES.filter((name) => !OMITTED_WHEN_EMPTY.has(name) || sizeOf(name) > 0);
  const indexes = new Map(names.map((name, i) => [name, i + 1])); // index 0 is the null section
  return { names, index: (name) => indexes.get(name) };
}

const IMAGE_SECTION: Readonly<Record<SectionName, ElfSectionName>> = {
  text: '.text', rodata: '.rodata', data: '.data', bss: '.bss',
};

/** Program headers that are not PT_LOAD: PHDR, INTERP, DYNAMIC, GNU_STACK, GNU_RELRO. */
const OTHER_PROGRAM_HEADERS = 5;

/** Which abs64 fields the loader must write, found before anything is laid out. */
interface LoadTimeFixups {
  /** abs64 fields to our own sections in a PIE: R_X86_64_RELATIVE. */
  readonly relativeCount: number;
  /** abs64 fields to imports: R_X86_64_64 against the import's dynamic symbol. */
  readonly symbolicCount: number;
  /** rodata holds such a field, so it goes where the loader may write (the relro part). */
  readonly rodataIsRelro: boolean;
}

function needsLoader(relocation: Relocation, pie: boolean): boolean {
  return relocation.kind === 'abs64' && (pie || isImport(relocation.target));
}

function findLoadTimeFixups(image: ProgramImage, pie: boolean): LoadTimeFixups {
  let relativeCount = 0;
  let symbolicCount = 0;
  let rodataIsRelro = false;
  image.relocations.forEach((relocation, index) => {
    if (!needsLoader(relocation, pie)) return;
    if (relocation.at.section === 'text') {
      throw new Error(
        `ELF writer: ${describeRelocation(relocation, index)}: the loader would have to write into the code ` +
          `(a text relocation); keep pointers in data or rodata${pie ? ', or write an ET_EXEC ({ pie: false })' : ''}`,
      );
    }
    if (relocation.at.section === 'rodata') rodataIsRelro = true;
    if (isImport(relocation.target)) symbolicCount++;
    else relativeCount++;
  });
  return { relativeCount, symbolicCount, rodataIsRelro };
}

/** The sizes of the loader's tables, known before any address is. */
interface TableSizes {
  readonly interp: number;
  readonly hash: number;
  readonly dynsym: number;
  readonly dynstr: number;
  readonly rela: number;
  readonly dynamic: number;
  readonly got: number;
}

/** What goes into the loader's tables, and their sizes: all known before the layout. */
interface LoaderTables {
  readonly fixups: LoadTimeFixups;
  readonly symbols: DynamicSymbols;
  readonly interp: Uint8Array;
  readonly relaCount: number;
  readonly sizes: TableSizes;
}

function prepareLoaderTables(image: ProgramImage, pie: boolean): LoaderTables {
  const fixups = findLoadTimeFixups(image, pie);
  const symbols = buildDynamicSymbols(image.needed, image.imports);
  const interp = cString(GLIBC_LOADER);
  const relaCount = fixups.relativeCount + image.imports.length + fixups.symbolicCount;
  const tables = { fixups, symbols, interp, relaCount };
  // How many .dynamic entries there are does not depend on the addresses they hold.
  const unplaced: Placement = { offset: 0, address: 0, size: 0 };
  const dynamicCount = dynamicEntries(symbols.neededNames, dynamicTableAddresses(tables, () => unplaced, pie)).length;
  const sizes: TableSizes = {
    interp: interp.length,
    hash: symbols.hash.length,
    dynsym: symbols.dynsym.length,
    dynstr: symbols.dynstr.length,
    rela: relaCount * RELA_SIZE,
    dynamic: dynamicCount * DYNAMIC_ENTRY_SIZE,
    got: image.imports.length * GOT_SLOT_SIZE,
  };
  return { ...tables, sizes };
}

function dynamicTableAddresses(
  tables: Pick<LoaderTables, 'fixups' | 'symbols' | 'relaCount'>,
  at: (name: ItemName) => Placement,
  pie: boolean,
): DynamicTableAddresses {
  return {
    hash: at('.hash').address,
    dynstr: at('.dynstr').address,
    dynstrSize: tables.symbols.dynstr.length,
    dynsym: at('.dynsym').address,
    rela: at('.rela.dyn').address,
    relaCount: tables.relaCount,
    relativeCount: tables.fixups.relativeCount,
    pie,
  };
}

function planSegments(
  image: ProgramImage,
  tables: TableSizes,
  rodataIsRelro: boolean,
  programHeaderCount: number,
): SegmentPlan<ItemName>[] {
  const rodata = { name: '.rodata', size: image.rodata.length, align: SECTION_ALIGN } as const;
  return [
    {
      flags: PF_R,
      items: [
        { name: 'elf-header', size: ELF_HEADER_SIZE, align: 8 },
        { name: 'program-headers', size: programHeaderCount * PROGRAM_HEADER_SIZE, align: 8 },
        { name: '.interp', size: tables.interp, align: 1 },
        { name: '.hash', size: tables.hash, align: 8 },
        { name: '.dynsym', size: tables.dynsym, align: 8 },
        { name: '.dynstr', size: tables.dynstr, align: 1 },
        { name: '.rela.dyn', size: tables.rela, align: 8 },
      ],
    },
    { flags: PF_R | PF_X, items: [{ name: '.text', size: image.text.length, align: SECTION_ALIGN }] },
    { flags: PF_R, items: rodataIsRelro ? [] : [rodata] },
    {
      flags: PF_R | PF_W,
      padToPageEnd: true,
      items: [
        ...(rodataIsRelro ? [rodata] : []),
        { name: '.dynamic', size: tables.dynamic, align: 8 },
        { name: '.got', size: tables.got, align: 8 },
      ],
    },
    {
      flags: PF_R | PF_W,
      items: [
        { name: '.data', size: image.data.length, align: SECTION_ALIGN },
        { name: '.bss', size: image.bssSize, align: SECTION_ALIGN, noBits: true },
      ],
    },
  ];
}

/** The index of the relro segment in planSegments' list. */
const RELRO_SEGMENT = 3;

/** Where everything goes, and the tables whose size the layout needed. */
interface ExecutableLayout {
  readonly at: (name: ItemName) => Placement;
  readonly loads: readonly LoadSegment[];
  readonly programHeaderCount: number;
  readonly listed: SectionList;
  readonly symbols: StaticSymbols;
  readonly sectionNames: { readonly offsets: readonly number[]; readonly bytes: Uint8Array };
  readonly fileSize: number;
}

/** The loaded segments first, then the sections that are not loaded, then the section headers. */
function layOutExecutable(image: ProgramImage, tables: LoaderTables, pie: boolean): ExecutableLayout {
  // The program headers are part of the first segment, so their number (one PT_LOAD per
  // segment that holds bytes, plus the others) must be known before the layout.
  const rodataIsRelro = tables.fixups.rodataIsRelro;
  const loadCount = planSegments(image, tables.sizes, rodataIsRelro, 0).filter(holdsBytes).length;
  const programHeaderCount = loadCount + OTHER_PROGRAM_HEADERS;
  const loaded = layOutSegments(planSegments(image, tables.sizes, rodataIsRelro, programHeaderCount), pie ? 0 : EXEC_BASE);
  const placed = (name: ItemName): Placement => loaded.placements.get(name)!;

  const listed = listSections((name) => placed(name).size);
  const symbols = buildSymbolTable(image, placed, listed);
  const names = new StringTable();
  const offsets = listed.names.map((name) => names.add(name));
  const sectionNames = { offsets, bytes: names.finish() };
  const unloaded = layOutFileOnly<ItemName>(
    [
      { name: '.symtab', size: symbols.symtab.length, align: 8 },
      { name: '.strtab', size: symbols.strtab.length, align: 1 },
      { name: '.shstrtab', size: sectionNames.bytes.length, align: 1 },
      { name: 'section-headers', size: (listed.names.length + 1) * SECTION_HEADER_SIZE, align: 8 },
    ],
    loaded.fileEnd,
  );
  return {
    at: (name) => loaded.placements.get(name) ?? unloaded.placements.get(name)!,
    loads: loaded.loads,
    programHeaderCount,
    listed,
    symbols,
    sectionNames,
    fileSize: unloaded.fileEnd,
  };
}

export function writeExecutable(image: ProgramImage, options: ExecutableOptions = {}): Uint8Array {
  const pie = options.pie ?? true;
  const importSlots = checkImage(image);
  const entryOffset = checkEntry(image);
  const tables = prepareLoaderTables(image, pie);
  const layout = layOutExecutable(image, tables, pie);
  const { at, listed } = layout;
  const sections: SectionBases = {
    address: imageSectionRecord((section) => at(IMAGE_SECTION[section]).address),
    fileOffset: imageSectionRecord((section) => at(IMAGE_SECTION[section]).offset),
    got: at('.got').address,
  };
  const relro = layout.loads.find((load) => load.plan === RELRO_SEGMENT)!;
  const sectionHeaders = buildSectionHeaders(at, listed, layout.sectionNames.offsets, layout.symbols.firstGlobal);
  const dynamic = dynamicEntries(tables.symbols.neededNames, dynamicTableAddresses(tables, at, pie));

  const file = assembleFile(layout.fileSize, [
    {
      offset: 0,
      bytes: encodeElfHeader({
        type: pie ? ET_DYN : ET_EXEC,
        entry: sections.address.text + entryOffset,
        programHeadersOffset: at('program-headers').offset,
        programHeaderCount: layout.programHeaderCount,
        sectionHeadersOffset: at('section-headers').offset,
        sectionHeaderCount: sectionHeaders.length,
        sectionNamesIndex: listed.index('.shstrtab')!,
      }),
    },
    { offset: at('program-headers').offset, bytes: encodeProgramHeaders(buildProgramHeaders(at, layout.loads, relro)) },
    { offset: at('.interp').offset, bytes: tables.interp },
    { offset: at('.hash').offset, bytes: tables.symbols.hash },
    { offset: at('.dynsym').offset, bytes: tables.symbols.dynsym },
    { offset: at('.dynstr').offset, bytes: tables.symbols.dynstr },
    { offset: at('.text').offset, bytes: image.text },
    { offset: at('.rodata').offset, bytes: image.rodata },
    { offset: at('.dynamic').offset, bytes: encodeDynamic(dynamic) },
    // .got stays zero in the file: GLOB_DAT relocations fill every slot at load time.
    { offset: at('.data').offset, bytes: image.data },
    { offset: at('.symtab').offset, bytes: layout.symbols.symtab },
    { offset: at('.strtab').offset, bytes: layout.symbols.strtab },
    { offset: at('.shstrtab').offset, bytes: layout.sectionNames.bytes },
    { offset: at('section-headers').offset, bytes: encodeSectionHeaders(sectionHeaders) },
  ]);

  // The image's sections are in the file now: patch their fields in place, and write the
  // relocations left to the loader. RELATIVE first: DT_RELACOUNT says how many lead the table.
  const relative = new RelaTable(tables.fixups.relativeCount);
  const symbolic = new RelaTable(tables.fixups.symbolicCount);
  applyRelocations(new DataView(file.buffer), image, pie, sections, importSlots, relative, symbolic);
  const bindings = new RelaTable(image.imports.length);
  for (let slot = 0; slot < image.imports.length; slot++) {
    bindings.add(sections.got + slot * GOT_SLOT_SIZE, importSymbolIndex(slot), R_X86_64_GLOB_DAT, 0);
  }
  let relaOffset = at('.rela.dyn').offset;
  for (const table of [relative, bindings, symbolic]) {
    const bytes = table.finish();
    file.set(bytes, relaOffset);
    relaOffset += bytes.length;
  }
  return file;
}

/** The address and file offset of each of the image's sections, and the GOT's address. */
interface SectionBases {
  readonly address: Readonly<Record<SectionName, number>>;
  readonly fileOffset: Readonly<Record<SectionName, number>>;
  readonly got: number;
}

function imageSectionRecord(value: (section: SectionName) => number): Record<SectionName, number> {
  return { text: value('text'), rodata: value('rodata'), data: value('data'), bss: value('bss') };
}

const INT32_MIN = -0x8000_0000;
const INT32_MAX = 0x7fff_ffff;

function setInt32Field(view: DataView, offset: number, value: number, relocation: Relocation, index: number): void {
  if (value < INT32_MIN || value > INT32_MAX) {
    throw new Error(
      `ELF writer: ${describeRelocation(relocation, index)}: the value ${value} does not fit in a signed 32-bit field ` +
        '(the target is more than 2 GiB away)',
    );
  }
  view.setInt32(offset, value, true);
}

/**
 * Writes every field the writer can resolve, and adds the dynamic relocations for the rest:
 * R_X86_64_RELATIVE for pointers to our sections in a PIE, R_X86_64_64 for pointers to imports.
 * (checkImage has made sure a pc32 targets our sections and a got-pc32 an import.)
 */
function applyRelocations(
  view: DataView,
  image: ProgramImage,
  pie: boolean,
  sections: SectionBases,
  importSlots: ReadonlyMap<string, number>,
  relative: RelaTable,
  symbolic: RelaTable,
): void {
  const relocations = image.relocations;
  for (let index = 0; index < relocations.length; index++) {
    const relocation = relocations[index]!;
    const { at, target, addend } = relocation;
    const place = sections.address[at.section] + at.offset;
    const field = sections.fileOffset[at.section] + at.offset;
    if (isImport(target)) {
      const slot = importSlots.get(target.import)!;
      if (relocation.kind === 'got-pc32') {
        setInt32Field(view, field, sections.got + slot * GOT_SLOT_SIZE + addend - place, relocation, index);
      } else {
        // abs64: the loader writes S + A; RELA carries A, and the field's bytes are not read.
        setU64(view, field, 0);
        symbolic.add(place, importSymbolIndex(slot), R_X86_64_64, addend);
      }
      continue;
    }
    const value = sections.address[target.section] + target.offset + addend;
    if (relocation.kind === 'pc32') {
      setInt32Field(view, field, value - place, relocation, index);
    } else {
      // abs64: the link-time value, in the file for readers too; in a PIE the loader writes
      // load address + value over it.
      setU64(view, field, value);
      if (pie) relative.add(place, 0, R_X86_64_RELATIVE, value);
    }
  }
}

/** .symtab, its names (.strtab), and the index of its first global symbol (sh_info). */
interface StaticSymbols {
  readonly symtab: Uint8Array;
  readonly strtab: Uint8Array;
  readonly firstGlobal: number;
}

/**
 * .symtab and .strtab from the image's symbols: locals first, as the gABI requires. A symbol
 * can only be in a section left out of the table if it is empty and so is the section; such a
 * symbol marks nothing and is left out too (.symtab is for debuggers and disassemblers only).
 */
function buildSymbolTable(
  image: ProgramImage,
  placed: (name: ItemName) => Placement,
  listed: SectionList,
): StaticSymbols {
  const strings = new StringTable();
  const entries = (global: boolean): SymbolEntry[] => {
    const result: SymbolEntry[] = [];
    for (const symbol of image.symbols) {
      const section = IMAGE_SECTION[symbol.section];
      const sectionIndex = listed.index(section);
      if (symbol.global !== global || sectionIndex === undefined) continue;
      result.push({
        name: strings.add(symbol.name),
        binding: global ? STB_GLOBAL : STB_LOCAL,
        type: imageSymbolType(symbol.kind),
        sectionIndex,
        value: placed(section).address + symbol.offset,
        size: symbol.size,
      });
    }
    return result;
  };
  const locals = entries(false);
  const globals = entries(true);
  return {
    symtab: encodeSymbols([NULL_SYMBOL, ...locals, ...globals]),
    strtab: strings.finish(),
    firstGlobal: 1 + locals.length,
  };
}

function buildProgramHeaders(
  at: (name: ItemName) => Placement,
  loads: readonly LoadSegment[],
  relro: LoadSegment,
): ProgramHeader[] {
  const phdr = at('program-headers');
  const interp = at('.interp');
  const dynamic = at('.dynamic');
  const whole = (type: number, flags: number, placement: Placement, align: number): ProgramHeader => ({
    type, flags, offset: placement.offset, vaddr: placement.address, fileSize: placement.size, memorySize: placement.size, align,
  });
  return [
    whole(PT_PHDR, PF_R, phdr, 8),
    whole(PT_INTERP, PF_R, interp, 1),
    ...loads.map((load) => ({
      type: PT_LOAD,
      flags: load.flags,
      offset: load.offset,
      vaddr: load.address,
      fileSize: load.fileSize,
      memorySize: load.memorySize,
      align: PAGE_SIZE,
    })),
    whole(PT_DYNAMIC, PF_R | PF_W, dynamic, 8),
    { type: PT_GNU_STACK, flags: PF_R | PF_W, offset: 0, vaddr: 0, fileSize: 0, memorySize: 0, align: 16 },
    {
      type: PT_GNU_RELRO,
      flags: PF_R,
      offset: relro.offset,
      vaddr: relro.address,
      fileSize: relro.fileSize,
      memorySize: relro.memorySize, // to a page boundary (padToPageEnd), which glibc needs
      align: 1,
    },
  ];
}

function buildSectionHeaders(
  at: (name: ItemName) => Placement,
  listed: SectionList,
  nameOffsets: readonly number[],
  firstGlobalSymbol: number,
): SectionHeader[] {
  const dynsym = listed.index('.dynsym')!;
  const dynstr = listed.index('.dynstr')!;
  const strtab = listed.index('.strtab')!;
  const shape: Record<ElfSectionName, Omit<SectionHeader, 'name' | 'addr' | 'offset' | 'size'>> = {
    '.interp': { type: SHT_PROGBITS, flags: SHF_ALLOC, link: 0, info: 0, addralign: 1, entsize: 0 },
    '.hash': { type: SHT_HASH, flags: SHF_ALLOC, link: dynsym, info: 0, addralign: 8, entsize: 4 },
    // sh_info of a symbol table: the index of its first global symbol
    '.dynsym': { type: SHT_DYNSYM, flags: SHF_ALLOC, link: dynstr, info: 1, addralign: 8, entsize: SYMBOL_SIZE },
    '.dynstr': { type: SHT_STRTAB, flags: SHF_ALLOC, link: 0, info: 0, addralign: 1, entsize: 0 },
    '.rela.dyn': { type: SHT_RELA, flags: SHF_ALLOC, link: dynsym, info: 0, addralign: 8, entsize: RELA_SIZE },
    '.text': { type: SHT_PROGBITS, flags: SHF_ALLOC | SHF_EXECINSTR, link: 0, info: 0, addralign: SECTION_ALIGN, entsize: 0 },
    '.rodata': { type: SHT_PROGBITS, flags: SHF_ALLOC, link: 0, info: 0, addralign: SECTION_ALIGN, entsize: 0 },
    '.dynamic': {
      type: SHT_DYNAMIC, flags: SHF_ALLOC | SHF_WRITE, link: dynstr, info: 0, addralign: 8, entsize: DYNAMIC_ENTRY_SIZE,
    },
    '.got': { type: SHT_PROGBITS, flags: SHF_ALLOC | SHF_WRITE, link: 0, info: 0, addralign: 8, entsize: GOT_SLOT_SIZE },
    '.data': { type: SHT_PROGBITS, flags: SHF_ALLOC | SHF_WRITE, link: 0, info: 0, addralign: SECTION_ALIGN, entsize: 0 },
    '.bss': { type: SHT_NOBITS, flags: SHF_ALLOC | SHF_WRITE, link: 0, info: 0, addralign: SECTION_ALIGN, entsize: 0 },
    '.symtab': { type: SHT_SYMTAB, flags: 0, link: strtab, info: firstGlobalSymbol, addralign: 8, entsize: SYMBOL_SIZE },
    '.strtab': { type: SHT_STRTAB, flags: 0, link: 0, info: 0, addralign: 1, entsize: 0 },
    '.shstrtab': { type: SHT_STRTAB, flags: 0, link: 0, info: 0, addralign: 1, entsize: 0 },
  };
  return [
    NULL_SECTION,
    ...listed.names.map((name, i) => {
      const placement = at(name);
      return { name: nameOffsets[i]!, ...shape[name], addr: placement.address, offset: placement.offset, size: placement.size };
    }),
  ];
}
