// Incrementality, measured by counting checked items: an edit inside a function body re-checks
// that function only, nothing else in its file and nothing in other files; edits that change
// what others see re-check exactly those that see it.

import * as assert from 'node:assert/strict';
import { Queries, Workspace } from 'zolt-server/semantics';
import { elaborate, printProgram } from 'zolt-server/semantics/elaborate';
import { loadGrammar, type TextChange } from 'zolt-server/syntax';

const LIB = `
/// Doubles.
fn twice(x: i64) -> i64 {
    return x * 2;
}

fn inferred(x: i64) {
    return x + 1;
}

fn unrelated() -> i64 {
    return 7;
}

fn generic_sum(a, b) {
    return a + b;
}

struct Pair { a: i64, b: i64 }
`;

const MAIN = `import "lib";

fn use_twice() -> i64 {
    return twice(21);
}

fn use_inferred() -> i64 {
    return inferred(1);
}

fn use_pair() -> i64 {
    var p = Pair{ a: 1, b: 2 };
    return p.a + p.b;
}

fn main() -> i32 {
    println(use_twice(), use_inferred(), use_pair(), unrelated());
    return 0;
}
`;

describe('incremental analysis', () => {
  let workspace: Workspace;
  const lib = '/virtual/lib.zolt';
  const main = '/virtual/main.zolt';

  /** Replaces the first occurrence of `from` (after `after`) in the file with `to`. */
  function edit(file: string, from: string, to: string, after = ''): void {
    const doc = workspace.document(file)!;
    const start = doc.text.indexOf(from, doc.text.indexOf(after));
    assert.ok(start >= 0, `'${from}' not found`);
    const change: TextChange = {
      range: { start: doc.lineIndex.position(start), end: doc.lineIndex.position(start + from.length) },
      text: to,
    };
    workspace.update(file, [change], doc.version + 1);
  }

  /** The elaborated program as text, or why there is none. */
  function elaborated(w: Workspace, file: string): string {
    const result = elaborate(w, file, { roots: 'all' });
    return result.ok ? printProgram(result.program) : `errors: ${result.errors.map((e) => e.diagnostics.map((d) => d.message).join('; ')).join(' | ')}`;
  }

  /** Items checked by an edit and the diagnostics of both files after it. */
  function checksFor(action: () => void): number {
    const before = workspace.stats.itemChecks;
    action();
    workspace.diagnostics(lib);
    workspace.diagnostics(main);
    return workspace.stats.itemChecks - before;
  }

  beforeEach(async () => {
    const files = new Map([[lib, LIB], [main, MAIN]]);
    workspace = new Workspace(await loadGrammar(), undefined, {
      readFile: (f) => files.get(f) ?? require('node:fs').readFileSync(f, 'utf8'),
      exists: (f) => files.has(f) || require('node:fs').existsSync(f),
    });
    workspace.open(lib, LIB, 1);
    workspace.open(main, MAIN, 1);
    assert.deepEqual(workspace.diagnostics(main).map((d) => d.message), []);
    assert.deepEqual(workspace.diagnostics(lib).map((d) => d.message), []);
  });

  // After every case: the elaborated program of the incremental analysis equals a fresh one's.
  afterEach(async () => {
    const texts = new Map([[lib, workspace.document(lib)!.text], [main, workspace.document(main)!.text]]);
    const fresh = new Workspace(await loadGrammar(), undefined, {
      readFile: (f) => texts.get(f) ?? require('node:fs').readFileSync(f, 'utf8'),
      exists: (f) => texts.has(f) || require('node:fs').existsSync(f),
    });
    try {
      fresh.open(lib, texts.get(lib)!, 1);
      fresh.open(main, texts.get(main)!, 1);
      assert.equal(elaborated(workspace, main), elaborated(fresh, main));
    } finally {
      fresh.dispose();
      workspace.dispose();
    }
  });

  it('documents move through their states: an edit moves its file and the files that see it back', () => {
    assert.equal(workspace.documentState(main), 'checked');
    edit(lib, 'x * 2', 'x * 3'); // a body: main sees nothing new
    assert.equal(workspace.documentState(lib), 'linked');
    workspace.diagnostics(lib);
    assert.equal(workspace.documentState(lib), 'checked');
    edit(lib, 'fn twice(x: i64) -> i64', 'fn twice(x: i64, y: i64) -> i64'); // a signature
    assert.equal(workspace.documentState(lib), 'indexed');
    assert.equal(workspace.documentState(main), 'indexed');
    workspace.scope(main);
    assert.equal(workspace.documentState(main), 'linked');
    workspace.diagnostics(main);
    assert.equal(workspace.documentState(main), 'checked');
    edit(lib, 'fn twice(x: i64, y: i64) -> i64', 'fn twice(x: i64) -> i64');
  });

  it('re-checks nothing when nothing changed', () => {
    assert.equal(checksFor(() => undefined), 0);
  });

  it('an edit inside a body with a declared return type re-checks that function only', () => {
    assert.equal(checksFor(() => edit(lib, 'x * 2', 'x * 3')), 1);
  });

  it('an edit in main.zolt re-checks one item there and nothing in lib.zolt', () => {
    assert.equal(checksFor(() => edit(main, 'twice(21)', 'twice(22)')), 1);
  });

  it('an edit that keeps an inferred return type re-checks only that function', () => {
    assert.equal(checksFor(() => edit(lib, 'x + 1', 'x + 2')), 1);
  });

  it('an edit that changes an inferred return type re-checks its callers too', () => {
    const count = checksFor(() => edit(lib, 'x + 1', '1.5'));
    // inferred() itself, and use_inferred() whose `return inferred(1)` now mismatches.
    assert.equal(count, 2);
    assert.deepEqual(workspace.diagnostics(main).map((d) => d.message), ['type mismatch: expected i64, found f64']);
  });

  it('adding a function re-checks only the new function', () => {
    assert.equal(checksFor(() => edit(lib, '{ a: i64, b: i64 }\n', '{ a: i64, b: i64 }\n\nfn brand_new() -> i64 { return 1; }\n', 'struct Pair')), 2);
    // (2: the struct whose text the edit replaced, and the new function.) Appending touches nothing else:
    const doc = workspace.document(lib)!;
    const end = doc.lineIndex.position(doc.text.length);
    const before = workspace.stats.itemChecks;
    workspace.update(lib, [{ range: { start: end, end }, text: '\nfn another() -> i64 { return 2; }\n' }], doc.version + 1);
    workspace.diagnostics(lib);
    workspace.diagnostics(main);
    assert.equal(workspace.stats.itemChecks - before, 1);
  });

  it('changing a struct re-checks exactly the items that use it', () => {
    const count = checksFor(() => edit(lib, 'b: i64 }', 'b: f64 }'));
    // The struct's item, and use_pair() (p.a + p.b now mixes i64 and f64 in an i64 return).
    assert.equal(count, 2);
  });

  it('changing a signature re-checks its callers and no one else', () => {
    const count = checksFor(() => edit(lib, 'fn twice(x: i64) -> i64', 'fn twice(x: i64, y: i64) -> i64'));
    assert.equal(count, 2); // twice() and use_twice()
    assert.deepEqual(workspace.diagnostics(main).map((d) => d.message), ["'twice' takes 2 arguments but 1 was given"]);
  });

  it("a body edit that instantiates another file's generic function badly shows the error in both files", () => {
    edit(main, 'twice(21)', 'twice(21) + generic_sum(true, 1)');
    assert.deepEqual(workspace.diagnostics(main).map((d) => d.code), ['Z2103']);
    const inLib = workspace.diagnostics(lib);
    assert.deepEqual(inLib.map((d) => d.message), ["operator '+' cannot be applied to bool and i64 (in 'generic_sum' instantiated with (bool, i64))"]);
    // Fixing the call removes the error from the generic's file too.
    edit(main, 'generic_sum(true, 1)', 'generic_sum(2, 1)');
    assert.deepEqual(workspace.diagnostics(lib), []);
    assert.deepEqual(workspace.diagnostics(main), []);
  });

  it('a doc comment edit re-checks only the documented function', () => {
    assert.equal(checksFor(() => edit(lib, 'Doubles.', 'Doubles its argument.')), 1);
  });
});

// Cycles of inferred types are entered wherever a check happens to start: a fresh analysis
// starts at the top of the file, an incremental one at whatever changed or was asked about.
// The diagnostics must not depend on it.
describe('cycles of inferred types', () => {
  const file = '/virtual/cycles.zolt';
  const CYCLES = `var a = b + 1;
var b = c * 2;
var c = a - 3;

var total = sum_to(3);
fn sum_to(n: i64) {
    return total + n;
}

fn is_even(n: i64) {
    if n == 0 { return true; }
    return is_odd(n - 1);
}

fn is_odd(n: i64) {
    if n == 0 { return false; }
    return is_even(n - 1);
}

fn main() {
    println(a, b, c, total, is_even(2));
}
`;
  const describeDiagnostics = (workspace: Workspace) => workspace.diagnostics(file).map((d) => `${d.start} ${d.message}`).join('\n');

  async function fresh(text: string): Promise<string> {
    const workspace = new Workspace(await loadGrammar());
    workspace.open(file, text, 1);
    return describeDiagnostics(workspace);
  }

  it('reports every use inside a cycle, whichever declaration is checked first', async () => {
    const expected = await fresh(CYCLES);
    assert.equal(expected.split('\n').length, 7, expected);
    for (const entry of ['var b', 'var c', 'fn sum_to', 'fn is_odd', 'fn main']) {
      const workspace = new Workspace(await loadGrammar());
      const queries = new Queries(workspace);
      workspace.open(file, CYCLES, 1);
      queries.typeAt(file, CYCLES.indexOf(entry) + entry.length - 1); // checks that item first
      assert.equal(describeDiagnostics(workspace), expected, `entered at '${entry}'`);
    }
  });

  it('follows edits that break and remake a cycle', async () => {
    const workspace = new Workspace(await loadGrammar());
    workspace.open(file, CYCLES, 1);
    workspace.diagnostics(file);
    const steps: [string, string][] = [
      ['var c = a - 3;', 'var c = 3;'],
      ['var c = 3;', 'var c = a - 3;'],
      ['return is_even(n - 1);', 'return true;'],
      ['return total + n;', 'return n;'],
      ['return true;\n}\n\nfn main', 'return is_even(n - 1);\n}\n\nfn main'],
      ['return n;', 'return total + n;'],
    ];
    let version = 1;
    for (const [from, to] of steps) {
      const doc = workspace.document(file)!;
      const start = doc.text.indexOf(from);
      assert.ok(start >= 0, `'${from}' not found`);
      const range = { start: doc.lineIndex.position(start), end: doc.lineIndex.position(start + from.length) };
      workspace.update(file, [{ range, text: to }], ++version);
      const text = workspace.document(file)!.text;
      assert.equal(describeDiagnostics(workspace), await fresh(text), `after '${from}' -> '${to}'`);
    }
    assert.equal(workspace.document(file)!.text, CYCLES);
  });
});
