// Loading a program for the verbs that run or build it: the main file and what it imports are
// checked (build/program.ts, shared with the language server's compile on save), and a program
// with errors is not elaborated: its diagnostics are printed as `zolt check` prints them (exit
// status 1).

import type { Workspace } from '../semantics';
import type { ElabProgram } from '../semantics/elaborate';
import { checkProgram } from '../build/program';
import { Exit, type Io } from './io';
import { addCounts, printDiagnostics, summaryLine, type Counts } from './report';

export type Loaded =
  | { readonly ok: true; readonly workspace: Workspace; readonly program: ElabProgram }
  | { readonly ok: false; readonly status: number };

export async function loadProgram(file: string, io: Io, options: { roots?: 'main' | 'all' } = {}): Promise<Loaded> {
  const result = await checkProgram(file, options);
  if (result.ok) return result;
  const { workspace } = result;
  if (result.message) {
    io.err(`zolt: ${result.message}\n`);
    return { ok: false, status: Exit.InputErrors };
  }
  let counts: Counts = { errors: 0, warnings: 0 };
  for (const { file: f, diagnostics } of result.errors) counts = addCounts(counts, printDiagnostics(workspace, f, diagnostics, io.err));
  io.err(summaryLine(counts, result.errors.length));
  return { ok: false, status: Exit.InputErrors };
}
