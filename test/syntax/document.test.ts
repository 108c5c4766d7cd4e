// The document store: incremental updates must give exactly what a fresh parse and lowering
// give (items, AST, diagnostics), while lowering only the items an edit touches.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { loadGrammar, SyntaxDocument, type TextChange, type ZoltGrammar } from 'zolt-server/syntax';
import { fromRoot } from '../support/paths';
import { seededRandom } from '../support/runtimes';

/** Everything observable about a document's syntax, as comparable JSON. */
export function snapshot(doc: SyntaxDocument): string {
  return JSON.stringify(
    { items: doc.items, trailer: doc.trailer, diagnostics: doc.diagnostics() },
    (_, value) => (typeof value === 'bigint' ? `${value}n` : value),
  );
}

const SNIPPETS = ['', ' ', '\n', ';', '}', '{', '(', ')', '"', '/*', '*/', '//', '///', 'x', '1', '.', 'fn f() {}', 'var y = 2;', 'é', '😀', 'if', 'struct S { a: i64 }\n'];

function randomChange(doc: SyntaxDocument, random: () => number): TextChange {
  const text = doc.text;
  let start = Math.floor(random() * (text.length + 1));
  let end = Math.min(text.length, start + (random() < 0.5 ? 0 : Math.floor(random() * 12)));
  // Editors never split a surrogate pair.
  if (/[\uDC00-\uDFFF]/.test(text[start] ?? '')) start--;
  if (/[\uDC00-\uDFFF]/.test(text[end] ?? '')) end++;
  const newText = random() < 0.2 ? text.slice(start, start + 30) : SNIPPETS[Math.floor(random() * SNIPPETS.length)]!;
  const lines = doc.lineIndex;
  return { range: { start: lines.position(start), end: lines.position(end) }, text: newText };
}

describe('syntax documents', () => {
  let grammar: ZoltGrammar;
  before(async () => {
    grammar = await loadGrammar();
  });

  const examples = fs.readdirSync(fromRoot('examples')).filter((f) => f.endsWith('.zolt')).sort();
  for (const file of examples) {
    it(`${file}: 60 random edits keep incremental = fresh (seeded)`, () => {
      const random = seededRandom(file.length * 131 + 7);
      const doc = SyntaxDocument.create(grammar, `/x/${file}`, fs.readFileSync(fromRoot('examples', file), 'utf8'));
      try {
        for (let i = 0; i < 60; i++) {
          const batch = Array.from({ length: random() < 0.2 ? 3 : 1 }, () => undefined);
          const changes: TextChange[] = [];
          // A batch applies in order: each change is computed against the text before it.
          const shadow = SyntaxDocument.create(grammar, '/shadow', doc.text);
          for (const _ of batch) {
            const change = randomChange(shadow, random);
            changes.push(change);
            shadow.update([change], 0);
          }
          shadow.dispose();
          // Sometimes the tree is released first (as for a file no editor shows): the edit
          // must then parse the old text again and stay incremental.
          if (i % 7 === 3) doc.release();
          doc.update(changes, i + 1);
          const fresh = SyntaxDocument.create(grammar, doc.path, doc.text);
          try {
            assert.equal(snapshot(doc), snapshot(fresh), `after edit batch #${i}: ${JSON.stringify(changes)}`);
          } finally {
            fresh.dispose();
          }
        }
      } finally {
        doc.dispose();
      }
    });
  }

  it('an edit inside a function body lowers only that item', () => {
    const text = fs.readFileSync(fromRoot('examples/nbody.zolt'), 'utf8');
    const doc = SyntaxDocument.create(grammar, '/x/nbody.zolt', text);
    try {
      const before = doc.items.length;
      const lowered = doc.stats.itemsLowered;
      const at = text.indexOf('return') + 'return'.length; // inside the first function body
      const position = doc.lineIndex.position(at);
      doc.update([{ range: { start: position, end: position }, text: ' ' }], 1);
      assert.equal(doc.items.length, before);
      assert.equal(doc.stats.itemsLowered - lowered, 1);
    } finally {
      doc.dispose();
    }
  });

  it('a released document keeps its items, parses again when asked, and an edit still lowers one item', () => {
    const text = fs.readFileSync(fromRoot('examples/nbody.zolt'), 'utf8');
    const doc = SyntaxDocument.create(grammar, '/x/nbody.zolt', text);
    const fresh = SyntaxDocument.create(grammar, '/x/nbody.zolt', text);
    try {
      const items = doc.items;
      doc.release();
      assert.equal(doc.items, items);
      assert.equal(doc.tree.rootNode.toString(), fresh.tree.rootNode.toString());
      doc.release();
      const lowered = doc.stats.itemsLowered;
      const at = doc.lineIndex.position(text.indexOf('return') + 'return'.length);
      doc.update([{ range: { start: at, end: at }, text: ' ' }], 1);
      assert.equal(doc.stats.itemsLowered - lowered, 1);
      assert.equal(doc.items.length, items.length);
    } finally {
      doc.dispose();
      fresh.dispose();
    }
  });

  it('reports syntax errors with readable messages', () => {
    const doc = SyntaxDocument.create(grammar, '/x/bad.zolt', [
      'fn main() {',
      '    var x = 1',
      '    var y = f(x;',
      '    var s = "abc\\q";',
      '    var b = 0b102;',
      "    var c = 'ab';",
      '    var if = 2;',
      '}',
      '/* never closed',
    ].join('\n'));
    try {
      const lines = doc.lineIndex;
      const got = doc.diagnostics().map((d) => {
        const p = lines.position(d.start);
        return `${p.line + 1}:${p.character + 1} ${d.code} ${d.message}`;
      });
      assert.deepEqual(got, [
        "2:14 Z0002 expected ';' after the variable declaration",
        "3:16 Z0002 expected ')' to close the argument list",
        "4:17 Z0006 invalid escape sequence '\\q'",
        "5:17 Z0007 invalid digit '2' in binary literal",
        '6:13 Z0008 a character literal holds exactly one character; use a string for more',
        "7:9 Z0009 'if' is a keyword and cannot be used as a name",
        "9:1 Z0005 unterminated block comment: every '/*' needs a '*/' (block comments nest)",
      ]);
    } finally {
      doc.dispose();
    }
  });
});
