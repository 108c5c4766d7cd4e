// Code actions, the protocol side (server.ts registers it): `textDocument/codeAction` asks
// ide/code-actions.ts for the actions at the range and turns their offsets into workspace edits.
//
// A disabled action (a refactoring refused, with the reason) is sent only to clients that can
// show one greyed out (`codeActionLiteralSupport` and `disabledSupport`); the others never see
// it. The rename action runs the client command `zolt.rename` (VS Code's rename box at the
// symbol), so it is offered only to clients that say they have it (initializationOptions
// `renameCommand: true`, set by the Zolt extension); other editors keep LSP rename.

import { CodeActionKind, type CodeAction as LspCodeAction, type CodeActionParams, type Diagnostic as LspDiagnostic, type Range, type WorkspaceEdit } from 'vscode-languageserver/node';
import { diagnosticsIn, type CodeAction, type FileEdits } from './ide/actions';
import { codeActions } from './ide/code-actions';
import type { Session } from './ide/session';
import type { Diagnostic, SyntaxDocument } from './syntax';
import { toUri } from './uris';

export const RENAME_COMMAND = 'zolt.rename';

export const CODE_ACTION_KINDS = [
  CodeActionKind.QuickFix, CodeActionKind.RefactorInline, CodeActionKind.RefactorExtract,
  CodeActionKind.RefactorRewrite, CodeActionKind.SourceFixAll,
];

export interface ActionClient {
  /** The client shows disabled actions with their reason. */
  readonly disabledSupport: boolean;
  /** The client has the `zolt.rename` command. */
  readonly renameCommand: boolean;
}

export function lspCodeActions(
  session: Session, file: string, doc: SyntaxDocument, params: CodeActionParams, client: ActionClient,
  toLspDiagnostic: (d: Diagnostic) => LspDiagnostic,
): LspCodeAction[] {
  const start = doc.lineIndex.offset(params.range.start);
  const end = doc.lineIndex.offset(params.range.end);
  const diagnostics = diagnosticsIn(session.diagnostics(file), start, end);
  const request = { workspace: session.workspace, queries: session.queries, file, start, end, diagnostics };
  const result: LspCodeAction[] = [];
  for (const action of codeActions(request, params.context.only)) {
    if (action.disabled !== undefined && !client.disabledSupport) continue;
    if (action.command && !client.renameCommand) continue;
    result.push(toLspAction(session, action, toLspDiagnostic));
  }
  return result;
}

function toLspAction(session: Session, action: CodeAction, toLspDiagnostic: (d: Diagnostic) => LspDiagnostic): LspCodeAction {
  const lsp: LspCodeAction = { title: action.title, kind: action.kind };
  if (action.disabled !== undefined) lsp.disabled = { reason: action.disabled };
  if (action.edits) lsp.edit = workspaceEdit(session, action.edits);
  if (action.diagnostics) lsp.diagnostics = action.diagnostics.map(toLspDiagnostic);
  if (action.isPreferred) lsp.isPreferred = true;
  if (action.command) {
    const doc = session.workspace.document(action.command.file);
    const position = doc?.lineIndex.position(action.command.offset);
    lsp.command = { title: action.title, command: RENAME_COMMAND, arguments: [toUri(action.command.file), position] };
  }
  return lsp;
}

/** Offsets per file to the protocol's ranges per URI (files the workspace does not hold are left out). */
export function workspaceEdit(session: Session, edits: FileEdits): WorkspaceEdit {
  const changes: Record<string, { range: Range; newText: string }[]> = {};
  for (const [file, list] of edits) {
    const doc = session.workspace.document(file);
    if (!doc) continue;
    changes[toUri(file)] = list.map((e) => ({ range: { start: doc.lineIndex.position(e.start), end: doc.lineIndex.position(e.end) }, newText: e.text }));
  }
  return { changes };
}
