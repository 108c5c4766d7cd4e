// The `zolt` command as a user installs it: `npm pack` of the server workspace (its prepack
// bundles the compiler into dist/), `npm install -g` of the tarball into a fresh prefix, and the
// installed `zolt` run from a folder outside the repository: check, sim, run and the language
// server over stdio.

import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TestClient } from '../support/lsp-client';
import { fromRoot } from '../support/paths';

const HELLO = 'fn main() -> i32 {\n    println("hello from ", "an installed zolt: ", 6 * 7);\n    return 0;\n}\n';
const BROKEN = 'fn main() -> i32 {\n    var x: i32 = "text";\n    return 0;\n}\n';

describe('cli: the zolt package (npm pack, npm install -g)', function () {
  this.timeout(180_000);
  let scratch: string;
  let tarball: string;
  let zolt: string;
  let workspace: string;
  // The installed command's shebang runs `node` from PATH: this one.
  const env = { ...process.env, PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env['PATH'] ?? ''}` };
  const npm = (args: string[], cwd: string) => execFileSync('npm', args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

  before(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'zolt-package-'));
    npm(['pack', '--pack-destination', scratch], fromRoot('server'));
    const packed = fs.readdirSync(scratch).filter((f) => f.endsWith('.tgz'));
    assert.equal(packed.length, 1, `npm pack wrote ${packed.join(', ')}`);
    tarball = path.join(scratch, packed[0]!);
    const prefix = path.join(scratch, 'prefix');
    // koffi, the one dependency, comes from npm's cache when `npm ci` has filled it.
    npm(['install', '--global', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', tarball], scratch);
    zolt = path.join(prefix, 'bin', 'zolt');
    workspace = path.join(scratch, 'project');
    fs.mkdirSync(workspace);
    fs.writeFileSync(path.join(workspace, 'hello.zolt'), HELLO);
    fs.writeFileSync(path.join(workspace, 'broken.zolt'), BROKEN);
  });

  after(() => fs.rmSync(scratch, { recursive: true, force: true }));

  const run = (args: string[]) => spawnSync(zolt, args, { cwd: workspace, env, encoding: 'utf8', timeout: 60_000 });

  it('the tarball holds the command, the bundle and what it reads, and depends on koffi alone', () => {
    const files = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' }).trim().split('\n').map((f) => f.replace(/^package\//, '')).sort();
    assert.deepEqual(files.filter((f) => !f.startsWith('dist/queries/') && !f.startsWith('dist/std/')), [
      'bin/zolt.js', 'dist/build-worker.js', 'dist/runtime.zolt', 'dist/tree-sitter-zolt.wasm', 'dist/web-tree-sitter.wasm', 'dist/zolt.js', 'package.json',
    ]);
    assert.deepEqual(files.filter((f) => f.startsWith('dist/std/')).map((f) => f.slice('dist/std/'.length)), fs.readdirSync(fromRoot('server/std')).sort());
    const manifest = JSON.parse(fs.readFileSync(fromRoot('server/package.json'), 'utf8')) as { dependencies: Record<string, string> };
    assert.deepEqual(Object.keys(manifest.dependencies), ['koffi']);
  });

  it('zolt check reports an error with its location, and passes a good file', () => {
    const broken = run(['check', 'broken.zolt']);
    assert.equal(broken.status, 1, broken.stderr);
    assert.match(broken.stdout + broken.stderr, /broken\.zolt:2:\d+/);
    const good = run(['check', 'hello.zolt']);
    assert.equal(good.status, 0, good.stdout + good.stderr);
  });

  it('zolt sim and zolt run print the same, from the bundle\'s own standard library, runtime and threads', () => {
    const sim = run(['sim', 'hello.zolt']);
    assert.equal(sim.stderr, '');
    assert.equal(sim.stdout, 'hello from an installed zolt: 42\n');
    const native = run(['run', 'hello.zolt']);
    assert.equal(native.stdout, sim.stdout, native.stderr);
    assert.equal(native.status, 0);
  });

  it('zolt lsp --stdio answers a real client and publishes diagnostics', async () => {
    const client = new TestClient(workspace, { zolt });
    try {
      const capabilities = await client.initialize();
      assert.ok(capabilities['hoverProvider']);
      client.open('broken.zolt');
      const published = await client.diagnostics('broken.zolt', (p) => p.diagnostics.length > 0);
      assert.deepEqual(published.diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${String(d.code)}`).sort(), ['2:18 Z2001', '2:9 Z4002']);
    } finally {
      await client.shutdown();
    }
  });
});
