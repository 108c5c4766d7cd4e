// The interpreter's memory: one large region of real native memory (from the C library, so a
// pointer handed to C points where C can read and write, and a pointer C hands back can be
// read here), viewed through typed arrays. Addresses are real addresses (JS numbers: user-space
// addresses are below 2^47). Accesses inside the region go through the typed arrays; accesses
// outside it (memory C allocated, a string from getenv) take a slow path through the FFI
// library. Without the FFI library the region is an ordinary ArrayBuffer at a made-up address,
// and foreign calls are unavailable.
//
// The region holds, in order: the stack (frames of stack slots), the globals, the string
// literals, and the heap that the default allocator (`heap_alloc`) serves.
//
// i64 values are JS numbers while they are exact (|v| < 2^53) and BigInts otherwise (the
// interpreter's canonical form: a value that fits a number is always a number, so `===` is
// value equality). They are stored as two's complement 64-bit words.

import type { Koffi } from './ffi';

export const MAX_SAFE = 9007199254740991;
const TWO_32 = 4294967296;

export interface MemoryOptions {
  /** Bytes of memory for the program (stack, globals, heap). */
  readonly size: number;
  readonly stackSize: number;
  readonly koffi: Koffi | undefined;
}

export class Memory {
  readonly base: number;
  readonly size: number;
  readonly u8: Uint8Array;
  readonly i8: Int8Array;
  readonly u16: Uint16Array;
  readonly i16: Int16Array;
  readonly u32: Uint32Array;
  readonly i32: Int32Array;
  readonly f32: Float32Array;
  readonly f64: Float64Array;
  readonly view: DataView;
  readonly stackStart: number;
  readonly stackEnd: number;
  /** The native pointer object of the region (decode/encode outside it go relative to it). */
  private readonly regionPointer: unknown;
  private readonly koffi: Koffi | undefined;
  private heapTop: number;
  /** Free heap blocks by size (16-byte granules), reused first. */
  private readonly freeBlocks = new Map<number, number[]>();

  constructor(options: MemoryOptions) {
    this.koffi = options.koffi;
    let buffer: ArrayBuffer;
    if (options.koffi) {
      const region = options.koffi.calloc(options.size, 1);
      if (region === null) throw new Error(`cannot allocate ${options.size} bytes of memory for the program`);
      this.regionPointer = region;
      this.base = Number(options.koffi.lib.address(region));
      buffer = options.koffi.lib.view(region, options.size);
    } else {
      this.regionPointer = undefined;
      this.base = 0x10000000;
      buffer = new ArrayBuffer(options.size);
    }
    this.size = options.size;
    this.u8 = new Uint8Array(buffer);
    this.i8 = new Int8Array(buffer);
    this.u16 = new Uint16Array(buffer);
    this.i16 = new Int16Array(buffer);
    this.u32 = new Uint32Array(buffer);
    this.i32 = new Int32Array(buffer);
    this.f32 = new Float32Array(buffer);
    this.f64 = new Float64Array(buffer);
    this.view = new DataView(buffer);
    this.stackStart = this.base + 4096; // the first page stays unused: small addresses are never valid
    this.stackEnd = this.stackStart + options.stackSize;
    this.heapTop = this.stackEnd;
  }
  /**
   * Gives the region back to C's allocator. The memory must not be used after: `run` calls this
   * when the program has ended (a process that runs many programs, as the test suites do, would
   * otherwise keep every program's region, and with it the address space a fork needs).
   */
  release(): void {
    if (this.koffi && this.regionPointer !== undefined && !this.released) {
      this.released = true;
      this.koffi.free(this.regionPointer);
    }
  }

  private released = false;


  /** Reserves `size` bytes for the program's static data (globals, strings), before any heap use. */
  reserve(size: number, align: number): number {
    this.heapTop = Math.ceil(this.heapTop / align) * align;
    const address = this.heapTop;
    this.heapTop += size;
    if (this.heapTop > this.base + this.size) throw new Error('the program does not fit in the interpreter\'s memory');
    return address;
  }

  inRegion(address: number, size: number): boolean {
    const offset = address - this.base;
    return offset >= 0 && offset + size <= this.size;
  }

  // ------------------------------------------------------------------ the heap

  /** Zeroed memory of `size` bytes aligned to 16, or 0 when there is none. */
  heapAlloc(size: number): number {
    if (size <= 0) size = 1;
    const granules = Math.ceil(size / 16);
    const free = this.freeBlocks.get(granules);
    if (free && free.length > 0) {
      const address = free.pop()!;
      this.u8.fill(0, address - this.base, address - this.base + granules * 16);
      return address;
    }
    // A header of 16 bytes before each block holds its size in granules.
    const header = Math.ceil(this.heapTop / 16) * 16;
    const address = header + 16;
    if (address + granules * 16 > this.base + this.size) return 0;
    this.heapTop = address + granules * 16;
    this.u32[(header - this.base) >> 2] = granules;
    return address;
  }

  heapFree(address: number): void {
    if (address === 0 || !this.inRegion(address - 16, 16)) return;
    const granules = this.u32[(address - 16 - this.base) >> 2]!;
    let list = this.freeBlocks.get(granules);
    if (!list) this.freeBlocks.set(granules, (list = []));
    list.push(address);
  }

  heapResize(address: number, oldSize: number, size: number): number {
    const moved = this.heapAlloc(size);
    if (moved === 0) return 0;
    if (address !== 0) {
      this.copy(moved, address, Math.min(oldSize, size));
      this.heapFree(address);
    }
    return moved;
  }

  // ------------------------------------------------------------------ bytes

  copy(to: number, from: number, size: number): void {
    if (size <= 0 || to === from) return;
    if (this.inRegion(to, size) && this.inRegion(from, size)) {
      this.u8.copyWithin(to - this.base, from - this.base, from - this.base + size);
      return;
    }
    for (let i = 0; i < size; i++) this.store8(to + i, this.load8u(from + i));
  }

  fill(to: number, value: number, size: number): void {
    if (size <= 0) return;
    if (this.inRegion(to, size)) this.u8.fill(value, to - this.base, to - this.base + size);
    else for (let i = 0; i < size; i++) this.store8(to + i, value);
  }

  /** `size` bytes at an address, copied. */
  bytes(address: number, size: number): Uint8Array {
    if (this.inRegion(address, size)) return this.u8.slice(address - this.base, address - this.base + size);
    const out = new Uint8Array(size);
    for (let i = 0; i < size; i++) out[i] = this.load8u(address + i);
    return out;
  }

  /** The length of a NUL-terminated string. */
  strlen(address: number): number {
    let n = 0;
    if (this.inRegion(address, 1)) {
      const start = address - this.base;
      const end = this.u8.indexOf(0, start);
      if (end >= 0) return end - start;
    }
    while (this.load8u(address + n) !== 0) n++;
    return n;
  }

  // ------------------------------------------------------------------ the slow path
  // Addresses outside the region, or not aligned for the typed arrays.

  private outside(address: number): void {
    if (address < 4096) throw new NullAccess(address);
    if (!this.koffi) throw new NullAccess(address);
  }

  private decode(address: number, type: string): number | bigint {
    this.outside(address);
    return this.koffi!.lib.decode(this.regionPointer, address - this.base, type) as number | bigint;
  }

  private encode(address: number, type: string, value: number | bigint): void {
    this.outside(address);
    this.koffi!.lib.encode(this.regionPointer, address - this.base, type, value);
  }

  load8u(address: number): number {
    const o = address - this.base;
    return o >= 0 && o < this.size ? this.u8[o]! : Number(this.decode(address, 'uint8_t'));
  }

  store8(address: number, value: number): void {
    const o = address - this.base;
    if (o >= 0 && o < this.size) this.u8[o] = value;
    else this.encode(address, 'uint8_t', value & 0xff);
  }

  slowLoad(type: string, address: number): number | bigint {
    const o = address - this.base;
    if (o >= 0 && o + widthOf(type) <= this.size) {
      switch (type) {
        case 'i8':
          return this.view.getInt8(o);
        case 'i16':
          return this.view.getInt16(o, true);
        case 'i32':
          return this.view.getInt32(o, true);
        case 'f32':
          return this.view.getFloat32(o, true);
        case 'f64':
          return this.view.getFloat64(o, true);
        default:
          return canonical(this.view.getBigInt64(o, true));
      }
    }
    switch (type) {
      case 'i8':
        return Number(this.decode(address, 'int8_t'));
      case 'i16':
        return Number(this.decode(address, 'int16_t'));
      case 'i32':
        return Number(this.decode(address, 'int32_t'));
      case 'f32':
        return Number(this.decode(address, 'float'));
      case 'f64':
        return Number(this.decode(address, 'double'));
      case 'ptr':
        return Number(this.decode(address, 'uint64_t'));
      default:
        return canonical(BigInt(this.decode(address, 'int64_t')));
    }
  }

  slowStore(type: string, address: number, value: number | bigint): void {
    const o = address - this.base;
    if (o >= 0 && o + widthOf(type) <= this.size) {
      switch (type) {
        case 'i8':
          return this.view.setInt8(o, Number(value));
        case 'i16':
          return this.view.setInt16(o, Number(value), true);
        case 'i32':
          return this.view.setInt32(o, Number(value), true);
        case 'f32':
          return this.view.setFloat32(o, Number(value), true);
        case 'f64':
          return this.view.setFloat64(o, Number(value), true);
        default:
          return this.view.setBigInt64(o, BigInt.asIntN(64, BigInt(value)), true);
      }
    }
    switch (type) {
      case 'i8':
        return this.encode(address, 'int8_t', Number(value));
      case 'i16':
        return this.encode(address, 'int16_t', Number(value));
      case 'i32':
        return this.encode(address, 'int32_t', Number(value));
      case 'f32':
        return this.encode(address, 'float', Number(value));
      case 'f64':
        return this.encode(address, 'double', Number(value));
      default:
        return this.encode(address, 'int64_t', BigInt.asIntN(64, BigInt(value)));
    }
  }

  /** An i64 from its two 32-bit halves (aligned, in the region), in canonical form. */
  static join(lo: number, hi: number): number | bigint {
    if (hi >= -2097152 && hi < 2097152) return hi * TWO_32 + lo;
    return canonical((BigInt(hi) << 32n) | BigInt(lo));
  }
}

function widthOf(type: string): number {
  return type === 'i8' ? 1 : type === 'i16' ? 2 : type === 'i32' || type === 'f32' ? 4 : 8;
}

/** A 64-bit value in the interpreter's canonical form: a number when exact, else a BigInt. */
export function canonical(v: bigint): number | bigint {
  return v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v;
}

/** An access through a null (or otherwise invalid) pointer. */
export class NullAccess extends Error {
  constructor(readonly address: number) {
    super(`access to address 0x${address.toString(16)}`);
  }
}
