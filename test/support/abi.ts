// The ABI suite (test/fixtures/abi): Zolt programs calling C through `foreign` declarations,
// each checked against a C program making the same calls. Its parts:
//
//   abi.c, abi.h   a C library with every kind of argument and result (built as libabi.so)
//   NAME.zolt      a program calling it (or libc) and printing every result
//   NAME.c         its oracle: the same calls from C, the same lines (driver.h formats them)
//
// gcc builds the library and the drivers into a temporary folder; each program then runs
// with LD_LIBRARY_PATH set to that folder, and must print exactly what its driver printed,
// with nothing on stderr and status 0. The way a program is run is a parameter (a runner),
// so that the interpreter (`zolt sim`) and the native backend (`zolt run`) pass the same
// suite: runAbiSuite('zolt run', nativeRunner).
//
// By hand, in test/fixtures/abi (D a folder):
//   gcc -shared -fPIC -O1 -o D/libabi.so abi.c && gcc -O1 -fno-builtin -o D/structs structs.c -LD -labi -lm
//   diff <(LD_LIBRARY_PATH=D D/structs) <(LD_LIBRARY_PATH=D zolt sim structs.zolt)
// With ABI_TRACE=1 both write every checksum's inputs to stderr, to compare argument by argument.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fromRoot } from './paths';

export const ABI_DIR = fromRoot('test/fixtures/abi');

export interface AbiCase {
  /** The program's name: NAME of NAME.zolt. */
  readonly name: string;
  /** NAME.zolt. */
  readonly program: string;
  /** NAME.c, the driver whose output the program must print. */
  readonly driver: string;
}

export interface RunResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly status: number;
}

/** Runs a Zolt program (in `cwd`, with `env`, which lets the loader find libabi.so). */
export type AbiRunner = (program: string, options: { readonly cwd: string; readonly env: NodeJS.ProcessEnv }) => RunResult;

/** The suite's programs, each with its driver, by name. */
export function abiCases(): AbiCase[] {
  return fs.readdirSync(ABI_DIR).filter((f) => f.endsWith('.zolt')).sort().map((f) => {
    const name = f.slice(0, -'.zolt'.length);
    return { name, program: path.join(ABI_DIR, f), driver: path.join(ABI_DIR, `${name}.c`) };
  });
}

/** What the suite is built into: libabi.so and one driver executable per case. */
export interface AbiBuild {
  readonly dir: string;
  /** The environment a program runs in: LD_LIBRARY_PATH starts with `dir`. */
  readonly env: NodeJS.ProcessEnv;
  /** Each case's expected output: what its driver printed. */
  readonly expected: ReadonlyMap<string, string>;
}

/** Why the suite cannot run here, or undefined when it can. */
export function abiUnsupported(): string | undefined {
  if (process.platform !== 'linux' || process.arch !== 'x64') return 'the ABI suite is for x86-64 Linux (System V AMD64)';
  const gcc = spawnSync('gcc', ['--version'], { encoding: 'utf8' });
  if (gcc.error !== undefined || gcc.status !== 0) return 'gcc is not installed (the suite builds its C library and drivers with it)';
  return undefined;
}

function run(command: string, args: readonly string[], env?: NodeJS.ProcessEnv): RunResult {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 60_000, env });
  if (result.error) throw result.error;
  return { stdout: result.stdout, stderr: result.stderr, status: result.status ?? -1 };
}

function gcc(args: readonly string[]): void {
  const result = run('gcc', args);
  assert.equal(result.status, 0, `gcc ${args.join(' ')} failed:\n${result.stderr}`);
}

/** Builds libabi.so and the drivers into a new temporary folder and runs the drivers. */
export function buildAbi(cases: readonly AbiCase[]): AbiBuild {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zolt-abi-'));
  gcc(['-shared', '-fPIC', '-O1', '-o', path.join(dir, 'libabi.so'), path.join(ABI_DIR, 'abi.c')]);
  const env = { ...process.env, LD_LIBRARY_PATH: [dir, process.env['LD_LIBRARY_PATH']].filter(Boolean).join(':') };
  const expected = new Map<string, string>();
  for (const c of cases) {
    const exe = path.join(dir, c.name);
    // -fno-builtin: the driver calls the C library as the program does, rather than what gcc folds.
    gcc(['-O1', '-fno-builtin', '-o', exe, c.driver, `-L${dir}`, '-labi', '-lm']);
    const result = run(exe, [], env);
    assert.deepEqual({ stderr: result.stderr, status: result.status }, { stderr: '', status: 0 }, `the driver ${c.name}.c failed`);
    expected.set(c.name, result.stdout);
  }
  return { dir, env, expected };
}

/** The ABI suite as mocha tests, each program run by `runner` (named `name` in the titles). */
export function runAbiSuite(name: string, runner: AbiRunner): void {
  describe(`ABI suite (${name})`, function () {
    this.timeout(120_000);
    const cases = abiCases();
    let build: AbiBuild | undefined;

    before(function () {
      const why = abiUnsupported();
      if (why !== undefined) {
        console.log(`      (skipped: ${why})`);
        this.skip();
      }
      build = buildAbi(cases);
    });

    after(() => {
      if (build) fs.rmSync(build.dir, { recursive: true, force: true });
    });

    it('has its programs, each with a driver', () => {
      assert.ok(cases.length >= 4, `only ${cases.length} programs`);
      for (const c of cases) assert.ok(fs.existsSync(c.driver), `${c.name}.zolt has no driver ${c.name}.c`);
    });

    for (const c of cases) {
      it(`${c.name}.zolt prints what ${c.name}.c prints`, () => {
        const { env, expected } = build!;
        const result = runner(c.program, { cwd: ABI_DIR, env });
        assert.deepEqual(result, { stdout: expected.get(c.name), stderr: '', status: 0 });
      });
    }
  });
}
