// Edits: rename (and its prepare step), the import edits of renamed files, and formatting.
// Code actions are code-actions.ts. server.ts registers them.

import {
  LSPErrorCodes, ResponseError, type DocumentRangeFormattingParams,
  type PrepareRenameParams, type RenameFilesParams, type RenameParams, type TextEdit, type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { importEditsForRenames } from '../../ide/file-renames';
import { formatEdits, formatTree, rangeFormatEdits, type TextEdit as OffsetEdit } from '../../ide/format';
import { prepareRename, rename } from '../../ide/rename';
import type { Session } from '../../ide/session';
import type { SyntaxDocument } from '../../syntax';
import { fileRenames, offset, span } from '../from-proto';
import { range, textEdits, toUri, workspaceEdit } from '../to-proto';

/** A name that cannot be renamed is a failed request, with the reason. */
export function handlePrepareRename(s: Session, file: string, doc: SyntaxDocument, p: PrepareRenameParams) {
  const result = prepareRename(s.workspace, s.queries, file, offset(doc, p.position));
  if (!result.ok) throw new ResponseError(LSPErrorCodes.RequestFailed, result.message);
  return { range: range(doc, result.start, result.end), placeholder: result.placeholder };
}

export function handleRename(s: Session, file: string, doc: SyntaxDocument, p: RenameParams): WorkspaceEdit {
  const result = rename(s.workspace, s.queries, file, offset(doc, p.position), p.newName);
  if (!result.ok) throw new ResponseError(LSPErrorCodes.RequestFailed, result.message);
  const changes: Record<string, TextEdit[]> = {};
  for (const [target, edits] of result.edits) {
    const targetDoc = s.workspace.document(target);
    if (!targetDoc) continue;
    changes[toUri(target)] = textEdits(targetDoc, edits);
  }
  return { changes };
}

/** Renaming .zolt files or folders rewrites the imports that name them. */
export function handleWillRenameFiles(s: Session, p: RenameFilesParams): WorkspaceEdit {
  return workspaceEdit(s.workspace, importEditsForRenames(s.workspace, s.diagnosedFiles(), fileRenames(p.files)));
}

/** Why a document was not formatted goes to the log. */
export type FormatLog = (message: string) => void;

// One style, as `zolt fmt` writes it: the client's tabSize and insertSpaces are not used.

export function handleFormatting(file: string, doc: SyntaxDocument, log: FormatLog): TextEdit[] {
  return formatted(file, doc, log, (text) => formatEdits(doc.text, text));
}

export function handleRangeFormatting(file: string, doc: SyntaxDocument, p: DocumentRangeFormattingParams, log: FormatLog): TextEdit[] {
  const { start, end } = span(doc, p.range);
  return formatted(file, doc, log, (text) => rangeFormatEdits(doc.text, text, start, end));
}

/** The edits that format a document (none, said in the log, when it has syntax errors). */
function formatted(file: string, doc: SyntaxDocument, log: FormatLog, edits: (formatted: string) => OffsetEdit[]): TextEdit[] {
  const result = formatTree(doc.tree, doc.text);
  if (result.kind !== 'formatted') {
    log(`zolt: ${file} not formatted: ${result.message}`);
    return [];
  }
  return textEdits(doc, edits(result.text));
}
