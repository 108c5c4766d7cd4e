// Robustness: 10,000 seeded mutations of the example programs (token deletions, insertions
// and swaps, random characters, duplicated and deleted lines), applied as editor edits. After
// each one the analysis must not throw, and queries at a random position must answer. Every
// 25th mutation, the incremental analysis must equal a fresh analysis of the same text, and so
// must its elaborated program when the text has no errors.
// Deep inside syntax errors, tree-sitter's incremental reparse may recover differently from a
// fresh parse of the same text (both trees are valid recoveries); the comparison then is
// meaningless and is counted instead, and must stay rare.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { Queries, Workspace } from 'zolt-server/semantics';
import { elaborate, printProgram } from 'zolt-server/semantics/elaborate';
import { loadGrammar, SyntaxDocument, treeToSexp, type ZoltGrammar } from 'zolt-server/syntax';
import { fromRoot } from '../support/paths';
import { mutate } from '../support/mutate';
import { seededRandom } from '../support/runtimes';

const MUTATIONS = 10_000;
/** The elaborated program of a file without errors, as text (undefined when it has errors). */
function elaborated(workspace: Workspace, file: string): string | undefined {
  const result = elaborate(workspace, file, { roots: 'all' });
  return result.ok ? printProgram(result.program) : undefined;
}

/** A workspace's diagnostics of a file as comparable text. */
function describe_(workspace: Workspace, file: string): string {
  return workspace.diagnostics(file).map((d) => `${d.start}-${d.end} ${d.code} ${d.message}`).join('\n');
}

describe('analysis survives 10,000 mutations', () => {
  let grammar: ZoltGrammar;
  before(async () => {
    grammar = await loadGrammar();
  });
  const examples = fs.readdirSync(fromRoot('examples')).filter((f) => f.endsWith('.zolt')).sort();
  const perExample = Math.ceil(MUTATIONS / examples.length);
  let compared = 0;
  let divergent = 0;
  let elaborations = 0;

  after(() => {
    assert.ok(compared > 300, `only ${compared} comparisons`);
    assert.ok(elaborations > 30, `only ${elaborations} comparisons of elaborated programs (mutations that keep a program valid)`);
    assert.ok(divergent <= compared * 0.05, `tree-sitter diverged in ${divergent} of ${compared + divergent} comparisons`);
  });

  for (const name of examples) {
    it(`${name}: ${perExample} mutations (seeded)`, function () {
      this.timeout(300_000);
      const random = seededRandom(name.length * 7 + name.charCodeAt(0));
      const file = fromRoot('examples', name);
      const workspace = new Workspace(grammar);
      const queries = new Queries(workspace);
      const original = fs.readFileSync(file, 'utf8');
      workspace.open(file, original, 0);
      const freshOriginal = elaborated(workspace, file);
      assert.ok(freshOriginal, 'the example elaborates');
      for (let i = 1; i <= perExample; i++) {
        const doc = workspace.document(file)!;
        const m = mutate(doc.text, random);
        const lines = doc.lineIndex;
        const change = { range: { start: lines.position(m.start), end: lines.position(m.end) }, text: m.text };
        try {
          workspace.update(file, [change], i);
          workspace.diagnostics(file);
          const at = Math.floor(random() * (workspace.document(file)!.text.length + 1));
          const symbol = queries.symbolAt(file, at);
          queries.typeAt(file, at);
          queries.callAt(file, at);
          queries.visibleNames(file, at);
          if (symbol) queries.references(symbol.symbol, true, [file]);
          if (i % 25 === 0) {
            const text = workspace.document(file)!.text;
            const freshDoc = SyntaxDocument.create(grammar, file, text);
            const sameTree = treeToSexp(freshDoc.tree, { positions: true }) === treeToSexp(workspace.document(file)!.tree, { positions: true });
            freshDoc.dispose();
            if (sameTree) {
              compared++;
              const fresh = new Workspace(grammar);
              try {
                fresh.open(file, text, i);
                assert.equal(describe_(workspace, file), describe_(fresh, file), 'incremental analysis differs from a fresh one');
                const program = elaborated(workspace, file);
                if (program !== undefined) elaborations++;
                assert.equal(program, elaborated(fresh, file), 'the incremental elaborated program differs from a fresh one');
              } finally {
                fresh.dispose();
              }
            } else {
              divergent++;
            }
            // Undo every mutation in one edit: the incremental state, rebuilt from the mutated
            // one, must elaborate the program exactly as a fresh analysis does; then go on.
            const all = (t: string) => ({ range: { start: { line: 0, character: 0 }, end: workspace.document(file)!.lineIndex.position(workspace.document(file)!.text.length) }, text: t });
            workspace.update(file, [all(original)], i);
            assert.equal(elaborated(workspace, file), freshOriginal, 'the elaborated program after undoing the mutations differs from a fresh one');
            elaborations++;
            workspace.update(file, [all(text)], i);
          }
        } catch (error) {
          const detail = `mutation #${i} of ${name}: ${JSON.stringify(m)}`;
          throw new Error(`${detail}\n${(error as Error).stack ?? error}`);
        }
      }
    });
  }
});
