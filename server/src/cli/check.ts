// `zolt check [PATHS] [--json]`: every diagnostic of the given files (folders searched), as
// `file:line:col: severity Zxxxx: message` with related notes indented below. Exit status 1
// when there are errors, 0 otherwise.

import * as path from 'node:path';
import { Workspace } from '../semantics';
import { loadGrammar, type Diagnostic, type LineIndex } from '../syntax';
import { parseArgs } from './args';
import { zoltFiles } from './files';
import { Exit, type Io } from './io';

interface JsonDiagnostic {
  code: string;
  severity: string;
  message: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  related: { file: string; range: JsonDiagnostic['range']; message: string }[];
}

export async function checkCommand(args: readonly string[], io: Io): Promise<number> {
  const { positional, flags } = parseArgs(args, ['json']);
  const { files, missing } = zoltFiles(positional.length > 0 ? positional : ['.']);
  for (const m of missing) io.err(`zolt check: no such file or folder: ${m}\n`);
  const workspace = new Workspace(await loadGrammar());
  for (const file of files) workspace.reload(file);

  let errors = 0;
  let warnings = 0;
  const json: { file: string; diagnostics: JsonDiagnostic[] }[] = [];
  const show = (file: string) => path.relative(process.cwd(), file) || file;
  for (const file of files) {
    const doc = workspace.document(file);
    if (!doc) continue;
    const diagnostics = workspace.diagnostics(file);
    const entries: JsonDiagnostic[] = [];
    for (const d of diagnostics) {
      if (d.severity === 'error') errors++;
      else if (d.severity === 'warning') warnings++;
      const range = toRange(doc.lineIndex, d);
      const related = (d.related ?? []).map((r) => {
        const other = workspace.document(r.file);
        const relatedRange = other ? toRange(other.lineIndex, r) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
        return { file: r.file, range: relatedRange, message: r.message };
      });
      entries.push({ code: d.code, severity: d.severity, message: d.message, range, related });
      if (!flags.has('json')) {
        io.out(`${show(file)}:${range.start.line + 1}:${range.start.character + 1}: ${d.severity} ${d.code}: ${d.message}\n`);
        for (const r of related) {
          // A note about a file that does not exist (where an import was looked for) has no place.
          const where = workspace.document(r.file) ? `${show(r.file)}:${r.range.start.line + 1}:${r.range.start.character + 1}: ` : '';
          io.out(`    ${where}note: ${r.message}\n`);
        }
      }
    }
    json.push({ file, diagnostics: entries });
  }
  if (flags.has('json')) {
    io.out(JSON.stringify({ files: json, errors, warnings }, null, 2) + '\n');
  } else {
    const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
    io.out(`${plural(errors, 'error')}, ${plural(warnings, 'warning')} in ${plural(files.length, 'file')}\n`);
  }
  if (missing.length > 0) return Exit.Usage;
  return errors > 0 ? Exit.InputErrors : Exit.Ok;
}

function toRange(lines: LineIndex, d: Pick<Diagnostic, 'start' | 'end'>): JsonDiagnostic['range'] {
  return { start: lines.position(d.start), end: lines.position(d.end) };
}
