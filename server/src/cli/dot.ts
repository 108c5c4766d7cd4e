// `zolt dot FILE [FUNCTION] [--ast|--cfg|--calls|--ir]`: a Graphviz graph of a program or a
// function, as dot text on stdout (`zolt dot main.zolt | dot -Tsvg > calls.svg`).
//
//   --calls  the call graph (the default without FUNCTION; with it, what FUNCTION reaches)
//   --cfg    the control-flow graph of FUNCTION's lowered IR (the default with FUNCTION)
//   --ir     the lowered IR of every function (or FUNCTION's), a cluster of blocks each
//   --ast    the syntax tree of the file (or of FUNCTION's declaration)
//
// The IR graphs need a program without errors: its diagnostics are printed as `zolt check`
// prints them (exit 1). The syntax tree is drawn for any file that parses, errors and all. A
// FILE without `main` is drawn as a library (every function that is not generic). Every node
// names its place in the source as `file:line:col` (its URL and tooltip), the path as the user
// would write it. An unknown FUNCTION is a usage error (exit 2) that lists the functions there are.
// The graphs are built in ide/graphs/, which the language server shares.

import * as fs from 'node:fs';
import { astDot, declaredNames, functionNames, functionsNamed, lowerForGraphs, programDot, type GraphKind } from '../ide/graphs';
import { loadGrammar, SyntaxDocument } from '../syntax';
import { parseArgs, UsageError } from './args';
import { Exit, type Io } from './io';
import { loadProgram } from './program';
import { mainFile } from './project';
import { showPath } from './report';

const KIND_FLAGS = ['ast', 'cfg', 'calls', 'ir'] as const satisfies readonly GraphKind[];

const locate = (file: string, line: number, column: number): string => `${showPath(file)}:${line}:${column}`;

/** The one kind flag given, or the default: the CFG of a function, the call graph of a program. */
function graphKind(flags: ReadonlyMap<string, string | true>, fn: string | undefined): GraphKind {
  const given = KIND_FLAGS.filter((k) => flags.has(k));
  if (given.length > 1) throw new UsageError(`give one of ${KIND_FLAGS.map((k) => `--${k}`).join(', ')}, not ${given.map((k) => `--${k}`).join(' and ')}`);
  if (given[0] === 'cfg' && fn === undefined) throw new UsageError('--cfg draws one function: give FUNCTION');
  return given[0] ?? (fn === undefined ? 'calls' : 'cfg');
}

/** "no function 'f' in main.zolt; its functions are: a, b", or why a declared one has no code. */
function unknownFunction(name: string, file: string, names: readonly string[], declared = false): string {
  if (declared) return `zolt dot: '${name}' is generic, and the program uses no instance of it; its functions are: ${names.join(', ')}\n`;
  const list = names.length === 0 ? 'it declares none' : `its functions are: ${[...new Set(names)].join(', ')}`;
  return `zolt dot: no function '${name}' in ${showPath(file)}; ${list}\n`;
}

async function astCommand(file: string, fn: string | undefined, io: Io): Promise<number> {
  const doc = SyntaxDocument.create(await loadGrammar(), file, fs.readFileSync(file, 'utf8'));
  try {
    const dot = astDot(doc, file, locate, fn);
    if (dot === undefined) {
      io.err(unknownFunction(fn ?? '', file, declaredNames(doc)));
      return Exit.Usage;
    }
    io.out(dot);
    return Exit.Ok;
  } finally {
    doc.dispose();
  }
}

export async function dotCommand(args: readonly string[], io: Io): Promise<number> {
  const { positional, flags } = parseArgs(args, KIND_FLAGS);
  if (positional.length > 2) throw new UsageError('give FILE and at most one FUNCTION');
  const [given, fn] = positional;
  const kind = graphKind(flags, fn);
  const file = mainFile(given);
  if (kind === 'ast') return astCommand(file, fn, io);
  const loaded = await loadProgram(file, io, { roots: 'all' });
  if (!loaded.ok) return loaded.status;
  try {
    const program = lowerForGraphs(loaded.workspace, loaded.program);
    const chosen = fn === undefined ? undefined : functionsNamed(program, fn);
    if (chosen !== undefined && chosen.length === 0) {
      const doc = loaded.workspace.document(file);
      io.err(unknownFunction(fn!, file, functionNames(program), doc !== undefined && declaredNames(doc).includes(fn!)));
      return Exit.Usage;
    }
    io.out(programDot(program, kind, chosen, locate));
    return Exit.Ok;
  } finally {
    loaded.workspace.dispose();
  }
}
