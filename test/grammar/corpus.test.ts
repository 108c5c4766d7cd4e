// The grammar corpus (grammar/test/corpus/*.txt), run through both runtimes. `tree-sitter test`
// runs the same files with the CLI; this suite makes `npm test` independent of the CLI.

import * as assert from 'node:assert/strict';
import { readCorpus, normaliseSexp, stripFields } from '../support/corpus';
import { fromRoot } from '../support/paths';
import { inEachRuntime } from '../support/runtimes';

const cases = readCorpus(fromRoot('grammar/test/corpus'));

describe('grammar corpus', () => {
  it('has at least 200 cases, 30 of them error recovery', () => {
    assert.ok(cases.length >= 200, `only ${cases.length} cases`);
    const recovery = cases.filter((c) => /error/i.test(c.name) || /\((ERROR|MISSING)\b/.test(c.expected));
    assert.ok(recovery.length >= 30, `only ${recovery.length} error-recovery cases`);
  });

  inEachRuntime((runtime) => {
    for (const c of cases) {
      const run = c.attributes.includes(':skip') ? it.skip : it;
      run(`${c.file}: ${c.name}`, () => {
        const tree = runtime().parse(c.input);
        try {
          const actual = normaliseSexp(tree.sexp());
          const expectsFields = /\b[a-z_]+: \(/.test(c.expected);
          assert.equal(expectsFields ? actual : stripFields(actual), c.expected);
          if (c.attributes.includes(':error')) assert.ok(tree.hasError, 'expected a syntax error');
        } finally {
          tree.dispose();
        }
      });
    }
  });
});
