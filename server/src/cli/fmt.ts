// `zolt fmt [PATHS] [--check] [--stdout]`: formats files in the Zolt style (see ide/format.ts),
// folders searched for .zolt files, `.` by default.
//
// - By default each file that is not formatted yet is rewritten in place, atomically (a
//   temporary file in the same folder, then a rename); a formatted file is not touched.
// - `--check` changes nothing: it lists the files that would change (`would reformat: path`)
//   and exits 1 if there are any.
// - `--stdout` prints the formatted text of one file instead of writing it.
// - A file with syntax errors is left alone and reported on stderr; the exit status is then 1.
// Exit status: 0 all good, 1 a file has syntax errors or (with --check) would change, 2 bad
// usage or a path that does not exist.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatTree, type FormatResult } from '../ide/format';
import { loadGrammar } from '../syntax';
import { parseArgs, UsageError } from './args';
import { zoltFiles } from './files';
import { Exit, type Io } from './io';

export async function fmtCommand(args: readonly string[], io: Io): Promise<number> {
  const { positional, flags } = parseArgs(args, ['check', 'stdout']);
  const check = flags.has('check');
  const toStdout = flags.has('stdout');
  if (check && toStdout) throw new UsageError("'--check' and '--stdout' cannot be used together");
  const { files, missing } = zoltFiles(positional.length > 0 ? positional : ['.']);
  for (const m of missing) io.err(`zolt fmt: no such file or folder: ${m}\n`);
  if (toStdout && files.length + missing.length !== 1) throw new UsageError("'--stdout' formats exactly one file");

  const grammar = await loadGrammar();
  const parser = grammar.newParser();
  const show = (file: string) => path.relative(process.cwd(), file) || file;
  let failed = false;
  let wouldChange = false;
  try {
    for (const file of files) {
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch (error) {
        io.err(`zolt fmt: cannot read '${show(file)}': ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`);
        failed = true;
        continue;
      }
      const tree = parser.parse(text);
      if (!tree) throw new Error('the parser returned no tree');
      let result: FormatResult;
      try {
        result = formatTree(tree, text);
      } finally {
        tree.delete();
      }
      if (result.kind === 'syntax-errors') {
        io.err(`${show(file)}: not formatted: ${result.message}\n`);
        failed = true;
        continue;
      }
      if (toStdout) {
        io.out(result.text);
        continue;
      }
      if (result.text === text) continue;
      if (check) {
        io.out(`would reformat: ${show(file)}\n`);
        wouldChange = true;
        continue;
      }
      try {
        writeAtomically(file, result.text);
      } catch (error) {
        io.err(`zolt fmt: cannot write '${show(file)}': ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`);
        failed = true;
      }
    }
  } finally {
    parser.delete();
  }
  if (missing.length > 0) return Exit.Usage;
  return failed || wouldChange ? Exit.InputErrors : Exit.Ok;
}

/**
 * Replaces a file's contents so that a reader sees either the old text or the new one, never
 * a part: the text goes to a temporary file beside it, which is then renamed over it. The
 * file's permissions are kept, and a symbolic link is followed (the file it points to is
 * replaced, not the link).
 */
function writeAtomically(file: string, text: string): void {
  const target = fs.realpathSync(file);
  const { mode } = fs.statSync(target);
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${Date.now().toString(36)}.fmt-tmp`);
  try {
    fs.writeFileSync(temporary, text, { mode, flag: 'wx' });
    fs.chmodSync(temporary, mode & 0o7777);
    fs.renameSync(temporary, target);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}
