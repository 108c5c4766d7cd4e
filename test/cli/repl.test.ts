// `zolt repl` as a person uses it: in a terminal. Each test starts the REPL in a detached tmux
// session (a tmux server of its own, with no configuration), types into it, and reads the
// screen until the expected text appears (no fixed waits: a generous time limit only for when
// it never does). tmux is required: CI installs it (.ci/run).

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fromRoot } from '../support/paths';

const SERVER = `zolt-repl-test-${process.pid}`;
/** How long the screen may take to show what a step expects (the REPL answers in well under a second). */
const WAIT_MS = 60_000;

function tmux(...args: string[]): string {
  const result = spawnSync('tmux', ['-L', SERVER, '-f', '/dev/null', ...args], { encoding: 'utf8' });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`tmux ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

class Terminal {
  private static count = 0;
  readonly name = `repl${++Terminal.count}`;

  constructor(cwd: string, cache: string) {
    const command = [
      `env XDG_CACHE_HOME=${quote(cache)} TERM=xterm`,
      `${quote(process.execPath)} ${quote(fromRoot('server/bin/zolt.js'))} repl;`,
      'echo "[exited $?]"; sleep 86400',
    ].join(' ');
    tmux('new-session', '-d', '-s', this.name, '-x', '160', '-y', '50', '-c', cwd, command);
  }

  /** Types a line (or several, each ended with Enter). */
  type(text: string): void {
    for (const line of text.split('\n')) {
      // tmux reads an argument that ends in ';' as the end of its command, unless escaped.
      if (line !== '') tmux('send-keys', '-t', this.name, '-l', line.endsWith(';') ? `${line.slice(0, -1)}\\;` : line);
      tmux('send-keys', '-t', this.name, 'Enter');
    }
  }

  /** Presses keys (tmux names: C-c, C-d, Up). */
  press(...keys: string[]): void {
    tmux('send-keys', '-t', this.name, ...keys);
  }

  /** Types text without Enter. */
  keys(text: string): void {
    tmux('send-keys', '-t', this.name, '-l', text);
  }

  /**
   * Everything the terminal showed, its history included, lines joined where they wrapped,
   * without the spaces at the ends of lines (a prompt is `>`) and the empty lines below.
   */
  screen(): string {
    return tmux('capture-pane', '-p', '-J', '-S', '-', '-t', this.name).replace(/[ \t]+$/gm, '').replace(/\n+$/, '');
  }

  /** Waits until the screen matches; fails with the screen when it does not in time. */
  async waitFor(pattern: RegExp): Promise<string> {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const screen = this.screen();
      if (pattern.test(screen)) return screen;
      if (Date.now() > deadline) assert.fail(`the screen never showed ${pattern}; it shows:\n${screen}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Types an input and waits for it, what it should print (if anything), and the next prompt. */
  async expect(input: string, output = ''): Promise<string> {
    this.type(input);
    const echo = escape(input.slice(input.lastIndexOf('\n') + 1).trimEnd());
    return this.waitFor(new RegExp(`${echo}\\n${output === '' ? '' : `(?:[^]*\\n)?${escape(output)}\\n`}>$`));
  }

  close(): void {
    tmux('kill-session', '-t', this.name);
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('zolt repl', function () {
  let dir: string;
  let cache: string;
  let terminal: Terminal | undefined;

  before(function () {
    const version = spawnSync('tmux', ['-V'], { encoding: 'utf8' });
    if (version.error || version.status !== 0) {
      throw new Error('these tests type into `zolt repl` through tmux, which is not installed: apt-get install tmux');
    }
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zolt-repl-'));
    cache = path.join(dir, 'cache');
    // A session that lives as long as the suite: a tmux server with none left exits, and a new
    // session asked for while it does would fail.
    tmux('new-session', '-d', '-s', 'keep', 'sleep 86400');
  });

  after(() => {
    spawnSync('tmux', ['-L', SERVER, 'kill-server']);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  afterEach(() => {
    terminal?.close();
    terminal = undefined;
  });

  /** A REPL in a terminal, at its first prompt. */
  async function repl(): Promise<Terminal> {
    terminal = new Terminal(dir, cache);
    await terminal.waitFor(/Ctrl-D quits\n>$/);
    return terminal;
  }

  it('prints an expression with its type', async () => {
    const t = await repl();
    await t.expect('1 + 2', '3 : i64');
    await t.expect('"a\\"b"', '"a\\"b" : string');
    await t.expect('1.5 * 2.0 > 2.9', 'true : bool');
    await t.expect('[1, 2, 3][1:]', '[2, 3] : []i64');
  });

  it('keeps declarations for later inputs, and reads a function typed over several lines', async () => {
    const t = await repl();
    t.type('fn sq(x: i64) -> i64 {');
    await t.waitFor(/> fn sq\(x: i64\) -> i64 \{\n\.\.\.$/); // the continuation prompt
    await t.expect('    return x * x;\n}');
    await t.expect('sq(7)', '49 : i64');
    await t.expect('struct P { x: i64, y: f64 }');
    await t.expect('P{ x: sq(3), y: 0.5 }', 'P{x: 9, y: 0.5} : P');
    // A later declaration of the name replaces the earlier one.
    await t.expect('fn sq(x: i64) -> i64 { return x * x * x; }');
    await t.expect('sq(2)', '8 : i64');
  });

  it('keeps a variable declared at the prompt', async () => {
    const t = await repl();
    await t.expect('var n = 40;');
    await t.expect('n + 2', '42 : i64');
    await t.expect('n = n * 2');
    await t.expect('for i in 0..3 { n += i; }');
    await t.expect('n', '83 : i64');
    await t.expect('var n = to_string(n);'); // a new `n`, of another type, from the old one
    await t.expect('n', '"83" : string');
    // A function value outlives the input that made it, and calls the function's latest body.
    await t.expect('fn twice(x: i64) -> i64 { return 2 * x; }');
    await t.expect('var op = twice;');
    await t.expect('op(21)', '42 : i64');
    await t.expect('fn twice(x: i64) -> i64 { return x + x + 1; }');
    await t.expect('op(21)', '43 : i64');
  });

  it(':type says the type and runs nothing', async () => {
    const t = await repl();
    await t.expect(':type 1.5 * 2.0', 'f64');
    await t.expect(':type println("ran")', 'void');
    await t.expect(':type [1, 2, 3]', '[3]i64');
    assert.doesNotMatch(t.screen(), /^ran$/m);
  });

  it(':trace on prints the instructions as they run, :trace off stops it', async () => {
    const t = await repl();
    await t.expect(':trace on');
    // The trace on stderr, the program's output (the value and its type) among it.
    t.type('2 + 3');
    await t.waitFor(/> 2 \+ 3\n==== <input> ====\n>> [^]*\n5\n>> [^]*\n : i64\n>> [^]*\n>> \d{4} \|? +ret\n>$/);
    await t.expect(':trace off');
    const plain = await t.expect('2 + 4', '6 : i64');
    assert.match(plain, /> 2 \+ 4\n6 : i64\n>$/);
  });

  it(':load adds the declarations of a file', async () => {
    fs.writeFileSync(path.join(dir, 'lib.zolt'), [
      'const BASE = 10;',
      'var loads = 1;',
      'fn scaled(x: i64) -> i64 { return x * BASE + loads; }',
      'fn main() { println("main of lib"); }',
      '',
    ].join('\n'));
    const t = await repl();
    await t.expect(':load lib.zolt', 'loaded lib.zolt: 4 declarations');
    await t.expect('scaled(4)', '41 : i64');
    await t.expect('main()', 'main of lib');
  });

  it(':reset forgets everything, :help lists the commands', async () => {
    const t = await repl();
    await t.expect('fn gone() -> i64 { return 1; }');
    await t.expect(':reset', 'every declaration and variable is forgotten');
    await t.expect('gone()', "<input>:1:1: error Z1001: undefined name 'gone'");
    const help = await t.expect(':help', 'the line; Ctrl-C twice at an empty prompt, or Ctrl-D, quits.');
    for (const command of [':type EXPR', ':trace on|off', ':load FILE', ':reset', ':help', ':quit']) assert.ok(help.includes(command), command);
  });

  it('shows an error at its line and column in the input', async () => {
    const t = await repl();
    t.type('fn bad() -> i64 {\n    var s = "text";\n    return s;\n}');
    await t.waitFor(/\.\.\. \}\n<input>:3:12: error Z\d{4}: .*\n>$/);
    await t.expect('1 +', '<input>:1:4: error Z0002: expected a name');
    await t.expect('bad()', "<input>:1:1: error Z1001: undefined name 'bad'"); // it was not accepted
  });

  it('reports a run-time error and goes on', async () => {
    const t = await repl();
    await t.expect('var xs = alloc(i64, 2);');
    await t.expect('xs[1 + 4]', '<input>:1:1: runtime error: index 5 is out of bounds for length 2\n    at input (<input>:1:1)');
    // `- 1`: with `+ 1` the recursion is a loop at -O2 (tailrec's accumulator), which never ends.
    await t.expect('fn down(n: i64) -> i64 { return down(n + 1) - 1; }');
    await t.expect('down(0)', '    ...');
    assert.match(t.screen(), /<input 3>:1:\d+: runtime error: stack overflow \(the recursion is too deep\)\n/);
    await t.expect('alloc(u8, 1 << 50).len', '<input>:1:1: runtime error: out of memory: the allocator gave no memory for 1125899906842624 bytes\n    at input (<input>:1:1)');
    // What an input did before its error stays; what it declared does not.
    await t.expect('xs[0] = 5; var later = 1; xs[2] = 0;', '<input>:1:27: runtime error: index 2 is out of bounds for length 2\n    at input (<input>:1:27)');
    await t.expect('xs[0] + xs.len', '7 : i64');
    await t.expect('later', "<input>:1:1: error Z1001: undefined name 'later'");
  });

  it('Ctrl-C stops a running program and keeps the declarations', async () => {
    const t = await repl();
    await t.expect('fn seven() -> i64 { return 7; }');
    await t.expect('var spins = 0;');
    t.type('while true { spins += 1; }');
    await t.waitFor(/> while true \{ spins \+= 1; \}$/);
    t.press('C-c');
    await t.waitFor(/> while true \{ spins \+= 1; \}\ninterrupted\n>$/);
    await t.expect('seven()', '7 : i64');
    await t.expect('fn eight() -> i64 { return seven() + 1; }');
    await t.expect('eight()', '8 : i64');
    // Stopped while it surely runs (it has written to stderr, which is not buffered): the
    // memory stays, with what the loop did.
    t.type('spins = 1; eprintln("spinning"); while true { spins += 1; }');
    await t.waitFor(/\nspinning$/);
    t.press('C-c');
    await t.waitFor(/\nspinning\ninterrupted\n>$/);
    await t.expect('spins >= 1', 'true : bool');
    await t.expect('seven() + eight()', '15 : i64');
  });

  it('a second Ctrl-C ends a program stuck in C, and the variables with it', async () => {
    const t = await repl();
    await t.expect('foreign "c" { fn sleep(seconds: u32) -> u32; }');
    await t.expect('fn nine() -> i64 { return 9; }');
    await t.expect('var gone = 1;');
    t.type('eprintln("sleeping"); sleep(1000)');
    await t.waitFor(/\nsleeping$/);
    t.press('C-c'); // asks the program to stop, which cannot while C sleeps
    t.press('C-c');
    await t.waitFor(/\nending the interpreter \(its variables are lost\)\nzolt repl: the interpreter's thread was ended; the variables are forgotten: gone\n>$/);
    await t.expect('nine()', '9 : i64');
    await t.expect('gone', "<input>:1:1: error Z1001: undefined name 'gone'");
    t.press('C-d'); // and the REPL ends, though that thread has not
    await t.waitFor(/\[exited 0\]$/);
  });

  it('Ctrl-C clears the line; twice at an empty prompt it quits', async () => {
    const t = await repl();
    t.keys('unfinished');
    await t.waitFor(/> unfinished$/);
    t.press('C-c');
    await t.waitFor(/> unfinished\n>$/);
    await t.expect('1 + 1', '2 : i64');
    t.press('C-c');
    await t.waitFor(/\(To exit, press Ctrl-C again or Ctrl-D or type :quit\)\n>$/);
    t.press('C-c');
    await t.waitFor(/\[exited 0\]$/);
  });

  it('reads inputs from a pipe too, printing only the answers', () => {
    const result = spawnSync(process.execPath, [fromRoot('server/bin/zolt.js'), 'repl'], {
      cwd: dir, input: 'var x = 20;\nfn f(y: i64) -> i64 {\n    return x + y;\n}\nf(22)\nwhile true {} while\n"last"\n', encoding: 'utf8',
      env: { ...process.env, XDG_CACHE_HOME: cache }, timeout: 60_000,
    });
    assert.equal(result.stdout, '42 : i64\n"last" : string\n');
    assert.match(result.stderr, /^<input>:1:\d+: error Z\d{4}: /);
    assert.equal(result.status, 0);
  });

  it('Ctrl-D quits, and the history is kept in the cache folder', async () => {
    const history = path.join(cache, 'zolt', 'repl_history');
    fs.rmSync(history, { force: true });
    let t = await repl();
    await t.expect('40 + 2', '42 : i64');
    await t.expect('fn two() -> i64 {\n    return 2;\n}');
    t.press('C-d');
    await t.waitFor(/\[exited 0\]$/);
    assert.equal(fs.readFileSync(history, 'utf8'), '40 + 2\nfn two() -> i64 {\n    return 2;\n}\n');
    t.close();
    // The next REPL reads it: Up brings the last line back, and the ones before.
    t = terminal = await repl();
    t.press('Up');
    await t.waitFor(/>\s*\}$/);
    t.press('Up', 'Up', 'Up');
    await t.waitFor(/> 40 \+ 2$/);
    t.press('Enter');
    await t.waitFor(/> 40 \+ 2\n42 : i64\n>$/);
  });
});
