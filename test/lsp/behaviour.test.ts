// How the server behaves over time, through a real client over stdio: cancellation, documents
// that change under a request, diagnostics that are never stale, cross-file effects, files
// changed on disk, the annotations request and its notification, pull diagnostics and settings.
// Each test works on its own copy of a small workspace in a temporary folder.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource, ResponseError, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { TestClient, type ClientOptions } from '../support/lsp-client';
import { fromRoot } from '../support/paths';

const LIB = `/// Scales a length.
fn scale(x: f64, by: f64) -> f64 {
    return x * by;
}
`;

const MAIN = `import "lib";

fn main() -> i32 {
    var width = scale(2.0, 3.0);
    println(width);
    return 0;
}
`;

/** A workspace folder with lib.zolt and main.zolt, removed after the test. */
function workspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zolt-lsp-'));
  fs.writeFileSync(path.join(dir, 'lib.zolt'), LIB);
  fs.writeFileSync(path.join(dir, 'main.zolt'), MAIN);
  return dir;
}

const messages = (p: PublishDiagnosticsParams) => p.diagnostics.map((d) => (typeof d.message === 'string' ? d.message : d.message.value));
const position = (text: string, needle: string, delta = 0) => {
  const offset = text.indexOf(needle) + delta;
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1]!.length };
};

describe('language server behaviour', function () {
  this.timeout(60_000);
  let dir: string;
  let client: TestClient;

  async function start(options: ClientOptions = {}, files: Record<string, string> = {}): Promise<Record<string, unknown>> {
    dir = workspace();
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
    client = new TestClient(dir, { settings: { diagnostics: { delay: 0 } }, ...options });
    return client.initialize();
  }

  afterEach(async () => {
    await client.shutdown();
    assert.equal(client.stderr.join(''), '', 'the server wrote to stderr');
    assert.ok(!client.logs.some((l) => l.includes('uncaught') || l.includes('unhandled')), client.logs.join('\n'));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers a cancelled request with RequestCancelled (-32800)', async () => {
    await start();
    const uri = client.open('main.zolt');
    const source = new CancellationTokenSource();
    const pending = client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: position(MAIN, 'width') }, source.token);
    source.cancel();
    await assert.rejects(pending, (error: unknown) => error instanceof ResponseError && error.code === -32800);
    // The server is still fine.
    const hover = await client.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri }, position: position(MAIN, 'width') });
    assert.match(hover!.contents.value, /f64/);
  });

  it('cancels every request of a storm and still answers the next one', async () => {
    await start();
    const uri = client.open('main.zolt');
    const methods = ['textDocument/hover', 'textDocument/definition', 'textDocument/completion', 'textDocument/references', 'textDocument/documentHighlight'];
    const outcomes = await Promise.allSettled(Array.from({ length: 200 }, (_, i) => {
      const source = new CancellationTokenSource();
      const params = { textDocument: { uri }, position: position(MAIN, 'scale', i % 5), context: { includeDeclaration: true } };
      const request = client.connection.sendRequest(methods[i % methods.length]!, params, source.token);
      source.cancel();
      return request;
    }));
    for (const outcome of outcomes) {
      // Every request is answered: cancelled, or (if it was already answered) a result.
      if (outcome.status === 'rejected') assert.equal((outcome.reason as ResponseError<unknown>).code, -32800);
    }
    const definition = await client.request<{ uri: string; range: { start: { line: number } } } | null>('textDocument/definition', { textDocument: { uri }, position: position(MAIN, 'scale') });
    assert.equal(path.basename(definition!.uri), 'lib.zolt');
    assert.equal(definition!.range.start.line, 1);
  });

  it('answers ContentModified (-32801) when the document changes under a request', async () => {
    await start();
    const uri = client.open('main.zolt');
    await client.diagnostics('main.zolt');
    let pending: Promise<unknown> = Promise.resolve();
    // The change must reach the server with the request, not after it was answered.
    await client.together(() => {
      pending = client.request('textDocument/hover', { textDocument: { uri }, position: position(MAIN, 'width') });
      client.change('main.zolt', [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '\n' }]);
    });
    await assert.rejects(pending, (error: unknown) => error instanceof ResponseError && error.code === -32801);
  });

  it('answers a request from every edit sent before it, however many are queued', async () => {
    await start();
    const uri = client.open('main.zolt');
    await client.diagnostics('main.zolt');
    // Type `var h = 1.5;` above `return 0;`, one character per change, and hover on `h` in the
    // same write: the server applies the queued edits together before answering.
    const typed = 'var h = 1.5; ';
    const at = position(MAIN, 'return 0;');
    let answer: Promise<{ contents: { value: string } } | null> = Promise.resolve(null);
    await client.together(() => {
      for (let i = 0; i < typed.length; i++) {
        client.change('main.zolt', [{ range: { start: { line: at.line, character: at.character + i }, end: { line: at.line, character: at.character + i } }, text: typed[i]! }]);
      }
      answer = client.request('textDocument/hover', { textDocument: { uri }, position: { line: at.line, character: at.character + 4 } });
    });
    const hover = await answer;
    assert.match(hover?.contents.value ?? '', /var h: f64/);
  });

  it('semantic tokens: a delta applied to the previous result equals a full result, and a range is a slice of it', async () => {
    await start();
    const uri = client.open('main.zolt');
    const textDocument = { uri };
    type Full = { resultId?: string; data: number[] };
    type Delta = { resultId?: string; edits: { start: number; deleteCount: number; data?: number[] }[] };
    const first = await client.request<Full>('textDocument/semanticTokens/full', { textDocument });
    assert.ok(first.resultId && first.data.length > 0);
    const at = position(MAIN, '    println(width);');
    client.change('main.zolt', [{ range: { start: at, end: at }, text: '    var extra = width * 2.0;\n' }]);
    const delta = await client.request<Full | Delta>('textDocument/semanticTokens/full/delta', { textDocument, previousResultId: first.resultId });
    assert.ok('edits' in delta, 'a delta, not a full result, for the previous result id');
    let data = [...first.data];
    for (const edit of [...delta.edits].sort((a, b) => b.start - a.start)) data.splice(edit.start, edit.deleteCount, ...(edit.data ?? []));
    const full = await client.request<Full>('textDocument/semanticTokens/full', { textDocument });
    assert.deepEqual(data, full.data);
    const changed = delta.edits.reduce((n, e) => n + (e.data?.length ?? 0), 0);
    assert.ok(changed < full.data.length, `the delta carries ${changed} numbers of ${full.data.length}`);
    // An id the server does not know gives a full result.
    const unknown = await client.request<Full | Delta>('textDocument/semanticTokens/full/delta', { textDocument, previousResultId: 'nope' });
    assert.ok('data' in unknown && unknown.data.length === full.data.length);

    // Absolute tokens [line, character, length, type, modifiers] from the relative encoding.
    const decode = (d: number[]) => {
      const tokens: number[][] = [];
      let line = 0;
      let character = 0;
      for (let i = 0; i < d.length; i += 5) {
        line += d[i]!;
        character = d[i]! === 0 ? character + d[i + 1]! : d[i + 1]!;
        tokens.push([line, character, d[i + 2]!, d[i + 3]!, d[i + 4]!]);
      }
      return tokens;
    };
    const range = await client.request<Full>('textDocument/semanticTokens/range', { textDocument, range: { start: { line: 3, character: 0 }, end: { line: 5, character: 0 } } });
    const inRange = decode(full.data).filter(([line]) => line! >= 3 && line! < 5);
    assert.ok(inRange.length > 0);
    assert.deepEqual(decode(range.data), inRange);
  });

  it('never publishes diagnostics for a version older than one already published', async () => {
    await start();
    client.open('main.zolt');
    await client.diagnostics('main.zolt');
    // Type a call to an undefined function, one character per change, as fast as possible.
    const typed = 'println(missing_fn(1));';
    const at = position(MAIN, 'return 0;');
    let version = 1;
    for (let i = 0; i < typed.length; i++) {
      version = client.change('main.zolt', [{ range: { start: { line: at.line, character: at.character + i }, end: { line: at.line, character: at.character + i } }, text: typed[i]! }]);
    }
    const last = await client.diagnostics('main.zolt', (p) => p.version === version);
    assert.deepEqual(messages(last), ["undefined name 'missing_fn'"]);
    const versions = client.publications.filter((p) => p.uri === client.uri('main.zolt')).map((p) => p.version!);
    for (let i = 1; i < versions.length; i++) assert.ok(versions[i]! >= versions[i - 1]!, `version ${versions[i]} published after ${versions[i - 1]}`);
    // Coalescing: far fewer publications than keystrokes.
    assert.ok(versions.length < typed.length, `${versions.length} publications for ${typed.length} keystrokes`);
  });

  it("updates another file's diagnostics when a signature it uses changes", async () => {
    await start();
    client.open('lib.zolt');
    client.open('main.zolt');
    await client.diagnostics('main.zolt', (p) => p.diagnostics.length === 0);
    client.change('lib.zolt', [{ range: { start: position(LIB, 'by: f64'), end: position(LIB, 'by: f64', 'by: f64'.length) }, text: 'by: f64, extra: f64' }]);
    const main = await client.diagnostics('main.zolt', (p) => p.diagnostics.length > 0);
    assert.deepEqual(messages(main), ["'scale' takes 3 arguments but 2 were given"]);
  });

  it('follows files created, changed and deleted on disk', async () => {
    await start();
    client.open('main.zolt');
    const extra = path.join(dir, 'extra.zolt');
    const symbols = async () => (await client.request<{ name: string }[]>('workspace/symbol', { query: 'twice' })).map((s) => s.name);
    assert.deepEqual(await symbols(), []);

    fs.writeFileSync(extra, 'fn twice(x: i64) -> i64 {\n    return x * 2;\n}\n');
    client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: client.uri('extra.zolt'), type: 1 }] });
    await waitFor(async () => (await symbols()).includes('twice'));

    // main.zolt imports it once it exists and uses it wrongly.
    const text = MAIN.replace('import "lib";', 'import "lib";\nimport "extra";').replace('println(width);', 'println(width, twice(1.5));');
    client.change('main.zolt', [{ text }]);
    const wrong = await client.diagnostics('main.zolt', (p) => p.diagnostics.length > 0);
    assert.deepEqual(messages(wrong), ['type mismatch: expected i64, found f64']);

    fs.writeFileSync(extra, 'fn twice(x: f64) -> f64 {\n    return x * 2.0;\n}\n');
    client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: client.uri('extra.zolt'), type: 2 }] });
    await client.diagnostics('main.zolt', (p) => p.diagnostics.length === 0);

    fs.rmSync(extra);
    client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: client.uri('extra.zolt'), type: 3 }] });
    const missing = await client.diagnostics('main.zolt', (p) => messages(p).some((m) => m.includes('extra')));
    assert.ok(messages(missing).some((m) => /cannot find|not found|no such/i.test(m)), messages(missing).join('\n'));
    await waitFor(async () => !(await symbols()).includes('twice'));
  });

  it('lists annotations of unopened files and notifies when they change', async () => {
    await start({}, { 'notes.zolt': '// FIXME(ana, p1): overflow on big inputs.\nfn f() {}\n' });
    type Listing = { tags: string[]; annotations: { tag: string; owner?: string; priority?: number; text: string; uri: string; range: { start: { line: number } } }[] };
    const listing = () => client.request<Listing>('zolt/annotations', {});
    let found: Listing;
    await waitFor(async () => (found = await listing()).annotations.length === 1);
    assert.deepEqual(found!.annotations.map((a) => [a.tag, a.owner, a.priority, a.text, path.basename(a.uri), a.range.start.line]), [['FIXME', 'ana', 1, 'overflow on big inputs.', 'notes.zolt', 0]]);

    client.open('main.zolt');
    client.change('main.zolt', [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: '// TODO: say more.\n' }]);
    await waitFor(() => client.notifications.some((n) => n.method === 'zolt/annotationsChanged' && (n.params as { count: number }).count === 2));
    assert.deepEqual((await listing()).annotations.map((a) => a.tag), ['FIXME', 'TODO']);
  });

  it('diagnoses a file when it is opened, without waiting for the typing debounce', async () => {
    // A debounce of a minute: only an edit waits for it, so the opened file's diagnostics come first.
    await start({ settings: { diagnostics: { delay: 60_000 } } }, { 'opened.zolt': 'fn main() {\n    var x: i32 = "text";\n}\n' });
    client.open('opened.zolt');
    const published = await client.diagnostics('opened.zolt', (p) => p.diagnostics.length > 0, 20_000);
    assert.ok(published.diagnostics.some((d) => d.code === 'Z2001'), JSON.stringify(published.diagnostics));
  });

  it('shows annotations as hint diagnostics when the setting asks for it', async () => {
    await start({ settings: { diagnostics: { delay: 0 }, annotations: { showAsDiagnostics: true } } });
    client.open('main.zolt');
    client.change('main.zolt', [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: '// HACK: temporary.\n' }]);
    const published = await client.diagnostics('main.zolt', (p) => p.diagnostics.length > 0);
    assert.deepEqual(published.diagnostics.map((d) => [d.severity, d.range.start.line]), [[4, 1]]);
    assert.deepEqual(messages(published), ['HACK: temporary.']);
  });

  it('answers zolt/annotations sent without parameters', async () => {
    await start({}, { 'notes.zolt': '// NOTE: first.\nfn f() {}\n' });
    let listing: { annotations: { tag: string }[] } | null = null;
    await waitFor(async () => ((listing = await client.connection.sendRequest<{ annotations: { tag: string }[] }>('zolt/annotations')).annotations.length === 1));
    assert.deepEqual(listing!.annotations.map((a) => a.tag), ['NOTE']);
  });

  it('drops an invalid annotation tag from the settings, with a warning, and keeps working', async () => {
    await start({ settings: { diagnostics: { delay: 0 }, annotations: { tags: ['my tag', 'TODO', 'PERF'] } } }, { 'notes.zolt': '// PERF: slow.\n// TODO: later.\nfn f() {}\n' });
    type Listing = { tags: string[]; annotations: { tag: string }[] };
    let listing: Listing | null = null;
    await waitFor(async () => ((listing = await client.request<Listing>('zolt/annotations', {})).annotations.length === 2));
    assert.deepEqual(listing!.tags, ['TODO', 'PERF']);
    assert.deepEqual(listing!.annotations.map((a) => a.tag), ['TODO', 'PERF']);
    await waitFor(() => client.logs.some((l) => l.includes("'my tag' is not a valid tag")));
    client.open('main.zolt');
    await client.diagnostics('main.zolt');
  });

  it('indexes workspace folders added later and forgets removed ones', async () => {
    await start({ capabilities: { workspace: { workspaceFolders: true, configuration: true } } });
    const extra = fs.mkdtempSync(path.join(os.tmpdir(), 'zolt-folder-'));
    try {
      fs.writeFileSync(path.join(extra, 'other.zolt'), 'fn far_away() -> i64 {\n    return 1;\n}\n');
      const symbols = async () => (await client.request<{ name: string }[]>('workspace/symbol', { query: 'far_away' })).map((s) => s.name);
      assert.deepEqual(await symbols(), []);
      const folder = { uri: pathToFileURL(extra).href, name: 'extra' };
      client.connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [folder], removed: [] } });
      await waitFor(async () => (await symbols()).includes('far_away'));
      client.connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [], removed: [folder] } });
      await waitFor(async () => (await symbols()).length === 0);
    } finally {
      fs.rmSync(extra, { recursive: true, force: true });
    }
  });

  it('asks the client to refresh inlay hints and semantic tokens when the settings change', async () => {
    let refreshes: string[] = [];
    await start({ capabilities: { workspace: { configuration: true, inlayHint: { refreshSupport: true }, semanticTokens: { refreshSupport: true } } } });
    client.connection.onRequest('workspace/inlayHint/refresh', () => void refreshes.push('inlayHint'));
    client.connection.onRequest('workspace/semanticTokens/refresh', () => void refreshes.push('semanticTokens'));
    refreshes = [];
    client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    await waitFor(() => refreshes.includes('inlayHint') && refreshes.includes('semanticTokens'));
  });

  it('answers workspace pull diagnostics for every file, unchanged when nothing changed', async () => {
    await start({ capabilities: { textDocument: { diagnostic: { dynamicRegistration: false } } } }, { 'broken.zolt': 'fn broken() -> i64 {\n    return "no";\n}\n' });
    type Report = { kind: string; uri: string; resultId: string; version: number | null; items?: { message: string }[] };
    const pull = (previousResultIds: { uri: string; value: string }[]) => client.request<{ items: Report[] }>('workspace/diagnostic', { previousResultIds });
    let first: { items: Report[] } | undefined;
    await waitFor(async () => (first = await pull([])).items.length === 3);
    const byFile = new Map(first!.items.map((r) => [path.basename(r.uri), r]));
    assert.deepEqual(byFile.get('broken.zolt')!.items!.map((d) => d.message), ['type mismatch: expected i64, found string']);
    assert.equal(byFile.get('broken.zolt')!.version, null);
    assert.deepEqual(byFile.get('main.zolt')!.items, []);
    const again = await pull(first!.items.map((r) => ({ uri: r.uri, value: r.resultId })));
    assert.deepEqual(again.items.map((r) => r.kind), ['unchanged', 'unchanged', 'unchanged']);
  });

  it('answers pull diagnostics when the client supports them', async () => {
    const capabilities = await start({ capabilities: { textDocument: { diagnostic: { dynamicRegistration: false } } } });
    assert.ok(capabilities['diagnosticProvider'], 'diagnosticProvider advertised');
    const uri = client.open('main.zolt');
    client.change('main.zolt', [{ text: MAIN.replace('scale(2.0, 3.0)', 'scale(2.0)') }]);
    type Report = { kind: string; resultId?: string; items?: { message: string }[] };
    const first = await client.request<Report>('textDocument/diagnostic', { textDocument: { uri } });
    assert.equal(first.kind, 'full');
    assert.deepEqual(first.items!.map((d) => d.message), ["'scale' takes 2 arguments but 1 was given"]);
    const again = await client.request<Report>('textDocument/diagnostic', { textDocument: { uri }, previousResultId: first.resultId });
    assert.equal(again.kind, 'unchanged');
    // A pull client is not pushed to.
    assert.deepEqual(client.publications.filter((p) => p.uri === uri), []);
  });

  it('caps a file\'s diagnostics at 1,000, errors first, then warnings, and says how many were left out (push and pull)', async () => {
    // 600 warnings come first in the file, then 800 errors: the 800 errors and the first 200
    // warnings are shown.
    let text = '';
    for (let i = 0; i < 600; i++) text += `fn w${i}() {\n    var u${i} = 1;\n}\n`;
    for (let i = 0; i < 800; i++) text += `fn e${i}() -> i64 {\n    return nope${i};\n}\n`;
    const expected = [
      ...Array.from({ length: 800 }, (_, i) => `1 undefined name 'nope${i}'`),
      ...Array.from({ length: 200 }, (_, i) => `2 variable 'u${i}' is never used`),
      '3 400 more diagnostics are not shown',
    ];
    type Shown = { severity?: number; message: string | { value: string } };
    const show = (list: readonly Shown[]) => list.map((d) => `${d.severity} ${typeof d.message === 'string' ? d.message : d.message.value}`);

    await start({}, { 'many.zolt': text });
    client.open('many.zolt', text);
    const pushed = await client.diagnostics('many.zolt', (p) => p.diagnostics.length > 0);
    assert.deepEqual(show(pushed.diagnostics), expected);
    await client.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });

    await start({ capabilities: { textDocument: { diagnostic: { dynamicRegistration: false } } } }, { 'many.zolt': text });
    const uri = client.open('many.zolt', text);
    const pulled = await client.request<{ items: Shown[] }>('textDocument/diagnostic', { textDocument: { uri } });
    assert.deepEqual(show(pulled.items), expected);
    type Report = { uri: string; items?: Shown[] };
    let workspace: Report | undefined;
    await waitFor(async () => (workspace = (await client.request<{ items: Report[] }>('workspace/diagnostic', { previousResultIds: [] })).items.find((r) => path.basename(r.uri) === 'many.zolt')) !== undefined);
    assert.deepEqual(show(workspace!.items!), expected);

    // The command line still prints every one.
    const check = spawnSync(process.execPath, [fromRoot('server/bin/zolt.js'), 'check', path.join(dir, 'many.zolt')], { encoding: 'utf8' });
    assert.equal(check.stdout.split('\n').filter((l) => / (error|warning) Z/.test(l)).length, 1400);
  });

  it('caps the diagnostics of a file of random bytes', async () => {
    // Random characters drawn from a Zolt line (any bytes mostly make a few long error nodes;
    // these make thousands of diagnostics), from a fixed-seed generator: the same every run.
    let seed = 13;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const letters = 'var x = y;\nfn';
    const text = Array.from({ length: 30_000 }, () => letters[Math.floor(random() * letters.length)]!).join('');
    await start({}, { 'noise.zolt': text });
    client.open('noise.zolt', text);
    const pushed = await client.diagnostics('noise.zolt', (p) => p.diagnostics.length > 0);
    assert.equal(pushed.diagnostics.length, 1001);
    assert.match(String(pushed.diagnostics[1000]!.message), /^\d+ more diagnostics are not shown$/);
    assert.equal(pushed.diagnostics[1000]!.severity, 3);
  });

  it('advertises workspace/willRenameFiles for .zolt files and folders', async () => {
    const capabilities = await start();
    const workspace = capabilities['workspace'] as { fileOperations?: { willRename?: { filters: { pattern: { glob: string; matches?: string } }[] } } };
    assert.deepEqual(workspace.fileOperations?.willRename?.filters.map((f) => [f.pattern.glob, f.pattern.matches]), [['**/*.zolt', 'file'], ['**/*', 'folder']]);
  });
});

/** Polls `condition` until it holds (the server works asynchronously), failing after 20 s. */
async function waitFor(condition: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
