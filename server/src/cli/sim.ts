// `zolt sim [FILE] [--trace] [--trace-out FILE] [-- ARGS...]`: runs a program in the
// interpreter. A program with errors is not run (its diagnostics are printed, exit 1). The
// exit status is main's result (0 for a main that returns nothing), 101 after a run-time
// error, 127 when a foreign library or function cannot be found; interrupted (SIGINT, SIGTERM),
// it writes out what the program printed and ends by that signal (worker.ts).

import { lowerProgram } from '../ir';
import { runInWorker } from '../vm/worker';
import { parseArgs, UsageError } from './args';
import type { Io } from './io';
import { loadProgram } from './program';
import { mainFile } from './project';

export async function simCommand(args: readonly string[], io: Io): Promise<number> {
  const dashes = args.indexOf('--');
  const own = dashes < 0 ? args : args.slice(0, dashes);
  const programArgs = dashes < 0 ? [] : args.slice(dashes + 1);
  const { positional, flags } = parseArgs(own, ['trace', 'trace-out'], ['trace-out']);
  if (positional.length > 1) throw new UsageError('give one FILE (the main file); arguments for the program go after --');
  const file = mainFile(positional[0]);
  const loaded = await loadProgram(file, io);
  if (!loaded.ok) return loaded.status;
  const ir = lowerProgram(loaded.program, (f) => loaded.workspace.document(f)?.lineIndex);
  loaded.workspace.dispose();
  const traceOut = flags.get('trace-out');
  const trace = typeof traceOut === 'string' ? { file: traceOut } : flags.has('trace') ? ('stderr' as const) : undefined;
  void io;
  return runInWorker(ir, { args: programArgs, trace, cwd: process.cwd() });
}
