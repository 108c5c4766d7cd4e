// `Zolt: Show Syntax Tree`: the concrete syntax tree of the active .zolt file, as the server's
// `zolt/syntaxTree` prints it, in a read-only virtual document beside the source. The document
// follows edits of its source (debounced), which makes it a live view for grammar work.

import * as vscode from 'vscode';
import type { ZoltClient } from './language-client';
import { SYNTAX_TREE_REQUEST, type SyntaxTreeParams, type SyntaxTreeResult } from './protocol';

export const SYNTAX_TREE_SCHEME = 'zolt-syntax-tree';

/** Tree document <-> source: the source URI travels in the query, the path names the tab. */
export function syntaxTreeUri(source: vscode.Uri): vscode.Uri {
  return vscode.Uri.from({ scheme: SYNTAX_TREE_SCHEME, path: `${source.path}.sexp`, query: source.toString() });
}

function sourceOf(treeUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.parse(treeUri.query);
}

export class SyntaxTreeProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** The last tree shown per document: kept when a request fails because the source is changing. */
  private readonly last = new Map<string, string>();

  constructor(private readonly client: ZoltClient) {
    this.disposables.push(
      this.changed,
      vscode.workspace.registerTextDocumentContentProvider(SYNTAX_TREE_SCHEME, this),
      vscode.workspace.onDidChangeTextDocument((event) => this.sourceChanged(event.document.uri)),
      vscode.workspace.onDidCloseTextDocument((doc) => {
        if (doc.uri.scheme === SYNTAX_TREE_SCHEME) this.last.delete(doc.uri.toString());
      }),
      vscode.commands.registerCommand('zolt.showSyntaxTree', () => this.show()),
    );
  }

  async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
    const key = uri.toString();
    const params: SyntaxTreeParams = { textDocument: { uri: sourceOf(uri).toString() } };
    try {
      const result = await this.client.request<SyntaxTreeResult>(SYNTAX_TREE_REQUEST, params, token);
      if (result) {
        this.last.set(key, result.text);
        return result.text;
      }
      return this.last.get(key) ?? '; The Zolt language server is not running, or does not know this file.\n';
    } catch (error) {
      // Typically "content modified": the source changed while the server answered; the next change event asks again.
      return this.last.get(key) ?? `; The syntax tree is not available: ${error instanceof Error ? error.message : String(error)}\n`;
    }
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    for (const d of this.disposables) d.dispose();
  }

  private async show(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.document.languageId !== 'zolt') {
      void vscode.window.showInformationMessage('Open a Zolt file to see its syntax tree.');
      return;
    }
    const doc = await vscode.workspace.openTextDocument(syntaxTreeUri(editor.document.uri));
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true, preview: false });
  }

  private sourceChanged(source: vscode.Uri): void {
    if (source.scheme === SYNTAX_TREE_SCHEME) return;
    const tree = syntaxTreeUri(source);
    const key = tree.toString();
    if (!vscode.workspace.textDocuments.some((d) => d.uri.toString() === key)) return;
    clearTimeout(this.timers.get(key));
    // After the server has seen the edit (the client sends changes at once; 300 ms is plenty).
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      this.changed.fire(tree);
    }, 300));
  }
}
