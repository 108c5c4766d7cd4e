// The REPL's pure parts, as tables: when an input goes on on the next line (scan.ts), what a
// command line means (commands.ts), and where the synthesized text maps back to (source.ts).

import * as assert from 'node:assert/strict';
import { parseCommand } from 'zolt-server/cli/repl/commands';
import { historyFile } from 'zolt-server/cli/repl/history';
import { isComplete, scan } from 'zolt-server/cli/repl/scan';
import { Origin, SourceBuilder } from 'zolt-server/cli/repl/source';

/** [what was typed, whether it is a whole input] */
const COMPLETE: readonly (readonly [string, boolean])[] = [
  ['1 + 2', true],
  ['', true],
  ['fn f() {', false],
  ['fn f() {\n  return 1;\n}', true],
  ['f(1,', false],
  ['f(1,\n  2)', true],
  ['var a = [1, 2,', false],
  ['var a = [[1], [2]]', true],
  ['}', true], // more closed than opened: complete, the parser reports it
  ['} {', true],
  ['"abc', false], // a string open at the end of the text
  ['"abc\n', true], // a string ends at its line's end
  ['"a{b"', true], // brackets in strings open nothing
  ['"a\\"{"', true],
  ['"a\\\\" + f(', false],
  ["'{'", true],
  ["'\\''", true],
  ["'x", false],
  ['// f(', true], // nor in comments
  ['x // {\n', true],
  ['/* f(', false], // an open block comment goes on
  ['/* /* */ f(', false], // they nest
  ['/* /* */ */ f(', false],
  ['/* /* */ */ f()', true],
  ['if x {\n} else {', false],
];

/** [what was typed, the last character that counts] */
const LAST: readonly (readonly [string, string])[] = [
  ['1 + 2', '2'],
  ['x = 3;  ', ';'],
  ['fn f() {}', '}'],
  ['f() // call', ')'],
  ['f() /* ; */', ')'],
  ['"a;"', '"'],
  ['   ', ''],
];

/** [command line, name or the message's start, argument] */
const COMMANDS: readonly (readonly [string, string, string])[] = [
  [':type 1 + 2', 'type', '1 + 2'],
  [':ty x', 'type', 'x'],
  [':trace on', 'trace', 'on'],
  [':tr off', 'trace', 'off'],
  [':t x', "':t' could be :type or :trace", ''],
  [':load  examples/hello.zolt ', 'load', 'examples/hello.zolt'],
  [':l f.zolt', 'load', 'f.zolt'],
  [':reset', 'reset', ''],
  [':help', 'help', ''],
  [':h', 'help', ''],
  [':quit', 'quit', ''],
  [':q', 'quit', ''],
  ['  :QUIT', 'quit', ''],
  [':frob', "no command ':frob'", ''],
  [':', "no command ':'", ''],
  [':type f(\n  1)', 'type', 'f(\n  1)'],
];

describe('zolt repl: input', () => {
  it('an input goes on while something is open', () => {
    for (const [text, complete] of COMPLETE) assert.equal(isComplete(text), complete, JSON.stringify(text));
  });

  it('the last character that counts', () => {
    for (const [text, last] of LAST) assert.equal(scan(text).last, last, JSON.stringify(text));
  });

  it('commands, and their unambiguous prefixes', () => {
    for (const [line, expected, argument] of COMMANDS) {
      const c = parseCommand(line);
      if (c.kind === 'command') {
        assert.equal(c.name, expected, line);
        assert.equal(c.argument, argument, line);
      } else {
        assert.ok(c.message.startsWith(expected), `${line}: ${c.message}`);
      }
    }
  });

  it('the history file is in the cache folder', () => {
    assert.equal(historyFile({ XDG_CACHE_HOME: '/c' }), '/c/zolt/repl_history');
    assert.match(historyFile({}), /\/\.cache\/zolt\/repl_history$/);
    assert.match(historyFile({ XDG_CACHE_HOME: 'relative' }), /\/\.cache\/zolt\/repl_history$/); // as the XDG spec says: ignored
  });

  it('the synthesized text maps back to where it came from', () => {
    const input = new Origin('<input>', 'var x = 1;\nfn f() {}\nx + y');
    const b = new SourceBuilder();
    b.write('fn main() {\n');
    b.copyWithout(input, 0, input.text.length, [{ start: 11, end: 20 }]);
    b.write(';', input, input.text.length);
    b.write('\n}\n');
    const map = b.build();
    assert.equal(map.text, 'fn main() {\nvar x = 1;\n         \nx + y;\n}\n');
    const y = map.text.indexOf('y');
    assert.deepEqual(map.place(y, y + 1), { origin: input, start: 25, end: 26 });
    assert.deepEqual(map.place(map.text.indexOf(';\n}')), { origin: input, start: 26, end: 26 }); // the `;` the REPL added
    assert.equal(map.place(0), undefined); // the REPL's own text
    const end = map.text.indexOf('1;') + 2;
    assert.deepEqual(map.exactOffset(end, true), { origin: input, offset: 10 }); // an end stays in its piece
  });
});
