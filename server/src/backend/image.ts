// What code generation hands to the ELF writers: the bytes of each section, the places in them
// that refer to other places (relocations), the symbols imported from shared libraries and the
// program's own symbols. It is the one contract between the x86-64 encoder (x64/) and the ELF
// writers (elf/): the encoder produces relocations against sections and imports, the writers
// lay the sections out and either resolve them (an executable) or translate them into ELF
// relocations (a relocatable object that a system linker can take).

/** The sections of a program image. `bss` has a size but no bytes. */
export type SectionName = 'text' | 'rodata' | 'data' | 'bss';

/** A place in one of the image's own sections. */
export interface SectionOffset {
  readonly section: SectionName;
  readonly offset: number;
}

/** A function or object that the dynamic loader binds (from libc, libm or a `foreign "lib"`). */
export interface ImportTarget {
  readonly import: string;
}

/**
 * How the bytes at a relocation's place are patched. P is the address of the place, S the
 * address of the target, G the address of the target's GOT slot, A the addend.
 *
 * - `pc32`: a 32-bit signed field holding S + A - P (rip-relative data, calls and jumps to our
 *   own code). For a field at the end of an instruction A is -4.
 * - `got-pc32`: a 32-bit signed field holding G + A - P: `call [rip + slot]`,
 *   `mov reg, [rip + slot]` for an imported symbol.
 * - `abs64`: a 64-bit field holding S + A (a pointer stored in data: a string literal's
 *   address, a function pointer in a table).
 */
export type RelocationKind = 'pc32' | 'got-pc32' | 'abs64';

export interface Relocation {
  /** Where the patched field is. */
  readonly at: SectionOffset;
  readonly kind: RelocationKind;
  readonly target: SectionOffset | ImportTarget;
  readonly addend: number;
}

export interface ImageSymbol {
  readonly name: string;
  readonly section: SectionName;
  readonly offset: number;
  readonly size: number;
  readonly kind: 'function' | 'object';
  /** Visible to a linker (an object's `main`); local symbols are for disassemblers and debuggers. */
  readonly global: boolean;
}

export interface ProgramImage {
  readonly text: Uint8Array;
  readonly rodata: Uint8Array;
  readonly data: Uint8Array;
  readonly bssSize: number;
  readonly relocations: readonly Relocation[];
  /** Symbols the dynamic loader resolves; each gets one GOT slot, in this order. */
  readonly imports: readonly string[];
  /** The shared libraries to load (DT_NEEDED), by soname: `libc.so.6`, `libm.so.6`, `liblz4.so.1`. */
  readonly needed: readonly string[];
  readonly symbols: readonly ImageSymbol[];
  /** The entry point of an executable (`_start`); an object has none. */
  readonly entry: SectionOffset | undefined;
}

export function isImport(target: SectionOffset | ImportTarget): target is ImportTarget {
  return 'import' in target;
}
