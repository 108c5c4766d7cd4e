// Proof of meaning for extract variable and extract function, swept over real programs: every
// example and run fixture. For ranges of each program (each expression statement's expression,
// each `var` initialiser, each whole statement of each block; capped per program so the sweep
// stays within a minute) each extraction that is offered and enabled is applied, and the program
// after it must have no error it did not have and print exactly what it printed before (the
// interpreter, a run-time error's message kept but not its position; and the count of programs whose output is the expected one beside them is
// printed). Programs that call C are left out: C runs in this process, where a crash would end
// the test run and what it prints is not captured.. The counts of
// ranges tried, actions offered, applied and refused are printed.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Queries, Workspace } from 'zolt-server/semantics';
import { loadGrammar, walk, type AstNode, type ZoltGrammar } from 'zolt-server/syntax';
import { applyEdits, diagnosticsIn } from 'zolt-server/ide/actions';
import { codeActions } from 'zolt-server/ide/code-actions';
import { runTexts, shown } from '../support/meaning';
import { listRunFixtures } from '../support/run-fixtures';
import { fromRoot } from '../support/paths';

const TITLES = ['Extract variable', 'Extract function'];
/** Ranges tried per program, spread over it (the sweep's time is mostly the runs). */
const RANGES_PER_PROGRAM = 16;

interface Program {
  readonly file: string;
  /** The expected output, as `shown` prints it; undefined when the program takes arguments. */
  readonly expected: string | undefined;
}

function programs(): Program[] {
  const examples = fs.readdirSync(fromRoot('examples')).filter((f) => f.endsWith('.zolt')).sort().map((f) => {
    const file = fromRoot('examples', f);
    const out = file.replace(/\.zolt$/, '.out');
    return { file, expected: shown({ status: 0, stdout: fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : '', stderr: '' }) };
  });
  const fixtures = listRunFixtures(fromRoot('test/fixtures/run')).map((f) => ({ file: f.file, expected: f.args.length > 0 ? undefined : shown(f) }));
  return [...examples, ...fixtures];
}

/** The program's texts: its file and the files of its folder it imports, transitively. */
function programFiles(workspace: Workspace, main: string): Map<string, string> {
  const files = new Map<string, string>();
  const pending = [main];
  for (let file = pending.pop(); file; file = pending.pop()) {
    if (files.has(file)) continue;
    const text = fs.readFileSync(file, 'utf8');
    files.set(file, text);
    workspace.open(file, text, 1);
    for (const item of workspace.document(file)?.items ?? []) {
      if (item.decl.kind !== 'import') continue;
      const target = workspace.resolveImport(file, item.decl.path).file;
      if (target && target.startsWith(path.dirname(main) + path.sep)) pending.push(target);
    }
  }
  return files;
}

/** Candidate selections (absolute [start, end)): expression statements, initialisers, statements. */
function candidateRanges(workspace: Workspace, file: string): [number, number][] {
  const ranges: [number, number][] = [];
  for (const item of workspace.document(file)?.items ?? []) {
    if (item.decl.kind !== 'function' || !item.decl.body) continue;
    walk(item.decl.body, (node: AstNode) => {
      const at = (n: AstNode) => ranges.push([item.start + n.span.start, item.start + n.span.end]);
      if (node.kind === 'expr-stmt') at(node.expr);
      if (node.kind === 'local' && node.decl.kind === 'var' && node.decl.value) at(node.decl.value);
      if (node.kind === 'block') node.statements.forEach(at);
    });
  }
  return ranges;
}

/** At most `n` of the items, spread evenly. */
function spread<T>(items: readonly T[], n: number): T[] {
  if (items.length <= n) return [...items];
  return Array.from({ length: n }, (_, i) => items[Math.floor((i * items.length) / n)]!);
}

function errors(grammar: ZoltGrammar, files: ReadonlyMap<string, string>): string[] {
  const workspace = new Workspace(grammar);
  try {
    for (const [file, text] of files) workspace.open(file, text, 1);
    return [...files.keys()].flatMap((f) => workspace.diagnostics(f).filter((d) => d.severity === 'error').map((d) => `${path.basename(f)}: ${d.code} ${d.message}`));
  } finally {
    workspace.dispose();
  }
}

/**
 * Output as the sweep compares it: a run-time error's position and the stack frames after it
 * move with any edit (and a new function is a new frame), so they are left out; its message,
 * stdout and the status must stay.
 */
function comparable(output: string): string {
  return output.split('\n').filter((line) => !/^    at \S+ \(.*\)$/.test(line)).join('\n').replace(/([\w.-]+\.zolt):\d+:\d+: runtime error/g, '$1: runtime error');
}

/** The lines the edit added, for a failure message that shows what the action did. */
function changedLines(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): string {
  return [...after].flatMap(([file, text]) => {
    const old = new Set((before.get(file) ?? '').split('\n'));
    return text.split('\n').filter((line) => !old.has(line)).map((line) => `+ ${line}`);
  }).join('\n');
}

describe('extract refactorings keep the meaning of every example and run fixture', function () {
  this.timeout(300_000);
  let grammar: ZoltGrammar;
  before(async () => {
    grammar = await loadGrammar();
  });

  it('applies extract variable and extract function across the programs', () => {
    const counts = { programs: 0, asExpected: 0, ranges: 0, offered: 0, applied: 0, refused: 0 };
    const failures: string[] = [];
    const reasons = new Map<string, number>();
    for (const program of programs()) {
      const workspace = new Workspace(grammar);
      try {
        const files = programFiles(workspace, program.file);
        if (workspace.diagnostics(program.file).some((d) => d.severity === 'error')) continue;
        // C code runs in this process (a crash ends the test run) and prints past the capture.
        if ([...files.values()].some((t) => /\bforeign\s+"/.test(t))) continue;
        const root = path.dirname(program.file);
        const before = shown(runTexts(grammar, root, files, program.file));
        if (program.expected === before) counts.asExpected++;
        counts.programs++;
        const queries = new Queries(workspace);
        for (const [start, end] of spread(candidateRanges(workspace, program.file), RANGES_PER_PROGRAM)) {
          counts.ranges++;
          const diagnostics = diagnosticsIn(workspace.diagnostics(program.file), start, end);
          const actions = codeActions({ workspace, queries, file: program.file, start, end, diagnostics }).filter((a) => TITLES.includes(a.title));
          for (const action of actions) {
            counts.offered++;
            if (action.disabled !== undefined || !action.edits) {
              counts.refused++;
              const reason = `${action.title}: ${(action.disabled ?? 'no edits').replace(/'[^']*'/g, "'…'")}`;
              reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
              continue;
            }
            counts.applied++;
            const after = new Map(files);
            for (const [file, edits] of action.edits) after.set(file, applyEdits(after.get(file)!, edits));
            const where = `${path.relative(fromRoot(), program.file)} ${start}-${end} ${action.title}`;
            const added = errors(grammar, after);
            if (added.length > 0) {
              failures.push(`${where}: new errors ${added.join('; ')}\n${changedLines(files, after)}`);
              continue;
            }
            const now = shown(runTexts(grammar, root, after, program.file));
            if (comparable(now) !== comparable(before)) failures.push(`${where}: prints something else:\n${changedLines(files, after)}\n${now}\n(before:)\n${before}`);
          }
        }
      } finally {
        workspace.dispose();
      }
    }
    console.log(`      extract sweep: ${counts.programs} programs (${counts.asExpected} printing their expected output in process), ${counts.ranges} ranges tried, ${counts.offered} offered, ${counts.applied} applied, ${counts.refused} refused`);
    for (const [reason, n] of [...reasons].sort((a, b) => b[1] - a[1])) console.log(`        ${n} x ${reason}`);
    assert.equal(failures.length, 0, `${failures.length} extractions changed the program:\n\n${failures.join('\n\n')}`);
    assert.ok(counts.applied > 0, 'nothing was applied: the sweep proves nothing');
  });
});
