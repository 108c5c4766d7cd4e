// Bad input for the optimiser and the backend: programs of shapes no person writes but a
// generator may (a function of 10,000 blocks, loops nested 40 deep, constant expressions as big
// as the front end reads, a chain of 2,000 dependent values). Each is compiled at every level, in process,
// with the verifier after every IR pass, and its executable must print what the interpreter
// prints. Nothing here times anything: the mocha timeout only stops a hang.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { compileNative, executableBytes } from 'zolt-server/backend';
import { writeAtomically } from 'zolt-server/build/output';
import { verifyIr } from 'zolt-server/ir';
import { optimize } from 'zolt-server/ir/opt/index';
import { loadGrammar, type ZoltGrammar } from 'zolt-server/syntax';
import { SimRunner } from '../support/differential';

/** `if x == k { total += k; }` 5,000 times: two blocks each, 10,000 and more in one function. */
function manyBlocks(): string {
  const lines = ['fn spread(x: i64) -> i64 {', '    var total = 0;'];
  for (let k = 0; k < 5000; k++) lines.push(`    if x % 7 == ${k % 7} { total += ${k}; }`);
  lines.push('    return total;', '}', '', 'fn main() {', '    println(spread(3), " ", spread(5));', '}');
  return lines.join('\n') + '\n';
}

/** Loops nested 40 deep (the first 12 run twice, the rest once) around one counter. */
function deepLoops(): string {
  const depth = 40;
  const lines = ['fn nest(limit: i64) -> i64 {', '    var count = 0;'];
  for (let d = 0; d < depth; d++) lines.push(`${'    '.repeat(d + 1)}for i${d} in 0..${d < 12 ? 2 : 1} {`);
  lines.push(`${'    '.repeat(depth + 1)}if count < limit { count += 1; }`);
  for (let d = depth - 1; d >= 0; d--) lines.push(`${'    '.repeat(d + 1)}}`);
  lines.push('    return count;', '}', '', 'fn main() {', '    println(nest(1_000_000), " ", nest(100));', '}');
  return lines.join('\n') + '\n';
}

/**
 * A constant expression of 200 terms and one of 120 nested parentheses: as much as the front end
 * reads (it refuses nesting deeper than 256 levels with an error, Z0010).
 */
function hugeConstants(): string {
  const terms = Array.from({ length: 200 }, (_, k) => `${k % 97} * ${(k % 13) + 1}`).join(' + ');
  const nested = `${'('.repeat(120)}1${' + 1)'.repeat(120)}`;
  return `const TERMS = ${terms};\nconst NESTED = ${nested};\n\nfn main() {\n    var local = ${terms};\n    println(TERMS, " ", NESTED, " ", local);\n}\n`;
}

/** 2,000 values, each computed from the one before (one long live range after another). */
function longChain(): string {
  const lines = ['fn chain(seed: i64) -> i64 {', '    var v0 = seed;'];
  for (let k = 1; k <= 2000; k++) lines.push(`    var v${k} = v${k - 1} * 3 + ${k} ^ (v${k - 1} >> 2);`);
  lines.push('    return v2000;', '}', '', 'fn main() {', '    println(chain(1), " ", chain(-7));', '}');
  return lines.join('\n') + '\n';
}

const PROGRAMS: Record<string, () => string> = { 'a function of 10,000 blocks': manyBlocks, 'loops nested 40 deep': deepLoops, 'huge constant expressions': hugeConstants, 'a chain of 2,000 values': longChain };

describe('the optimiser and the backend on bad input', function () {
  this.timeout(300_000);
  let grammar: ZoltGrammar;
  let sim: SimRunner;
  let dir: string;
  before(async () => {
    grammar = await loadGrammar();
    sim = new SimRunner(grammar);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zolt-stress-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const [name, make] of Object.entries(PROGRAMS)) {
    it(`${name}: verified after every pass, and native output at -O0, -O1 and -O2 equal to the interpreter's`, () => {
      const file = path.join(dir, `${name.replace(/[^a-z0-9]+/g, '-')}.zolt`);
      const text = make();
      fs.writeFileSync(file, text);
      const compiled = sim.compile({ seed: 0, text, file, dir });
      assert.ok(compiled.ir, compiled.diagnostics.join('\n'));
      assert.equal(compiled.errors, 0, compiled.diagnostics.join('\n'));
      assert.deepEqual(compiled.verifier, []);
      const problems: string[] = [];
      optimize(compiled.ir, { after: (pass, program) => problems.push(...verifyIr(program).map((p) => `after ${pass}: ${p}`)) });
      assert.deepEqual(problems, []);
      const expected = sim.execute(compiled.ir, dir);
      assert.equal(expected.status, 0, expected.stderr);
      for (const level of [0, 1, 2] as const) {
        const exe = path.join(dir, `${path.basename(file, '.zolt')}.O${level}`);
        assert.equal(writeAtomically(exe, executableBytes(compileNative(compiled.ir, grammar, { level })), 0o755), undefined);
        const result = spawnSync(exe, [], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
        assert.deepEqual({ stdout: result.stdout, stderr: result.stderr, status: result.status }, expected, `-O${level}`);
      }
    });
  }
});
