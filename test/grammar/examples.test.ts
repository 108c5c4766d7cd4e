// Every example program parses without ERROR or MISSING nodes, in both runtimes.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { fromRoot } from '../support/paths';
import { inEachRuntime } from '../support/runtimes';

const examples = fs.readdirSync(fromRoot('examples')).filter((f) => f.endsWith('.zolt')).sort();

describe('examples parse cleanly', () => {
  it('there are at least 12 examples', () => {
    assert.ok(examples.length >= 12, `only ${examples.length}`);
  });
  inEachRuntime((runtime) => {
    for (const file of examples) {
      it(file, () => {
        const tree = runtime().parse(fs.readFileSync(fromRoot('examples', file), 'utf8'));
        try {
          const sexp = tree.sexp({ positions: true });
          const problems = sexp.match(/\((ERROR|MISSING|UNEXPECTED)[^()]*/g) ?? [];
          assert.deepEqual(problems, []);
          assert.equal(tree.hasError, false);
        } finally {
          tree.dispose();
        }
      });
    }
  });
});
