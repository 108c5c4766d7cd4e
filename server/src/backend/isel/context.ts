// What instruction selection needs to know about the program around one function, and the
// constant pool it adds to. The program is one IrProgram (link/merge.ts has already put the
// runtime's functions beside the user's), so names are unique.

import type { ForeignFunction } from '../../ir';
import type { DataRef } from '../mir/mir';

export interface SelectionContext {
  readonly foreign: ReadonlyMap<string, ForeignFunction>;
  /** The function implementing a runtime function (`rt.print_i64` → `rt$rt_print_i64`). */
  runtimeFunction(name: string): string;
  /** The function a failed check or a trap calls (`bounds` → `rt$rt_fail_bounds`). */
  failureFunction(kind: string): string;
  /** The name of a backend intrinsic (a `foreign "zolt"` function), or undefined. */
  intrinsic(fn: ForeignFunction): string | undefined;
  readonly constants: ConstantPool;
}

/** Constants that code loads from memory (floats, sign masks), 16 bytes each, 16-aligned. */
export class ConstantPool {
  readonly entries = new Map<string, Uint8Array>();

  f64(value: number): DataRef {
    const bytes = new Uint8Array(16);
    new DataView(bytes.buffer).setFloat64(0, value, true);
    return this.add(`f64:${hex(bytes)}`, bytes);
  }

  f32(value: number): DataRef {
    const bytes = new Uint8Array(16);
    new DataView(bytes.buffer).setFloat32(0, value, true);
    return this.add(`f32:${hex(bytes)}`, bytes);
  }

  /** A 64-bit pattern in the low lane (masks for fneg and fabs). */
  bits64(value: bigint): DataRef {
    const bytes = new Uint8Array(16);
    new DataView(bytes.buffer).setBigUint64(0, BigInt.asUintN(64, value), true);
    return this.add(`u64:${hex(bytes)}`, bytes);
  }

  private add(key: string, bytes: Uint8Array): DataRef {
    if (!this.entries.has(key)) this.entries.set(key, bytes);
    return { kind: 'const', key };
  }
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.subarray(0, 8)).toString('hex');
}
