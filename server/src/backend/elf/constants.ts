// The numbers of the ELF64 format and the x86-64 psABI that the writers use, named as the
// specifications name them (System V gABI "ELF-64 Object File Format", the x86-64 psABI, and
// glibc's <elf.h> for the GNU extensions). Only what the writers emit is here.

/** Sizes of the fixed-size records (bytes). The loader checks several of them. */
export const ELF_HEADER_SIZE = 64;
export const PROGRAM_HEADER_SIZE = 56;
export const SECTION_HEADER_SIZE = 64;
export const SYMBOL_SIZE = 24;
/** Elf64_Rela. DT_RELAENT must say 24: glibc asserts it. */
export const RELA_SIZE = 24;
export const DYNAMIC_ENTRY_SIZE = 16;
export const GOT_SLOT_SIZE = 8;

/** The page size of x86-64 Linux. Loadable segments are mapped in pages of this size. */
export const PAGE_SIZE = 0x1000;

// e_ident
/** e_ident is 16 bytes: magic, class, data, version, OS ABI, then zero padding. */
export const EI_NIDENT_BYTES = 16;
export const ELFCLASS64 = 2;
export const ELFDATA2LSB = 1;
export const EV_CURRENT = 1;
export const ELFOSABI_SYSV = 0;

// e_type
export const ET_REL = 1;
export const ET_EXEC = 2;
export const ET_DYN = 3;

// e_machine
export const EM_X86_64 = 62;

// p_type
export const PT_LOAD = 1;
export const PT_DYNAMIC = 2;
export const PT_INTERP = 3;
export const PT_PHDR = 6;
export const PT_GNU_STACK = 0x6474e551;
export const PT_GNU_RELRO = 0x6474e552;

// p_flags
export const PF_X = 1;
export const PF_W = 2;
export const PF_R = 4;

// sh_type
export const SHT_PROGBITS = 1;
export const SHT_SYMTAB = 2;
export const SHT_STRTAB = 3;
export const SHT_RELA = 4;
export const SHT_HASH = 5;
export const SHT_DYNAMIC = 6;
export const SHT_NOBITS = 8;
export const SHT_DYNSYM = 11;

// sh_flags
export const SHF_WRITE = 0x1;
export const SHF_ALLOC = 0x2;
export const SHF_EXECINSTR = 0x4;
/** sh_info of a relocation section holds the index of the section it patches. */
export const SHF_INFO_LINK = 0x40;

// Special section indexes
export const SHN_UNDEF = 0;

// Symbol binding (high nibble of st_info) and type (low nibble)
export const STB_LOCAL = 0;
export const STB_GLOBAL = 1;
export const STT_NOTYPE = 0;
export const STT_OBJECT = 1;
export const STT_FUNC = 2;
export const STT_SECTION = 3;

// d_tag
export const DT_NULL = 0;
export const DT_NEEDED = 1;
export const DT_HASH = 4;
export const DT_STRTAB = 5;
export const DT_SYMTAB = 6;
export const DT_RELA = 7;
export const DT_RELASZ = 8;
export const DT_RELAENT = 9;
export const DT_STRSZ = 10;
export const DT_SYMENT = 11;
export const DT_DEBUG = 21;
export const DT_FLAGS = 30;
export const DT_RELACOUNT = 0x6ffffff9;
export const DT_FLAGS_1 = 0x6ffffffb;

// DT_FLAGS / DT_FLAGS_1 bits
export const DF_BIND_NOW = 0x8;
export const DF_1_NOW = 0x1;
export const DF_1_PIE = 0x08000000;

// x86-64 relocation types (psABI table "Relocation Types")
export const R_X86_64_64 = 1;
export const R_X86_64_PC32 = 2;
export const R_X86_64_GLOB_DAT = 6;
export const R_X86_64_RELATIVE = 8;
export const R_X86_64_GOTPCREL = 9;

/** The dynamic loader of glibc on x86-64 Linux, named by PT_INTERP. */
export const GLIBC_LOADER = '/lib64/ld-linux-x86-64.so.2';
