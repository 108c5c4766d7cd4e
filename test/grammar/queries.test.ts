// The navigation queries (tags, locals, folds, indents) compile in both runtimes and find what
// an editor needs in the example programs.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { fromRoot } from '../support/paths';
import { inEachRuntime } from '../support/runtimes';

const query = (name: string) => fs.readFileSync(fromRoot('grammar/queries', `${name}.scm`), 'utf8');

const source = `
/// Adds.
fn add(a: i64, b: i64) -> i64 {
    return a + b;
}
struct Vec2 { x: f64, y: f64 }
enum Mode { On, Off }
const LIMIT = 10;
fn main() {
    var v = Vec2{ x: 1.0, y: 2.0 };
    for i in 0..LIMIT {
        add(i, 2);
    }
}
`;

describe('navigation queries', () => {
  inEachRuntime((runtime) => {
    const named = (captures: { name: string; startRow: number }[], name: string) =>
      captures.filter((c) => c.name === name).map((c) => c.startRow);

    it('tags.scm finds definitions and references', () => {
      const tree = runtime().parse(source);
      const captures = tree.captures(query('tags'));
      assert.deepEqual(named(captures, 'definition.function'), [2, 8]);
      assert.deepEqual(named(captures, 'definition.class'), [5]);
      assert.deepEqual(named(captures, 'definition.enum'), [6]);
      assert.deepEqual(named(captures, 'definition.constant'), [6, 6, 7]);
      assert.deepEqual(named(captures, 'reference.call'), [11]);
      assert.deepEqual(named(captures, 'doc'), [1]);
      tree.dispose();
    });

    it('locals.scm defines parameters, variables and loop variables in scopes', () => {
      const tree = runtime().parse(source);
      const captures = tree.captures(query('locals'));
      assert.deepEqual(named(captures, 'local.definition.parameter'), [2, 2]);
      assert.deepEqual(named(captures, 'local.definition.var'), [9, 10]);
      assert.deepEqual(named(captures, 'local.definition.function'), [2, 8]);
      assert.ok(named(captures, 'local.scope').length >= 5);
      tree.dispose();
    });

    it('folds.scm folds every multi-line block', () => {
      const tree = runtime().parse(source);
      const folds = tree.captures(query('folds')).filter((c) => c.endRow > c.startRow);
      assert.deepEqual(folds.map((c) => [c.startRow, c.endRow]), [[2, 4], [8, 13], [10, 12]]);
      tree.dispose();
    });

    it('indents.scm compiles and marks blocks', () => {
      const tree = runtime().parse(source);
      const begins = tree.captures(query('indents')).filter((c) => c.name === 'indent.begin');
      assert.ok(begins.length >= 5);
      tree.dispose();
    });
  });
});
