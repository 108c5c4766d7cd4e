// Signature help (server/src/ide/signature-help.ts) through the query API: what the protocol
// fixtures (test/fixtures/lsp/editing) do not show, the parameters' ranges in the labels.

import * as assert from 'node:assert/strict';
import { Queries, Workspace } from 'zolt-server/semantics';
import { loadGrammar, type ZoltGrammar } from 'zolt-server/syntax';
import { signatureHelp, type SignatureHelp } from 'zolt-server/ide/signature-help';

const FILE = '/virtual/calls.zolt';

/** Signature help at the `|` of `source` (taken out), in a file of its own. */
function helpAt(grammar: ZoltGrammar, source: string): SignatureHelp | undefined {
  const offset = source.indexOf('|');
  const workspace = new Workspace(grammar);
  try {
    workspace.open(FILE, source.slice(0, offset) + source.slice(offset + 1), 1);
    return signatureHelp(workspace, new Queries(workspace), FILE, offset);
  } finally {
    workspace.dispose();
  }
}

/** Each signature as its label's parameter pieces, the active one in brackets. */
function pieces(help: SignatureHelp | undefined): string[][] {
  return (help?.signatures ?? []).map((s) => s.parameters.map(([start, end], i) => {
    const piece = s.label.slice(start, end);
    return i === help!.activeParameter ? `[${piece}]` : piece;
  }));
}

describe('signature help', () => {
  let grammar: ZoltGrammar;
  before(async () => {
    grammar = await loadGrammar();
  });

  it('marks each parameter type of a function-typed parameter, function types among them', () => {
    const help = helpAt(grammar, 'fn apply(f: fn(fn(i64, i64) -> i64, *u8, ...) -> bool) {\n    f(null, |\n}\n');
    assert.deepEqual(help?.signatures.map((s) => s.label), ['fn(fn(i64, i64) -> i64, *u8, ...) -> bool']);
    assert.deepEqual(pieces(help), [['fn(i64, i64) -> i64', '[*u8]', '...']]);
  });

  it('marks the parameters of a named function called in a call not closed yet', () => {
    const help = helpAt(grammar, 'fn add(a: i64, b: i64) -> i64 { return a + b; }\nfn f() {\n    println(add(1, |\n}\n');
    assert.deepEqual(help?.signatures.map((s) => s.label), ['fn add(a: i64, b: i64) -> i64']);
    assert.deepEqual(pieces(help), [['a: i64', '[b: i64]']]);
  });
});
