// Code action fixtures (test/fixtures/actions): a program with a cursor or a selection, the
// action to apply, and the text expected after it, or the reason it is refused.
//
//   <name>.zolt          the program; its first line says `// action: <exact title>` or
//                        `// no action: <title prefix>` (nothing of that name is offered, not
//                        even disabled). `/*|*/` marks the cursor, `/*[*/ ... /*]*/` a
//                        selection; the markers are removed before the program is analysed.
//   <name>.after.zolt    the program after the action (markers removed), or
//   <name>.refused       the reason the action is disabled with (one line).
//   <name>/              a program of several files: `main.zolt` holds the header and the
//                        markers; `<file>.after` for each file the action changes.
//
// ZOLT_UPDATE_EXPECTED=1 writes what the action does as the expectation (read it before you
// commit it).

import * as fs from 'node:fs';
import * as path from 'node:path';

export const CURSOR = '/*|*/';
export const SELECTION_START = '/*[*/';
export const SELECTION_END = '/*]*/';

export interface ActionFixture {
  readonly name: string;
  /** The file with the markers. */
  readonly main: string;
  /** Every file of the program with its text (markers removed). */
  readonly files: ReadonlyMap<string, string>;
  readonly start: number;
  readonly end: number;
  /** The action's exact title, or for `no action`, the prefix no offered title may have. */
  readonly title: string;
  readonly expectNone: boolean;
  /** The expected text per changed file, or the expected refusal. */
  readonly expected: { readonly kind: 'after'; readonly files: ReadonlyMap<string, string> } | { readonly kind: 'refused'; readonly reason: string } | { readonly kind: 'none' } | undefined;
  /** Where the expectation is written on update: the file for each changed file, or the refusal file. */
  readonly afterPath: (file: string) => string;
  readonly refusedPath: string;
}

/** Removes the markers; the selection (or the cursor twice) in the text without them. */
export function stripMarkers(text: string): { text: string; start: number; end: number } | undefined {
  const cursor = text.indexOf(CURSOR);
  if (cursor >= 0) return { text: text.slice(0, cursor) + text.slice(cursor + CURSOR.length), start: cursor, end: cursor };
  const open = text.indexOf(SELECTION_START);
  const close = text.indexOf(SELECTION_END);
  if (open < 0 || close < open) return undefined;
  const inner = text.slice(open + SELECTION_START.length, close);
  return { text: text.slice(0, open) + inner + text.slice(close + SELECTION_END.length), start: open, end: open + inner.length };
}

export function listActionFixtures(dir: string): ActionFixture[] {
  return fs.readdirSync(dir, { withFileTypes: true })
    .filter((e) => (e.isFile() && e.name.endsWith('.zolt') && !e.name.endsWith('.after.zolt')) || e.isDirectory())
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((e) => (e.isDirectory() ? folderFixture(path.join(dir, e.name)) : fileFixture(path.join(dir, e.name))));
}

function header(text: string, where: string): { title: string; expectNone: boolean } {
  const first = text.split('\n', 1)[0];
  const m = /^\/\/ (no action|action): (.+)$/.exec(first);
  if (!m) throw new Error(`${where}: the first line must be '// action: <title>' or '// no action: <title prefix>'`);
  return { title: m[2].trim(), expectNone: m[1] === 'no action' };
}

function fileFixture(file: string): ActionFixture {
  const raw = fs.readFileSync(file, 'utf8');
  const marked = stripMarkers(raw);
  if (!marked) throw new Error(`${file}: no cursor (${CURSOR}) or selection (${SELECTION_START}...${SELECTION_END})`);
  const { title, expectNone } = header(raw, file);
  const base = file.slice(0, -'.zolt'.length);
  const afterPath = () => `${base}.after.zolt`;
  const refusedPath = `${base}.refused`;
  return {
    name: path.basename(file), main: file, files: new Map([[file, marked.text]]), start: marked.start, end: marked.end,
    title, expectNone, expected: readExpected(expectNone, [file], afterPath, refusedPath), afterPath, refusedPath,
  };
}

function folderFixture(dir: string): ActionFixture {
  const main = path.join(dir, 'main.zolt');
  const files = new Map<string, string>();
  let start = 0;
  let end = 0;
  for (const name of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.zolt')).sort()) {
    const file = path.join(dir, name);
    const raw = fs.readFileSync(file, 'utf8');
    const marked = file === main ? stripMarkers(raw) : undefined;
    if (file === main && !marked) throw new Error(`${main}: no cursor or selection`);
    files.set(file, marked?.text ?? raw);
    if (marked) ({ start, end } = marked);
  }
  const { title, expectNone } = header(fs.readFileSync(main, 'utf8'), main);
  const afterPath = (file: string) => `${file.slice(0, -'.zolt'.length)}.after`;
  const refusedPath = path.join(dir, 'refused');
  return {
    name: `${path.basename(dir)}/`, main, files, start, end, title, expectNone,
    expected: readExpected(expectNone, [...files.keys()], afterPath, refusedPath), afterPath, refusedPath,
  };
}

function readExpected(expectNone: boolean, files: readonly string[], afterPath: (f: string) => string, refusedPath: string): ActionFixture['expected'] {
  if (expectNone) return { kind: 'none' };
  if (fs.existsSync(refusedPath)) return { kind: 'refused', reason: fs.readFileSync(refusedPath, 'utf8').trim() };
  const after = new Map<string, string>();
  for (const f of files) if (fs.existsSync(afterPath(f))) after.set(f, fs.readFileSync(afterPath(f), 'utf8'));
  return after.size > 0 ? { kind: 'after', files: after } : undefined;
}
