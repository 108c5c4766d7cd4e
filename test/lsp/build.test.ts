// Compile on save through a real client over stdio: a save builds the program the file belongs
// to (in a worker thread) and announces it with `zolt/buildFinished`; the executable exists and
// runs; what stops a build is a diagnostic of source "zolt build" unless the analysis already
// shows it; a newer save cancels an older build; the settings, the trust flag and a machine the
// backend makes nothing for (process.arch replaced) turn building off; the `zolt/build` request
// builds whatever the setting says.
//
// "Nothing was built" is checked without waiting for time to pass: a build asks the client for
// a progress token (window/workDoneProgress/create) while the server handles the save, before
// it answers any later request. So when a request sent after the save is answered and no token
// was asked for, no build started.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { WorkDoneProgress, type Diagnostic, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { TestClient } from '../support/lsp-client';

interface BuildReport {
  uri: string;
  ok: boolean;
  milliseconds?: number;
  executable?: string;
  message?: string;
}

const HELLO = 'fn main() -> i32 {\n    println("Hello, Zolt!");\n    return 0;\n}\n';
const LIB = 'fn greeting() -> string {\n    return "Hello from lib";\n}\n';
const USES_LIB = 'import "lib";\n\nfn main() -> i32 {\n    println(greeting());\n    return 0;\n}\n';
const TYPE_ERROR = 'fn main() -> i32 {\n    var count: i64 = "three";\n    return 0;\n}\n';
/** A parameter without a type makes `main` generic: it checks, but there is nothing to run. */
const GENERIC_MAIN = 'fn main(argument) -> i32 {\n    return 0;\n}\n';

/** A client on a temporary workspace that records builds and progress tokens. */
class BuildClient {
  readonly client: TestClient;
  readonly finished: BuildReport[] = [];
  /** Progress tokens the server asked for, and the titles of the progress begun. */
  tokens = 0;
  readonly begun = new Map<string, string>();
  readonly ended = new Set<string>();

  /** What the server showed the user (window/showMessage). */
  readonly shown: string[] = [];

  constructor(readonly root: string, settings: Record<string, unknown> = {}, nodeArgs: string[] = []) {
    this.client = new TestClient(root, { settings: { diagnostics: { delay: 0 }, ...settings }, nodeArgs });
    const c = this.client.connection;
    c.onNotification('zolt/buildFinished', (report: BuildReport) => {
      this.finished.push(report);
    });
    c.onNotification('window/showMessage', ({ message }: { message: string }) => {
      this.shown.push(message);
    });
    c.onRequest('window/workDoneProgress/create', ({ token }: { token: string | number }) => {
      this.tokens++;
      c.onProgress(WorkDoneProgress.type, token, (value) => {
        if (value.kind === 'begin') this.begun.set(String(token), value.title);
        if (value.kind === 'end') this.ended.add(String(token));
      });
      return null;
    });
  }

  /** Initializes (with `initializationOptions`, which TestClient does not send) and waits until the workspace is indexed. */
  async start(initializationOptions?: Record<string, unknown>): Promise<void> {
    if (initializationOptions === undefined) await this.client.initialize();
    else {
      const uri = pathToFileURL(this.root).href;
      await this.client.connection.sendRequest('initialize', {
        processId: process.pid, rootUri: uri, workspaceFolders: [{ uri, name: 'ws' }], initializationOptions,
        capabilities: { workspace: { configuration: true }, window: { workDoneProgress: true } },
      });
      void this.client.connection.sendNotification('initialized', {});
    }
    await until('the index', () => [...this.begun].some(([token, title]) => title === 'Indexing Zolt files' && this.ended.has(token)));
  }

  save(file: string): void {
    void this.client.connection.sendNotification('textDocument/didSave', { textDocument: { uri: this.client.uri(file) } });
  }

  /** The n-th build announced (1-based), once it is. */
  async build(n = 1): Promise<BuildReport> {
    await until(`build ${n}`, () => this.finished.length >= n);
    return this.finished[n - 1]!;
  }

  request(file: string): Promise<BuildReport> {
    return this.client.request<BuildReport>('zolt/build', { textDocument: { uri: this.client.uri(file) } });
  }

  /** Whether a save starts no build: see the top of this file. */
  async savesWithoutBuilding(file: string): Promise<boolean> {
    const before = this.tokens;
    this.save(file);
    await this.client.request('textDocument/documentSymbol', { textDocument: { uri: this.client.uri(file) } });
    return this.tokens === before;
  }
}

async function until(what: string, holds: () => boolean, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!holds()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const text = (d: Diagnostic) => `${d.source} ${d.range.start.line + 1}:${d.range.start.character + 1} ${typeof d.message === 'string' ? d.message : d.message.value}`;

function run(executable: string): { stdout: string; status: number | null } {
  const result = spawnSync(executable, [], { encoding: 'utf8', timeout: 30_000 });
  return { stdout: result.stdout, status: result.status };
}

interface TargetCase {
  name: string;
  files: Record<string, string>;
  settings?: Record<string, unknown>;
  save: string;
  /** The executable, relative to the workspace. */
  executable: string;
  stdout: string;
}

const TARGETS: TargetCase[] = [
  { name: 'the saved file has main', files: { 'main.zolt': HELLO }, save: 'main.zolt', executable: '.zolt/build/main', stdout: 'Hello, Zolt!\n' },
  { name: 'a saved file imported by the file with main', files: { 'lib.zolt': LIB, 'main.zolt': USES_LIB }, save: 'lib.zolt', executable: '.zolt/build/main', stdout: 'Hello from lib\n' },
  { name: "zolt.json's main, from a file beside it", files: { 'zolt.json': '{ "main": "src/start.zolt" }', 'src/start.zolt': USES_LIB, 'src/lib.zolt': LIB, 'other.zolt': HELLO }, save: 'other.zolt', executable: '.zolt/build/start', stdout: 'Hello from lib\n' },
  { name: 'zolt.build.outputDirectory relative to the workspace folder', files: { 'main.zolt': HELLO }, settings: { build: { outputDirectory: 'out/bin' } }, save: 'main.zolt', executable: 'out/bin/main', stdout: 'Hello, Zolt!\n' },
];

describe('language server: compile on save', function () {
  this.timeout(120_000);
  let dir: string;
  let b: BuildClient;

  function workspace(files: Record<string, string>): string {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zolt-build-'));
    for (const [name, content] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), content);
    }
    return dir;
  }

  async function start(files: Record<string, string>, settings?: Record<string, unknown>, initializationOptions?: Record<string, unknown>, nodeArgs?: string[]): Promise<BuildClient> {
    b = new BuildClient(workspace(files), settings, nodeArgs);
    await b.start(initializationOptions);
    return b;
  }

  afterEach(async () => {
    await b.client.shutdown();
    assert.equal(b.client.stderr.join(''), '', 'the server wrote to stderr');
    assert.ok(!b.client.logs.some((l) => l.includes('uncaught') || l.includes('unhandled')), b.client.logs.join('\n'));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const c of TARGETS) {
    it(`builds on save: ${c.name}`, async () => {
      await start(c.files, c.settings);
      b.save(c.save);
      const report = await b.build();
      assert.equal(report.ok, true, report.message);
      assert.equal(report.executable, path.join(dir, c.executable));
      assert.equal(typeof report.milliseconds, 'number');
      assert.deepEqual(run(report.executable!), { stdout: c.stdout, status: 0 });
      // Progress was reported and ended; the folder made for the executables ignores them in git.
      assert.deepEqual([...b.begun.values()].filter((t) => t.startsWith('Building')), [`Building ${path.basename(c.executable)}.zolt`]);
      assert.equal(b.ended.size, b.begun.size);
      assert.equal(fs.readFileSync(path.join(path.dirname(report.executable!), '.gitignore'), 'utf8').split('\n').at(-2), '*');
    });
  }

  it('answers a request sent after the save before the build finishes (the build runs in a worker)', async () => {
    await start({ 'main.zolt': HELLO });
    const uri = b.client.open('main.zolt');
    b.save('main.zolt');
    const symbols = await b.client.request<unknown[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.equal(symbols.length, 1);
    assert.equal(b.finished.length, 0, 'the build finished before the server answered');
    assert.equal((await b.build()).ok, true);
  });

  it('builds nothing for a program with a type error, says why, and does not repeat the analysis error', async () => {
    await start({ 'main.zolt': TYPE_ERROR });
    b.client.open('main.zolt');
    b.save('main.zolt');
    const report = await b.build();
    assert.deepEqual(report, { uri: b.client.uri('main.zolt'), ok: false, milliseconds: report.milliseconds, message: 'not built: 1 error in main.zolt' });
    assert.ok(!fs.existsSync(path.join(dir, '.zolt/build/main')));
    const published = await b.client.diagnostics('main.zolt', (p) => p.diagnostics.length > 0);
    assert.deepEqual(published.diagnostics.map(text), ["zolt 2:9 variable 'count' is never used", 'zolt 2:22 type mismatch: expected i64, found string']);
  });

  it('shows what only the build finds as a "zolt build" diagnostic until a build succeeds', async () => {
    await start({ 'main.zolt': GENERIC_MAIN });
    b.client.open('main.zolt');
    b.save('main.zolt');
    const report = await b.build();
    assert.equal(report.message, "not built: main.zolt has no function 'main' to run");
    const withBuild = (p: PublishDiagnosticsParams) => p.diagnostics.some((d) => d.source === 'zolt build');
    const failed = await b.client.diagnostics('main.zolt', withBuild);
    assert.deepEqual(failed.diagnostics.map(text), ["zolt build 1:4 main.zolt has no function 'main' to run"]);
    // The fix, typed but not saved: the analysis publishes again, the build's diagnostic stays.
    const version = b.client.change('main.zolt', [{ range: { start: { line: 0, character: 8 }, end: { line: 0, character: 16 } }, text: '' }]);
    const edited = await b.client.diagnostics('main.zolt', (p) => p.version === version);
    assert.deepEqual(edited.diagnostics.map(text), failed.diagnostics.map(text));
    // Saved: the next build succeeds and takes its diagnostic away.
    fs.writeFileSync(path.join(dir, 'main.zolt'), GENERIC_MAIN.replace('argument', ''));
    b.save('main.zolt');
    assert.equal((await b.build(2)).ok, true);
    const cleared = await b.client.diagnostics('main.zolt', (p) => !withBuild(p));
    assert.deepEqual(cleared.diagnostics, []);
  });

  it('shows the errors of an imported file outside the workspace folders once a build finds them (once each)', async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'zolt-outside-'));
    try {
      fs.writeFileSync(path.join(outside, 'bad.zolt'), 'fn broken() -> i64 {\n    return "no";\n}\n');
      await start({ 'main.zolt': `import "../${path.basename(outside)}/bad";\n\nfn main() -> i32 {\n    return 0;\n}\n` });
      b.save('main.zolt');
      assert.equal((await b.build()).message, 'not built: 1 error in bad.zolt');
      const uri = pathToFileURL(path.join(outside, 'bad.zolt')).href;
      await until('the diagnostics of bad.zolt', () => b.client.publications.some((p) => p.uri === uri && p.diagnostics.length > 0));
      const published = [...b.client.publications].reverse().find((p) => p.uri === uri)!;
      // The analysis knows the file too (main.zolt imports it): its diagnostic, not the build's copy.
      assert.deepEqual(published.diagnostics.map(text), ['zolt 2:12 type mismatch: expected i64, found string']);
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  it('announces only the last of two quick saves (the older build is cancelled)', async () => {
    await start({ 'first.zolt': HELLO, 'second.zolt': HELLO });
    await b.client.together(() => {
      b.save('first.zolt');
      b.save('second.zolt');
    });
    const report = await b.build();
    assert.equal(report.uri, b.client.uri('second.zolt'));
    assert.equal(report.ok, true);
    // A request after both: had the first build not been cancelled, its report would be here.
    assert.equal((await b.request('second.zolt')).ok, true);
    assert.deepEqual(b.finished.map((r) => path.basename(r.uri)), ['second.zolt', 'second.zolt']);
    assert.ok(!fs.existsSync(path.join(dir, '.zolt/build/first')));
  });

  it('answers a build request that a save of the same program cancels with the report of the save\'s build', async () => {
    await start({ 'main.zolt': HELLO });
    let answer: Promise<BuildReport> | undefined;
    const before = b.tokens;
    await b.client.together(() => {
      answer = b.request('main.zolt');
      b.save('main.zolt');
    });
    const report = await answer!;
    assert.equal(report.ok, true, report.message);
    // Two builds started (each asked for a progress token), one was announced.
    assert.equal(b.tokens - before, 2);
    assert.deepEqual(b.finished, [report]);
  });

  it('builds nothing on save when zolt.build.onSave is false, and still builds when asked', async () => {
    await start({ 'main.zolt': HELLO }, { build: { onSave: false } });
    assert.ok(await b.savesWithoutBuilding('main.zolt'), 'a build started');
    const report = await b.request('main.zolt');
    assert.equal(report.ok, true, report.message);
    assert.deepEqual(run(report.executable!), { stdout: 'Hello, Zolt!\n', status: 0 });
    assert.equal(b.finished.length, 1);
  });

  it('builds nothing in an untrusted workspace (initializationOptions), until the client says it is trusted', async () => {
    await start({ 'main.zolt': HELLO }, {}, { workspaceTrusted: false });
    assert.ok(await b.savesWithoutBuilding('main.zolt'), 'a build started');
    const refused = await b.request('main.zolt');
    assert.deepEqual(refused, { uri: b.client.uri('main.zolt'), ok: false, message: 'nothing is built in Restricted Mode: the workspace is not trusted' });
    assert.equal(b.finished.length, 0);
    assert.ok(!fs.existsSync(path.join(dir, '.zolt')));
    void b.client.connection.sendNotification('zolt/workspaceTrusted');
    b.save('main.zolt');
    assert.equal((await b.build()).ok, true);
  });

  it('builds nothing for a file no program uses, and says so when asked', async () => {
    await start({ 'lib.zolt': LIB });
    assert.ok(await b.savesWithoutBuilding('lib.zolt'), 'a build started');
    const report = await b.request('lib.zolt');
    assert.equal(report.message, "lib.zolt is in no program: it has no function 'main', and no file that has one imports it");
  });

  it('builds nothing on a machine the backend makes no executables for, and says so once', async () => {
    // The server believes it runs on arm64: process.arch is replaced before it starts.
    const preload = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'zolt-arch-')), 'arm64.js');
    fs.writeFileSync(preload, "Object.defineProperty(process, 'arch', { value: 'arm64' });\n");
    try {
      await start({ 'main.zolt': HELLO }, {}, undefined, ['--require', preload]);
      assert.ok(await b.savesWithoutBuilding('main.zolt'), 'a build started');
      assert.ok(await b.savesWithoutBuilding('main.zolt'), 'a build started');
      const unsupported = 'the native backend makes x86-64 Linux executables; this machine is linux/arm64 (zolt sim runs programs here)';
      assert.deepEqual(b.shown, [`Zolt: nothing is built on save: ${unsupported}`]);
      assert.deepEqual(await b.request('main.zolt'), { uri: b.client.uri('main.zolt'), ok: false, message: unsupported });
      assert.ok(!fs.existsSync(path.join(dir, '.zolt')));
    } finally {
      fs.rmSync(path.dirname(preload), { recursive: true, force: true });
    }
  });
});
