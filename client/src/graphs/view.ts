// `Zolt: Show Control Flow Graph` (the function at the cursor) and `Zolt: Show Call Graph` (the
// program of the active file): a webview beside the editor that draws the server's `zolt/dot`
// answer with Graphviz in WebAssembly (webview.ts, bundled as dist/graph-view.js). The view
// follows its document: an edit asks again after a pause (the server has the edit by then), and
// the CFG's cursor moves with the edits above it, so the view stays on its function. A click on a
// node opens its place in the source. One view per kind: the command shows it again for the
// current file and function. The decisions are model.ts's; this file only does the VS Code part.

import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { ZoltClient } from '../language-client';
import { DOT_REQUEST, type DotResult } from '../protocol';
import { dotParams, fromWebview, messageFor, parsePlace, shiftThrough, webviewHtml, type Position, type ToWebview, type ViewKind } from './model';

/** After the last edit, before asking again: the server has seen the edit, and typing has paused. */
const DEBOUNCE_MS = 400;

const TITLES: Record<ViewKind, string> = { cfg: 'Control Flow Graph', calls: 'Call Graph' };

class GraphView implements vscode.Disposable {
  readonly panel: vscode.WebviewPanel;
  private timer: NodeJS.Timeout | undefined;
  private ready = false;
  /** The message the webview should show (sent once it is ready). */
  private latest: ToWebview | undefined;
  private asked = 0;
  private pending: vscode.CancellationTokenSource | undefined;

  constructor(
    private readonly client: ZoltClient,
    readonly kind: ViewKind,
    public source: vscode.Uri,
    public position: Position,
    public sourceColumn: vscode.ViewColumn,
    extensionUri: vscode.Uri,
    onDispose: () => void,
  ) {
    const dist = vscode.Uri.joinPath(extensionUri, 'dist');
    this.panel = vscode.window.createWebviewPanel(`zolt.graph.${kind}`, TITLES[kind], { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      retainContextWhenHidden: true,
      localResourceRoots: [dist],
    });
    const webview = this.panel.webview;
    webview.html = webviewHtml({
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'graph-view.js')).toString(),
      cspSource: webview.cspSource,
      nonce: nonce(),
      title: TITLES[kind],
    });
    webview.onDidReceiveMessage((value: unknown) => this.received(value));
    this.panel.onDidDispose(() => {
      clearTimeout(this.timer);
      this.pending?.cancel();
      onDispose();
    });
  }

  /** Asks the server and shows its answer (the question before is cancelled; an older answer arriving late is dropped). */
  async refresh(): Promise<void> {
    const asked = ++this.asked;
    this.pending?.cancel();
    // A token always: the client library sends a request without one as positional parameters.
    const pending = (this.pending = new vscode.CancellationTokenSource());
    let result: DotResult | null | undefined;
    try {
      result = await this.client.request<DotResult | null>(DOT_REQUEST, dotParams(this.source.toString(), this.kind, this.position), pending.token);
    } catch (error) {
      // Typically "content modified": the document changed while the server answered; the next edit asks again.
      result = { error: `No graph: ${error instanceof Error ? error.message : String(error)}` };
    }
    pending.dispose();
    if (asked !== this.asked) return;
    if (result === undefined) result = { error: 'The Zolt language server is not running.' };
    if (result !== null && 'title' in result) this.panel.title = result.title;
    this.post(messageFor(result));
  }

  /** The source changed: move the cursor with the edits, ask again after a pause. */
  changed(changes: readonly vscode.TextDocumentContentChangeEvent[]): void {
    this.position = shiftThrough(this.position, changes);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), DEBOUNCE_MS);
  }

  dispose(): void {
    this.panel.dispose();
  }

  private post(message: ToWebview): void {
    this.latest = message;
    if (this.ready) void this.panel.webview.postMessage(message);
  }

  private received(value: unknown): void {
    const message = fromWebview(value);
    if (!message) return;
    switch (message.type) {
      case 'ready':
        this.ready = true;
        if (this.latest) void this.panel.webview.postMessage(this.latest);
        return;
      case 'rendered':
        this.client.output.debug(`${this.panel.title}: drew ${message.nodes} nodes`);
        return;
      case 'renderFailed':
        this.client.output.warn(`${this.panel.title}: Graphviz could not draw the graph: ${message.message}`);
        return;
      case 'reveal':
        void this.reveal(message.place);
        return;
    }
  }

  private async reveal(place: string): Promise<void> {
    const target = parsePlace(place);
    if (!target) return;
    const at = new vscode.Position(target.position.line, target.position.character);
    await vscode.window.showTextDocument(vscode.Uri.parse(target.uri), { viewColumn: this.sourceColumn, selection: new vscode.Range(at, at) });
  }
}

/** Registers the commands and owns the views they open. */
export class GraphViews implements vscode.Disposable {
  private readonly views = new Map<ViewKind, GraphView>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly context: vscode.ExtensionContext, private readonly client: ZoltClient) {
    this.disposables.push(
      vscode.commands.registerCommand('zolt.showControlFlowGraph', () => this.show('cfg')),
      vscode.commands.registerCommand('zolt.showCallGraph', () => this.show('calls')),
      vscode.workspace.onDidChangeTextDocument((event) => {
        for (const view of this.views.values()) if (view.source.toString() === event.document.uri.toString()) view.changed(event.contentChanges);
      }),
    );
  }

  dispose(): void {
    for (const view of this.views.values()) view.dispose();
    for (const d of this.disposables) d.dispose();
  }

  private async show(kind: ViewKind): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.document.languageId !== 'zolt') {
      void vscode.window.showInformationMessage(`Open a Zolt file to see its ${TITLES[kind].toLowerCase()}.`);
      return;
    }
    const { document, selection } = editor;
    const position = { line: selection.active.line, character: selection.active.character };
    const column = editor.viewColumn ?? vscode.ViewColumn.One;
    let view = this.views.get(kind);
    if (view) {
      view.source = document.uri;
      view.position = position;
      view.sourceColumn = column;
      view.panel.reveal(undefined, true);
    } else {
      view = new GraphView(this.client, kind, document.uri, position, column, this.context.extensionUri, () => this.views.delete(kind));
      this.views.set(kind, view);
    }
    await view.refresh();
  }
}

/** A script nonce for the webview's Content-Security-Policy. */
function nonce(): string {
  return randomBytes(18).toString('base64url');
}
