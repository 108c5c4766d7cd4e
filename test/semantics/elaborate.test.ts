// The elaborated program (semantics/elaborate): fixture programs beside their expected text
// (test/fixtures/elaborate/NAME.zolt and NAME.elab; ZOLT_UPDATE_EXPECTED=1 rewrites them), and
// the invariants of program.ts checked on every example and on every check fixture that has
// no errors.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Workspace } from 'zolt-server/semantics';
import { elaborate, printProgram, verifyProgram } from 'zolt-server/semantics/elaborate';
import { loadGrammar, type ZoltGrammar } from 'zolt-server/syntax';
import { listFixtures } from '../support/fixtures';
import { fromRoot } from '../support/paths';

const UPDATE = process.env['ZOLT_UPDATE_EXPECTED'] === '1';
const elaborationFixtures = fs.readdirSync(fromRoot('test/fixtures/elaborate')).filter((f) => f.endsWith('.zolt')).sort();
const examples = fs.readdirSync(fromRoot('examples')).filter((f) => f.endsWith('.zolt')).sort();

describe('elaborated program', () => {
  let grammar: ZoltGrammar;
  before(async () => {
    grammar = await loadGrammar();
  });

  const build = (files: readonly string[], main: string, roots: 'main' | 'all') => {
    const workspace = new Workspace(grammar);
    for (const file of files) workspace.reload(file);
    try {
      return elaborate(workspace, main, { roots });
    } finally {
      workspace.dispose();
    }
  };

  describe('fixtures', () => {
    it('there are some', () => assert.ok(elaborationFixtures.length >= 10, `only ${elaborationFixtures.length}`));
    for (const name of elaborationFixtures) {
      it(name, () => {
        const file = fromRoot('test/fixtures/elaborate', name);
        const result = build([file], file, 'all');
        assert.ok(result.ok, `the fixture does not elaborate: ${JSON.stringify(result.ok ? '' : result.errors.map((e) => e.diagnostics.map((d) => d.message)))}`);
        assert.deepEqual(verifyProgram(result.program), []);
        const text = printProgram(result.program);
        const expectedFile = file.replace(/\.zolt$/, '.elab');
        if (UPDATE || !fs.existsSync(expectedFile)) fs.writeFileSync(expectedFile, text);
        assert.equal(text, fs.readFileSync(expectedFile, 'utf8'));
      });
    }
  });

  describe('every expression has a concrete type and every conversion is explicit', () => {
    for (const name of examples) {
      it(`examples/${name}`, () => {
        const file = fromRoot('examples', name);
        const result = build([file], file, 'all');
        assert.ok(result.ok, 'the example has errors');
        assert.deepEqual(verifyProgram(result.program), []);
      });
    }
    const clean = listFixtures(fromRoot('test/fixtures/check'));
    it('every check fixture without errors', function () {
      let elaborated = 0;
      const problems: string[] = [];
      for (const fixture of clean) {
        const workspace = new Workspace(grammar);
        try {
          for (const file of fixture.files) workspace.reload(file);
          for (const file of fixture.files) {
            const result = elaborate(workspace, file, { roots: 'all' });
            if (!result.ok) continue;
            elaborated++;
            for (const p of verifyProgram(result.program)) problems.push(`${fixture.name} ${path.basename(file)}: ${p}`);
          }
        } catch (error) {
          problems.push(`${fixture.name}: ${(error as Error).message}`);
        } finally {
          workspace.dispose();
        }
      }
      assert.deepEqual(problems, []);
      assert.ok(elaborated >= 60, `only ${elaborated} fixture files elaborated`);
    });
  });
});
