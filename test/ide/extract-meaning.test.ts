// Proof of meaning for extract variable and extract function (test/support/sweep.ts): in every
// example and run fixture, at ranges of each program (each expression statement's expression,
// each `var` initialiser, each whole statement of each block, each call argument and operand
// of a binary operator; capped per program so the sweep
// stays within a minute), each extraction that is offered and enabled is applied; the program
// must check and print as before, and a program `zolt fmt` leaves as it is must stay so. The
// counts (ranges tried, actions offered, applied, refused, and the refusals by reason) are printed.

import * as assert from 'node:assert/strict';
import { Workspace } from 'zolt-server/semantics';
import { loadGrammar, walk, type AstNode, type ZoltGrammar } from 'zolt-server/syntax';
import { applyEdits, diagnosticsIn, type CodeAction } from 'zolt-server/ide/actions';
import { codeActions } from 'zolt-server/ide/code-actions';
import { formatTree } from 'zolt-server/ide/format';
import { changedLines, spread, sweep, type Attempt, type SweepProgram } from '../support/sweep';

const TITLES = ['Extract variable', 'Extract function'];
/** Ranges tried per program (the sweep's time is mostly the runs); ZOLT_EXTRACT_RANGES=n tries more. */
const RANGES_PER_PROGRAM = Number(process.env.ZOLT_EXTRACT_RANGES ?? 8);

/** Candidate selections (absolute [start, end)): expression statements, initialisers, statements, arguments, operands. */
function candidateRanges(program: SweepProgram): [number, number][] {
  const ranges: [number, number][] = [];
  for (const item of program.workspace.document(program.file)?.items ?? []) {
    if (item.decl.kind !== 'function' || !item.decl.body) continue;
    walk(item.decl.body, (node: AstNode) => {
      const at = (n: AstNode) => ranges.push([item.start + n.span.start, item.start + n.span.end]);
      if (node.kind === 'expr-stmt') at(node.expr);
      if (node.kind === 'local' && node.decl.kind === 'var' && node.decl.value) at(node.decl.value);
      if (node.kind === 'block') node.statements.forEach(at);
      // Inner expressions, where evaluation order matters to extract variable.
      if (node.kind === 'call') node.args.forEach(at);
      if (node.kind === 'binary') [node.left, node.right].forEach(at);
    });
  }
  return ranges;
}

/** Whether a program's text is as `zolt fmt` prints it. */
function isFormatted(grammar: ZoltGrammar, file: string, text: string): boolean {
  const workspace = new Workspace(grammar);
  try {
    workspace.open(file, text, 1);
    const doc = workspace.document(file)!;
    const result = formatTree(doc.tree, doc.text);
    return result.kind === 'formatted' && result.text === text;
  } finally {
    workspace.dispose();
  }
}

describe('extract refactorings keep the meaning of every example and run fixture', function () {
  this.timeout(300_000);
  let grammar: ZoltGrammar;
  before(async () => {
    grammar = await loadGrammar();
  });

  it('applies extract variable and extract function across the programs', () => {
    let ranges = 0;
    const reasons = new Map<string, number>();
    const unformatted: string[] = [];
    const attempt = (program: SweepProgram, action: CodeAction, start: number, end: number, formatted: boolean): Attempt => {
      if (!action.edits) {
        const reason = `${action.title}: ${(action.disabled ?? 'no edits').replace(/'[^']*'/g, "'…'")}`;
        reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
        return { label: action.title, refused: reason };
      }
      const after = new Map(program.files);
      for (const [file, edits] of action.edits) after.set(file, applyEdits(after.get(file)!, edits));
      if (formatted && !isFormatted(grammar, program.file, after.get(program.file)!)) {
        unformatted.push(`${program.file} ${start}-${end} ${action.title}:\n${changedLines(program.files, after)}`);
      }
      return { label: `${action.title} at ${start}-${end}`, edits: action.edits };
    };
    const attempts = (program: SweepProgram): Attempt[] => {
      const { workspace, queries, file } = program;
      const formatted = isFormatted(grammar, file, program.files.get(file)!);
      return spread(candidateRanges(program), RANGES_PER_PROGRAM).flatMap(([start, end]) => {
        ranges++;
        const diagnostics = diagnosticsIn(workspace.diagnostics(file), start, end);
        return codeActions({ workspace, queries, file, start, end, diagnostics }, ['refactor.extract'])
          .filter((a) => TITLES.includes(a.title))
          .map((a) => attempt(program, a, start, end, formatted));
      });
    };
    const { counts, failures } = sweep(grammar, attempts);
    console.log(`      extract sweep: ${counts.programs} programs, ${ranges} ranges tried, ${counts.offered} offered, ${counts.applied} applied, ${counts.refused} refused`);
    for (const [reason, n] of [...reasons].sort((a, b) => b[1] - a[1])) console.log(`        ${n} x ${reason}`);
    assert.equal(failures.length, 0, `${failures.length} extractions changed the program:\n\n${failures.join('\n\n')}`);
    assert.equal(unformatted.length, 0, `${unformatted.length} extractions left a formatted program unformatted:\n\n${unformatted.join('\n\n')}`);
    assert.ok(counts.applied > 100, `only ${counts.applied} applied: the sweep proves little`);
  });
});
