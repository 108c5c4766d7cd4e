// Foreign calls from the interpreter, through koffi (an FFI library for Node that ships its
// binaries in its npm package). A `foreign "lib"` block's library is found as the dynamic
// loader would (libraries.ts); each foreign function gets a koffi prototype from its C
// signature. Pointers cross as integer addresses (`uintptr_t`): the interpreter's memory is
// native memory, so they mean the same on both sides. Structs cross by value as koffi structs
// built from their C declaration.

import type { CType, ForeignFunction, ForeignValue, IrType } from '../ir';
import { librarySoname } from '../ir/libraries';

/** The koffi module (its own types are loose; these are the parts used). */
export interface KoffiModule {
  load(path: string): { func(name: string, result: unknown, params: unknown[]): KoffiFunction; func(signature: string): KoffiFunction };
  struct(members: Record<string, unknown>): unknown;
  array(type: unknown, length: number): unknown;
  address(value: unknown): bigint;
  view(value: unknown, length: number): ArrayBuffer;
  decode(value: unknown, offset: number, type: string | unknown): unknown;
  encode(value: unknown, offset: number, type: string | unknown, data: unknown): void;
  sizeof(type: unknown): number;
}

export type KoffiFunction = (...args: unknown[]) => unknown;

export interface Koffi {
  readonly lib: KoffiModule;
  readonly calloc: (count: number, size: number) => unknown;
  /** libc's `free`, for what `calloc` gave. */
  readonly free: (region: unknown) => void;
  /** `fflush(NULL)`: C's buffered output, written (so that it and the program's output keep their order). */
  readonly flush: () => void;
  /**
   * Readies stdout and stderr for C: C's stdout unbuffered, so that what C prints is written
   * when it prints it, and file descriptors 1 and 2 blocking. Node.js makes a pipe there
   * non-blocking, and C's stdio drops what a write to a full pipe cannot take (EAGAIN), so a
   * program that printf'd faster than its reader read would lose most of its output.
   */
  readonly prepareStdio: () => void;
}

let loaded: Koffi | undefined | null = null;

const F_GETFL = 3;
const F_SETFL = 4;
const O_NONBLOCK = 0o4000;

/** The FFI library, or undefined when it cannot be loaded here (then foreign calls are errors). */
export function loadKoffi(): Koffi | undefined {
  if (loaded !== null) return loaded;
  try {
    const lib = require('koffi') as KoffiModule;
    const libc = lib.load(librarySoname('c'));
    const calloc = libc.func('void *calloc(size_t n, size_t size)');
    const free = libc.func('void free(void *region)');
    const fflush = libc.func('int fflush(void *stream)');
    const setvbuf = libc.func('int setvbuf(uintptr_t stream, uintptr_t buffer, int mode, size_t size)');
    const fcntl = libc.func('int fcntl(int fd, int cmd, ...)');
    const prepareStdio = () => {
      const stdout = lib.decode((libc as unknown as { symbol(name: string): unknown }).symbol('stdout'), 0, 'uintptr_t');
      setvbuf(stdout, 0, 2 /* _IONBF */, 0);
      for (const fd of [1, 2]) {
        const flags = fcntl(fd, F_GETFL) as number;
        if (flags >= 0 && (flags & O_NONBLOCK) !== 0) fcntl(fd, F_SETFL, 'int', flags & ~O_NONBLOCK);
      }
    };
    loaded = { lib, calloc: (n, size) => calloc(n, size), free: (region) => void free(region), flush: () => void fflush(null), prepareStdio };
  } catch {
    loaded = undefined;
  }
  return loaded;
}

/** A foreign function that cannot be called, and why (reported when the program starts). */
export class ForeignError extends Error {}

/** What the generated code calls for a foreign function: its arguments as IR values. */
export type ForeignCall = (args: readonly unknown[], variadic: readonly ForeignValue[]) => unknown;

export class ForeignFunctions {
  private readonly libraries = new Map<string, ReturnType<KoffiModule['load']>>();

  constructor(
    private readonly koffi: Koffi | undefined,
    private readonly readStruct: (address: number, layout: import('../ir').StructLayout) => Record<string, unknown>,
    private readonly writeStruct: (address: number, layout: import('../ir').StructLayout, value: Record<string, unknown>) => void,
  ) {}

  private library(name: string): ReturnType<KoffiModule['load']> {
    let library = this.libraries.get(name);
    if (!library) {
      if (!this.koffi) throw new ForeignError(`cannot call functions of library '${name}': the FFI library (koffi) is not available here`);
      const soname = librarySoname(name);
      try {
        library = this.koffi.lib.load(soname);
      } catch (error) {
        // koffi says "Failed to load shared library: " before the loader's reason.
        const reason = (error as Error).message.replace(/^Failed to load shared library: /, '');
        throw new ForeignError(`cannot load library '${name}' (${soname}): ${reason}`);
      }
      this.libraries.set(name, library);
    }
    return library;
  }

  /** The caller of one foreign function, bound once. */
  bind(fn: ForeignFunction): ForeignCall {
    const koffi = this.koffi;
    const library = this.library(fn.library);
    if (!koffi) throw new ForeignError('no FFI');
    const sig = fn.signature;
    const params = sig.params.map((p) => this.typeOf(p, true));
    const ret = sig.ret ? this.typeOf(sig.ret) : 'void';
    let call: KoffiFunction;
    try {
      call = library.func(fn.name, ret, sig.variadic ? [...params, '...'] : params);
    } catch (error) {
      const where = `library '${fn.library}' (${librarySoname(fn.library)})`;
      const message = (error as Error).message;
      if (/^Cannot find function/.test(message)) throw new ForeignError(`${where} has no function '${fn.name}'`);
      throw new ForeignError(`cannot call the function '${fn.name}' of ${where}: ${message}`);
    }
    this.functions.set(fn.name, call);
    const structResult = sig.ret?.kind === 'struct' ? sig.ret.layout : undefined;
    return (args, variadic) => {
      let i = 0;
      const out: unknown[] = [];
      const destination = structResult ? Number(args[i++]) : 0;
      for (const p of sig.params) out.push(this.toC(p, args[i++]));
      for (const v of variadic) out.push(this.typeOf(v, true), this.toC(v, args[i++]));
      const result = call(...out);
      if (structResult) {
        this.writeStruct(destination, structResult, result as Record<string, unknown>);
        return undefined;
      }
      return sig.ret?.kind === 'scalar' ? fromC(sig.ret.type, result) : undefined;
    };
  }

  /**
   * The koffi function itself, for a call the generated code can make directly (scalar
   * parameters and result, not variadic), or undefined.
   */
  direct(fn: ForeignFunction): KoffiFunction | undefined {
    const sig = fn.signature;
    if (sig.variadic || sig.params.some((p) => p.kind !== 'scalar') || sig.ret?.kind === 'struct') return undefined;
    return this.functions.get(fn.name);
  }

  private readonly functions = new Map<string, KoffiFunction>();

  private toC(value: ForeignValue, arg: unknown): unknown {
    if (value.kind === 'struct') return this.readStruct(Number(arg), value.layout);
    return arg;
  }

  private readonly structTypes = new Map<string, unknown>();

  /**
   * An argument takes its own signedness, so that koffi extends an unsigned one with zeros as
   * C callers do (a u8 of 200 arrives as 200 in all of edi); a result is read as signed, the
   * interpreter's form of i8, i16 and i32.
   */
  private typeOf(value: ForeignValue, argument = false): unknown {
    if (value.kind === 'scalar') return scalarType(value.type, !argument || value.signed !== false);
    const key = JSON.stringify(value.layout.c);
    let type = this.structTypes.get(key);
    if (!type) this.structTypes.set(key, (type = this.cType(value.layout.c)));
    return type;
  }

  private cType(c: CType): unknown {
    switch (c.kind) {
      case 'scalar':
        return scalarType(c.type, c.signed);
      case 'array':
        return this.koffi!.lib.array(this.cType(c.element), c.length);
      case 'struct':
        return this.koffi!.lib.struct(Object.fromEntries(c.members.map((m, i) => [`f${i}`, this.cType(m)])));
    }
  }
}

function scalarType(type: IrType, signed: boolean): string {
  switch (type) {
    case 'i8':
      return signed ? 'int8_t' : 'uint8_t';
    case 'i16':
      return signed ? 'int16_t' : 'uint16_t';
    case 'i32':
      return signed ? 'int32_t' : 'uint32_t';
    case 'i64':
      return 'int64_t';
    case 'f32':
      return 'float';
    case 'f64':
      return 'double';
    case 'ptr':
      return 'uintptr_t';
  }
}

/** A value C returned, in the interpreter's representation of its IR type. */
function fromC(type: IrType, value: unknown): unknown {
  switch (type) {
    case 'ptr':
      return Number(value);
    case 'i64': {
      const v = typeof value === 'bigint' ? value : BigInt(Math.trunc(Number(value)));
      return v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v;
    }
    default:
      return value;
  }
}
