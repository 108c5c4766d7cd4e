// Range formatting (rangeFormatEdits in server/src/ide/format.ts) on the formatter fixtures:
// - nothing outside the range's lines changes, and a range over the whole file formats it
//   all (each fixture input, every window of one and of three lines);
// - with the indentation of every line removed, formatting one line gives that line exactly as
//   formatting the whole file does, and leaves every other line as it was.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type { Parser } from 'web-tree-sitter';
import { loadGrammar } from 'zolt-server/syntax';
import { formatTree, rangeFormatEdits, type TextEdit } from 'zolt-server/ide/format';
import { fromRoot } from '../support/paths';

const FIXTURES = fromRoot('test/fixtures/format');
const inputs = fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.zolt') && !f.endsWith('.expected.zolt')).sort();

let parser: Parser;

function formatted(text: string): string | undefined {
  const tree = parser.parse(text);
  if (!tree) throw new Error('no tree');
  try {
    const result = formatTree(tree, text);
    return result.kind === 'formatted' ? result.text : undefined;
  } finally {
    tree.delete();
  }
}

function apply(text: string, edits: readonly TextEdit[]): string {
  let result = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) result = result.slice(0, e.start) + e.text + result.slice(e.end);
  return result;
}

/** Offsets of the starts of lines first..last+1 (the end of the text past the last line). */
function lineStart(text: string, line: number): number {
  let offset = 0;
  for (let i = 0; i < line; i++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  return offset;
}

describe('range formatting', () => {
  before(async () => {
    parser = (await loadGrammar()).newParser();
  });
  after(() => parser.delete());

  for (const name of inputs) {
    it(`${name}: changes only the range's lines, and the whole file's range formats it all`, () => {
      const text = fs.readFileSync(`${FIXTURES}/${name}`, 'utf8');
      const out = formatted(text);
      if (out === undefined) return; // a fixture with syntax errors: nothing to format
      const lines = text.split('\n').length;
      assert.equal(apply(text, rangeFormatEdits(text, out, 0, text.length)), out);
      for (const size of [1, 3]) {
        for (let first = 0; first < lines; first++) {
          const from = lineStart(text, first);
          const to = lineStart(text, first + size);
          for (const e of rangeFormatEdits(text, out, from, to)) {
            assert.ok(e.start >= from && e.end <= to, `lines ${first + 1}..${first + size}: an edit at ${e.start}..${e.end} is outside ${from}..${to}`);
          }
        }
      }
    });

    it(`${name}, unindented: one line formats as in the whole file, the others stay`, () => {
      const original = fs.readFileSync(`${FIXTURES}/${name}`, 'utf8');
      const text = original.replace(/^[ \t]+/gm, '');
      const out = formatted(text);
      if (out === undefined) return;
      const oldLines = text.split('\n');
      const newLines = out.split('\n');
      if (oldLines.length !== newLines.length) return; // lines joined or split: not one line to one line
      for (let line = 0; line < oldLines.length; line++) {
        const edited: string[] = apply(text, rangeFormatEdits(text, out, lineStart(text, line), lineStart(text, line + 1))).split('\n');
        assert.deepEqual(edited, oldLines.map((l, i) => (i === line ? newLines[i] : l)), `line ${line + 1}`);
      }
    });
  }
});
