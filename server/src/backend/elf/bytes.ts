// Little-endian byte building for the ELF writers: a growable writer for the tables (symbols,
// relocations, the dynamic section), the patching of a field inside bytes already laid out, and
// the string tables (.strtab, .dynstr, .shstrtab) that names are offsets into.
//
// 64-bit fields take a JavaScript number. Every value the writers store (addresses, offsets,
// sizes, addends) is a safe integer, and `>>> 0` reduces a safe integer modulo 2^32 exactly, so
// the two halves of a 64-bit field are computed without BigInt (negative addends included: they
// come out in two's complement).

/** `value` rounded up to a multiple of `alignment` (a power of two, or 1). */
export function alignUp(value: number, alignment: number): number {
  const rest = value % alignment;
  return rest === 0 ? value : value + alignment - rest;
}

/** Stores `value` (a safe integer, possibly negative) as a little-endian 64-bit field. */
export function setU64(view: DataView, offset: number, value: number): void {
  if (!Number.isSafeInteger(value)) throw new Error(`ELF writer: 64-bit value ${value} is not a safe integer`);
  view.setUint32(offset, value >>> 0, true);
  view.setUint32(offset + 4, Math.floor(value / 0x1_0000_0000) >>> 0, true);
}

/** A little-endian writer that grows as it is written to. */
export class ByteWriter {
  private buffer: Uint8Array;
  private view: DataView;
  private position = 0;
  private finished = false;

  constructor(capacity = 256) {
    this.buffer = new Uint8Array(Math.max(capacity, 16));
    this.view = new DataView(this.buffer.buffer);
  }

  get length(): number {
    return this.position;
  }

  u8(value: number): this {
    this.reserve(1);
    this.buffer[this.position++] = value;
    return this;
  }

  u16(value: number): this {
    this.reserve(2);
    this.view.setUint16(this.position, value, true);
    this.position += 2;
    return this;
  }

  u32(value: number): this {
    this.reserve(4);
    this.view.setUint32(this.position, value >>> 0, true);
    this.position += 4;
    return this;
  }

  u64(value: number): this {
    this.reserve(8);
    setU64(this.view, this.position, value);
    this.position += 8;
    return this;
  }

  bytes(data: Uint8Array): this {
    this.reserve(data.length);
    this.buffer.set(data, this.position);
    this.position += data.length;
    return this;
  }

  /** Zero bytes up to the next multiple of `alignment`. */
  align(alignment: number): this {
    const padding = alignUp(this.position, alignment) - this.position;
    this.reserve(padding);
    this.position += padding; // the buffer is zero-filled and never written past `position`
    return this;
  }

  /** The bytes written (a view of the writer's buffer, not a copy: the writer is done). */
  finish(): Uint8Array {
    this.finished = true;
    return this.buffer.subarray(0, this.position);
  }

  private reserve(count: number): void {
    if (this.finished) throw new Error('ELF writer: internal error: a ByteWriter was written to after finish()');
    const needed = this.position + count;
    if (needed <= this.buffer.length) return;
    let capacity = this.buffer.length * 2;
    while (capacity < needed) capacity *= 2;
    const grown = new Uint8Array(capacity);
    grown.set(this.buffer.subarray(0, this.position));
    this.buffer = grown;
    this.view = new DataView(grown.buffer);
  }
}

const utf8 = new TextEncoder();

/**
 * An ELF string table: NUL-terminated names, referred to by their byte offset. Offset 0 is the
 * empty name (the table starts with a NUL). The same name added twice is stored once.
 */
export class StringTable {
  private readonly offsets = new Map<string, number>();
  private readonly writer = new ByteWriter();

  constructor() {
    this.writer.u8(0);
    this.offsets.set('', 0);
  }

  /** The offset of `name`, adding it if it is new. */
  add(name: string): number {
    const known = this.offsets.get(name);
    if (known !== undefined) return known;
    if (name.includes('\0')) throw new Error(`ELF writer: the name ${JSON.stringify(name)} contains a NUL character`);
    const offset = this.writer.length;
    this.writer.bytes(utf8.encode(name)).u8(0);
    this.offsets.set(name, offset);
    return offset;
  }

  get size(): number {
    return this.writer.length;
  }

  finish(): Uint8Array {
    return this.writer.finish();
  }
}

/** The bytes of `text`, NUL-terminated (the contents of .interp). */
export function cString(text: string): Uint8Array {
  const encoded = utf8.encode(text);
  const bytes = new Uint8Array(encoded.length + 1);
  bytes.set(encoded);
  return bytes;
}

/** Bytes to be placed at a file offset. */
export interface FilePiece {
  readonly offset: number;
  readonly bytes: Uint8Array;
}

/** A zero-filled file of `size` bytes with each piece copied to its offset. */
export function assembleFile(size: number, pieces: readonly FilePiece[]): Uint8Array {
  const file = new Uint8Array(size);
  for (const piece of pieces) {
    if (piece.offset + piece.bytes.length > size) {
      throw new Error(
        `ELF writer: internal error: a piece at ${piece.offset} (${piece.bytes.length} bytes) ends past the file (${size} bytes)`,
      );
    }
    file.set(piece.bytes, piece.offset);
  }
  return file;
}
