// The C twins of the foreign-function fixtures (test/fixtures/run/c/NAME.c): C programs making
// the same calls as a Zolt fixture or example and printing what it must print. Each names its
// Zolt program in its first line and its gcc flags in its second; this suite compiles each with
// gcc and checks that it prints exactly the Zolt program's expected output (run in the Zolt
// program's folder, stdout a pipe), so an expectation regenerated from `zolt sim`
// (ZOLT_UPDATE_EXPECTED=1) cannot drift from what C does. Skipped where gcc is not installed.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fromRoot } from '../support/paths';

const DIR = fromRoot('test/fixtures/run/c');

interface Twin {
  readonly name: string;
  readonly source: string;
  /** The Zolt program it is the twin of, from the repository root. */
  readonly program: string;
  readonly flags: string[];
}

function twins(): Twin[] {
  return fs.readdirSync(DIR).filter((f) => f.endsWith('.c')).sort().map((name) => {
    const source = path.join(DIR, name);
    const [first = '', second = ''] = fs.readFileSync(source, 'utf8').split('\n');
    const program = /twin of (\S+\.zolt)/.exec(first)?.[1];
    const flags = /^\/\/ gcc flags:(.*)$/.exec(second)?.[1];
    if (!program || flags === undefined) throw new Error(`${name}: the first lines must name the Zolt program and the gcc flags`);
    return { name, source, program, flags: flags.trim().split(/\s+/).filter((f) => f !== '') };
  });
}

const gcc = spawnSync('gcc', ['--version'], { encoding: 'utf8' }).status === 0;

describe('C twins of the foreign-function fixtures', function () {
  let tmp = '';
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zolt-twins-'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  const all = twins();
  it('there are some', () => assert.ok(all.length >= 5, `only ${all.length}`));
  for (const twin of all) {
    it(`${twin.name} prints ${twin.program.replace(/\.zolt$/, '.out')}`, function () {
      if (!gcc) this.skip();
      const binary = path.join(tmp, twin.name.replace(/\.c$/, ''));
      // -fno-builtin: gcc would fold calls with constant arguments (cbrt(-27.0)) at compile time,
      // exactly, where the program calls the C library.
      const compiled = spawnSync('gcc', ['-w', '-O0', '-fno-builtin', '-o', binary, twin.source, ...twin.flags], { encoding: 'utf8' });
      assert.equal(compiled.status, 0, compiled.stderr);
      const program = fromRoot(twin.program);
      const result = spawnSync(binary, [], { cwd: path.dirname(program), encoding: 'utf8', timeout: 60_000 });
      assert.equal(result.stderr, '');
      assert.equal(result.status, 0);
      assert.equal(result.stdout, fs.readFileSync(program.replace(/\.zolt$/, '.out'), 'utf8'));
    });
  }
});
