// Random well-typed programs (test/support/program-generator.ts) through the compiler and the
// interpreter: for seeds 1..N (N = 500, or ZOLT_GENERATED=N) every program must check without
// errors or warnings, lower to IR the verifier accepts (and, for every 4th seed, after the IR
// passes too), run to the exit status and run-time error it was built to end with, and print
// the `@` lines the generator computed from the language's semantics. A failure names the seed
// and the file the program was written to (under the system's temporary folder).
//
// The programs run in the interpreter in worker processes (test/support/soak.ts: a process
// that has run a few hundred programs can no longer fork), batches of 50 seeds on every CPU at
// once. The native backend joins through `differential(seed, new SimRunner(grammar),
// spawnRunner('run'))` (test/support/differential.ts) or `checkSeeds({ ..., against: 'run' })`;
// the batches here run every program natively too (NativeRunner: the backend in the worker
// process), and a test compares the interpreter in a process of ours with `zolt sim` as a process.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { differential, firstDifference, type Runner } from '../support/differential';
import { generate, generateProgram } from '../support/program-generator';
import { checkSeeds, limiter, type SeedFailure } from '../support/soak';
import { unsupportedTarget } from 'zolt-server/backend';

const COUNT = Number(process.env['ZOLT_GENERATED'] ?? 500);
/** Where the native backend runs, every program is also built and run natively and must print,
 *  report and exit exactly as the interpreter does. */
const NATIVE = unsupportedTarget() === undefined ? 'native' : undefined;
const BATCH = 50;
/** The verifier takes a third of the time: the IR after the passes is verified for every 4th seed. */
const OPTIMISED_EVERY = 4;

function failureReport(failures: readonly SeedFailure[], of: number): string {
  return `${failures.length} of ${of} programs fail:\n\n${failures.slice(0, 5).map((f) => `seed ${f.seed}: ${f.problem}`).join('\n\n')}`;
}

describe('generated programs', () => {
  const batches = new Map<number, Promise<SeedFailure[]>>();
  before(() => {
    const limited = limiter(os.availableParallelism());
    for (let first = 1; first <= COUNT; first += BATCH) {
      const range = { start: first, count: Math.min(BATCH, COUNT - first + 1), verifyOptimisedEvery: OPTIMISED_EVERY, against: NATIVE };
      const batch = limited(() => checkSeeds(range));
      batch.catch(() => undefined); // awaited by its test
      batches.set(first, batch);
    }
  });

  it('a seed always gives the same program; seeds give different ones', () => {
    assert.equal(generateProgram(7), generateProgram(7));
    assert.deepEqual(generate(7, { errors: true }), generate(7, { errors: true }));
    const texts = new Set(Array.from({ length: 20 }, (_, i) => generateProgram(i + 1)));
    assert.equal(texts.size, 20);
  });

  it('programs are of the intended size and some end with a run-time error', () => {
    const programs = Array.from({ length: 200 }, (_, i) => generate(i + 1));
    const lines = programs.map((p) => p.text.split('\n').length).sort((a, b) => a - b);
    assert.ok(lines[0]! >= 40 && lines[lines.length - 1]! <= 600, `sizes ${lines[0]}..${lines[lines.length - 1]}`);
    const median = lines[lines.length >> 1]!;
    assert.ok(median >= 120 && median <= 320, `median ${median} lines`);
    const failing = programs.filter((p) => p.status === 101).length;
    assert.ok(failing >= 10 && failing <= 50, `${failing} of 200 end with an error`);
    assert.ok(programs.every((p) => p.oracleLines.length > 0));
  });

  for (let first = 1; first <= COUNT; first += BATCH) {
    const last = Math.min(first + BATCH - 1, COUNT);
    it(`seeds ${first}..${last}: clean check, verified IR, the predicted status, error and @ lines${NATIVE ? ', native run equal to the interpreter' : ''}`, async function () {
      this.timeout(600_000);
      const failures = await batches.get(first)!;
      assert.equal(failures.length, 0, failureReport(failures, last - first + 1));
    });
  }

  it('with errors: true every program ends with the run-time error it was built for', async function () {
    this.timeout(120_000);
    for (let seed = 1; seed <= 20; seed++) assert.equal(generate(seed, { errors: true }).status, 101);
    const failures = await checkSeeds({ start: 1, count: 20, errors: true });
    assert.equal(failures.length, 0, failureReport(failures, 20));
  });

  it('the interpreter run by the test support gives what `zolt sim` gives as a process', async function () {
    this.timeout(120_000);
    for (const errors of [false, true]) {
      const failures = await checkSeeds({ start: 1, count: 3, errors, against: 'sim' });
      assert.equal(failures.length, 0, failureReport(failures, 3));
    }
  });

  it('differential reports the first difference with the seed and the program', async () => {
    const echo: Runner = { name: 'echo', run: (program) => ({ stdout: program.text, stderr: '', status: 0 }) };
    const changed: Runner = {
      name: 'changed',
      run(program) {
        const lines = program.text.split('\n');
        lines[2] = `${lines[2]}!`;
        return { stdout: lines.join('\n'), stderr: '', status: 0 };
      },
    };
    assert.equal(await differential(5, echo, echo), undefined);
    const difference = await differential(5, echo, changed);
    assert.ok(difference);
    assert.match(difference.report, /^seed 5: stdout line 3 differs:\n {2}echo: .*\n {2}changed: .*!"\nprogram: .*seed-5\.zolt$/);
    assert.equal(fs.readFileSync(difference.file, 'utf8'), generateProgram(5));
    assert.equal(firstDifference({ stdout: 'a', stderr: '', status: 0 }, { stdout: 'a', stderr: '', status: 1 }), 'exit status differs: A 0, B 1');
  });
});
