// Verified comments (docs/verified-comments.md): what each comment speaks for, the stale cases
// of test/fixtures/comments/cases.json, affirmations and TODO conversion, and `zolt comments`
// on fixture repositories (git init, commit, edit) with its exit codes.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadGrammar, type ZoltGrammar } from 'zolt-server/syntax';
import {
  affirmedIn, fingerprint, parseVerified, recordAffirmations, scopesOfText, staleInText, todoEdit,
} from 'zolt-server/ide/comments/index';
import { applyEdits } from 'zolt-server/ide/actions';
import { harvestDocument } from 'zolt-server/ide/annotations';
import { SyntaxDocument } from 'zolt-server/syntax';
import { commentsSetting } from 'zolt-server/ide/comments/live';
import { GitFixture } from '../support/git-fixture';
import { fromRoot } from '../support/paths';

interface Case {
  name: string;
  old: string[];
  new: string[];
  stale: number[];
}

const CASES = (JSON.parse(fs.readFileSync(fromRoot('test/fixtures/comments/cases.json'), 'utf8')) as { cases: Case[] }).cases;

let grammar: ZoltGrammar;
before(async () => {
  grammar = await loadGrammar();
});

describe('verified comments: stale cases (test/fixtures/comments/cases.json)', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const stale = staleInText(grammar, c.old.join('\n'), c.new.join('\n'));
      assert.deepEqual(stale.map((s) => s.comment.line + 1), c.stale);
    });
  }
});

describe('verified comments: what a comment speaks for', () => {
  const text = [
    '/// Doc.', // 1
    'fn f(a: i64) -> i64 {',
    '    // standalone', // 3
    '    var x = a + 1; // trailing', // 4
    '    return x;',
    '',
    '    print("x");',
    '}',
    '',
  ].join('\n');

  it('a doc comment: the declaration; own line: up to the blank line; end of line: its line', () => {
    const scopes = scopesOfText(grammar, text);
    const spoken = Object.fromEntries(scopes.map((s) => [s.text, { kind: s.kind, tokens: s.tokens.join(' '), container: s.container }]));
    assert.deepEqual(spoken, {
      '/// Doc.': { kind: 'doc', tokens: 'fn f ( a : i64 ) -> i64 { var x = a + 1 ; return x ; print ( "x" ) ; }', container: 'function_declaration f' },
      '// standalone': { kind: 'block', tokens: 'var x = a + 1 ; return x ;', container: 'function_declaration f' },
      '// trailing': { kind: 'line', tokens: 'var x = a + 1 ;', container: 'function_declaration f' },
    });
  });

  it('a file header followed by a blank line speaks for nothing', () => {
    const [header] = scopesOfText(grammar, '// A header.\n\nfn f() {}\n');
    assert.deepEqual({ tokens: header!.tokens, container: header!.container, code: header!.code }, { tokens: [], container: 'file', code: undefined });
  });
});

describe('verified comments: affirmations and TODOs', () => {
  const old = '/// Doubles.\nfn d(x: i64) -> i64 { return x * 2; }\n';
  const now = '/// Doubles.\nfn d(x: i64) -> i64 { return x * 3; }\n';

  it('an affirmation hides the comment for this code only', () => {
    const [stale] = staleInText(grammar, old, now);
    assert.ok(stale);
    const verified = recordAffirmations('', 'a.zolt', [fingerprint(stale.comment)], []);
    assert.match(verified, /^a\.zolt\t[0-9a-f]{16}\t[0-9a-f]{16}$/m);
    const affirmed = affirmedIn(parseVerified(verified), 'a.zolt');
    assert.deepEqual(staleInText(grammar, old, now, affirmed), []);
    // Another file's affirmation says nothing of this one.
    assert.equal(staleInText(grammar, old, now, affirmedIn(parseVerified(verified), 'b.zolt')).length, 1);
    // A new change of that code: stale again.
    assert.equal(staleInText(grammar, old, now.replace('x * 3', 'x * 4'), affirmed).length, 1);
  });

  it('recording keeps other files, drops the file\'s lines that match no comment any more, and sorts', () => {
    const text = 'b.zolt\tbbbb\tcccc\na.zolt\tdead\tbeef\n';
    const next = recordAffirmations(text, 'a.zolt', [{ comment: '1111', code: '2222' }], [{ comment: '1111', code: '2222' }]);
    assert.deepEqual(parseVerified(next), [{ file: 'a.zolt', comment: '1111', code: '2222' }, { file: 'b.zolt', comment: 'bbbb', code: 'cccc' }]);
  });

  it('Turn into TODO: the first line is tagged, and the comment is an annotation', () => {
    for (const [before, after] of [
      ['// old text', '// TODO(verify): old text'],
      ['//old text', '// TODO(verify): old text'],
      ['/// old text', '/// TODO(verify): old text'],
      ['/* old text */', '/* TODO(verify): old text */'],
    ] as const) {
      const text = `${before}\nfn f() {}\n`;
      assert.equal(applyEdits(text, [todoEdit(text, 0)]), `${after}\nfn f() {}\n`);
    }
    const text = '// first\n// second\nfn f() {}\n';
    const converted = applyEdits(text, [todoEdit(text, 0)]);
    assert.equal(converted, '// TODO(verify): first\n// second\nfn f() {}\n');
    const doc = SyntaxDocument.create(grammar, '/x.zolt', converted);
    assert.deepEqual(harvestDocument(doc).map((a) => [a.tag, a.owner, a.text]), [['TODO', 'verify', 'first']]);
    doc.dispose();
    // Its text changed, so it is not stale.
    assert.deepEqual(staleInText(grammar, text, converted.replace('fn f() {}', 'fn f() { g(); }')), []);
  });

  it('the setting zolt.comments.verify is on unless set to false', () => {
    assert.equal(commentsSetting(undefined), true);
    assert.equal(commentsSetting({ comments: {} }), true);
    assert.equal(commentsSetting({ comments: { verify: false } }), false);
    const manifest = JSON.parse(fs.readFileSync(fromRoot('package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, { default?: unknown }> } } };
    assert.equal(manifest.contributes.configuration.properties['zolt.comments.verify']?.default, true);
  });
});

describe('zolt comments (fixture repositories)', function () {
  this.timeout(120_000);
  let repo: GitFixture;
  const FILE = 'src/money.zolt';
  const ORIGINAL = [
    '/// Prints cents as dollars.',
    'fn print_money(cents: i64) {',
    '    print(cents / 100);',
    '}',
    '',
    'fn main() -> i32 {',
    '    // the start balance',
    '    var balance = 100;',
    '    print_money(balance);',
    '    return 0;',
    '}',
    '',
  ].join('\n');
  const run = (...args: string[]) => zolt(['comments', ...args], { cwd: repo.root });

  beforeEach(() => {
    repo = new GitFixture();
    repo.write(FILE, ORIGINAL);
    repo.commit('first');
  });
  afterEach(() => repo.dispose());

  it('exits 0 when nothing changed, 1 with the stale comments and the diff of their code', () => {
    const clean = run();
    assert.equal(clean.code, 0, clean.stderr);
    assert.match(clean.stdout, /^0 stale comments in 0 files/);
    repo.write(FILE, ORIGINAL.replace('cents / 100', 'cents / 1000'));
    const result = run();
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stdout, /^src\/money\.zolt:1: stale comment: \/\/\/ Prints cents as dollars\.$/m);
    assert.match(result.stdout, /^ {4}- {4}print\(cents \/ 100\);$/m);
    assert.match(result.stdout, /^ {4}\+ {4}print\(cents \/ 1000\);$/m);
    assert.match(result.stdout, /^1 stale comment in 1 file/m);
    const json = JSON.parse(run('--json').stdout) as { count: number; stale: { file: string; line: number; kind: string }[] };
    assert.deepEqual(json.stale.map((s) => [s.file, s.line, s.kind]), [['src/money.zolt', 1, 'doc']]);
    // Paths narrow the check; a path without changes has nothing stale.
    repo.write('other.zolt', 'fn other() {}\n');
    assert.equal(run('other.zolt').code, 0);
    assert.equal(run('src').code, 1);
  });

  it('a reformat exits 0', () => {
    repo.write(FILE, ORIGINAL.replace('fn print_money(cents: i64) {', 'fn print_money(\n    cents: i64,\n) {').replace('    print(cents / 100);', '  print( cents/100 );'));
    assert.equal(run().code, 0);
  });

  it('--since compares with an older commit', () => {
    repo.write(FILE, ORIGINAL.replace('var balance = 100;', 'var balance = 200;'));
    repo.commit('second');
    assert.equal(run().code, 0);
    const result = run('--since', 'HEAD~1');
    assert.equal(result.code, 1);
    assert.match(result.stdout, /^src\/money\.zolt:7: stale comment: \/\/ the start balance$/m);
    assert.equal(run('--since', 'no-such-rev').code, 2);
  });

  it('an affirmation survives an unrelated edit and is invalidated by a new change of that code', () => {
    repo.write(FILE, ORIGINAL.replace('var balance = 100;', 'var balance = 200;'));
    assert.equal(run().code, 1);
    const affirm = run('affirm', `${FILE}:7`);
    assert.equal(affirm.code, 0, affirm.stderr);
    assert.match(affirm.stdout, /affirmed src\/money\.zolt:7 in \.zolt\/verified/);
    assert.match(repo.read('.zolt/verified'), /^src\/money\.zolt\t[0-9a-f]{16}\t[0-9a-f]{16}$/m);
    assert.equal(run().code, 0);
    // Unrelated: another function, and a reformat of the affirmed code.
    repo.write(FILE, repo.read(FILE).replace('cents / 100', 'cents / 100 + 0').replace('/// Prints cents as dollars.', '/// Prints cents as dollars, roughly.'));
    repo.write(FILE, repo.read(FILE).replace('    var balance = 200;', '    var balance=200;'));
    assert.equal(run().code, 0);
    // A new change of the affirmed code.
    repo.write(FILE, repo.read(FILE).replace('balance=200', 'balance=300'));
    assert.equal(run().code, 1);
    // --all-in affirms every stale comment of a file.
    assert.equal(run('affirm', '--all-in', FILE).code, 0);
    assert.equal(run().code, 0);
    assert.equal(run('affirm', `${FILE}:5`).code, 2); // a blank line: no comment there
  });

  it('todo turns the comment into a TODO(verify) annotation, which clears it', () => {
    repo.write(FILE, ORIGINAL.replace('var balance = 100;', 'var balance = 200;'));
    const result = run('todo', `${FILE}:7`);
    assert.equal(result.code, 0, result.stderr);
    assert.match(repo.read(FILE), /^ {4}\/\/ TODO\(verify\): the start balance$/m);
    assert.equal(run().code, 0);
    const get = zolt(['get', 'TODO', FILE], { cwd: repo.root });
    assert.match(get.stdout, /src\/money\.zolt:7:8 TODO\(verify\) the start balance/);
    assert.deepEqual(fs.readdirSync(path.join(repo.root, 'src')), ['money.zolt']); // no temporary file left
  });

  it('a deleted function takes its comment with it; a moved one keeps it', () => {
    const [doc, main] = ORIGINAL.split('\n\n');
    repo.write(FILE, `${main}\n\n${doc}\n`);
    assert.equal(run().code, 0);
    repo.write(FILE, `${main}\n`);
    assert.equal(run().code, 0);
  });

  it('exits 2 outside a git repository, and in a repository without commits finds nothing', () => {
    const outside = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'zolt-nogit-')));
    try {
      fs.writeFileSync(path.join(outside, 'a.zolt'), 'fn f() {}\n');
      const result = zoltIn(outside, ['comments']);
      assert.equal(result.code, 2);
      assert.match(result.stderr, /not inside a git repository/);
      assert.equal(zoltIn(outside, ['comments', 'affirm', 'a.zolt:1']).code, 2);
      assert.equal(zoltIn(outside, ['comments', 'todo', 'a.zolt:1']).code, 2);
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
    const empty = new GitFixture();
    try {
      empty.write('a.zolt', '// x\nfn f() {}\n');
      assert.equal(zoltIn(empty.root, ['comments']).code, 0);
    } finally {
      empty.dispose();
    }
  });
});

/** The `zolt` command as a separate process. */
function zolt(args: string[], options: { cwd: string }) {
  const result = spawnSync(process.execPath, [fromRoot('server/bin/zolt.js'), ...args], { cwd: options.cwd, encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** `zolt` in a folder git must not see a repository above (the temporary folder may be inside one). */
function zoltIn(cwd: string, args: string[]) {
  const saved = process.env['GIT_CEILING_DIRECTORIES'];
  process.env['GIT_CEILING_DIRECTORIES'] = path.dirname(cwd);
  try {
    return zolt(args, { cwd });
  } finally {
    if (saved === undefined) delete process.env['GIT_CEILING_DIRECTORIES'];
    else process.env['GIT_CEILING_DIRECTORIES'] = saved;
  }
}
