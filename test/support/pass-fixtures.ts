// What the IR and SSA pass fixtures share (test/ir/passes.test.ts, test/backend/ssa-passes.test.ts):
// a fixture is NAME.zolt whose first line says `// pass: NAME`; it is lowered, and its own
// functions (not the standard library's) are the ones the expectation shows.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lowerProgram, type IrProgram } from 'zolt-server/ir';
import { Workspace } from 'zolt-server/semantics';
import { elaborate } from 'zolt-server/semantics/elaborate';
import type { ZoltGrammar } from 'zolt-server/syntax';

export interface PassFixture {
  readonly file: string;
  readonly pass: string;
  readonly ir: IrProgram;
  /** The fixture's own functions, by name. */
  readonly own: ReadonlySet<string>;
}

export function passFixtureNames(dir: string): string[] {
  return fs.readdirSync(dir).filter((f) => f.endsWith('.zolt')).sort();
}

export function loadPassFixture(grammar: ZoltGrammar, dir: string, name: string, passes: readonly string[]): PassFixture {
  const file = path.join(dir, name);
  const pass = /^\/\/ pass: ([\w-]+)/.exec(fs.readFileSync(file, 'utf8'))?.[1];
  assert.ok(pass && passes.includes(pass), `${name}: the first line names the pass: // pass: ${passes.join('|')}`);
  const workspace = new Workspace(grammar);
  try {
    workspace.reload(file);
    const result = elaborate(workspace, file, { roots: 'main' });
    assert.ok(result.ok, 'the fixture elaborates');
    const ir = lowerProgram(result.program, (f) => workspace.document(f)?.lineIndex);
    const own = new Set(ir.functions.filter((f) => !result.program.stdFiles.has(f.source.file)).map((f) => f.name));
    return { file, pass, ir, own };
  } finally {
    workspace.dispose();
  }
}
