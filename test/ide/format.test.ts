// The formatter (server/src/ide/format.ts) and `zolt fmt`.
//
// - Each test/fixtures/format/NAME.zolt formats to NAME.expected.zolt (ZOLT_UPDATE_EXPECTED=1
//   rewrites the expected files from the formatter's output; review the diff).
// - Three properties on the fixtures, the examples, the standard library and every corpus
//   input without syntax errors: formatting twice changes nothing, every comment is kept, and
//   the AST (positions left out) is the same before and after.
// - formatEdits turns the old text into the new one with small edits.
// - `zolt fmt`, in-process through fmtCommand and as a process.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Parser, Tree } from 'web-tree-sitter';
import { loadGrammar, SyntaxDocument, type ZoltGrammar } from 'zolt-server/syntax';
import { formatEdits, formatTree, MAX_WIDTH } from 'zolt-server/ide/format';
import { fmtCommand } from 'zolt-server/cli/fmt';
import type { Io } from 'zolt-server/cli/io';
import { readCorpus } from '../support/corpus';
import { fromRoot } from '../support/paths';


const FIXTURES = fromRoot('test/fixtures/format');
const UPDATE = process.env['ZOLT_UPDATE_EXPECTED'] === '1';

const fixtureNames = fs.readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.zolt') && !f.endsWith('.expected.zolt'))
  .map((f) => f.slice(0, -'.zolt'.length))
  .sort();

function zoltFilesIn(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.zolt')).sort().map((f) => path.join(dir, f));
}

// ------------------------------------------------------------------------ helpers

let grammar: ZoltGrammar;
let parser: Parser;

function withTree<T>(text: string, use: (tree: Tree) => T): T {
  const tree = parser.parse(text);
  if (!tree) throw new Error('no tree');
  try {
    return use(tree);
  } finally {
    tree.delete();
  }
}

function format(text: string, indent?: string): string {
  const result = withTree(text, (tree) => formatTree(tree, text, indent === undefined ? {} : { indent }));
  if (result.kind !== 'formatted') throw new Error(`not formatted: ${result.message}`);
  return result.text;
}

/** A comment's text as the formatter promises to keep it: line ends and trailing blanks aside. */
function normaliseComment(text: string): string {
  return text.replace(/[^\S\n]+$/gm, '');
}

/** Every comment of a file: its type and offsets, in order. */
function comments(text: string): { type: string; start: number; end: number }[] {
  return withTree(text, (tree) => {
    const found: { type: string; start: number; end: number }[] = [];
    const cursor = tree.walk();
    try {
      for (;;) {
        const type = cursor.nodeType;
        if (type === 'line_comment' || type === 'doc_comment' || type === 'block_comment') {
          found.push({ type, start: cursor.startIndex, end: cursor.endIndex });
        }
        if (cursor.gotoFirstChild()) continue;
        let moved = false;
        while (!(moved = cursor.gotoNextSibling()) && cursor.gotoParent());
        if (!moved) break;
      }
    } finally {
      cursor.delete();
    }
    return found;
  });
}

/** The texts of every comment in a file, sorted (a multiset). */
function commentTexts(text: string): string[] {
  return comments(text).map((c) => normaliseComment(text.slice(c.start, c.end))).sort();
}

/** Positions and ids removed; a span that stands for a flag (`variadic`) becomes `true`. */
function stripPositions(value: unknown): unknown {
  if (typeof value === 'bigint') return `${value}n`;
  if (Array.isArray(value)) return value.map(stripPositions);
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 2 && entries.every(([k, v]) => (k === 'start' || k === 'end') && typeof v === 'number')) return true;
    const out: Record<string, unknown> = {};
    for (const [key, v] of entries) {
      if (key === 'id' || key === 'span' || key.endsWith('Span')) continue;
      out[key] = key === 'doc' && typeof v === 'string' ? normaliseComment(v) : stripPositions(v);
    }
    return out;
  }
  return value;
}

/** What the file means: its items' ASTs without positions, and its diagnostics' messages. */
function meaning(text: string): unknown {
  const doc = SyntaxDocument.create(grammar, '/meaning.zolt', text);
  try {
    return {
      items: doc.items.map((item) => ({ decl: stripPositions(item.decl), errors: item.hasSyntaxErrors })),
      diagnostics: doc.diagnostics().map((d) => `${d.code}: ${d.message}`),
    };
  } finally {
    doc.dispose();
  }
}

/** Formatting is idempotent, keeps every comment and keeps the meaning; returns the result. */
function checkProperties(input: string, what: string): string {
  const output = format(input);
  assert.equal(format(output), output, `${what}: formatting the output again changes it`);
  assert.deepEqual(commentTexts(output), commentTexts(input), `${what}: comments differ`);
  assert.deepEqual(meaning(output), meaning(input), `${what}: the AST differs`);
  checkLayout(output, what);
  return output;
}

/** The style rules any output keeps, whatever the input. */
function checkLayout(output: string, what: string): void {
  if (output === '') return;
  assert.ok(output.endsWith('\n') && !output.endsWith('\n\n'), `${what}: must end in exactly one newline`);
  assert.ok(!output.startsWith('\n'), `${what}: starts with a blank line`);
  assert.doesNotMatch(output, /[ \t]$/m, `${what}: trailing whitespace`);
  // (Inside a block comment, the lines are the author's.)
  let outside = output;
  for (const c of comments(output).reverse()) if (c.type === 'block_comment') outside = outside.slice(0, c.start) + '/**/' + outside.slice(c.end);
  assert.doesNotMatch(outside, /\n\n\n/, `${what}: two blank lines in a row`);
  assert.doesNotMatch(output, /\r/, `${what}: carriage return`);
}

/** The text with the whitespace between every two tokens (comments included) replaced. */
function relayout(text: string, gap: (original: string) => string): string {
  return withTree(text, (tree) => {
    let out = '';
    let at = 0;
    const cursor = tree.walk();
    try {
      for (;;) {
        if (cursor.nodeType !== 'source_file' && (cursor.currentNode.childCount === 0 || /comment$/.test(cursor.nodeType))) {
          out += (at === 0 ? '' : gap(text.slice(at, cursor.startIndex))) + text.slice(cursor.startIndex, cursor.endIndex);
          at = cursor.endIndex;
        } else if (cursor.gotoFirstChild()) {
          continue;
        }
        let moved = false;
        while (!(moved = cursor.gotoNextSibling()) && cursor.gotoParent());
        if (!moved) break;
      }
    } finally {
      cursor.delete();
    }
    return out + '\n';
  });
}

function applyEdits(text: string, edits: readonly { start: number; end: number; text: string }[]): string {
  let out = '';
  let at = 0;
  for (const edit of edits) {
    assert.ok(edit.start >= at && edit.end >= edit.start && edit.end <= text.length, `bad edit ${JSON.stringify(edit)}`);
    out += text.slice(at, edit.start) + edit.text;
    at = edit.end;
  }
  return out + text.slice(at);
}

function capturingIo(): Io & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    out(text: string) {
      io.stdout += text;
    },
    err(text: string) {
      io.stderr += text;
    },
  };
  return io;
}

function zolt(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [fromRoot('server/bin/zolt.js'), ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

// ------------------------------------------------------------------------ tests

describe('formatter', function () {
  // The brief's command runs mocha without the repository's configuration (2 s per test).
  this.timeout(120_000);
  before(async () => {
    grammar = await loadGrammar();
    parser = grammar.newParser();
  });
  after(() => parser.delete());

  describe('fixtures (test/fixtures/format)', () => {
    it('there are at least 40 of them, each with its expected output', () => {
      assert.ok(fixtureNames.length >= 40, `only ${fixtureNames.length}`);
      for (const name of fixtureNames) assert.ok(fs.existsSync(path.join(FIXTURES, `${name}.expected.zolt`)), `${name}.expected.zolt is missing`);
    });

    for (const name of fixtureNames) {
      it(name, () => {
        const input = fs.readFileSync(path.join(FIXTURES, `${name}.zolt`), 'utf8');
        const expectedFile = path.join(FIXTURES, `${name}.expected.zolt`);
        const output = checkProperties(input, name);
        if (UPDATE) fs.writeFileSync(expectedFile, output);
        const expected = fs.readFileSync(expectedFile, 'utf8');
        assert.equal(output, expected);
        assert.equal(format(expected), expected, 'the expected output is not formatted');
      });
    }
  });

  describe('properties on real programs (idempotent, comments kept, AST kept)', () => {
    const programs = [...zoltFilesIn(fromRoot('examples')), ...zoltFilesIn(fromRoot('server/std'))];
    for (const file of programs) {
      it(path.relative(fromRoot(), file), () => {
        checkProperties(fs.readFileSync(file, 'utf8'), file);
      });
    }

    it('every grammar corpus input without syntax errors', () => {
      const cases = readCorpus(fromRoot('grammar/test/corpus'));
      let checked = 0;
      const failures: string[] = [];
      for (const c of cases) {
        const clean = withTree(c.input, (tree) => !tree.rootNode.hasError && formatTree(tree, c.input).kind === 'formatted');
        if (!clean) continue;
        checked++;
        try {
          checkProperties(c.input, `${c.file}: ${c.name}`);
        } catch (error) {
          failures.push(`${c.file}: ${c.name}: ${(error as Error).message.split('\n')[0]}`);
        }
      }
      assert.deepEqual(failures, []);
      assert.ok(checked >= 100, `only ${checked} corpus inputs were checked`);
    });

    it('programs laid out badly: a line break between every two tokens, or no indentation', () => {
      // Stretching the layout puts comments and blank lines everywhere the rules must cope.
      for (const file of zoltFilesIn(fromRoot('examples'))) {
        const text = fs.readFileSync(file, 'utf8');
        checkProperties(relayout(text, (gap) => (gap.includes('\n') ? '\n\n' : '\n')), `${file} stretched`);
        const flush = relayout(text, (gap) => gap.replace(/[^\S\n]+/g, ' ').replace(/ *\n */g, '\n'));
        assert.equal(format(flush), format(text), `${file}: indentation should not matter`);
      }
    });
  });

  describe('random layouts (seeded)', () => {
    // Each round takes a program and, between random pairs of tokens, puts a line break, a
    // blank line, nothing, a block comment or a line comment; the properties must hold.
    const ROUNDS = Number(process.env['ZOLT_FORMAT_ROUNDS'] ?? 150);
    const GAPS = ['', ' ', '\n', '\n\n', ' \t\r\n  ', ' /* c */ ', '/*c*/', ' // c\n', '//c\n\n', '\n// own\n', '\n/* own */\n', '\n/* a\n  b */ ', '\n\n/// d\n'];
    it(`${ROUNDS} rounds over the examples, fixtures and corpus inputs`, () => {
      const sources = [...zoltFilesIn(fromRoot('examples')), ...fixtureNames.map((n) => path.join(FIXTURES, `${n}.zolt`))]
        .map((file) => fs.readFileSync(file, 'utf8'));
      sources.push(...readCorpus(fromRoot('grammar/test/corpus')).map((c) => c.input).filter((input) => withTree(input, (tree) => !tree.rootNode.hasError)));
      let seed = Number(process.env['ZOLT_FORMAT_SEED'] ?? 7);
      const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
      for (let round = 0; round < ROUNDS; round++) {
        const source = sources[Math.floor(random() * sources.length)]!;
        const rate = random() * 0.3;
        const input = relayout(source, (gap) => (random() < rate ? GAPS[Math.floor(random() * GAPS.length)]! : gap));
        // Glued tokens can make a syntax error (`/` then `/*c*/` is a line comment): skip those.
        if (withTree(input, (tree) => formatTree(tree, input).kind) !== 'formatted') continue;
        checkProperties(input, `round ${round}: ${JSON.stringify(input)}`);
      }
    });
  });

  describe('rules', () => {
    it('refuses files with syntax errors, naming the first', () => {
      const cases: [string, string][] = [
        ['fn main() {\n    var x = 1\n}\n', '2:14'],
        ['fn main() {\n    f(x;\n}\n', '2:8'],
        ['var s = "no end;\nvar t = 1;\n', '1:9'],
        ["var c = 'x;\n", '1:9'],
        ['fn f() {}\n/* open\n', '2:1'],
        ['fn f() { @ }\n', '1:10'],
      ];
      for (const [text, at] of cases) {
        const result = withTree(text, (tree) => formatTree(tree, text));
        assert.deepEqual(result, { kind: 'syntax-errors', message: `it has syntax errors (first at line ${at})` }, text);
      }
    });

    it('an empty file stays empty; whitespace alone becomes empty', () => {
      assert.equal(format(''), '');
      assert.equal(format('\n\n  \n'), '');
      assert.equal(format('// only a comment'), '// only a comment\n');
    });

    it('takes another indentation unit', () => {
      assert.equal(format('fn f() { if x { g(); } }', '\t'), 'fn f() {\n\tif x {\n\t\tg();\n\t}\n}\n');
      assert.equal(format('fn f() { if x { g(); } }', '  '), 'fn f() {\n  if x {\n    g();\n  }\n}\n');
    });

    it('removes trailing whitespace in comments and CRLF line ends, nothing else of their text', () => {
      const input = 'var x = 1; // trailing   \r\n/* a  \r\n   b */\r\nvar y = 2;\r\n';
      assert.equal(format(input), 'var x = 1; // trailing\n/* a\n   b */\nvar y = 2;\n');
    });

    it(`a list that was on one line stays there at exactly ${MAX_WIDTH} columns, and breaks at ${MAX_WIDTH + 1}`, () => {
      const head = 'var x = f(';
      const fill = (width: number) => {
        const arg = 'a'.repeat(width - head.length - ', b);'.length);
        return `${head}${arg}, b);\n`;
      };
      const fits = fill(MAX_WIDTH);
      assert.equal(fits.length - 1, MAX_WIDTH);
      assert.equal(format(fits), fits);
      const tooLong = fill(MAX_WIDTH + 1);
      assert.equal(format(tooLong), `var x = f(\n    ${'a'.repeat(MAX_WIDTH + 1 - head.length - 5)},\n    b,\n);\n`);
    });

    it('never glues `& &x` into `&&x`, nor `- -x` into `--x`', () => {
      assert.equal(format('var p = & &x;'), 'var p = & &x;\n');
      assert.equal(format('var p = - -x;'), 'var p = - -x;\n');
      assert.equal(format('var p = !!x + **q + &*r;'), 'var p = !!x + **q + &*r;\n');
    });
  });

  describe('formatEdits', () => {
    it('gives no edit for equal texts and one small edit for one change', () => {
      assert.deepEqual(formatEdits('a\nb\n', 'a\nb\n'), []);
      assert.deepEqual(formatEdits('fn f() {\n  x;\n}\n', 'fn f() {\n    x;\n}\n'), [{ start: 11, end: 11, text: '  ' }]);
      assert.deepEqual(formatEdits('a\nb\nc\n', 'a\nc\n'), [{ start: 2, end: 4, text: '' }]);
    });

    it('leaves the lines between two changes alone', () => {
      const old = 'x  = 1;\nkeep\nkeep\nkeep\ny  = 2;\n';
      const edits = formatEdits(old, 'x = 1;\nkeep\nkeep\nkeep\ny = 2;\n');
      assert.equal(edits.length, 2);
      assert.ok(edits.every((e) => e.end - e.start <= 1 && e.text === ''), JSON.stringify(edits));
    });

    it('applied in order, turns each example into its formatted text', () => {
      for (const file of [...zoltFilesIn(fromRoot('examples')), ...fixtureNames.map((n) => path.join(FIXTURES, `${n}.zolt`))]) {
        const text = fs.readFileSync(file, 'utf8');
        const formatted = format(text);
        const edits = formatEdits(text, formatted);
        assert.equal(applyEdits(text, edits), formatted, file);
        // Line-based: untouched lines are never covered by an edit.
        const changed = edits.reduce((n, e) => n + (e.end - e.start), 0);
        assert.ok(changed <= text.length, file);
      }
    });

    it('handles texts without final newlines, empty texts and surrogate pairs', () => {
      const pairs: [string, string][] = [
        ['', 'a\n'],
        ['a\n', ''],
        ['a', 'a\n'],
        ['x = "😀";', 'x = "😁";'],
        ['one\ntwo\nthree', 'zero\none\nthree\nfour\n'],
      ];
      for (const [a, b] of pairs) {
        const edits = formatEdits(a, b);
        assert.equal(applyEdits(a, edits), b, JSON.stringify([a, b]));
        for (const e of edits) {
          assert.ok(!/[\uDC00-\uDFFF]/.test(a[e.start] ?? '') && !/[\uDC00-\uDFFF]/.test(a[e.end] ?? ''), 'splits a surrogate pair');
        }
      }
    });

    it('random line edits round-trip', () => {
      let seed = 42;
      const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
      const words = ['a', 'b', 'c', 'fn f() {}', '', '    x;'];
      for (let round = 0; round < 300; round++) {
        const lines = (n: number) => Array.from({ length: n }, () => words[Math.floor(random() * words.length)]!).join('\n');
        const a = lines(Math.floor(random() * 12));
        const b = lines(Math.floor(random() * 12));
        assert.equal(applyEdits(a, formatEdits(a, b)), b, JSON.stringify([a, b]));
      }
    });
  });

  describe('zolt fmt (in-process)', () => {
    let dir: string;
    const messy = 'fn main()   {\nvar x=1;\n  return;}\n';
    const tidy = 'fn main() {\n    var x = 1;\n    return;\n}\n';
    const broken = 'fn main() {\n    var x = 1\n}\n';
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zolt-fmt-'));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
    const show = (file: string) => path.relative(process.cwd(), file);

    it('rewrites files in place, folders searched, and leaves formatted files untouched', async () => {
      fs.mkdirSync(path.join(dir, 'sub'));
      const a = path.join(dir, 'a.zolt');
      const b = path.join(dir, 'sub', 'b.zolt');
      const c = path.join(dir, 'c.zolt');
      fs.writeFileSync(a, messy);
      fs.writeFileSync(b, messy);
      fs.writeFileSync(c, tidy);
      const past = new Date('2001-01-01T00:00:00Z');
      fs.utimesSync(c, past, past);
      const io = capturingIo();
      assert.equal(await fmtCommand([dir], io), 0);
      assert.equal(io.stdout, '');
      assert.equal(io.stderr, '');
      assert.equal(fs.readFileSync(a, 'utf8'), tidy);
      assert.equal(fs.readFileSync(b, 'utf8'), tidy);
      assert.equal(fs.statSync(c).mtime.getTime(), past.getTime(), 'a formatted file was rewritten');
      assert.deepEqual(fs.readdirSync(dir).sort(), ['a.zolt', 'c.zolt', 'sub'], 'a temporary file was left behind');
    });

    it('keeps the permissions of a rewritten file', async () => {
      const a = path.join(dir, 'a.zolt');
      fs.writeFileSync(a, messy);
      fs.chmodSync(a, 0o640);
      assert.equal(await fmtCommand([a], capturingIo()), 0);
      assert.equal(fs.statSync(a).mode & 0o777, 0o640);
    });

    it('--check lists what would change, changes nothing, and exits 1; 0 when all is formatted', async () => {
      const a = path.join(dir, 'a.zolt');
      const c = path.join(dir, 'c.zolt');
      fs.writeFileSync(a, messy);
      fs.writeFileSync(c, tidy);
      const io = capturingIo();
      assert.equal(await fmtCommand([dir, '--check'], io), 1);
      assert.equal(io.stdout, `would reformat: ${show(a)}\n`);
      assert.equal(fs.readFileSync(a, 'utf8'), messy);
      const clean = capturingIo();
      assert.equal(await fmtCommand(['--check', c], clean), 0);
      assert.equal(clean.stdout, '');
    });

    it('--stdout prints the formatted text of one file and writes nothing', async () => {
      const a = path.join(dir, 'a.zolt');
      fs.writeFileSync(a, messy);
      const io = capturingIo();
      assert.equal(await fmtCommand([a, '--stdout'], io), 0);
      assert.equal(io.stdout, tidy);
      assert.equal(fs.readFileSync(a, 'utf8'), messy);
      await assert.rejects(fmtCommand([a, a + 'x', '--stdout'], capturingIo()), /exactly one file/);
      await assert.rejects(fmtCommand([a, '--stdout', '--check'], capturingIo()), /cannot be used together/);
    });

    it('leaves a file with syntax errors alone, says where, and exits 1; formats the others', async () => {
      const bad = path.join(dir, 'bad.zolt');
      const good = path.join(dir, 'good.zolt');
      fs.writeFileSync(bad, broken);
      fs.writeFileSync(good, messy);
      const io = capturingIo();
      assert.equal(await fmtCommand([dir], io), 1);
      assert.equal(io.stderr, `${show(bad)}: not formatted: it has syntax errors (first at line 2:14)\n`);
      assert.equal(fs.readFileSync(bad, 'utf8'), broken);
      assert.equal(fs.readFileSync(good, 'utf8'), tidy);
      const check = capturingIo();
      assert.equal(await fmtCommand([bad, '--check'], check), 1);
      assert.match(check.stderr, /not formatted: it has syntax errors/);
    });

    it('names a path that does not exist and exits 2', async () => {
      const io = capturingIo();
      assert.equal(await fmtCommand([path.join(dir, 'missing')], io), 2);
      assert.match(io.stderr, /no such file or folder/);
    });

    it('formats through a symbolic link without replacing the link', async function () {
      if (process.platform === 'win32') this.skip();
      const a = path.join(dir, 'a.zolt');
      const link = path.join(dir, 'link.zolt');
      fs.writeFileSync(a, messy);
      fs.symlinkSync(a, link);
      assert.equal(await fmtCommand([link], capturingIo()), 0);
      assert.ok(fs.lstatSync(link).isSymbolicLink());
      assert.equal(fs.readFileSync(a, 'utf8'), tidy);
    });
  });

  // These run `zolt fmt` as a user does. They need the verb registered in server/src/cli/main.ts
  // (`run: fmtCommand` from './fmt'); until then the in-process tests above cover the command.
  describe('zolt fmt (process)', () => {
    let dir: string;
    const messy = 'fn main()   {\nvar x=1;\n  return;}\n';
    const tidy = 'fn main() {\n    var x = 1;\n    return;\n}\n';
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zolt-fmt-process-'));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('rewrites the files of the current folder by default', () => {
      fs.writeFileSync(path.join(dir, 'a.zolt'), messy);
      const { code, stdout, stderr } = zolt(['fmt'], dir);
      assert.equal(stderr, '');
      assert.equal(stdout, '');
      assert.equal(code, 0);
      assert.equal(fs.readFileSync(path.join(dir, 'a.zolt'), 'utf8'), tidy);
    });

    it('--check exits 1 with the list, then 0 once formatted', () => {
      fs.writeFileSync(path.join(dir, 'a.zolt'), messy);
      fs.writeFileSync(path.join(dir, 'b.zolt'), tidy);
      const first = zolt(['fmt', '--check', '.'], dir);
      assert.equal(first.code, 1);
      assert.equal(first.stdout, 'would reformat: a.zolt\n');
      assert.equal(fs.readFileSync(path.join(dir, 'a.zolt'), 'utf8'), messy);
      assert.equal(zolt(['fmt', 'a.zolt'], dir).code, 0);
      const second = zolt(['fmt', '--check'], dir);
      assert.equal(second.code, 0);
      assert.equal(second.stdout, '');
    });

    it('--stdout prints the formatted file', () => {
      fs.writeFileSync(path.join(dir, 'a.zolt'), messy);
      const { code, stdout } = zolt(['fmt', '--stdout', 'a.zolt'], dir);
      assert.equal(code, 0);
      assert.equal(stdout, tidy);
      assert.equal(fs.readFileSync(path.join(dir, 'a.zolt'), 'utf8'), messy);
    });

    it('a file with syntax errors: exit 1, file unchanged, position on stderr', () => {
      const broken = 'fn main() {\n    var x = 1\n}\n';
      fs.writeFileSync(path.join(dir, 'bad.zolt'), broken);
      const { code, stderr } = zolt(['fmt', 'bad.zolt'], dir);
      assert.equal(code, 1);
      assert.equal(stderr, 'bad.zolt: not formatted: it has syntax errors (first at line 2:14)\n');
      assert.equal(fs.readFileSync(path.join(dir, 'bad.zolt'), 'utf8'), broken);
    });
  });
});
