// The `zolt/dot` request (server/src/lsp/handlers/graphs.ts) through the protocol: a real server
// (`zolt lsp --stdio`) over the workspace test/fixtures/lsp/graphs, whose dot.json lists the
// requests (a graph kind at a cursor marker, after an optional unsaved edit) and the answers
// expected, in a readable form: the title and each node as its label's first line and the place
// it names (file:line:col, relative to the workspace), or the error. ZOLT_UPDATE_EXPECTED=1
// rewrites the `expect` fields (read the diff). Every graph is also rendered with Graphviz
// (WebAssembly), as the VS Code extension renders it: every node must be drawn.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Graphviz } from '@hpcc-js/wasm-graphviz';
import type { DotParams, DotResult } from 'zolt-server/lsp/protocol';
import { markerPosition, openFixture, positionOf, readFixtureFile } from '../support/lsp-cases';
import { fileOf, TestClient } from '../support/lsp-client';
import { fromRoot } from '../support/paths';

const UPDATE = process.env['ZOLT_UPDATE_EXPECTED'] === '1';
const DIR = fromRoot('test/fixtures/lsp/graphs');
const CASES = path.join(DIR, 'dot.json');

interface DotCase {
  name: string;
  kind: DotParams['kind'];
  /** `file@marker`: the document, and the cursor. */
  at: string;
  /** Made (unsaved) before the request; later cases see it too. */
  edit?: { file: string; replace: string; with: string };
  expect: Shown | null;
}

type Shown = { title: string; nodes: string[] } | { error: string };

/** The node statements of dot text: `"id" [label="...", ..., URL="..."]`, as label's first line and URL. */
function nodes(dot: string): { label: string; url: string | undefined }[] {
  const unquote = (s: string): string => s.replace(/\\(.)/g, '$1');
  return [...dot.matchAll(/^\s*"(?:[^"\\]|\\.)*" \[label="((?:[^"\\]|\\.)*)"(.*)\];$/gm)].map((m) => {
    const first = m[1]!.split(/\\[lnr]/)[0]!;
    const url = /URL="((?:[^"\\]|\\.)*)"/.exec(m[2]!)?.[1];
    return { label: unquote(first), url: url === undefined ? undefined : unquote(url) };
  });
}

/** `file:///.../main.zolt:5:5` as `main.zolt:5:5`. */
function place(url: string): string {
  const match = /^(.*):(\d+):(\d+)$/.exec(url);
  assert.ok(match, `not URI:line:col: ${url}`);
  return `${fileOf(match[1]!, DIR)}:${match[2]}:${match[3]}`;
}

function show(result: DotResult): Shown {
  if ('error' in result) return { error: result.error };
  return { title: result.title, nodes: nodes(result.dot).map((n) => (n.url === undefined ? n.label : `${n.label} ${place(n.url)}`)) };
}

describe('language server: zolt/dot', function () {
  this.timeout(60_000);
  const cases = JSON.parse(fs.readFileSync(CASES, 'utf8')) as DotCase[];
  const texts = new Map<string, string>();
  let client: TestClient;
  let graphviz: Graphviz;

  before(async () => {
    graphviz = await Graphviz.load();
    client = new TestClient(DIR);
    await client.initialize();
    openFixture(client, DIR);
  });
  after(async () => {
    await client.shutdown();
    if (UPDATE) fs.writeFileSync(CASES, `${JSON.stringify(cases, null, 2)}\n`);
  });

  /** Makes a case's edit to the file as the earlier edits left it. */
  const edit = (change: NonNullable<DotCase['edit']>): void => {
    const text = texts.get(change.file) ?? readFixtureFile(DIR, change.file).text;
    const offset = text.indexOf(change.replace);
    assert.ok(offset >= 0, `'${change.replace}' is not in ${change.file}`);
    client.change(change.file, [{ range: { start: positionOf(text, offset), end: positionOf(text, offset + change.replace.length) }, text: change.with }]);
    texts.set(change.file, text.slice(0, offset) + change.with + text.slice(offset + change.replace.length));
  };

  for (const c of cases) {
    it(c.name, async () => {
      if (c.edit) edit(c.edit);
      const { file, position } = markerPosition(DIR, c.at);
      const params: DotParams = { uri: client.uri(file), kind: c.kind, position };
      const result = await client.connection.sendRequest<DotResult | null>('zolt/dot', params);
      assert.ok(result, 'the server does not know the document');
      if ('dot' in result) {
        const svg = graphviz.layout(result.dot, 'svg', 'dot');
        assert.equal([...svg.matchAll(/<g id="node\d+" class="node"/g)].length, nodes(result.dot).length, 'every node is drawn');
      }
      if (UPDATE) c.expect = show(result);
      assert.deepEqual(show(result), c.expect);
    });
  }

  it('answers an unknown kind with an error, not a protocol error', async () => {
    const params = { uri: client.uri('main.zolt'), kind: 'flow' };
    const result = await client.connection.sendRequest<DotResult | null>('zolt/dot', params);
    assert.deepEqual(result, { error: "no graph of kind 'flow' (ast, cfg, calls, ir)" });
  });
});
