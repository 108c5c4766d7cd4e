// Repairs of items with syntax errors (server/src/syntax/repair.ts): a `;` missing at the end of
// a line, a string or character literal missing its closing quote. What is checked: the one
// diagnostic, the AST as written with every span in the original text, the parser's own tree
// untouched, no scratch parse for valid code, and incremental updates equal to a fresh parse
// and lowering on broken texts.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { loadGrammar, SyntaxDocument, walk, type Ast, type LoweredItem, type TextChange, type ZoltGrammar } from 'zolt-server/syntax';
import { fromRoot } from '../support/paths';
import { seededRandom } from '../support/runtimes';

/** Everything observable about a document's syntax, as comparable JSON (as in document.test.ts). */
function snapshot(doc: SyntaxDocument): string {
  return JSON.stringify(
    { items: doc.items, trailer: doc.trailer, diagnostics: doc.diagnostics() },
    (_, value) => (typeof value === 'bigint' ? `${value}n` : value),
  );
}

/** The document's diagnostics as `line:col code message`. */
function diagnostics(doc: SyntaxDocument): string[] {
  return doc.diagnostics().map((d) => {
    const p = doc.lineIndex.position(d.start);
    return `${p.line + 1}:${p.character + 1} ${d.code} ${d.message}`;
  });
}

/** The statements of the body of the function named `name`, as `kind: text` (text from the spans). */
function statements(doc: SyntaxDocument, name: string): string[] {
  const item = doc.items.find((i) => i.decl.kind === 'function' && i.decl.name.text === name);
  assert.ok(item, `no function ${name}`);
  const fn = item.decl as Ast.FunctionDecl;
  return (fn.body?.statements ?? []).map((s) => `${s.kind}: ${doc.text.slice(item.start + s.span.start, item.start + s.span.end)}`);
}

/** Every node of an item: ids unique and below nodeCount, spans inside the item, names reading their own text. */
function checkItem(doc: SyntaxDocument, item: LoweredItem): void {
  const ids = new Set<number>();
  walk(item.decl, (node) => {
    assert.ok(node.id >= 0 && node.id < item.nodeCount && !ids.has(node.id), `node id ${node.id} of ${node.kind}`);
    ids.add(node.id);
    assert.ok(node.span.start >= 0 && node.span.start <= node.span.end && node.span.end <= item.length, `span of ${node.kind}`);
    if (node.kind === 'name' && !node.missing) assert.equal(doc.text.slice(item.start + node.span.start, item.start + node.span.end), node.text);
  });
}

/** Items partition the text up to the trailer. */
function checkPartition(doc: SyntaxDocument): void {
  let at = 0;
  for (const item of doc.items) {
    assert.equal(item.start, at, 'items are contiguous');
    at += item.length;
    checkItem(doc, item);
  }
  assert.equal(doc.trailer.start, at);
}

describe('syntax repairs', () => {
  let grammar: ZoltGrammar;
  before(async () => {
    grammar = await loadGrammar();
  });

  function withDoc(text: string, body: (doc: SyntaxDocument) => void): void {
    const doc = SyntaxDocument.create(grammar, '/x/repair.zolt', text);
    try {
      body(doc);
      checkPartition(doc);
    } finally {
      doc.dispose();
    }
  }

  it("a missing ';' before a line that starts with a name: one Z0002, the statements as written", () => {
    withDoc('fn main() {\n    var x = 1\n    f(x);\n}\nfn f(a: i64) {}\n', (doc) => {
      assert.deepEqual(diagnostics(doc), ["2:14 Z0002 expected ';' after the variable declaration"]);
      assert.deepEqual(statements(doc, 'main'), ['local: var x = 1', 'expr-stmt: f(x);']);
      // The parser's own tree is untouched (what `zolt parse` prints).
      assert.match(doc.tree.rootNode.toString(), /ERROR/);
    });
  });

  it("other statements: an assignment, a call, a bare return, a break", () => {
    withDoc('fn main() {\n    x = 1\n    foo(y);\n    println(a)\n    b = 2;\n    return\n    var c = 3;\n}\n', (doc) => {
      assert.deepEqual(diagnostics(doc), [
        "2:10 Z0002 expected ';' after the expression",
        "4:15 Z0002 expected ';' after the expression",
        "6:11 Z0002 expected ';' after 'return'",
      ]);
      assert.deepEqual(statements(doc, 'main'), ['expr-stmt: x = 1', 'expr-stmt: foo(y);', 'expr-stmt: println(a)', 'expr-stmt: b = 2;', 'return: return', 'local: var c = 3;']);
    });
    withDoc('fn main() {\n    while true {\n        break\n        f();\n    }\n}\n', (doc) => {
      assert.deepEqual(diagnostics(doc), ["3:14 Z0002 expected ';' after 'break'"]);
    });
  });

  it('whitespace is insignificant: a return value on the next line is the value', () => {
    withDoc('fn f() -> i64 {\n    return\n    1 + 2;\n}\n', (doc) => {
      assert.deepEqual(diagnostics(doc), []);
      assert.deepEqual(statements(doc, 'f'), ['return: return\n    1 + 2;']);
    });
  });

  it('a string missing its closing quote ends its statement at its line: only Z0003', () => {
    withDoc('fn main() {\n    println("abc);\n    var y = 2;\n}\n', (doc) => {
      assert.deepEqual(diagnostics(doc), ["2:13 Z0003 unterminated string literal: add the closing '\"'"]);
      // The statement whose end the string swallowed is checked quietly (an error statement).
      assert.deepEqual(statements(doc, 'main'), ['error-stmt: println("abc);', 'local: var y = 2;']);
      const item = doc.items[0]!;
      const strings: Ast.Expr[] = [];
      walk(item.decl, (node) => {
        if (node.kind === 'string') strings.push(node);
      });
      assert.equal(strings.length, 1);
      const s = strings[0] as Ast.Expr & { value: string };
      assert.equal(s.value, 'abc);');
      assert.equal(doc.text.slice(item.start + s.span.start, item.start + s.span.end), '"abc);');
    });
  });

  it('the closers the line needs: nested calls, arrays, struct literals, a list that goes on', () => {
    const text = [
      'fn calls() {',
      '    greet(concat("a", "b));',
      '}',
      'fn array() {',
      '    var names = ["ann", "bob];',
      '}',
      'fn literal() {',
      '    var p = Person{ name: "ann };',
      '}',
      'fn list() {',
      '    println(',
      '        "one,',
      '        two,',
      '    );',
      '}',
      'fn character() {',
      "    var c = 'x;",
      '}',
      '',
    ].join('\n');
    withDoc(text, (doc) => {
      assert.deepEqual(diagnostics(doc), [
        "2:23 Z0003 unterminated string literal: add the closing '\"'",
        "5:25 Z0003 unterminated string literal: add the closing '\"'",
        "8:27 Z0003 unterminated string literal: add the closing '\"'",
        "12:9 Z0003 unterminated string literal: add the closing '\"'",
        "17:13 Z0004 unterminated character literal: add the closing \"'\"",
      ]);
      assert.deepEqual(doc.items.map((i) => (i.decl.kind === 'function' ? i.decl.name.text : i.decl.kind)), ['calls', 'array', 'literal', 'list', 'character']);
      assert.deepEqual(statements(doc, 'list'), ['error-stmt: println(\n        "one,\n        two,\n    );']);
    });
  });

  it('an import path missing its quote ends at the ;', () => {
    withDoc('import "std/math; // the maths\nfn main() {}\n', (doc) => {
      assert.deepEqual(diagnostics(doc), ["1:8 Z0003 unterminated string literal: add the closing '\"'"]);
      const decl = doc.items[0]!.decl as Ast.ImportDecl;
      assert.equal(decl.path, 'std/math');
      // The comment the string swallowed is the string's; the item's comments are its own.
      assert.equal(doc.items.length, 2);
    });
  });

  it('a comment after a repaired declaration is still its item\'s', () => {
    withDoc('const A = "x;\n// TODO: a note\n', (doc) => {
      assert.deepEqual(diagnostics(doc), ["1:11 Z0003 unterminated string literal: add the closing '\"'"]);
      const item = doc.items[0]!;
      assert.deepEqual(item.comments.map((c) => doc.text.slice(item.start + c.start, item.start + c.end)), ['// TODO: a note']);
    });
  });

  it('a repair may split what the parser made one item (or a file it found no structure in)', () => {
    const text = 'fn nested() {\n    greet(concat("a", "b));\n    greet("c");\n}\n\nfn other(a: i64) -> i64 {\n    return a * 2;\n}\n';
    withDoc(text, (doc) => {
      assert.equal(doc.tree.rootNode.type, 'ERROR');
      assert.deepEqual(diagnostics(doc), ["2:23 Z0003 unterminated string literal: add the closing '\"'"]);
      assert.deepEqual(doc.items.map((i) => (i.decl.kind === 'function' ? i.decl.name.text : i.decl.kind)), ['nested', 'other']);
      assert.deepEqual(statements(doc, 'other'), ['return: return a * 2;']);
    });
  });

  it('valid code never parses an item again, fresh or edited', () => {
    for (const file of fs.readdirSync(fromRoot('examples')).filter((f) => f.endsWith('.zolt'))) {
      const text = fs.readFileSync(fromRoot('examples', file), 'utf8');
      const doc = SyntaxDocument.create(grammar, `/x/${file}`, text);
      try {
        const at = doc.lineIndex.position(text.indexOf('{') + 1);
        doc.update([{ range: { start: at, end: at }, text: ' ' }], 1);
        assert.equal(doc.stats.repairParses, 0, file);
      } finally {
        doc.dispose();
      }
    }
  });

  it('an item with errors is repaired with a few parses at most', () => {
    withDoc('fn main() {\n    var x = 1\n    f(x);\n}\n', (doc) => {
      assert.equal(doc.stats.repairParses, 1);
    });
  });

  // Broken starting points (a `;` or a closing quote removed), then random edits nearby: the
  // repairs, units and splits must come out the same incrementally as fresh.
  const SNIPPETS = ['', ' ', '\n', ';', '"', "'", '}', '{', '(', ')', 'x', 'f(x);', 'var y = 2;', '// c\n', 'fn g() {}\n', 'return\n'];
  const examples = fs.readdirSync(fromRoot('examples')).filter((f) => f.endsWith('.zolt')).sort();
  for (const file of examples) {
    it(`${file}: broken, then 40 random edits keep incremental = fresh (seeded)`, () => {
      const random = seededRandom(file.length * 977 + 3);
      const original = fs.readFileSync(fromRoot('examples', file), 'utf8');
      const doc = SyntaxDocument.create(grammar, `/x/${file}`, breakOne(original, random));
      try {
        for (let i = 0; i < 40; i++) {
          const text = doc.text;
          const focus = focusOf(text, random);
          const start = Math.max(0, Math.min(text.length, focus + Math.floor((random() - 0.5) * 120)));
          const end = Math.min(text.length, start + (random() < 0.6 ? 0 : Math.floor(random() * 8)));
          const change: TextChange = {
            range: { start: doc.lineIndex.position(start), end: doc.lineIndex.position(end) },
            text: SNIPPETS[Math.floor(random() * SNIPPETS.length)]!,
          };
          if (i % 9 === 4) doc.release();
          doc.update([change], i + 1);
          const fresh = SyntaxDocument.create(grammar, doc.path, doc.text);
          try {
            assert.equal(snapshot(doc), snapshot(fresh), `after edit #${i}: ${JSON.stringify(change)}`);
            checkPartition(doc);
          } finally {
            fresh.dispose();
          }
        }
      } finally {
        doc.dispose();
      }
    });
  }
});

/** The text with one `;` at a line end, or one closing quote, removed (seeded). */
function breakOne(text: string, random: () => number): string {
  const sites: number[] = [];
  const pattern = random() < 0.5 ? /;\n/g : /"(?=[),;]*\n)/g;
  for (const m of text.matchAll(pattern)) sites.push(m.index!);
  if (sites.length === 0) return text;
  const at = sites[Math.floor(random() * sites.length)]!;
  return text.slice(0, at) + text.slice(at + 1);
}

/** Where to edit: around a line end (where the repairs insert). */
function focusOf(text: string, random: () => number): number {
  const lineEnds: number[] = [];
  for (let i = text.indexOf('\n'); i >= 0 && lineEnds.length < 2000; i = text.indexOf('\n', i + 1)) lineEnds.push(i);
  return lineEnds.length > 0 ? lineEnds[Math.floor(random() * lineEnds.length)]! : 0;
}
