// The REPL's commands: an input that starts with `:`. A command may be shortened to any prefix
// that only it has (`:l` is `:load`, `:ty` is `:type`; `:t` could be `:type` or `:trace`).
// Pure: test/cli has the table.

export const COMMANDS = [
  { name: 'type', args: 'EXPR', summary: "the expression's type (it is not run)" },
  { name: 'trace', args: 'on|off', summary: "print each instruction of the inputs that follow as it runs (as 'zolt sim --trace')" },
  { name: 'load', args: 'FILE', summary: "add a file's declarations (its main too: call it as main())" },
  { name: 'reset', args: '', summary: 'forget every declaration and variable' },
  { name: 'help', args: '', summary: 'this list' },
  { name: 'quit', args: '', summary: 'leave (Ctrl-D does too)' },
] as const;

export type CommandName = (typeof COMMANDS)[number]['name'];

export type Command =
  | { readonly kind: 'command'; readonly name: CommandName; readonly argument: string }
  | { readonly kind: 'unknown'; readonly message: string };

/** Whether the input is a command (else it is code). */
export function isCommand(input: string): boolean {
  return /^\s*:/.test(input);
}

export function parseCommand(input: string): Command {
  const m = /^\s*:([A-Za-z]*)\s*([\s\S]*?)\s*$/.exec(input)!;
  const word = m[1]!.toLowerCase();
  const argument = m[2]!;
  const exact = COMMANDS.find((c) => c.name === word);
  const matches = exact ? [exact] : word === '' ? [] : COMMANDS.filter((c) => c.name.startsWith(word));
  if (matches.length === 1) return { kind: 'command', name: matches[0]!.name, argument };
  if (matches.length > 1) return { kind: 'unknown', message: `':${word}' could be ${matches.map((c) => `:${c.name}`).join(' or ')}` };
  return { kind: 'unknown', message: `no command ':${word}' (:help lists them)` };
}

export function helpText(): string {
  const width = Math.max(...COMMANDS.map((c) => `:${c.name} ${c.args}`.length));
  const lines = COMMANDS.map((c) => `  ${`:${c.name} ${c.args}`.padEnd(width)}  ${c.summary}`);
  return [
    'Type declarations (fn, struct, enum, const, var, import, foreign) and statements.',
    'An expression prints its value and type: `1 + 2` prints `3 : i64`.',
    'A declaration replaces an earlier one of the same name (a function: the one with the same',
    'parameter types; other parameter types make an overload). A `var` at the top level of an',
    'input is kept for the inputs after it. An input goes on while a bracket is open.',
    'Errors in earlier inputs are shown as <input N>, the Nth input.',
    '',
    'Commands (any unambiguous prefix works, e.g. :l for :load):',
    ...lines,
    '',
    'Ctrl-C stops a running program (twice: ends the interpreter, and its variables) or clears',
    'the line; Ctrl-C twice at an empty prompt, or Ctrl-D, quits.',
    '',
  ].join('\n');
}
