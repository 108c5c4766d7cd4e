// Highlight-assertion fixtures (grammar/test/highlight/*.zolt), the format `tree-sitter test`
// also runs: a comment line `// ^ name` asserts that the column of the caret on the nearest
// code line above has the highlight `name`; `// <- name` asserts it for the comment's column.
// A position's highlights are those of every captured node around it; when several patterns
// capture one node the last pattern wins, as in tree-sitter-highlight and Neovim.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { fromRoot } from '../support/paths';
import { inEachRuntime, type Capture } from '../support/runtimes';

interface Assertion {
  row: number;
  column: number;
  expected: string;
  negated: boolean;
}

export function readAssertions(text: string): Assertion[] {
  const assertions: Assertion[] = [];
  let codeRow = -1;
  text.split('\n').forEach((line, row) => {
    const m = /^(\s*)\/\/(\s*)(<-|\^)\s*(!?)([\w.-]+)\s*$/.exec(line);
    if (!m || codeRow < 0) {
      codeRow = row; // any line that is not an assertion, comments included, can be asserted on
      return;
    }
    const column = m[3] === '<-' ? m[1]!.length : m[1]!.length + 2 + m[2]!.length;
    assertions.push({ row: codeRow, column, expected: m[5]!, negated: m[4] === '!' });
  });
  return assertions;
}

/** Highlight names active at a position, outermost first. */
export function highlightsAt(captures: Capture[], row: number, column: number): string[] {
  const contains = (c: Capture) =>
    (c.startRow < row || (c.startRow === row && c.startColumn <= column)) &&
    (c.endRow > row || (c.endRow === row && c.endColumn > column));
  const winners = new Map<number, Capture>();
  for (const c of captures) {
    if (!contains(c)) continue;
    const current = winners.get(c.nodeId);
    if (!current || c.patternIndex >= current.patternIndex) winners.set(c.nodeId, c);
  }
  const size = (c: Capture) => (c.endRow - c.startRow) * 1e6 + (c.endColumn - c.startColumn);
  return [...winners.values()].sort((a, b) => size(b) - size(a)).map((c) => c.name);
}

const fixtures = fs.readdirSync(fromRoot('grammar/test/highlight')).filter((f) => f.endsWith('.zolt')).sort();
const highlightsQuery = fs.readFileSync(fromRoot('grammar/queries/highlights.scm'), 'utf8');

describe('highlight queries', () => {
  inEachRuntime((runtime) => {
    for (const file of fixtures) {
      it(file, () => {
        const text = fs.readFileSync(fromRoot('grammar/test/highlight', file), 'utf8');
        const assertions = readAssertions(text);
        assert.ok(assertions.length > 0, 'a fixture without assertions tests nothing');
        const tree = runtime().parse(text);
        try {
          const captures = tree.captures(highlightsQuery);
          const failures = assertions.flatMap((a) => {
            const actual = highlightsAt(captures, a.row, a.column);
            const ok = actual.includes(a.expected) !== a.negated;
            return ok ? [] : [`${a.row + 1}:${a.column + 1}: expected ${a.negated ? 'not ' : ''}'${a.expected}', got [${actual.join(', ')}]`];
          });
          assert.deepEqual(failures, []);
        } finally {
          tree.dispose();
        }
      });
    }
  });
});
