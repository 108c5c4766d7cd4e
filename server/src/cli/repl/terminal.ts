// The REPL's conversation with the terminal, through node's readline: the prompt (`> `, and
// `... ` while an input goes on), history, commands, and the keys. Lines typed while an input
// runs wait their turn. Ctrl-C stops the running program (a second one ends the interpreter's
// thread, for a program stuck in C code); at the prompt it clears the line, and a second one on
// an empty line quits, as in node's REPL. Ctrl-D (or the end of the input) quits once the inputs
// before it are done. Without a terminal (input from a pipe) there are no prompts.

import * as readline from 'node:readline';
import type { Io } from '../io';
import { helpText, isCommand, parseCommand, type Command } from './commands';
import type { Evaluator } from './evaluator';
import { HISTORY_SIZE, type History } from './history';
import { isComplete } from './scan';

const PROMPT = '> ';
const CONTINUATION = '... ';

export interface TerminalOptions {
  readonly io: Io;
  readonly evaluator: Evaluator;
  readonly history: History;
  readonly input: NodeJS.ReadStream;
  readonly output: NodeJS.WriteStream;
}

export function converse(options: TerminalOptions): Promise<number> {
  const { io, evaluator, history, input, output } = options;
  const terminal = Boolean(input.isTTY && output.isTTY);
  const rl = readline.createInterface({ input, output, terminal, history: terminal ? history.load() : [], historySize: HISTORY_SIZE, prompt: PROMPT });
  let buffer: string[] = [];
  const queue: string[] = [];
  let busy = false;
  let closed = false;
  let done = false;
  let ctrlC = false;
  let historyWarned = false;

  return new Promise((resolve) => {
    const finish = () => {
      if (done) return;
      done = true;
      if (!closed) rl.close();
      if (terminal) io.out('\n');
      evaluator.stop();
      resolve(0);
    };
    const prompt = () => {
      if (done || !terminal) return; // input from a pipe or a file: only the answers are printed
      rl.setPrompt(buffer.length > 0 ? CONTINUATION : PROMPT);
      rl.prompt();
    };
    const command = async (c: Command): Promise<boolean> => {
      if (c.kind === 'unknown') {
        io.err(`zolt repl: ${c.message}\n`);
        return false;
      }
      switch (c.name) {
        case 'type':
          if (c.argument === '') io.err('zolt repl: :type wants an expression\n');
          else evaluator.typeOf(c.argument);
          return false;
        case 'trace':
          if (c.argument !== 'on' && c.argument !== 'off') io.err(`zolt repl: :trace on or :trace off (it is ${evaluator.trace ? 'on' : 'off'})\n`);
          else evaluator.trace = c.argument === 'on';
          return false;
        case 'load':
          if (c.argument === '') io.err('zolt repl: :load wants a file\n');
          else await evaluator.load(c.argument);
          return false;
        case 'reset':
          evaluator.reset();
          io.out('every declaration and variable is forgotten\n');
          return false;
        case 'help':
          io.out(helpText());
          return false;
        case 'quit':
          return true;
      }
    };
    const submit = async (text: string): Promise<boolean> => {
      try {
        if (isCommand(text)) return await command(parseCommand(text));
        await evaluator.evaluate(text);
      } catch (error) {
        io.err(`zolt repl: internal error: ${(error as Error).stack ?? String(error)}\n`);
      }
      return false;
    };
    const drain = async () => {
      busy = true;
      while (queue.length > 0 && !done) {
        buffer.push(queue.shift()!);
        const text = buffer.join('\n');
        if (!isComplete(text)) continue;
        const lines = buffer;
        buffer = [];
        if (terminal && !history.append(lines) && !historyWarned) {
          historyWarned = true;
          io.err(`zolt repl: cannot write the history to ${history.file}\n`);
        }
        if (await submit(text)) return finish();
      }
      busy = false;
      if (closed) finish();
      else prompt();
    };

    rl.on('line', (line) => {
      ctrlC = false;
      queue.push(line);
      if (!busy) void drain();
    });
    rl.on('SIGINT', () => {
      const interrupted = evaluator.interrupt();
      if (interrupted === 'already') {
        io.err('\nending the interpreter (its variables are lost)\n');
        evaluator.stop();
      }
      if (interrupted !== 'idle') return;
      if (busy) return;
      const empty = rl.line === '' && buffer.length === 0;
      rl.write(null, { ctrl: true, name: 'e' });
      io.out('\n');
      rl.write(null, { ctrl: true, name: 'u' });
      buffer = [];
      if (empty && ctrlC) return finish();
      if (empty) io.out('(To exit, press Ctrl-C again or Ctrl-D or type :quit)\n');
      ctrlC = empty;
      prompt();
    });
    rl.on('close', () => {
      closed = true;
      if (!busy) finish();
    });
    prompt();
  });
}
