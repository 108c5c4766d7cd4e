// `zolt sim` given bad input, as a user meets it, run as a process: the programs of
// test/fixtures/bad-input with what running them must give beside them (the run-fixture
// format, support/run-fixtures.ts: NAME.out, NAME.err, NAME.status; ZOLT_UPDATE_EXPECTED=1
// rewrites them), which are the interpreter's own (a native executable's loader words its
// messages otherwise; the language's run-time errors are run fixtures, test/fixtures/run/err-*);
// a program with errors, which is never run; a file that does not exist; output into a pipe
// that its reader leaves full; and a program interrupted while it runs, by a signal and by
// Ctrl-C at a terminal.

import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { fromRoot } from '../support/paths';
import { listRunFixtures, updateRunFixture } from '../support/run-fixtures';

const UPDATE = process.env['ZOLT_UPDATE_EXPECTED'] === '1';
const DIR = fromRoot('test/fixtures/bad-input');
const ZOLT = fromRoot('server/bin/zolt.js');

function zolt(args: readonly string[], cwd = DIR) {
  const result = spawnSync(process.execPath, [ZOLT, ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
  return { stdout: result.stdout, stderr: result.stderr, status: result.status ?? -1 };
}

/** What the interpreter must never show a user: its own stack or an internal error. */
function assertNoInterpreterTrace(stderr: string): void {
  assert.doesNotMatch(stderr, /internal error|\.js:\d+|node:internal|^\s+at .*\(\/|Error: /m);
}

describe('zolt sim on bad input', () => {
  describe('fixtures', () => {
    const fixtures = listRunFixtures(DIR);
    it('there are some', () => assert.ok(fixtures.length >= 4, `only ${fixtures.length}`));
    for (const fixture of fixtures) {
      it(fixture.name, () => {
        const result = zolt(['sim', fixture.name, '--', ...fixture.args]);
        if (UPDATE) updateRunFixture(fixture, result);
        else assert.deepEqual(result, { stdout: fixture.stdout, stderr: fixture.stderr, status: fixture.status });
        assertNoInterpreterTrace(result.stderr);
      });
    }
  });

  it('a program with errors is not run: its diagnostics as zolt check prints them, exit 1', () => {
    const sim = zolt(['sim', 'type-errors.zolt']);
    const check = zolt(['check', 'type-errors.zolt']);
    assert.equal(check.status, 1);
    assert.match(check.stdout, /error Z2001/);
    assert.deepEqual(sim, { stdout: '', stderr: check.stdout, status: 1 });
  });

  it('the run-time errors of the language stop the program with a Zolt trace, exit 101', () => {
    const dir = fromRoot('test/fixtures/run');
    for (const name of ['err-stack-overflow.zolt', 'err-oom.zolt', 'err-alloc-too-large.zolt']) {
      const result = zolt(['sim', name], dir);
      assert.equal(result.status, 101, name);
      assert.match(result.stderr, /^[\w-]+\.zolt:\d+:\d+: runtime error: .+\n(    at \w+ \([\w-]+\.zolt:\d+:\d+\)\n)+(    \.\.\.\n)?$/, name);
      assertNoInterpreterTrace(result.stderr);
    }
  });

  describe('a file that does not exist', () => {
    it('zolt sim says so, exit 2, as zolt check does', () => {
      const sim = zolt(['sim', 'no-such-file.zolt', '--', 'an', 'argument']);
      assert.equal(sim.stdout, '');
      assert.equal(sim.status, 2);
      assert.match(sim.stderr, /^zolt sim: no such file: no-such-file\.zolt\n/);
      assertNoInterpreterTrace(sim.stderr);
      const check = zolt(['check', 'no-such-file.zolt']);
      assert.equal(check.status, 2);
      assert.match(check.stderr, /no such file or folder: no-such-file\.zolt/);
    });
  });

  it('into a pipe its reader leaves full for a while, all of C\'s output and Zolt\'s arrives, in order', async () => {
    const child = spawn(process.execPath, [ZOLT, 'sim', 'flood.zolt'], { cwd: path.join(DIR, 'pipe') });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    await new Promise((resolve) => setTimeout(resolve, 1000)); // the pipe fills meanwhile
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    assert.equal(await closed, 0);
    const expected = Array.from({ length: 20000 }, (_, i) => (i % 2 === 0 ? `${String(i).padStart(5, '0')} from C` : `${i} from Zolt`) + ', the quick brown fox jumps over the lazy dog\n');
    assert.equal(Buffer.concat(chunks).toString(), expected.join(''));
    assert.equal(stderr, 'printf calls that failed: 0\n');
  });

  describe('interrupted', () => {
    /** Runs a program of interrupt/, sends `signal` once it wrote `started` on stderr. */
    function interrupt(name: string, signal: NodeJS.Signals): Promise<{ stdout: string; stderr: string; code: number | null; signal: NodeJS.Signals | null }> {
      return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [ZOLT, 'sim', name], { cwd: path.join(DIR, 'interrupt') });
        let stdout = '';
        let stderr = '';
        let sent = false;
        const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => {
          stderr += chunk.toString();
          if (!sent && stderr.includes('started\n')) {
            sent = true;
            setTimeout(() => child.kill(signal), 100); // into the loop, or the C call
          }
        });
        child.on('error', reject);
        child.on('close', (code, sig) => {
          clearTimeout(guard);
          resolve({ stdout, stderr, code, signal: sig });
        });
      });
    }

    it('by SIGINT in a loop: what it printed is written out, a short message, killed by SIGINT (status 130)', async () => {
      const result = await interrupt('loop.zolt', 'SIGINT');
      assert.deepEqual(result, { stdout: 'looping\n', stderr: 'started\nzolt sim: interrupted (SIGINT)\n', code: null, signal: 'SIGINT' });
    });

    it('by SIGTERM likewise', async () => {
      const result = await interrupt('loop.zolt', 'SIGTERM');
      assert.deepEqual(result, { stdout: 'looping\n', stderr: 'started\nzolt sim: interrupted (SIGTERM)\n', code: null, signal: 'SIGTERM' });
    });

    it('by SIGINT in the middle of a C call', async () => {
      const started = Date.now();
      const result = await interrupt('sleep.zolt', 'SIGINT');
      assert.deepEqual(result, { stdout: 'sleeping\n', stderr: 'started\nzolt sim: interrupted (SIGINT)\n', code: null, signal: 'SIGINT' });
      assert.ok(Date.now() - started < 30_000, 'it waited for the C call to return');
    });

    it('by Ctrl-C at a terminal, where each line is written when it ends (status 130)', function () {
      if (spawnSync('script', ['--version']).status !== 0) this.skip(); // util-linux's script: a pseudo-terminal
      return new Promise<void>((resolve, reject) => {
        const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(ZOLT)} sim terminal.zolt`;
        const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd: path.join(DIR, 'interrupt') });
        let text = '';
        let typed = false;
        const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
        child.stdout.on('data', (chunk: Buffer) => {
          text += chunk.toString();
          // The line arrives while the program runs (it loops forever after it): line-buffered.
          if (!typed && text.includes('first line\r\n')) {
            typed = true;
            child.stdin.write('\x03'); // Ctrl-C: the terminal sends SIGINT
          }
        });
        child.on('error', reject);
        child.on('close', (code) => {
          clearTimeout(guard);
          try {
            assert.ok(typed, `the line never came: ${JSON.stringify(text)}`);
            assert.equal(code, 130); // script -e: the program's status, 128 + SIGINT
            assert.match(text, /^first line\r\n(\^C)?\r\nzolt sim: interrupted \(SIGINT\)\r\n$/);
            resolve();
          } catch (error) {
            reject(error);
          }
        });
      });
    });
  });
});
