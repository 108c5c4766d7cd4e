// Quick fixes over the protocol: `zolt lsp --stdio` answers textDocument/codeAction at a
// diagnostic with the fix attached to that diagnostic (as the server published it), marked
// preferred, with its edit as a workspace edit; and `source.fixAll` asked for by kind gives one
// action with every safe fix of the file (test/fixtures/lsp/quick-fixes).

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CodeAction, Diagnostic, Range } from 'vscode-languageserver-protocol';
import { TestClient } from '../support/lsp-client';
import { fromRoot } from '../support/paths';

const dir = fromRoot('test/fixtures/lsp/quick-fixes');
const text = fs.readFileSync(path.join(dir, 'main.zolt'), 'utf8');

/** The line and character of the first occurrence of `needle` in the fixture's main file. */
function positionOf(needle: string): { line: number; character: number } {
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, `'${needle}' is not in main.zolt`);
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1]!.length };
}

function rangeText(range: Range): string {
  const lines = text.split('\n');
  if (range.start.line !== range.end.line) return '(several lines)';
  return lines[range.start.line]!.slice(range.start.character, range.end.character);
}

describe('quick fixes over the protocol', function () {
  this.timeout(60_000);
  let client: TestClient;
  let diagnostics: Diagnostic[];

  before(async () => {
    client = new TestClient(dir, { capabilities: { textDocument: { codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'refactor', 'source'] } }, disabledSupport: true } } } });
    await client.initialize();
    client.open('main.zolt', text);
    client.open('extra.zolt');
    diagnostics = (await client.diagnostics('main.zolt', (p) => p.diagnostics.some((d) => d.code === 'Z3003'))).diagnostics;
  });
  after(async () => {
    await client.shutdown();
  });

  async function actionsAt(needle: string, only?: string[]): Promise<CodeAction[]> {
    const at = positionOf(needle);
    const overlapping = diagnostics.filter((d) => d.range.start.line <= at.line && at.line <= d.range.end.line);
    return client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: client.uri('main.zolt') }, range: { start: at, end: at }, context: { diagnostics: overlapping, ...(only ? { only } : {}) },
    });
  }

  it('offers the missing switch case, preferred, with the diagnostic it fixes', async () => {
    const actions = await actionsAt('m {');
    const fix = actions.find((a) => a.title === 'Add the missing case .Slow');
    assert.ok(fix, `offered: ${JSON.stringify(actions.map((a) => a.title))}`);
    assert.equal(fix.kind, 'quickfix');
    assert.equal(fix.isPreferred, true);
    assert.deepEqual(fix.diagnostics?.map((d) => [d.code, d.message]), [['Z3003', "switch over 'Mode' does not handle Slow"]]);
    const edits = fix.edit?.changes?.[client.uri('main.zolt')];
    assert.deepEqual(edits?.map((e) => ({ at: e.range.start, text: e.newText })), [{ at: { line: 9, character: 9 }, text: '\n        case .Slow {}' }]);
  });

  it('removes an unused variable and says which warning it removes', async () => {
    const actions = await actionsAt('unused =');
    const fix = actions.find((a) => a.title === "Remove the unused variable 'unused'");
    assert.ok(fix, `offered: ${JSON.stringify(actions.map((a) => a.title))}`);
    assert.equal(fix.isPreferred, true);
    assert.deepEqual(fix.diagnostics?.map((d) => [d.code, rangeText(d.range)]), [['Z4002', 'unused']]);
  });

  it('fixes all: the unused import and the unused variable, in one edit of the file', async () => {
    const actions = await actionsAt('fn main', ['source.fixAll']);
    assert.deepEqual(actions.map((a) => [a.title, a.kind]), [['Fix all: remove unused imports and locals', 'source.fixAll']]);
    const edits = actions[0]!.edit?.changes?.[client.uri('main.zolt')] ?? [];
    assert.deepEqual(edits.map((e) => [e.range.start.line, e.range.end.line, e.newText]).sort(), [[0, 1, ''], [11, 12, '']]);
  });
});
