// The native backend's runtime (server/src/backend/runtime/runtime.zolt), run in the interpreter
// and compared with the interpreter's own behaviour, which the native runtime must match byte for
// byte. The test programs are in test/backend/runtime/:
//
// - floats.zolt, formats.zolt: the runtime's formatting next to the interpreter's print of the
//   same values (every power of two, 40,000 pseudo-random floats, integers, pointers, runes,
//   quoted characters and strings).
// - report.zolt: the run-time error report on synthetic native stacks (stack.zolt), replaying
//   the interpreter's reports: every run fixture's, and those of programs written here.
// - print.zolt, order.zolt, memory.zolt, fail.zolt: the runtime's entry points themselves,
//   through C's stdio and exit, with intrinsics.c standing in for the backend's intrinsics
//   (built with the C compiler, skipped without one).

import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fromRoot } from '../support/paths';
import { listRunFixtures } from '../support/run-fixtures';

const PROGRAMS = fromRoot('test/backend/runtime');

interface Run {
  readonly stdout: Buffer;
  readonly stderr: Buffer;
  readonly status: number;
}

interface SimOptions {
  readonly cwd?: string;
  /** A folder with libzolt.so (intrinsics.c), for programs that call the runtime's entry points. */
  readonly library?: string;
  /** stdout and stderr into one file, in the order written (then `stdout` holds both). */
  readonly combined?: boolean;
}

/** Runs at most this many interpreters at once. */
const PARALLEL = Math.max(2, os.cpus().length);
let running = 0;
const waiting: (() => void)[] = [];

async function sim(program: string, args: readonly string[], options: SimOptions = {}): Promise<Run> {
  while (running >= PARALLEL) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await simNow(program, args, options);
  } finally {
    running--;
    waiting.shift()?.();
  }
}

function simNow(program: string, args: readonly string[], options: SimOptions): Promise<Run> {
  const env = { ...process.env };
  if (options.library) env['LD_LIBRARY_PATH'] = [options.library, env['LD_LIBRARY_PATH']].filter((p) => p).join(':');
  const combinedFile = options.combined ? path.join(scratch(), `combined-${fileCount++}`) : undefined;
  const fd = combinedFile ? fs.openSync(combinedFile, 'w') : undefined;
  const child = spawn(process.execPath, [fromRoot('server/bin/zolt.js'), 'sim', program, '--', ...args], {
    cwd: options.cwd ?? fromRoot(),
    env,
    stdio: fd === undefined ? ['ignore', 'pipe', 'pipe'] : ['ignore', fd, fd],
  });
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout?.on('data', (b: Buffer) => stdout.push(b));
  child.stderr?.on('data', (b: Buffer) => stderr.push(b));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status) => {
      if (fd !== undefined) fs.closeSync(fd);
      const out = combinedFile ? fs.readFileSync(combinedFile) : Buffer.concat(stdout);
      resolve({ stdout: out, stderr: Buffer.concat(stderr), status: status ?? -1 });
    });
  });
}

let scratchDir: string | undefined;
let fileCount = 0;

function scratch(): string {
  scratchDir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'zolt-runtime-'));
  return scratchDir;
}

function program(name: string): string {
  return path.join(PROGRAMS, name);
}

/** A run that must succeed without a word on stderr. */
function assertClean(run: Run): void {
  assert.equal(run.stderr.toString(), '', 'stderr');
  assert.equal(run.status, 0, 'exit status');
}

// ------------------------------------------------------------------ reports

interface Frame {
  readonly name: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** What a report says, as report.zolt and fail.zolt take it. */
interface ReportCase {
  readonly cwd: string;
  readonly failure: string;
  readonly numbers: readonly string[];
  /** The panic message's bytes. */
  readonly message?: Buffer;
  readonly frames: readonly Frame[];
  readonly tail: 'zero' | 'foreign' | 'loop';
  readonly hidden: boolean;
}

/** The interpreter's messages (vm/run.ts, vm/runtime.ts, vm/memory.ts) and their failure names. */
const MESSAGES: readonly (readonly [RegExp, string])[] = [
  [/^index (-?\d+) is out of bounds for length (-?\d+)$/, 'Bounds'],
  [/^slice \[(-?\d+):(-?\d+)\] is out of range for length (-?\d+)$/, 'Slice'],
  [/^a slice step must be positive, not (-?\d+)$/, 'Step'],
  [/^integer division by zero$/, 'DivZero'],
  [/^null pointer dereference$/, 'Null'],
  [/^'string_from' needs contiguous bytes, not a slice with step (-?\d+)$/, 'Contiguous'],
  [/^a negative size \((-?\d+)\)$/, 'Size'],
  [/^reached 'unreachable'$/, 'Unreachable'],
  [/^assertion failed$/, 'Assert'],
  [/^panic: /, 'Panic'],
  [/^out of memory: the allocator gave no memory for (-?\d+) bytes$/, 'Alloc'],
  [/^stack overflow \(the recursion is too deep\)$/, 'StackOverflow'],
  [/^cannot allocate a negative number of elements \((-?\d+)\)$/, 'NegativeCount'],
  [/^cannot allocate (-?\d+) elements of (-?\d+) bytes: too large$/, 'TooLarge'],
  [/^a string of negative length \((-?\d+)\)$/, 'NegativeLength'],
  [/^invalid memory access at 0x([0-9a-f]+)$/, 'BadAddress'],
];

/** Reads an interpreter's report (paths relative to `cwd`) back into what it says. */
function parseReport(report: string, cwd: string, vary: number, message?: Buffer): ReportCase {
  const lines = report.replace(/\n$/, '').split('\n');
  const header = /^(?:(.*):(\d+):(\d+)|<unknown>): runtime error: (.*)$/.exec(lines[0]!);
  assert.ok(header, `not a report: ${lines[0]}`);
  const text = header[4]!;
  const known = MESSAGES.find(([pattern]) => pattern.test(text));
  assert.ok(known, `a message the native runtime does not have: ${text}`);
  const match = known[0].exec(text)!;
  let numbers = match.slice(1).map((n) => n);
  if (known[1] === 'BadAddress') numbers = [BigInt(`0x${numbers[0]}`).toString()];
  const frames = lines.slice(1).filter((l) => l !== '    ...').map((l) => {
    const m = /^ {4}at (.*) \((.*):(\d+):(\d+)\)$/.exec(l);
    assert.ok(m, `not a frame: ${l}`);
    return { name: m[1]!, file: path.resolve(cwd, m[2]!), line: Number(m[3]), column: Number(m[4]) };
  });
  if (frames.length > 0) {
    const first = frames[0]!;
    assert.equal(`${path.resolve(cwd, header[1]!)}:${header[2]}:${header[3]}`, `${first.file}:${first.line}:${first.column}`, 'the error is where the first frame is');
  }
  return {
    cwd,
    failure: known[1],
    numbers,
    message: message ?? (known[1] === 'Panic' ? Buffer.from(text.slice('panic: '.length)) : undefined),
    frames,
    tail: (['zero', 'foreign', 'loop'] as const)[vary % 3]!,
    hidden: vary % 2 === 1,
  };
}

/** A case as arguments: CWD FAILURE A B C HEX, then the stack (stack.zolt). */
function caseArgs(c: ReportCase, withCwd = true): string[] {
  const numbers = [...c.numbers, '0', '0', '0'].slice(0, 3);
  const hex = c.message && c.message.length > 0 ? c.message.toString('hex') : '-';
  const frames = c.frames.flatMap((f) => [f.name, f.file, String(f.line), String(f.column)]);
  return [...(withCwd ? [c.cwd] : []), c.failure, ...numbers, hex, c.tail, c.hidden ? 'hidden' : 'plain', String(c.frames.length), ...frames];
}

/** The reports report.zolt writes for the cases, in one run. */
async function replay(cases: readonly ReportCase[]): Promise<string[]> {
  const run = await sim(program('report.zolt'), cases.flatMap((c) => caseArgs(c)));
  assertClean(run);
  const reports = run.stdout.toString().split('\x01\n'); // reports are UTF-8: a panic's message is made valid
  assert.equal(reports.pop(), '');
  assert.equal(reports.length, cases.length);
  return reports;
}

/** The interpreter's report, with a trace longer than 190 frames cut as the native one is. */
function nativeForm(report: string): string {
  const lines = report.replace(/\n$/, '').split('\n');
  if (lines.length <= 191 || lines.at(-1) !== '    ...') return report;
  return [...lines.slice(0, 191), '    ...'].join('\n') + '\n';
}

/** Programs whose run-time errors the run fixtures do not show. */
const INVALID_UTF8 = Buffer.from([
  0x6f, 0x6b, 0x20, 0xff, 0x20, 0xc3, 0x20, 0xe0, 0x80, 0x20, 0xed, 0xa0, 0x80, 0x20, 0xf4, 0x90, 0x80, 0x80, 0x20,
  0xf0, 0x9f, 0x98, 0x20, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80, 0xc0, 0xaf, 0xf8, 0x80, 0xe1, 0x80,
]);

const ERROR_PROGRAMS: Readonly<Record<string, string>> = {
  'index-extreme': 'fn at(xs: []i64, i: i64) -> i64 {\n    return xs[i];\n}\n\nfn main() {\n    var xs = [1, 2, 3];\n    println(at(xs[:], -9223372036854775807 - 1));\n}\n',
  'slice-extreme': 'fn main() {\n    var s = "hello";\n    var lo = 9223372036854775807;\n    println(s[lo:]);\n}\n',
  'step-extreme': 'fn main() {\n    var xs = [1, 2, 3];\n    var step = -9223372036854775807 - 1;\n    println(xs[::step]);\n}\n',
  'too-large': 'fn main() {\n    var n: i64 = 1 << 60;\n    var xs = alloc(i64, n);\n    println(xs.len);\n}\n',
  'panic-utf8': `fn main() {\n    panic("${[...INVALID_UTF8].map((b) => `\\x${b.toString(16).padStart(2, '0')}`).join('')}");\n}\n`,
  'string-negative': 'struct S { data: *u8, len: i64 }\n\nfn main() {\n    var s = S{ data: "abc".data, len: -2 };\n    print(*(&s as *string));\n}\n',
  'string-address': 'struct S { data: *u8, len: i64 }\n\nfn main() {\n    var s = S{ data: 16 as *u8, len: 3 };\n    print(*(&s as *string));\n}\n',
  'deep-trace': 'fn down(n: i64) {\n    if n == 0 {\n        var xs = [1];\n        var i = 5;\n        println(xs[i]);\n    }\n    down(n - 1);\n}\n\nfn main() {\n    down(300);\n}\n',
};

/** Frames named f0, f1, ... in files under `dir`. */
function syntheticFrames(count: number, dir: string): Frame[] {
  return Array.from({ length: count }, (_, i) => ({ name: `f${i}`, file: path.join(dir, `file${i % 3}.zolt`), line: i + 1, column: (i % 7) + 1 }));
}

/** The report the interpreter would print for a case (its rules, vm/run.ts runtimeErrorReport). */
function expectedReport(c: ReportCase, message: string, cwd: string | undefined): string {
  const show = (f: Frame) => {
    const r = cwd === undefined ? '' : path.relative(cwd, f.file);
    return `${r && !r.startsWith('..') ? r : f.file}:${f.line}:${f.column}`;
  };
  const overflow = c.failure === 'StackOverflow';
  const shown = c.frames.slice(0, overflow ? 10 : 190);
  const where = c.frames.length > 0 ? show(c.frames[0]!) : '<unknown>';
  const lines = [`${where}: runtime error: ${message}`, ...shown.map((f) => `    at ${f.name} (${show(f)})`)];
  if (overflow || c.frames.length >= 190) lines.push('    ...');
  return lines.join('\n') + '\n';
}

// ------------------------------------------------------------------ the tests

describe('native runtime (runtime.zolt, in the interpreter)', function () {
  this.timeout(120_000);

  after(() => {
    if (scratchDir) fs.rmSync(scratchDir, { recursive: true, force: true });
  });

  it('formats f64 and f32 as the interpreter prints them', async () => {
    const run = await sim(program('floats.zolt'), []);
    assertClean(run);
    const lines = run.stdout.toString().split('\n');
    assert.equal(lines.pop(), '');
    assert.ok(lines.length > 42_000, `only ${lines.length} values`);
    const wrong = lines.filter((l) => {
      const [, interpreter, runtime] = l.split('\t');
      return interpreter !== runtime;
    });
    assert.deepEqual(wrong.slice(0, 10), [], `${wrong.length} values differ (bits, interpreter, runtime)`);
  });

  it('formats integers, pointers, runes, quoted characters and strings as the interpreter prints them', async () => {
    const run = await sim(program('formats.zolt'), []);
    assertClean(run);
    const out = run.stdout;
    const counts = new Map<string, number>();
    let at = 0;
    while (at < out.length) {
      // KIND \t N \t N bytes (the runtime's) \t the interpreter's print \n
      const tab1 = out.indexOf(9, at);
      const tab2 = out.indexOf(9, tab1 + 1);
      const kind = out.subarray(at, tab1).toString();
      const length = Number(out.subarray(tab1 + 1, tab2).toString());
      const runtime = out.subarray(tab2 + 1, tab2 + 1 + length);
      const interpreter = out.subarray(tab2 + 2 + length, tab2 + 2 + 2 * length);
      const end = tab2 + 2 + 2 * length;
      const context = `${kind} #${counts.get(kind) ?? 0}: runtime ${JSON.stringify(runtime.toString('latin1'))}, interpreter ${JSON.stringify(out.subarray(tab2 + 2 + length, tab2 + 60 + length).toString('latin1'))}`;
      assert.ok(out[tab2 + 1 + length] === 9 && runtime.equals(interpreter) && out[end] === 10, context);
      counts.set(kind, (counts.get(kind) ?? 0) + 1);
      at = end + 1;
    }
    assert.deepEqual(Object.fromEntries(counts), { i64: 2067, u64: 2067, ptr: 505, rune: 2022, char: 256, string: 505 });
  });

  describe('error reports, replayed on synthetic native stacks', () => {
    it("every run fixture's report", async () => {
      const fixtures = listRunFixtures(fromRoot('test/fixtures/run')).filter((f) => f.status === 101 && f.stderr.includes(': runtime error: '));
      assert.ok(fixtures.length >= 10, `only ${fixtures.length} fixtures with run-time errors`);
      const cases = fixtures.map((f, i) => parseReport(f.stderr, f.dir, i));
      const reports = await replay(cases);
      fixtures.forEach((f, i) => assert.equal(reports[i], f.stderr, f.name));
    });

    it('reports of errors the fixtures do not show (extreme numbers, invalid UTF-8 in a panic, bad strings, deep traces)', async () => {
      const dir = path.join(scratch(), 'errors');
      fs.mkdirSync(dir, { recursive: true });
      const names = Object.keys(ERROR_PROGRAMS);
      const runs = await Promise.all(names.map((name) => {
        fs.writeFileSync(path.join(dir, `${name}.zolt`), ERROR_PROGRAMS[name]!);
        return sim(`${name}.zolt`, [], { cwd: dir });
      }));
      const reports = runs.map((run, i) => {
        assert.equal(run.status, 101, `${names[i]}: ${run.stderr.toString()}`);
        return run.stderr.toString();
      });
      const cases = reports.map((r, i) => parseReport(r, dir, i, names[i] === 'panic-utf8' ? INVALID_UTF8 : undefined));
      assert.ok(cases.find((c) => c.failure === 'Bounds' && c.frames.length >= 190), 'the deep trace is cut');
      const replayed = await replay(cases);
      names.forEach((name, i) => assert.equal(replayed[i], nativeForm(reports[i]!), name));
    });

    it('traces stop after 190 frames, and after 10 in a stack overflow, with a line "    ..."', async () => {
      const dir = fromRoot();
      const counts = [0, 1, 189, 190, 191, 300];
      const cases: ReportCase[] = [
        ...counts.map((n, i) => ({ cwd: dir, failure: 'Assert', numbers: [], frames: syntheticFrames(n, dir), tail: 'zero' as const, hidden: i % 2 === 0 })),
        ...[0, 3, 10, 11, 50].map((n) => ({ cwd: dir, failure: 'StackOverflow', numbers: [], frames: syntheticFrames(n, dir), tail: 'foreign' as const, hidden: true })),
      ];
      const reports = await replay(cases);
      cases.forEach((c, i) => {
        const message = c.failure === 'Assert' ? 'assertion failed' : 'stack overflow (the recursion is too deep)';
        assert.equal(reports[i], expectedReport(c, message, dir), `${c.failure} with ${c.frames.length} frames`);
      });
    });

    it('paths relative to the working folder as the interpreter shows them', async () => {
      const files = ['/a/b.zolt', '/work/x/sub/y.zolt', '/work/x/y.zolt', '/work/xy/z.zolt', '/work/x', '/work/x/..hidden/y.zolt', '/work/x/.../y.zolt', '/other/z.zolt', '/work/y.zolt'];
      const frames = files.map((file, i) => ({ name: `f${i}`, file, line: i + 1, column: 2 }));
      const cwds = ['/', '/work/x', '/work', '/work/x/sub', '-'];
      const cases = cwds.map((cwd): ReportCase => ({ cwd, failure: 'DivZero', numbers: [], frames, tail: 'zero', hidden: false }));
      const reports = await replay(cases);
      cases.forEach((c, i) => assert.equal(reports[i], expectedReport(c, 'integer division by zero', c.cwd === '-' ? undefined : c.cwd), `cwd ${c.cwd}`));
    });
  });

  describe('the entry points, through C (intrinsics.c as libzolt.so)', () => {
    let library = '';

    before(function () {
      const compiler = ['cc', 'gcc', 'clang'].find((c) => spawnSync(c, ['--version']).status === 0);
      if (!compiler) {
        console.log('      (skipped: no C compiler for the stand-in intrinsics)');
        this.skip();
      }
      library = path.join(scratch(), 'lib');
      fs.mkdirSync(library, { recursive: true });
      const built = spawnSync(compiler, ['-shared', '-fPIC', '-O1', '-o', path.join(library, 'libzolt.so'), program('intrinsics.c')], { encoding: 'utf8' });
      assert.equal(built.status, 0, built.stderr);
    });

    it('every rt_print_ function prints what print and eprint do, on stdout and stderr', async () => {
      const run = await sim(program('print.zolt'), [], { library });
      assert.equal(run.status, 0, run.stderr.toString());
      for (const [stream, bytes] of [['stdout', run.stdout], ['stderr', run.stderr]] as const) {
        const lines = bytes.toString('latin1').split('\n');
        assert.equal(lines.pop(), '');
        assert.ok(lines.length >= 60, `${stream}: ${lines.length} lines`);
        for (const line of lines) {
          const parts = line.split('\t');
          const half = parts.length / 2;
          assert.equal(parts.slice(half).join('\t'), parts.slice(0, half).join('\t'), `${stream}: runtime, then interpreter`);
        }
      }
    });

    it('stdout is flushed before every write to stderr', async () => {
      const run = await sim(program('order.zolt'), [], { library, combined: true });
      assert.equal(run.status, 0);
      assert.equal(run.stdout.toString(), 'out 1\nerr 1\n2\n2.5\ntrue"q"\n\n');
    });

    it('str_eq, str_cmp, strlen, alloc_size, the heap, copy, clock and args', async () => {
      const args = ['one', '', 'two words', 'café', '--', '-x'];
      const run = await sim(program('memory.zolt'), args, { library });
      assertClean(run);
      assert.equal(run.stdout.toString(), `strings ok 169\nsizes ok\nheap ok\ncopy ok 900\nclock ok\nargs ok ${args.length}\n`);
    });

    it('each failure: the report after the program\'s output, exit status 101', async () => {
      const dir = fromRoot('test/fixtures/run');
      const frames = syntheticFrames(4, dir);
      const failures: [string, string[], Buffer?][] = [
        ['Bounds', ['7', '3']], ['Slice', ['4', '2', '9']], ['Step', ['-3']], ['DivZero', []], ['Null', []],
        ['Contiguous', ['2']], ['Size', ['-8']], ['Unreachable', []], ['Assert', []], ['Panic', [], Buffer.from([0x62, 0x6f, 0x6f, 0x6d, 0x20, 0xff])],
        ['Alloc', ['1125899906842624']], ['StackOverflow', []], ['NegativeCount', ['-5', '8']],
        // 2^51 elements of 8 bytes: the product is too large (too-large above has a count that is)
        ['TooLarge', ['2251799813685248', '8']], ['NegativeLength', ['-2']], ['BadAddress', ['16']], ['BadAddress', ['0']],
      ];
      const cases = failures.map(([failure, numbers, message], i): ReportCase => ({
        cwd: dir, failure, numbers, message, frames: failure === 'StackOverflow' ? syntheticFrames(30, dir) : frames, tail: (['zero', 'foreign', 'loop'] as const)[i % 3]!, hidden: i % 2 === 0,
      }));
      const [expected, runs] = await Promise.all([
        replay(cases),
        Promise.all(cases.map((c) => sim(program('fail.zolt'), caseArgs(c, false), { library, cwd: dir, combined: true }))),
      ]);
      cases.forEach((c, i) => {
        assert.equal(runs[i]!.status, 101, `${c.failure}: ${runs[i]!.stdout.toString()}`);
        assert.equal(runs[i]!.stdout.toString(), `before\npartial${expected[i]}`, c.failure);
      });
    });
  });
});
