// Proof-of-meaning sweeps over real programs (every example and run fixture): a sweep names the
// edits to try at places of each program (refactorings, renames); each one that is offered is
// applied, and the program after it must have no error it did not have and print what it printed
// before (in the interpreter; a run-time error's position and stack frames may move with the
// edit, its message may not). Programs that call C are left out: C runs in the test's own
// process, where a crash would end the run and what it prints is not captured.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { Queries, Workspace } from 'zolt-server/semantics';
import type { ZoltGrammar } from 'zolt-server/syntax';
import { applyEdits, type FileEdits } from 'zolt-server/ide/actions';
import { runTexts, shown } from './meaning';
import { listRunFixtures } from './run-fixtures';
import { fromRoot } from './paths';

export interface SweepProgram {
  readonly file: string;
  readonly workspace: Workspace;
  readonly queries: Queries;
  /** The program's own files (its folder's files it imports) with their texts. */
  readonly files: ReadonlyMap<string, string>;
}

/** One edit to try: applied when `edits` is given, counted as refused when `refused` is. */
export type Attempt =
  | { readonly label: string; readonly edits: FileEdits; readonly normalise?: (output: string) => string }
  | { readonly label: string; readonly refused: string };

export interface SweepCounts {
  programs: number;
  sites: number;
  offered: number;
  applied: number;
  refused: number;
}

/** Every example and run fixture without command-line arguments. */
export function sweepFiles(): string[] {
  const examples = fs.readdirSync(fromRoot('examples')).filter((f) => f.endsWith('.zolt')).sort().map((f) => fromRoot('examples', f));
  const fixtures = listRunFixtures(fromRoot('test/fixtures/run')).filter((f) => f.args.length === 0).map((f) => f.file);
  return [...examples, ...fixtures];
}

/** At most `n` of the items, spread evenly. */
export function spread<T>(items: readonly T[], n: number): T[] {
  if (items.length <= n) return [...items];
  return Array.from({ length: n }, (_, i) => items[Math.floor((i * items.length) / n)]!);
}

/** Opens the program's file and, transitively, the files of its folder it imports. */
export function openProgram(workspace: Workspace, main: string): Map<string, string> {
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

export function errorsIn(grammar: ZoltGrammar, files: ReadonlyMap<string, string>): string[] {
  const workspace = new Workspace(grammar);
  try {
    for (const [file, text] of files) workspace.open(file, text, 1);
    return [...files.keys()].flatMap((f) => workspace.diagnostics(f).filter((d) => d.severity === 'error').map((d) => `${path.basename(f)}: ${d.code} ${d.message}`));
  } finally {
    workspace.dispose();
  }
}

/** Output as a sweep compares it: without a run-time error's position and stack frames. */
export function comparable(output: string): string {
  return output.split('\n').filter((line) => !/^    at \S+ \(.*\)$/.test(line)).join('\n').replace(/([\w.-]+\.zolt):\d+:\d+: runtime error/g, '$1: runtime error');
}

/** The lines an edit added, for a failure message that shows what it did. */
export function changedLines(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): string {
  return [...after].flatMap(([file, text]) => {
    const old = new Set((before.get(file) ?? '').split('\n'));
    return text.split('\n').filter((line) => !old.has(line)).map((line) => `+ ${line}`);
  }).join('\n');
}

/**
 * Runs a sweep: for each program, `attempts` gives the edits to try (at most `perProgram`
 * places, the sweep's choice); returns the counts and a description of every edit that changed
 * what a program does.
 */
export function sweep(grammar: ZoltGrammar, attempts: (program: SweepProgram) => Attempt[], files = sweepFiles()): { counts: SweepCounts; failures: string[] } {
  const counts: SweepCounts = { programs: 0, sites: 0, offered: 0, applied: 0, refused: 0 };
  const failures: string[] = [];
  for (const main of files) {
    const workspace = new Workspace(grammar);
    try {
      const texts = openProgram(workspace, main);
      if (workspace.diagnostics(main).some((d) => d.severity === 'error')) continue;
      if ([...texts.values()].some((t) => /\bforeign\s+"/.test(t))) continue;
      const root = path.dirname(main);
      const before = shown(runTexts(grammar, root, texts, main));
      counts.programs++;
      for (const attempt of attempts({ file: main, workspace, queries: new Queries(workspace), files: texts })) {
        counts.offered++;
        if ('refused' in attempt) {
          counts.refused++;
          continue;
        }
        counts.applied++;
        const after = new Map(texts);
        for (const [file, edits] of attempt.edits) after.set(file, applyEdits(after.get(file) ?? fs.readFileSync(file, 'utf8'), edits));
        const where = `${path.relative(fromRoot(), main)}: ${attempt.label}`;
        const added = errorsIn(grammar, after).filter((e) => !errorsIn(grammar, texts).includes(e));
        if (added.length > 0) {
          failures.push(`${where}: new errors ${added.join('; ')}\n${changedLines(texts, after)}`);
          continue;
        }
        const now = shown(runTexts(grammar, root, after, main));
        const normalise = attempt.normalise ?? ((s: string) => s);
        if (comparable(normalise(now)) !== comparable(before)) failures.push(`${where}: prints something else:\n${changedLines(texts, after)}\n${now}\n(before:)\n${before}`);
      }
    } finally {
      workspace.dispose();
    }
  }
  return { counts, failures };
}
