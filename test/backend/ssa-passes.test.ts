// The backend's SSA passes, each on fixtures of its own (test/fixtures/ssa-passes/NAME.zolt,
// first line `// pass: NAME`): each program function's SSA as the pass gets it and as it leaves
// it, in NAME.ssa (ZOLT_UPDATE_EXPECTED=1 rewrites it: read the change). The SSA verifier runs
// after every pass; the fixture's program must print the same built at -O0 and at -O2.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compileNative, executableBytes } from 'zolt-server/backend';
import { SSA_PASSES } from 'zolt-server/backend/opt/index';
import { ssaText } from 'zolt-server/backend/ssa/print';
import { verifySsa } from 'zolt-server/backend/ssa/verify';
import { writeAtomically } from 'zolt-server/build/output';
import { loadGrammar, type ZoltGrammar } from 'zolt-server/syntax';
import { loadPassFixture, passFixtureNames } from '../support/pass-fixtures';
import { fromRoot } from '../support/paths';

const UPDATE = process.env['ZOLT_UPDATE_EXPECTED'] === '1';
const dir = fromRoot('test/fixtures/ssa-passes');

describe('SSA passes', () => {
  let grammar: ZoltGrammar;
  before(async () => {
    grammar = await loadGrammar();
  });

  for (const name of passFixtureNames(dir)) {
    it(name, () => {
      const { file, pass, ir, own } = loadPassFixture(grammar, dir, name, SSA_PASSES);
      const previous = new Map<string, string>();
      const sections: string[] = [];
      const problems: string[] = [];
      compileNative(ir, grammar, {
        afterPass: (p, fn) => {
          problems.push(...verifySsa(fn).map((m) => `${fn.name} after ${p}: ${m}`));
          if (!own.has(fn.name)) return;
          const text = ssaText(fn);
          if (p === pass && previous.get(fn.name) !== text) sections.push(`; ${fn.name} before ${pass}\n${previous.get(fn.name)}\n; ${fn.name} after ${pass}\n${text}`);
          previous.set(fn.name, text);
        },
      });
      assert.deepEqual(problems, []);
      const outputs = ([0, 2] as const).map((level) => {
        const exe = path.join(dir, `.${name}.O${level}`);
        assert.equal(writeAtomically(exe, executableBytes(compileNative(ir, grammar, { level })), 0o755), undefined);
        try {
          const run = spawnSync(exe, [], { encoding: 'utf8', timeout: 60_000 });
          return `${run.stdout}status ${run.status}\n`;
        } finally {
          fs.rmSync(exe, { force: true });
        }
      });
      assert.equal(outputs[1], outputs[0], 'prints the same at -O2 as at -O0');
      assert.ok(sections.length > 0, `the ${pass} pass changed nothing in the fixture`);
      const text = sections.join('\n');
      const expected = file.replace(/\.zolt$/, '.ssa');
      if (UPDATE) fs.writeFileSync(expected, text);
      else assert.equal(text, fs.readFileSync(expected, 'utf8'));
    });
  }
});
