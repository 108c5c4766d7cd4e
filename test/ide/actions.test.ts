// Every code action fixture (format: test/support/action-fixtures.ts): the action is offered
// with its exact title and does exactly the expected edit, or is refused with the expected
// reason, or is not offered at all. After an edit the program has no error it did not have,
// and a program with a `main` prints exactly what it printed before (the interpreter says).

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Queries, Workspace } from 'zolt-server/semantics';
import { loadGrammar, type ZoltGrammar } from 'zolt-server/syntax';
import { applyEdits, diagnosticsIn, type CodeAction } from 'zolt-server/ide/actions';
import { codeActions } from 'zolt-server/ide/code-actions';
import { listActionFixtures, type ActionFixture } from '../support/action-fixtures';
import { runTexts, shown } from '../support/meaning';
import { fromRoot } from '../support/paths';

const root = fromRoot('test/fixtures/actions');
const update = process.env.ZOLT_UPDATE_EXPECTED === '1';

function analyse(grammar: ZoltGrammar, files: ReadonlyMap<string, string>): { workspace: Workspace; queries: Queries } {
  const workspace = new Workspace(grammar);
  for (const [file, text] of files) workspace.open(file, text, 1);
  return { workspace, queries: new Queries(workspace) };
}

function errorsOf(workspace: Workspace, files: Iterable<string>): string[] {
  return [...files].flatMap((f) => workspace.diagnostics(f).filter((d) => d.severity === 'error').map((d) => `${path.basename(f)}: ${d.code} ${d.message}`));
}

function actionsAt(grammar: ZoltGrammar, fixture: ActionFixture): CodeAction[] {
  const { workspace, queries } = analyse(grammar, fixture.files);
  try {
    const diagnostics = diagnosticsIn(workspace.diagnostics(fixture.main), fixture.start, fixture.end);
    const request = { workspace, queries, file: fixture.main, start: fixture.start, end: fixture.end, diagnostics };
    return [...codeActions(request), ...codeActions(request, ['source.fixAll'])];
  } finally {
    workspace.dispose();
  }
}

describe('code action fixtures', () => {
  let grammar: ZoltGrammar;
  before(async () => {
    grammar = await loadGrammar();
  });

  for (const fixture of fs.existsSync(root) ? listActionFixtures(root) : []) {
    it(`${fixture.name}: ${fixture.expectNone ? 'no ' : ''}${fixture.title}`, () => {
      const actions = actionsAt(grammar, fixture);
      if (fixture.expectNone) {
        const offered = actions.filter((a) => a.title.startsWith(fixture.title)).map((a) => a.title);
        assert.deepEqual(offered, [], 'offered where it does not apply');
        return;
      }
      const action = actions.find((a) => a.title === fixture.title);
      assert.ok(action, `'${fixture.title}' is not offered; offered: ${JSON.stringify(actions.map((a) => a.title))}`);
      if (action.disabled !== undefined) {
        if (update) fs.writeFileSync(fixture.refusedPath, `${action.disabled}\n`);
        else assert.deepEqual({ refused: action.disabled }, { refused: fixture.expected?.kind === 'refused' ? fixture.expected.reason : '(an edit was expected)' });
        return;
      }
      assert.ok(action.edits, 'an enabled action without edits');
      const after = new Map(fixture.files);
      for (const [file, edits] of action.edits) after.set(file, applyEdits(after.get(file) ?? fs.readFileSync(file, 'utf8'), edits));
      const changed = [...after].filter(([file, text]) => fixture.files.get(file) !== text);
      if (update) {
        for (const [file, text] of changed) fs.writeFileSync(fixture.afterPath(file), text);
      } else {
        assert.ok(fixture.expected?.kind === 'after', `no expectation (${fixture.afterPath(fixture.main)}); the action gives:\n${changed.map(([, t]) => t).join('\n')}`);
        const want = fixture.expected.files;
        assert.deepEqual(new Map(changed), want);
      }
      // The program after the edit: no new error, and the same output.
      const before = analyse(grammar, fixture.files);
      const beforeErrors = errorsOf(before.workspace, fixture.files.keys());
      before.workspace.dispose();
      const afterAnalysis = analyse(grammar, after);
      const afterErrors = errorsOf(afterAnalysis.workspace, after.keys());
      afterAnalysis.workspace.dispose();
      assert.deepEqual(afterErrors.filter((e) => !beforeErrors.includes(e)), [], 'the edit introduced errors');
      if (beforeErrors.length === 0 && /^fn main\(/m.test(fixture.files.get(fixture.main)!)) {
        assert.equal(shown(runTexts(grammar, root, after, fixture.main)), shown(runTexts(grammar, root, fixture.files, fixture.main)), 'the program prints something else');
      }
    });
  }
});
