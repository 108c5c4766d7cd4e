// The command behind the server's "Rename 'x'..." code action: it puts the cursor on the name
// and opens VS Code's rename box, which then asks the server for the rename (textDocument/rename)
// as F2 does. The action itself carries no edit: the new name is the user's to type.

import * as vscode from 'vscode';
import { RENAME_COMMAND } from './protocol';

export function registerRenameCommand(): vscode.Disposable {
  return vscode.commands.registerCommand(RENAME_COMMAND, async (uri: string, position: { line: number; character: number }) => {
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
    const editor = await vscode.window.showTextDocument(document);
    const at = new vscode.Position(position.line, position.character);
    editor.selection = new vscode.Selection(at, at);
    await vscode.commands.executeCommand('editor.action.rename');
  });
}
