// From a main file to the bytes of a native executable, or to the reasons there are none:
// the steps `zolt build`, `zolt run` and the language server's compile on save share. The
// program is read from disk (with what it imports), checked, elaborated, lowered (ir/) and
// compiled by the native backend. Nothing here prints, writes a file or knows LSP: the CLI
// prints the problems as `zolt check` does, the server turns them into diagnostics.

import * as path from 'node:path';
import { compileNative, executableBytes } from '../backend';
import { lowerProgram, type IrProgram } from '../ir';
import { symbolNameRange, Workspace } from '../semantics';
import { elaborate, type ElabProgram } from '../semantics/elaborate';
import { loadGrammar, type Diagnostic, type ZoltGrammar } from '../syntax';

export type Checked =
  | { readonly ok: true; readonly workspace: Workspace; readonly program: ElabProgram }
  /** `errors` per file of the program, in file order; `message` when the program has no `main` to run. */
  | { readonly ok: false; readonly workspace: Workspace; readonly errors: readonly FileErrors[]; readonly message?: string };

export interface FileErrors {
  readonly file: string;
  readonly diagnostics: readonly Diagnostic[];
}

export interface Position {
  /** 0-based. */
  readonly line: number;
  /** 0-based, in UTF-16 code units. */
  readonly character: number;
}

/** Why a program was not built, at a place in one of its files (positions, not offsets: they cross threads). */
export interface BuildProblem {
  readonly file: string;
  readonly start: Position;
  readonly end: Position;
  readonly message: string;
  readonly code?: string;
}

export type BuildResult =
  | { readonly ok: true; readonly bytes: Uint8Array }
  /** `message` is one line for a status bar; `problems` are where the reasons are. */
  | { readonly ok: false; readonly message: string; readonly problems: readonly BuildProblem[] };

/** Reads the main file and what it imports from disk, and elaborates the program if it has no errors. */
export async function checkProgram(file: string, options: { roots?: 'main' | 'all' } = {}): Promise<Checked> {
  const workspace = new Workspace(await loadGrammar());
  workspace.reload(file);
  const result = elaborate(workspace, file, { roots: options.roots ?? 'main' });
  if (result.ok) return { ok: true, workspace, program: result.program };
  return { ok: false, workspace, errors: result.errors, ...(result.message === undefined ? {} : { message: result.message }) };
}

/** The elaborated program in IR, with source lines for the locations. */
export function lowerChecked(workspace: Workspace, program: ElabProgram): IrProgram {
  return lowerProgram(program, (f) => workspace.document(f)?.lineIndex);
}

/** The IR program as an x86-64 Linux executable. */
export function nativeExecutable(ir: IrProgram, grammar: ZoltGrammar): Uint8Array {
  return executableBytes(compileNative(ir, grammar));
}

/** The whole way from a main file to an executable's bytes, or to the problems that stopped it. */
export async function buildExecutable(file: string, stage: (name: 'checking' | 'compiling') => void = () => undefined): Promise<BuildResult> {
  stage('checking');
  const checked = await checkProgram(file);
  try {
    if (!checked.ok) return notBuilt(checked, file);
    stage('compiling');
    return { ok: true, bytes: nativeExecutable(lowerChecked(checked.workspace, checked.program), await loadGrammar()) };
  } catch (error) {
    // A compiler bug, not the program's fault: said where the build started, with the reason.
    const message = `the compiler failed: ${error instanceof Error ? error.message : String(error)}`;
    return { ok: false, message, problems: [{ file, ...START, message }] };
  } finally {
    checked.workspace.dispose();
  }
}

const START = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } as const;

function notBuilt(checked: Checked & { ok: false }, file: string): BuildResult & { ok: false } {
  const { workspace } = checked;
  const problems = checked.errors.flatMap(({ file: f, diagnostics }) => {
    const lines = workspace.document(f)?.lineIndex;
    return diagnostics.map((d): BuildProblem => ({
      file: f,
      start: lines?.position(d.start) ?? START.start,
      end: lines?.position(d.end) ?? START.end,
      message: d.message,
      code: d.code,
    }));
  });
  if (checked.message !== undefined) problems.push({ file, ...mainRange(workspace, file), message: checked.message });
  return { ok: false, message: checked.message ?? errorSummary(checked.errors), problems };
}

/** Where a `main` that cannot be run is declared (its name), or the file's start. */
function mainRange(workspace: Workspace, file: string): { start: Position; end: Position } {
  const main = workspace.declarations(file).find((s) => s.kind === 'function' && s.name === 'main');
  const lines = workspace.document(file)?.lineIndex;
  if (!main || !lines) return START;
  const { start, end } = symbolNameRange(main);
  return { start: lines.position(start), end: lines.position(end) };
}

/** "2 errors in main.zolt and lib.zolt". */
export function errorSummary(errors: readonly FileErrors[]): string {
  const count = errors.reduce((n, f) => n + f.diagnostics.length, 0);
  const names = errors.map((f) => path.basename(f.file));
  const files = names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]!}`;
  return `${count} error${count === 1 ? '' : 's'} in ${files}`;
}
