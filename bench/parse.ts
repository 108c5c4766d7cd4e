// Parse benchmark: full-parse throughput and one-character incremental reparse latency
// (tree.edit + parse with the old tree), for web-tree-sitter and the native binding, on
// generated 10,000- and 100,000-line files. Writes bench/results/parse.{md,json}.
//
//   npm run bench:parse            (about a minute)
//
// Each figure is compared with a reference measured in the same run: the incremental reparse
// with a full parse of the same file, and the grammar with its block-comment scanner against
// a variant without it (built by bench/build-variants.sh when the grammar tools are present).

import * as fs from 'node:fs';
import * as path from 'node:path';
import NativeParser = require('tree-sitter');
import { Edit, Language, Parser, type Tree } from 'web-tree-sitter';
import { loadGrammar } from 'zolt-server/syntax';
import { generateFile, type GeneratedFile } from './generate';
import { fmt, machine, median, percentile } from './stats';

interface Subject {
  name: string;
  parse(text: string): unknown;
  /** Applies a one-character replacement at `at` and reparses; returns the new tree. */
  reparse(tree: unknown, before: string, after: string, at: number): unknown;
  release(tree: unknown): void;
}

interface Row {
  subject: string;
  lines: number;
  megabytes: number;
  topLevelItems: number;
  fullMs: number;
  throughputMBs: number;
  incrementalP50: number;
  incrementalP95: number;
  incrementalMax: number;
}

const FULL_RUNS = { 10_000: 7, 100_000: 3 } as Record<number, number>;
const EDITS = 60;
const WARMUP_EDITS = 10;

function point(text: string, index: number) {
  const lineStart = text.lastIndexOf('\n', index - 1) + 1;
  let row = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) row++;
  return { row, column: index - lineStart };
}

function editDescription(before: string, at: number) {
  const start = point(before, at);
  return {
    startIndex: at,
    oldEndIndex: at + 1,
    newEndIndex: at + 1,
    startPosition: start,
    oldEndPosition: { row: start.row, column: start.column + 1 },
    newEndPosition: { row: start.row, column: start.column + 1 },
  };
}

async function webSubject(name: string, wasm?: string): Promise<Subject> {
  let parser: Parser;
  if (wasm) {
    const grammar = await loadGrammar(); // initialises the runtime
    void grammar;
    parser = new Parser();
    parser.setLanguage(await Language.load(wasm));
  } else {
    parser = (await loadGrammar()).newParser();
  }
  return {
    name,
    parse: (text) => parser.parse(text),
    reparse(tree, before, after, at) {
      const old = tree as Tree;
      old.edit(new Edit(editDescription(before, at)));
      return parser.parse(after, old);
    },
    release: (tree) => (tree as Tree).delete(),
  };
}

function nativeSubject(): Subject {
  const parser = new NativeParser();
  parser.setLanguage(require('tree-sitter-zolt') as NativeParser.Language);
  const input = (text: string) => (index: number) => text.slice(index, index + 65536);
  return {
    name: 'native tree-sitter',
    parse: (text) => parser.parse(input(text), null, { bufferSize: 65536 }),
    reparse(tree, before, after, at) {
      const old = tree as NativeParser.Tree;
      old.edit(editDescription(before, at));
      return parser.parse(input(after), old, { bufferSize: 65536 });
    },
    release: () => undefined,
  };
}

function measure(subject: Subject, file: GeneratedFile, lines: number): Row {
  const full: number[] = [];
  subject.release(subject.parse(file.text)); // warm-up
  for (let i = 0; i < (FULL_RUNS[lines] ?? 3); i++) {
    const start = performance.now();
    const tree = subject.parse(file.text);
    full.push(performance.now() - start);
    subject.release(tree);
  }

  // Edits cycle through five places in the file (start, quarter, middle, three quarters, end):
  // the cost of tree-sitter's reuse depends on the structure around the edit, not its offset.
  let text = file.text;
  let tree = subject.parse(text);
  const incremental: number[] = [];
  const spots = [0.01, 0.25, 0.5, 0.75, 0.99].map((f) => file.bodyDigits[Math.floor(f * (file.bodyDigits.length - 1))]!);
  for (let i = 0; i < EDITS + WARMUP_EDITS; i++) {
    const at = spots[i % spots.length]!;
    const after = text.slice(0, at) + (text[at] === '1' ? '2' : '1') + text.slice(at + 1);
    const start = performance.now();
    const next = subject.reparse(tree, text, after, at);
    const elapsed = performance.now() - start;
    subject.release(tree);
    tree = next;
    text = after;
    if (i >= WARMUP_EDITS) incremental.push(elapsed);
  }
  subject.release(tree);

  const megabytes = Buffer.byteLength(file.text) / 1e6;
  return {
    subject: subject.name,
    lines,
    megabytes,
    topLevelItems: file.topLevelItems,
    fullMs: median(full),
    throughputMBs: megabytes / (median(full) / 1000),
    incrementalP50: median(incremental),
    incrementalP95: percentile(incremental, 95),
    incrementalMax: Math.max(...incremental),
  };
}

async function main() {
  const variantWasm = path.join(__dirname, '..', '..', 'bench', '.variants', 'no-scanner.wasm');
  const subjects: Subject[] = [await webSubject('web-tree-sitter'), nativeSubject()];
  const rows: Row[] = [];
  for (const lines of [10_000, 100_000]) {
    const file = generateFile(lines);
    for (const subject of subjects) {
      const row = measure(subject, file, lines);
      rows.push(row);
      console.log(`${row.subject} ${lines} lines: full ${fmt(row.fullMs, 1)} ms, incremental p50 ${fmt(row.incrementalP50)} ms p95 ${fmt(row.incrementalP95)} ms`);
    }
  }

  // A/B: the same grammar with block comments as a regular token instead of the external
  // scanner (that variant cannot nest comments, so its input has no nested comments).
  const ab: Row[] = [];
  if (fs.existsSync(variantWasm)) {
    const withScanner = await webSubject('web-tree-sitter, with scanner');
    const withoutScanner = await webSubject('web-tree-sitter, no scanner', variantWasm);
    for (const lines of [10_000, 100_000]) {
      const file = generateFile(lines, { nestedComments: false });
      for (const subject of [withScanner, withoutScanner]) ab.push(measure(subject, file, lines));
    }
  }

  writeResults(rows, ab);
}

function writeResults(rows: Row[], ab: Row[]) {
  const dir = path.join(__dirname, '..', '..', 'bench', 'results');
  fs.mkdirSync(dir, { recursive: true });
  const table = (list: Row[]) => [
    '| runtime | lines | MB | top-level items | full parse (ms) | MB/s | reparse p50 (ms) | p95 (ms) | max (ms) | reparse / full |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...list.map((r) =>
      `| ${r.subject} | ${r.lines.toLocaleString('en')} | ${r.megabytes.toFixed(2)} | ${r.topLevelItems.toLocaleString('en')} | ${fmt(r.fullMs, 1)} | ${fmt(r.throughputMBs)} | ${fmt(r.incrementalP50)} | ${fmt(r.incrementalP95)} | ${fmt(r.incrementalMax)} | ${fmt(r.incrementalP50 / r.fullMs, 3)} |`),
  ];
  const perItem = rows
    .filter((r) => r.lines === 100_000)
    .map((r) => `${r.subject}: ${fmt((r.incrementalP50 * 1000) / r.topLevelItems, 2)} µs per top-level item`);
  const md = [
    '# Parse benchmark',
    '',
    `Generated by \`npm run bench:parse\` on ${new Date().toISOString().slice(0, 10)} (${machine()}).`,
    'Files come from `bench/generate.ts`; a reparse is `tree.edit` plus `parse(newText, oldTree)` after',
    'changing one digit inside a function body, cycling through five places in the file.',
    '',
    ...table(rows),
    '',
    ...(ab.length
      ? ['Block comments from the external scanner against a regular-token variant (same run, same input', 'without nested comments):', '', ...table(ab), '']
      : ['(The scanner A/B needs `bench/build-variants.sh`, which needs the grammar tools.)', '']),
    `Reparse cost per top-level item at 100,000 lines: ${perItem.join('; ')}.`,
    '',
  ].join('\n');
  fs.writeFileSync(path.join(dir, 'parse.md.tmp'), md);
  fs.renameSync(path.join(dir, 'parse.md.tmp'), path.join(dir, 'parse.md'));
  fs.writeFileSync(path.join(dir, 'parse.json.tmp'), JSON.stringify({ date: new Date().toISOString(), machine: machine(), rows, ab }, null, 2) + '\n');
  fs.renameSync(path.join(dir, 'parse.json.tmp'), path.join(dir, 'parse.json'));
  console.log(`wrote ${path.join(dir, 'parse.md')}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
