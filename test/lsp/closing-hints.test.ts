// Closing brace inlay hints over the protocol: off by default; with
// `zolt.inlayHints.closingBraces`, each `}` at least `closingBraceMinLines` below its opening
// line says what it closes, and shorter ones say nothing.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TestClient } from '../support/lsp-client';

const PROGRAM = [
  'fn count(n: i64) -> i64 {', //     0
  '    var total = 0;',
  '    var i = 0;',
  '    while i < n {', //              3
  '        total += i;',
  '        i += 1;',
  '    }', //                          6
  '    if total > 10 { return 1; }',
  '    return total;',
  '}', //                              9
  '',
  'fn main() { println(count(5)); }',
  '',
].join('\n');

interface Hint { position: { line: number; character: number }; label: string; kind?: number }

async function hints(settings: Record<string, unknown>): Promise<Hint[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zolt-closing-'));
  fs.writeFileSync(path.join(dir, 'main.zolt'), PROGRAM);
  const client = new TestClient(dir, { settings: { diagnostics: { delay: 0 }, ...settings } });
  try {
    await client.initialize();
    const uri = client.open('main.zolt');
    await client.diagnostics('main.zolt');
    return (await client.connection.sendRequest('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 13, character: 0 } } })) as Hint[];
  } finally {
    await client.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('closing brace inlay hints', function () {
  this.timeout(60_000);

  it('are off by default', async () => {
    const labels = (await hints({})).map((h) => h.label);
    assert.ok(labels.includes(': i64'), 'the other hints are there');
    assert.ok(!labels.some((l) => l.startsWith('fn ') || l.startsWith('while ')), JSON.stringify(labels));
  });

  it('name what a long enough block closes, after its brace', async () => {
    const closing = (await hints({ inlayHints: { closingBraces: true, closingBraceMinLines: 3 } })).filter((h) => h.kind === undefined);
    assert.deepEqual(closing.map((h) => [h.position.line, h.position.character, h.label]), [[6, 5, 'while i < n'], [9, 1, 'fn count']]);
  });
});
