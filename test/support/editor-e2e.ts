// End-to-end tests through real editors' LSP clients (test/editor/neovim.test.ts, emacs.test.ts).
//
// The checks are data: test/fixtures/editors/checks.json, over the .zolt files beside it. For a
// run, the fixture is copied to a temp folder (renames edit and save files), the checks become a
// plan with concrete 0-based positions, and the editor runs its script on that plan and prints
// one line `ZOLT-E2E {json}` per step. Each check is then its own mocha test.
//
// The editors are optional tools: a missing one skips its suite with a message, unless
// ZOLT_E2E=1, when it fails instead (CI machines that must run these set it).
// ZOLT_E2E_VERBOSE=1 prints everything the editor printed, and how long it ran.

import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fromRoot } from './paths';

const FIXTURE = fromRoot('test/fixtures/editors');
const INSTALL = 'apt-get install neovim emacs-nox elpa-eglot';
/** A hanging editor is killed after this; a normal run takes one to three seconds. */
const RUN_TIMEOUT_MS = 30_000;
/** How long a script waits for one response, or for the workspace to be indexed. */
const STEP_TIMEOUT_MS = 5_000;
/** Quiet time after the last diagnostics publication before the diagnostics count as final. */
const SETTLE_MS = 150;

// ------------------------------------------------------------------ the checks (data)

interface At {
  file: string;
  /** 1-based. */
  line: number;
  word: string;
  /** Which whole-word occurrence of `word` on the line, 1-based (default 1). */
  occurrence?: number;
}

interface ExpectedDiagnostic {
  line: number;
  column: number;
  severity: string;
  code: string;
  message: string;
}

type Check =
  | { name: string; kind: 'diagnostics'; file: string; expect: ExpectedDiagnostic[] }
  | { name: string; kind: 'hover'; at: At; expect: { includes: string[] } }
  | { name: string; kind: 'definition'; at: At; expect: string }
  | { name: string; kind: 'references'; at: At; expect: string[] }
  | { name: string; kind: 'completion'; type: { file: string; afterLine: number; text: string }; expect: { includes: string[]; excludes: string[] } }
  | { name: string; kind: 'rename'; at: At; newName: string; edits: string[] };

interface CheckFile {
  open: string;
  checks: Check[];
}

// ------------------------------------------------------------------ the plan (to the editor)

type Step =
  | { name: string; kind: 'diagnostics'; file: string }
  | { name: string; kind: 'hover' | 'definition' | 'references'; file: string; line: number; character: number }
  /** A new line `text` inserted at 0-based index `line`. */
  | { name: string; kind: 'completion'; file: string; line: number; text: string }
  | { name: string; kind: 'rename'; file: string; line: number; character: number; newName: string };

interface Plan {
  root: string;
  server: string[];
  open: string;
  files: string[];
  timeoutMs: number;
  settleMs: number;
  steps: Step[];
}

// ------------------------------------------------------------------ what the editors print

interface EditorLocation {
  file: string;
  line: number;
  column: number;
}

interface EditorDiagnostic {
  line: number;
  column: number;
  severity: string;
  code: string;
  text: string;
}

interface StepResult {
  diagnostics?: EditorDiagnostic[];
  text?: string;
  location?: EditorLocation;
  locations?: EditorLocation[];
  labels?: string[];
  buffers?: Record<string, string>;
}

interface Output {
  name?: string;
  event?: string;
  ms?: number;
  error?: string;
  result?: StepResult;
}

// ------------------------------------------------------------------ editors

export interface Editor {
  /** Shown in the suite title and in messages. */
  title: string;
  /** What is missing to run this editor's suite ('' when nothing is). */
  missing(): string;
  /** The command that runs the editor's script (which reads the plan file named by ZOLT_E2E_PLAN). */
  command(): { file: string; args: string[] };
}

/** The binary's full path on PATH, or undefined. */
export function onPath(binary: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, binary);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Runs a quick probe of a tool (bounded, like every spawn here); true if it exits with 0. */
export function probe(file: string, args: string[]): boolean {
  const result = spawnSync(file, args, { stdio: 'ignore', timeout: 30_000, killSignal: 'SIGKILL' });
  return result.status === 0;
}

function installHint(what: string): string {
  return `${what}; install the editors with: ${INSTALL}`;
}

// ------------------------------------------------------------------ running

interface Run {
  outputs: Output[];
  stderr: string;
  ms: number;
  timedOut: boolean;
  exit: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * Runs a command in its own process group with a hard time limit: on timeout the whole group
 * (the editor and the language server it started) is killed, so a hang costs the limit only.
 */
function runBounded(file: string, args: string[], env: Record<string, string>, cwd: string, limitMs: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(file, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const killGroup = () => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, limitMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (exit, signal) => {
      clearTimeout(timer);
      // The server may outlive an editor that exited without stopping it.
      killGroup();
      const outputs = stdout
        .split('\n')
        .filter((line) => line.startsWith('ZOLT-E2E '))
        .map((line): Output => {
          try {
            return JSON.parse(line.slice('ZOLT-E2E '.length)) as Output;
          } catch {
            return { event: 'unparsable', error: line };
          }
        });
      resolve({ outputs, stderr, ms: Date.now() - started, timedOut, exit, signal });
    });
  });
}

// ------------------------------------------------------------------ positions and texts

/** The 0-based column of the `occurrence`-th (default first) whole word `word` on 1-based `line`. */
export function wordColumn(text: string, at: { file: string; line: number; word: string; occurrence?: number }): number {
  const line = text.split('\n')[at.line - 1];
  if (line === undefined) throw new Error(`${at.file} has no line ${at.line}`);
  const pattern = new RegExp(`\\b${at.word.replace(/[^A-Za-z0-9_]/g, '\\$&')}\\b`, 'g');
  const wanted = at.occurrence ?? 1;
  let seen = 0;
  for (let match = pattern.exec(line); match; match = pattern.exec(line)) {
    if (++seen === wanted) return match.index;
  }
  throw new Error(`${at.file}:${at.line} has no occurrence ${wanted} of '${at.word}': ${line}`);
}

function parseLocation(text: string): { file: string; line: number; column: number } {
  const match = /^(.+):(\d+):(\d+)$/.exec(text);
  if (!match) throw new Error(`not a file:line:column location: ${text}`);
  return { file: match[1]!, line: Number(match[2]), column: Number(match[3]) };
}

/** The text with `oldName` at each 1-based location replaced by `newName`. */
function applyRename(file: string, text: string, oldName: string, newName: string, locations: { line: number; column: number }[]): string {
  const lines = text.split('\n');
  // Right to left, so the earlier columns of a line stay valid.
  const ordered = [...locations].sort((a, b) => b.line - a.line || b.column - a.column);
  for (const { line, column } of ordered) {
    const current = lines[line - 1] ?? '';
    if (current.slice(column - 1, column - 1 + oldName.length) !== oldName) {
      throw new Error(`checks.json: ${file}:${line}:${column} is not '${oldName}': ${current}`);
    }
    lines[line - 1] = current.slice(0, column - 1) + newName + current.slice(column - 1 + oldName.length);
  }
  return lines.join('\n');
}

interface Prepared {
  plan: Plan;
  /** The fixture's files as read, to show that the runs do not touch them. */
  original: Map<string, string>;
  /** For each rename check, every file's text expected after it. */
  renamed: Map<string, Map<string, string>>;
  /** Every file's text expected on disk at the end. */
  final: Map<string, string>;
}

/** Turns the checks into a plan over a workspace at `root`, and the texts renames must give. */
function prepare(root: string, data: CheckFile, files: string[]): Prepared {
  const original = new Map(files.map((f) => [f, fs.readFileSync(path.join(FIXTURE, f), 'utf8')]));
  const texts = new Map(original);
  const textOf = (file: string): string => {
    const text = texts.get(file);
    if (text === undefined) throw new Error(`checks.json names ${file}, which is not in the fixture`);
    return text;
  };
  const renamed = new Map<string, Map<string, string>>();
  const steps: Step[] = data.checks.map((check): Step => {
    switch (check.kind) {
      case 'diagnostics':
        textOf(check.file);
        return { name: check.name, kind: check.kind, file: check.file };
      case 'hover':
      case 'definition':
      case 'references':
        return { name: check.name, kind: check.kind, file: check.at.file, line: check.at.line - 1, character: wordColumn(textOf(check.at.file), check.at) };
      case 'completion':
        textOf(check.type.file);
        return { name: check.name, kind: check.kind, file: check.type.file, line: check.type.afterLine, text: check.type.text };
      case 'rename': {
        const character = wordColumn(textOf(check.at.file), check.at);
        const byFile = new Map<string, { line: number; column: number }[]>();
        for (const edit of check.edits) {
          const { file, line, column } = parseLocation(edit);
          byFile.set(file, [...(byFile.get(file) ?? []), { line, column }]);
        }
        for (const [file, locations] of byFile) texts.set(file, applyRename(file, textOf(file), check.at.word, check.newName, locations));
        renamed.set(check.name, new Map(texts));
        return { name: check.name, kind: check.kind, file: check.at.file, line: check.at.line - 1, character, newName: check.newName };
      }
    }
  });
  const plan: Plan = {
    root,
    server: [process.execPath, fromRoot('server/bin/zolt.js'), 'lsp', '--stdio'],
    open: data.open,
    files,
    timeoutMs: STEP_TIMEOUT_MS,
    settleMs: SETTLE_MS,
    steps,
  };
  return { plan, original, renamed, final: texts };
}

// ------------------------------------------------------------------ the suite

const formatLocation = (root: string, l: EditorLocation): string => `${path.relative(root, l.file)}:${l.line}:${l.column}`;

/**
 * Defines the suite of one editor: one test per check of checks.json, plus the files on disk
 * after the renames. The editor runs once, in `before`.
 */
export function editorSuite(editor: Editor): void {
  describe(`${editor.title} end-to-end (real editor LSP client)`, function () {
    this.timeout(RUN_TIMEOUT_MS + 30_000);
    const data = JSON.parse(fs.readFileSync(path.join(FIXTURE, 'checks.json'), 'utf8')) as CheckFile;
    const files = fs.readdirSync(FIXTURE).filter((f) => f.endsWith('.zolt')).sort();
    let root = '';
    let prepared: Prepared | undefined;
    let run: Run | undefined;
    const byName = new Map<string, Output>();

    before(async function () {
      const missing = editor.missing();
      if (missing) {
        const message = `${editor.title} end-to-end tests: ${installHint(missing)}`;
        if (process.env.ZOLT_E2E === '1') throw new Error(`${message} (ZOLT_E2E=1 requires them)`);
        console.log(`    skipped: ${message} (set ZOLT_E2E=1 to make this a failure)`);
        this.skip();
      }
      // realpath: editors report resolved paths, and the temp folder may sit behind a symlink.
      root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'zolt-e2e-')));
      for (const file of files) fs.copyFileSync(path.join(FIXTURE, file), path.join(root, file));
      prepared = prepare(root, data, files);
      const planFile = path.join(root, '.plan.json');
      fs.writeFileSync(planFile, JSON.stringify(prepared.plan, null, 2));
      const { file, args } = editor.command();
      // The editors' logs, caches and state go to a home of their own, not the user's.
      const home = path.join(root, '.home');
      fs.mkdirSync(home);
      const isolated = { HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), XDG_CACHE_HOME: path.join(home, '.cache'), XDG_DATA_HOME: path.join(home, '.local/share'), XDG_STATE_HOME: path.join(home, '.local/state') };
      run = await runBounded(file, args, { ...isolated, ZOLT_E2E_PLAN: planFile }, root, RUN_TIMEOUT_MS);
      for (const output of run.outputs) if (output.name !== undefined) byName.set(output.name, output);
      if (process.env.ZOLT_E2E_VERBOSE === '1') {
        console.log(`    ${editor.title} ran for ${run.ms} ms; it printed:`);
        for (const output of run.outputs) console.log(`      ${JSON.stringify(output)}`);
        console.log(`    stderr:\n${run.stderr}`);
      }
    });

    after(() => {
      if (root) fs.rmSync(root, { recursive: true, force: true });
    });

    /** Why a step has no result, with what the editor said. */
    const noResult = (name: string): string => {
      const r = run!;
      const fatal = r.outputs.find((o) => o.event === 'fatal');
      const how = r.timedOut ? `was killed after ${RUN_TIMEOUT_MS} ms` : `exited with ${r.exit ?? r.signal}`;
      return [
        `${editor.title} printed no result for '${name}'; it ${how}.`,
        fatal ? `fatal: ${fatal.error}` : '',
        `stderr (end):\n${r.stderr.slice(-3000)}`,
      ].filter(Boolean).join('\n');
    };

    const resultOf = (name: string): StepResult => {
      const output = byName.get(name);
      if (!output) assert.fail(noResult(name));
      if (output.error !== undefined) assert.fail(`${editor.title}: ${output.error}`);
      return output.result ?? {};
    };

    it('runs its script to the end and exits', () => {
      const r = run!;
      const done = r.outputs.find((o) => o.event === 'done');
      assert.ok(done && !r.timedOut && r.exit === 0, noResult('done'));
      // Reported where the editor tells how the server ended (Neovim does; Eglot kills it).
      const serverExit = r.outputs.find((o) => o.event === 'server-exit');
      assert.equal(serverExit, undefined, `the language server exited abnormally: ${JSON.stringify(serverExit)}`);
    });

    for (const check of data.checks) {
      it(check.name, () => {
        const result = resultOf(check.name);
        switch (check.kind) {
          case 'diagnostics': {
            const expected = check.expect.map((d) => `${d.line}:${d.column} ${d.severity} ${d.code}: ${d.message}`);
            // Editors decorate the message (Emacs adds the source and code): it must contain ours.
            const actual = (result.diagnostics ?? []).map((d) => {
              const message = check.expect.find((e) => d.text.includes(e.message))?.message ?? d.text;
              return `${d.line}:${d.column} ${d.severity} ${d.code}: ${message}`;
            });
            assert.deepEqual(actual.sort(), expected.sort());
            break;
          }
          case 'hover': {
            const text = result.text ?? '';
            for (const part of check.expect.includes) assert.ok(text.includes(part), `hover should include '${part}'; the editor showed:\n${text}`);
            break;
          }
          case 'definition':
            assert.ok(result.location, 'the editor reported no location');
            assert.equal(formatLocation(root, result.location), check.expect);
            break;
          case 'references':
            assert.deepEqual((result.locations ?? []).map((l) => formatLocation(root, l)).sort(), [...check.expect].sort());
            break;
          case 'completion': {
            const labels = result.labels ?? [];
            const missing = check.expect.includes.filter((l) => !labels.includes(l));
            const unwanted = check.expect.excludes.filter((l) => labels.includes(l));
            assert.deepEqual({ missing, unwanted }, { missing: [], unwanted: [] }, `the editor offered: ${labels.join(', ')}`);
            break;
          }
          case 'rename': {
            const expected = prepared!.renamed.get(check.name)!;
            const buffers = result.buffers ?? {};
            for (const [file, text] of expected) {
              const buffer = buffers[path.join(root, file)];
              // A file the rename does not touch need not be open in the editor.
              if (buffer === undefined && text === prepared!.original.get(file) && !check.edits.some((e) => e.startsWith(`${file}:`))) continue;
              assert.equal(buffer, text, `the editor's buffer of ${file} after renaming to ${check.newName}`);
            }
            break;
          }
        }
      });
    }

    if (data.checks.some((c) => c.kind === 'rename')) {
      it('saves the renamed files to disk, and leaves the repository fixture alone', () => {
        for (const [file, text] of prepared!.final) {
          assert.equal(fs.readFileSync(path.join(root, file), 'utf8'), text, `${file} on disk`);
        }
        for (const [file, text] of prepared!.original) {
          assert.equal(fs.readFileSync(path.join(FIXTURE, file), 'utf8'), text, `the repository's ${file}`);
        }
      });
    }
  });
}
