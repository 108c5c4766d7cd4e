// The VS Code extension end to end, in a real VS Code: the .vsix that `npm run package` makes is
// installed into code-server (VS Code in a browser), which opens a temp copy of
// test/fixtures/vscode; Debian's chromium, steered by playwright-core, shows it, and the checks
// do what a person would do (open a file, hover, click in the Annotations panel, rename with F2,
// open a function's control-flow graph and click a block in it: the webview's own frame is read)
// and read what the screen shows. The expected values are data: test/fixtures/vscode/expected.json.
//
// It runs twice: in a trusted workspace (code-server --disable-workspace-trust) and in restricted
// mode (workspace trust on, the folder not trusted), where the language features and the
// Annotations panel must work as well (package.json: untrustedWorkspaces "limited"). Compile on
// save is checked in both: a save builds (the build status bar item, the executable runs), a
// build error is a "zolt build" diagnostic, Zolt: Run runs the program in a terminal; in
// restricted mode nothing is built and Zolt: Build refuses.
//
// The tools are optional, like the editors of test/editor: code-server and the Node 24 it needs
// (`bash scripts/vscode-e2e-tools.sh install`), chromium (the same script, with apt), and the npm
// package playwright-core (`npm ci`). A missing one skips the suite with a message, unless
// ZOLT_E2E=1, when it fails instead. Every process (code-server, its extension host and the
// language server, chromium) runs in a process group of its own, killed in `after`, and every
// wait is bounded. A screenshot of each step goes to test-results/vscode-e2e/ (gitignored);
// ZOLT_E2E_VERBOSE=1 prints the steps' times; ZOLT_E2E_README_IMAGE=1 also writes the trusted
// run's Annotations panel screenshot to docs/images/annotations-panel.png (README).

import * as assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { wordColumn } from '../support/editor-e2e';
import { fromRoot } from '../support/paths';

type Playwright = typeof import('playwright-core');

const FIXTURE = fromRoot('test/fixtures/vscode');
const RESULTS = fromRoot('test-results/vscode-e2e');
const README_IMAGE = fromRoot('docs/images/annotations-panel.png');
const CHROMIUM = '/usr/bin/chromium';
const TOOLS_SCRIPT = fromRoot('scripts/vscode-e2e-tools.sh');
const INSTALL_TOOLS = 'bash scripts/vscode-e2e-tools.sh install';
const VIEWPORT = { width: 1280, height: 800 };
/** The Annotations panel is wider than VS Code's default side bar, so that its descriptions fit. */
const SIDEBAR_WIDTH = 470;
/** The status bar item's DOM id: the extension's id, then the item's (client/src/status-bar.ts). */
const STATUS_ITEM = '[id="zolt-lang.zolt.zolt.status"]';
/** The build's status bar item (client/src/build-status.ts). */
const BUILD_ITEM = '[id="zolt-lang.zolt.zolt.build"]';

/** Building the .vsix (tsc -b, esbuild, vsce) takes about 5 s; installing it 1 to 2 s. */
const PACKAGE_TIMEOUT_MS = 180_000;
/** code-server listens within a second or two; the workbench loads in 5 to 10 s. */
const START_TIMEOUT_MS = 60_000;
/** One condition on the screen: the language server answers within a second or two. */
const WAIT_MS = 20_000;
/** One check (`it`), from its first action to its last assertion. */
const CHECK_TIMEOUT_MS = 60_000;

const verbose = process.env.ZOLT_E2E_VERBOSE === '1';

// ------------------------------------------------------------------ the expected values (data)

interface At {
  file: string;
  /** 1-based. */
  line: number;
  word: string;
  /** Which whole-word occurrence of `word` on the line, 1-based (default 1). */
  occurrence?: number;
}

interface ExpectedProblem {
  severity: 'error' | 'warning' | 'info';
  line: number;
  column: number;
  source: string;
  code: string;
  message: string;
}

interface ExpectedGroup {
  label: string;
  count: number;
  items: { text: string; description: string }[];
}

interface Expected {
  open: string;
  languageMode: string;
  diagnostics: { file: string; problems: ExpectedProblem[] };
  hovers: { at: At; includes: string[] }[];
  annotations: { badge: number; neverOpened: string[]; notAnnotations: string[]; groups: ExpectedGroup[] };
  openAnnotation: { text: string; file: string; line: number };
  rename: { at: At; newName: string; edits: string[] };
  status: { text: string; tooltip: string };
  syntaxTree: { file: string; tab: string; includes: string[] };
  controlFlowGraph: { at: At; tab: string; blocks: string[]; click: { block: string; line: number; column: number } };
  build: ExpectedBuild;
}

/** Text typed at a 1-based line and column. */
interface Typed {
  line: number;
  column: number;
  text: string;
}

interface ExpectedBuild {
  file: string;
  /** Typed before the first save (VS Code saves only a changed file). */
  touch: Typed;
  /** Relative to the workspace. */
  executable: string;
  stdout: string;
  /** Typed to make the build fail where the analysis sees nothing wrong, and the diagnostic that says so. */
  break: Typed & { problem: ExpectedProblem };
  /** What Zolt: Build says in restricted mode. */
  refusal: string;
}

// ------------------------------------------------------------------ texts and positions


/** Every file's text after replacing `oldName` at the rename's `edits` (file:line:column, 1-based). */
function renamedTexts(original: Map<string, string>, oldName: string, newName: string, edits: string[]): Map<string, string> {
  const byFile = new Map<string, { line: number; column: number }[]>();
  for (const edit of edits) {
    const match = /^(.+):(\d+):(\d+)$/.exec(edit);
    if (!match) throw new Error(`expected.json: not a file:line:column location: ${edit}`);
    byFile.set(match[1]!, [...(byFile.get(match[1]!) ?? []), { line: Number(match[2]), column: Number(match[3]) }]);
  }
  const result = new Map(original);
  for (const [file, places] of byFile) {
    const text = original.get(file);
    if (text === undefined) throw new Error(`expected.json names ${file}, which is not in the fixture`);
    const lines = text.split('\n');
    // Right to left, so that the earlier columns of a line stay valid.
    for (const { line, column } of [...places].sort((a, b) => b.line - a.line || b.column - a.column)) {
      const current = lines[line - 1] ?? '';
      if (current.slice(column - 1, column - 1 + oldName.length) !== oldName) throw new Error(`expected.json: ${file}:${line}:${column} is not '${oldName}': ${current}`);
      lines[line - 1] = current.slice(0, column - 1) + newName + current.slice(column - 1 + oldName.length);
    }
    result.set(file, lines.join('\n'));
  }
  return result;
}

/** Text as the screen has it: non-breaking spaces (Monaco's) as spaces, runs of blanks as one. */
const squash = (text: string): string => text.replace(/\u00a0/g, ' ').replace(/\s+/g, ' ').trim();

const slug = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);

// ------------------------------------------------------------------ the tools

interface Tools {
  node: string;
  codeServer: string;
  playwright: Playwright;
}

/** The tools, or what is missing and how to get it. */
function findTools(): Tools | string {
  const missing: string[] = [];
  let playwright: Playwright | undefined;
  try {
    playwright = require('playwright-core') as Playwright;
  } catch {
    missing.push('the npm package playwright-core (a devDependency: run `npm ci`)');
  }
  const where = spawnSync('bash', [TOOLS_SCRIPT, 'where'], { encoding: 'utf8', timeout: 30_000 });
  const folder = where.status === 0 ? where.stdout.trim() : '';
  const expectedFolder = path.join(process.env.ZOLT_TOOLS ?? path.join(os.homedir(), '.cache', 'zolt-tools'), 'vscode-e2e');
  const node = path.join(folder || expectedFolder, 'node', 'bin', 'node');
  const codeServer = path.join(folder || expectedFolder, 'code-server', 'node_modules', '.bin', 'code-server');
  if (!folder) {
    const absent = [
      fs.existsSync(node) ? '' : `Node 24 (${node})`,
      fs.existsSync(codeServer) ? '' : `code-server (${codeServer})`,
      fs.existsSync(CHROMIUM) ? '' : `chromium (${CHROMIUM})`,
    ].filter(Boolean);
    missing.push(`${absent.length > 0 ? absent.join(', ') : 'code-server, Node 24 or chromium'} (install them with \`${INSTALL_TOOLS}\`)`);
  }
  if (missing.length > 0 || !playwright) return `missing ${missing.join('; ')}`;
  return { node, codeServer, playwright };
}

// ------------------------------------------------------------------ processes

/** Process groups still running, killed if mocha exits before `after` could (Ctrl+C, a crash). */
const liveGroups = new Set<number>();
process.once('exit', () => {
  for (const pid of liveGroups) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

/** A process in a group of its own (with everything it starts), its output kept for messages. */
class Spawned {
  private readonly child: ChildProcess;
  private output = '';
  /** How it ended ('' while it runs). */
  private ended = '';
  private readonly exited: Promise<void>;
  /** Its output streams are closed too (they may outlive the process when its children keep them). */
  private readonly closed: Promise<void>;
  private readonly listeners: (() => void)[] = [];
  code: number | null = null;

  constructor(readonly name: string, file: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }) {
    this.child = spawn(file, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const pid = this.child.pid;
    if (pid !== undefined) liveGroups.add(pid);
    const collect = (chunk: string): void => {
      // Keep the beginning and the end: how it started and why it stopped.
      this.output = this.output.length > 400_000 ? `${this.output.slice(0, 100_000)}\n[...]\n${this.output.slice(-200_000)}${chunk}` : this.output + chunk;
      for (const listener of [...this.listeners]) listener();
    };
    this.child.stdout?.setEncoding('utf8').on('data', collect);
    this.child.stderr?.setEncoding('utf8').on('data', collect);
    const end = (text: string): void => {
      this.ended ||= text;
      for (const listener of [...this.listeners]) listener();
    };
    this.exited = new Promise((resolve) => {
      this.child.on('error', (error) => {
        end(`could not start (${error.message})`);
        resolve();
      });
      this.child.on('exit', (code, signal) => {
        this.code = code;
        end(`exited with ${code ?? signal}`);
        resolve();
      });
    });
    this.closed = new Promise((resolve) => this.child.on('close', () => resolve()));
  }

  get log(): string {
    return this.output;
  }

  tail(chars = 4000): string {
    return this.output.slice(-chars);
  }

  /** Waits until the output matches `pattern`; fails if the process ends first or time runs out. */
  waitForOutput(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
    return new Promise((resolve, reject) => {
      const done = (finish: () => void): void => {
        clearTimeout(timer);
        const index = this.listeners.indexOf(check);
        if (index >= 0) this.listeners.splice(index, 1);
        finish();
      };
      const check = (): void => {
        const match = pattern.exec(this.output);
        if (match) done(() => resolve(match));
        else if (this.ended) done(() => reject(new Error(`${this.name} ${this.ended} before printing ${pattern}; it printed:\n${this.tail()}`)));
      };
      const timer = setTimeout(() => done(() => reject(new Error(`${this.name} did not print ${pattern} within ${timeoutMs} ms; it printed:\n${this.tail()}`))), timeoutMs);
      this.listeners.push(check);
      check();
    });
  }

  /** Waits for the process to end and its output to be read; false if it still runs after `timeoutMs`. */
  async waitForExit(timeoutMs: number): Promise<boolean> {
    const ended = await within(this.exited.then(() => true), timeoutMs, false);
    if (ended) await within(this.closed, 2000, undefined);
    return ended;
  }

  /** SIGTERM to the group, SIGKILL to what is left of it after `graceMs`. */
  async stop(graceMs = 3000): Promise<void> {
    const pid = this.child.pid;
    if (pid === undefined) return;
    const signal = (name: NodeJS.Signals): void => {
      try {
        process.kill(-pid, name);
      } catch {
        // the group is gone
      }
    };
    if (!this.ended) {
      signal('SIGTERM');
      await within(this.exited, graceMs, undefined);
    }
    // Children (the extension host, the language server, chromium's renderers) may outlive the leader.
    signal('SIGKILL');
    liveGroups.delete(pid);
    await within(this.exited, 2000, undefined);
  }
}

/** `promise`, or `fallback` after `ms`. */
async function within<T, F>(promise: Promise<T>, ms: number, fallback: F): Promise<T | F> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<F>((resolve) => (timer = setTimeout(() => resolve(fallback), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs a command to its end within `timeoutMs` (its group killed after that); fails with its output unless it exits with 0. */
async function run(name: string, file: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }, timeoutMs: number): Promise<string> {
  const child = new Spawned(name, file, args, options);
  const ended = await child.waitForExit(timeoutMs);
  await child.stop(0);
  if (!ended) throw new Error(`${name} did not finish within ${timeoutMs} ms; it printed:\n${child.tail()}`);
  if (child.code !== 0) throw new Error(`${name} exited with ${child.code}; it printed:\n${child.tail()}`);
  return child.log;
}

// ------------------------------------------------------------------ waiting on the screen

/** Calls `probe` until `ok` holds or `timeoutMs` passes; returns the last value either way (the assertion tells). */
async function poll<T>(probe: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = WAIT_MS, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let value: T;
    try {
      value = await probe();
    } catch (error) {
      // An element that went away between finding it and reading it: try again.
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
      continue;
    }
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** The little of the DOM the functions run in the page use (the test project compiles without the DOM library). */
interface DomElement {
  readonly textContent: string | null;
  getAttribute(name: string): string | null;
  querySelector(selectors: string): DomElement | null;
  getBoundingClientRect(): { readonly top: number; readonly bottom: number; readonly left: number; readonly right: number };
  readonly style: { readonly top: string };
  readonly offsetParent: unknown;
}

interface DomInput extends DomElement {
  readonly value: string;
  readonly selectionStart: number | null;
  readonly selectionEnd: number | null;
}

/** VS Code's workbench, as a person sees and drives it. */
class Workbench {
  constructor(readonly page: Page) {}

  private get keyboard() {
    return this.page.keyboard;
  }

  /** The active editor group's editor. */
  get editor(): Locator {
    return this.page.locator('.editor-group-container.active .monaco-editor').first();
  }

  async statusText(selector: string): Promise<string> {
    const item = this.page.locator(selector);
    return (await item.count()) === 0 ? '' : squash(await item.first().innerText());
  }

  /** Ln/Col of the cursor as the status bar shows it. */
  async cursor(): Promise<{ line: number; column: number; text: string }> {
    const text = await this.statusText('[id="status.editor.selection"]');
    const match = /Ln (\d+), Col (\d+)/.exec(text);
    return { line: match ? Number(match[1]) : 0, column: match ? Number(match[2]) : 0, text };
  }

  /** The names of the open editors' tabs (from their accessible labels: `notes.zolt, preview`), and the active group's active one. */
  async tabs(): Promise<{ active: string; all: string[] }> {
    const name = (label: string | null): string => (label ?? '').split(', ')[0] ?? '';
    const active = this.page.locator('.editor-group-container.active .tab.active');
    return {
      active: (await active.count()) > 0 ? name(await active.first().getAttribute('aria-label')) : '',
      all: await this.page.locator('.tabs-container .tab').evaluateAll((elements: DomElement[]) => elements.map((e) => e.getAttribute('aria-label'))).then((labels) => labels.map(name)),
    };
  }

  /** Waits until the keyboard focus is in an element matching `selector`. */
  async waitForFocus(selector: string, what: string): Promise<void> {
    await this.page.locator(`${selector}:focus`).first().waitFor({ state: 'attached', timeout: WAIT_MS }).catch(() => {
      throw new Error(`${what} did not get the keyboard focus within ${WAIT_MS} ms`);
    });
  }

  /** Closes whatever widget is open (quick input, hover, rename box), as Escape does. */
  async escape(): Promise<void> {
    await this.keyboard.press('Escape');
    await this.page.mouse.move(VIEWPORT.width / 2, VIEWPORT.height - 4); // the status bar's empty middle: no hover there
  }

  /** Runs a command from the command palette (F1) by its exact title. */
  async command(title: string): Promise<void> {
    await this.escape();
    await this.keyboard.press('F1');
    await this.waitForFocus('.quick-input-widget input', 'the command palette');
    await this.keyboard.type(title);
    const focused = this.page.locator('.quick-input-list .monaco-list-row.focused .label-name');
    const label = await poll(async () => ((await focused.count()) > 0 ? squash(await focused.first().innerText()) : ''), (l) => l === title);
    assert.equal(label, title, `the command palette did not offer '${title}' first`);
    await this.keyboard.press('Enter');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: WAIT_MS });
  }

  /** Opens a workspace file with Quick Open (Ctrl+P) and waits until its editor is active. */
  async openFile(file: string): Promise<void> {
    await this.escape();
    await this.keyboard.press('Control+P');
    await this.waitForFocus('.quick-input-widget input', 'Quick Open');
    await this.keyboard.type(file);
    const focused = this.page.locator('.quick-input-list .monaco-list-row.focused');
    const label = await poll(async () => ((await focused.count()) > 0 ? (await focused.first().getAttribute('aria-label')) ?? '' : ''), (l) => l.startsWith(`${file},`));
    assert.ok(label.startsWith(`${file},`), `Quick Open did not offer ${file} first (it offered '${label}')`);
    await this.keyboard.press('Enter');
    const tabs = await poll(() => this.tabs(), (t) => t.active === file);
    assert.equal(tabs.active, file, `opening ${file} with Quick Open: the active editor is '${tabs.active}'`);
    await this.editor.locator('.view-lines').waitFor({ timeout: WAIT_MS });
  }

  /** Puts the cursor at a 1-based line and column with Go to Line (Ctrl+G). */
  async goTo(line: number, column: number): Promise<void> {
    await this.escape();
    await this.keyboard.press('Control+G');
    await this.waitForFocus('.quick-input-widget input', 'Go to Line');
    await this.keyboard.type(`${line}:${column}`);
    await this.keyboard.press('Enter');
    const cursor = await poll(() => this.cursor(), (c) => c.line === line && c.column === column);
    assert.deepEqual([cursor.line, cursor.column], [line, column], `Go to Line ${line}:${column}: the status bar says '${cursor.text}'`);
  }

  /** The texts of the hover widgets on screen. */
  async hoverTexts(): Promise<string[]> {
    const texts = await this.page.locator('.monaco-hover-content').evaluateAll((elements: DomElement[]) =>
      elements.filter((e) => e.offsetParent !== null).map((e) => e.textContent ?? ''));
    return texts.map(squash).filter((t) => t !== '');
  }

  /** Moves the mouse over a point and waits for a hover that contains every one of `includes`. */
  async hoverAt(point: () => Promise<{ x: number; y: number }>, includes: string[]): Promise<string[]> {
    const deadline = Date.now() + WAIT_MS;
    let texts: string[] = [];
    while (Date.now() < deadline) {
      await this.escape();
      const { x, y } = await point(); // again each time: inlay hints may have moved the text
      await this.page.mouse.move(x, y, { steps: 2 });
      texts = await poll(() => this.hoverTexts(), (t) => includes.every((part) => t.some((text) => text.includes(part))), 3000);
      if (includes.every((part) => texts.some((text) => text.includes(part)))) break;
    }
    return texts;
  }

  /** The lines of the editor whose tab is `tab`, as shown (only the lines on screen). */
  async editorLines(tab: string): Promise<string[]> {
    const group = this.page.locator('.editor-group-container').filter({ has: this.page.locator(`.tab.active[aria-label^="${tab},"], .tab.active[aria-label="${tab}"]`) });
    const lines = await group.first().locator('.view-lines .view-line').evaluateAll((elements: DomElement[]) =>
      elements.map((e) => ({ top: parseFloat(e.style.top), text: e.textContent ?? '' })).sort((a, b) => a.top - b.top).map((l) => l.text));
    return lines.map((l) => l.replace(/\u00a0/g, ' '));
  }

  /** The activity bar entry of a view container, by the start of its title. */
  activity(title: string): Locator {
    return this.page.locator('.activitybar li.action-item').filter({ has: this.page.locator(`a.action-label[aria-label^="${title}"]`) }).first();
  }

  /** Shows a view container of the activity bar (a click on an open one would close it). */
  async showActivity(title: string): Promise<void> {
    const item = this.activity(title);
    await item.waitFor({ timeout: WAIT_MS });
    if (!((await item.getAttribute('class')) ?? '').split(' ').includes('checked')) await item.click();
    await poll(async () => ((await item.getAttribute('class')) ?? '').split(' ').includes('checked'), (open) => open);
  }

  /** The rows of the side bar's tree: depth, label and description. */
  async sidebarRows(): Promise<{ level: number; label: string; description: string }[]> {
    const rows = await this.page.locator('.part.sidebar .monaco-list-row').evaluateAll((elements: DomElement[]) =>
      elements.map((e) => ({
        top: e.getBoundingClientRect().top,
        level: Number(e.getAttribute('aria-level') ?? '0'),
        label: e.querySelector('.label-name')?.textContent ?? '',
        description: e.querySelector('.label-description')?.textContent ?? '',
      })).sort((a, b) => a.top - b.top));
    return rows.map(({ level, label, description }) => ({ level, label: squash(label), description: squash(description) }));
  }

  /** Makes the primary side bar `width` pixels wide by dragging its edge. */
  async sidebarWidth(width: number): Promise<void> {
    const sidebar = this.page.locator('.part.sidebar');
    const box = await sidebar.boundingBox();
    if (!box) return;
    const y = box.y + box.height / 2;
    await this.page.mouse.move(box.x + box.width + 1, y);
    await this.page.mouse.down();
    await this.page.mouse.move(box.x + width + 1, y, { steps: 5 });
    await this.page.mouse.up();
  }

  async panelVisible(): Promise<boolean> {
    return this.page.locator('.part.panel').isVisible();
  }

  /** The Problems view's rows under their files' rows, as problemRow writes them. */
  async problemRows(): Promise<string[]> {
    const rows = this.page.locator('.markers-panel .monaco-list-row[aria-level="2"]');
    // A row's text: the message, the source, the code (if any) and [Ln L, Col C], one per line; its icon the severity.
    const severities = await rows.evaluateAll((elements: DomElement[]) => elements.map((e) =>
      ['error', 'warning', 'info'].find((s) => e.querySelector(`.codicon-${s}`) !== null) ?? '?'));
    const texts = await rows.allInnerTexts();
    return texts.map((text, i) => {
      const lines = text.split('\n').map((s) => s.trim()).filter(Boolean);
      const where = lines.find((l) => l.startsWith('[Ln ')) ?? '';
      const [message = '', source = '', code = ''] = lines.filter((l) => l !== where);
      return `${severities[i] ?? '?'} ${message} ${source}${code ? `(${code})` : ''} ${where}`;
    });
  }

  /** Hides the panel (the Problems view, a terminal) if it is shown. */
  async hidePanel(): Promise<void> {
    if (await this.panelVisible()) await this.page.keyboard.press('Control+J');
    await this.page.locator('.part.panel').waitFor({ state: 'hidden', timeout: WAIT_MS });
  }

  /** The text and the tooltip (its accessible label) of a status bar item. */
  async statusItem(selector: string): Promise<{ text: string; label: string }> {
    const item = this.page.locator(selector);
    if ((await item.count()) === 0) return { text: '', label: '' };
    return { text: await this.statusText(selector), label: (await item.first().getAttribute('aria-label')) ?? '' };
  }

  /** The frames of webviews (an iframe in an iframe each) that have an element matching `selector`. */
  private async webviewFrames(selector: string): Promise<import('playwright-core').Frame[]> {
    const frames: import('playwright-core').Frame[] = [];
    for (const frame of this.page.frames()) {
      if (frame === this.page.mainFrame()) continue;
      if ((await frame.locator(selector).count().catch(() => 0)) > 0) frames.push(frame);
    }
    return frames;
  }

  /** The texts of the elements matching `selector` in the webview that has them (empty while none has). */
  async webviewTexts(selector: string): Promise<string[]> {
    const [frame] = await this.webviewFrames(selector);
    return frame ? (await frame.locator(selector).allTextContents()).map(squash) : [];
  }

  /** Clicks the element matching `selector` whose text starts with `text`, in the webview that has it. */
  async clickInWebview(selector: string, text: string): Promise<void> {
    const [frame] = await this.webviewFrames(selector);
    assert.ok(frame, `no webview has ${selector}`);
    await frame.locator(selector).filter({ hasText: text }).first().locator('text').first().click();
  }

  /** Types `text` into the active editor at a 1-based line and column. */
  async typeAt(line: number, column: number, text: string): Promise<void> {
    await this.goTo(line, column);
    await this.keyboard.type(text);
  }
}

/** A problem as VS Code's Problems view shows it (see Workbench.problemRows). */
function problemRow(p: ExpectedProblem): string {
  return `${p.severity} ${p.message} ${p.source}${p.code ? `(${p.code})` : ''} [Ln ${p.line}, Col ${p.column}]`;
}

// ------------------------------------------------------------------ the suite

interface Mode {
  name: 'trusted' | 'restricted';
  title: string;
}

const MODES: Mode[] = [
  { name: 'trusted', title: 'a trusted workspace (--disable-workspace-trust)' },
  { name: 'restricted', title: 'restricted mode (workspace trust on, the folder not trusted)' },
];

/** User settings: nothing may steal the focus or change the layout between runs. */
const SETTINGS = {
  'workbench.startupEditor': 'none',
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.colorTheme': 'Default Dark Modern',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'files.autoSave': 'off',
  'editor.minimap.enabled': false,
  'editor.accessibilitySupport': 'off',
  'editor.hover.delay': 300,
  // Restricted mode without the modal dialog that asks whether to trust the folder.
  'security.workspace.trust.startupPrompt': 'never',
  // The terminal's text in the DOM (not drawn on a canvas), so that the checks can read it.
  'terminal.integrated.gpuAcceleration': 'off',
};

describe('VS Code end-to-end (the packaged extension in code-server, driven through chromium)', function () {
  const expected = JSON.parse(fs.readFileSync(path.join(FIXTURE, 'expected.json'), 'utf8')) as Expected;
  const files = fs.readdirSync(FIXTURE).filter((f) => f.endsWith('.zolt')).sort();
  const original = new Map(files.map((f) => [f, fs.readFileSync(path.join(FIXTURE, f), 'utf8')]));
  let tools: Tools | undefined;
  let root = '';
  let extensions = '';

  before(async function () {
    this.timeout(PACKAGE_TIMEOUT_MS + 60_000);
    const found = findTools();
    if (typeof found === 'string') {
      const message = `VS Code end-to-end tests: ${found}`;
      if (process.env.ZOLT_E2E === '1') throw new Error(`${message} (ZOLT_E2E=1 requires them)`);
      console.log(`    skipped: ${message} (set ZOLT_E2E=1 to make this a failure)`);
      this.skip();
    }
    tools = found;
    fs.rmSync(RESULTS, { recursive: true, force: true });
    fs.mkdirSync(RESULTS, { recursive: true });
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'zolt-vscode-e2e-')));
    const started = Date.now();
    // The .vsix as a user gets it: `npm run package` (tsc -b, the esbuild bundle, vsce), into the temp folder.
    const vsix = path.join(root, 'zolt.vsix');
    await run('npm run package', 'npm', ['run', 'package', '--', '--out', vsix], { cwd: fromRoot(), env: process.env }, PACKAGE_TIMEOUT_MS);
    assert.ok(fs.existsSync(vsix), `npm run package made no ${vsix}`);
    extensions = path.join(root, 'extensions');
    const installed = await run(
      'code-server --install-extension',
      found.node,
      [found.codeServer, '--extensions-dir', extensions, '--user-data-dir', path.join(root, 'install-data'), '--install-extension', vsix],
      { cwd: root, env: { ...process.env, HOME: path.join(root, 'home') } },
      START_TIMEOUT_MS,
    );
    assert.match(installed, /successfully installed/, `code-server did not install the .vsix:\n${installed}`);
    if (verbose) console.log(`    packaged and installed the extension in ${Date.now() - started} ms`);
  });

  after(() => {
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  for (const mode of MODES) {
    describe(`in ${mode.title}`, function () {
      let codeServer: Spawned | undefined;
      let chromium: Spawned | undefined;
      let browser: Browser | undefined;
      let vscode: Workbench | undefined;
      let base = '';
      let workspace = '';
      let step = 0;
      let failed = false;

      /** Saves a screenshot of the window under test-results/vscode-e2e/. */
      const shot = async (name: string): Promise<string> => {
        const file = path.join(RESULTS, `${mode.name}-${String(++step).padStart(2, '0')}-${slug(name)}.png`);
        await vscode?.page.screenshot({ path: file, timeout: 10_000 });
        return file;
      };

      const page = (): Workbench => {
        assert.ok(vscode, 'VS Code did not start (see the before hook)');
        return vscode;
      };

      before(async function () {
        this.timeout(3 * START_TIMEOUT_MS);
        const t = tools!;
        base = path.join(root, mode.name);
        workspace = path.join(base, 'workspace');
        const data = path.join(base, 'data');
        const home = path.join(base, 'home');
        const profile = path.join(base, 'chromium-profile');
        for (const dir of [workspace, path.join(data, 'User'), home, profile]) fs.mkdirSync(dir, { recursive: true });
        for (const file of files) fs.copyFileSync(path.join(FIXTURE, file), path.join(workspace, file));
        fs.writeFileSync(path.join(data, 'User', 'settings.json'), JSON.stringify(SETTINGS, null, 2));
        const config = path.join(base, 'code-server.yaml');
        fs.writeFileSync(config, ''); // not the user's ~/.config/code-server/config.yaml
        // Logs, caches and state of both programs go to a home of their own.
        const env: NodeJS.ProcessEnv = {
          ...process.env,
          PATH: `${path.dirname(t.node)}${path.delimiter}${process.env.PATH ?? ''}`,
          HOME: home,
          XDG_CONFIG_HOME: path.join(home, '.config'),
          XDG_CACHE_HOME: path.join(home, '.cache'),
          XDG_DATA_HOME: path.join(home, '.local/share'),
          XDG_STATE_HOME: path.join(home, '.local/state'),
        };
        const started = Date.now();
        codeServer = new Spawned('code-server', t.node, [
          t.codeServer, '--config', config, '--auth', 'none', '--disable-telemetry', '--disable-update-check',
          '--bind-addr', '127.0.0.1:0', '--user-data-dir', data, '--extensions-dir', extensions,
          ...(mode.name === 'trusted' ? ['--disable-workspace-trust'] : []), workspace,
        ], { cwd: base, env });
        const url = (await codeServer.waitForOutput(/HTTP server listening on (http:\/\/127\.0\.0\.1:\d+\/)/, START_TIMEOUT_MS))[1]!;

        chromium = new Spawned('chromium', CHROMIUM, [
          '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync',
          '--no-first-run', '--disable-dev-shm-usage', '--no-default-browser-check', '--password-store=basic', '--lang=en-US',
          '--force-device-scale-factor=1', `--window-size=${VIEWPORT.width},${VIEWPORT.height}`, `--user-data-dir=${profile}`,
          '--remote-debugging-address=127.0.0.1', '--remote-debugging-port=0', 'about:blank',
        ], { cwd: base, env });
        const endpoint = (await chromium.waitForOutput(/DevTools listening on (ws:\/\/\S+)/, START_TIMEOUT_MS))[1]!;
        browser = await t.playwright.chromium.connectOverCDP(endpoint, { timeout: START_TIMEOUT_MS });
        const context = browser.contexts()[0] ?? (await browser.newContext());
        const tab = context.pages()[0] ?? (await context.newPage());
        tab.setDefaultTimeout(WAIT_MS);
        await tab.setViewportSize(VIEWPORT);
        vscode = new Workbench(tab);
        await tab.goto(`${url}?folder=${encodeURIComponent(workspace)}`, { timeout: START_TIMEOUT_MS });
        await tab.locator('.monaco-workbench .part.statusbar').waitFor({ timeout: START_TIMEOUT_MS });
        await tab.locator('.part.sidebar').waitFor({ timeout: START_TIMEOUT_MS });
        await vscode.sidebarWidth(SIDEBAR_WIDTH);
        if (verbose) console.log(`    ${mode.name}: code-server and chromium started, the workbench loaded in ${Date.now() - started} ms`);
      });

      afterEach(async function () {
        const test = this.currentTest;
        if (test?.state !== 'failed' || !vscode) return;
        failed = true;
        await vscode.page.screenshot({ path: path.join(RESULTS, `${mode.name}-FAILED-${slug(test.title)}.png`), timeout: 10_000 }).catch(() => undefined);
      });

      after(async function () {
        this.timeout(60_000);
        if (browser) await Promise.race([browser.close().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 5000))]);
        await chromium?.stop();
        await codeServer?.stop();
        if (codeServer && fs.existsSync(RESULTS)) {
          fs.writeFileSync(path.join(RESULTS, `${mode.name}-code-server.log`), codeServer.log);
          // On failure, VS Code's own logs (the extension host, the Zolt Language Server channel) are kept too.
          const logs = path.join(base, 'data', 'logs');
          if (failed && fs.existsSync(logs)) fs.cpSync(logs, path.join(RESULTS, `${mode.name}-logs`), { recursive: true });
        }
      });

      const check = (title: string, body: (vscode: Workbench) => Promise<void>): void => {
        it(title, async function () {
          this.timeout(CHECK_TIMEOUT_MS);
          const started = Date.now();
          await body(page());
          if (verbose) console.log(`      (${Date.now() - started} ms)`);
        });
      };

      check(mode.name === 'trusted' ? 'the workspace is trusted: no Restricted Mode in the status bar' : 'the workspace is in Restricted Mode (status bar)', async (vscode) => {
        // The Zolt item shows once the extension is active: by then the trust indicator is in place.
        await vscode.page.locator(STATUS_ITEM).waitFor({ timeout: START_TIMEOUT_MS });
        const trust = await poll(() => vscode.statusText('[id="status.workspaceTrust"]'), (text) => (mode.name === 'trusted' ? text === '' : text.includes('Restricted Mode')), mode.name === 'trusted' ? 0 : WAIT_MS);
        if (mode.name === 'trusted') assert.equal(trust, '', 'the status bar says the workspace is restricted, although code-server runs with --disable-workspace-trust');
        else assert.match(trust, /Restricted Mode/, `the status bar does not say Restricted Mode (workspace trust item: '${trust}')`);
        await shot('workbench');
      });

      check(`opening ${expected.open} shows the language mode "${expected.languageMode}" in the status bar`, async (vscode) => {
        await vscode.openFile(expected.open);
        const language = await poll(() => vscode.statusText('[id="status.editor.mode"]'), (text) => text === expected.languageMode);
        assert.equal(language, expected.languageMode, `the status bar's language mode for ${expected.open}`);
        await shot('language-mode');
      });

      check('a diagnostic is underlined in the editor at its line, shows in a hover and in the Problems view', async (vscode) => {
        const { file, problems } = expected.diagnostics;
        await vscode.openFile(file);
        const errors = problems.filter((p) => p.severity === 'error');
        // The squiggles: as many as the errors, each on its line (its top within the line number's row).
        const squiggles = vscode.editor.locator('.view-overlays .squiggly-error');
        const count = await poll(() => squiggles.count(), (n) => n === errors.length);
        assert.equal(count, errors.length, `error squiggles in ${file}'s editor`);
        for (const [i, problem] of errors.entries()) {
          const squiggle = await squiggles.nth(i).boundingBox();
          const lineNumber = await vscode.editor.locator('.margin-view-overlays .line-numbers').filter({ hasText: new RegExp(`^${problem.line}$`) }).first().boundingBox();
          assert.ok(squiggle && lineNumber, `no squiggle or no line number ${problem.line} on screen`);
          assert.ok(Math.abs(squiggle.y + squiggle.height / 2 - (lineNumber.y + lineNumber.height / 2)) < lineNumber.height / 2,
            `the squiggle is at y=${squiggle.y}, not on line ${problem.line} (y=${lineNumber.y})`);
          // Its hover says the message: the squiggle is this diagnostic's.
          const hover = await vscode.hoverAt(async () => {
            const box = await squiggles.nth(i).boundingBox();
            return { x: (box?.x ?? 0) + Math.min(12, (box?.width ?? 0) / 2), y: (box?.y ?? 0) + (box?.height ?? 0) / 2 };
          }, [problem.message]);
          assert.ok(hover.some((text) => text.includes(problem.message)), `the hover over the squiggle on line ${problem.line} shows ${JSON.stringify(hover)}, not '${problem.message}'`);
        }
        await shot('squiggle-hover');
        await vscode.escape();
        // The Problems view (Ctrl+Shift+M): one row per problem under the file's row.
        await vscode.page.keyboard.press('Control+Shift+M');
        const want = problems.map(problemRow);
        const shown = await poll(() => vscode.problemRows(), (r) => JSON.stringify(r) === JSON.stringify(want));
        await shot('problems-view');
        assert.deepEqual(shown, want, `the Problems view's rows for ${file}`);
        const fileRow = vscode.page.locator('.markers-panel .monaco-list-row[aria-level="1"] .label-name');
        assert.deepEqual((await fileRow.allInnerTexts()).map(squash), [file], 'the Problems view should list problems in this file only');
        await vscode.hidePanel();
      });

      check('hovering a variable shows its inferred type', async (vscode) => {
        for (const hover of expected.hovers) {
          await vscode.openFile(hover.at.file);
          const column = wordColumn(original.get(hover.at.file) ?? '', hover.at) + 1;
          await vscode.goTo(hover.at.line, column);
          const texts = await vscode.hoverAt(async () => {
            const box = await vscode.editor.locator('.cursors-layer .cursor').first().boundingBox();
            // A few pixels right of the cursor: inside the word's first character.
            return { x: (box?.x ?? 0) + 4, y: (box?.y ?? 0) + (box?.height ?? 0) / 2 };
          }, hover.includes);
          for (const part of hover.includes) {
            assert.ok(texts.some((text) => text.includes(part)), `hover over '${hover.at.word}' (${hover.at.file}:${hover.at.line}:${column}) should show '${part}'; it showed ${JSON.stringify(texts)}`);
          }
          await shot(`hover-${hover.at.word}`);
        }
        await vscode.escape();
      });

      check('the Annotations panel lists the workspace\'s annotations by tag, with their counts and the badge, also of files never opened', async (vscode) => {
        const a = expected.annotations;
        const { all: tabs } = await vscode.tabs();
        await vscode.showActivity('Zolt');
        const want = a.groups.flatMap((g) => [
          { level: 1, label: g.label, description: String(g.count) },
          ...g.items.map((item) => ({ level: 2, label: item.text, description: item.description })),
        ]);
        const rows = await poll(() => vscode.sidebarRows(), (r) => JSON.stringify(r) === JSON.stringify(want));
        const file = await shot('annotations-panel');
        if (mode.name === 'trusted' && process.env.ZOLT_E2E_README_IMAGE === '1') {
          fs.mkdirSync(path.dirname(README_IMAGE), { recursive: true });
          fs.copyFileSync(file, README_IMAGE);
        }
        assert.deepEqual(rows, want, 'the Annotations panel (grouped by tag): rows in order, as [depth, label, description]');
        for (const group of a.groups) assert.equal(group.items.length, group.count, `expected.json: group ${group.label}'s count`);
        // The badge on the activity bar counts them all.
        const total = a.groups.reduce((sum, g) => sum + g.count, 0);
        assert.equal(total, a.badge, 'expected.json: the badge is the sum of the groups');
        const badge = squash(await vscode.activity('Zolt').locator('.badge-content').innerText());
        assert.equal(badge, String(a.badge), 'the badge on the Zolt activity bar icon');
        const label = await vscode.activity('Zolt').locator('a.action-label').getAttribute('aria-label');
        assert.equal(label, `Zolt - ${a.badge} annotations`, 'the Zolt activity bar entry\'s label (its badge tooltip)');
        // Files never opened are listed too (the server indexes the workspace folder) ...
        for (const never of a.neverOpened) {
          assert.ok(!tabs.includes(never), `${never} was opened before this check (tabs: ${tabs.join(', ')}); it must not be`);
          assert.ok(rows.some((r) => r.description.includes(`${never}:`)), `no annotation of ${never}, a file never opened, in the panel`);
        }
        // ... and tags in strings or names do not count.
        for (const not of a.notAnnotations) assert.ok(!rows.some((r) => r.label.includes(not)), `the panel lists '${not}', which is not an annotation`);
      });

      check('clicking an annotation opens its file at its line', async (vscode) => {
        const target = expected.openAnnotation;
        await vscode.showActivity('Zolt');
        const rows = await poll(() => vscode.sidebarRows(), (r) => r.some((row) => row.label === target.text));
        const index = rows.findIndex((row) => row.label === target.text);
        assert.ok(index >= 0, `no annotation '${target.text}' in the panel: ${JSON.stringify(rows)}`);
        await vscode.page.locator('.part.sidebar .monaco-list-row').filter({ has: vscode.page.locator('.label-name', { hasText: target.text }) }).first().click();
        const tabs = await poll(() => vscode.tabs(), (t) => t.active === target.file);
        assert.equal(tabs.active, target.file, 'the active editor after clicking the annotation');
        const title = await poll(() => vscode.page.title(), (t) => t.startsWith(`${target.file} `));
        assert.ok(title.startsWith(`${target.file} `), `the window title is '${title}'`);
        const cursor = await poll(() => vscode.cursor(), (c) => c.line === target.line);
        await shot('annotation-opened');
        assert.equal(cursor.line, target.line, `the cursor line in the status bar ('${cursor.text}')`);
      });

      check('rename (F2) changes every use of a symbol, in every file', async (vscode) => {
        const { at, newName, edits } = expected.rename;
        const want = renamedTexts(original, at.word, newName, edits);
        await vscode.openFile(at.file);
        await vscode.goTo(at.line, wordColumn(original.get(at.file) ?? '', at) + 1);
        await vscode.page.keyboard.press('F2');
        const input = vscode.page.locator('.rename-box input');
        await vscode.waitForFocus('.rename-box input', 'the rename box');
        // The box holds the old name, all of it selected: typing replaces it.
        const state = await poll(() => input.evaluate((e: DomInput) => ({ value: e.value, start: e.selectionStart, end: e.selectionEnd })), (s) => s.value === at.word && s.start === 0 && s.end === at.word.length);
        assert.deepEqual(state, { value: at.word, start: 0, end: at.word.length }, 'the rename box should hold the old name, selected');
        await vscode.page.keyboard.type(newName);
        await shot('rename-box');
        await vscode.page.keyboard.press('Enter');
        await vscode.page.locator('.monaco-editor.rename-box').first().waitFor({ state: 'hidden', timeout: WAIT_MS });
        await vscode.command('File: Save All Files');
        const onDisk = (): Promise<Map<string, string>> => Promise.resolve(new Map(files.map((f) => [f, fs.readFileSync(path.join(workspace, f), 'utf8')])));
        const same = (m: Map<string, string>): boolean => [...want].every(([f, text]) => m.get(f) === text);
        const disk = await poll(onDisk, same);
        await shot('renamed');
        for (const [f, text] of want) assert.equal(disk.get(f), text, `${f} on disk after renaming '${at.word}' to '${newName}' and saving all`);
      });

      check('the status bar item shows the server ready, with the annotation count', async (vscode) => {
        const item = vscode.page.locator(STATUS_ITEM);
        const state = await poll(async () => ({ text: await vscode.statusText(STATUS_ITEM), label: (await item.getAttribute('aria-label')) ?? '' }),
          (s) => s.text === expected.status.text && s.label.includes(expected.status.tooltip));
        assert.equal(state.text, expected.status.text, 'the Zolt status bar item\'s text');
        assert.ok(state.label.includes(expected.status.tooltip), `the Zolt status bar item's tooltip: '${state.label}'`);
      });

      check('Zolt: Show Syntax Tree opens the syntax tree beside the file', async (vscode) => {
        const tree = expected.syntaxTree;
        await vscode.openFile(tree.file);
        await vscode.command('Zolt: Show Syntax Tree');
        const tabs = await poll(() => vscode.tabs(), (t) => t.all.includes(tree.tab));
        assert.ok(tabs.all.includes(tree.tab), `no editor '${tree.tab}' (tabs: ${tabs.all.join(', ')})`);
        const lines = await poll(() => vscode.editorLines(tree.tab), (l) => tree.includes.every((part) => l.some((line) => line.includes(part))));
        await shot('syntax-tree');
        for (const part of tree.includes) assert.ok(lines.some((line) => line.includes(part)), `the syntax tree shows no '${part}':\n${lines.join('\n')}`);
      });

      check('Zolt: Show Control Flow Graph draws the function at the cursor in a webview, and a click on a block goes to its source', async (vscode) => {
        const graph = expected.controlFlowGraph;
        await vscode.openFile(graph.at.file);
        await vscode.goTo(graph.at.line, wordColumn(original.get(graph.at.file) ?? '', graph.at) + 1);
        await vscode.command('Zolt: Show Control Flow Graph');
        const tabs = await poll(() => vscode.tabs(), (t) => t.all.includes(graph.tab));
        assert.ok(tabs.all.includes(graph.tab), `no tab '${graph.tab}' (tabs: ${tabs.all.join(', ')})`);
        // The webview is an iframe in an iframe: the frame whose page has the graph.
        // A node's first text line is its block's label (its <title> is the node id).
        const blocks = await poll(() => vscode.webviewTexts('#graph svg g.node text:first-of-type'), (b) => b.length === graph.blocks.length);
        await shot('control-flow-graph');
        assert.deepEqual(blocks, graph.blocks, 'the SVG\'s nodes, by their first line');
        await vscode.clickInWebview('#graph svg g.node', graph.click.block);
        const cursor = await poll(() => vscode.cursor(), (c) => c.line === graph.click.line && c.column === graph.click.column);
        assert.deepEqual([cursor.line, cursor.column], [graph.click.line, graph.click.column], `clicking block ${graph.click.block}: the status bar says '${cursor.text}'`);
        const active = await poll(() => vscode.tabs(), (t) => t.active === graph.at.file);
        assert.equal(active.active, graph.at.file, 'the source is the active editor after the click');
      });

      // ---------------------------------------------------------------- compile on save

      const build = expected.build;
      const executable = (): string => path.join(workspace, build.executable);

      if (mode.name === 'trusted') {
        check('saving a program builds it: "built in N ms" in the status bar, the executable in its tooltip, and it runs', async (vscode) => {
          await vscode.openFile(build.file);
          await vscode.typeAt(build.touch.line, build.touch.column, build.touch.text);
          await vscode.page.keyboard.press('Control+S');
          const status = await poll(() => vscode.statusItem(BUILD_ITEM), (s) => /^built in \d+ ms$/.test(s.text) && s.label.includes(executable()));
          await shot('built-on-save');
          assert.match(status.text, /^built in \d+ ms$/, 'the build status bar item after saving');
          assert.ok(status.label.includes(executable()), `the build status bar item's tooltip names no ${executable()}: '${status.label}'`);
          const ran = spawnSync(executable(), [], { encoding: 'utf8', timeout: 30_000 });
          assert.deepEqual({ stdout: ran.stdout, status: ran.status }, { stdout: build.stdout, status: 0 }, `running ${executable()}`);
        });

        check('a build error is a diagnostic of source "zolt build" in the Problems view, and the status bar says "not built"', async (vscode) => {
          const { problem } = build.break;
          await vscode.openFile(build.file);
          await vscode.typeAt(build.break.line, build.break.column, build.break.text);
          await vscode.page.keyboard.press('Control+S');
          const status = await poll(() => vscode.statusItem(BUILD_ITEM), (s) => s.text === 'not built' && s.label.includes(problem.message));
          assert.equal(status.text, 'not built', 'the build status bar item after a failed build');
          assert.ok(status.label.includes(problem.message), `the build status bar item's tooltip: '${status.label}'`);
          await vscode.page.keyboard.press('Control+Shift+M');
          const rows = await poll(() => vscode.problemRows(), (r) => r.includes(problemRow(problem)));
          await shot('build-error');
          assert.ok(rows.includes(problemRow(problem)), `the Problems view shows no '${problemRow(problem)}': ${JSON.stringify(rows)}`);
          await vscode.hidePanel();
        });

        check('Zolt: Run builds the program (the error gone) and runs it in a terminal', async (vscode) => {
          await vscode.openFile(build.file);
          // Take the break back; Run saves the file itself.
          await vscode.goTo(build.break.line, build.break.column + build.break.text.length);
          for (let i = 0; i < build.break.text.length; i++) await vscode.page.keyboard.press('Backspace');
          await vscode.command('Zolt: Run');
          const output = vscode.page.locator('.part.panel .xterm-rows');
          const shown = await poll(async () => squash((await output.allInnerTexts()).join('\n')), (t) => t.includes(build.stdout.trim()));
          await shot('run-terminal');
          assert.ok(shown.includes(build.stdout.trim()), `the terminal shows no '${build.stdout.trim()}': '${shown}'`);
          const status = await vscode.statusItem(BUILD_ITEM);
          assert.match(status.text, /^built in \d+ ms$/, 'the build status bar item after Zolt: Run');
          await vscode.page.keyboard.press('Control+Shift+M');
          const rows = await poll(() => vscode.problemRows(), (r) => !r.includes(problemRow(build.break.problem)));
          assert.ok(!rows.includes(problemRow(build.break.problem)), 'the build error stayed after a build that succeeded');
          await vscode.hidePanel();
        });
      } else {
        check('restricted mode builds nothing: a save leaves no executable and no build status, and Zolt: Build refuses', async (vscode) => {
          await vscode.openFile(build.file);
          await vscode.typeAt(build.touch.line, build.touch.column, build.touch.text);
          await vscode.page.keyboard.press('Control+S');
          await vscode.command('Zolt: Build');
          const toasts = vscode.page.locator('.notifications-toasts .notification-list-item-message');
          const messages = await poll(async () => (await toasts.allInnerTexts()).map(squash), (m) => m.some((t) => t.includes(build.refusal)));
          await shot('build-refused');
          assert.ok(messages.some((t) => t.includes(build.refusal)), `Zolt: Build in restricted mode said ${JSON.stringify(messages)}`);
          assert.equal(await vscode.page.locator(BUILD_ITEM).count(), 0, 'the build status bar item shows in restricted mode');
          assert.ok(!fs.existsSync(path.join(workspace, '.zolt')), 'something was built in restricted mode');
          await vscode.escape();
        });
      }
    });
  }
});
