// The calling conventions, as data: where each argument of a call goes and where results come
// back. Two conventions, one shape:
//
// - System V AMD64 (foreign functions, and the backend's own intrinsics): integer and pointer
//   arguments in rdi rsi rdx rcx r8 r9, floats in xmm0-7, the rest on the stack in order, 8
//   bytes each; structs by value classified per eightbyte (INTEGER if any integer field touches
//   it, else SSE), in registers when all their eightbytes fit, otherwise copied to the stack
//   (MEMORY, and every struct over 16 bytes); a struct result of MEMORY class is written where
//   a hidden first argument points, and comes back in rax; variadic calls put the number of
//   vector registers used in al.
// - Zolt: the same registers and stack layout, except that the implicit context is not an
//   argument at all: it lives in r15 (callee-saved, reserved), so a call that keeps the
//   caller's context costs nothing (seed 000: "reserve a register for this").

import type { ForeignValue, IrType, StructLayout } from '../../ir';
import { isFloat } from '../../ir';
import { SYSV_FLOAT_ARGS, SYSV_INT_ARGS, type Gpr, type Xmm } from '../x64';

export type EightbyteClass = 'integer' | 'sse';

/** A struct's SysV class: in registers (one class per eightbyte) or in memory. */
export function classifyStruct(layout: StructLayout): EightbyteClass[] | 'memory' {
  if (layout.size > 16 || layout.size === 0) return 'memory';
  const count = Math.ceil(layout.size / 8);
  const classes: (EightbyteClass | undefined)[] = Array.from({ length: count }, () => undefined);
  for (const field of layout.fields) {
    const size = field.type === 'i8' ? 1 : field.type === 'i16' ? 2 : field.type === 'i32' || field.type === 'f32' ? 4 : 8;
    if (field.offset % size !== 0) return 'memory'; // unaligned fields (none in Zolt's layouts)
    const k = Math.floor(field.offset / 8);
    const cls: EightbyteClass = isFloat(field.type) ? 'sse' : 'integer';
    classes[k] = classes[k] === 'integer' || cls === 'integer' ? 'integer' : 'sse';
  }
  // An eightbyte of padding only (NO_CLASS) is passed as SSE: nothing reads it.
  return classes.map((c) => c ?? 'sse');
}

/** Where one argument goes. */
export type ArgPlace =
  | { readonly kind: 'gpr'; readonly reg: Gpr }
  | { readonly kind: 'xmm'; readonly reg: Xmm }
  /** A struct in registers: one register per eightbyte. */
  | { readonly kind: 'struct-regs'; readonly regs: readonly (Gpr | Xmm)[]; readonly classes: readonly EightbyteClass[]; readonly size: number }
  /** 8 bytes (a scalar) or a struct's bytes (rounded up to 8) at this offset of the stack area. */
  | { readonly kind: 'stack'; readonly offset: number; readonly size: number };

export interface CallPlan {
  readonly args: readonly ArgPlace[];
  /** Bytes of stack arguments (a multiple of 16, so the stack stays aligned). */
  readonly stackBytes: number;
  /** Vector registers used (al, for a variadic call). */
  readonly sseCount: number;
  /** A MEMORY-class struct result: its address goes in rdi, ahead of the arguments. */
  readonly hiddenResult: boolean;
}

/** The arguments of a call, as the callee expects them. `hiddenResult` takes rdi first. */
export function planCall(args: readonly ForeignValue[], hiddenResult: boolean): CallPlan {
  let ints = hiddenResult ? 1 : 0;
  let floats = 0;
  let stack = 0;
  const places: ArgPlace[] = [];
  for (const arg of args) {
    if (arg.kind === 'scalar') {
      if (isFloat(arg.type) && floats < SYSV_FLOAT_ARGS.length) places.push({ kind: 'xmm', reg: SYSV_FLOAT_ARGS[floats++]! });
      else if (!isFloat(arg.type) && ints < SYSV_INT_ARGS.length) places.push({ kind: 'gpr', reg: SYSV_INT_ARGS[ints++]! });
      else {
        places.push({ kind: 'stack', offset: stack, size: 8 });
        stack += 8;
      }
      continue;
    }
    const classes = classifyStruct(arg.layout);
    if (classes !== 'memory') {
      const needInts = classes.filter((c) => c === 'integer').length;
      const needFloats = classes.length - needInts;
      if (ints + needInts <= SYSV_INT_ARGS.length && floats + needFloats <= SYSV_FLOAT_ARGS.length) {
        const regs = classes.map((c) => (c === 'integer' ? SYSV_INT_ARGS[ints++]! : SYSV_FLOAT_ARGS[floats++]!));
        places.push({ kind: 'struct-regs', regs, classes, size: arg.layout.size });
        continue;
      }
    }
    const align = Math.max(8, arg.layout.align);
    stack = Math.ceil(stack / align) * align;
    const size = Math.ceil(arg.layout.size / 8) * 8;
    places.push({ kind: 'stack', offset: stack, size });
    stack += size;
  }
  return { args: places, stackBytes: Math.ceil(stack / 16) * 16, sseCount: floats, hiddenResult };
}

/** The arguments of a Zolt call (after the context, which is in r15): scalars only. */
export function planZoltCall(types: readonly IrType[]): CallPlan {
  return planCall(types.map((type) => ({ kind: 'scalar', type })), false);
}
