// `zolt build [FILE] [--emit elab|ir] [-o OUT]`: compiles a program. `--emit elab` prints the
// elaborated program (semantics/elaborate/print.ts), `--emit ir` the lowered IR (ir/print.ts)
// that the interpreter and the native backend run.

import { printProgram } from '../semantics/elaborate';
import { lowerProgram, printIr } from '../ir';
import { parseArgs, UsageError } from './args';
import { Exit, type Io } from './io';
import { loadProgram } from './program';
import { mainFile } from './project';

const EMIT = ['elab', 'ir'] as const;

export async function buildCommand(args: readonly string[], io: Io): Promise<number> {
  const { positional, flags } = parseArgs(args, ['emit', 'all', 'std'], ['emit']);
  if (positional.length > 1) throw new UsageError('give one FILE (the main file)');
  const emit = flags.get('emit');
  if (emit === undefined) throw new UsageError(`the native backend is not built yet; --emit ${EMIT.join('|')} prints what is`);
  if (!EMIT.includes(emit as (typeof EMIT)[number])) throw new UsageError(`--emit takes ${EMIT.join(', ')}, not '${String(emit)}'`);
  const file = mainFile(positional[0]);
  const loaded = await loadProgram(file, io, { roots: flags.has('all') ? 'all' : 'main' });
  if (!loaded.ok) return loaded.status;
  if (emit === 'elab') {
    io.out(printProgram(loaded.program, { std: flags.has('std') }));
    return Exit.Ok;
  }
  const ir = lowerProgram(loaded.program, (f) => loaded.workspace.document(f)?.lineIndex);
  const std = loaded.program.stdFiles;
  io.out(printIr(ir, { only: (fn) => flags.has('std') || !std.has(fn.source.file) }));
  return Exit.Ok;
}
