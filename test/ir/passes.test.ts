// The IR passes, each on fixtures of its own (test/fixtures/ir-passes/NAME.zolt, first line
// `// pass: NAME`): the program's IR before the pass and after it, in NAME.ir
// (ZOLT_UPDATE_EXPECTED=1 rewrites it: read the change). Every pass's output must pass the
// verifier, and the program must print the same at every optimisation level.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { printIr, verifyIr, type IrProgram } from 'zolt-server/ir';
import { IR_PASSES, optimize, type IrPass, type OptLevel } from 'zolt-server/ir/opt/index';
import { loadGrammar, type ZoltGrammar } from 'zolt-server/syntax';
import { run, type Output } from 'zolt-server/vm';
import { loadPassFixture, passFixtureNames } from '../support/pass-fixtures';
import { fromRoot } from '../support/paths';

const UPDATE = process.env['ZOLT_UPDATE_EXPECTED'] === '1';
const dir = fromRoot('test/fixtures/ir-passes');

/** Runs a program in the interpreter (its passes already applied: -O0 runs none after this). */
function output(ir: IrProgram): string {
  const chunks: Buffer[] = [];
  const out: Output = { midLine: false, write: (_stream, bytes) => void chunks.push(Buffer.from(bytes)), flush: () => undefined };
  const status = run(ir, { args: [], output: out, error: (text) => void chunks.push(Buffer.from(text)), cwd: dir, memory: 128 << 20, level: 0 });
  return `${Buffer.concat(chunks).toString('utf8')}status ${status}\n`;
}

describe('IR passes', () => {
  let grammar: ZoltGrammar;
  before(async () => {
    grammar = await loadGrammar();
  });

  for (const name of passFixtureNames(dir)) {
    it(name, () => {
      const fixture = loadPassFixture(grammar, dir, name, IR_PASSES);
      const { file, ir } = fixture;
      const pass = fixture.pass as IrPass;
      const own = (fn: { name: string }) => fixture.own.has(fn.name);
      // The IR the pass gets (what the passes before it made) and what it gives.
      let before = '';
      let after = '';
      let previous = printIr(ir, { only: own });
      const problems: string[] = [];
      const outputs = new Map<OptLevel, string>();
      for (const level of [0, 1, 2] as const) {
        const optimised = optimize(ir, {
          level,
          after: (p, program) => {
            problems.push(...verifyIr(program).map((m) => `after ${p} at -O${level}: ${m}`));
            const text = printIr(program, { only: own });
            if (level === 2 && p === pass) {
              before = previous;
              after = text;
            }
            previous = text;
          },
        });
        previous = printIr(ir, { only: own });
        outputs.set(level, output(optimised));
      }
      assert.deepEqual(problems, []);
      assert.equal(outputs.get(1), outputs.get(0), 'prints the same at -O1 as at -O0');
      assert.equal(outputs.get(2), outputs.get(0), 'prints the same at -O2 as at -O0');
      const text = `; before ${pass}\n${before}\n; after ${pass}\n${after}`;
      const expected = file.replace(/\.zolt$/, '.ir');
      if (UPDATE) fs.writeFileSync(expected, text);
      else assert.equal(text, fs.readFileSync(expected, 'utf8'));
    });
  }
});
