// `zolt refactor` as a user runs it (a process, in the fixture project's folder): each case of
// test/fixtures/refactor/cases.json prints the expected diff (or, refused, the expected reason
// on stderr) with the expected exit status; `--write` changes the files so that the program
// prints what it printed before. ZOLT_UPDATE_EXPECTED=1 rewrites the expectations.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fromRoot } from '../support/paths';
import { zolt } from './cli.test';

interface Case {
  readonly name: string;
  readonly args: readonly string[];
  readonly status: number;
  readonly expect: string;
}

const root = fromRoot('test/fixtures/refactor');
const project = path.join(root, 'shapes');
const cases = JSON.parse(fs.readFileSync(path.join(root, 'cases.json'), 'utf8')) as Case[];
const update = process.env.ZOLT_UPDATE_EXPECTED === '1';

describe('zolt refactor', () => {
  for (const c of cases) {
    it(c.name, () => {
      const result = zolt(['refactor', ...c.args], { cwd: project });
      const shown = c.expect.endsWith('.err') ? result.stderr : result.stdout;
      const expected = path.join(root, c.expect);
      if (update) fs.writeFileSync(expected, shown);
      else assert.equal(shown, fs.readFileSync(expected, 'utf8'));
      assert.equal(result.code, c.status, result.stderr);
    });
  }

  it('--write applies the edit to every file, and the program prints the same', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zolt-refactor-'));
    try {
      fs.cpSync(project, dir, { recursive: true });
      const before = zolt(['sim', 'main.zolt'], { cwd: dir });
      assert.equal(before.code, 0, before.stderr);
      for (const args of [['rename', 'geo.zolt:Vec2.x', 'px'], ['inline', 'main.zolt:11:13', '--all'], ['inline', 'main.zolt:3:5']]) {
        const result = zolt(['refactor', ...args, '--write'], { cwd: dir });
        assert.equal(result.code, 0, result.stderr);
        assert.match(result.stderr, /changed \d files?/);
      }
      assert.match(fs.readFileSync(path.join(dir, 'geo.zolt'), 'utf8'), /px: f64/);
      assert.doesNotMatch(fs.readFileSync(path.join(dir, 'main.zolt'), 'utf8'), /norm2|dot\(/);
      assert.deepEqual(fs.readdirSync(dir).sort(), ['geo.zolt', 'main.zolt'], 'no temporary file is left');
      const check = zolt(['check', 'main.zolt'], { cwd: dir });
      assert.equal(check.code, 0, check.stdout + check.stderr);
      assert.equal(zolt(['sim', 'main.zolt'], { cwd: dir }).stdout, before.stdout);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
