// The graph webview's script (bundled for the browser by client/scripts/bundle.mjs into
// dist/graph-view.js): draws the dot text the extension sends with Graphviz compiled to
// WebAssembly (@hpcc-js/wasm-graphviz: no Graphviz on the machine is needed), and posts the place
// of a clicked node back, which the extension reveals. The graph writer makes every node with a
// place a link (`URL`); the link is not followed, it is read. The client project compiles without
// the DOM library, so the little of the DOM used here is declared below.

import { Graphviz } from '@hpcc-js/wasm-graphviz';
import type { FromWebview, ToWebview } from './model';

interface Element {
  textContent: string | null;
  innerHTML: string;
  readonly classList: { toggle(name: string, on: boolean): void };
  getAttribute(name: string): string | null;
  getAttributeNS(namespace: string, name: string): string | null;
  closest(selector: string): Element | null;
  querySelectorAll(selector: string): ArrayLike<Element>;
  addEventListener(type: 'click', listener: (event: { readonly target: unknown; preventDefault(): void }) => void): void;
}

interface Page {
  readonly document: { getElementById(id: string): Element | null };
  addEventListener(type: 'message', listener: (event: { readonly data: unknown }) => void): void;
  acquireVsCodeApi(): { postMessage(message: FromWebview): void };
}

const page = globalThis as unknown as Page;
const vscode = page.acquireVsCodeApi();
const graph = page.document.getElementById('graph')!;
const problem = page.document.getElementById('problem')!;
const XLINK = 'http://www.w3.org/1999/xlink';

let graphviz: Promise<Graphviz> | undefined;
/** A graph is on the page (a problem then marks it out of date rather than replacing it). */
let drawn = false;

function showProblem(message: string | undefined): void {
  if (message !== undefined && !drawn) graph.textContent = ''; // not "Drawing..." under the problem
  problem.textContent = message ?? '';
  problem.classList.toggle('shown', message !== undefined);
  graph.classList.toggle('stale', message !== undefined);
}

async function render(dot: string): Promise<void> {
  try {
    graphviz ??= Graphviz.load();
    graph.innerHTML = (await graphviz).layout(dot, 'svg', 'dot');
    drawn = true;
    showProblem(undefined);
    vscode.postMessage({ type: 'rendered', nodes: graph.querySelectorAll('g.node').length });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    showProblem(`The graph cannot be drawn: ${message}`);
    vscode.postMessage({ type: 'renderFailed', message });
  }
}

// A click on a node's link: its place goes to the extension (the link itself goes nowhere).
graph.addEventListener('click', (event) => {
  const target = event.target as Element | null;
  const link = target?.closest?.('a') ?? null;
  if (!link) return;
  event.preventDefault();
  const place = link.getAttributeNS(XLINK, 'href') ?? link.getAttribute('href') ?? link.getAttribute('xlink:href');
  if (place) vscode.postMessage({ type: 'reveal', place });
});

page.addEventListener('message', (event) => {
  const message = event.data as ToWebview;
  if (message.type === 'render') void render(message.dot);
  else if (message.type === 'problem') showProblem(message.message);
});

vscode.postMessage({ type: 'ready' });
