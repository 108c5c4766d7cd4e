// A struct's memory layout for hover: its size and alignment, each field's offset and size, and
// the padding between them and at the end, from the same C layout rules that code generation,
// `size_of` and foreign calls use (semantics/elaborate/layout.ts), so what hover says is what
// the program does. Asked for in clangd's, zls's and ols's trackers.

import { isPoison, typeToString, type FieldSymbol, type StructSymbol, type Workspace } from '../semantics';
import { Layouts, type Layout, type StructInfo } from '../semantics/elaborate';

export interface FieldLayout {
  readonly name: string;
  readonly type: string;
  readonly offset: number;
  readonly size: number;
  /** Padding after this field, before the next one (or the end). */
  readonly padding: number;
}

export interface StructLayout {
  readonly size: number;
  readonly align: number;
  readonly fields: readonly FieldLayout[];
}

/** The layout, or undefined when a field's type is not known (code with errors). */
export function structLayout(workspace: Workspace, symbol: StructSymbol): StructLayout | undefined {
  const types = symbol.fields.map((f) => workspace.fieldType(f));
  if (types.some(isPoison)) return undefined;
  const layouts = new Layouts({
    fieldTypes: (s) => s.fields.map((f) => ({ name: f.name, type: workspace.fieldType(f) })),
    enumBacking: (s) => workspace.enumOf(s).backing,
  });
  let info: StructInfo;
  try {
    info = layouts.struct(symbol);
  } catch {
    return undefined; // a struct that contains itself: the checker says so
  }
  const sizes: Layout[] = info.fields.map((f) => layouts.layout(f.type));
  const fields = info.fields.map((f, i) => {
    const end = f.offset + sizes[i]!.size;
    const next = i + 1 < info.fields.length ? info.fields[i + 1]!.offset : info.size;
    return { name: f.name, type: typeToString(f.type), offset: f.offset, size: sizes[i]!.size, padding: next - end };
  });
  return { size: info.size, align: info.align, fields };
}

/** Markdown for hover: a line with size and alignment, then a table of the fields and padding. */
export function layoutMarkdown(layout: StructLayout): string {
  const padding = layout.fields.reduce((sum, f) => sum + f.padding, 0);
  const head = `size ${layout.size} bytes, align ${layout.align}${padding > 0 ? `, ${padding} bytes of padding` : ''}`;
  if (layout.fields.length === 0) return head;
  const rows = layout.fields.flatMap((f) => {
    const row = `| ${f.offset} | \`${f.name}: ${f.type}\` | ${f.size} |`;
    return f.padding > 0 ? [row, `| ${f.offset + f.size} | *padding* | ${f.padding} |`] : [row];
  });
  return [head, '', '| offset | field | size |', '|---:|---|---:|', ...rows].join('\n');
}

/** A field's place in its struct, for hover on the field: `offset 8, size 8`. */
export function fieldLayoutLine(workspace: Workspace, field: FieldSymbol): string | undefined {
  const layout = structLayout(workspace, field.owner);
  const f = layout?.fields[field.index];
  return f ? `offset ${f.offset}, size ${f.size}${f.padding > 0 ? ` (then ${f.padding} bytes of padding)` : ''}` : undefined;
}
