// `zolt build` and `zolt run` as a user meets them, run as processes: what they make is read by
// binutils (readelf, objdump) and run by the kernel and glibc's loader; a program with errors, a
// missing library, a missing file and an output that cannot be written each get a clear message
// and leave nothing behind; the build needs nothing but node on PATH; an object file links with
// the system's cc; and programs of 10,000 lines and a function of 5,000 statements build and
// print what the interpreter prints.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fromRoot } from '../support/paths';

const ZOLT = fromRoot('server/bin/zolt.js');
const HELLO = fromRoot('examples/hello.zolt');
const BAD = fromRoot('test/fixtures/bad-input');

interface Result {
  readonly stdout: string;
  readonly stderr: string;
  readonly status: number;
}

function spawn(command: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Result {
  const result = spawnSync(command, args, { ...options, encoding: 'utf8', timeout: 120_000 });
  if (result.error) throw result.error;
  return { stdout: result.stdout, stderr: result.stderr, status: result.status ?? -1 };
}

const zolt = (args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) => spawn(process.execPath, [ZOLT, ...args], options);

function have(tool: string): boolean {
  return spawnSync(tool, ['--version'], { encoding: 'utf8' }).status === 0;
}

describe('zolt build and zolt run', function () {
  this.timeout(180_000);
  let dir: string;
  before(function () {
    if (process.platform !== 'linux' || process.arch !== 'x64') this.skip();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zolt-build-'));
  });
  after(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('what it makes', () => {
    let exe: string;
    before(() => {
      exe = path.join(dir, 'hello');
      assert.deepEqual(zolt(['build', HELLO, '-o', exe]), { stdout: '', stderr: '', status: 0 });
    });

    it('runs under the kernel and glibc\'s loader', () => {
      assert.deepEqual(spawn(exe, []), { stdout: 'Hello, Zolt!\n', stderr: '', status: 0 });
      assert.equal(fs.statSync(exe).mode & 0o777, 0o755);
    });

    it('readelf -a: no warning; an interpreter, libc needed, bound now, a stack that is not executable', function () {
      if (!have('readelf')) this.skip();
      const elf = spawn('readelf', ['-aW', exe]);
      assert.equal(elf.status, 0);
      assert.equal(elf.stderr, '');
      assert.match(elf.stdout, /Type:\s+DYN/);
      assert.match(elf.stdout, /\[Requesting program interpreter: \/lib64\/ld-linux-x86-64\.so\.2\]/);
      assert.match(elf.stdout, /\(NEEDED\)\s+Shared library: \[libc\.so\.6\]/);
      assert.match(elf.stdout, /\(FLAGS\)\s+BIND_NOW/);
      assert.match(elf.stdout, /GNU_STACK\s+(\S+\s+){5}RW /);
      for (const header of ['PHDR', 'INTERP', 'LOAD', 'DYNAMIC']) assert.match(elf.stdout, new RegExp(`^\\s+${header}\\s`, 'm'));
    });

    it('objdump -d shows main, the runtime\'s functions by name, and calls through the GOT', function () {
      if (!have('objdump')) this.skip();
      const dump = spawn('objdump', ['-d', '--no-show-raw-insn', exe]);
      assert.equal(dump.status, 0);
      assert.match(dump.stdout, /<main>:/);
      assert.match(dump.stdout, /<rt\$rt_print_str>:/);
      assert.match(dump.stdout, /call\s+\*0x[0-9a-f]+\(%rip\)/);
    });

    it('--emit asm lists each function with addresses and the source line of its instructions', () => {
      const asm = zolt(['build', HELLO, '--emit', 'asm']);
      assert.equal(asm.status, 0);
      assert.match(asm.stdout, /^main:\n {2}000000 {2}push rbp {2}; hello\.zolt:5:4\n/);
      assert.match(asm.stdout, /call 0x[0-9a-f]+ {2}# rt\$rt_print_str {2}; hello\.zolt:6:5\n/);
    });

    it("--emit asm: a function's prologue is at its own declaration, the padding after it at none", () => {
      const asm = zolt(['build', fromRoot('bench/programs/fib.zolt'), '--emit', 'asm']);
      assert.equal(asm.status, 0);
      assert.match(asm.stdout, /\nfib:\n {2}[0-9a-f]+ {2}push rbp {2}; fib\.zolt:5:4\n/);
      // Padding (wherever a function's size leaves some before the next) belongs to no line.
      assert.match(asm.stdout, /\n {2}[0-9a-f]+ {2}nop[^;\n]*\n\n[a-z_$]+:/);
    });

    it('--emit obj: a relocatable object that the system cc links into the same program', function () {
      if (!have('gcc')) this.skip();
      const object = path.join(dir, 'hello.o');
      assert.equal(zolt(['build', HELLO, '--emit', 'obj', '-o', object]).status, 0);
      const linked = path.join(dir, 'hello-linked');
      const gcc = spawn('gcc', ['-o', linked, object]);
      assert.equal(gcc.status, 0, gcc.stderr);
      assert.deepEqual(spawn(linked, []), { stdout: 'Hello, Zolt!\n', stderr: '', status: 0 });
    });

    it('needs no cc, as or ld: a PATH that holds only node', () => {
      const bin = path.join(dir, 'only-node');
      fs.mkdirSync(bin);
      fs.symlinkSync(process.execPath, path.join(bin, 'node'));
      const out = path.join(dir, 'hello-path');
      const built = spawn(path.join(bin, 'node'), [ZOLT, 'build', HELLO, '-o', out], { env: { PATH: bin, HOME: dir } });
      assert.deepEqual(built, { stdout: '', stderr: '', status: 0 });
      assert.equal(spawn(out, []).stdout, 'Hello, Zolt!\n');
    });
  });

  describe('bad input', () => {
    it('a program with errors is not compiled: its diagnostics as zolt check prints them, exit 1, no file', () => {
      const check = zolt(['check', 'type-errors.zolt'], { cwd: BAD });
      assert.equal(check.status, 1);
      const out = path.join(dir, 'type-errors');
      assert.deepEqual(zolt(['build', 'type-errors.zolt', '-o', out], { cwd: BAD }), { stdout: '', stderr: check.stdout, status: 1 });
      assert.equal(fs.existsSync(out), false);
      assert.deepEqual(zolt(['run', 'type-errors.zolt'], { cwd: BAD }), { stdout: '', stderr: check.stdout, status: 1 });
    });

    it('a foreign library that is not installed: the program does not start, the loader names it, exit 127', () => {
      const run = zolt(['run', 'no-library.zolt'], { cwd: BAD });
      assert.equal(run.status, 127);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, /libnosuchlib\.so: cannot open shared object file/);
    });

    it('a file that does not exist: said so, exit 2', () => {
      for (const verb of ['build', 'run']) {
        const result = zolt([verb, 'no-such-file.zolt'], { cwd: dir });
        assert.equal(result.status, 2, verb);
        assert.match(result.stderr, /no such file/, verb);
      }
    });

    it('an output that cannot be written: the reason, exit 1, and nothing left beside it', () => {
      const missing = zolt(['build', HELLO, '-o', path.join(dir, 'no', 'such', 'folder', 'hello')]);
      assert.deepEqual(missing, { stdout: '', stderr: `zolt build: cannot write ${path.join(dir, 'no', 'such', 'folder', 'hello')}: no such folder\n`, status: 1 });
      const folder = path.join(dir, 'a-folder');
      fs.mkdirSync(folder);
      assert.deepEqual(zolt(['build', HELLO, '-o', folder]), { stdout: '', stderr: `zolt build: cannot write ${folder}: it is a folder\n`, status: 1 });
      assert.deepEqual(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp')), []);
    });

    it('another target is refused with the one it makes', () => {
      const result = zolt(['build', HELLO, '--target', 'aarch64-linux']);
      assert.equal(result.status, 2);
      assert.match(result.stderr, /x86-64 Linux code only \(--target x86_64-linux\), not 'aarch64-linux'/);
    });
  });

  describe('large programs build and print what the interpreter prints', () => {
    const same = (file: string) => {
      const native = zolt(['run', file]);
      const sim = zolt(['sim', file]);
      assert.equal(native.status, 0, native.stderr);
      assert.deepEqual(native, sim);
    };

    it('10,000 lines: 1,000 functions of loops, arithmetic, structs and calls', () => {
      const file = path.join(dir, 'ten-thousand.zolt');
      fs.writeFileSync(file, tenThousandLines());
      assert.ok(fs.readFileSync(file, 'utf8').split('\n').length >= 10_000);
      same(file);
    });

    it('a function of 5,000 statements', () => {
      const file = path.join(dir, 'long-function.zolt');
      const body = Array.from({ length: 5000 }, (_, k) => (k % 5 === 4 ? `    println(a, " ", b);` : `    a = a * ${(k % 7) + 2} + b ^ ${k};\n    b = (b + a) % 1000003;`.split('\n')[k % 2]!));
      fs.writeFileSync(file, `fn main() {\n    var a: i64 = 1;\n    var b: i64 = 2;\n${body.join('\n')}\n    println(a, " ", b);\n}\n`);
      same(file);
    });
  });
});

/** A program of 1,000 ten-line functions and a main that calls each (every line does work). */
function tenThousandLines(): string {
  const parts = ['struct Acc { sum: i64, count: i32, last: f64 }', ''];
  for (let k = 0; k < 1000; k++) {
    parts.push(
      `fn step_${k}(acc: *Acc, n: i64) -> i64 {`,
      `    var total: i64 = ${k};`,
      `    for i in 0..n {`,
      `        total = total * 31 + i ^ ${k * 7 + 1};`,
      `        if total > 1000000007 { total = total % 1000000007; }`,
      `    }`,
      `    acc.sum = (acc.sum + total) % 998244353;`,
      `    acc.count += 1;`,
      `    acc.last = (total as f64) / ${k + 1}.0;`,
      `    return total;`,
      `}`,
    );
  }
  parts.push('fn main() {', '    var acc = Acc{ sum: 0, count: 0, last: 0.0 };');
  for (let k = 0; k < 1000; k++) parts.push(`    step_${k}(&acc, ${(k % 13) + 1});${k % 100 === 99 ? ` println(acc.sum, " ", acc.count, " ", acc.last);` : ''}`);
  parts.push('    println(acc.sum, " ", acc.count, " ", acc.last);', '}', '');
  return parts.join('\n');
}
