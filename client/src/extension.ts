// The Zolt extension's entry point: wires the language client, the Annotations panel, the
// status bar items, the build commands, the syntax tree view and the graph views together, and registers the
// commands that belong to none of them.
//
// Workspace trust: the extension supports restricted mode. It runs no code from the workspace:
// the language server only reads .zolt files, and nothing is built or run. The server is told
// (initializationOptions.workspaceTrusted) and builds nothing on save until trust is granted;
// Zolt: Build and Run refuse. The one setting that names a program, `zolt.server.path`, is
// honoured from the workspace only once it is trusted.

import * as vscode from 'vscode';
import { AnnotationsPanel } from './annotations/panel';
import { BuildCommands } from './build-commands';
import { BuildStatus } from './build-status';
import { GraphViews } from './graphs/view';
import { ZoltClient } from './language-client';
import { ServerStatus } from './status-bar';
import { registerRenameCommand } from './rename-command';
import { SyntaxTreeProvider } from './syntax-tree';

let client: ZoltClient | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel('Zolt Language Server', { log: true });
  client = new ZoltClient(context, output);
  const zolt = client;
  const status = new ServerStatus(zolt);
  const panel = new AnnotationsPanel(context, zolt);
  panel.onDidFetch((count) => status.setAnnotationCount(count));
  context.subscriptions.push(
    output,
    zolt,
    status,
    panel,
    new SyntaxTreeProvider(zolt),
    new BuildStatus(zolt),
    new BuildCommands(zolt),
    new GraphViews(context, zolt),
    vscode.commands.registerCommand('zolt.restartServer', () => zolt.restart()),
    vscode.commands.registerCommand('zolt.showOutput', () => output.show()),
    registerRenameCommand(),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('zolt.server.path')) void zolt.restart();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      // A workspace value of zolt.server.path was ignored until now.
      const setting = vscode.workspace.getConfiguration('zolt').inspect<string>('server.path');
      if (setting?.workspaceValue !== undefined || setting?.workspaceFolderValue !== undefined) void zolt.restart();
      else zolt.trustGranted(); // the server may build from now on
    }),
    // The server learns the workspace folders when it starts (it indexes them then).
    vscode.workspace.onDidChangeWorkspaceFolders(() => void zolt.restart()),
  );
  void zolt.start();
}

export function deactivate(): Promise<void> | undefined {
  return client?.stop();
}
