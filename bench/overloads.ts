// Large overload sets: one file declaring N structs and N overloads of one function `f`, each
// taking one of the structs, and a main that makes N/10 calls of `f`. `zolt check` runs on it
// as a user runs it (a process), for N from 1,000 to 16,000, and the time and peak memory are
// written to bench/results/overloads.{md,json}. Checking should grow about linearly with N
// (each call compares its arguments with every candidate once).
//
//   npm run bench:overloads

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fmt, machine, median } from './stats';

const SIZES = [1000, 2000, 4000, 8000, 16000];
const RUNS = 3;
const ZOLT = path.resolve(__dirname, '..', '..', 'server', 'bin', 'zolt.js');

function program(n: number): string {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    lines.push(`struct S${i} { v: i64 }`, '', `fn f(x: S${i}) -> i64 {`, `    return x.v + ${i};`, '}', '');
  }
  lines.push('fn main() {');
  for (let i = 0; i < n; i += 10) lines.push(`    println(f(S${i}{ v: 1 }));`);
  lines.push('}', '');
  return lines.join('\n');
}

interface Row {
  overloads: number;
  lines: number;
  calls: number;
  ms: number;
  peakMB: number;
}

function measure(file: string): { ms: number; peakMB: number } {
  const start = performance.now();
  const result = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, ZOLT, 'check', file], { encoding: 'utf8' });
  const ms = performance.now() - start;
  if (result.status !== 0) throw new Error(`zolt check failed: ${result.stdout}${result.stderr}`);
  const peakKB = Number(result.stderr.trim().split('\n').pop());
  return { ms, peakMB: peakKB / 1024 };
}

function main(): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zolt-overloads-'));
  const rows: Row[] = [];
  try {
    for (const n of SIZES) {
      const text = program(n);
      const file = path.join(dir, `overloads-${n}.zolt`);
      fs.writeFileSync(file, text);
      const runs = Array.from({ length: RUNS }, () => measure(file));
      rows.push({ overloads: n, lines: text.split('\n').length, calls: Math.ceil(n / 10), ms: median(runs.map((r) => r.ms)), peakMB: median(runs.map((r) => r.peakMB)) });
      console.log(`${n} overloads: ${fmt(rows[rows.length - 1]!.ms, 0)} ms, ${fmt(rows[rows.length - 1]!.peakMB, 0)} MB`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const base = rows[0]!;
  const table = [
    '| overloads | lines | calls | zolt check (ms, median of 3) | ms per overload | peak RSS (MB) |',
    '|---:|---:|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.overloads} | ${r.lines} | ${r.calls} | ${fmt(r.ms, 0)} | ${fmt(r.ms / r.overloads, 3)} | ${fmt(r.peakMB, 0)} |`),
  ];
  const growth = rows.map((r) => `${r.overloads / base.overloads}x overloads: ${fmt(r.ms / base.ms, 1)}x time`).join(', ');
  const md = [
    '# Large overload sets',
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} on ${machine()}; load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}.`,
    '`zolt check` on one file with N overloads of `f` (one per struct) and N/10 calls, as a process (Node start included).',
    '',
    ...table,
    '',
    `Growth against the smallest: ${growth}.`,
    '',
  ].join('\n');
  const out = path.resolve(__dirname, '..', '..', 'bench', 'results');
  fs.writeFileSync(path.join(out, 'overloads.md'), md);
  fs.writeFileSync(path.join(out, 'overloads.json'), JSON.stringify({ machine: machine(), rows }, null, 2) + '\n');
  console.log(md);
}

main();
