// Code actions, the protocol side (server.ts registers it): `textDocument/codeAction` asks
// ide/code-actions.ts for the actions at the range and turns their offsets into workspace edits.
//
// A disabled action (a refactoring refused, with the reason) is sent only to clients that can
// show one greyed out (`codeActionLiteralSupport` and `disabledSupport`); the others never see
// it. The rename action runs the client command `zolt.rename` (VS Code's rename box at the
// symbol), so it is offered only to clients that say they have it (initializationOptions
// `renameCommand: true`, set by the Zolt extension); other editors keep LSP rename.

import * as fs from 'node:fs';
import { CodeActionKind, type CodeAction as LspCodeAction, type CodeActionParams, type Diagnostic as LspDiagnostic, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver/node';
import { diagnosticsIn, type CodeAction, type FileEdits } from './ide/actions';
import { codeActions } from './ide/code-actions';
import type { Session } from './ide/session';
import { LineIndex, type Diagnostic, type SyntaxDocument } from './syntax';
import { RENAME_COMMAND } from './lsp/protocol';
import { toUri } from './uris';

export const CODE_ACTION_KINDS = [
  CodeActionKind.QuickFix, CodeActionKind.RefactorInline, CodeActionKind.RefactorExtract,
  CodeActionKind.RefactorRewrite, CodeActionKind.SourceFixAll,
];

export interface ActionClient {
  /** The client shows disabled actions with their reason. */
  readonly disabledSupport: boolean;
  /** The client has the `zolt.rename` command. */
  readonly renameCommand: boolean;
  /** The client applies a workspace edit that creates a file (documentChanges with `create`). */
  readonly createFiles?: boolean;
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
    const lsp = toLspAction(session, action, toLspDiagnostic, client);
    // An edit the client cannot be sent (a file to create, for a client that cannot) drops the action.
    if (action.edits && action.edits.size > 0 && !lsp.edit?.documentChanges && Object.keys(lsp.edit?.changes ?? {}).length < action.edits.size) continue;
    result.push(lsp);
  }
  return result;
}

function toLspAction(session: Session, action: CodeAction, toLspDiagnostic: (d: Diagnostic) => LspDiagnostic, client: ActionClient): LspCodeAction {
  const lsp: LspCodeAction = { title: action.title, kind: action.kind };
  if (action.disabled !== undefined) lsp.disabled = { reason: action.disabled };
  if (action.edits) lsp.edit = workspaceEdit(session, action.edits, client);
  if (action.diagnostics) lsp.diagnostics = action.diagnostics.map(toLspDiagnostic);
  if (action.isPreferred) lsp.isPreferred = true;
  if (action.command) {
    const doc = session.workspace.document(action.command.file);
    const position = doc?.lineIndex.position(action.command.offset);
    lsp.command = { title: action.title, command: RENAME_COMMAND, arguments: [toUri(action.command.file), position] };
  }
  return lsp;
}

/**
 * Offsets per file to the protocol's ranges per URI. A file the workspace does not hold (such
 * as .zolt/verified) is edited as it is on disk; one that does not exist yet is created first
 * (a CreateFile, then the edits as insertions), for clients that can (`createFiles`), else it
 * is left out.
 */
export function workspaceEdit(session: Session, edits: FileEdits, client: { readonly createFiles?: boolean } = {}): WorkspaceEdit {
  const changes: Record<string, TextEdit[]> = {};
  const created: string[] = [];
  for (const [file, list] of edits) {
    const doc = session.workspace.document(file);
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
