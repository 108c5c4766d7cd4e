// `zolt check [PATHS] [--json]`: every diagnostic of the given files (folders searched) and of
// the files they import, as `file:line:col: severity Zxxxx: message` with related notes
// indented below (report.ts). Exit status 1 when there are errors, 2 when a path does not
// exist, 0 otherwise.

import { Workspace } from '../semantics';
import { loadGrammar } from '../syntax';
import { parseArgs } from './args';
import { zoltFiles } from './files';
import { Exit, type Io } from './io';
import {
  addCounts, jsonDiagnostics, printDiagnostics, programFiles, summaryLine, type Counts,
  type JsonDiagnostic,
} from './report';

export async function checkCommand(args: readonly string[], io: Io): Promise<number> {
  const { positional, flags } = parseArgs(args, ['json']);
  const { files: given, missing } = zoltFiles(positional.length > 0 ? positional : ['.']);
  for (const m of missing) io.err(`zolt check: no such file or folder: ${m}\n`);
  if (given.length === 0 && missing.length > 0) return Exit.Usage;
  const workspace = new Workspace(await loadGrammar());
  for (const file of given) workspace.reload(file);
  const files = programFiles(workspace, given);

  let counts: Counts = { errors: 0, warnings: 0 };
  const json: { file: string; diagnostics: JsonDiagnostic[] }[] = [];
  for (const file of files) {
    const diagnostics = workspace.diagnostics(file);
    if (flags.has('json')) {
      const entries = jsonDiagnostics(workspace, file, diagnostics);
      for (const d of entries) counts = addCounts(counts, { errors: d.severity === 'error' ? 1 : 0, warnings: d.severity === 'warning' ? 1 : 0 });
      json.push({ file, diagnostics: entries });
    } else {
      counts = addCounts(counts, printDiagnostics(workspace, file, diagnostics, io.out));
    }
  }
  if (flags.has('json')) io.out(JSON.stringify({ files: json, errors: counts.errors, warnings: counts.warnings }, null, 2) + '\n');
  else io.out(summaryLine(counts, files.length));
  if (missing.length > 0) return Exit.Usage;
  return counts.errors > 0 ? Exit.InputErrors : Exit.Ok;
}
