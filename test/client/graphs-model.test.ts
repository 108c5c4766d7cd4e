// The graph views' model (client/src/graphs/model.ts), without VS Code: the places the server
// writes lead back to the source, the CFG's cursor follows edits, the webview's messages are
// checked, and the webview's page lets Graphviz's WebAssembly run and nothing from elsewhere.

import * as assert from 'node:assert/strict';
import { dotParams, fromWebview, messageFor, parsePlace, shiftPosition, shiftThrough, webviewHtml, type Position, type TextChange } from 'zolt-client/graphs/model';

const p = (line: number, character: number): Position => ({ line, character });
const change = (start: Position, end: Position, text: string): TextChange => ({ range: { start, end }, text });

describe('client: the graph views’ model', () => {
  it('reads a node’s place (URI:line:col, 1-based) as a URI and a 0-based position', () => {
    assert.deepEqual(parsePlace('file:///home/ana/src/main.zolt:12:5'), { uri: 'file:///home/ana/src/main.zolt', position: p(11, 4) });
    assert.deepEqual(parsePlace('file:///c%3A/x%20y/a.zolt:1:1'), { uri: 'file:///c%3A/x%20y/a.zolt', position: p(0, 0) });
    for (const bad of ['main.zolt', 'main.zolt:3', ':1:2', 'file:///a.zolt:x:1']) assert.equal(parsePlace(bad), undefined, bad);
  });

  describe('the cursor a CFG was asked at follows edits', () => {
    const at = p(10, 8);
    const cases: [string, TextChange, Position][] = [
      ['an edit after it leaves it', change(p(12, 0), p(12, 3), 'xyz\nabc'), at],
      ['an edit before it on its line shifts its column', change(p(10, 2), p(10, 4), 'abcd'), p(10, 10)],
      ['lines added above move it down', change(p(3, 0), p(3, 0), 'a\nb\n'), p(12, 8)],
      ['lines removed above move it up', change(p(3, 0), p(5, 0), ''), p(8, 8)],
      ['an edit that joins its line to the one above', change(p(9, 4), p(10, 0), ''), p(9, 12)],
      ['an edit around it puts it at the edit’s start', change(p(10, 0), p(11, 0), 'fn f() {}\n'), p(10, 0)],
      ['an insertion right at it pushes it on', change(at, at, 'ab'), p(10, 10)],
    ];
    for (const [name, c, expected] of cases) it(name, () => assert.deepEqual(shiftPosition(at, c), expected));
    it('changes apply one after the other', () => {
      assert.deepEqual(shiftThrough(at, [change(p(0, 0), p(0, 0), 'x\n'), change(p(11, 0), p(11, 2), '')]), p(11, 6));
    });
  });

  it('asks for the CFG at the cursor, and for the call graph without one', () => {
    assert.deepEqual(dotParams('file:///a.zolt', 'cfg', p(3, 4)), { uri: 'file:///a.zolt', kind: 'cfg', position: p(3, 4) });
    assert.deepEqual(dotParams('file:///a.zolt', 'calls', p(3, 4)), { uri: 'file:///a.zolt', kind: 'calls' });
  });

  it('sends the webview the graph, or why there is none', () => {
    assert.deepEqual(messageFor({ dot: 'digraph {}', title: 'CFG: f' }), { type: 'render', dot: 'digraph {}' });
    assert.deepEqual(messageFor({ error: 'No graph: 1 error in a.zolt.' }), { type: 'problem', message: 'No graph: 1 error in a.zolt.' });
    assert.equal(messageFor(null).type, 'problem');
  });

  it('takes only well-formed messages from the webview', () => {
    assert.deepEqual(fromWebview({ type: 'reveal', place: 'file:///a.zolt:1:2' }), { type: 'reveal', place: 'file:///a.zolt:1:2' });
    assert.deepEqual(fromWebview({ type: 'rendered', nodes: 3, extra: true }), { type: 'rendered', nodes: 3 });
    assert.deepEqual(fromWebview({ type: 'ready' }), { type: 'ready' });
    for (const bad of [null, 'reveal', { type: 'reveal' }, { type: 'reveal', place: 1 }, { type: 'rendered', nodes: '3' }, { type: 'run' }]) {
      assert.equal(fromWebview(bad), undefined, JSON.stringify(bad));
    }
  });

  it('the page runs its own script and WebAssembly, and nothing else', () => {
    const html = webviewHtml({ scriptUri: 'https://file+.vscode-resource/dist/graph-view.js', cspSource: 'https://*.vscode-cdn.net', nonce: 'n0nce', title: 'CFG <f>' });
    const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1]?.replace(/&#39;|&quot;/g, "'");
    assert.equal(csp, "default-src 'none'; script-src 'nonce-n0nce' 'wasm-unsafe-eval'; style-src https://*.vscode-cdn.net 'unsafe-inline'; img-src https://*.vscode-cdn.net data:");
    assert.match(html, /<script nonce="n0nce" src="https:\/\/file\+\.vscode-resource\/dist\/graph-view\.js"><\/script>/);
    assert.match(html, /<title>CFG &lt;f&gt;<\/title>/);
    assert.match(html, /<div id="graph"/);
    assert.match(html, /<div id="problem"/);
  });
});
