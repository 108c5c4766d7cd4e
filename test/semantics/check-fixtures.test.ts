// Every program in test/fixtures/check must produce exactly the diagnostics written in it,
// and every type assertion must hold (see test/support/fixtures.ts for the format).

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Queries, typeToString, Workspace } from 'zolt-server/semantics';
import { loadGrammar, type ZoltGrammar } from 'zolt-server/syntax';
import { listFixtures, readExpectations } from '../support/fixtures';
import { fromRoot } from '../support/paths';

const fixtures = listFixtures(fromRoot('test/fixtures/check'));

describe('check fixtures', () => {
  let grammar: ZoltGrammar;
  before(async () => {
    grammar = await loadGrammar();
  });

  it('there are at least 150 of them', () => {
    assert.ok(fixtures.length >= 150, `only ${fixtures.length}`);
  });

  for (const fixture of fixtures) {
    it(fixture.name, () => {
      const workspace = new Workspace(grammar);
      for (const file of fixture.files) workspace.reload(file);
      const queries = new Queries(workspace);
      const problems: string[] = [];
      let assertions = 0;
      for (const file of fixture.files) {
        const text = fs.readFileSync(file, 'utf8');
        const doc = workspace.document(file)!;
        const expected = readExpectations(text);
        const show = (line: number, severity: string, code: string, message: string) => `${path.basename(file)}:${line}: ${severity} ${code}: ${message}`;
        const want = expected.diagnostics.map((d) => show(d.line, d.severity, d.code, d.message)).sort();
        const got = workspace
          .diagnostics(file)
          .filter((d) => d.severity === 'error' || d.severity === 'warning')
          .map((d) => show(doc.lineIndex.position(d.start).line + 1, d.severity, d.code, d.message))
          .sort();
        for (const line of want) if (!got.includes(line)) problems.push(`missing   ${line}`);
        for (const line of got) if (!want.includes(line)) problems.push(`unexpected ${line}`);
        for (const t of expected.types) {
          assertions++;
          const offset = doc.lineIndex.offset({ line: t.line, character: t.column });
          const actual = queries.typeAt(file, offset);
          const shown = actual ? typeToString(actual.type) : 'no expression';
          if (shown !== t.type) problems.push(`type at ${path.basename(file)}:${t.line + 1}:${t.column + 1}: expected ${t.type}, got ${shown}`);
        }
        assertions += expected.diagnostics.length;
      }
      assert.ok(assertions > 0 || fixture.name.startsWith('clean'), 'a fixture with no expectation at all tests little; name it clean-* if that is the point');
      assert.deepEqual(problems, []);
    });
  }
});
