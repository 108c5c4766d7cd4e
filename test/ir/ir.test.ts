// The lowered IR (server/src/ir): fixture programs beside their expected IR text
// (test/fixtures/ir/NAME.zolt and NAME.ir; ZOLT_UPDATE_EXPECTED=1 rewrites them), and the
// verifier on every program the suites run: every example, run fixture, benchmark program and
// elaboration fixture, after lowering and after the IR passes.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lowerProgram, printIr, verifyIr, type IrProgram } from 'zolt-server/ir';
import { optimize } from 'zolt-server/ir/opt/index';
import { Workspace } from 'zolt-server/semantics';
import { elaborate } from 'zolt-server/semantics/elaborate';
import { loadGrammar, type ZoltGrammar } from 'zolt-server/syntax';
import { fromRoot } from '../support/paths';

const UPDATE = process.env['ZOLT_UPDATE_EXPECTED'] === '1';

function programsIn(dir: string): string[] {
  return fs.readdirSync(dir).filter((f) => f.endsWith('.zolt')).sort().map((f) => path.join(dir, f));
}

describe('lowered IR', () => {
  let grammar: ZoltGrammar;
  before(async () => {
    grammar = await loadGrammar();
  });

  const lower = (file: string): { ir: IrProgram; std: ReadonlySet<string> } | undefined => {
    const workspace = new Workspace(grammar);
    try {
      workspace.reload(file);
      const result = elaborate(workspace, file, { roots: 'main' });
      if (!result.ok) return undefined;
      return { ir: lowerProgram(result.program, (f) => workspace.document(f)?.lineIndex), std: result.program.stdFiles };
    } finally {
      workspace.dispose();
    }
  };

  describe('fixtures', () => {
    const fixtures = programsIn(fromRoot('test/fixtures/ir'));
    it('there are some', () => assert.ok(fixtures.length >= 6));
    for (const file of fixtures) {
      it(path.basename(file), () => {
        const lowered = lower(file);
        assert.ok(lowered, 'the fixture does not elaborate');
        assert.deepEqual(verifyIr(lowered.ir), []);
        const text = printIr(lowered.ir, { only: (fn) => !lowered.std.has(fn.source.file) });
        const expected = file.replace(/\.zolt$/, '.ir');
        if (UPDATE || !fs.existsSync(expected)) fs.writeFileSync(expected, text);
        assert.equal(text, fs.readFileSync(expected, 'utf8'));
      });
    }
  });

  it('the verifier finds a variable read on a path that never assigned it', () => {
    const lowered = lower(fromRoot('examples/hello.zolt'))!;
    const ctx = { id: 0, type: 'ptr' as const, name: 'context' };
    const x = { id: 1, type: 'i64' as const, name: 'x' };
    const one = { kind: 'int' as const, type: 'i8' as const, value: 1n };
    const block = (id: number, instrs: IrProgram['functions'][number]['blocks'][number]['instrs'], terminator: IrProgram['functions'][number]['blocks'][number]['terminator']) =>
      ({ id, instrs, terminator, locs: [...instrs.map(() => 0), 0] });
    const fn: IrProgram['functions'][number] = {
      name: 'half_assigned', source: { name: 'half_assigned', file: 'x.zolt' }, params: [ctx], ret: 'i64', sret: false, vars: [ctx, x], slots: [], loc: 0,
      blocks: [
        block(0, [], { op: 'br', cond: one, then: 1, else: 2 }),
        block(1, [{ op: 'copy', dst: x, src: { kind: 'int', type: 'i64', value: 5n } }], { op: 'jmp', target: 3 }),
        block(2, [], { op: 'jmp', target: 3 }),
        block(3, [], { op: 'ret', value: { kind: 'var', var: x } }),
      ],
    };
    const problems = verifyIr({ ...lowered.ir, functions: [...lowered.ir.functions, fn] });
    assert.deepEqual(problems.filter((p) => p.includes('half_assigned') || p.includes('b3')), [`half_assigned: b3: ret %1: %1 may be read before it is assigned`]);
  });

  describe('the verifier accepts every lowered program, before and after the IR passes', () => {
    const all = [
      ...programsIn(fromRoot('examples')),
      ...programsIn(fromRoot('test/fixtures/run')),
      ...programsIn(fromRoot('bench/programs')),
      ...programsIn(fromRoot('test/fixtures/elaborate')),
    ];
    for (const file of all) {
      it(path.relative(fromRoot(), file), () => {
        const lowered = lower(file);
        if (!lowered) return; // a fixture without main
        assert.deepEqual(verifyIr(lowered.ir), []);
        assert.deepEqual(verifyIr(optimize(lowered.ir)), []);
      });
    }
  });
});
