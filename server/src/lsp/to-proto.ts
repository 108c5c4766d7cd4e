// From the analysis's terms to the protocol's: ide/ answers in files and offsets (spans), LSP
// in URIs, ranges and positions (0-based lines, UTF-16 characters). Every conversion that
// way is here, so that each handler only says which ide/ function answers (from-proto.ts is the
// other direction).

import * as fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import {
  CompletionItemKind, DiagnosticSeverity, DiagnosticTag, FoldingRangeKind, InlayHintKind,
  InsertTextFormat, SymbolKind, type CallHierarchyItem, type CompletionItem,
  type Diagnostic as LspDiagnostic, type DocumentHighlight, type DocumentSymbol,
  type FoldingRange as LspFoldingRange, type InlayHint as LspInlayHint, type Location as LspLocation,
  type Range, type SelectionRange as LspSelectionRange, type SymbolInformation,
  type TextEdit as LspTextEdit, type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { BuildProblem } from '../build/program';
import type { FileEdits } from '../ide/actions';
import type { Annotation } from '../ide/annotations';
import type { CallItem } from '../ide/call-hierarchy';
import type { CompletionEntry, CompletionKind } from '../ide/completion';
import type { InlayHint } from '../ide/inlay-hints';
import type { Highlight } from '../ide/navigation';
import type { FoldingRange, SelectionRange } from '../ide/structure';
import type { FoundSymbol, OutlineSymbol, SymbolKind as ZoltSymbolKind } from '../ide/symbols';
import type { Location, Workspace } from '../semantics';
import { LineIndex, type Diagnostic, type SyntaxDocument } from '../syntax';
import type { WireAnnotation } from './protocol';

/** A file's URI (file: for a path; anything else, such as an untitled document, is kept as it is). */
export function toUri(file: string): string {
  return file.startsWith('/') || /^[A-Za-z]:[\\/]/.test(file) ? pathToFileURL(file).href : file;
}

export function range(doc: SyntaxDocument, start: number, end: number): Range {
  return { start: doc.lineIndex.position(start), end: doc.lineIndex.position(end) };
}

/** The start of a file, where what belongs to no place in it is shown. */
export function fileStart(): Range {
  return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}

/** Null when the workspace does not hold the file. */
export function location(workspace: Workspace, place: Location | undefined): LspLocation | null {
  const doc = place && workspace.document(place.file);
  if (!place || !doc) return null;
  return { uri: toUri(place.file), range: range(doc, place.start, place.end) };
}

export function textEdits(doc: SyntaxDocument, edits: readonly { start: number; end: number; text: string }[]): LspTextEdit[] {
  return edits.map((e) => ({ range: range(doc, e.start, e.end), newText: e.text }));
}

export function markdown(value: string): { kind: 'markdown'; value: string } {
  return { kind: 'markdown', value };
}

const SEVERITIES = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, information: DiagnosticSeverity.Information, hint: DiagnosticSeverity.Hint } as const;

export function diagnostic(workspace: Workspace, doc: SyntaxDocument, d: Diagnostic): LspDiagnostic {
  return {
    range: range(doc, d.start, d.end),
    severity: SEVERITIES[d.severity],
    code: d.code,
    source: 'zolt',
    message: d.message,
    ...(d.unnecessary ? { tags: [DiagnosticTag.Unnecessary] } : {}),
    ...(d.related && d.related.length > 0
      ? {
          relatedInformation: d.related.map((r) => {
            const other = workspace.document(r.file);
            return { location: { uri: toUri(r.file), range: other ? range(other, r.start, r.end) : fileStart() }, message: r.message };
          }),
        }
      : {}),
  };
}

/** The source of the diagnostics a build reports (lsp/handlers/build.ts). */
export const BUILD_SOURCE = 'zolt build';

/** Why a program was not built, at its place (build problems come with protocol positions). */
export function buildDiagnostic(problem: BuildProblem): LspDiagnostic {
  return {
    range: { start: problem.start, end: problem.end },
    severity: DiagnosticSeverity.Error,
    source: BUILD_SOURCE,
    ...(problem.code === undefined ? {} : { code: problem.code }),
    message: problem.message,
  };
}

const SYMBOL_KINDS: Record<ZoltSymbolKind, SymbolKind> = {
  function: SymbolKind.Function,
  struct: SymbolKind.Struct,
  field: SymbolKind.Field,
  enum: SymbolKind.Enum,
  'enum-member': SymbolKind.EnumMember,
  constant: SymbolKind.Constant,
  variable: SymbolKind.Variable,
  module: SymbolKind.Module,
};

export function documentSymbol(doc: SyntaxDocument, symbol: OutlineSymbol): DocumentSymbol {
  return {
    name: symbol.name,
    detail: symbol.detail,
    kind: SYMBOL_KINDS[symbol.kind],
    range: range(doc, symbol.start, symbol.end),
    selectionRange: range(doc, symbol.nameStart, symbol.nameEnd),
    children: symbol.children.map((child) => documentSymbol(doc, child)),
  };
}

/** An outline as a flat list, for clients without hierarchical document symbols. */
export function symbolInformation(doc: SyntaxDocument, uri: string, symbols: readonly OutlineSymbol[], container?: string): SymbolInformation[] {
  return symbols.flatMap((symbol) => [
    { name: symbol.name, kind: SYMBOL_KINDS[symbol.kind], containerName: container, location: { uri, range: range(doc, symbol.start, symbol.end) } },
    ...symbolInformation(doc, uri, symbol.children, symbol.name),
  ]);
}

export function workspaceSymbol(doc: SyntaxDocument, symbol: FoundSymbol): SymbolInformation {
  return { name: symbol.name, kind: SYMBOL_KINDS[symbol.kind], containerName: symbol.container, location: { uri: toUri(symbol.file), range: range(doc, symbol.start, symbol.end) } };
}

/** The innermost range first, each with the next larger as its parent. */
export function selectionRange(doc: SyntaxDocument, ranges: readonly SelectionRange[]): LspSelectionRange {
  let result: LspSelectionRange | undefined;
  for (let i = ranges.length - 1; i >= 0; i--) result = { range: range(doc, ranges[i]!.start, ranges[i]!.end), parent: result };
  return result!;
}

export function foldingRange(r: FoldingRange): LspFoldingRange {
  return { startLine: r.startLine, endLine: r.endLine, kind: r.kind === 'comment' ? FoldingRangeKind.Comment : r.kind === 'imports' ? FoldingRangeKind.Imports : FoldingRangeKind.Region };
}

export function inlayHint(doc: SyntaxDocument, h: InlayHint): LspInlayHint {
  return {
    position: doc.lineIndex.position(h.offset),
    label: h.label,
    kind: h.kind === 'type' ? InlayHintKind.Type : h.kind === 'parameter' ? InlayHintKind.Parameter : undefined,
    paddingLeft: h.paddingLeft,
    paddingRight: h.paddingRight,
  };
}

export function highlight(doc: SyntaxDocument, h: Highlight): DocumentHighlight {
  return { range: range(doc, h.start, h.end), kind: h.write ? 3 : 2 };
}

const COMPLETION_KINDS: Record<CompletionKind, CompletionItemKind> = {
  function: CompletionItemKind.Function,
  variable: CompletionItemKind.Variable,
  constant: CompletionItemKind.Constant,
  parameter: CompletionItemKind.Variable,
  struct: CompletionItemKind.Struct,
  enum: CompletionItemKind.Enum,
  'enum-member': CompletionItemKind.EnumMember,
  field: CompletionItemKind.Field,
  module: CompletionItemKind.Module,
  keyword: CompletionItemKind.Keyword,
  type: CompletionItemKind.TypeParameter,
  snippet: CompletionItemKind.Snippet,
};

/** An entry that replaces `replace` (from where the word typed starts to the cursor). */
export function completionItem(e: CompletionEntry, replace: Range): CompletionItem {
  return {
    label: e.label,
    kind: COMPLETION_KINDS[e.kind],
    detail: e.detail,
    documentation: e.documentation ? markdown(e.documentation) : undefined,
    sortText: e.sortText,
    textEdit: { range: replace, newText: e.snippet ?? e.label },
    insertTextFormat: e.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
  };
}

/** Its `data` finds the function again (from-proto.ts's callTarget). */
export function callHierarchyItem(workspace: Workspace, item: CallItem): CallHierarchyItem {
  const doc = workspace.document(item.file)!;
  return {
    name: item.name,
    kind: SymbolKind.Function,
    detail: item.detail,
    uri: toUri(item.file),
    range: range(doc, item.start, item.end),
    selectionRange: range(doc, item.nameStart, item.nameEnd),
    data: { file: item.file, key: item.fn.key, name: item.fn.name, offset: item.nameStart },
  };
}

export function wireAnnotation(doc: SyntaxDocument, a: Annotation): WireAnnotation {
  return { tag: a.tag, owner: a.owner, priority: a.priority, text: a.text, uri: toUri(a.file), range: range(doc, a.start, a.end) };
}

/**
 * Offsets per file to the protocol's ranges per URI. A file the workspace does not hold (such
 * as .zolt/verified) is edited as it is on disk; one that does not exist yet is created first
 * (a CreateFile, then the edits as insertions), for clients that can (`createFiles`), else it
 * is left out.
 */
export function workspaceEdit(workspace: Workspace, edits: FileEdits, client: { readonly createFiles?: boolean } = {}): WorkspaceEdit {
  const changes: Record<string, LspTextEdit[]> = {};
  const created: string[] = [];
  for (const [file, list] of edits) {
    const doc = workspace.document(file);
    const lines = doc ? doc.lineIndex : diskLines(file);
    if (lines === undefined && !(client.createFiles && list.every((e) => e.start === 0 && e.end === 0))) continue;
    if (lines === undefined) created.push(toUri(file));
    const at = (offset: number) => lines?.position(offset) ?? { line: 0, character: 0 };
    changes[toUri(file)] = list.map((e) => ({ range: { start: at(e.start), end: at(e.end) }, newText: e.text }));
  }
  if (created.length === 0) return { changes };
  // Creating needs documentChanges, which then carries every file's edits (the two forms do not mix).
  return {
    documentChanges: [
      ...created.map((uri) => ({ kind: 'create' as const, uri, options: { ignoreIfExists: true } })),
      ...Object.entries(changes).map(([uri, list]) => ({ textDocument: { uri, version: null }, edits: list })),
    ],
  };
}

/** The lines of a file on disk, undefined when it does not exist. */
function diskLines(file: string): LineIndex | undefined {
  try {
    return new LineIndex(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}
