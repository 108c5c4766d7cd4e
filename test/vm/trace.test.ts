// `zolt sim --trace` as a user runs it: each program of test/fixtures/trace runs with stdout
// and stderr on one file, so the program's output stands where it happened among the trace
// lines, and the result must equal NAME.trace beside it. Addresses differ from run to run
// (the kernel places memory at random), so both sides show them as 0xADDR.
// ZOLT_UPDATE_EXPECTED=1 rewrites the expectations.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fromRoot } from '../support/paths';

const UPDATE = process.env['ZOLT_UPDATE_EXPECTED'] === '1';
const DIR = fromRoot('test/fixtures/trace');

function hideAddresses(text: string): string {
  return text.replace(/0x[0-9a-f]{6,}/g, '0xADDR');
}

/** Runs `zolt sim ARGS` with stdout and stderr on one file; its text and the exit status. */
function simInterleaved(args: readonly string[]): { text: string; status: number } {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zolt-trace-'));
  const file = path.join(tmp, 'out');
  const fd = fs.openSync(file, 'w');
  try {
    const result = spawnSync(process.execPath, [fromRoot('server/bin/zolt.js'), 'sim', ...args], { cwd: DIR, stdio: ['ignore', fd, fd], timeout: 60_000 });
    return { text: fs.readFileSync(file, 'utf8'), status: result.status ?? -1 };
  } finally {
    fs.closeSync(fd);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

describe('zolt sim --trace', () => {
  const names = fs.readdirSync(DIR).filter((f) => f.endsWith('.zolt')).sort();
  it('there are some', () => assert.ok(names.length >= 3));
  for (const name of names) {
    it(name, () => {
      const { text } = simInterleaved(['--trace', name]);
      const expectedFile = path.join(DIR, name.replace(/\.zolt$/, '.trace'));
      if (UPDATE) fs.writeFileSync(expectedFile, hideAddresses(text));
      else assert.equal(hideAddresses(text), fs.readFileSync(expectedFile, 'utf8'));
    });
  }

  it('--trace-out writes the trace to a file and leaves the output alone', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zolt-trace-out-'));
    try {
      const traceFile = path.join(tmp, 'sum.trace');
      const result = spawnSync(process.execPath, [fromRoot('server/bin/zolt.js'), 'sim', '--trace-out', traceFile, 'sum.zolt'], { cwd: DIR, encoding: 'utf8' });
      assert.equal(result.status, 0);
      assert.equal(result.stdout, '418\n');
      assert.equal(result.stderr, '');
      // The interleaved trace without the program's lines (4, 18 and the empty line).
      const expected = fs.readFileSync(path.join(DIR, 'sum.trace'), 'utf8').split('\n').filter((l) => l.startsWith('>>') || l.startsWith('===='));
      assert.equal(hideAddresses(fs.readFileSync(traceFile, 'utf8')), expected.join('\n') + '\n');
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('a program run with and without the trace prints the same', () => {
    for (const name of names) {
      const plain = spawnSync(process.execPath, [fromRoot('server/bin/zolt.js'), 'sim', name], { cwd: DIR, encoding: 'utf8' });
      const traced = spawnSync(process.execPath, [fromRoot('server/bin/zolt.js'), 'sim', '--trace-out', os.devNull, name], { cwd: DIR, encoding: 'utf8' });
      assert.deepEqual([traced.stdout, traced.stderr, traced.status], [plain.stdout, plain.stderr, plain.status], name);
    }
  });
});
