// Soak: 20,000 seeded edits across several open documents of a copy of examples/, through a
// real client over stdio, with the hostile moments an editor produces: lone surrogates and
// edits that split surrogate pairs, a 10 MB line, 10,000 levels of nesting, open/close storms
// and cancellation storms. Requests go out all along. The server must never crash, must answer
// every request (a result, or cancelled, or content modified), must end with exactly the
// diagnostics a fresh analysis of the final texts gives, and its memory must stay bounded.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CancellationTokenSource, ResponseError, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { Workspace } from 'zolt-server/semantics';
import { loadGrammar } from 'zolt-server/syntax';
import { mutate } from '../support/mutate';
import { seededRandom } from '../support/runtimes';
import { TestClient } from '../support/lsp-client';
import { fromRoot } from '../support/paths';

const EDITS = 20_000;
const DOCUMENTS = ['shapes.zolt', 'overloads.zolt', 'generics.zolt', 'modules.zolt', 'geo/vec.zolt'];
/** Answers a request may end with besides a result. */
const ACCEPTED_ERRORS = new Set([-32800 /* cancelled */, -32801 /* content modified */, -32803 /* refused (rename) */]);

interface Position {
  line: number;
  character: number;
}

function positionOf(text: string, offset: number): Position {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, character: offset - lineStart };
}

function rssMegabytes(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

describe('soak: 20,000 edits with requests, storms and hostile text', function () {
  this.timeout(600_000);
  let dir: string;
  let client: TestClient;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zolt-soak-'));
    fs.cpSync(fromRoot('examples'), dir, { recursive: true });
    client = new TestClient(dir);
    await client.initialize();
  });

  after(async () => {
    await client?.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('never crashes, answers every request, ends in agreement with a fresh analysis, and stays bounded', async () => {
    const random = seededRandom(20_000);
    const texts = new Map<string, string>();
    for (const doc of DOCUMENTS) {
      texts.set(doc, fs.readFileSync(path.join(dir, doc), 'utf8'));
      client.open(doc, texts.get(doc));
    }
    const pending: Promise<unknown>[] = [];
    const unexpected: string[] = [];
    let answered = 0;
    const refusals = new Map<number, number>();
    const track = (method: string, request: Promise<unknown>) => {
      pending.push(request.then(
        () => answered++,
        (error: unknown) => {
          if (error instanceof ResponseError && ACCEPTED_ERRORS.has(error.code)) refusals.set(error.code, (refusals.get(error.code) ?? 0) + 1);
          else unexpected.push(`${method}: ${error instanceof Error ? error.message : String(error)}`);
        },
      ));
    };
    const edit = (doc: string, start: number, end: number, text: string) => {
      const before = texts.get(doc)!;
      client.change(doc, [{ range: { start: positionOf(before, start), end: positionOf(before, end) }, text }]);
      texts.set(doc, before.slice(0, start) + text + before.slice(end));
    };
    const requestAt = (doc: string, cancel: boolean) => {
      const text = texts.get(doc)!;
      const position = positionOf(text, Math.floor(random() * (text.length + 1)));
      const textDocument = { uri: client.uri(doc) };
      const requests: [string, unknown][] = [
        ['textDocument/hover', { textDocument, position }],
        ['textDocument/definition', { textDocument, position }],
        ['textDocument/completion', { textDocument, position }],
        ['textDocument/signatureHelp', { textDocument, position }],
        ['textDocument/references', { textDocument, position, context: { includeDeclaration: true } }],
        ['textDocument/documentHighlight', { textDocument, position }],
        ['textDocument/prepareRename', { textDocument, position }],
        ['textDocument/rename', { textDocument, position, newName: 'renamed_x' }],
        ['textDocument/semanticTokens/full', { textDocument }],
        ['textDocument/inlayHint', { textDocument, range: { start: { line: 0, character: 0 }, end: positionOf(text, text.length) } }],
        ['textDocument/documentSymbol', { textDocument }],
        ['textDocument/foldingRange', { textDocument }],
        ['textDocument/selectionRange', { textDocument, positions: [position] }],
        ['textDocument/formatting', { textDocument, options: { tabSize: 4, insertSpaces: true } }],
        ['zolt/annotations', {}],
        ['workspace/symbol', { query: 'a' }],
      ];
      const [method, params] = requests[Math.floor(random() * requests.length)]!;
      const source = new CancellationTokenSource();
      track(method, client.connection.sendRequest(method, params, source.token));
      if (cancel) source.cancel();
    };

    const rss: number[] = [];
    for (let i = 1; i <= EDITS; i++) {
      const doc = DOCUMENTS[Math.floor(random() * DOCUMENTS.length)]!;
      const text = texts.get(doc)!;
      if (i % 997 === 0) {
        // A lone surrogate, or an edit that splits a surrogate pair.
        const at = Math.floor(random() * (text.length + 1));
        edit(doc, at, at, random() < 0.5 ? '\uD800' : '😀'.slice(1));
      } else if (i % 2003 === 0) {
        // Back to the original text, so the documents do not decay into noise.
        edit(doc, 0, text.length, fs.readFileSync(fromRoot('examples', doc), 'utf8'));
      } else {
        const m = mutate(text, random);
        edit(doc, m.start, m.end, m.text);
      }
      if (i === 5_000) {
        // A 10 MB line, edited a few times while it is there, then removed.
        const line = `// ${'x'.repeat(10 * 1024 * 1024)}\n`;
        edit('shapes.zolt', 0, 0, line);
        for (let k = 0; k < 5; k++) edit('shapes.zolt', line.length, line.length, ' ');
        requestAt('shapes.zolt', false);
        await Promise.all(pending.splice(0));
        edit('shapes.zolt', 0, line.length, '');
      }
      if (i === 10_000) {
        // 10,000 levels of nesting inside a function, left in place.
        const nested = `fn deep() { var d = ${'('.repeat(10_000)}1${')'.repeat(10_000)}; }\n`;
        edit('generics.zolt', texts.get('generics.zolt')!.length, texts.get('generics.zolt')!.length, nested);
      }
      if (i % 4_000 === 0) {
        // Open/close storm on one document, with requests in between.
        const storm = DOCUMENTS[i / 4_000 % DOCUMENTS.length]!;
        for (let k = 0; k < 50; k++) {
          client.close(storm);
          requestAt(storm, false);
          client.open(storm, texts.get(storm));
          requestAt(storm, false);
        }
      }
      if (i % 50 === 0) {
        // Requests at random places, a third of them cancelled at once; every 1,000 edits, a
        // cancellation storm of 100.
        const count = i % 1_000 === 0 ? 100 : 3;
        for (let k = 0; k < count; k++) requestAt(DOCUMENTS[Math.floor(random() * DOCUMENTS.length)]!, count === 100 || random() < 0.33);
        await Promise.all(pending.splice(0));
        assert.ok(!client.exited(), `the server exited after edit ${i}`);
      }
      if (i % 5_000 === 0) rss.push(rssMegabytes(client.pid));
    }
    await Promise.all(pending.splice(0));
    assert.deepEqual(unexpected, [], 'requests failed');
    const counts = `${answered} answered, ${[...refusals].map(([code, n]) => `${n} with ${code}`).join(', ')}`;
    assert.ok(answered > 500 && (refusals.get(-32800) ?? 0) > 1_000, counts);

    // The server's final diagnostics are those of a fresh analysis of the same texts.
    const fresh = new Workspace(await loadGrammar());
    for (const doc of DOCUMENTS) fresh.open(path.join(dir, doc), texts.get(doc)!, 1);
    for (const doc of DOCUMENTS) {
      const version = client.versions.get(client.uri(doc))!;
      const published = await client.diagnostics(doc, (p) => p.version === version, 60_000);
      const text = texts.get(doc)!;
      const expected = fresh.diagnostics(path.join(dir, doc)).map((d) => describe_(positionOf(text, d.start), positionOf(text, d.end), d.code, d.message));
      assert.deepEqual(actual(published), expected, `diagnostics of ${doc}`);
    }
    fresh.dispose();

    // Bounded memory: the resident size does not keep growing with the edits. (A 10 MB line
    // grows WebAssembly memory, which never shrinks, so the bound is generous.)
    rss.push(rssMegabytes(client.pid));
    assert.ok(Math.max(...rss) < 1_500, `RSS samples ${rss.map(Math.round).join(', ')} MB`);
    assert.ok(rss[rss.length - 1]! < rss[1]! * 1.5 + 100, `RSS keeps growing: ${rss.map(Math.round).join(', ')} MB`);
    console.log(`      ${counts}; RSS ${rss.map(Math.round).join(', ')} MB`);
    assert.equal(client.stderr.join(''), '');
    assert.deepEqual(client.logs.filter((l) => /uncaught|unhandled|Error/.test(l)), []);
  });
});

function describe_(start: Position, end: Position, code: string | number | undefined, message: string): string {
  return `${start.line}:${start.character}-${end.line}:${end.character} ${code} ${message}`;
}

function actual(published: PublishDiagnosticsParams): string[] {
  return published.diagnostics.map((d) => describe_(d.range.start, d.range.end, d.code, typeof d.message === 'string' ? d.message : d.message.value));
}
