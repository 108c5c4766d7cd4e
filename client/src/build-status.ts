// The build's status bar item, beside the server's: "building" while a build on save (or by
// Zolt: Build / Run) runs, then "built in N ms" with the executable's path in the tooltip, or
// "not built" with the reason. Hidden until the first build.

import * as vscode from 'vscode';
import { buildView, type BuildState } from './build-view';
import type { ZoltClient } from './language-client';

export const BUILD_STATUS_COMMAND = 'zolt.buildStatus';

export class BuildStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('zolt.build', vscode.StatusBarAlignment.Left, -1);
  private readonly disposables: vscode.Disposable[] = [];
  private failed = false;

  constructor(client: ZoltClient) {
    this.item.name = 'Zolt Build';
    this.item.command = BUILD_STATUS_COMMAND;
    this.disposables.push(
      this.item,
      client.onDidChangeBuild((state) => this.show(state)),
      // A failed build's reasons are in the Problems view; a good one has nothing more to show.
      vscode.commands.registerCommand(BUILD_STATUS_COMMAND, () => (this.failed ? vscode.commands.executeCommand('workbench.actions.view.problems') : undefined)),
    );
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  private show(state: BuildState): void {
    const view = buildView(state);
    this.failed = view.failed;
    this.item.text = view.text;
    this.item.tooltip = view.tooltip;
    this.item.backgroundColor = view.failed ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    this.item.show();
  }
}
