// The tables an executable gives glibc's dynamic loader: the dynamic symbols (.dynsym) and
// their names (.dynstr), a SysV hash table over them (.hash), the load-time relocations
// (.rela.dyn) and the .dynamic section that points at all of them.
//
// The rules that bite:
// - Every import is an undefined STB_GLOBAL symbol. Its type is STT_NOTYPE: the image does not
//   say whether an import is a function or an object (`stdout`), and the loader does not need
//   to know for GLOB_DAT or R_X86_64_64.
// - There are no version requirements (DT_VERNEED, .gnu.version_r). glibc binds an
//   unversioned reference the way it binds one from a binary older than symbol versioning: to
//   the oldest version. For the few symbols glibc has versioned more than once on x86-64
//   (memcpy@GLIBC_2.2.5 and memcpy@@GLIBC_2.14, realpath, ...) a program gets the old one, not
//   the one `gcc` would link (for memcpy: a different implementation, checked with printf %p).
// - DT_HASH, the SysV hash table: glibc searches every object's symbols, the executable's
//   first, through DT_GNU_HASH or else DT_HASH, and older versions read DT_HASH without checking
//   that it is there. Its nchain must equal the number of symbols in .dynsym: readers (readelf,
//   debuggers) take the symbol count from it. DT_GNU_HASH is not emitted: it speeds up finding
//   the symbols an object defines, and an executable of ours defines none (its bloom filter, a
//   power-of-two number of words with a shift sized to the symbol count, would filter nothing).
// - DT_RELAENT must be 24, the size of Elf64_Rela (glibc asserts it), and DT_SYMENT 24, the
//   size of Elf64_Sym.
// - No PLT and no lazy binding: every GOT slot has an R_X86_64_GLOB_DAT relocation, and
//   DT_FLAGS = DF_BIND_NOW, DT_FLAGS_1 = DF_1_NOW make the loader bind all before the program
//   runs, so the GOT can be made read-only afterwards (PT_GNU_RELRO).
// - R_X86_64_RELATIVE relocations come first, and DT_RELACOUNT counts them: glibc applies that
//   many without a symbol lookup.
// - DT_DEBUG is a word the loader fills with its r_debug; debuggers find the loaded libraries
//   through it.

import { ByteWriter, StringTable } from './bytes';
import {
  DF_1_NOW, DF_1_PIE, DF_BIND_NOW, DT_DEBUG, DT_FLAGS, DT_FLAGS_1, DT_HASH, DT_NEEDED, DT_NULL,
  DT_RELA, DT_RELACOUNT, DT_RELAENT, DT_RELASZ, DT_STRSZ, DT_STRTAB, DT_SYMENT, DT_SYMTAB,
  DYNAMIC_ENTRY_SIZE, RELA_SIZE, SHN_UNDEF, STB_GLOBAL, STT_NOTYPE, SYMBOL_SIZE,
} from './constants';
import { encodeSymbols, NULL_SYMBOL, type SymbolEntry } from './records';

/** The tables whose bytes do not depend on where anything is loaded. */
export interface DynamicSymbols {
  readonly dynsym: Uint8Array;
  readonly dynstr: Uint8Array;
  readonly hash: Uint8Array;
  /** The .dynstr offset of each `needed` soname, in order. */
  readonly neededNames: readonly number[];
}

/** The dynamic symbol index of import number `slot` (index 0 is the null symbol). */
export function importSymbolIndex(slot: number): number {
  return slot + 1;
}

/** The SysV ELF hash of a name's bytes (gABI "Hash Table"; glibc's _dl_elf_hash). */
export function sysvHash(name: Uint8Array): number {
  let hash = 0;
  for (const byte of name) {
    hash = ((hash << 4) + byte) >>> 0;
    const high = hash & 0xf0000000;
    if (high !== 0) hash ^= high >>> 24;
    hash = (hash & ~high) >>> 0;
  }
  return hash;
}

// Bucket counts GNU ld chooses from: primes near powers of two. The table uses the largest one
// not above the number of symbols, so chains stay short without an oversized table.
const BUCKET_COUNTS = [1, 3, 17, 37, 67, 97, 131, 197, 263, 521, 1031, 2053, 4099, 8209, 16411, 32771, 65537, 131101];

function bucketCount(symbolCount: number): number {
  let chosen = 1;
  for (const count of BUCKET_COUNTS) if (count <= symbolCount) chosen = count;
  return chosen;
}

const utf8 = new TextEncoder();

/**
 * The .hash section for `names`, the names of dynamic symbols 1..n (symbol 0, the null symbol,
 * is in no chain). Layout: nbucket, nchain, bucket[nbucket], chain[nchain]; bucket[h % nbucket]
 * is the first symbol of a chain, chain[i] the symbol after i, 0 ends a chain.
 */
export function encodeSysvHash(names: readonly string[]): Uint8Array {
  const symbolCount = names.length + 1;
  const buckets = new Uint32Array(bucketCount(symbolCount));
  const chains = new Uint32Array(symbolCount);
  names.forEach((name, i) => {
    const symbol = i + 1;
    const bucket = sysvHash(utf8.encode(name)) % buckets.length;
    chains[symbol] = buckets[bucket]!;
    buckets[bucket] = symbol;
  });
  const writer = new ByteWriter((2 + buckets.length + chains.length) * 4);
  writer.u32(buckets.length).u32(chains.length);
  for (const head of buckets) writer.u32(head);
  for (const next of chains) writer.u32(next);
  return writer.finish();
}

export function buildDynamicSymbols(needed: readonly string[], imports: readonly string[]): DynamicSymbols {
  const strings = new StringTable();
  const neededNames = needed.map((soname) => strings.add(soname));
  const symbols: SymbolEntry[] = [NULL_SYMBOL];
  for (const name of imports) {
    symbols.push({ name: strings.add(name), binding: STB_GLOBAL, type: STT_NOTYPE, sectionIndex: SHN_UNDEF, value: 0, size: 0 });
  }
  return { dynsym: encodeSymbols(symbols), dynstr: strings.finish(), hash: encodeSysvHash(imports), neededNames };
}

/** Where the loader finds each table, and what kind of executable this is. */
export interface DynamicTableAddresses {
  readonly hash: number;
  readonly dynstr: number;
  readonly dynstrSize: number;
  readonly dynsym: number;
  readonly rela: number;
  readonly relaCount: number;
  readonly relativeCount: number;
  readonly pie: boolean;
}

/**
 * The entries of .dynamic, as (tag, value) pairs. How many there are does not depend on the
 * addresses, so the layout can size the section by calling this with placeholder addresses.
 */
export function dynamicEntries(neededNames: readonly number[], tables: DynamicTableAddresses): [number, number][] {
  const entries: [number, number][] = neededNames.map((name) => [DT_NEEDED, name]);
  entries.push(
    [DT_HASH, tables.hash],
    [DT_STRTAB, tables.dynstr],
    [DT_SYMTAB, tables.dynsym],
    [DT_STRSZ, tables.dynstrSize],
    [DT_SYMENT, SYMBOL_SIZE],
  );
  if (tables.relaCount > 0) {
    entries.push([DT_RELA, tables.rela], [DT_RELASZ, tables.relaCount * RELA_SIZE], [DT_RELAENT, RELA_SIZE]);
    if (tables.relativeCount > 0) entries.push([DT_RELACOUNT, tables.relativeCount]);
  }
  entries.push(
    [DT_FLAGS, DF_BIND_NOW],
    [DT_FLAGS_1, tables.pie ? DF_1_NOW | DF_1_PIE : DF_1_NOW],
    [DT_DEBUG, 0],
    [DT_NULL, 0],
  );
  return entries;
}

export function encodeDynamic(entries: readonly (readonly [number, number])[]): Uint8Array {
  const writer = new ByteWriter(entries.length * DYNAMIC_ENTRY_SIZE);
  for (const [tag, value] of entries) writer.u64(tag).u64(value);
  return writer.finish();
}
