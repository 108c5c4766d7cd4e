// The extension's bundle, as `npm run package` makes it (client/scripts/bundle.mjs --production),
// built into a temporary folder (esbuild takes about a second): it holds what the .vsix needs,
// the bundled server starts from it over node-ipc (how VS Code starts it) and stdio, finds its
// wasm files and std library beside itself and answers; the client module loads.

import * as assert from 'node:assert/strict';
import { execFileSync, fork, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import Module = require('node:module');
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection, IPCMessageReader, IPCMessageWriter, StreamMessageReader, StreamMessageWriter, type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import type { AnnotationsResult, DotResult, SyntaxTreeResult } from 'zolt-client/protocol';
import { fromRoot } from '../support/paths';

const FILES: Record<string, string> = {
  // `println` comes from the std library: were it not found beside server.js, it would be an error.
  'main.zolt': '// TODO(ana, p1): grow the table\nfn main() -> i32 {\n    var x: u8 = 300;\n    println("hello");\n    return 0;\n}\n',
  // Never opened: the panel lists it because the server indexes the workspace folders.
  'sub/other.zolt': '// FIXME: never opened in the editor\nfn helper() -> i64 { return 1; }\n',
  // Built on save: the worker and the native runtime must be found beside server.js.
  'hello.zolt': 'fn main() -> i32 {\n    println("built from dist");\n    return 0;\n}\n',
};

/** A server process and an LSP connection to it, with what it sent. */
class Server {
  readonly diagnostics: PublishDiagnosticsParams[] = [];
  readonly annotationCounts: number[] = [];
  readonly stderr: string[] = [];
  /** Errors the server logged (window/logMessage of type Error): a broken bundle shows here first. */
  readonly errors: string[] = [];

  constructor(readonly child: ChildProcess, readonly connection: ProtocolConnection) {
    child.stderr?.on('data', (chunk: Buffer) => this.stderr.push(chunk.toString()));
    connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.diagnostics.push(p);
    });
    connection.onNotification('zolt/annotationsChanged', (p: { count: number }) => {
      this.annotationCounts.push(p.count);
    });
    connection.onNotification('window/logMessage', (p: { type: number; message: string }) => {
      if (p.type === 1) this.errors.push(p.message);
    });
    connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({})));
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onRequest('client/registerCapability', () => null);
    connection.listen();
  }

  async initialize(root: string): Promise<{ capabilities: Record<string, unknown>; serverInfo?: { name: string } }> {
    const uri = pathToFileURL(root).href;
    const result = await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: uri,
      workspaceFolders: [{ uri, name: path.basename(root) }],
      capabilities: { workspace: { configuration: true }, window: { workDoneProgress: true } },
    });
    await this.connection.sendNotification('initialized', {});
    return result as { capabilities: Record<string, unknown>; serverInfo?: { name: string } };
  }

  /** Shuts the server down as a client does and waits for the process to end. */
  async shutdown(): Promise<number | null> {
    await this.connection.sendRequest('shutdown');
    const exited = new Promise<number | null>((resolve) => this.child.once('exit', (code) => resolve(code)));
    await this.connection.sendNotification('exit');
    const code = await Promise.race([exited, delay(10_000).then(() => 'timeout' as const)]);
    this.connection.dispose();
    if (code === 'timeout') {
      this.child.kill('SIGKILL');
      throw new Error('the server did not exit');
    }
    return code;
  }
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it returns a value (not undefined) or `ms` pass. */
async function eventually<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(50);
  }
}

describe('client: the bundled extension (dist/)', function () {
  this.timeout(60_000);
  let dist: string;
  let workspace: string;
  const servers: ChildProcess[] = [];

  before(() => {
    dist = fs.mkdtempSync(path.join(os.tmpdir(), 'zolt-dist-'));
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'zolt-ws-'));
    execFileSync(process.execPath, [fromRoot('client/scripts/bundle.mjs'), '--outdir', dist, '--production'], { stdio: 'pipe' });
    for (const [file, text] of Object.entries(FILES)) {
      fs.mkdirSync(path.dirname(path.join(workspace, file)), { recursive: true });
      fs.writeFileSync(path.join(workspace, file), text);
    }
  });

  after(() => {
    for (const child of servers) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    fs.rmSync(dist, { recursive: true, force: true });
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  it('holds the client, the server and what the server loads beside itself, and no source maps', () => {
    const files = (fs.readdirSync(dist, { recursive: true }) as string[]).map((f) => f.split(path.sep).join('/')).sort();
    assert.deepEqual(files.filter((f) => !f.startsWith('queries/') && !f.startsWith('std/')), [
      'build-worker.js', 'extension.js', 'graph-view.js', 'queries', 'runtime.zolt', 'server.js', 'std', 'tree-sitter-zolt.wasm', 'web-tree-sitter.wasm',
    ]);
    const expectFolder = (folder: string, from: string) =>
      assert.deepEqual(files.filter((f) => f.startsWith(`${folder}/`)).map((f) => f.slice(folder.length + 1)), fs.readdirSync(from).sort());
    expectFolder('queries', fromRoot('grammar/queries'));
    expectFolder('std', fromRoot('server/std'));
  });

  it('its server starts over node-ipc, as VS Code starts it, and answers from dist/ alone', async () => {
    // Run from a folder with no node_modules, so that nothing can come from the repository.
    const child = fork(path.join(dist, 'server.js'), ['--node-ipc'], { cwd: workspace, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    servers.push(child);
    const server = new Server(child, createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child)));
    const init = await server.initialize(workspace);
    assert.equal(init.serverInfo?.name, 'zolt');
    assert.ok(init.capabilities['semanticTokensProvider']);

    const main = pathToFileURL(path.join(workspace, 'main.zolt')).href;
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: main, languageId: 'zolt', version: 1, text: FILES['main.zolt'] } });
    const published = await eventually('diagnostics of main.zolt', () => server.diagnostics.find((p) => p.uri === main && p.diagnostics.length > 0));
    assert.deepEqual(published.diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code}`).sort(), ['3:17 Z2006', '3:9 Z4002']);

    // Hover on `println`, declared in std/prelude.zolt beside server.js.
    const hover = await server.connection.sendRequest<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri: main }, position: { line: 3, character: 6 } });
    assert.match(hover?.contents.value ?? '', /println/);

    const listing = await eventually('both annotations', async () => {
      const result = await server.connection.sendRequest<AnnotationsResult>('zolt/annotations', {});
      return result.annotations.length === 2 ? result : undefined;
    });
    assert.deepEqual(listing.annotations.map((a) => `${a.tag} ${path.relative(workspace, new URL(a.uri).pathname)}:${a.range.start.line + 1} ${a.text}`), [
      'FIXME sub/other.zolt:1 never opened in the editor',
      'TODO main.zolt:1 grow the table',
    ]);
    assert.ok(server.annotationCounts.length > 0, 'zolt/annotationsChanged was sent');

    const tree = await server.connection.sendRequest<SyntaxTreeResult>('zolt/syntaxTree', { textDocument: { uri: main } });
    assert.match(tree?.text ?? '', /^\(source_file/);
    // The IR graphs: the compiler runs in the bundled server too.
    const calls = await server.connection.sendRequest<DotResult | null>('zolt/dot', { uri: pathToFileURL(path.join(workspace, 'hello.zolt')).href, kind: 'calls' });
    assert.ok(calls && 'dot' in calls, JSON.stringify(calls));
    assert.match(calls.dot, /^digraph "calls" \{\n[^]*"main" \[label="main", URL="file:\/\/[^"]*\/hello\.zolt:1:4"/);
    assert.equal(await server.shutdown(), 0);
    assert.deepEqual(server.errors, []);
    assert.equal(server.stderr.join(''), '');
  });

  it('its server builds on save, with the build worker and the native runtime from dist/', async () => {
    const child = fork(path.join(dist, 'server.js'), ['--node-ipc'], { cwd: workspace, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    servers.push(child);
    const server = new Server(child, createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child)));
    const builds: { ok: boolean; executable?: string; message?: string }[] = [];
    server.connection.onNotification('zolt/buildFinished', (report: { ok: boolean; executable?: string }) => {
      builds.push(report);
    });
    await server.initialize(workspace);
    await server.connection.sendNotification('textDocument/didSave', { textDocument: { uri: pathToFileURL(path.join(workspace, 'hello.zolt')).href } });
    const [report] = await eventually('a build', () => (builds.length > 0 ? builds : undefined), 60_000);
    assert.equal(report?.ok, true, report?.message);
    assert.equal(report.executable, path.join(workspace, '.zolt', 'build', 'hello'));
    assert.equal(execFileSync(report.executable, { encoding: 'utf8' }), 'built from dist\n');
    assert.equal(await server.shutdown(), 0);
    assert.deepEqual(server.errors, []);
    assert.equal(server.stderr.join(''), '');
  });

  it('its server starts over stdio (as `zolt.server.path` would run one)', async () => {
    const child = spawn(process.execPath, [path.join(dist, 'server.js'), '--stdio'], { cwd: workspace, stdio: ['pipe', 'pipe', 'pipe'] });
    servers.push(child);
    const server = new Server(child, createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!)));
    const init = await server.initialize(workspace);
    assert.equal(init.serverInfo?.name, 'zolt');
    // A request that needs the grammar: the server has loaded its wasm files by the time it answers.
    const symbols = await server.connection.sendRequest<unknown[]>('workspace/symbol', { query: 'helper' });
    assert.ok(Array.isArray(symbols));
    assert.equal(await server.shutdown(), 0);
    assert.deepEqual(server.errors, []);
  });

  it('its graph webview script draws dot with Graphviz (WebAssembly) and posts a clicked node’s place (a page stood in for)', async () => {
    const page = standInGraphPage(fs.readFileSync(path.join(dist, 'graph-view.js'), 'utf8'));
    assert.deepEqual(page.posted, [{ type: 'ready' }], 'the script says it is ready');
    page.send({ type: 'problem', message: 'No graph: 1 error in a.zolt.' });
    assert.deepEqual([page.problem(), page.graphText()], ['No graph: 1 error in a.zolt.', ''], 'the problem, instead of "Drawing..."');
    page.send({ type: 'render', dot: 'digraph { a [URL="file:///w/a.zolt:3:5"]; a -> b; b -> c }' });
    await eventually('the graph drawn', () => (page.posted.length > 1 ? true : undefined));
    assert.deepEqual(page.posted[1], { type: 'rendered', nodes: 3 });
    assert.match(page.graphHtml(), /<svg [^]*xlink:href="file:\/\/\/w\/a\.zolt:3:5"/);
    page.click('file:///w/a.zolt:3:5');
    assert.deepEqual(page.posted[2], { type: 'reveal', place: 'file:///w/a.zolt:3:5' });
    page.send({ type: 'render', dot: 'digraph { a -> }' });
    await eventually('the failure reported', () => (page.posted.length > 3 ? true : undefined));
    assert.equal(page.posted[3]?.type, 'renderFailed');
    assert.match(page.problem(), /^The graph cannot be drawn: /);
  });

  it('its client module loads and exports activate and deactivate (vscode stood in for)', () => {
    const loaded = withStandInVscode(() => require(path.join(dist, 'extension.js')) as Record<string, unknown>);
    assert.equal(typeof loaded['activate'], 'function');
    assert.equal(typeof loaded['deactivate'], 'function');
  });
});

/**
 * Runs `load` while `require('vscode')` gives a stand-in: an object whose every property is
 * again such an object, callable and constructible. Loading the bundle only defines classes
 * and reads constants, which is what this checks: no module is missing from the bundle.
 */
function withStandInVscode<T>(load: () => T): T {
  const standIn: object = new Proxy(function standIn() {}, {
    get: (_target, key) => (key === Symbol.toPrimitive ? () => 0 : key === 'prototype' ? {} : standIn),
    apply: () => standIn,
    construct: () => standIn,
  });
  const loader = Module as unknown as { _load: (request: string, parent: unknown, isMain: boolean) => unknown };
  const original = loader._load;
  loader._load = function (request: string, parent: unknown, isMain: boolean) {
    return request === 'vscode' ? standIn : original.call(this, request, parent, isMain);
  };
  try {
    return load();
  } finally {
    loader._load = original;
  }
}

/** A stand-in for the webview page graph-view.js runs in: the few DOM calls it makes, and its messages. */
function standInGraphPage(script: string) {
  const posted: { type: string }[] = [];
  const listeners = new Map<string, (event: unknown) => void>();
  const element = (id: string) => ({
    html: '',
    textContent: '' as string | null,
    set innerHTML(value: string) {
      this.html = value;
    },
    classList: { toggle: () => undefined },
    // The script counts the drawn nodes; the SVG is text here.
    querySelectorAll: function (this: { html: string }, selector: string) {
      assert.equal(selector, 'g.node');
      return { length: [...this.html.matchAll(/<g id="node\d+" class="node"/g)].length };
    },
    addEventListener: (type: string, listener: (event: unknown) => void) => listeners.set(`${id}:${type}`, listener),
  });
  const graph = element('graph');
  graph.textContent = 'Drawing...'; // as the page has it (client/src/graphs/model.ts)
  const problem = element('problem');
  const sandbox: Record<string, unknown> = {
    // A copy, as postMessage makes one (and objects of the page's own realm would not deep-equal ours).
    acquireVsCodeApi: () => ({ postMessage: (message: { type: string }) => posted.push(JSON.parse(JSON.stringify(message)) as { type: string }) }),
    document: { getElementById: (id: string) => (id === 'graph' ? graph : id === 'problem' ? problem : null) },
    addEventListener: (type: string, listener: (event: unknown) => void) => listeners.set(`window:${type}`, listener),
    console, setTimeout, clearTimeout, TextDecoder, TextEncoder, URL, performance,
    WebAssembly: (globalThis as Record<string, unknown>)['WebAssembly'],
  };
  sandbox['globalThis'] = sandbox;
  sandbox['self'] = sandbox;
  vm.runInNewContext(script, sandbox);
  return {
    posted,
    send: (data: unknown) => listeners.get('window:message')?.({ data }),
    click: (place: string) => {
      const link = { getAttributeNS: () => place, getAttribute: () => null };
      listeners.get('graph:click')?.({ target: { closest: (selector: string) => (selector === 'a' ? link : null) }, preventDefault: () => undefined });
    },
    graphHtml: () => graph.html,
    graphText: () => graph.textContent ?? '',
    problem: () => problem.textContent ?? '',
  };
}
