// Code actions, the protocol side: `textDocument/codeAction` asks ide/code-actions.ts for the
// actions at the range and turns their offsets into workspace edits (to-proto.ts).
//
// A disabled action (a refactoring refused, with the reason) is sent only to clients that can
// show one greyed out (`codeActionLiteralSupport` and `disabledSupport`); the others never see
// it. The rename action runs the client command `zolt.rename` (VS Code's rename box at the
// symbol), so it is offered only to clients that say they have it (initializationOptions
// `renameCommand: true`, set by the Zolt extension); other editors keep LSP rename.

import { CodeActionKind, type CodeAction as LspCodeAction, type CodeActionParams } from 'vscode-languageserver/node';
import { diagnosticsIn, type CodeAction } from '../../ide/actions';
import { codeActions } from '../../ide/code-actions';
import type { Session } from '../../ide/session';
import type { SyntaxDocument } from '../../syntax';
import { span } from '../from-proto';
import { RENAME_COMMAND } from '../protocol';
import { diagnostic, toUri, workspaceEdit } from '../to-proto';

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

export function handleCodeAction(session: Session, file: string, doc: SyntaxDocument, params: CodeActionParams, client: ActionClient): LspCodeAction[] {
  const { start, end } = span(doc, params.range);
  const diagnostics = diagnosticsIn(session.diagnostics(file), start, end);
  const request = { workspace: session.workspace, queries: session.queries, file, start, end, diagnostics };
  const result: LspCodeAction[] = [];
  for (const action of codeActions(request, params.context.only)) {
    if (action.disabled !== undefined && !client.disabledSupport) continue;
    if (action.command && !client.renameCommand) continue;
    const lsp = toLspAction(session, doc, action, client);
    // An edit the client cannot be sent (a file to create, for a client that cannot) drops the action.
    if (action.edits && action.edits.size > 0 && !lsp.edit?.documentChanges && Object.keys(lsp.edit?.changes ?? {}).length < action.edits.size) continue;
    result.push(lsp);
  }
  return result;
}

/** The action's diagnostics are the request document's. */
function toLspAction(session: Session, doc: SyntaxDocument, action: CodeAction, client: ActionClient): LspCodeAction {
  const lsp: LspCodeAction = { title: action.title, kind: action.kind };
  if (action.disabled !== undefined) lsp.disabled = { reason: action.disabled };
  if (action.edits) lsp.edit = workspaceEdit(session.workspace, action.edits, client);
  if (action.diagnostics) lsp.diagnostics = action.diagnostics.map((d) => diagnostic(session.workspace, doc, d));
  if (action.isPreferred) lsp.isPreferred = true;
  if (action.command) {
    const target = session.workspace.document(action.command.file);
    const position = target?.lineIndex.position(action.command.offset);
    lsp.command = { title: action.title, command: RENAME_COMMAND, arguments: [toUri(action.command.file), position] };
  }
  return lsp;
}
