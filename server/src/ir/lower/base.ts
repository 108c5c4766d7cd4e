// What every part of a function's lowering shares: the program being lowered, the builder,
// where each local lives, the context in effect, and the memory helpers (addresses, loads,
// stores, copies). The lowering of one function is a chain of classes, one concern per file:
//
//   base -> expressions -> builtins (print, alloc, ...) -> statements (function.ts)
//
// A layer calls later layers only through the abstract methods declared at the end.

import type { ElabExpr, ElabFunction, ElabLocal, ElabProgram, ElabStmt, Span } from '../../semantics/elaborate';
import { typeToString, type Type } from '../../semantics/types';
import { FunctionBuilder } from '../builder';
import type { IrType, Operand, Slot, Var } from '../ir';

/** What a value of a Zolt type is in the IR: a scalar, or an aggregate in memory. */
export type Repr =
  | { readonly kind: 'scalar'; readonly type: IrType; readonly signed: boolean }
  | { readonly kind: 'aggregate'; readonly size: number; readonly align: number }
  | { readonly kind: 'void' };

/** An address: a pointer operand and a constant offset from it. */
export interface Addr {
  readonly base: Operand;
  readonly offset: number;
}

/** What the lowering of one function needs from the program being lowered. */
export interface ProgramLowering {
  readonly elab: ElabProgram;
  /** The location index of a source offset in a file. */
  location(file: string, offset: number): number;
  /** The index of a string literal (its UTF-8 bytes, NUL added by the loader). */
  string(value: string): number;
  /** The IR name of a Zolt function, of a global, of the wrapper that makes a foreign function a value. */
  functionName(key: string): string;
  globalName(key: string): string;
  foreignValueName(key: string): string;
  /** The IR name of a foreign function (its C symbol), declared on first use. */
  foreignName(key: string): string;
}

/**
 * Where a local lives: in a variable (a scalar whose address is never taken), in a slot, or,
 * for an aggregate parameter, behind the pointer the caller passed.
 */
export type LocalHome =
  | { readonly kind: 'var'; readonly var: Var }
  | { readonly kind: 'slot'; readonly slot: Slot }
  | { readonly kind: 'ref'; readonly pointer: Var };

export const STREAM_OUT = 1;
export const STREAM_ERR = 2;

export abstract class LoweringBase {
  readonly b = new FunctionBuilder();
  protected readonly homes = new Map<ElabLocal, LocalHome>();
  /** The context in effect: the function's parameter, or a `push_context` block's slot. */
  protected context: Operand = { kind: 'int', type: 'ptr', value: 0n };
  /** Where an aggregate result goes (the hidden second parameter). */
  protected sret: Operand | undefined;

  constructor(
    readonly program: ProgramLowering,
    /** The function lowered (a global's initialiser names its file here). */
    public fn: ElabFunction | { readonly file: string; readonly key: string },
  ) {}

  /** Sets the context in effect (a function's parameter). */
  setContext(context: Operand): void {
    this.context = context;
  }

  // ------------------------------------------------------------------ types

  repr(type: Type): Repr {
    switch (type.kind) {
      case 'int':
        return { kind: 'scalar', type: intType(type.bits), signed: type.signed };
      case 'bool':
        return { kind: 'scalar', type: 'i8', signed: false };
      case 'float':
        return { kind: 'scalar', type: type.bits === 32 ? 'f32' : 'f64', signed: true };
      case 'pointer':
      case 'function':
      case 'null':
        return { kind: 'scalar', type: 'ptr', signed: false };
      case 'enum': {
        const backing = this.program.elab.enums.get(type.symbol)?.backing;
        return backing ? this.repr(backing) : { kind: 'scalar', type: 'i64', signed: true };
      }
      case 'void':
        return { kind: 'void' };
      case 'string':
      case 'slice':
      case 'array':
      case 'struct': {
        const layout = this.program.elab.layouts.layout(type);
        return { kind: 'aggregate', size: layout.size, align: layout.align };
      }
      default:
        throw new Error(`no IR representation for ${typeToString(type)}`);
    }
  }

  scalarType(type: Type): IrType {
    const r = this.repr(type);
    if (r.kind !== 'scalar') throw new Error(`${typeToString(type)} is not a scalar`);
    return r.type;
  }

  isAggregate(type: Type): boolean {
    return this.repr(type).kind === 'aggregate';
  }

  sizeOf(type: Type): number {
    return this.program.elab.layouts.size(type);
  }

  // ------------------------------------------------------------------ operands

  int(value: number | bigint, type: IrType = 'i64'): Operand {
    return { kind: 'int', type, value: BigInt(value) };
  }

  v(variable: Var): Operand {
    return { kind: 'var', var: variable };
  }

  loc(span: Span): number {
    return this.program.location(this.fn.file, span.start);
  }

  /** A fresh stack slot for a temporary aggregate. */
  tempSlot(type: Type, name: string): Addr {
    const layout = this.program.elab.layouts.layout(type);
    return { base: { kind: 'slot', slot: this.b.slot(layout.size, layout.align, name) }, offset: 0 };
  }

  /** An address as a single pointer operand. */
  pointer(addr: Addr): Operand {
    if (addr.offset === 0) return addr.base;
    const dst = this.b.temp('ptr');
    this.b.emit({ op: 'ptradd', dst, base: addr.base, offset: this.int(addr.offset) });
    return this.v(dst);
  }

  at(addr: Addr, offset: number): Addr {
    return { base: addr.base, offset: addr.offset + offset };
  }

  load(type: IrType, addr: Addr): Operand {
    const dst = this.b.temp(type);
    this.b.emit({ op: 'load', type, dst, addr: addr.base, offset: addr.offset });
    return this.v(dst);
  }

  store(type: IrType, addr: Addr, value: Operand): void {
    this.b.emit({ op: 'store', type, addr: addr.base, offset: addr.offset, value });
  }

  copy(dst: Addr, src: Addr, size: number): void {
    if (size === 0) return;
    if (dst.base === src.base && dst.offset === src.offset) return;
    this.b.emit({ op: 'memcpy', dst: this.pointer(dst), src: this.pointer(src), size });
  }

  zero(dst: Addr, size: number): void {
    if (size > 0) this.b.emit({ op: 'memzero', dst: this.pointer(dst), size: this.int(size) });
  }

  /** `base + index * scale` (index an i64). */
  indexAddress(base: Operand, index: Operand, scale: number): Operand {
    let offset = index;
    if (scale !== 1) {
      const scaled = this.b.temp('i64');
      this.b.emit({ op: 'binary', kind: 'mul', type: 'i64', dst: scaled, a: index, b: this.int(scale) });
      offset = this.v(scaled);
    }
    const dst = this.b.temp('ptr');
    this.b.emit({ op: 'ptradd', dst, base, offset });
    return this.v(dst);
  }

  binary(kind: import('../ir').BinaryOp, type: IrType, a: Operand, b: Operand): Operand {
    const dst = this.b.temp(type);
    this.b.emit({ op: 'binary', kind, type, dst, a, b });
    return this.v(dst);
  }

  rt(fn: string, args: readonly Operand[], span: Span, ret?: IrType): Operand | undefined {
    const dst = ret ? this.b.temp(ret) : undefined;
    this.b.emit({ op: 'rt', dst, fn, args, loc: this.loc(span) });
    return dst ? this.v(dst) : undefined;
  }

  // ------------------------------------------------------------------ defined by later layers

  abstract scalar(e: ElabExpr): Operand;
  abstract aggregate(e: ElabExpr): Addr;
  abstract place(e: ElabExpr): Addr;
  abstract statement(s: ElabStmt): void;
}

export function intType(bits: number): IrType {
  return bits === 8 ? 'i8' : bits === 16 ? 'i16' : bits === 32 ? 'i32' : 'i64';
}
