// Completion (server/src/ide/completion.ts) on text as it is while being typed, through the
// query API: each case is a file with the cursor at `|`. The protocol fixtures
// (test/fixtures/lsp/*/cases.json) show entries by name; these check what they cannot: that
// inside a literal or a comment there is no entry at all, and the edges of those.

import * as assert from 'node:assert/strict';
import { Queries, Workspace } from 'zolt-server/semantics';
import { loadGrammar, type ZoltGrammar } from 'zolt-server/syntax';
import { completion } from 'zolt-server/ide/completion';

const FILE = '/virtual/typing.zolt';

const HEAD = 'struct Point { x: i64, y: i64 }\n\n';

/** The labels completion offers at the `|` of `source` (taken out), in a file of its own. */
function labelsAt(grammar: ZoltGrammar, source: string): string[] {
  const offset = source.indexOf('|');
  assert.ok(offset >= 0, 'the case has no cursor');
  const workspace = new Workspace(grammar);
  try {
    workspace.open(FILE, source.slice(0, offset) + source.slice(offset + 1), 1);
    return completion(workspace, new Queries(workspace), FILE, offset).entries.map((e) => e.label);
  } finally {
    workspace.dispose();
  }
}

describe('completion while typing', () => {
  let grammar: ZoltGrammar;
  before(async () => {
    grammar = await loadGrammar();
  });

  const nothing: [string, string][] = [
    ['a dot in a string', `${HEAD}fn f(p: Point) {\n    var s = "p.|";\n}\n`],
    ['a word in a string', `${HEAD}fn f(p: Point) {\n    var s = "wo|rd";\n}\n`],
    ['a string not closed yet, at the end of its line', `${HEAD}fn f(p: Point) {\n    println("p.|\n}\n`],
    ['a string whose last quote is escaped', `${HEAD}fn f(p: Point) {\n    var s = "say \\"|\n}\n`],
    ['a character literal', `${HEAD}fn f(p: Point) {\n    var c = 'p|';\n}\n`],
    ['a dot in a line comment', `${HEAD}fn f(p: Point) {\n    // p.|\n}\n`],
    ['a word in a block comment', `${HEAD}fn f(p: Point) {\n    /* wo|rd */\n}\n`],
    ['a doc comment before an item', `${HEAD}/// wo|\nfn f(p: Point) {\n}\n`],
    ['a comment after the last item', `${HEAD}fn f(p: Point) {\n}\n\n// wo|\n`],
    ['a block comment not closed yet', `${HEAD}fn f(p: Point) {\n}\n/* wo|`],
  ];
  for (const [name, source] of nothing) {
    it(`offers nothing in ${name}`, () => {
      assert.deepEqual(labelsAt(grammar, source), []);
    });
  }

  // Right outside a literal or a comment, completion is as usual.
  it('offers the members of a string after a dot after a string literal', () => {
    assert.deepEqual(labelsAt(grammar, `${HEAD}fn f() {\n    println("ab".|);\n}\n`), ['len', 'data']);
  });
  it('offers names right before a line comment', () => {
    assert.ok(labelsAt(grammar, `${HEAD}fn f(p: Point) {\n    var n = |// the count\n}\n`).includes('p'));
  });
  it('offers names right after a block comment', () => {
    assert.ok(labelsAt(grammar, `${HEAD}fn f(p: Point) {\n    var n = /* the count */|\n}\n`).includes('p'));
  });
  it('offers the fields after a dot on the line after a comment', () => {
    assert.deepEqual(labelsAt(grammar, `${HEAD}fn f(p: Point) {\n    // the point\n    p.|\n}\n`), ['x', 'y']);
  });
});
