// From the protocol's terms to the analysis's: URIs to file paths, positions (0-based lines,
// UTF-16 characters) to offsets, and the other shapes requests carry into what ide/ takes
// (to-proto.ts is the other direction).

import { fileURLToPath } from 'node:url';
import type { Position, TextDocumentContentChangeEvent } from 'vscode-languageserver/node';
import type { Session } from '../ide/session';
import type { FunctionSymbol } from '../semantics';
import type { SyntaxDocument, TextChange } from '../syntax';

/** A file: URI's path; anything else, such as an untitled document, is kept as it is. */
export function toPath(uri: string): string {
  return uri.startsWith('file:') ? fileURLToPath(uri) : uri;
}

export function offset(doc: SyntaxDocument, position: Position): number {
  return doc.lineIndex.offset(position);
}

/** The offsets a protocol range spans. */
export function span(doc: SyntaxDocument, range: { start: Position; end: Position }): { start: number; end: number } {
  return { start: offset(doc, range.start), end: offset(doc, range.end) };
}

export function textChanges(changes: readonly TextDocumentContentChangeEvent[]): TextChange[] {
  return changes.map((change) => ('range' in change ? { range: change.range, text: change.text } : { text: change.text }));
}

/** The files a `workspace/willRenameFiles` renames, as paths. */
export function fileRenames(files: readonly { oldUri: string; newUri: string }[]): { from: string; to: string }[] {
  return files.map((f) => ({ from: toPath(f.oldUri), to: toPath(f.newUri) }));
}

/** The function a call hierarchy item stands for (found again by position and name: to-proto.ts's callHierarchyItem). */
export function callTarget(session: Session, data: unknown): FunctionSymbol | undefined {
  const d = data as { file?: string; offset?: number; name?: string } | undefined;
  if (!d?.file || d.offset === undefined) return undefined;
  const at = session.queries.symbolAt(d.file, d.offset);
  return at?.symbol.kind === 'function' && at.symbol.name === d.name ? at.symbol : undefined;
}
