// The runtime functions that lowered code calls (`rt` instructions): output, string
// comparison, allocation, copying, the clock, the program's arguments. The interpreter
// implements them in JavaScript (vm/runtime.ts); the native backend in its runtime. Both must
// behave exactly alike: docs/language.md, "Execution", is the specification.
//
// `stream` is 1 for stdout and 2 for stderr. Strings are passed as (pointer, length).

import type { IrType } from './ir';

export interface RuntimeFunction {
  readonly params: readonly IrType[];
  readonly ret: IrType | undefined;
}

export const RUNTIME: Readonly<Record<string, RuntimeFunction>> = {
  /** A signed integer (any width, sign-extended to i64), in decimal. */
  print_i64: { params: ['i32', 'i64'], ret: undefined },
  /** An unsigned integer (zero-extended to 64 bits), in decimal. */
  print_u64: { params: ['i32', 'i64'], ret: undefined },
  /** The shortest decimal that reads back to the same f64 (the rule in docs/language.md). */
  print_f64: { params: ['i32', 'f64'], ret: undefined },
  /** The shortest decimal that reads back to the same f32. */
  print_f32: { params: ['i32', 'f32'], ret: undefined },
  /** `true` or `false`. */
  print_bool: { params: ['i32', 'i8'], ret: undefined },
  /** One byte, as it is (a `char`). */
  print_char: { params: ['i32', 'i32'], ret: undefined },
  /** A Unicode scalar value, encoded as UTF-8 (a `rune`). */
  print_rune: { params: ['i32', 'i32'], ret: undefined },
  /** A string's bytes, as they are. */
  print_str: { params: ['i32', 'ptr', 'i64'], ret: undefined },
  /** A string inside an aggregate: in double quotes, with `"`, `\\` and control characters escaped. */
  print_quoted: { params: ['i32', 'ptr', 'i64'], ret: undefined },
  /** A `char` inside an aggregate: in single quotes, escaped likewise. */
  print_quoted_char: { params: ['i32', 'i32'], ret: undefined },
  /** A pointer: `0x` and lowercase hex digits, or `null`. */
  print_ptr: { params: ['i32', 'ptr'], ret: undefined },
  print_newline: { params: ['i32'], ret: undefined },
  /** Whether two strings have the same bytes: 1 or 0. */
  str_eq: { params: ['ptr', 'i64', 'ptr', 'i64'], ret: 'i8' },
  /** -1, 0 or 1: bytewise (unsigned) comparison, a prefix first. */
  str_cmp: { params: ['ptr', 'i64', 'ptr', 'i64'], ret: 'i32' },
  /** `count * size` in bytes; a run-time error if count is negative or the product overflows. */
  alloc_size: { params: ['i64', 'i64'], ret: 'i64' },
  /** The default allocator's memory: zeroed, aligned to 16, or null when there is none. */
  heap_alloc: { params: ['i64'], ret: 'ptr' },
  heap_free: { params: ['ptr', 'i64'], ret: undefined },
  /** New memory of `size` bytes holding the old one's first bytes (the rest zero), the old freed. */
  heap_resize: { params: ['ptr', 'i64', 'i64'], ret: 'ptr' },
  /**
   * Copies min(dst.len, src.len) elements between two slices given as (data, len, stride),
   * element size last; overlapping ones as if through a temporary. Returns the count.
   */
  copy: { params: ['ptr', 'i64', 'i64', 'ptr', 'i64', 'i64', 'i64'], ret: 'i64' },
  /** Seconds since an arbitrary moment (monotonic). */
  clock: { params: [], ret: 'f64' },
  /** Writes the program's arguments, as a []string, to the given address (24 bytes). */
  args: { params: ['ptr'], ret: undefined },
  /** The length of a NUL-terminated string. */
  strlen: { params: ['ptr'], ret: 'i64' },
};
