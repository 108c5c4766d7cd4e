// textDocument/codeAction over stdio, as editors ask for it: the inline refactorings with their
// workspace edits, a refusal as a disabled action for clients that can show one (and nothing for
// those that cannot), the rename action's command only for a client that has it, and `only`
// filtering by kind.

import * as assert from 'node:assert/strict';
import { fromRoot } from '../support/paths';
import { TestClient } from '../support/lsp-client';

interface Action {
  title: string;
  kind: string;
  disabled?: { reason: string };
  edit?: { changes: Record<string, { range: { start: { line: number; character: number } }; newText: string }[]> };
  command?: { command: string; arguments: unknown[] };
}

const root = fromRoot('test/fixtures/lsp/code-actions');
const at = (line: number, character: number) => ({ start: { line, character }, end: { line, character } });

async function actions(client: TestClient, line: number, character: number, only?: string[]): Promise<Action[]> {
  const uri = client.uri('main.zolt');
  await client.diagnostics('main.zolt');
  return (await client.connection.sendRequest('textDocument/codeAction', {
    textDocument: { uri }, range: at(line, character), context: { diagnostics: [], ...(only ? { only } : {}) },
  })) as Action[];
}

describe('code actions over the protocol', function () {
  this.timeout(60_000);

  describe('a client that shows disabled actions and has the rename command (VS Code)', () => {
    const client = new TestClient(root, {
      capabilities: { textDocument: { codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'refactor', 'source'] } }, disabledSupport: true } } },
      initializationOptions: { renameCommand: true },
    });
    before(async () => {
      const capabilities = await client.initialize();
      assert.ok(capabilities.codeActionProvider);
      client.open('main.zolt');
    });
    after(() => client.shutdown());

    it('inline call gives the workspace edit', async () => {
      const list = await actions(client, 13, 13);
      const inline = list.find((a) => a.title === "Inline call to 'square'");
      assert.ok(inline?.edit, JSON.stringify(list.map((a) => a.title)));
      assert.equal(inline.kind, 'refactor.inline');
      const [edit] = Object.values(inline.edit.changes)[0]!;
      assert.equal(edit!.newText, 'three * three');
    });

    it('a refused inline is disabled with the reason', async () => {
      const list = await actions(client, 13, 28);
      const inline = list.find((a) => a.title === "Inline call to 'fact'");
      assert.deepEqual(inline?.disabled, { reason: "'fact' is recursive" });
    });

    it('rename is an action that runs zolt.rename at the name', async () => {
      const list = await actions(client, 12, 9);
      const rename = list.find((a) => a.title === "Rename 'three'...");
      assert.equal(rename?.kind, 'refactor.rewrite');
      assert.equal(rename?.command?.command, 'zolt.rename');
      assert.deepEqual(rename?.command?.arguments[1], { line: 12, character: 8 });
    });

    it('only: refactor.inline leaves the others out', async () => {
      const list = await actions(client, 12, 9, ['refactor.inline']);
      assert.deepEqual(list.map((a) => a.kind), ['refactor.inline']);
      assert.equal(list[0]!.title, "Inline variable 'three'");
    });
  });

  describe('a client with neither (other editors)', () => {
    const client = new TestClient(root);
    before(async () => {
      await client.initialize();
      client.open('main.zolt');
    });
    after(() => client.shutdown());

    it('gets no disabled action and no rename action', async () => {
      const list = await actions(client, 13, 28);
      assert.ok(!list.some((a) => a.disabled || a.command), JSON.stringify(list));
      assert.ok((await actions(client, 13, 13)).some((a) => a.title === "Inline call to 'square'"));
    });
  });
});
