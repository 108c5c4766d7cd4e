// The `zolt` command: a table of verbs over the layers below. Each verb lives in its own file;
// this one only dispatches and prints help.

import { UsageError } from './args';
import { Exit, processIo, type Io } from './io';

type Command = (args: readonly string[], io: Io) => Promise<number>;

// Each verb's module is loaded when the verb runs: `zolt check` should not pay for loading the
// language server, nor `zolt --version` for anything.
const checkCommand: Command = (args, io) => (require('./check') as typeof import('./check')).checkCommand(args, io);
const fmtCommand: Command = (args, io) => (require('./fmt') as typeof import('./fmt')).fmtCommand(args, io);
const getCommand: Command = (args, io) => (require('./get') as typeof import('./get')).getCommand(args, io);
const lspCommand: Command = (args, io) => (require('./lsp') as typeof import('./lsp')).lspCommand(args, io);
const parseCommand: Command = (args, io) => (require('./parse') as typeof import('./parse')).parseCommand(args, io);
const simCommand: Command = (args, io) => (require('./sim') as typeof import('./sim')).simCommand(args, io);
const buildCommand: Command = (args, io) => (require('./build') as typeof import('./build')).buildCommand(args, io);
const runCommand: Command = (args, io) => (require('./build') as typeof import('./build')).runCommand(args, io);
const dotCommand: Command = (args, io) => (require('./dot') as typeof import('./dot')).dotCommand(args, io);
const refactorCommand: Command = (args, io) => (require('./refactor') as typeof import('./refactor')).refactorCommand(args, io);
const replCommand: Command = (args, io) => (require('./repl') as typeof import('./repl')).replCommand(args, io);
const commentsCommand: Command = (args, io) => (require('./comments') as typeof import('./comments')).commentsCommand(args, io);

interface Verb {
  readonly name: string;
  readonly usage: string;
  readonly summary: string;
  /** The implementation; absent while the layer it needs is not built. */
  readonly run?: Command;
  /** What is missing, said plainly when the verb is not available yet. */
  readonly missing?: string;
}

const VERBS: readonly Verb[] = [
  { name: 'build', usage: 'zolt build [FILE] [-o OUT] [-O0|-O1|-O2] [--emit elab|ir|asm|obj|exe] [--print-after PASS] [--time-passes] [--all] [--target x86_64-linux]', summary: 'compile a program to a native x86-64 executable',
    run: buildCommand },
  { name: 'run', usage: 'zolt run [FILE] [-O0|-O1|-O2] [-- ARGS...]', summary: 'compile a program natively and run it',
    run: runCommand },
  { name: 'sim', usage: 'zolt sim [FILE] [--trace] [--trace-out FILE] [-- ARGS...]', summary: 'run a program in the interpreter',
    run: simCommand },
  { name: 'repl', usage: 'zolt repl', summary: 'an interactive read-eval-print loop (the interpreter)',
    run: replCommand },
  { name: 'dot', usage: 'zolt dot FILE [FUNCTION] [--calls|--cfg|--ir|--ast]', summary: 'write a Graphviz graph of a program or function',
    run: dotCommand },
  { name: 'comments', usage: 'zolt comments [PATHS] [--since REV] [--json] | affirm FILE:LINE|--all-in FILE | todo FILE:LINE', summary: 'list comments whose code changed since a commit; affirm them or turn them into TODOs',
    run: commentsCommand },
  { name: 'get', usage: 'zolt get [TAG...] [--sort tag|priority|file|owner] [--group tag|file|owner|none] [--tags LIST] [--json] [PATHS]', summary: 'list TODO/FIXME/... annotations, sorted',
    run: getCommand },
  { name: 'refactor', usage: 'zolt refactor rename FILE:LINE:COL|FILE:NAME NEW | inline FILE:LINE:COL [--all] [--write]', summary: 'rename a symbol or inline a call, function, variable or constant (prints a diff)',
    run: refactorCommand },
  { name: 'check', usage: 'zolt check [PATHS] [--json]', summary: 'report errors and warnings without compiling',
    run: checkCommand },
  { name: 'fmt', usage: 'zolt fmt [PATHS] [--check] [--stdout]', summary: 'format source files',
    run: fmtCommand },
  { name: 'lsp', usage: 'zolt lsp --stdio|--node-ipc|--socket=PORT', summary: 'start the language server',
    run: lspCommand },
  { name: 'parse', usage: 'zolt parse FILE... [--positions] [--quiet]', summary: 'print the syntax tree of files',
    run: parseCommand },
];

function help(): string {
  const width = Math.max(...VERBS.map((verb) => verb.name.length));
  const lines = VERBS.map((verb) => {
    const note = verb.run ? '' : '  (not available yet)';
    return `  ${verb.name.padEnd(width)}  ${verb.summary}${note}`;
  });
  return [
    'zolt: the Zolt language toolchain',
    '',
    'usage: zolt <command> [options]',
    '',
    'commands:',
    ...lines,
    '',
    "'zolt help <command>' shows a command's usage.",
    '',
  ].join('\n');
}

export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h') {
    io.out(help());
    return first === undefined ? Exit.Usage : Exit.Ok;
  }
  if (first === '--version' || first === '-V') {
    io.out(`zolt ${version()}\n`);
    return Exit.Ok;
  }
  if (first === 'help') {
    const verb = rest[0] === undefined ? undefined : VERBS.find((v) => v.name === rest[0]);
    io.out(verb ? `usage: ${verb.usage}\n\n${verb.summary}\n` : help());
    return Exit.Ok;
  }
  const verb = VERBS.find((v) => v.name === first);
  if (!verb) {
    io.err(`zolt: unknown command '${first}'. Run 'zolt --help' for the list.\n`);
    return Exit.Usage;
  }
  if (!verb.run) {
    io.err(`zolt ${verb.name}: not available yet: ${verb.missing}.\n`);
    return Exit.Usage;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(`usage: ${verb.usage}\n\n${verb.summary}\n`);
    return Exit.Ok;
  }
  try {
    return await verb.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`zolt ${verb.name}: ${error.message}\nusage: ${verb.usage}\n`);
      return Exit.Usage;
    }
    throw error;
  }
}

function version(): string {
  return (require('../../package.json') as { version: string }).version;
}
