// Annotations (TODO, FIXME, ...): the parsing rules of docs/annotations.md as data, sorting and
// grouping, the per-item cache, examples/annotations.zolt, and `zolt get` against the expected
// outputs in test/fixtures/annotations/expected (ZOLT_UPDATE_EXPECTED=1 rewrites them).

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadGrammar, SyntaxDocument, type TextChange, type ZoltGrammar } from 'zolt-server/syntax';
import {
  annotationStats, DEFAULT_TAGS, groupAnnotations, harvestDocument, parseAnnotations, sortAnnotations, tagRank,
  type Annotation, type CommentKind,
} from 'zolt-server/ide/annotations';
import { getCommand } from 'zolt-server/cli/get';
import { UsageError } from 'zolt-server/cli/args';
import { fromRoot } from '../support/paths';

const FIXTURE = fromRoot('test/fixtures/annotations');
const EXPECTED = path.join(FIXTURE, 'expected');
const UPDATE = process.env['ZOLT_UPDATE_EXPECTED'] === '1';

/** What a parse case expects of one annotation (offsets are checked against the comment). */
interface Expected {
  tag: string;
  owner?: string;
  priority?: number;
  text: string;
}

interface ParseCase {
  rule: string;
  kind?: CommentKind;
  tags?: readonly string[];
  comment: string;
  expected: Expected[];
}

const t = (tag: string, text: string, owner?: string, priority?: number): Expected => ({
  tag, ...(owner === undefined ? {} : { owner }), ...(priority === undefined ? {} : { priority }), text,
});

const PARSE_CASES: ParseCase[] = [
  // Where a tag begins a comment line.
  { rule: 'after //', comment: '// TODO: x', expected: [t('TODO', 'x')] },
  { rule: 'directly after //', comment: '//TODO: x', expected: [t('TODO', 'x')] },
  { rule: 'after // and a tab', comment: '//\tFIXME: x', expected: [t('FIXME', 'x')] },
  { rule: 'after /// in a doc comment', kind: 'doc', comment: '/// NOTE: indices are stable', expected: [t('NOTE', 'indices are stable')] },
  { rule: 'after //// (an ordinary comment)', comment: '//// HACK: four slashes', expected: [t('HACK', 'four slashes')] },
  { rule: 'not in the middle of prose', comment: '// see TODO: x', expected: [] },
  { rule: 'a mention without a colon is prose', comment: '// Mentioning a TODO or a BUG here', expected: [] },
  // Tags are upper case whole words.
  { rule: 'lower case is not a tag', comment: '// todo: x', expected: [] },
  { rule: 'mixed case is not a tag', comment: '// ToDo: x', expected: [] },
  { rule: 'a longer word is not a tag', comment: '// TODOS: x', expected: [] },
  { rule: 'an underscore continues the word', comment: '// TODO_LIST: x', expected: [] },
  { rule: 'a plural is not a tag', comment: '// FIXMEs are bad', expected: [] },
  { rule: 'a non-ASCII letter continues the word', comment: '// TODOé: x', expected: [] },
  { rule: 'every default tag', comment: '// XXX: a  BUG: b  OPTIMIZE: c  HACK: d  NOTE: e', expected: [t('XXX', 'a'), t('BUG', 'b'), t('OPTIMIZE', 'c'), t('HACK', 'd'), t('NOTE', 'e')] },
  // The group.
  { rule: '(owner)', comment: '// TODO(ana): x', expected: [t('TODO', 'x', 'ana')] },
  { rule: '(owner, pN)', comment: '// TODO(ana, p1): x', expected: [t('TODO', 'x', 'ana', 1)] },
  { rule: '(owner,pN) without a space', comment: '// TODO(ana,p1): x', expected: [t('TODO', 'x', 'ana', 1)] },
  { rule: '(pN)', comment: '// FIXME(p0): x', expected: [t('FIXME', 'x', undefined, 0)] },
  { rule: '(PN) in upper case', comment: '// FIXME(P3): x', expected: [t('FIXME', 'x', undefined, 3)] },
  { rule: 'priorities above 9', comment: '// TODO(erin, p10): x', expected: [t('TODO', 'x', 'erin', 10)] },
  { rule: 'owners keep @ and dots', comment: '// TODO(@ana.lopez): x', expected: [t('TODO', 'x', '@ana.lopez')] },
  { rule: 'unicode owners', comment: '// NOTE(zoé): café 😀 日本語', expected: [t('NOTE', 'café 😀 日本語', 'zoé')] },
  { rule: 'an empty group is no annotation', comment: '// TODO(): x', expected: [] },
  { rule: 'an owner with a space is no annotation', comment: '// TODO(two words): x', expected: [] },
  { rule: 'three parts are no annotation', comment: '// TODO(a, b, c): x', expected: [] },
  { rule: 'the priority comes second', comment: '// TODO(p1, ana): x', expected: [] },
  { rule: 'two priorities are no annotation', comment: '// TODO(p1, p2): x', expected: [] },
  { rule: 'an unclosed group is no annotation', comment: '// TODO(ana: x', expected: [] },
  { rule: 'a group after a space is text', comment: '// TODO (ana): x', expected: [t('TODO', '(ana): x')] },
  // The colon.
  { rule: 'the colon is optional before text', comment: '// BUG(carl) the text', expected: [t('BUG', 'the text', 'carl')] },
  { rule: 'no colon and no group', comment: '// HACK it works', expected: [t('HACK', 'it works')] },
  { rule: 'spaces before the colon', comment: '// TODO : x', expected: [t('TODO', 'x')] },
  { rule: 'no space after the colon', comment: '// HACK:x', expected: [t('HACK', 'x')] },
  { rule: 'a colon and no text', comment: '// XXX:', expected: [t('XXX', '')] },
  { rule: 'a colon and only spaces', comment: '// XXX(bo):   ', expected: [t('XXX', '', 'bo')] },
  { rule: 'a bare tag is no annotation', comment: '// XXX', expected: [] },
  { rule: 'a bare tag and spaces is no annotation', comment: '// XXX   ', expected: [] },
  { rule: 'punctuation after the tag is no annotation', comment: '// NOTE.', expected: [] },
  { rule: 'a group without colon or text is no annotation', comment: '// TODO(ana)', expected: [] },
  // The text.
  { rule: 'the text is trimmed', comment: '//   TODO:    x y   ', expected: [t('TODO', 'x y')] },
  { rule: 'a carriage return is not text', comment: '// TODO: x\r', expected: [t('TODO', 'x')] },
  { rule: 'delimiters are text in a line comment', comment: '// TODO: remove /* this */', expected: [t('TODO', 'remove /* this */')] },
  // Several annotations on one line.
  { rule: 'two annotations', comment: '// TODO: x  FIXME: y', expected: [t('TODO', 'x'), t('FIXME', 'y')] },
  { rule: 'two annotations with groups', comment: '// TODO(ana, p1): x FIXME(bo): y', expected: [t('TODO', 'x', 'ana', 1), t('FIXME', 'y', 'bo')] },
  { rule: 'after an annotation without a colon', comment: '// BUG it breaks  NOTE(p4): see z', expected: [t('BUG', 'it breaks'), t('NOTE', 'see z', undefined, 4)] },
  { rule: 'a later tag needs its colon', comment: '// TODO: fix the BUG in lower', expected: [t('TODO', 'fix the BUG in lower')] },
  { rule: 'a later tag needs whitespace before it', comment: '// TODO: see-FIXME: y', expected: [t('TODO', 'see-FIXME: y')] },
  { rule: 'a later tag with a bad group is text', comment: '// TODO: x FIXME(a b): y', expected: [t('TODO', 'x FIXME(a b): y')] },
  { rule: 'a later tag right after the colon', comment: '// TODO: FIXME: y', expected: [t('TODO', ''), t('FIXME', 'y')] },
  { rule: 'no colon and no text before a later tag', comment: '// TODO FIXME: y', expected: [t('FIXME', 'y')] },
  { rule: 'a lower-case later tag is text', comment: '// TODO: x fixme: y', expected: [t('TODO', 'x fixme: y')] },
  // Block comments.
  { rule: 'after /*', kind: 'block', comment: '/* TODO: x */', expected: [t('TODO', 'x')] },
  { rule: 'directly after /* and before */', kind: 'block', comment: '/*NOTE:tight*/', expected: [t('NOTE', 'tight')] },
  { rule: 'after /**', kind: 'block', comment: '/** HACK: two stars */', expected: [t('HACK', 'two stars')] },
  { rule: 'an empty block comment', kind: 'block', comment: '/**/', expected: [] },
  { rule: 'a bare tag before */', kind: 'block', comment: '/* TODO */', expected: [] },
  {
    rule: 'after the leading * of lines; no continuation lines', kind: 'block',
    comment: '/*\n * FIXME(ana): a\n * not a continuation\n *   TODO(p2): b\n */',
    expected: [t('FIXME', 'a', 'ana'), t('TODO', 'b', undefined, 2)],
  },
  { rule: 'a line without a star', kind: 'block', comment: '/*\n   NOTE: c\n*/', expected: [t('NOTE', 'c')] },
  { rule: 'a run of leading stars', kind: 'block', comment: '/*\n ** BUG: d\n */', expected: [t('BUG', 'd')] },
  { rule: 'on the closing line', kind: 'block', comment: '/*\n * TODO: e */', expected: [t('TODO', 'e')] },
  { rule: 'continued lines are not text', kind: 'block', comment: '/* TODO: a\n           more */', expected: [t('TODO', 'a')] },
  { rule: 'two on one line of a block comment', kind: 'block', comment: '/*\n * TODO: a  BUG(p0): b\n */', expected: [t('TODO', 'a'), t('BUG', 'b', undefined, 0)] },
  { rule: 'CRLF line ends', kind: 'block', comment: '/*\r\n * TODO: a\r\n * FIXME: b\r\n */', expected: [t('TODO', 'a'), t('FIXME', 'b')] },
  { rule: 'not in the middle of a block line', kind: 'block', comment: '/* see TODO: x */', expected: [] },
  { rule: '// in a block comment is text', kind: 'block', comment: '/*\n   f(); // FIXME: x\n*/', expected: [] },
  { rule: 'a string in commented-out code', kind: 'block', comment: '/*\n   println("TODO: x");\n*/', expected: [] },
  { rule: 'after a nested /*', kind: 'block', comment: '/* old code: f(); /* TODO: x */ */', expected: [t('TODO', 'x')] },
  { rule: 'a nested comment ends the text', kind: 'block', comment: '/* TODO: a /* b */ c */', expected: [t('TODO', 'a')] },
  { rule: 'a tag in a nested comment on the same line', kind: 'block', comment: '/* TODO: a /* FIXME: b */ c */', expected: [t('TODO', 'a'), t('FIXME', 'b')] },
  { rule: 'not after a nested */', kind: 'block', comment: '/* a /* b */ TODO: c */', expected: [] },
  {
    rule: 'a line inside a nested comment', kind: 'block',
    comment: '/* outer\n   /* inner\n      HACK: deep\n   */\n*/',
    expected: [t('HACK', 'deep')],
  },
  { rule: 'an unterminated block comment', kind: 'block', comment: '/* TODO: x', expected: [t('TODO', 'x')] },
  // Tag sets.
  { rule: 'a custom tag', tags: ['REVIEW'], comment: '// REVIEW(ana): x', expected: [t('REVIEW', 'x', 'ana')] },
  { rule: 'a custom set leaves out the defaults', tags: ['REVIEW'], comment: '// TODO: x', expected: [] },
  { rule: 'a custom tag is not a default', comment: '// REVIEW: x', expected: [] },
  { rule: 'overlapping custom tags', tags: ['TODO', 'TODOX'], comment: '// TODOX: a  TODO: b', expected: [t('TODOX', 'a'), t('TODO', 'b')] },
  { rule: 'an empty tag set', tags: [], comment: '// TODO: x', expected: [] },
];

/** An annotation for sorting and grouping tests. */
function ann(tag: string, file: string, line: number, extra: Partial<Annotation> = {}): Annotation {
  return { tag, text: `${tag} ${file}:${line}`, file, start: 0, end: 0, line, column: 0, ...extra };
}

const label = (a: Annotation) => `${a.tag}${a.owner ? `(${a.owner})` : ''}${a.priority === undefined ? '' : `p${a.priority}`} ${a.file}:${a.line}`;

/** A capturing Io. */
function capture() {
  const io = { stdout: '', stderr: '', out: (s: string) => { io.stdout += s; }, err: (s: string) => { io.stderr += s; } };
  return io;
}

/** Runs `getCommand` from `cwd`. */
async function get(args: string[], cwd = FIXTURE) {
  const io = capture();
  const before = process.cwd();
  process.chdir(cwd);
  try {
    const code = await getCommand(args, io);
    return { code, stdout: io.stdout, stderr: io.stderr };
  } finally {
    process.chdir(before);
  }
}

/** `--json` output with each absolute `file` made relative to the fixture folder ('/' separators). */
function relativeJson(stdout: string): unknown {
  const report = JSON.parse(stdout) as { annotations: { file: string }[]; count: number };
  for (const a of report.annotations) {
    assert.ok(path.isAbsolute(a.file), `${a.file} should be absolute`);
    a.file = path.relative(FIXTURE, a.file).split(path.sep).join('/');
  }
  return report;
}

function checkExpected(name: string, actual: string): void {
  const file = path.join(EXPECTED, name);
  if (UPDATE) fs.writeFileSync(file, actual);
  assert.equal(actual, fs.readFileSync(file, 'utf8'));
}

/** The expected-output files and the `zolt get` arguments that produce them. */
const EXPECTED_RUNS: { file: string; args: string[] }[] = [
  { file: 'get.txt', args: [] },
  { file: 'get-todo-fixme.txt', args: ['TODO', 'FIXME'] },
  { file: 'get-by-priority.txt', args: ['--sort', 'priority', '--group', 'none'] },
  { file: 'get-by-file.txt', args: ['--group', 'file'] },
];

function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), a | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

describe('annotations', () => {
  let grammar: ZoltGrammar;
  before(async () => {
    grammar = await loadGrammar();
  });

  describe('parsing one comment', () => {
    for (const c of PARSE_CASES) {
      it(`${c.rule}: ${JSON.stringify(c.comment)}`, () => {
        const found = parseAnnotations(c.comment, c.kind ?? 'line', c.tags ?? DEFAULT_TAGS);
        assert.deepEqual(found.map(({ tag, owner, priority, text }) => t(tag, text, owner, priority)), c.expected);
        for (const a of found) {
          assert.equal(c.comment.slice(a.start, a.start + a.tag.length), a.tag, 'start is the tag');
          if (a.text !== '') assert.equal(c.comment.slice(a.end - a.text.length, a.end), a.text, 'end is the end of the text');
          else assert.equal(c.comment[a.end - 1], ':', 'without text, end is after the colon');
        }
      });
    }

    it('offsets are relative to the comment', () => {
      const comment = '/*\n * TODO(ana, p1): x  FIXME: yz\n */';
      assert.deepEqual(parseAnnotations(comment, 'block', DEFAULT_TAGS), [
        { tag: 'TODO', owner: 'ana', priority: 1, text: 'x', start: 6, end: 22 },
        { tag: 'FIXME', text: 'yz', start: 24, end: 33 },
      ]);
    });
  });

  describe('sorting and grouping', () => {
    const list = [
      ann('NOTE', '/w/b.zolt', 1),
      ann('TODO', '/w/b.zolt', 9, { owner: 'cy' }),
      ann('TODO', '/w/a.zolt', 5, { priority: 12 }),
      ann('REVIEW', '/w/a.zolt', 2),
      ann('BUG', '/w/b.zolt', 3, { owner: 'Bo', priority: 2 }),
      ann('TODO', '/w/b.zolt', 2, { owner: 'ana', priority: 1 }),
      ann('FIXME', '/w/a.zolt', 7, { owner: 'ana' }),
      ann('XXX', '/w/a.zolt', 1, { priority: 0 }),
      ann('HACK', '/w/a.zolt', 3),
      ann('OPTIMIZE', '/w/a.zolt', 4, { priority: 1 }),
      ann('TODO', '/w/a.zolt', 8),
      ann('SECURITY', '/w/b.zolt', 4),
    ];
    const tags = [...DEFAULT_TAGS, 'SECURITY', 'REVIEW'];

    it('severity: BUG FIXME XXX HACK TODO OPTIMIZE NOTE, then custom tags in their order', () => {
      const order = ['BUG', 'FIXME', 'XXX', 'HACK', 'TODO', 'OPTIMIZE', 'NOTE', 'SECURITY', 'REVIEW'];
      assert.deepEqual([...order].sort((a, b) => tagRank(a, tags) - tagRank(b, tags)), order);
      assert.ok(tagRank('UNKNOWN', tags) > tagRank('REVIEW', tags));
    });

    it('by tag (the default): severity, priority (none after p9 and p12), file, line', () => {
      assert.deepEqual(sortAnnotations(list, 'tag', tags).map(label), [
        'BUG(Bo)p2 /w/b.zolt:3', 'FIXME(ana) /w/a.zolt:7', 'XXXp0 /w/a.zolt:1', 'HACK /w/a.zolt:3',
        'TODO(ana)p1 /w/b.zolt:2', 'TODOp12 /w/a.zolt:5', 'TODO /w/a.zolt:8', 'TODO(cy) /w/b.zolt:9',
        'OPTIMIZEp1 /w/a.zolt:4', 'NOTE /w/b.zolt:1', 'SECURITY /w/b.zolt:4', 'REVIEW /w/a.zolt:2',
      ]);
      assert.deepEqual(sortAnnotations(list, undefined, tags), sortAnnotations(list, 'tag', tags));
    });

    it('by priority: priority, severity, file, line', () => {
      assert.deepEqual(sortAnnotations(list, 'priority', tags).map(label), [
        'XXXp0 /w/a.zolt:1', 'TODO(ana)p1 /w/b.zolt:2', 'OPTIMIZEp1 /w/a.zolt:4', 'BUG(Bo)p2 /w/b.zolt:3', 'TODOp12 /w/a.zolt:5',
        'FIXME(ana) /w/a.zolt:7', 'HACK /w/a.zolt:3', 'TODO /w/a.zolt:8', 'TODO(cy) /w/b.zolt:9', 'NOTE /w/b.zolt:1',
        'SECURITY /w/b.zolt:4', 'REVIEW /w/a.zolt:2',
      ]);
    });

    it('by file: file, line', () => {
      assert.deepEqual(sortAnnotations(list, 'file', tags).map((a) => `${a.file}:${a.line}`), [
        '/w/a.zolt:1', '/w/a.zolt:2', '/w/a.zolt:3', '/w/a.zolt:4', '/w/a.zolt:5', '/w/a.zolt:7', '/w/a.zolt:8',
        '/w/b.zolt:1', '/w/b.zolt:2', '/w/b.zolt:3', '/w/b.zolt:4', '/w/b.zolt:9',
      ]);
    });

    it('by owner: owner (case-insensitive, none last), severity, priority', () => {
      assert.deepEqual(sortAnnotations(list, 'owner', tags).map(label).slice(0, 5), [
        'FIXME(ana) /w/a.zolt:7', 'TODO(ana)p1 /w/b.zolt:2', 'BUG(Bo)p2 /w/b.zolt:3', 'TODO(cy) /w/b.zolt:9', 'XXXp0 /w/a.zolt:1',
      ]);
    });

    it('sorting is stable on ties by column and leaves its input alone', () => {
      const a = ann('TODO', '/f', 1, { column: 9 });
      const b = ann('TODO', '/f', 1, { column: 2 });
      const input = [a, b];
      assert.deepEqual(sortAnnotations(input), [b, a]);
      assert.deepEqual(input, [a, b]);
    });

    it('groups by tag in severity order, keeping the order inside', () => {
      const sorted = sortAnnotations(list, 'file', tags);
      const groups = groupAnnotations(sorted, 'tag', tags);
      assert.deepEqual(groups.map((g) => `${g.key} ${g.annotations.length}`), [
        'BUG 1', 'FIXME 1', 'XXX 1', 'HACK 1', 'TODO 4', 'OPTIMIZE 1', 'NOTE 1', 'SECURITY 1', 'REVIEW 1',
      ]);
      assert.deepEqual(groups[4]!.annotations.map((a) => `${a.file}:${a.line}`), ['/w/a.zolt:5', '/w/a.zolt:8', '/w/b.zolt:2', '/w/b.zolt:9']);
    });

    it('groups by file in path order', () => {
      const groups = groupAnnotations(sortAnnotations(list, 'tag', tags), 'file', tags);
      assert.deepEqual(groups.map((g) => `${g.key} ${g.annotations.length}`), ['/w/a.zolt 7', '/w/b.zolt 5']);
      assert.equal(groups[0]!.annotations[0]!.tag, 'FIXME');
    });

    it('groups by owner alphabetically, no owner last', () => {
      const groups = groupAnnotations(sortAnnotations(list, 'tag', tags), 'owner', tags);
      assert.deepEqual(groups.map((g) => `${g.key} ${g.annotations.length}`), ['ana 2', 'Bo 1', 'cy 1', ' 8']);
    });

    it('"none" is one group, and nothing gives no group', () => {
      assert.deepEqual(groupAnnotations(list, 'none', tags).map((g) => [g.key, g.annotations]), [['', list]]);
      assert.deepEqual(groupAnnotations([], 'none'), []);
      assert.deepEqual(groupAnnotations([], 'tag'), []);
    });
  });

  describe('harvesting documents', () => {
    it('examples/annotations.zolt gives the annotations its header describes', () => {
      const file = fromRoot('examples/annotations.zolt');
      const text = fs.readFileSync(file, 'utf8');
      const doc = SyntaxDocument.create(grammar, file, text);
      try {
        const found = harvestDocument(doc, DEFAULT_TAGS);
        // "the tagged comments below are annotations; the global `todo_list` and the banner
        // string in `main` look similar but are not".
        assert.deepEqual(found.map((a) => [a.line + 1, a.column + 1, a.tag, a.owner ?? null, a.priority ?? null, a.text]), [
          [15, 4, 'TODO', 'ana', 1, 'grow the list instead of stopping at MAX_TASKS.'],
          [21, 5, 'NOTE', null, null, 'indices are stable only until `remove_done` compacts the list.'],
          [24, 12, 'FIXME', null, null, 'callers ignore the -1 and lose the task silently.'],
          [34, 8, 'BUG', 'bo', null, 'an out-of-range index is not reported.'],
          [43, 4, 'TODO', 'cy', null, 'keep finished tasks in an archive instead of dropping them.'],
          [77, 8, 'OPTIMIZE', null, null, 'three passes over the list; sort once when it gets long.'],
          [94, 8, 'HACK', null, null, 'pretend the first task is already finished so the demo has something to remove.'],
          [105, 8, 'XXX', null, null, '`remove_done` reports how many went, but not which.'],
        ]);
        for (const a of found) {
          assert.equal(a.file, file);
          assert.equal(text.slice(a.start, a.start + a.tag.length), a.tag);
          assert.equal(text.slice(a.end - a.text.length, a.end), a.text);
        }
        // The decoys are in the text, outside comments.
        assert.match(text, /var todo_list/);
        assert.match(text, /"TODO: not an annotation"/);
        assert.ok(!found.some((a) => a.text.includes('not an annotation')));
      } finally {
        doc.dispose();
      }
    });

    it('a tag at the very end of a file, without a newline, is in the trailer', () => {
      const text = 'fn main() {}\n// FIXME: last';
      const doc = SyntaxDocument.create(grammar, '/x/end.zolt', text);
      try {
        assert.equal(doc.trailer.comments.length, 1);
        assert.deepEqual(harvestDocument(doc), [
          { tag: 'FIXME', text: 'last', file: '/x/end.zolt', start: 16, end: 27, line: 1, column: 3 },
        ]);
      } finally {
        doc.dispose();
      }
    });

    it('columns count UTF-16 code units', () => {
      const text = 'fn f() { var s = "😀é"; } // TODO(李): 日本語\n';
      const doc = SyntaxDocument.create(grammar, '/x/u.zolt', text);
      try {
        const [a] = harvestDocument(doc);
        assert.equal(a!.column, text.indexOf('TODO'));
        assert.equal(a!.column, 29); // the emoji counts 2
        assert.equal(a!.owner, '李');
        assert.equal(a!.text, '日本語');
      } finally {
        doc.dispose();
      }
    });

    it('an edit re-parses only the comments of the item it re-created', () => {
      const file = fromRoot('examples/annotations.zolt');
      const doc = SyntaxDocument.create(grammar, file, fs.readFileSync(file, 'utf8') + '\n// NOTE: after the last item\n');
      try {
        const first = harvestDocument(doc);
        assert.equal(first.length, 9);
        let parsed = annotationStats.commentsParsed;
        assert.deepEqual(harvestDocument(doc), first);
        assert.equal(annotationStats.commentsParsed - parsed, 0, 'a second harvest parses nothing');

        // Edit the FIXME inside add_task: only that item is lowered again, and only its
        // comments (three doc comment lines and the FIXME) are parsed again.
        const offset = doc.text.indexOf('FIXME: callers');
        const start = doc.lineIndex.position(offset);
        const end = doc.lineIndex.position(offset + 'FIXME'.length);
        const lowered = doc.stats.itemsLowered;
        parsed = annotationStats.commentsParsed;
        doc.update([{ range: { start, end }, text: 'BUG(dee, p0)' }], 1);
        assert.equal(doc.stats.itemsLowered - lowered, 1);
        const item = doc.items[doc.itemIndexAt(offset)]!;
        assert.equal(item.comments.length, 4);
        const second = harvestDocument(doc);
        assert.equal(annotationStats.commentsParsed - parsed, item.comments.length);
        assert.deepEqual(second.map((a) => `${a.tag}:${a.owner ?? ''}:${a.priority ?? ''}`).slice(1, 4), ['NOTE::', 'BUG:dee:0', 'BUG:bo:']);

        // The items after the edit moved (the text grew by 7 characters): their cached
        // annotations are placed at the new offsets.
        const fresh = SyntaxDocument.create(grammar, file, doc.text);
        try {
          assert.deepEqual(second, harvestDocument(fresh));
        } finally {
          fresh.dispose();
        }
        assert.equal(second[3]!.start, first[3]!.start + 7);

        // A new line at the top moves every line below it; only the first item is parsed again.
        parsed = annotationStats.commentsParsed;
        doc.update([{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '\n' }], 2);
        const third = harvestDocument(doc);
        assert.equal(annotationStats.commentsParsed - parsed, doc.items[0]!.comments.length);
        assert.deepEqual(third.map((a) => a.line), second.map((a) => a.line + 1));
      } finally {
        doc.dispose();
      }
    });

    it('another tag set parses again and caches that', () => {
      const doc = SyntaxDocument.create(grammar, '/x/t.zolt', '// REVIEW: a\n// TODO: b\nfn f() {}\n');
      try {
        assert.deepEqual(harvestDocument(doc).map((a) => a.tag), ['TODO']);
        assert.deepEqual(harvestDocument(doc, ['REVIEW']).map((a) => a.tag), ['REVIEW']);
        const parsed = annotationStats.commentsParsed;
        assert.deepEqual(harvestDocument(doc, ['REVIEW']).map((a) => a.tag), ['REVIEW']);
        assert.equal(annotationStats.commentsParsed, parsed);
      } finally {
        doc.dispose();
      }
    });

    it('after random edits, the incremental harvest equals a fresh one (seeded)', () => {
      const snippets = ['', ' ', '\n', '}', '{', '"', '/*', '*/', '//', '///', ' TODO: x', 'FIXME(a, p1): y', '\n * NOTE: z\n', 'é', '😀', 'fn g() {}\n'];
      const next = random(20240611);
      const file = fromRoot('examples/annotations.zolt');
      const doc = SyntaxDocument.create(grammar, file, fs.readFileSync(file, 'utf8'));
      try {
        for (let i = 0; i < 150; i++) {
          const text = doc.text;
          let start = Math.floor(next() * (text.length + 1));
          let end = Math.min(text.length, start + (next() < 0.5 ? 0 : Math.floor(next() * 10)));
          if (/[\uDC00-\uDFFF]/.test(text[start] ?? '')) start--;
          if (/[\uDC00-\uDFFF]/.test(text[end] ?? '')) end++;
          const change: TextChange = {
            range: { start: doc.lineIndex.position(start), end: doc.lineIndex.position(end) },
            text: snippets[Math.floor(next() * snippets.length)]!,
          };
          doc.update([change], i + 1);
          const fresh = SyntaxDocument.create(grammar, file, doc.text);
          try {
            assert.deepEqual(harvestDocument(doc), harvestDocument(fresh), `after edit #${i}: ${JSON.stringify(change)}`);
          } finally {
            fresh.dispose();
          }
        }
      } finally {
        doc.dispose();
      }
    });
  });

  describe('zolt get (in-process, from the fixture folder)', () => {
    for (const run of EXPECTED_RUNS) {
      it(`zolt get ${run.args.join(' ')} gives expected/${run.file}`, async () => {
        const { code, stdout, stderr } = await get(run.args);
        assert.equal(stderr, '');
        assert.equal(code, 0);
        checkExpected(run.file, stdout);
      });
    }

    it('zolt get --json gives expected/get.json (files relative to the fixture folder)', async () => {
      const { code, stdout, stderr } = await get(['--json']);
      assert.equal(stderr, '');
      assert.equal(code, 0);
      const report = relativeJson(stdout);
      if (UPDATE) fs.writeFileSync(path.join(EXPECTED, 'get.json'), JSON.stringify(report, null, 2) + '\n');
      assert.deepEqual(report, JSON.parse(fs.readFileSync(path.join(EXPECTED, 'get.json'), 'utf8')));
    });

    it('the expected files agree with each other', () => {
      const json = JSON.parse(fs.readFileSync(path.join(EXPECTED, 'get.json'), 'utf8')) as { annotations: unknown[]; count: number };
      const all = fs.readFileSync(path.join(EXPECTED, 'get.txt'), 'utf8');
      assert.equal(json.count, json.annotations.length);
      assert.match(all, new RegExp(`^${json.count} annotations in 4 files\\n$`, 'm'));
      const lines = (name: string) => fs.readFileSync(path.join(EXPECTED, name), 'utf8').split('\n').filter((l) => /:\d+:\d+ /.test(l)).map((l) => l.trim()).sort();
      assert.deepEqual(lines('get-by-priority.txt'), lines('get.txt'));
      assert.deepEqual(lines('get-by-file.txt'), lines('get.txt'));
      assert.deepEqual(lines('get-todo-fixme.txt'), lines('get.txt').filter((l) => / (TODO|FIXME)[( ]/.test(l)));
    });

    it('tags on the command line are case-insensitive', async () => {
      const upper = await get(['TODO', 'FIXME']);
      const lower = await get(['todo', 'Fixme']);
      assert.equal(lower.stdout, upper.stdout);
      assert.equal(lower.code, 0);
    });

    it('paths are positional; a path relative to the current folder', async () => {
      const { code, stdout } = await get(['NOTE', 'sub']);
      assert.equal(code, 0);
      assert.equal(stdout, [
        'NOTE (1)',
        `  ${path.join('sub', 'unicode.zolt')}:3:5 NOTE(zoé) café au lait ☕ — the owner and the text keep their accents.`,
        '1 annotation in 2 files',
        '',
      ].join('\n'));
    });

    it('nothing found is exit 0', async () => {
      const { code, stdout } = await get([path.join('sub', 'clean.zolt')]);
      assert.equal(code, 0);
      assert.equal(stdout, '0 annotations in 1 file\n');
      const json = await get(['--json', path.join('sub', 'clean.zolt')]);
      assert.deepEqual(JSON.parse(json.stdout), { annotations: [], count: 0 });
    });

    it('a path that does not exist is exit 2 with a message', async () => {
      const { code, stdout, stderr } = await get(['no-such-folder', 'main.zolt']);
      assert.equal(code, 2);
      assert.match(stderr, /^zolt get: no such file or folder: no-such-folder/);
      assert.equal(stdout, '', 'a partial list would look complete');
    });

    it('an unknown tag is taken for a path, and the message says so', async () => {
      const { code, stderr } = await get(['REVIEW']);
      assert.equal(code, 2);
      assert.match(stderr, /no such file or folder: REVIEW \(nor a tag/);
    });

    it('--tags replaces the tag set, --tags + adds to it', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zolt-get-'));
      try {
        fs.writeFileSync(path.join(dir, 'r.zolt'), '// REVIEW(ana): look again\n// SECURITY: check the bounds\n// TODO: x\nfn main() {}\n');
        const replaced = await get(['--tags', 'review,security', '--group', 'none'], dir);
        assert.equal(replaced.stdout, 'r.zolt:1:4 REVIEW(ana) look again\nr.zolt:2:4 SECURITY check the bounds\n2 annotations in 1 file\n');
        const added = await get(['--tags', '+SECURITY,REVIEW', '--group', 'none'], dir);
        assert.equal(added.stdout, 'r.zolt:3:4 TODO x\nr.zolt:2:4 SECURITY check the bounds\nr.zolt:1:4 REVIEW(ana) look again\n3 annotations in 1 file\n');
        const selected = await get(['--tags', '+review', 'review'], dir);
        assert.equal(selected.stdout, 'REVIEW (1)\n  r.zolt:1:4 REVIEW(ana) look again\n1 annotation in 1 file\n');
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it('--group owner labels annotations without an owner', async () => {
      const { stdout } = await get(['--group', 'owner', 'BUG']);
      assert.equal(stdout, [
        'bo (1)',
        '  blocks.zolt:18:11 BUG(bo, p1) a tag after a nested opener counts, up to its closer',
        'carl (1)',
        '  main.zolt:16:8 BUG(carl, p2) the colon is optional when text follows a space',
        '(no owner) (1)',
        '  main.zolt:21:29 BUG(p0) two tags, the second with a priority only',
        '3 annotations in 4 files',
        '',
      ].join('\n'));
    });

    it('bad options are usage errors', async () => {
      await assert.rejects(get(['--sort', 'size']), (e: unknown) => e instanceof UsageError && /--sort takes one of tag, priority, file, owner/.test(e.message));
      await assert.rejects(get(['--group', 'tags']), UsageError);
      await assert.rejects(get(['--tags', 'to-do']), UsageError);
      await assert.rejects(get(['--tags', '']), UsageError);
      await assert.rejects(get(['--frobnicate']), UsageError);
    });
  });

  describe('zolt get (process)', () => {
    const zolt = (args: string[]) => {
      const result = spawnSync(process.execPath, [fromRoot('server/bin/zolt.js'), 'get', ...args], { cwd: FIXTURE, encoding: 'utf8', timeout: 60_000 });
      return { code: result.status, stdout: result.stdout, stderr: result.stderr };
    };

    // These need the `get` verb registered in server/src/cli/main.ts; enable them then.
    for (const run of EXPECTED_RUNS) {
      it(`zolt get ${run.args.join(' ')} prints expected/${run.file}`, () => {
        const { code, stdout, stderr } = zolt(run.args);
        assert.equal(stderr, '');
        assert.equal(code, 0);
        assert.equal(stdout, fs.readFileSync(path.join(EXPECTED, run.file), 'utf8'));
      });
    }

    // Needs the `get` verb registered.
    it('zolt get --json prints expected/get.json (files relative to the fixture folder)', () => {
      const { code, stdout } = zolt(['--json']);
      assert.equal(code, 0);
      assert.deepEqual(relativeJson(stdout), JSON.parse(fs.readFileSync(path.join(EXPECTED, 'get.json'), 'utf8')));
    });

    // Needs the `get` verb registered.
    it('zolt get with a missing path exits 2 with a message', () => {
      const { code, stderr } = zolt(['no-such-folder']);
      assert.equal(code, 2);
      assert.match(stderr, /no such file or folder: no-such-folder/);
    });

    // Needs the `get` verb registered.
    it('zolt get with a bad option exits 2 with the usage', () => {
      const { code, stderr } = zolt(['--sort', 'size']);
      assert.equal(code, 2);
      assert.match(stderr, /--sort takes one of/);
      assert.match(stderr, /usage: zolt get/);
    });
  });
});
