// Proof of meaning for rename (test/support/sweep.ts): in every example and run fixture, each
// declared name (functions, types, fields, enum members, globals, locals, parameters, loop
// variables; spread over the program) is renamed to a fresh name; the program must check and
// print as before, up to the name itself where the program prints it (an enum member's name).

import * as assert from 'node:assert/strict';
import { loadGrammar, walk, type AstNode, type ZoltGrammar } from 'zolt-server/syntax';
import { rename } from 'zolt-server/ide/rename';
import { spread, sweep, type Attempt, type SweepProgram } from '../support/sweep';

const NAMES_PER_PROGRAM = 12;
const FRESH = 'zz_renamed';

/** The offsets of every declared name of the program's main file. */
function declaredNames(program: SweepProgram): number[] {
  const offsets: number[] = [];
  for (const item of program.workspace.document(program.file)?.items ?? []) {
    walk(item.decl, (node: AstNode) => {
      const at = (n: { span: { start: number } } | undefined) => n && offsets.push(item.start + n.span.start);
      switch (node.kind) {
        case 'function': case 'struct': case 'enum': case 'const': case 'var': case 'param': case 'field': case 'enum-member':
          at(node.name);
          break;
        case 'for':
          at(node.item);
          at(node.index);
          break;
      }
    });
  }
  return offsets;
}

function renameAttempts(program: SweepProgram): Attempt[] {
  return spread(declaredNames(program), NAMES_PER_PROGRAM).flatMap((offset): Attempt[] => {
    const at = program.queries.symbolAt(program.file, offset);
    if (!at || at.symbol.name === 'main' || at.symbol.name === '_') return [];
    const old = at.symbol.name;
    const result = rename(program.workspace, program.queries, program.file, offset, FRESH);
    const label = `rename '${old}' (${at.symbol.kind}) at ${offset}`;
    if (!result.ok) return [{ label, refused: result.message }];
    return [{ label, edits: result.edits, normalise: (output) => output.replaceAll(FRESH, old) }];
  });
}

describe('rename keeps the meaning of every example and run fixture', function () {
  this.timeout(300_000);
  let grammar: ZoltGrammar;
  before(async () => {
    grammar = await loadGrammar();
  });

  it('renames every kind of declared name across the programs', () => {
    const { counts, failures } = sweep(grammar, renameAttempts);
    console.log(`      rename sweep: ${counts.programs} programs, ${counts.offered} renames tried, ${counts.applied} applied, ${counts.refused} refused`);
    assert.equal(failures.length, 0, `${failures.length} renames changed the program:\n\n${failures.join('\n\n')}`);
    assert.ok(counts.applied > 100, `only ${counts.applied} applied: the sweep proves little`);
  });
});
