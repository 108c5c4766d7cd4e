// What each optimisation level buys, per benchmark program (`npm run bench:passes`): the run
// time of the executable built at -O0, -O1 and -O2 (median of ROUNDS runs, the three taking
// turns so that noise falls on all of them), and what each pass cost to compile (summed over the
// program's functions, median of BUILDS warm in-process builds). A pass is worth its place when
// some program runs faster at the level that adds it than at the level before, for a compile
// time that is small beside the build. Results: bench/results/passes.md.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { compileNative, executableBytes } from 'zolt-server/backend';
import { lowerProgram, type IrProgram } from 'zolt-server/ir';
import { optimize, type OptLevel } from 'zolt-server/ir/opt/index';
import { Workspace } from 'zolt-server/semantics';
import { elaborate } from 'zolt-server/semantics/elaborate';
import { loadGrammar, type ZoltGrammar } from 'zolt-server/syntax';

const ROOT = path.resolve(__dirname, '..', '..');
const PROGRAMS = path.join(ROOT, 'bench', 'programs');
const RESULTS = path.join(ROOT, 'bench', 'results', 'passes.md');
const LEVELS: readonly OptLevel[] = [0, 1, 2];
const ROUNDS = 7;
const BUILDS = 5;

function lowered(grammar: ZoltGrammar, file: string): IrProgram {
  const workspace = new Workspace(grammar);
  try {
    workspace.reload(file);
    const result = elaborate(workspace, file, { roots: 'main' });
    if (!result.ok) throw new Error(`${file} does not elaborate`);
    return lowerProgram(result.program, (f) => workspace.document(f)?.lineIndex);
  } finally {
    workspace.dispose();
  }
}

/** The passes -O2 adds (inline, tailrec, self-inline) that change the program's functions. */
const O2_ONLY: ReadonlySet<string> = new Set(['inline', 'tailrec', 'self-inline']);

function changedAtO2(ir: IrProgram): string[] {
  const changed: string[] = [];
  let previous = ir;
  optimize(ir, {
    level: 2,
    after: (pass, program) => {
      if (O2_ONLY.has(pass) && program.functions.some((f, i) => f !== previous.functions[i])) changed.push(pass);
      previous = program;
    },
  });
  return changed;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** The passes' compile times at a level, each the median over the builds. */
function passTimes(grammar: ZoltGrammar, ir: IrProgram, level: OptLevel): Map<string, number> {
  const runs: Map<string, number>[] = [];
  for (let b = 0; b <= BUILDS; b++) {
    const times = new Map<string, number>();
    compileNative(ir, grammar, { level, time: (pass, ms) => times.set(pass, (times.get(pass) ?? 0) + ms) });
    if (b > 0) runs.push(times); // the first build warms the JIT and the runtime's cache
  }
  return new Map([...runs[0]!.keys()].map((pass) => [pass, median(runs.map((r) => r.get(pass) ?? 0))]));
}

function timeRun(exe: string, expected: string): number {
  const start = performance.now();
  const result = spawnSync(exe, [], { encoding: 'utf8', timeout: 300_000 });
  const ms = performance.now() - start;
  if (result.stdout !== expected) throw new Error(`${exe} printed something else than its .out`);
  return ms;
}

async function main(): Promise<void> {
  const grammar = await loadGrammar();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zolt-bench-passes-'));
  const started = new Date().toISOString().slice(0, 16).replace('T', ' ');
  const load = fs.readFileSync('/proc/loadavg', 'utf8').trim();
  const rows: string[] = [];
  const passRows = new Map<string, number[]>();
  const names = fs.readdirSync(PROGRAMS).filter((f) => f.endsWith('.zolt')).sort();
  try {
    for (const name of names) {
      const file = path.join(PROGRAMS, name);
      const expected = fs.readFileSync(file.replace(/\.zolt$/, '.out'), 'utf8');
      const ir = lowered(grammar, file);
      const exes = LEVELS.map((level) => {
        const exe = path.join(dir, `${name}.O${level}`);
        fs.writeFileSync(exe, executableBytes(compileNative(ir, grammar, { level })), { mode: 0o755 });
        return exe;
      });
      const samples = LEVELS.map(() => [] as number[]);
      for (let r = 0; r < ROUNDS; r++) LEVELS.forEach((_, i) => samples[(i + r) % LEVELS.length]!.push(timeRun(exes[(i + r) % LEVELS.length]!, expected)));
      const [o0, o1, o2] = samples.map(median) as [number, number, number];
      const same = fs.readFileSync(exes[1]!).equals(fs.readFileSync(exes[2]!));
      const moved = same ? 'no call to inline, no tail call' : `${changedAtO2(ir).join(', ') || 'inline, tailrec'}: ${(o1 / o2).toFixed(2)}x faster`;
      rows.push(`| ${name.replace(/\.zolt$/, '')} | ${o0.toFixed(1)} ms | ${o1.toFixed(1)} ms | ${o2.toFixed(1)} ms | ${(o0 / o1).toFixed(2)}x | ${moved} |`);
      for (const [pass, ms] of passTimes(grammar, ir, 2)) {
        const list = passRows.get(pass) ?? [];
        list.push(ms);
        passRows.set(pass, list);
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const programs = names.map((n) => n.replace(/\.zolt$/, ''));
  const text = [
    '# What each optimisation level buys',
    '',
    `Measured ${started} UTC by \`npm run bench:passes\`; load at the start \`${load}\`, at the end \`${fs.readFileSync('/proc/loadavg', 'utf8').trim()}\`.`,
    `Run time: median of ${ROUNDS} runs of each executable (the three levels taking turns), stdout checked against NAME.out. Compile time: median of ${BUILDS} warm in-process builds at -O2, each pass summed over the program's functions and the runtime functions it reaches (a timed build compiles the runtime afresh: its machine code is cached only for untimed builds).`,
    '',
    '## Run time by level',
    '',
    '| program | -O0 | -O1 | -O2 | -O1 against -O0 (sroa, readonly-loads, the SSA passes fold, cfg, params, checks, divide, dce) | -O2 against -O1 (inline, tailrec, self-inline) |',
    '|---|---:|---:|---:|---:|---|',
    ...rows,
    '',
    '## Compile time per pass at -O2 (ms)',
    '',
    `| pass | ${programs.join(' | ')} |`,
    `|---|${programs.map(() => '---:').join('|')}|`,
    ...[...passRows].map(([pass, ms]) => `| ${pass} | ${ms.map((m) => m.toFixed(2)).join(' | ')} |`),
    '',
  ].join('\n');
  fs.writeFileSync(`${RESULTS}.tmp`, text);
  fs.renameSync(`${RESULTS}.tmp`, RESULTS);
  process.stdout.write(text);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:passes: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
