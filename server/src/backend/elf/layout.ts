// File offsets and load addresses for an executable's sections, grouped into loadable segments.
//
// The rules this follows:
// - The kernel (and ld.so, when it maps a program itself) maps a PT_LOAD segment with mmap, in
//   whole pages: the page holding p_offset is mapped at the page holding p_vaddr. So p_offset
//   and p_vaddr must be congruent modulo the page size (p_align), or every byte lands at the
//   wrong address. glibc refuses a segment that breaks this ("ELF load command
//   address/offset not properly aligned").
// - Segments with different permissions must not share a page in memory (mprotect works on
//   pages). Each segment therefore starts in a fresh page of the address space, but not of the
//   file: its address is the next page boundary plus (file offset mod page size). The file stays
//   packed; the bytes around a segment's ends are mapped twice, once in each neighbour's pages,
//   with each neighbour's permissions. That is what GNU ld does with -z noseparate-code: a small
//   program stays a few kilobytes instead of five pages or more, and the price is that the
//   bytes sharing the code's first and last file pages (the end of .rela.dyn, the start of
//   .rodata: tables, no secrets) are mapped executable too.
// - PT_LOAD entries are sorted by address, and addresses do not overlap.
// - A NOBITS section (bss) takes memory but no file bytes: it must be the last thing in its
//   segment, where p_memsz > p_filesz makes the kernel map zeroed memory.
// Sections that are not loaded (.symtab, .strtab, .shstrtab) follow, with file offsets only.
//
// The layout is linear in the number of sections; it never looks at their bytes.

import { alignUp } from './bytes';
import { PAGE_SIZE } from './constants';

export interface LayoutItem<Name extends string> {
  readonly name: Name;
  /** Bytes in memory (for a NOBITS item) or in both the file and memory. */
  readonly size: number;
  /** Alignment of both the address and the file offset (a power of two, at most a page). */
  readonly align: number;
  /** Takes memory but no file bytes (bss). Only the last item of a segment may be. */
  readonly noBits?: boolean;
}

export interface SegmentPlan<Name extends string> {
  /** PF_R / PF_W / PF_X of the PT_LOAD. */
  readonly flags: number;
  readonly items: readonly LayoutItem<Name>[];
  /**
   * The segment's memory reaches the end of its last page (zero-filled past its bytes): the
   * RELRO segment, so that PT_GNU_RELRO can cover whole pages and still lie within it.
   */
  readonly padToPageEnd?: boolean;
}

export interface Placement {
  readonly offset: number;
  readonly address: number;
  readonly size: number;
}

export interface LoadSegment {
  /** The index of the segment's plan in the list given to layOutSegments. */
  readonly plan: number;
  readonly flags: number;
  readonly offset: number;
  readonly address: number;
  readonly fileSize: number;
  readonly memorySize: number;
}

export interface SegmentLayout<Name extends string> {
  readonly placements: ReadonlyMap<Name, Placement>;
  /** The segments that hold at least one byte (holdsBytes), in address order: one PT_LOAD each. */
  readonly loads: readonly LoadSegment[];
  /** The file offset after the last file byte of the last segment. */
  readonly fileEnd: number;
}

/** Whether a segment gets a PT_LOAD: a segment of empty sections gets none. */
export function holdsBytes<Name extends string>(segment: SegmentPlan<Name>): boolean {
  return segment.items.some((item) => item.size > 0);
}

/**
 * Places each segment's items one after another, each segment on a fresh page of the address
 * space (see the rules above); `base` is the address of file offset 0.
 */
export function layOutSegments<Name extends string>(
  segments: readonly SegmentPlan<Name>[],
  base: number,
): SegmentLayout<Name> {
  const placements = new Map<Name, Placement>();
  const loads: LoadSegment[] = [];
  let offset = 0;
  let address = base;
  segments.forEach((segment, plan) => {
    const first = segment.items[0];
    if (first === undefined) return;
    offset = alignUp(offset, first.align);
    // The next page boundary, plus the offset's place in its page: address ≡ offset (mod page).
    address = alignUp(address, PAGE_SIZE) + (offset % PAGE_SIZE);
    const start = { offset, address };
    let fileEnd = offset;
    segment.items.forEach((item, index) => {
      if (item.noBits && index !== segment.items.length - 1) {
        throw new Error(`ELF writer: internal error: NOBITS ${item.name} is not last in its segment`);
      }
      // Both advance by the same padding, so the congruence holds for every item. An empty item
      // takes no room, not even its padding (an empty .bss must not lengthen the segment).
      const padding = item.size === 0 ? 0 : alignUp(offset, item.align) - offset;
      offset += padding;
      address += padding;
      placements.set(item.name, { offset, address, size: item.size });
      address += item.size;
      if (!item.noBits) {
        offset += item.size;
        fileEnd = offset;
      }
    });
    if (segment.padToPageEnd) address = alignUp(address, PAGE_SIZE);
    if (holdsBytes(segment)) {
      const memorySize = address - start.address;
      const fileSize = fileEnd - start.offset;
      loads.push({ plan, flags: segment.flags, offset: start.offset, address: start.address, fileSize, memorySize });
    }
    offset = fileEnd;
  });
  return { placements, loads, fileEnd: offset };
}

/** File offsets for items that are not loaded, from `start` on. Their address is 0. */
export function layOutFileOnly<Name extends string>(
  items: readonly LayoutItem<Name>[],
  start: number,
): { readonly placements: ReadonlyMap<Name, Placement>; readonly fileEnd: number } {
  const placements = new Map<Name, Placement>();
  let offset = start;
  for (const item of items) {
    offset = alignUp(offset, item.align);
    placements.set(item.name, { offset, address: 0, size: item.size });
    offset += item.size;
  }
  return { placements, fileEnd: offset };
}
