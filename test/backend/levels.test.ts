// The native backend at every optimisation level: every example, run fixture and benchmark
// program built in process at -O0 and -O1 (the other suites build at the default -O2) and run
// by the kernel must print exactly what the interpreter prints (the expected files beside them).

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compileNative, executableBytes } from 'zolt-server/backend';
import { writeAtomically } from 'zolt-server/build/output';
import { loadGrammar, type ZoltGrammar } from 'zolt-server/syntax';
import { SimRunner } from '../support/differential';
import { fromRoot } from '../support/paths';
import { listRunFixtures } from '../support/run-fixtures';

interface Case {
  readonly key: string;
  readonly file: string;
  readonly args: readonly string[];
  readonly expected: { stdout: string; stderr: string; status: number };
}

function cases(): Case[] {
  const withOut = (dir: string, prefix: string) => fs.readdirSync(dir).filter((f) => f.endsWith('.zolt')).sort().map((name): Case => ({
    key: `${prefix}/${name}`, file: path.join(dir, name), args: [],
    expected: { stdout: fs.readFileSync(path.join(dir, name.replace(/\.zolt$/, '.out')), 'utf8'), stderr: '', status: 0 },
  }));
  const fixtures = listRunFixtures(fromRoot('test/fixtures/run')).map((f): Case => ({ key: `run/${f.name}`, file: f.file, args: f.args, expected: { stdout: f.stdout, stderr: f.stderr, status: f.status } }));
  return [...withOut(fromRoot('examples'), 'examples'), ...fixtures, ...withOut(fromRoot('bench/programs'), 'bench')];
}

describe('the native backend at -O0 and -O1 prints what the interpreter prints', function () {
  this.timeout(120_000);
  let grammar: ZoltGrammar;
  let sim: SimRunner;
  before(async () => {
    grammar = await loadGrammar();
    sim = new SimRunner(grammar);
  });

  for (const c of cases()) {
    it(c.key, () => {
      const dir = path.dirname(c.file);
      const compiled = sim.compile({ seed: 0, text: fs.readFileSync(c.file, 'utf8'), file: c.file, dir }, false);
      if (!compiled.ir) {
        assert.equal(c.expected.status, 1, compiled.diagnostics.join('\n')); // a fixture of a program with errors: nothing to build
        return;
      }
      for (const level of [0, 1] as const) {
        const exe = path.join(dir, `.${path.basename(c.file, '.zolt')}.O${level}`);
        const failed = writeAtomically(exe, executableBytes(compileNative(compiled.ir, grammar, { level })), 0o755);
        assert.equal(failed, undefined);
        try {
          const result = spawnSync(exe, c.args, { cwd: dir, encoding: 'utf8', timeout: 60_000 });
          // Run-time errors name the program by its path: the executable's is a hidden file's.
          const stderr = (result.stderr ?? '').replaceAll(path.basename(exe), path.basename(c.file, '.zolt'));
          assert.deepEqual({ stdout: result.stdout, stderr, status: result.status }, c.expected, `-O${level}`);
        } finally {
          fs.rmSync(exe, { force: true });
        }
      }
    });
  }
});
