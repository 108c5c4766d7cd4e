// Any input parses: random bytes, invalid UTF-8 and UTF-16, NUL bytes, a 10 MB file and
// 10,000 levels of nesting. Each parse must return a tree covering the whole input, and our
// tree walks (iterative by design) must get through it. Mocha's timeout is the hang detector;
// the time itself is measured by the benchmark, not here.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { fromRoot } from '../support/paths';
import { inEachRuntime, seededRandom } from '../support/runtimes';

const NEST = 10_000;

function randomInputs(count: number): { name: string; text: string }[] {
  const random = seededRandom(0x2016);
  const decoder = new TextDecoder('utf-8'); // lossy: invalid sequences become U+FFFD
  const tokens = ['fn', 'var', '(', ')', '{', '}', '[', ']', '"', "'", '/*', '*/', '//', ';', ':', '..', '.', 'x', '1', '0x', '\n', ' ', 'as', 'if', 'struct', '=', '->', '\\', '\0'];
  const inputs: { name: string; text: string }[] = [];
  for (let i = 0; i < count; i++) {
    const length = Math.floor(random() ** 2 * 20_000);
    if (i % 2 === 0) {
      const bytes = new Uint8Array(length);
      for (let j = 0; j < length; j++) bytes[j] = Math.floor(random() * 256);
      inputs.push({ name: `random bytes #${i}`, text: decoder.decode(bytes) });
    } else {
      let text = '';
      while (text.length < length) text += tokens[Math.floor(random() * tokens.length)] + (random() < 0.5 ? ' ' : '');
      inputs.push({ name: `random tokens #${i}`, text });
    }
  }
  return inputs;
}

function nested(open: string, middle: string, close: string): string {
  return `fn main() { var x = ${open.repeat(NEST)}${middle}${close.repeat(NEST)}; }\n`;
}

const cases: { name: string; text: () => string; clean?: boolean }[] = [
  { name: 'NUL bytes', text: () => 'fn main() {\0 var x = 1;\0 }\0\n' },
  { name: 'lone UTF-16 surrogates', text: () => 'fn main() { var s = "\uD800"; var \uDC00 = 1; }\n\uDFFF' },
  { name: 'invalid UTF-8 decoded lossily', text: () => new TextDecoder().decode(Uint8Array.from([0x66, 0x6e, 0x20, 0xc3, 0x28, 0xff, 0xfe, 0x7b, 0x7d])) },
  { name: 'a BOM and CRLF line ends', text: () => '\uFEFFfn main() {\r\n    return;\r\n}\r\n' },
  { name: '10,000 nested parentheses', text: () => nested('(', '1', ')'), clean: true },
  { name: '10,000 nested array literals', text: () => nested('[', '1', ']'), clean: true },
  { name: '10,000 nested struct literals', text: () => nested('S{', '1', '}'), clean: true },
  { name: '10,000 prefix operators', text: () => nested('-', '1', ''), clean: true },
  { name: '10,000 nested blocks', text: () => `fn main() ${'{'.repeat(NEST)}${'}'.repeat(NEST)}\n`, clean: true },
  { name: '10,000 nested if statements', text: () => `fn main() { ${'if x { '.repeat(NEST)}${'} '.repeat(NEST)}}\n`, clean: true },
  { name: '10,000 nested block comments', text: () => `${'/*'.repeat(NEST)}${'*/'.repeat(NEST)} fn main() {}\n`, clean: true },
  { name: '10,000 unclosed parentheses', text: () => `fn main() { f${'('.repeat(NEST)} }\n` },
  { name: '10,000 unclosed braces', text: () => `fn main() ${'{'.repeat(NEST)}\n` },
  { name: '10,000 unclosed block comments', text: () => `fn main() {} ${'/*'.repeat(NEST)}` },
  {
    name: 'a 10 MB file of real code',
    text: () => {
      const examples = fs.readdirSync(fromRoot('examples')).filter((f) => f.endsWith('.zolt'));
      const chunk = examples.map((f) => fs.readFileSync(fromRoot('examples', f), 'utf8')).join('\n');
      return chunk.repeat(Math.ceil(10_000_000 / chunk.length));
    },
  },
  { name: 'a 10 MB line', text: () => `fn main() { var s = "${'a'.repeat(10_000_000)}"; }\n`, clean: true },
];

describe('the grammar survives bad input', () => {
  inEachRuntime((runtime) => {

    const check = (text: string, clean?: boolean) => {
      const tree = runtime().parse(text);
      try {
        assert.equal(tree.endIndex <= text.length, true);
        const sexp = tree.sexp();
        // Input the parser cannot make sense of at all is rooted in an ERROR node.
        assert.match(sexp, /^\((source_file|ERROR)\b/);
        if (clean) assert.equal(tree.hasError, false, 'this input is valid Zolt');
      } finally {
        tree.dispose();
      }
    };

    for (const c of cases) {
      it(c.name, function () {
        this.timeout(120_000);
        check(c.text(), c.clean);
      });
    }

    it('400 random inputs (seeded)', function () {
      this.timeout(120_000);
      for (const input of randomInputs(400)) {
        try {
          check(input.text);
        } catch (error) {
          throw new Error(`${input.name}: ${(error as Error).message}`);
        }
      }
    });
  });
});
