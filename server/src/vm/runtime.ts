// The interpreter's runtime functions (ir/runtime.ts lists them) and its output. Output is
// buffered and written in order: before a foreign call (C may print too), before anything on
// stderr, when the buffer fills, at the end of a line when stdout is a terminal, and when the
// program ends. Run-time errors are thrown as
// `ZoltError`s, which the runner turns into the message, the stack trace and exit status 101.

import * as fs from 'node:fs';
import type { Location } from '../ir';
import { canonical, MAX_SAFE, type Memory } from './memory';

/** A run-time error of the program (not of the interpreter). */
export class ZoltError extends Error {
  constructor(
    message: string,
    /** Where it happened (a location index), when the instruction that failed knows. */
    readonly loc: number | undefined,
  ) {
    super(message);
  }
}

/** The end of the program: `main` returned, with the exit status. */
export class ProgramExit extends Error {
  constructor(readonly status: number) {
    super(`exit ${status}`);
  }
}

export interface Output {
  write(stream: 1 | 2, bytes: Uint8Array): void;
  flush(): void;
  /** Whether what the program wrote last, on either stream, did not end a line. */
  midLine?: boolean;
}

const BUFFER_SIZE = 1 << 16;
const NEWLINE_BYTE = 10;
/** A shared output buffer's counters (Int32 indices) and where its bytes start. */
const USED = 0;
const WRITTEN = 1;
const LOCK = 2;
const HEADER = 16;

/**
 * Memory for a BufferedOutput's stdout buffer that another thread can read: `zolt sim`'s main
 * thread writes out what is left in it when the program is interrupted while its own thread
 * runs (worker.ts). Three counters, then the bytes: how many bytes are buffered, how many of
 * them are written, and a lock that the writing thread holds while it writes.
 */
export function sharedOutputMemory(): SharedArrayBuffer {
  return new SharedArrayBuffer(HEADER + BUFFER_SIZE);
}

/**
 * Takes a shared output buffer from the thread that writes it, for good: waits (at most `ms`)
 * for a write under way to end; the writer stops at its next one. Then nothing written is
 * counted as unwritten, and the writer can be stopped (worker.terminate) and pendingOutput read.
 */
export function seizeOutput(memory: SharedArrayBuffer, ms: number): void {
  const state = new Int32Array(memory, 0, 3);
  const until = Date.now() + ms;
  while (Atomics.compareExchange(state, LOCK, 0, 1) !== 0) {
    const left = until - Date.now();
    if (left <= 0) return; // a write that does not end (a full pipe nobody reads): go on
    Atomics.wait(state, LOCK, 1, left);
  }
}

/** The bytes of a shared output buffer not yet written (seizeOutput first). */
export function pendingOutput(memory: SharedArrayBuffer): Uint8Array {
  const [used = 0, written = 0] = new Int32Array(memory, 0, 2);
  return new Uint8Array(memory, HEADER + written, Math.max(used - written, 0));
}

export interface BufferedOutputOptions {
  /** Where the bytes go; file descriptors 1 and 2 by default (functions: tests, the REPL). */
  readonly sink?: (stream: 1 | 2, bytes: Uint8Array) => void;
  /** Keeps stdout's buffer in this memory (sharedOutputMemory) and writes it to fd 1. */
  readonly shared?: SharedArrayBuffer;
  /** Writes stdout out at the end of every line, as C does when stdout is a terminal. */
  readonly lineBuffered?: boolean;
}

/** Output to file descriptors 1 and 2, stdout buffered. */
export class BufferedOutput implements Output {
  private readonly buffer: Uint8Array;
  /** With a shared buffer: [bytes buffered, bytes of them written, the lock]. */
  private readonly state: Int32Array | undefined;
  private used = 0;
  private readonly sink: (stream: 1 | 2, bytes: Uint8Array) => void;
  private readonly lineBuffered: boolean;
  midLine = false;

  constructor(options: BufferedOutputOptions = {}) {
    this.sink = options.sink ?? writeFd;
    this.lineBuffered = options.lineBuffered === true;
    if (options.shared) {
      this.state = new Int32Array(options.shared, 0, 3);
      this.buffer = new Uint8Array(options.shared, HEADER);
    } else {
      this.state = undefined;
      this.buffer = Buffer.alloc(BUFFER_SIZE);
    }
  }

  write(stream: 1 | 2, bytes: Uint8Array): void {
    if (bytes.length > 0) this.midLine = bytes[bytes.length - 1] !== NEWLINE_BYTE;
    if (stream === 2) {
      this.flush();
      this.sink(2, bytes);
      return;
    }
    if (this.used + bytes.length > this.buffer.length) {
      this.flush();
      if (bytes.length > this.buffer.length) {
        this.sink(1, bytes);
        return;
      }
    }
    this.buffer.set(bytes, this.used);
    this.used += bytes.length;
    if (this.state) this.state[USED] = this.used;
    if (this.lineBuffered && bytes.includes(NEWLINE_BYTE)) this.flush();
  }

  flush(): void {
    if (this.used === 0) return;
    const state = this.state;
    if (state) {
      // Under the lock, so that the thread that writes out what is left once this one stopped
      // (seizeOutput, pendingOutput) repeats nothing and leaves nothing out.
      while (Atomics.compareExchange(state, LOCK, 0, 1) !== 0) Atomics.wait(state, LOCK, 1);
      while (state[WRITTEN]! < this.used) {
        const n = writeSome(1, this.buffer, state[WRITTEN]!, this.used - state[WRITTEN]!);
        if (n < 0) break;
        state[WRITTEN] = state[WRITTEN]! + n;
      }
      state[USED] = 0;
      state[WRITTEN] = 0;
      Atomics.store(state, LOCK, 0);
      Atomics.notify(state, LOCK);
    } else {
      this.sink(1, this.buffer.subarray(0, this.used));
    }
    this.used = 0;
  }
}

/** Writes all of `bytes` to a file descriptor (nothing when the reader went away). */
export function writeFd(stream: 1 | 2, bytes: Uint8Array): void {
  let written = 0;
  while (written < bytes.length) {
    const n = writeSome(stream, bytes, written, bytes.length - written);
    if (n < 0) return;
    written += n;
  }
}

/** One write of up to `length` bytes: how many were written, or -1 when the reader went away. */
function writeSome(fd: number, bytes: Uint8Array, offset: number, length: number): number {
  try {
    return fs.writeSync(fd, bytes, offset, length);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EAGAIN') return 0; // a non-blocking pipe that is full
    if ((error as NodeJS.ErrnoException).code === 'EPIPE') return -1; // the reader went away
    throw error;
  }
}

const encoder = new TextEncoder();

/** The shortest decimal that reads back to `x`, as JavaScript writes it (docs/language.md). */
export function formatF64(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  return String(x);
}

/** The shortest decimal that reads back to the same f32, in the same notation. */
export function formatF32(x: number): string {
  if (!Number.isFinite(x) || x === 0) return formatF64(x);
  for (let digits = 1; digits <= 9; digits++) {
    const text = x.toPrecision(digits);
    const value = Number(text);
    if (Math.fround(value) === x) return String(value);
  }
  return String(x);
}

const TWO_64 = 18446744073709551616n;

/** The unsigned value of an i64 in canonical form. */
export function unsigned64(v: number | bigint): bigint | number {
  if (typeof v === 'number') return v >= 0 ? v : BigInt(v) + TWO_64;
  return v >= 0n ? v : v + TWO_64;
}

/** The runtime functions, by name, closed over the program's memory and output. */
export function runtimeFunctions(memory: Memory, output: Output, programArgs: readonly string[], locations: readonly Location[]) {
  void locations;
  const text = (stream: number, s: string) => output.write(stream === 2 ? 2 : 1, encoder.encode(s));
  const bytes = (stream: number, address: number, length: number) => {
    if (length < 0) throw new ZoltError(`a string of negative length (${length})`, undefined);
    output.write(stream === 2 ? 2 : 1, memory.bytes(address, length));
  };
  let argsSlice: { data: number; length: number } | undefined;
  const quote = (byte: number): string => {
    switch (byte) {
      case 0x22:
        return '\\"';
      case 0x5c:
        return '\\\\';
      case 0x0a:
        return '\\n';
      case 0x0d:
        return '\\r';
      case 0x09:
        return '\\t';
      case 0x00:
        return '\\0';
      default:
        return byte < 0x20 || byte === 0x7f ? `\\x${byte.toString(16).padStart(2, '0')}` : String.fromCharCode(byte);
    }
  };
  const start = performance.now();
  return {
    print_i64: (s: number, v: number | bigint) => text(s, String(v)),
    print_u64: (s: number, v: number | bigint) => text(s, String(unsigned64(v))),
    print_f64: (s: number, v: number) => text(s, formatF64(v)),
    print_f32: (s: number, v: number) => text(s, formatF32(v)),
    print_bool: (s: number, v: number) => text(s, v !== 0 ? 'true' : 'false'),
    print_char: (s: number, v: number) => output.write(s === 2 ? 2 : 1, Uint8Array.of(v & 0xff)),
    print_rune: (s: number, v: number) => text(s, String.fromCodePoint(v >>> 0 <= 0x10ffff && !(v >= 0xd800 && v <= 0xdfff) ? v >>> 0 : 0xfffd)),
    print_str: (s: number, p: number, n: number) => bytes(s, p, n),
    print_quoted: (s: number, p: number, n: number) => {
      const raw = memory.bytes(p, n);
      // Escapes only ASCII specials; other bytes (UTF-8 text) pass through as they are.
      const parts: Uint8Array[] = [encoder.encode('"')];
      let from = 0;
      for (let i = 0; i < raw.length; i++) {
        const b = raw[i]!;
        if (b === 0x22 || b === 0x5c || b < 0x20 || b === 0x7f) {
          parts.push(raw.subarray(from, i), encoder.encode(quote(b)));
          from = i + 1;
        }
      }
      parts.push(raw.subarray(from), encoder.encode('"'));
      for (const part of parts) output.write(s === 2 ? 2 : 1, part);
    },
    print_quoted_char: (s: number, v: number) => text(s, `'${quote(v & 0xff)}'`),
    print_ptr: (s: number, p: number) => text(s, p === 0 ? 'null' : `0x${p.toString(16)}`),
    print_newline: (s: number) => output.write(s === 2 ? 2 : 1, NEWLINE),
    str_eq: (a: number, an: number, b: number, bn: number) => {
      if (an !== bn) return 0;
      if (a === b) return 1;
      for (let i = 0; i < an; i++) if (memory.load8u(a + i) !== memory.load8u(b + i)) return 0;
      return 1;
    },
    str_cmp: (a: number, an: number, b: number, bn: number) => {
      const n = Math.min(an, bn);
      for (let i = 0; i < n; i++) {
        const x = memory.load8u(a + i);
        const y = memory.load8u(b + i);
        if (x !== y) return x < y ? -1 : 1;
      }
      return an === bn ? 0 : an < bn ? -1 : 1;
    },
    alloc_size: (count: number | bigint, size: number) => {
      if (count < 0) throw new ZoltError(`cannot allocate a negative number of elements (${count})`, undefined);
      const bytesWanted = Number(count) * size;
      if (typeof count !== 'number' || bytesWanted > MAX_SAFE) throw new ZoltError(`cannot allocate ${count} elements of ${size} bytes: too large`, undefined);
      return bytesWanted;
    },
    heap_alloc: (size: number | bigint) => (Number(size) > memory.size ? 0 : memory.heapAlloc(Number(size))),
    heap_free: (p: number) => memory.heapFree(p),
    heap_resize: (p: number, old: number | bigint, size: number | bigint) => (Number(size) > memory.size ? 0 : memory.heapResize(p, Number(old), Number(size))),
    copy: (dst: number, dlen: number, dstride: number, src: number, slen: number, sstride: number, size: number) => {
      const n = Math.min(Number(dlen), Number(slen));
      if (n <= 0) return 0;
      if (dstride === 1 && sstride === 1) {
        memory.copy(dst, src, n * size);
        return n;
      }
      const staged = Array.from({ length: n }, (_, i) => memory.bytes(src + i * sstride * size, size));
      staged.forEach((element, i) => {
        for (let k = 0; k < size; k++) memory.store8(dst + i * dstride * size + k, element[k]!);
      });
      return n;
    },
    clock: () => (performance.now() - start) / 1000,
    args: (dst: number) => {
      if (!argsSlice) {
        const strings = programArgs.map((a) => encoder.encode(a));
        const data = memory.heapAlloc(Math.max(16, strings.length * 16));
        strings.forEach((s, i) => {
          const p = memory.heapAlloc(s.length + 1);
          memory.u8.set(s, p - memory.base);
          memory.slowStore('ptr', data + i * 16, p);
          memory.slowStore('i64', data + i * 16 + 8, s.length);
        });
        argsSlice = { data, length: strings.length };
      }
      memory.slowStore('ptr', dst, argsSlice.data);
      memory.slowStore('i64', dst + 8, argsSlice.length);
      memory.slowStore('i64', dst + 16, 1);
    },
    strlen: (p: number) => memory.strlen(p),
  };
}

const NEWLINE = Uint8Array.of(0x0a);

export type Runtime = ReturnType<typeof runtimeFunctions>;

export { canonical };
