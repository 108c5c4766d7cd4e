// Folding ranges and selection ranges, from the AST and the comments.

import { pathAt, walk, type AstNode, type SyntaxDocument } from '../syntax';

export interface FoldingRange {
  readonly startLine: number;
  readonly endLine: number;
  readonly kind: 'region' | 'comment' | 'imports';
}

/** Blocks, bodies and lists that span lines; block comments and runs of line comments; imports. */
export function foldingRanges(doc: SyntaxDocument): FoldingRange[] {
  const lines = doc.lineIndex;
  const ranges: FoldingRange[] = [];
  const add = (start: number, end: number, kind: FoldingRange['kind']) => {
    const startLine = lines.position(start).line;
    const endLine = lines.position(end).line;
    // The last line (with the closing brace) stays visible.
    if (endLine - 1 > startLine || (kind !== 'region' && endLine > startLine)) ranges.push({ startLine, endLine: kind === 'region' ? endLine - 1 : endLine, kind });
  };
  let importStart: number | undefined;
  let importEnd = 0;
  for (const item of doc.items) {
    const base = item.start;
    if (item.decl.kind === 'import') {
      importStart ??= base + item.decl.span.start;
      importEnd = base + item.decl.span.end;
    }
    walk(item.decl, (node) => {
      if (node.kind === 'block' || node.kind === 'struct' || node.kind === 'enum' || node.kind === 'foreign' || node.kind === 'switch' || node.kind === 'struct-literal' || node.kind === 'array-literal') {
        add(base + node.span.start, base + node.span.end, 'region');
      }
    });
    let runStart: number | undefined;
    let runEnd = 0;
    for (const comment of item.comments) {
      const start = base + comment.start;
      const end = base + comment.end;
      if (comment.kind === 'block') add(start, end, 'comment');
      if (comment.kind === 'block' || (runStart !== undefined && lines.position(start).line !== lines.position(runEnd).line + 1)) {
        if (runStart !== undefined) add(runStart, runEnd, 'comment');
        runStart = undefined;
      }
      if (comment.kind !== 'block') {
        runStart ??= start;
        runEnd = end;
      }
    }
    if (runStart !== undefined) add(runStart, runEnd, 'comment');
  }
  if (importStart !== undefined) add(importStart, importEnd, 'imports');
  return ranges;
}

export interface SelectionRange {
  readonly start: number;
  readonly end: number;
}

/** The nested ranges around an offset, innermost first: name, expression, statement, ..., item. */
export function selectionRanges(doc: SyntaxDocument, offset: number): SelectionRange[] {
  if (doc.items.length === 0) return [{ start: 0, end: doc.text.length }];
  const item = doc.items[doc.itemIndexAt(offset)]!;
  const path = pathAt(item.decl, offset - item.start);
  const ranges: SelectionRange[] = [];
  for (let i = path.length - 1; i >= 0; i--) {
    const node: AstNode = path[i]!;
    const range = { start: item.start + node.span.start, end: item.start + node.span.end };
    const last = ranges[ranges.length - 1];
    if (!last || range.start < last.start || range.end > last.end) ranges.push(range);
  }
  ranges.push({ start: 0, end: doc.text.length });
  return ranges;
}
