// `Zolt: Build` builds the program of the active .zolt file now (whatever zolt.build.onSave
// says), through the server's `zolt/build` request; `Zolt: Run` builds it, then runs the
// executable in a terminal. The server only builds: running is this file's, in a terminal the
// user sees. In Restricted Mode both refuse and offer to manage workspace trust.

import * as vscode from 'vscode';
import { fileName, shellQuote } from './build-view';
import type { ZoltClient } from './language-client';
import { BUILD_REQUEST, type BuildParams, type BuildReport } from './protocol';

const RUN_TERMINAL = 'Zolt: Run';

export class BuildCommands implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private terminal: vscode.Terminal | undefined;

  constructor(private readonly client: ZoltClient) {
    this.disposables.push(
      vscode.commands.registerCommand('zolt.build', () => this.build()),
      vscode.commands.registerCommand('zolt.run', () => this.run()),
      vscode.window.onDidCloseTerminal((closed) => {
        if (closed === this.terminal) this.terminal = undefined;
      }),
    );
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  /** Builds the active file's program; the report when it was built, undefined otherwise (the user was told why). */
  private async build(): Promise<BuildReport | undefined> {
    const document = vscode.window.activeTextEditor?.document;
    if (!document || document.languageId !== 'zolt') {
      void vscode.window.showInformationMessage('Open a Zolt file to build its program.');
      return undefined;
    }
    if (!vscode.workspace.isTrusted) {
      const choice = await vscode.window.showWarningMessage('Zolt: nothing is built or run in Restricted Mode. Trust the workspace to build.', 'Manage Workspace Trust');
      if (choice) await vscode.commands.executeCommand('workbench.trust.manage');
      return undefined;
    }
    // The server builds what is on disk.
    if (document.isDirty && !(await document.save())) return undefined;
    if (document.uri.scheme !== 'file') {
      void vscode.window.showInformationMessage('Save the file to build its program.');
      return undefined;
    }
    const params: BuildParams = { textDocument: { uri: document.uri.toString() } };
    const report = await this.client.request<BuildReport>(BUILD_REQUEST, params);
    if (!report) void vscode.window.showErrorMessage('Zolt: the language server is not running.');
    else if (!report.ok && !report.message?.startsWith('cancelled')) void vscode.window.showErrorMessage(`Zolt: ${fileName(report.uri)}: ${report.message ?? 'not built'}`);
    return report?.ok ? report : undefined;
  }

  private async run(): Promise<void> {
    const report = await this.build();
    if (!report?.executable) return;
    const main = vscode.Uri.parse(report.uri);
    // One terminal for every run, kept while the user keeps it: the output of the last run stays.
    this.terminal ??= vscode.window.createTerminal({ name: RUN_TERMINAL, cwd: vscode.Uri.joinPath(main, '..') });
    this.terminal.show(true);
    this.terminal.sendText(shellQuote(report.executable));
  }
}
