// The `zolt` command as a user runs it: a separate process, its output and exit code.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fromRoot } from '../support/paths';

export function zolt(args: string[], options: { cwd?: string; input?: string } = {}) {
  const result = spawnSync(process.execPath, [fromRoot('server/bin/zolt.js'), ...args], {
    cwd: options.cwd ?? fromRoot(),
    input: options.input,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const DESIGN_VERBS = ['build', 'run', 'sim', 'repl', 'dot', 'get', 'refactor', 'check', 'fmt', 'lsp'];

describe('zolt command', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zolt-cli-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('--help lists every verb of the design', () => {
    const { code, stdout } = zolt(['--help']);
    assert.equal(code, 0);
    for (const verb of DESIGN_VERBS) assert.match(stdout, new RegExp(`^  ${verb}\\b`, 'm'));
  });

  it('without arguments prints help and fails', () => {
    const { code, stdout } = zolt([]);
    assert.equal(code, 2);
    assert.match(stdout, /usage: zolt <command>/);
  });

  it('rejects an unknown verb', () => {
    const { code, stderr } = zolt(['frobnicate']);
    assert.equal(code, 2);
    assert.match(stderr, /unknown command 'frobnicate'/);
  });

  it('--version prints the package version', () => {
    const { code, stdout } = zolt(['--version']);
    assert.equal(code, 0);
    assert.match(stdout, /^zolt \d+\.\d+\.\d+\n$/);
  });

  it('parse prints the syntax tree of a file', () => {
    const file = path.join(dir, 'ok.zolt');
    fs.writeFileSync(file, 'fn main() -> i32 { return 0; }\n');
    const { code, stdout, stderr } = zolt(['parse', file]);
    assert.equal(stderr, '');
    assert.equal(code, 0);
    assert.match(stdout, /^\(source_file\n {2}\(function_declaration\n {4}name: \(identifier\)/);
  });

  it('parse reports syntax errors as check does (file:line:col: error Zxxxx), and exits 1', () => {
    const file = path.join(dir, 'bad.zolt');
    fs.writeFileSync(file, 'fn main() {\n    var x = 1\n    var y = f(x;\n}\n');
    const { code, stderr } = zolt(['parse', '--quiet', file]);
    assert.equal(code, 1);
    assert.equal(stderr, [
      `${file}:2:14: error Z0002: expected ';' after the variable declaration`,
      `${file}:3:16: error Z0002: expected ')' to close the argument list`,
      '2 errors, 0 warnings in 1 file',
      '',
    ].join('\n'));
    const check = zolt(['check', file]);
    assert.equal(check.code, 1);
    const syntaxLines = (text: string) => text.split('\n').filter((line) => / error Z0\d{3}: /.test(line));
    assert.deepEqual(syntaxLines(check.stdout), syntaxLines(stderr), 'check says the same');
  });

  it('parse survives invalid UTF-8 and NUL bytes', () => {
    const file = path.join(dir, 'bytes.zolt');
    fs.writeFileSync(file, Buffer.from([0x66, 0x6e, 0x00, 0xff, 0xfe, 0x28, 0x7b, 0xc3, 0x0a]));
    const { code, stderr } = zolt(['parse', '--quiet', file]);
    assert.equal(code, 1);
    assert.match(stderr, /bytes\.zolt:1:\d+: error Z0\d{3}: /);
  });

  it('check reports nothing wrong with the examples and exits 0', () => {
    const { code, stdout } = zolt(['check', 'examples']);
    assert.equal(code, 0, stdout);
    assert.match(stdout, /^0 errors, 0 warnings in \d+ files\n$/m);
  });

  it('check prints file:line:col, the code, related notes, and exits 1 on errors', () => {
    const file = path.join(dir, 'errors.zolt');
    fs.writeFileSync(file, 'fn f(x: i64) {}\nfn f(x: f64) {}\nfn main() {\n    f("s");\n    var unused = 1;\n}\n');
    const { code, stdout } = zolt(['check', file], { cwd: dir });
    assert.equal(code, 1);
    assert.equal(stdout, [
      "errors.zolt:4:5: error Z2102: no overload of 'f' takes (string)",
      '    errors.zolt:1:4: note: f(x: i64): argument 1: expected i64, found string',
      '    errors.zolt:2:4: note: f(x: f64): argument 1: expected f64, found string',
      "errors.zolt:5:9: warning Z4002: variable 'unused' is never used",
      '1 error, 1 warning in 1 file',
      '',
    ].join('\n'));
  });

  it('the standard library checks clean', () => {
    const { code, stdout } = zolt(['check', 'server/std']);
    assert.equal(code, 0);
    assert.match(stdout, /^0 errors, 0 warnings in \d+ files\n$/m);
  });

  it('check --json gives the same diagnostics to tools', () => {
    const file = path.join(dir, 'json.zolt');
    fs.writeFileSync(file, 'fn main() { var b: u8 = 300; println(b); }\n');
    const { code, stdout } = zolt(['check', '--json', file]);
    assert.equal(code, 1);
    const report = JSON.parse(stdout) as { errors: number; files: { file: string; diagnostics: { code: string; message: string; range: { start: { line: number; character: number } } }[] }[] };
    assert.equal(report.errors, 1);
    assert.deepEqual(report.files[0]!.diagnostics.map((d) => [d.code, d.message, d.range.start]), [['Z2006', '300 does not fit in u8 (0 to 255)', { line: 0, character: 24 }]]);
  });

  it('check names a path that does not exist and exits 2', () => {
    const { code, stderr } = zolt(['check', path.join(dir, 'missing-folder')]);
    assert.equal(code, 2);
    assert.match(stderr, /no such file or folder/);
  });

  it('parse explains a missing file as check does, and exits 2', () => {
    const missing = path.join(dir, 'nope.zolt');
    const { code, stderr } = zolt(['parse', missing]);
    assert.equal(code, 2);
    assert.equal(stderr, `zolt parse: no such file or folder: ${missing}\n`);
    const check = zolt(['check', missing]);
    assert.equal(check.code, 2);
    assert.equal(check.stderr, `zolt check: no such file or folder: ${missing}\n`);
    assert.equal(check.stdout, '', 'no count of zero files after the error');
  });

  it('check reports the errors of the files a program imports', () => {
    fs.mkdirSync(path.join(dir, 'imports'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'imports', 'lib.zolt'), 'fn bad() -> i64 {\n    return "x";\n}\n');
    fs.writeFileSync(path.join(dir, 'imports', 'main.zolt'), 'import "lib";\n\nfn main() {\n    println(bad());\n}\n');
    const { code, stdout } = zolt(['check', path.join(dir, 'imports', 'main.zolt')]);
    assert.equal(code, 1);
    assert.equal(stdout, `${path.join(dir, 'imports', 'lib.zolt')}:2:12: error Z2001: type mismatch: expected i64, found string\n1 error, 0 warnings in 2 files\n`);
  });
});
