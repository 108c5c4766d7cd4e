// `zolt repl`: the interactive interpreter. Declarations and statements typed at the prompt
// are checked and run as one growing program (repl/evaluator.ts explains how state persists);
// an expression prints its value and its type (`> 1 + 2` prints `3 : i64`). The pieces:
// repl/terminal.ts (readline, keys, history), repl/classify.ts (what an input is),
// repl/synthesize.ts (the program), repl/diagnostics.ts (errors where the user typed them).

import * as path from 'node:path';
import { Workspace } from '../semantics';
import { loadGrammar } from '../syntax';
import { parseArgs, UsageError } from './args';
import type { Io } from './io';
import { Evaluator } from './repl/evaluator';
import { History, historyFile } from './repl/history';
import { converse } from './repl/terminal';

/** The synthesized program's path: in the working folder, so that imports resolve from there; never on disk. */
const PROGRAM_FILE = '<repl>.zolt';

export async function replCommand(args: readonly string[], io: Io): Promise<number> {
  const { positional } = parseArgs(args, []);
  if (positional.length > 0) throw new UsageError('takes no arguments (use :load FILE at the prompt)');
  const grammar = await loadGrammar();
  const workspace = new Workspace(grammar);
  const evaluator = new Evaluator(workspace, grammar, io, path.join(process.cwd(), PROGRAM_FILE));
  const history = new History(historyFile());
  if (process.stdin.isTTY) io.out('zolt repl: :help lists the commands, Ctrl-D quits\n');
  const status = await converse({ io, evaluator, history, input: process.stdin, output: process.stdout });
  workspace.dispose();
  evaluator.exit(status);
  return status;
}
