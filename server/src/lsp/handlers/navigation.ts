// Navigation: hover, definition, declaration, type definition, references, document
// highlights and the call hierarchy. Each handler asks the ide/ function for its answer in
// offsets and converts it (to-proto.ts); server.ts registers them.

import type {
  CallHierarchyIncomingCall, CallHierarchyIncomingCallsParams, CallHierarchyItem, CallHierarchyOutgoingCall,
  CallHierarchyOutgoingCallsParams, DocumentHighlight, Hover, Location, ReferenceParams, TextDocumentPositionParams,
} from 'vscode-languageserver/node';
import { incomingCalls, outgoingCalls, prepareCallHierarchy } from '../../ide/call-hierarchy';
import { hover } from '../../ide/hover';
import { definition, documentHighlights, references, typeDefinition } from '../../ide/navigation';
import type { Session } from '../../ide/session';
import type { SyntaxDocument } from '../../syntax';
import { callTarget, offset } from '../from-proto';
import { callHierarchyItem, highlight, location, markdown, range } from '../to-proto';

export function handleHover(s: Session, file: string, doc: SyntaxDocument, p: TextDocumentPositionParams): Hover | null {
  const result = hover(s.workspace, s.queries, file, offset(doc, p.position));
  return result ? { contents: markdown(result.contents), range: range(doc, result.start, result.end) } : null;
}

/** Also the declaration: a name has one place it is declared. */
export function handleDefinition(s: Session, file: string, doc: SyntaxDocument, p: TextDocumentPositionParams): Location | null {
  return location(s.workspace, definition(s.queries, file, offset(doc, p.position)));
}

export function handleTypeDefinition(s: Session, file: string, doc: SyntaxDocument, p: TextDocumentPositionParams): Location | null {
  return location(s.workspace, typeDefinition(s.queries, file, offset(doc, p.position)));
}

export function handleReferences(s: Session, file: string, doc: SyntaxDocument, p: ReferenceParams): Location[] {
  const at = s.queries.symbolAt(file, offset(doc, p.position));
  if (!at) return [];
  return references(s.queries, at.symbol, p.context.includeDeclaration).map((l) => location(s.workspace, l)).filter((l) => l !== null);
}

export function handleDocumentHighlight(s: Session, file: string, doc: SyntaxDocument, p: TextDocumentPositionParams): DocumentHighlight[] {
  return documentHighlights(s.queries, file, offset(doc, p.position)).map((h) => highlight(doc, h));
}

export function handlePrepareCallHierarchy(s: Session, file: string, doc: SyntaxDocument, p: TextDocumentPositionParams): CallHierarchyItem[] | null {
  const item = prepareCallHierarchy(s.workspace, s.queries, file, offset(doc, p.position));
  return item ? [callHierarchyItem(s.workspace, item)] : null;
}

export function handleIncomingCalls(s: Session, p: CallHierarchyIncomingCallsParams): CallHierarchyIncomingCall[] | null {
  const fn = callTarget(s, p.item.data);
  if (!fn) return null;
  return incomingCalls(s.workspace, s.queries, fn).map((edge) => ({
    from: callHierarchyItem(s.workspace, edge.item),
    fromRanges: edge.ranges.map((r) => range(s.workspace.document(edge.item.file)!, r.start, r.end)),
  }));
}

export function handleOutgoingCalls(s: Session, p: CallHierarchyOutgoingCallsParams): CallHierarchyOutgoingCall[] | null {
  const fn = callTarget(s, p.item.data);
  if (!fn) return null;
  const doc = s.workspace.document(fn.file)!;
  return outgoingCalls(s.workspace, fn).map((edge) => ({
    to: callHierarchyItem(s.workspace, edge.item),
    fromRanges: edge.ranges.map((r) => range(doc, r.start, r.end)),
  }));
}
