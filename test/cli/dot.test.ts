// `zolt dot` as a user runs it (a separate process), against expectations that are data: each
// test/fixtures/dot/NAME.KIND[.FUNCTION].dot is a case, what
// `zolt dot test/fixtures/dot/NAME.zolt [FUNCTION] --KIND` prints (from the repository root),
// with CASE.err and CASE.status beside it when stderr is not empty or the status not 0. To add
// a case, create its empty .dot file and run with ZOLT_UPDATE_EXPECTED=1, which rewrites every
// case's files (read the diff). Then every graph is rendered with Graphviz compiled to
// WebAssembly (@hpcc-js/wasm-graphviz, what the VS Code extension draws with): the dot is valid,
// every node is drawn, and the places the nodes name reach the SVG as links an editor can follow.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { Graphviz } from '@hpcc-js/wasm-graphviz';
import { labelString, writeDot } from 'zolt-server/ide/graphs/dot';
import { fromRoot } from '../support/paths';

const UPDATE = process.env['ZOLT_UPDATE_EXPECTED'] === '1';
const FIXTURES = 'test/fixtures/dot';

function zolt(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [fromRoot('server/bin/zolt.js'), ...args], { cwd: fromRoot(), encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface Case {
  readonly name: string;
  readonly args: string[];
  readonly expected: string;
}

/** The cases: `control.cfg.count.dot` is `zolt dot test/fixtures/dot/control.zolt count --cfg`. */
function cases(): Case[] {
  return fs.readdirSync(fromRoot(FIXTURES)).filter((f) => f.endsWith('.dot')).sort().map((file) => {
    const name = file.slice(0, -'.dot'.length);
    const [program, kind, ...fn] = name.split('.');
    const args = ['dot', `${FIXTURES}/${program}.zolt`, ...(fn.length > 0 ? [fn.join('.')] : []), `--${kind}`];
    return { name, args, expected: fromRoot(FIXTURES, name) };
  });
}

const readOr = (file: string, fallback: string): string => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : fallback);

/** Writes `text` to `file`, or removes the file when `text` is the default (no .err for an empty stderr). */
function writeOrRemove(file: string, text: string, fallback: string): void {
  if (text === fallback) fs.rmSync(file, { force: true });
  else fs.writeFileSync(file, text);
}

/** The `URL="..."` values of dot text, in order (the writer quotes every value). */
function urls(dot: string): string[] {
  return [...dot.matchAll(/URL="((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]!.replace(/\\(.)/g, '$1'));
}

/** The node statements of dot text (`"id" [label=...`), without the graph/node/edge defaults. */
function nodeCount(dot: string): number {
  return [...dot.matchAll(/^\s*"(?:[^"\\]|\\.)*" \[label=/gm)].length;
}

const xmlEscape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

describe('zolt dot', function () {
  this.timeout(120_000);
  const all = cases();

  it('has cases of every kind, of a program with errors, and of an unknown function', () => {
    for (const kind of ['calls', 'cfg', 'ir', 'ast']) assert.ok(all.some((c) => c.args.includes(`--${kind}`)), `no --${kind} case`);
    assert.ok(all.some((c) => readOr(`${c.expected}.status`, '0').trim() === '1'), 'no case of a program with errors');
    assert.ok(all.some((c) => readOr(`${c.expected}.status`, '0').trim() === '2'), 'no case of an unknown function');
  });

  for (const c of all) {
    it(`${c.args.slice(1).join(' ')}`, () => {
      const { code, stdout, stderr } = zolt(c.args);
      if (UPDATE) {
        fs.writeFileSync(`${c.expected}.dot`, stdout);
        writeOrRemove(`${c.expected}.err`, stderr, '');
        writeOrRemove(`${c.expected}.status`, `${code}\n`, '0\n');
      }
      assert.equal(stderr, readOr(`${c.expected}.err`, ''), 'stderr');
      assert.equal(`${code}\n`, readOr(`${c.expected}.status`, '0\n'), 'exit status');
      assert.equal(stdout, fs.readFileSync(`${c.expected}.dot`, 'utf8'), 'stdout');
    });
  }

  it('a missing file is a usage error (exit 2) that names it', () => {
    const { code, stdout, stderr } = zolt(['dot', `${FIXTURES}/absent.zolt`]);
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.match(stderr, /^zolt dot: no such file: test\/fixtures\/dot\/absent\.zolt\nusage: zolt dot /);
  });

  it('takes one kind, and --cfg only with a FUNCTION', () => {
    const both = zolt(['dot', `${FIXTURES}/control.zolt`, '--calls', '--ir']);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /give one of --ast, --cfg, --calls, --ir, not --calls and --ir/);
    const cfg = zolt(['dot', `${FIXTURES}/control.zolt`, '--cfg']);
    assert.equal(cfg.code, 2);
    assert.match(cfg.stderr, /--cfg draws one function: give FUNCTION/);
  });

  describe('every graph renders with Graphviz (WebAssembly)', () => {
    let graphviz: Graphviz;
    before(async () => {
      graphviz = await Graphviz.load();
    });

    // A failing case prints no graph.
    for (const c of all.filter((c) => fs.readFileSync(`${c.expected}.dot`, 'utf8') !== '')) {
      it(c.name, () => {
        const dot = fs.readFileSync(`${c.expected}.dot`, 'utf8');
        const svg = graphviz.layout(dot, 'svg', 'dot');
        assert.match(svg, /<svg /);
        assert.equal([...svg.matchAll(/<g id="node\d+" class="node"/g)].length, nodeCount(dot), 'every node is drawn');
        const links = [...svg.matchAll(/xlink:href="([^"]*)"/g)].map((m) => m[1]!);
        for (const url of new Set(urls(dot))) assert.ok(links.includes(xmlEscape(url)), `no link to ${url} in the SVG`);
        assert.ok(urls(dot).every((u) => /^test\/fixtures\/dot\/\w+\.zolt:\d+:\d+$|^server\/std\/\w+\.zolt:\d+:\d+$/.test(u)), 'places are file:line:col');
      });
    }

    it('labels show program text as it is: quotes, backslashes, record characters, Graphviz escapes', () => {
      const lines = ['say "hi" \\ { a | b } <port>', 'a\\nb \\N \\l end\\'];
      const dot = writeDot({ name: 'q"\\', nodes: [{ id: 'x"\\', label: { lines }, location: 'a "b".zolt:1:2' }], edges: [] });
      assert.ok(labelString({ lines: ['x'] }).endsWith('\\l"'), 'left-justified lines end with \\l');
      const svg = graphviz.layout(dot, 'svg', 'dot');
      const texts = [...svg.matchAll(/<text [^>]*text-anchor="start"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);
      assert.deepEqual(texts, lines.map(xmlEscape), 'each line left-justified, as written');
      assert.ok(svg.includes('xlink:href="a &quot;b&quot;.zolt:1:2"'), 'the place is the link, as written');
    });
  });

  it('the fixtures are the files this test reads (no stray expectations)', () => {
    const names = new Set(all.map((c) => c.name));
    for (const file of fs.readdirSync(fromRoot(FIXTURES))) {
      if (file.endsWith('.zolt')) continue;
      const stem = file.replace(/\.(dot|err|status)$/, '');
      assert.ok(names.has(stem), `${file} belongs to no case`);
    }
    for (const c of all) assert.ok(fs.existsSync(fromRoot(c.args[1]!)), `${c.name}: no program ${c.args[1]}`);
  });
});
