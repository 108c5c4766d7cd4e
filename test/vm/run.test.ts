// The interpreter as a user runs it: `zolt sim` as a process on every example (its output
// beside it, examples/NAME.out), every run fixture (test/fixtures/run: stdout, stderr, exit
// status; support/run-fixtures.ts), and the benchmark programs at their default size
// (bench/programs/NAME.out).

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fromRoot } from '../support/paths';
import { listRunFixtures, updateRunFixture } from '../support/run-fixtures';

const UPDATE = process.env['ZOLT_UPDATE_EXPECTED'] === '1';

export function sim(file: string, args: readonly string[], cwd: string) {
  const result = spawnSync(process.execPath, [fromRoot('server/bin/zolt.js'), 'sim', file, '--', ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
  return { stdout: result.stdout, stderr: result.stderr, status: result.status ?? -1 };
}

describe('zolt sim', () => {
  describe('examples', () => {
    for (const name of fs.readdirSync(fromRoot('examples')).filter((f) => f.endsWith('.zolt')).sort()) {
      it(name, () => {
        const result = sim(path.join('examples', name), [], fromRoot());
        assert.equal(result.stderr, '');
        assert.equal(result.status, 0);
        assert.equal(result.stdout, fs.readFileSync(fromRoot('examples', name.replace(/\.zolt$/, '.out')), 'utf8'));
      });
    }
  });

  describe('run fixtures', () => {
    const fixtures = listRunFixtures(fromRoot('test/fixtures/run'));
    it('there are some', () => assert.ok(fixtures.length >= 20, `only ${fixtures.length}`));
    for (const fixture of fixtures) {
      it(fixture.name, () => {
        const result = sim(fixture.name, fixture.args, fixture.dir);
        if (UPDATE) updateRunFixture(fixture, result);
        else assert.deepEqual(result, { stdout: fixture.stdout, stderr: fixture.stderr, status: fixture.status });
      });
    }
  });

  describe('benchmark programs', () => {
    const dir = fromRoot('bench/programs');
    for (const name of fs.readdirSync(dir).filter((f) => f.endsWith('.zolt')).sort()) {
      it(name, function () {
        this.timeout(120_000);
        const result = sim(name, [], dir);
        assert.equal(result.stderr, '');
        assert.equal(result.stdout, fs.readFileSync(path.join(dir, name.replace(/\.zolt$/, '.out')), 'utf8'));
      });
    }
  });
});
