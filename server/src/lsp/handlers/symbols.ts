// What the editor shows of a document's structure: document and workspace symbols, semantic
// tokens (full, delta, range), inlay hints, folding ranges, selection ranges and document links.
// server.ts registers them.

import type {
  DocumentLink, DocumentSymbol, DocumentSymbolParams, FoldingRange, InlayHint, InlayHintParams, SelectionRange,
  SelectionRangeParams, SemanticTokens, SemanticTokensDelta, SemanticTokensDeltaParams, SemanticTokensRangeParams,
  SymbolInformation, WorkspaceSymbolParams,
} from 'vscode-languageserver/node';
import { documentLinks } from '../../ide/document-links';
import { inlayHints } from '../../ide/inlay-hints';
import { encodeTokens, semanticTokens, tokenDelta } from '../../ide/semantic-tokens';
import type { Session } from '../../ide/session';
import { foldingRanges, selectionRanges } from '../../ide/structure';
import { documentSymbols, workspaceSymbols } from '../../ide/symbols';
import type { SyntaxDocument } from '../../syntax';
import { offset, span } from '../from-proto';
import { documentSymbol, foldingRange, inlayHint, range, selectionRange, symbolInformation, toUri, workspaceSymbol } from '../to-proto';

/** A tree for clients with `hierarchicalDocumentSymbolSupport`, else a flat list naming each symbol's container. */
export function handleDocumentSymbols(s: Session, file: string, doc: SyntaxDocument, p: DocumentSymbolParams, hierarchical: boolean): DocumentSymbol[] | SymbolInformation[] {
  const symbols = documentSymbols(s.workspace, file);
  if (hierarchical) return symbols.map((sym) => documentSymbol(doc, sym));
  return symbolInformation(doc, p.textDocument.uri, symbols);
}

export function handleWorkspaceSymbols(s: Session, p: WorkspaceSymbolParams): SymbolInformation[] {
  return workspaceSymbols(s.workspace, p.query).flatMap((sym) => {
    const doc = s.workspace.document(sym.file);
    return doc ? [workspaceSymbol(doc, sym)] : [];
  });
}

/** Semantic tokens, with the last result per file kept for the next delta request. */
export class SemanticTokenHandlers {
  private readonly results = new Map<string, { id: string; data: number[] }>();
  private next = 0;

  full(s: Session, file: string, doc: SyntaxDocument): SemanticTokens {
    const data = this.encoded(s, file, doc);
    return { resultId: this.keep(file, data), data };
  }

  /** The edits from the previous result when the client has it, else the full tokens. */
  delta(s: Session, file: string, doc: SyntaxDocument, p: SemanticTokensDeltaParams): SemanticTokens | SemanticTokensDelta {
    const data = this.encoded(s, file, doc);
    const previous = this.results.get(file);
    const id = this.keep(file, data);
    if (!previous || previous.id !== p.previousResultId) return { resultId: id, data };
    return { resultId: id, edits: tokenDelta(previous.data, data) };
  }

  range(s: Session, file: string, doc: SyntaxDocument, p: SemanticTokensRangeParams): SemanticTokens {
    const { start, end } = span(doc, p.range);
    return { data: encodeTokens(semanticTokens(s.workspace, file, start, end), (o) => doc.lineIndex.position(o)) };
  }

  private encoded(s: Session, file: string, doc: SyntaxDocument): number[] {
    return encodeTokens(semanticTokens(s.workspace, file), (o) => doc.lineIndex.position(o));
  }

  private keep(file: string, data: number[]): string {
    const id = String(++this.next);
    this.results.set(file, { id, data });
    return id;
  }
}

export function handleInlayHints(s: Session, file: string, doc: SyntaxDocument, p: InlayHintParams): InlayHint[] {
  const { start, end } = span(doc, p.range);
  return inlayHints(s.workspace, file, start, end, s.settings.inlayHints).map((h) => inlayHint(doc, h));
}

export function handleFoldingRanges(doc: SyntaxDocument): FoldingRange[] {
  return foldingRanges(doc).map(foldingRange);
}

export function handleSelectionRanges(doc: SyntaxDocument, p: SelectionRangeParams): SelectionRange[] {
  return p.positions.map((position) => selectionRange(doc, selectionRanges(doc, offset(doc, position))));
}

export function handleDocumentLinks(s: Session, file: string, doc: SyntaxDocument): DocumentLink[] {
  return documentLinks(s.workspace, file).map((l) => ({ range: range(doc, l.start, l.end), target: toUri(l.target) }));
}
