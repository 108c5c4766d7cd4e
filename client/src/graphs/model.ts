// The graph views' model, without VS Code: what the extension asks the server for (`zolt/dot`),
// the messages between the extension and the webview that draws the graph, where a node's place
// (`URI:line:col`, 1-based, server/src/ide/graphs/locate.ts) leads, how the cursor a CFG was
// asked for follows edits, and the webview's page. view.ts is the adapter that does the VS Code
// part; webview.ts runs in the webview. Kept apart so that tests can check all of this in Node.

import type { DotParams, DotResult } from '../protocol';

export type GraphKind = DotParams['kind'];

/** The views the commands open: the CFG of the function at the cursor, the call graph of the file's program. */
export type ViewKind = Extract<GraphKind, 'cfg' | 'calls'>;

export interface Position {
  /** 0-based. */
  readonly line: number;
  /** 0-based, UTF-16 code units. */
  readonly character: number;
}

/** The request a view makes: the CFG needs the cursor, the call graph does not. */
export function dotParams(uri: string, kind: ViewKind, position: Position): DotParams {
  return kind === 'cfg' ? { uri, kind, position } : { uri, kind };
}

/** The extension to the webview. */
export type ToWebview =
  | { readonly type: 'render'; readonly dot: string }
  /** Why there is no graph now; the last one drawn stays, marked as out of date. */
  | { readonly type: 'problem'; readonly message: string };

/** The webview to the extension. */
export type FromWebview =
  /** A node was clicked: its place, as the graph gave it. */
  | { readonly type: 'reveal'; readonly place: string }
  /** A graph was drawn, with this many nodes (what the tests check). */
  | { readonly type: 'rendered'; readonly nodes: number }
  | { readonly type: 'renderFailed'; readonly message: string }
  /** The script runs: it can take messages now. */
  | { readonly type: 'ready' };

/** What the extension sends for a server's answer (null: the server does not know the document). */
export function messageFor(result: DotResult | null): ToWebview {
  if (result === null) return { type: 'problem', message: 'The Zolt language server does not know this file.' };
  return 'error' in result ? { type: 'problem', message: result.error } : { type: 'render', dot: result.dot };
}

/** A message from the webview, checked (a webview is another process: its messages are data). */
export function fromWebview(value: unknown): FromWebview | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const m = value as Record<string, unknown>;
  switch (m['type']) {
    case 'reveal':
      return typeof m['place'] === 'string' ? { type: 'reveal', place: m['place'] } : undefined;
    case 'rendered':
      return typeof m['nodes'] === 'number' ? { type: 'rendered', nodes: m['nodes'] } : undefined;
    case 'renderFailed':
      return typeof m['message'] === 'string' ? { type: 'renderFailed', message: m['message'] } : undefined;
    case 'ready':
      return { type: 'ready' };
    default:
      return undefined;
  }
}

/** A node's place, `URI:line:col` (1-based), as a URI and a 0-based position; undefined if it is not one. */
export function parsePlace(place: string): { readonly uri: string; readonly position: Position } | undefined {
  const match = /^(.+):(\d+):(\d+)$/.exec(place);
  if (!match) return undefined;
  return { uri: match[1]!, position: { line: Math.max(0, Number(match[2]) - 1), character: Math.max(0, Number(match[3]) - 1) } };
}

/** A change of a document, as VS Code reports it (`range` in the text before the change). */
export interface TextChange {
  readonly range: { readonly start: Position; readonly end: Position };
  readonly text: string;
}

const before = (a: Position, b: Position): boolean => a.line < b.line || (a.line === b.line && a.character < b.character);

/**
 * Where a position is after a change: before it, unmoved; inside the replaced range, at the
 * range's start; after it, shifted by what the change added and removed. So the CFG view stays
 * on its function while the lines above it are edited.
 */
export function shiftPosition(position: Position, change: TextChange): Position {
  const { start, end } = change.range;
  if (before(position, start)) return position;
  if (before(position, end)) return start;
  const lines = change.text.split('\n');
  const newEnd: Position = lines.length === 1
    ? { line: start.line, character: start.character + lines[0]!.length }
    : { line: start.line + lines.length - 1, character: lines[lines.length - 1]!.length };
  if (position.line === end.line) return { line: newEnd.line, character: newEnd.character + position.character - end.character };
  return { line: position.line + newEnd.line - end.line, character: position.character };
}

/** `shiftPosition` for changes made one after the other (VS Code's order in a change event). */
export function shiftThrough(position: Position, changes: readonly TextChange[]): Position {
  return changes.reduce(shiftPosition, position);
}

/** The webview's page: the script (a bundle with Graphviz in WebAssembly) and nothing from elsewhere. */
export function webviewHtml(options: { readonly scriptUri: string; readonly cspSource: string; readonly nonce: string; readonly title: string }): string {
  const escape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const csp = [
    "default-src 'none'",
    // Graphviz is WebAssembly: compiling it needs 'wasm-unsafe-eval', and nothing else is evaluated.
    `script-src 'nonce-${options.nonce}' 'wasm-unsafe-eval'`,
    `style-src ${options.cspSource} 'unsafe-inline'`,
    `img-src ${options.cspSource} data:`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escape(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escape(options.title)}</title>
<style>
  body { padding: 0; margin: 0; color: var(--vscode-foreground); background: var(--vscode-editor-background); }
  #problem { display: none; padding: 6px 10px; color: var(--vscode-errorForeground); font-family: var(--vscode-font-family); }
  #problem.shown { display: block; }
  #graph { padding: 8px; overflow: auto; }
  #graph.stale { opacity: 0.5; }
  #graph svg { background: white; max-width: none; }
  #graph g.node a { cursor: pointer; }
</style>
</head>
<body>
<div id="problem" role="status"></div>
<div id="graph" aria-live="polite">Drawing...</div>
<script nonce="${escape(options.nonce)}" src="${escape(options.scriptUri)}"></script>
</body>
</html>
`;
}
