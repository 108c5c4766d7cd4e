// The native backend against the interpreter: `zolt run` (build, then the executable run by
// the kernel and glibc's loader) on every example, every run fixture and the benchmark
// programs must print what `zolt sim` prints (the expected files beside them are sim's), with
// the same stderr and exit status.
//
// KNOWN lists the programs the backend does not yet run as the interpreter does, each with
// the reason; they are reported as pending, and a test fails once one of them passes, so that
// the list can only shrink.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fromRoot } from '../support/paths';
import { listRunFixtures } from '../support/run-fixtures';

const KNOWN: Readonly<Record<string, string>> = {
};

function run(file: string, args: readonly string[], cwd: string) {
  const result = spawnSync(process.execPath, [fromRoot('server/bin/zolt.js'), 'run', file, '--', ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
  return { stdout: result.stdout, stderr: result.stderr, status: result.status ?? -1 };
}

interface Case {
  readonly key: string;
  readonly file: string;
  readonly cwd: string;
  readonly args: readonly string[];
  readonly expected: { stdout: string; stderr: string; status: number };
}

function cases(): Case[] {
  const out: Case[] = [];
  for (const name of fs.readdirSync(fromRoot('examples')).filter((f) => f.endsWith('.zolt')).sort()) {
    const stdout = fs.readFileSync(fromRoot('examples', name.replace(/\.zolt$/, '.out')), 'utf8');
    out.push({ key: `examples/${name}`, file: path.join('examples', name), cwd: fromRoot(), args: [], expected: { stdout, stderr: '', status: 0 } });
  }
  for (const f of listRunFixtures(fromRoot('test/fixtures/run'))) {
    out.push({ key: `run/${f.name}`, file: f.name, cwd: f.dir, args: f.args, expected: { stdout: f.stdout, stderr: f.stderr, status: f.status } });
  }
  const bench = fromRoot('bench/programs');
  for (const name of fs.readdirSync(bench).filter((f) => f.endsWith('.zolt')).sort()) {
    const stdout = fs.readFileSync(path.join(bench, name.replace(/\.zolt$/, '.out')), 'utf8');
    out.push({ key: `bench/${name}`, file: name, cwd: bench, args: [], expected: { stdout, stderr: '', status: 0 } });
  }
  return out;
}

describe('zolt run (native) prints what zolt sim prints', function () {
  this.timeout(120_000);
  for (const c of cases()) {
    const known = KNOWN[c.key];
    it(known ? `${c.key} (known difference: ${known})` : c.key, () => {
      const result = run(c.file, c.args, c.cwd);
      if (!known) {
        assert.deepEqual(result, c.expected);
        return;
      }
      assert.notDeepEqual(result, c.expected, `${c.key} now runs as in the interpreter: take it out of KNOWN`);
    });
  }
});
