// Incrementality of imports: edits inside import paths (a character typed and deleted, a path
// broken and mended, an import removed and put back, an alias added), seeded, on programs
// whose imports matter (an aliased import, an unaliased one, the standard library). After each
// edit the incremental analysis of the file, diagnostics included (a stale "import is never
// used" was once left after an undo), must equal a fresh analysis of the same text.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Workspace } from 'zolt-server/semantics';
import { loadGrammar, type ZoltGrammar } from 'zolt-server/syntax';
import { seededRandom } from '../support/runtimes';
import { fromRoot } from '../support/paths';

const EDITS_PER_PROGRAM = 300;

function describe_(workspace: Workspace, file: string): string {
  return workspace.diagnostics(file).map((d) => `${d.start}-${d.end} ${d.code} ${d.message}`).join('\n');
}

/** The spans of the import paths' contents (inside the quotes) of a text. */
function importPaths(text: string): { start: number; end: number }[] {
  return [...text.matchAll(/^import\s+(?:\w+\s*=\s*)?"([^"\n]*)"/gm)].map((m) => {
    const start = m.index! + m[0].length - 1 - m[1]!.length;
    return { start, end: start + m[1]!.length };
  });
}

describe('import edits: the incremental analysis equals a fresh one', () => {
  let grammar: ZoltGrammar;
  let dir: string;
  before(async () => {
    grammar = await loadGrammar();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zolt-imports-'));
    fs.writeFileSync(path.join(dir, 'util.zolt'), 'fn helper() -> i64 {\n    return 4;\n}\n\nconst LIMIT = 3;\n');
    fs.writeFileSync(path.join(dir, 'main.zolt'), 'import "util";\nimport m = "std/math";\n\nfn main() {\n    println(helper() + LIMIT);\n    println(m.sqrt(4.0));\n}\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const programs = () => [path.join(dir, 'main.zolt'), fromRoot('examples/modules.zolt'), fromRoot('examples/nbody.zolt')];

  for (const index of [0, 1, 2]) {
    it(`program ${index + 1}: ${EDITS_PER_PROGRAM} seeded edits of its import paths`, function () {
      this.timeout(120_000);
      const file = programs()[index]!;
      const random = seededRandom(1000 + index);
      const original = fs.readFileSync(file, 'utf8');
      const workspace = new Workspace(grammar);
      try {
        workspace.open(file, original, 0);
        workspace.diagnostics(file);
        for (let i = 1; i <= EDITS_PER_PROGRAM; i++) {
          const doc = workspace.document(file)!;
          const paths = importPaths(doc.text);
          const edit = nextEdit(doc.text, paths, original, random);
          const lines = doc.lineIndex;
          workspace.update(file, [{ range: { start: lines.position(edit.start), end: lines.position(edit.end) }, text: edit.text }], i);
          const fresh = new Workspace(grammar);
          try {
            fresh.open(file, workspace.document(file)!.text, i);
            assert.equal(describe_(workspace, file), describe_(fresh, file), `after edit #${i} ${JSON.stringify(edit)} the text is:\n${workspace.document(file)!.text}`);
          } finally {
            fresh.dispose();
          }
        }
      } finally {
        workspace.dispose();
      }
    });
  }
});

/**
 * One edit: type a character into a path, delete one, or (when the text has drifted) restore
 * the original text, so that the sequence keeps coming back to a program that checks.
 */
function nextEdit(text: string, paths: readonly { start: number; end: number }[], original: string, random: () => number): { start: number; end: number; text: string } {
  const roll = random();
  if (paths.length === 0 || roll < 0.15) return { start: 0, end: text.length, text: original };
  const p = paths[Math.floor(random() * paths.length)]!;
  const at = p.start + Math.floor(random() * (p.end - p.start + 1));
  if (roll < 0.55) return { start: at, end: at, text: 'xs/._"'[Math.floor(random() * 6)]! };
  if (roll < 0.9 && at < p.end) return { start: at, end: at + 1, text: '' };
  const line = text.lastIndexOf('\n', p.start) + 1;
  const lineEnd = text.indexOf('\n', p.end);
  return roll < 0.95 ? { start: line, end: lineEnd + 1, text: '' } : { start: line, end: line, text: 'import q = "util";\n' };
}
