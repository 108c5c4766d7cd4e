// Diagnostics as the `zolt` verbs print them, one place for all of them (check, parse, sim,
// build, run): `file:line:col: severity Zxxxx: message`, the related notes indented below, then
// a count. Paths are shown relative to the working folder.

import * as path from 'node:path';
import type { Workspace } from '../semantics';
import type { Diagnostic, LineIndex } from '../syntax';

/** Where the line tables of files come from (a workspace, or a single parsed document). */
export interface Documents {
  document(file: string): { readonly lineIndex: LineIndex } | undefined;
}

export interface JsonRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

export interface JsonDiagnostic {
  code: string;
  severity: string;
  message: string;
  range: JsonRange;
  related: { file: string; range: JsonRange; message: string }[];
}

export interface Counts {
  errors: number;
  warnings: number;
}

/** A path as the user would write it: relative below the working folder, else absolute. */
export function showPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

export function toRange(lines: LineIndex, d: Pick<Diagnostic, 'start' | 'end'>): JsonRange {
  return { start: lines.position(d.start), end: lines.position(d.end) };
}

/** A file's diagnostics as JSON values (for `--json`), with positions as LSP has them. */
export function jsonDiagnostics(workspace: Documents, file: string, diagnostics: readonly Diagnostic[]): JsonDiagnostic[] {
  const doc = workspace.document(file);
  if (!doc) return [];
  return diagnostics.map((d) => ({
    code: d.code,
    severity: d.severity,
    message: d.message,
    range: toRange(doc.lineIndex, d),
    related: (d.related ?? []).map((r) => {
      const other = workspace.document(r.file);
      const range = other ? toRange(other.lineIndex, r) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
      return { file: r.file, range, message: r.message };
    }),
  }));
}

/** Prints a file's diagnostics in the text form; returns how many errors and warnings. */
export function printDiagnostics(workspace: Documents, file: string, diagnostics: readonly Diagnostic[], write: (text: string) => void): Counts {
  const counts: Counts = { errors: 0, warnings: 0 };
  for (const d of jsonDiagnostics(workspace, file, diagnostics)) {
    if (d.severity === 'error') counts.errors++;
    else if (d.severity === 'warning') counts.warnings++;
    write(`${showPath(file)}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity} ${d.code}: ${d.message}\n`);
    for (const r of d.related) {
      // A note about a file that does not exist (where an import was looked for) has no place.
      const where = workspace.document(r.file) ? `${showPath(r.file)}:${r.range.start.line + 1}:${r.range.start.character + 1}: ` : '';
      write(`    ${where}note: ${r.message}\n`);
    }
  }
  return counts;
}

/** `2 errors, 1 warning in 3 files` */
export function summaryLine(counts: Counts, files: number): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `${plural(counts.errors, 'error')}, ${plural(counts.warnings, 'warning')} in ${plural(files, 'file')}\n`;
}

/**
 * The files whose diagnostics a program's check shows: the given ones, then every file they
 * import, directly or not (the standard library excepted), in the order first reached.
 */
export function programFiles(workspace: Workspace, roots: readonly string[]): string[] {
  const seen = new Set<string>();
  const order: string[] = [];
  const visit = (file: string) => {
    if (seen.has(file) || workspace.isStd(file)) return;
    seen.add(file);
    order.push(file);
    for (const { resolution } of workspace.imports(file)) if (resolution.file) visit(resolution.file);
  };
  for (const root of roots) visit(root);
  return order;
}

export function addCounts(a: Counts, b: Counts): Counts {
  return { errors: a.errors + b.errors, warnings: a.warnings + b.warnings };
}
