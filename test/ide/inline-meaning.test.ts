// Proof of meaning for the inline refactorings (test/support/sweep.ts): in every example and run
// fixture, inline call at calls, inline function at functions, inline variable and constant at
// locals and constants, wherever offered and enabled; the program must check and print as before.
// The counts (places tried, offered, applied, refused) are printed.

import * as assert from 'node:assert/strict';
import { loadGrammar, walk, type AstNode, type ZoltGrammar } from 'zolt-server/syntax';
import { diagnosticsIn } from 'zolt-server/ide/actions';
import { codeActions } from 'zolt-server/ide/code-actions';
import { spread, sweep, type Attempt, type SweepProgram } from '../support/sweep';

/** Places tried per program (the sweep's time is mostly the runs). */
const PLACES_PER_PROGRAM = 10;

/** Calls' callee names, function names, and local or module-level constant and variable names. */
function places(program: SweepProgram): number[] {
  const offsets: number[] = [];
  for (const item of program.workspace.document(program.file)?.items ?? []) {
    const at = (n: AstNode) => offsets.push(item.start + n.span.start);
    if (item.decl.kind === 'function' || item.decl.kind === 'const') at(item.decl.name);
    walk(item.decl, (node: AstNode) => {
      if (node.kind === 'call' && node.callee.kind === 'name-expr') at(node.callee);
      if (node.kind === 'local') at(node.decl.name);
    });
  }
  return offsets;
}

function inlineAttempts(program: SweepProgram): Attempt[] {
  const { workspace, queries, file } = program;
  return spread(places(program), PLACES_PER_PROGRAM).flatMap((offset) => {
    const diagnostics = diagnosticsIn(workspace.diagnostics(file), offset, offset);
    return codeActions({ workspace, queries, file, start: offset, end: offset, diagnostics }, ['refactor.inline'])
      .map((a): Attempt => (a.edits ? { label: `${a.title} at ${offset}`, edits: a.edits } : { label: a.title, refused: a.disabled ?? 'no edit' }));
  });
}

describe('inline refactorings keep the meaning of every example and run fixture', function () {
  this.timeout(300_000);
  let grammar: ZoltGrammar;
  before(async () => {
    grammar = await loadGrammar();
  });

  it('inlines calls, functions, variables and constants across the programs', () => {
    const { counts, failures } = sweep(grammar, inlineAttempts);
    console.log(`      inline sweep: ${counts.programs} programs, ${counts.offered} inline actions offered, ${counts.applied} applied, ${counts.refused} refused`);
    assert.equal(failures.length, 0, `${failures.length} inlinings changed the program:\n\n${failures.join('\n\n')}`);
    assert.ok(counts.applied > 50, `only ${counts.applied} applied: the sweep proves little`);
  });
});
