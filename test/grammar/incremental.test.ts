// Incremental reparsing (tree.edit + parse with the old tree) must give exactly the tree a
// fresh parse gives, for any edit: the document store relies on it for every keystroke.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { fromRoot } from '../support/paths';
import { inEachRuntime, seededRandom, type TextEdit } from '../support/runtimes';

const SNIPPETS = ['', ' ', '\n', ';', '}', '{', '(', ')', '"', '/*', '*/', '//', 'x', '1', '.', 'fn f() {}', 'var y = 2;', 'é', '😀'];

function randomEdit(text: string, random: () => number): TextEdit {
  const start = Math.floor(random() * (text.length + 1));
  const length = random() < 0.5 ? 0 : Math.floor(random() * 8);
  let newText = SNIPPETS[Math.floor(random() * SNIPPETS.length)]!;
  if (random() < 0.2) newText = text.slice(start, start + 20); // re-typed or duplicated code
  const end = Math.min(text.length, start + length);
  // Never split a surrogate pair: editors do not produce such edits.
  const safe = (i: number) => (i > 0 && i < text.length && /[\uDC00-\uDFFF]/.test(text[i]!) ? i - 1 : i);
  return { startIndex: safe(start), oldEndIndex: Math.max(safe(start), safe(end)), newText };
}

describe('incremental reparsing equals a fresh parse', () => {
  const examples = fs.readdirSync(fromRoot('examples')).filter((f) => f.endsWith('.zolt')).sort();
  inEachRuntime((runtime) => {
    for (const file of examples) {
      it(`${file}: 40 random edits in sequence (seeded)`, () => {
        const random = seededRandom(file.length * 7919);
        let text = fs.readFileSync(fromRoot('examples', file), 'utf8');
        for (let i = 0; i < 40; i++) {
          const edit = randomEdit(text, random);
          const { text: after, tree } = runtime().reparse(text, edit);
          const fresh = runtime().parse(after);
          try {
            assert.equal(tree.sexp({ positions: true }), fresh.sexp({ positions: true }), `after edit #${i} ${JSON.stringify(edit)}`);
          } finally {
            tree.dispose();
            fresh.dispose();
          }
          text = after;
        }
      });
    }
  });
});
