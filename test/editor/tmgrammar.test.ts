// The TextMate grammar (VS Code's first paint), checked with vscode-tmgrammar-test fixtures in
// test/fixtures/tmgrammar: each fixture is one test.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { fromRoot } from '../support/paths';

const fixtures = fs.readdirSync(fromRoot('test/fixtures/tmgrammar')).filter((f) => f.endsWith('.zolt')).sort();

describe('TextMate grammar', () => {
  it('is valid JSON with the scope source.zolt', () => {
    const grammar = JSON.parse(fs.readFileSync(fromRoot('syntaxes/zolt.tmLanguage.json'), 'utf8')) as { scopeName: string };
    assert.equal(grammar.scopeName, 'source.zolt');
  });

  it('language-configuration.json is valid JSON with comments and brackets', () => {
    const config = JSON.parse(fs.readFileSync(fromRoot('language-configuration.json'), 'utf8')) as {
      comments: { lineComment: string; blockComment: [string, string] };
      brackets: [string, string][];
    };
    assert.equal(config.comments.lineComment, '//');
    assert.deepEqual(config.comments.blockComment, ['/*', '*/']);
    assert.ok(config.brackets.length >= 3);
  });

  for (const fixture of fixtures) {
    it(fixture, function () {
      this.timeout(60_000);
      const result = spawnSync(
        process.execPath,
        [require.resolve('vscode-tmgrammar-test/dist/unit.js'), '-g', 'syntaxes/zolt.tmLanguage.json', `test/fixtures/tmgrammar/${fixture}`],
        { cwd: fromRoot(), encoding: 'utf8' },
      );
      assert.equal(result.status, 0, result.stdout + result.stderr);
    });
  }
});
