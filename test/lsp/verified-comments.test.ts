// Stale comments over the protocol (`zolt lsp --stdio` in a fixture repository): the Z5001
// information diagnostic on a comment whose code changed since HEAD, its two quick fixes,
// "Affirm comment" (creating .zolt/verified) and "Turn into TODO", the diagnostic cleared by
// each, by a commit, and never shown with zolt.comments.verify off.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CodeAction, CreateFile, Diagnostic, TextDocumentEdit, TextEdit } from 'vscode-languageserver-protocol';
import { GitFixture } from '../support/git-fixture';
import { TestClient } from '../support/lsp-client';

const FILE = 'money.zolt';
const COMMITTED = '/// Prints cents as dollars.\nfn print_money(cents: i64) {\n    print(cents / 100);\n}\n';
const EDITED = COMMITTED.replace('cents / 100', 'cents / 1000');

const CAPABILITIES = {
  workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true }, workspaceEdit: { documentChanges: true, resourceOperations: ['create'] } },
  textDocument: { codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'refactor', 'source'] } } } },
};

const stale = (d: Diagnostic) => d.code === 'Z5001';

/** The text after applying LSP edits (one line's edits, as these are). */
function applyLsp(text: string, edits: readonly TextEdit[]): string {
  const offset = (p: { line: number; character: number }) => text.split('\n').slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start))
    .reduce((t, e) => t.slice(0, offset(e.range.start)) + e.newText + t.slice(offset(e.range.end)), text);
}

describe('stale comments over the protocol', function () {
  this.timeout(120_000);
  let repo: GitFixture;
  let client: TestClient;

  beforeEach(async () => {
    repo = new GitFixture('zolt-lsp-comments-');
    repo.write(FILE, COMMITTED);
    repo.commit();
    repo.write(FILE, EDITED);
    client = new TestClient(repo.root, { capabilities: CAPABILITIES, settings: { comments: { verify: true } } });
    await client.initialize();
  });
  afterEach(async () => {
    await client.shutdown();
    repo.dispose();
  });

  async function staleDiagnostic(): Promise<Diagnostic> {
    const published = await client.diagnostics(FILE, (p) => p.diagnostics.some(stale));
    const diagnostic = published.diagnostics.find(stale)!;
    assert.equal(diagnostic.severity, 3); // information
    assert.deepEqual(diagnostic.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 28 } });
    assert.match(String(diagnostic.message), /this comment may be stale: the code it speaks for changed since commit [0-9a-f]{10}/);
    assert.equal(diagnostic.relatedInformation?.[0]?.message, 'the code it speaks for');
    return diagnostic;
  }

  async function actionsAt(diagnostic: Diagnostic): Promise<CodeAction[]> {
    return client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: client.uri(FILE) }, range: diagnostic.range, context: { diagnostics: [diagnostic] },
    });
  }

  it('flags the doc comment; Affirm comment creates .zolt/verified, which clears it', async () => {
    client.open(FILE);
    const diagnostic = await staleDiagnostic();
    const actions = (await actionsAt(diagnostic)).filter((a) => a.diagnostics?.some(stale));
    assert.deepEqual(actions.map((a) => [a.title, a.kind]), [['Affirm comment', 'quickfix'], ['Turn into TODO', 'quickfix']]);
    const affirm = actions[0]!;
    const [create, edit] = affirm.edit!.documentChanges! as [CreateFile, TextDocumentEdit];
    const verified = path.join(repo.root, '.zolt', 'verified');
    assert.equal(create.kind, 'create');
    assert.equal(create.uri, client.uri('.zolt/verified'));
    assert.equal(edit.textDocument.uri, create.uri);
    // Apply it as a client would (the file is created, then written).
    fs.mkdirSync(path.dirname(verified), { recursive: true });
    fs.writeFileSync(verified, applyLsp('', edit.edits as TextEdit[]));
    assert.match(fs.readFileSync(verified, 'utf8'), /^money\.zolt\t[0-9a-f]{16}\t[0-9a-f]{16}$/m);
    await client.diagnostics(FILE, (p) => !p.diagnostics.some(stale));
    // A new change of that code flags it again; now the file exists, so the edit is a plain change of it.
    client.change(FILE, [{ range: { start: { line: 2, character: 17 }, end: { line: 2, character: 21 } }, text: '10000' }]);
    const again = await staleDiagnostic();
    const second = (await actionsAt(again)).find((a) => a.title === 'Affirm comment')!;
    assert.equal(second.edit!.documentChanges, undefined);
    assert.ok(second.edit!.changes![client.uri('.zolt/verified')]);
  });

  it('Turn into TODO edits the comment, which clears it; a commit clears a stale comment too', async () => {
    client.open(FILE, EDITED);
    const diagnostic = await staleDiagnostic();
    const todo = (await actionsAt(diagnostic)).find((a) => a.title === 'Turn into TODO')!;
    const edits = todo.edit!.changes![client.uri(FILE)]!;
    const converted = applyLsp(EDITED, edits);
    assert.equal(converted.split('\n')[0], '/// TODO(verify): Prints cents as dollars.');
    client.change(FILE, edits.map((e) => ({ range: e.range, text: e.newText })));
    await client.diagnostics(FILE, (p) => !p.diagnostics.some(stale));
    // Back to the stale text, then commit it: HEAD moves and nothing is stale.
    client.change(FILE, [{ text: EDITED }]);
    await staleDiagnostic();
    repo.commit('second');
    await client.diagnostics(FILE, (p) => !p.diagnostics.some(stale));
  });

  it('shows nothing with zolt.comments.verify off', async () => {
    await client.shutdown();
    client = new TestClient(repo.root, { capabilities: CAPABILITIES, settings: { comments: { verify: false } } });
    await client.initialize();
    client.open(FILE, EDITED.replace('print(', 'print(undefined_name + '));
    // Wait for the checker's diagnostic, then long enough for git to have answered.
    await client.diagnostics(FILE, (p) => p.diagnostics.some((d) => d.code === 'Z1001'));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const latest = await client.diagnostics(FILE);
    assert.deepEqual(latest.diagnostics.filter(stale), []);
  });
});
