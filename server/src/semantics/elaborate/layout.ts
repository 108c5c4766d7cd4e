// Memory layouts, by the C rules (System V x86-64), so that `size_of`, structs passed to C and
// memory shared with C agree everywhere:
//
//   bool i8 u8 char       1 byte,  aligned to 1
//   i16 u16               2,       2
//   i32 u32 rune f32      4,       4
//   i64 u64 f64           8,       8
//   *T, fn(...)           8,       8
//   string                16, 8:  { data: *u8 @0, len: i64 @8 }
//   []T                   24, 8:  { data: *T @0, len: i64 @8, stride: i64 @16 } (stride in elements)
//   [N]T                  N * size(T), aligned as T
//   enum                  as its backing integer type
//   struct                fields in order, each at the next offset aligned for it; the
//                         struct is aligned as its most aligned field and its size is rounded
//                         up to that (an empty struct: size 0, align 1)
//   void                  0, 1

import type { EnumSymbol, StructSymbol } from '../symbols';
import { T, typeToString, type Type } from '../types';
import type { FieldInfo, StructInfo } from './program';

export interface Layout {
  readonly size: number;
  readonly align: number;
}

export const STRING_LAYOUT = { size: 16, align: 8, data: 0, len: 8 } as const;
export const SLICE_LAYOUT = { size: 24, align: 8, data: 0, len: 8, stride: 16 } as const;

/** What layouts need to know of the program's declarations. */
export interface LayoutSource {
  fieldTypes(symbol: StructSymbol): readonly { readonly name: string; readonly type: Type }[];
  enumBacking(symbol: EnumSymbol): Type;
}

export class Layouts {
  private readonly structs = new Map<StructSymbol, StructInfo>();
  private readonly inProgress = new Set<StructSymbol>();

  constructor(private readonly source: LayoutSource) {}

  layout(type: Type): Layout {
    switch (type.kind) {
      case 'bool':
        return { size: 1, align: 1 };
      case 'int':
        return { size: type.bits / 8, align: type.bits / 8 };
      case 'float':
        return { size: type.bits / 8, align: type.bits / 8 };
      case 'pointer':
      case 'function':
      case 'null':
        return { size: 8, align: 8 };
      case 'string':
        return STRING_LAYOUT;
      case 'slice':
        return SLICE_LAYOUT;
      case 'array': {
        const element = this.layout(type.element);
        return { size: element.size * type.length, align: element.align };
      }
      case 'enum':
        return this.layout(this.source.enumBacking(type.symbol));
      case 'struct':
        return this.struct(type.symbol);
      case 'void':
        return { size: 0, align: 1 };
      default:
        throw new Error(`no layout for a value of type ${typeToString(type)}`);
    }
  }

  size(type: Type): number {
    return this.layout(type).size;
  }

  /** A struct's fields with their offsets, its size and alignment. */
  struct(symbol: StructSymbol): StructInfo {
    const known = this.structs.get(symbol);
    if (known) return known;
    if (this.inProgress.has(symbol)) throw new Error(`struct '${symbol.name}' contains itself`); // the checker reports this
    this.inProgress.add(symbol);
    try {
      const fields: FieldInfo[] = [];
      let offset = 0;
      let align = 1;
      for (const field of this.source.fieldTypes(symbol)) {
        const layout = this.layout(field.type);
        offset = alignUp(offset, layout.align);
        fields.push({ name: field.name, type: field.type, offset });
        offset += layout.size;
        align = Math.max(align, layout.align);
      }
      const info: StructInfo = { symbol, name: symbol.name, fields, size: alignUp(offset, align), align };
      this.structs.set(symbol, info);
      return info;
    } finally {
      this.inProgress.delete(symbol);
    }
  }

  /** Every struct laid out so far. */
  knownStructs(): ReadonlyMap<StructSymbol, StructInfo> {
    return this.structs;
  }
}

export function alignUp(offset: number, align: number): number {
  return Math.ceil(offset / align) * align;
}

/** The integer type an enum is stored as. */
export function enumStorage(backing: Type): Type {
  return backing.kind === 'int' ? backing : T.i64;
}
