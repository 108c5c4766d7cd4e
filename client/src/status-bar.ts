// The status bar item: the language server's state and the workspace's annotation count.
// Clicking it offers what one wants when the server misbehaves: its output, a restart, or
// the Annotations panel.

import * as vscode from 'vscode';
import type { ZoltClient } from './language-client';
import { statusView } from './server-state';

export const SERVER_MENU_COMMAND = 'zolt.serverMenu';

export class ServerStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('zolt.status', vscode.StatusBarAlignment.Left, 0);
  private readonly disposables: vscode.Disposable[] = [];
  private annotations: number | undefined;

  constructor(private readonly client: ZoltClient) {
    this.item.name = 'Zolt Language Server';
    this.item.command = SERVER_MENU_COMMAND;
    this.disposables.push(
      this.item,
      client.onDidChangeState(() => this.update()),
      client.onDidChangeAnnotations((count) => this.setAnnotationCount(count)),
      vscode.commands.registerCommand(SERVER_MENU_COMMAND, () => this.menu()),
    );
    this.update();
    this.item.show();
  }

  /** The panel knows the count as soon as it has fetched; the server's notification may come later. */
  setAnnotationCount(count: number): void {
    this.annotations = count;
    this.update();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  private update(): void {
    const view = statusView(this.client.state, this.annotations);
    this.item.text = view.text;
    this.item.tooltip = view.tooltip;
    this.item.backgroundColor = view.warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  }

  private async menu(): Promise<void> {
    const items: (vscode.QuickPickItem & { command: string })[] = [
      { label: '$(output) Show Output', command: 'zolt.showOutput' },
      { label: '$(debug-restart) Restart Language Server', command: 'zolt.restartServer' },
      { label: '$(checklist) Show Annotations', command: 'zolt.showAnnotations' },
    ];
    const picked = await vscode.window.showQuickPick(items, { title: 'Zolt', placeHolder: statusView(this.client.state, this.annotations).tooltip.split('\n')[0] });
    if (picked) await vscode.commands.executeCommand(picked.command);
  }
}
