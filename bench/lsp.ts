// Language server benchmark: spawns the real server (`zolt lsp --stdio`) as an editor would,
// replays a scripted editing session over its pipes on generated 10,000- and 100,000-line
// workspaces of two shapes (a chain of imports, and a mesh where every file imports a shared
// file and two earlier ones), and measures what a user waits for: cold start, fresh diagnostics after each
// keystroke, hover, definition, completion and rename, and the server's resident memory.
// Writes bench/results/lsp.{md,json}.
//
//   npm run bench:lsp                               (about ten minutes)
//   node out/bench/lsp.js --lines=10000             one size (nothing is written)
//   node out/bench/lsp.js --shape=mesh              one workspace shape: chain or mesh
//   node out/bench/lsp.js --phases=typing,requests  some phases: cold, typing, cadence, requests
//   node out/bench/lsp.js --cpu-prof=/tmp/prof      each server runs under node --cpu-prof
//   node out/bench/lsp.js --node-args=--max-semi-space-size=32   node options for each server (comma-separated)
//   node out/bench/lsp.js --trace=/tmp/keys.jsonl   every keystroke's text and latency, one JSON per line
//   node out/bench/lsp.js --server=PREFIX/lib/node_modules/zolt-server/bin/zolt.js   another zolt (the installed package)
//
// Every time is taken in this process, from writing a message to the pipe to reading the
// answer, because that is what an editor sees. The method is described in bench/README.md.

import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection, StreamMessageReader, StreamMessageWriter, WorkDoneProgress, type ProtocolConnection, type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { KEYWORDS } from 'zolt-server/syntax';
import { generateWorkspace, type GeneratedWorkspace, type WorkspaceShape } from './generate';
import { fmt, machine, median, percentile } from './stats';

/** The `zolt` script the server runs from (--server=PATH: another, e.g. an installed package's bin/zolt.js). */
let SERVER = path.join(__dirname, '..', '..', 'server', 'bin', 'zolt.js');
const SIZES = [10_000, 100_000];
const SHAPES: readonly WorkspaceShape[] = ['chain', 'mesh'];
/** The mesh runs the phases its targets need; the chain runs them all. */
const MESH_PHASES: readonly string[] = ['cold', 'typing'];
/** Cold starts per size, after one that is thrown away (it warms the disk cache). */
const COLD_RUNS: Record<number, number> = { 10_000: 7, 100_000: 5 };
/** The server's own default for zolt.diagnostics.delay (ide/session.ts). */
const DEFAULT_DELAY = 15;
/** Functions typed per typing mode, each at a different place in the file. */
const TYPING_ROUNDS = 3;
/** Keystrokes at the start of the first round that are not counted (the JIT warms up). */
const WARMUP_KEYSTROKES = 10;
const CADENCE_MS = 30;
/** Identifier positions per open file for hover, definition and prepareRename. */
const POSITIONS_PER_FILE = 120;
const WARMUP_REQUESTS = 20;
/** Places where completion is asked for, after a dot and on a prefix. */
const COMPLETION_SITES = 60;
const RENAMES: Record<number, number> = { 10_000: 20, 100_000: 10 };
/** How long a state must go without the server using CPU to count as idle. */
const QUIET_MS = 40;
const TIMEOUT_MS = 120_000;

// ------------------------------------------------------------------ the client

interface Publication {
  readonly uri: string;
  readonly version: number | undefined;
  /** performance.now() when it was read from the pipe. */
  readonly at: number;
  readonly errors: number;
}

interface Position {
  line: number;
  character: number;
}

/** A document the client has open, with the text the server should have. */
class OpenDocument {
  version = 1;
  constructor(readonly uri: string, public text: string) {}

  /** The LSP position of an offset (the generated text is ASCII: UTF-16 units are characters). */
  position(offset: number): Position {
    let line = 0;
    let lineStart = 0;
    for (let i = this.text.indexOf('\n'); i >= 0 && i < offset; i = this.text.indexOf('\n', i + 1)) {
      line++;
      lineStart = i + 1;
    }
    return { line, character: offset - lineStart };
  }
}

/** The server process and a protocol connection to it, recording what it sends. */
class Server {
  readonly connection: ProtocolConnection;
  readonly child: ChildProcess;
  readonly spawnedAt: number;
  readonly publications: Publication[] = [];
  /** URIs with at least one publication. */
  readonly published = new Set<string>();
  /** When indexing ended ($/progress end), with the resident memory sampled right then. */
  readonly indexed: Promise<{ at: number; rssMB: number }>;
  readonly stderr: string[] = [];
  /** Rejects if the process ends before shutdown: every wait races it, so a crash fails the run. */
  private readonly died: Promise<never>;
  private stopping = false;
  private readonly waiters: { accept: (p: Publication) => boolean; wake: (p: Publication) => void }[] = [];
  private configured: (() => void)[] = [];

  constructor(readonly root: string, public delay: number, nodeArgs: readonly string[]) {
    this.spawnedAt = performance.now();
    this.child = spawn(process.execPath, [...nodeArgs, SERVER, 'lsp', '--stdio'], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr!.on('data', (chunk: Buffer) => this.stderr.push(chunk.toString()));
    this.died = new Promise<never>((_, reject) => {
      this.child.on('exit', (code, signal) => {
        if (!this.stopping) reject(new Error(`the server exited (${signal ?? code}): ${this.stderr.join('').slice(-2000)}`));
      });
    });
    this.died.catch(() => undefined); // observed by whoever is waiting
    const c = createProtocolConnection(new StreamMessageReader(this.child.stdout!), new StreamMessageWriter(this.child.stdin!));
    this.connection = c;
    c.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      const publication = { uri: params.uri, version: params.version, at: performance.now(), errors: params.diagnostics.filter((d) => d.severity === 1).length };
      this.publications.push(publication);
      this.published.add(params.uri);
      for (const waiter of [...this.waiters]) {
        if (!waiter.accept(publication)) continue;
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.wake(publication);
      }
    });
    c.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) => {
      this.configured.splice(0).forEach((wake) => wake());
      return params.items.map(() => ({ diagnostics: { delay: this.delay } }));
    });
    c.onRequest('client/registerCapability', () => null);
    // The server's only progress is indexing.
    this.indexed = new Promise((resolve) => {
      c.onRequest('window/workDoneProgress/create', (params: { token: string | number }) => {
        c.onProgress(WorkDoneProgress.type, params.token, (value) => {
          if (value.kind === 'end') resolve({ at: performance.now(), rssMB: this.memory().rssMB });
        });
        return null;
      });
    });
    c.listen();
  }

  /** Sends initialize and initialized; resolves when initialize is answered. */
  async initialize(): Promise<number> {
    const uri = pathToFileURL(this.root).href;
    await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: uri,
      workspaceFolders: [{ uri, name: path.basename(this.root) }],
      capabilities: {
        workspace: { configuration: true },
        window: { workDoneProgress: true },
        textDocument: { completion: { completionItem: { snippetSupport: true } }, rename: { prepareSupport: true } },
      },
    });
    const at = performance.now();
    void this.connection.sendNotification('initialized', {});
    return at;
  }

  open(file: string, text: string): OpenDocument {
    const doc = new OpenDocument(pathToFileURL(path.join(this.root, file)).href, text);
    void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: doc.uri, languageId: 'zolt', version: doc.version, text } });
    return doc;
  }

  /** Replaces [start, end) of the document; returns the new version and when it was sent. */
  change(doc: OpenDocument, start: number, end: number, text: string): { version: number; sentAt: number } {
    const range = { start: doc.position(start), end: doc.position(end) };
    doc.text = doc.text.slice(0, start) + text + doc.text.slice(end);
    doc.version++;
    const sentAt = performance.now();
    void this.connection.sendNotification('textDocument/didChange', { textDocument: { uri: doc.uri, version: doc.version }, contentChanges: [{ range, text }] });
    return { version: doc.version, sentAt };
  }

  /** Sets zolt.diagnostics.delay and waits until the server has read it. */
  async setDelay(delay: number): Promise<void> {
    this.delay = delay;
    const read = new Promise<void>((resolve) => this.configured.push(resolve));
    void this.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    await read;
    await this.idle();
  }

  /** The first publication for `uri` of version `version` or newer (already received or to come). */
  publication(uri: string, version: number, ms = TIMEOUT_MS): Promise<Publication | undefined> {
    const accept = (p: Publication) => p.uri === uri && p.version !== undefined && p.version >= version;
    const already = this.publications.find(accept);
    if (already) return Promise.resolve(already);
    return this.unlessDied(new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        resolve(undefined);
      }, ms);
      const waiter = { accept, wake: (p: Publication) => (clearTimeout(timer), resolve(p)) };
      this.waiters.push(waiter);
    }));
  }

  unlessDied<T>(promise: Promise<T>): Promise<T> {
    return Promise.race([promise, this.died]);
  }

  /** Resolves when every URI has been published at least once; returns when the last arrived. */
  async allPublished(uris: readonly string[]): Promise<number> {
    const missing = new Set(uris.filter((u) => !this.published.has(u)));
    if (missing.size > 0) {
      const last = await this.unlessDied(new Promise<Publication | undefined>((resolve) => {
        const timer = setTimeout(() => resolve(undefined), TIMEOUT_MS);
        const accept = (p: Publication) => missing.delete(p.uri) && missing.size === 0;
        this.waiters.push({ accept, wake: (p) => (clearTimeout(timer), resolve(p)) });
      }));
      if (!last) throw new Error(`no diagnostics for ${missing.size} files within ${TIMEOUT_MS} ms`);
    }
    return Math.max(...uris.map((u) => this.publications.find((p) => p.uri === u)!.at));
  }

  /** Sends a request and times it; a refusal (an error response) is an answer too. */
  async request<R>(method: string, params: unknown): Promise<{ ms: number; result: R | undefined; error?: string }> {
    const start = performance.now();
    try {
      const result = (await this.unlessDied(this.connection.sendRequest(method, params))) as R;
      return { ms: performance.now() - start, result };
    } catch (error) {
      if (this.child.exitCode !== null || this.child.signalCode !== null) throw error;
      return { ms: performance.now() - start, result: undefined, error: (error as Error).message };
    }
  }

  /** Resident memory now and at its peak, from /proc/<pid>/status. */
  memory(): { rssMB: number; peakMB: number } {
    const status = fs.readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
    const kB = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMB: (kB('VmRSS') * 1024) / 1e6, peakMB: (kB('VmHWM') * 1024) / 1e6 };
  }

  /** CPU time the server has used (all threads), in clock ticks. */
  cpuTicks(): number {
    const stat = fs.readFileSync(`/proc/${this.child.pid}/stat`, 'utf8');
    // The fields after the parenthesised command name; utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  }

  /**
   * Waits until the server has used no CPU for QUIET_MS. Diagnostics passes go on after the
   * edited file is published (other files, then garbage collection) and send nothing the
   * client could wait for, so this is how a pause "until the server is done" is recognised.
   */
  async idle(maxMs = 10_000): Promise<void> {
    const deadline = performance.now() + maxMs;
    let ticks = this.cpuTicks();
    while (performance.now() < deadline) {
      await sleep(QUIET_MS);
      const now = this.cpuTicks();
      if (now === ticks) return;
      ticks = now;
    }
  }

  async shutdown(): Promise<void> {
    this.stopping = true;
    serverCpuTicks += this.cpuTicks();
    const exited = new Promise<void>((resolve) => {
      if (this.child.exitCode !== null) return resolve();
      this.child.on('exit', () => resolve());
    });
    await Promise.race([this.connection.sendRequest('shutdown'), sleep(10_000)]).catch(() => undefined);
    await this.connection.sendNotification('exit').catch(() => undefined);
    // Writing a CPU profile at exit can take several seconds at 100,000 lines.
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(timer);
    this.connection.dispose();
  }
}

/** CPU used by every server this process started (for telling our work from other processes'). */
let serverCpuTicks = 0;

/** The machine's CPU time in clock ticks (USER_HZ, 100 per second on Linux): busy, and stolen by the host. */
function machineTicks(): { busy: number; steal: number } {
  const [user, nice, system, , , irq, softirq, steal] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.split(/\s+/).slice(1).map(Number);
  return { busy: user! + nice! + system! + irq! + softirq!, steal: steal! };
}

/**
 * Measures how much CPU other processes used while `work` ran, in % of one core: these VMs
 * are shared, and a figure measured next to another workload is not comparable.
 */
async function accountingForOthers<T>(work: () => Promise<T>): Promise<{ result: T; othersPercent: number; stealPercent: number }> {
  const machine0 = machineTicks();
  const own0 = process.cpuUsage();
  const servers0 = serverCpuTicks;
  const start = performance.now();
  const result = await work();
  const seconds = (performance.now() - start) / 1000;
  const machine1 = machineTicks();
  const own = process.cpuUsage(own0);
  const ownTicks = (own.user + own.system) / 10_000 + (serverCpuTicks - servers0);
  const othersPercent = Math.max(0, machine1.busy - machine0.busy - ownTicks) / seconds;
  return { result, othersPercent, stealPercent: (machine1.steal - machine0.steal) / seconds };
}

/** Where --trace writes each keystroke (for finding the slow ones). */
let traceFile: string | undefined;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// ------------------------------------------------------------------ the workspace

interface Workload {
  readonly root: string;
  readonly generated: GeneratedWorkspace;
  /** Every file's URI. */
  readonly uris: string[];
  /** The part files in chain order; the middle one is where typing happens. */
  readonly parts: string[];
}

function writeWorkspace(lines: number, shape: WorkspaceShape): Workload {
  const generated = generateWorkspace(lines, { sharedHelper: true, shape });
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'zolt-lsp-bench-')));
  for (const [name, text] of generated.files) fs.writeFileSync(path.join(root, name), text);
  const parts = [...generated.files.keys()].filter((n) => n.startsWith('part')).sort((a, b) => Number(a.slice(4, -5)) - Number(b.slice(4, -5)));
  return { root, generated, uris: [...generated.files.keys()].map((n) => pathToFileURL(path.join(root, n)).href), parts };
}

/** The middle of every identifier outside comments and strings that is not a keyword. */
function identifiers(text: string): { offset: number; name: string; call: boolean }[] {
  const result: { offset: number; name: string; call: boolean }[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (text.startsWith('//', i)) {
      i = text.indexOf('\n', i) < 0 ? text.length : text.indexOf('\n', i);
    } else if (text.startsWith('/*', i)) {
      // Block comments nest.
      let depth = 0;
      do {
        if (text.startsWith('/*', i)) (depth++, (i += 2));
        else if (text.startsWith('*/', i)) (depth--, (i += 2));
        else i++;
      } while (depth > 0 && i < text.length);
    } else if (ch === '"') {
      i = text.indexOf('"', i + 1) + 1;
    } else if (/[A-Za-z_]/.test(ch)) {
      const start = i;
      while (i < text.length && /[A-Za-z0-9_]/.test(text[i]!)) i++;
      const name = text.slice(start, i);
      if (!KEYWORDS.has(name)) result.push({ offset: start + Math.floor(name.length / 2), name, call: text[i] === '(' });
    } else if (/[0-9]/.test(ch)) {
      while (i < text.length && /[A-Za-z0-9_.]/.test(text[i]!)) i++;
    } else {
      i++;
    }
  }
  return result;
}

/** `count` elements spread evenly over `list` (deterministic). */
function spread<T>(list: readonly T[], count: number): T[] {
  if (list.length <= count) return [...list];
  return Array.from({ length: count }, (_, k) => list[Math.floor(((k + 0.5) * list.length) / count)]!);
}

function unitStarts(text: string): number[] {
  const starts: number[] = [];
  for (let at = text.indexOf('/// Geometry helpers'); at >= 0; at = text.indexOf('/// Geometry helpers', at + 1)) starts.push(at);
  return starts;
}

// ------------------------------------------------------------------ cold start

interface ColdRun {
  initializeMs: number;
  firstDiagnosticsMs: number;
  firstDiagnosticsErrors: number;
  indexedMs: number;
  allDiagnosticsMs: number;
  rssIndexedMB: number;
  rssAllMB: number;
}

async function coldStart(work: Workload, nodeArgs: readonly string[]): Promise<ColdRun> {
  const server = new Server(work.root, DEFAULT_DELAY, nodeArgs);
  try {
    const initialized = await server.initialize();
    const file = work.parts[Math.floor(work.parts.length / 2)]!;
    const doc = server.open(file, work.generated.files.get(file)!);
    const first = await server.publication(doc.uri, 1);
    if (!first) throw new Error(`no diagnostics for ${file}`);
    const indexed = await server.unlessDied(server.indexed);
    const all = await server.allPublished(work.uris);
    const rssAllMB = server.memory().rssMB;
    return {
      initializeMs: initialized - server.spawnedAt,
      firstDiagnosticsMs: first.at - server.spawnedAt,
      firstDiagnosticsErrors: first.errors,
      indexedMs: indexed.at - server.spawnedAt,
      allDiagnosticsMs: all - server.spawnedAt,
      rssIndexedMB: indexed.rssMB,
      rssAllMB,
    };
  } finally {
    await server.shutdown();
  }
}

// ------------------------------------------------------------------ typing

/** How the editor turns typed characters into changes. */
type Keyboard = 'literal' | 'auto-closing';

interface TypingMode {
  readonly keyboard: Keyboard;
  /** One keystroke every this many ms; undefined: each waits for its diagnostics and an idle server. */
  readonly cadenceMs: number | undefined;
  /** zolt.diagnostics.delay during the typing. */
  readonly delay: number;
}

const PAUSED_MODES: readonly TypingMode[] = [
  { keyboard: 'literal', cadenceMs: undefined, delay: 0 },
  { keyboard: 'auto-closing', cadenceMs: undefined, delay: 0 },
];
const CADENCE_MODES: readonly TypingMode[] = [
  { keyboard: 'literal', cadenceMs: CADENCE_MS, delay: 0 },
  { keyboard: 'literal', cadenceMs: CADENCE_MS, delay: DEFAULT_DELAY },
  { keyboard: 'auto-closing', cadenceMs: CADENCE_MS, delay: 0 },
  { keyboard: 'auto-closing', cadenceMs: CADENCE_MS, delay: DEFAULT_DELAY },
];

interface TypingRow extends Distribution {
  readonly mode: TypingMode;
  /** Changes sent (an auto-closing editor sends none for a closer it types over). */
  readonly keystrokes: number;
  /** Publications of the typed file during the typing. */
  readonly publications: number;
  /** Keystrokes no publication of their version or a newer one answered (should be 0). */
  readonly missing: number;
  /** Errors in the last publication of each round (the typed function is valid: should be 0). */
  readonly finalErrors: number;
}

/**
 * The function typed: about 130 characters that call into the file and into common.zolt. It
 * starts with a newline because it is typed on an empty line.
 */
function typedFunction(name: string, unit: number): string {
  return `\nfn ${name}(xs: []i64, k: i64) -> i64 {\n    var acc: i64 = 0;\n    for x in xs { acc += clamp_total(x * k, 0, 100); }\n    return acc + sum${unit}(1, 2, 3);\n}\n`;
}

/** Where round `round` types: the empty line before a unit of the file, spread over the file. */
function typingSite(doc: OpenDocument, round: number): { at: number; unit: number } {
  const starts = unitStarts(doc.text);
  const start = starts[Math.floor((round + 0.5) * (starts.length / TYPING_ROUNDS))]!;
  return { at: start - 1, unit: Number(/part (\d+)/.exec(doc.text.slice(start, start + 40))![1]) };
}

/** The characters before which VS Code auto-closes a bracket, from our language configuration. */
const AUTO_CLOSE_BEFORE: string = (
  JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'language-configuration.json'), 'utf8')) as { autoCloseBefore: string }
).autoCloseBefore;
const CLOSERS: Record<string, string> = { '{': '}', '(': ')', '[': ']' };

/**
 * The changes that typing `text` at `at` sends. Literally, one insertion per character. An
 * editor that auto-closes brackets (VS Code with language-configuration.json) inserts `{}`
 * for `{` when the next character allows it, and sends nothing for a closer it types over.
 */
function keystrokes(text: string, at: number, following: string, keyboard: Keyboard): { offset: number; text: string }[] {
  const result: { offset: number; text: string }[] = [];
  const pending: string[] = []; // auto-inserted closers after the cursor, nearest first
  let cursor = at;
  for (const ch of text) {
    if (keyboard === 'auto-closing' && pending[0] === ch) {
      pending.shift();
      cursor++;
      continue;
    }
    const next = pending[0] ?? following[0] ?? '\n';
    const close = keyboard === 'auto-closing' && CLOSERS[ch] !== undefined && AUTO_CLOSE_BEFORE.includes(next) ? CLOSERS[ch] : undefined;
    result.push({ offset: cursor, text: close ? ch + close : ch });
    if (close) pending.unshift(close);
    cursor++;
  }
  return result;
}

/** Removes what a round typed, and waits until the server has published and gone quiet. */
async function undo(server: Server, doc: OpenDocument, at: number, length: number): Promise<void> {
  const { version } = server.change(doc, at, at + length, '');
  await server.publication(doc.uri, version);
  await server.idle();
}

/**
 * Types the function TYPING_ROUNDS times in `mode`. Paused ("the user pauses"): one keystroke,
 * then the publication of exactly its version (or newer), then until the server is idle, then
 * the next. At a cadence, a typist: one keystroke every cadenceMs whatever the server does.
 * Either way a keystroke's latency runs from sending its change until the first publication
 * of its version or a newer one, that is until the diagnostics on screen reflect it; versions
 * the server skipped are answered by the later publication.
 */
async function typeFunctions(server: Server, doc: OpenDocument, mode: TypingMode, id: number, warmup: number): Promise<TypingRow> {
  await server.setDelay(mode.delay);
  const latencies: number[] = [];
  let sentCount = 0;
  let publications = 0;
  let missing = 0;
  let finalErrors = 0;
  for (let round = 0; round < TYPING_ROUNDS; round++) {
    const { at, unit } = typingSite(doc, round);
    const text = typedFunction(`typed_${id}_${round}`, unit);
    const expected = doc.text.slice(0, at) + text + doc.text.slice(at);
    const firstPublication = server.publications.length;
    const sent: { version: number; sentAt: number }[] = [];
    const keys = keystrokes(text, at, doc.text.slice(at), mode.keyboard);
    const start = performance.now();
    for (const [i, key] of keys.entries()) {
      if (mode.cadenceMs !== undefined) {
        // Absolute deadlines, so that one late timer does not slow the whole sequence down.
        const wait = start + i * mode.cadenceMs - performance.now();
        if (wait > 0) await sleep(wait);
        sent.push(server.change(doc, key.offset, key.offset, key.text));
      } else {
        const keystroke = server.change(doc, key.offset, key.offset, key.text);
        sent.push(keystroke);
        await server.publication(doc.uri, keystroke.version, 30_000);
        await server.idle();
      }
    }
    if (doc.text !== expected) throw new Error('the typed text is not the function (keystroke simulation is wrong)');
    const last = await server.publication(doc.uri, sent[sent.length - 1]!.version);
    finalErrors += last?.errors ?? 0;
    const mine = server.publications.slice(firstPublication).filter((p) => p.uri === doc.uri);
    for (const [i, keystroke] of sent.entries()) {
      const covering = mine.find((p) => p.version! >= keystroke.version);
      if (!covering) missing++;
      else if (round > 0 || i >= warmup) latencies.push(covering.at - keystroke.sentAt);
      if (traceFile) fs.appendFileSync(traceFile, JSON.stringify({ mode: modeName(mode), round, key: keys[i]!.text, version: keystroke.version, ms: covering ? covering.at - keystroke.sentAt : null, published: covering?.version }) + '\n');
    }
    sentCount += sent.length;
    publications += mine.filter((p) => p.version! >= sent[0]!.version).length;
    await undo(server, doc, at, text.length);
  }
  return { mode, ...distribution(latencies), keystrokes: sentCount, publications, missing, finalErrors };
}

function modeName(mode: TypingMode): string {
  return `${mode.keyboard}, ${mode.cadenceMs === undefined ? 'paused' : `every ${mode.cadenceMs} ms`}, delay ${mode.delay} ms`;
}

// ------------------------------------------------------------------ requests

type Samples = Record<'hover' | 'definition' | 'completionDot' | 'completionPrefix' | 'prepareRename' | 'rename', number[]>;

interface CompletionList {
  items: { label: string }[];
}

async function requests(server: Server, work: Workload, docs: OpenDocument[], samples: Samples, counts: Record<string, number>, renames: number): Promise<void> {
  const at = (doc: OpenDocument, offset: number) => ({ textDocument: { uri: doc.uri }, position: doc.position(offset) });

  // Hover and definition on identifiers spread over the open files, taking the files in turn
  // (so that no file's caches stay warmer than an editor's would).
  const perFile = docs.map((doc) => spread(identifiers(doc.text), POSITIONS_PER_FILE).map((id) => ({ doc, ...id })));
  const positions = perFile[0]!.flatMap((_, i) => perFile.flatMap((list) => (i < list.length ? [list[i]!] : [])));
  for (let i = 0; i < WARMUP_REQUESTS; i++) {
    const p = positions[i % positions.length]!;
    await server.request('textDocument/hover', at(p.doc, p.offset));
    await server.request('textDocument/definition', at(p.doc, p.offset));
  }
  let hovers = 0;
  let definitions = 0;
  for (const p of positions) {
    const h = await server.request<unknown>('textDocument/hover', at(p.doc, p.offset));
    samples.hover.push(h.ms);
    if (h.result) hovers++;
    const d = await server.request<unknown>('textDocument/definition', at(p.doc, p.offset));
    samples.definition.push(d.ms);
    if (d.result) definitions++;
  }
  counts.hoverAnswered = hovers;
  counts.definitionAnswered = definitions;

  // Completion, as an editor asks for it: right after the change that typed the trigger.
  // After `p.` the answer is Point's fields; after `le`, every visible name.
  const sites = docs.flatMap((doc) => {
    const lines: number[] = [];
    for (let i = doc.text.indexOf('as i64;\n'); i >= 0; i = doc.text.indexOf('as i64;\n', i + 1)) lines.push(i + 'as i64;'.length);
    return spread(lines, Math.ceil(COMPLETION_SITES / docs.length)).map((offset) => ({ doc, offset }));
  });
  let warm = WARMUP_REQUESTS / 4;
  let dotOk = 0;
  let prefixOk = 0;
  for (const { doc, offset } of sites) {
    server.change(doc, offset, offset, '\n    p.');
    const dot = await server.request<CompletionList | null>('textDocument/completion', { ...at(doc, offset + 7), context: { triggerKind: 2, triggerCharacter: '.' } });
    server.change(doc, offset, offset + 7, '\n    le');
    const prefix = await server.request<CompletionList | null>('textDocument/completion', { ...at(doc, offset + 7), context: { triggerKind: 1 } });
    await undo(server, doc, offset, 7);
    if (warm > 0) {
      warm--;
      continue;
    }
    samples.completionDot.push(dot.ms);
    samples.completionPrefix.push(prefix.ms);
    if (dot.result?.items.some((item) => item.label === 'x')) dotOk++;
    if (prefix.result?.items.some((item) => item.label.startsWith('length'))) prefixOk++;
    counts.completionPrefixItems = prefix.result?.items.length ?? 0;
  }
  counts.completionDotAnswered = dotOk;
  counts.completionPrefixAnswered = prefixOk;

  // prepareRename on every function name among the positions (declarations and calls).
  let prepared = 0;
  for (const p of positions.filter((q) => q.call)) {
    const r = await server.request<unknown>('textDocument/prepareRename', at(p.doc, p.offset));
    samples.prepareRename.push(r.ms);
    if (r.result) prepared++;
  }
  counts.prepareRenameAnswered = prepared;

  // Rename clamp_total, which every unit calls, from call sites spread over the workspace.
  // The edit is not applied, so every request sees the same workspace.
  const calls = work.parts.flatMap((file) => {
    const text = work.generated.files.get(file)!;
    const doc = new OpenDocument(pathToFileURL(path.join(work.root, file)).href, text);
    const offsets: number[] = [];
    for (let i = text.indexOf('clamp_total('); i >= 0; i = text.indexOf('clamp_total(', i + 1)) offsets.push(i + 3);
    return offsets.map((offset) => ({ doc, offset }));
  });
  const renameSites = spread(calls, renames);
  let edits = 0;
  let files = 0;
  for (const { doc, offset } of renameSites) {
    const prepare = await server.request<unknown>('textDocument/prepareRename', at(doc, offset));
    if (!prepare.result) throw new Error(`prepareRename refused clamp_total in ${doc.uri}: ${prepare.error}`);
    const r = await server.request<{ changes?: Record<string, unknown[]> } | null>('textDocument/rename', { ...at(doc, offset), newName: 'clamp_total_renamed' });
    if (r.error) throw new Error(`rename of clamp_total refused: ${r.error}`);
    samples.rename.push(r.ms);
    const changes = Object.values(r.result?.changes ?? {});
    files = changes.length;
    edits = changes.reduce((n, list) => n + list.length, 0);
  }
  counts.renameEdits = edits;
  counts.renameFiles = files;
}

// ------------------------------------------------------------------ one size

interface Distribution {
  samples: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

interface SizeResult {
  /** The size asked for (`lines` is what the generator made of it). */
  size: number;
  shape: WorkspaceShape;
  lines: number;
  files: number;
  cold?: { runs: number; median: ColdRun };
  typing: TypingRow[];
  requests?: Record<keyof Samples, Distribution>;
  counts?: Record<string, number>;
  memory?: { indexedMB: number; settledMB: number; afterSessionMB: number; peakMB: number };
  /** CPU other processes used meanwhile, and CPU time the host stole, in % of one core. */
  othersPercent?: number;
  stealPercent?: number;
}

function distribution(samples: readonly number[]): Distribution {
  return { samples: samples.length, p50: median(samples), p95: percentile(samples, 95), p99: percentile(samples, 99), max: Math.max(...samples) };
}

function medianRun(runs: readonly ColdRun[]): ColdRun {
  const field = (key: keyof ColdRun) => median(runs.map((r) => r[key]));
  return {
    initializeMs: field('initializeMs'),
    firstDiagnosticsMs: field('firstDiagnosticsMs'),
    firstDiagnosticsErrors: Math.max(...runs.map((r) => r.firstDiagnosticsErrors)),
    indexedMs: field('indexedMs'),
    allDiagnosticsMs: field('allDiagnosticsMs'),
    rssIndexedMB: field('rssIndexedMB'),
    rssAllMB: field('rssAllMB'),
  };
}

async function measure(lines: number, shape: WorkspaceShape, phases: ReadonlySet<string>, nodeArgs: readonly string[]): Promise<SizeResult> {
  const work = writeWorkspace(lines, shape);
  const result: SizeResult = { size: lines, shape, lines: work.generated.lines, files: work.generated.files.size, typing: [] };
  try {
    if (phases.has('cold')) {
      const runs: ColdRun[] = [];
      for (let run = 0; run <= COLD_RUNS[lines]!; run++) {
        const r = await coldStart(work, nodeArgs);
        if (run > 0) runs.push(r);
        if (r.firstDiagnosticsErrors > 0) log(`  warning: the first diagnostics of the opened file had ${r.firstDiagnosticsErrors} errors`);
        log(`  cold start ${run === 0 ? '(warm-up)' : run}: initialize ${fmt(r.initializeMs, 0)} ms, first diagnostics ${fmt(r.firstDiagnosticsMs, 0)} ms, indexed ${fmt(r.indexedMs, 0)} ms, all diagnostics ${fmt(r.allDiagnosticsMs, 0)} ms`);
      }
      result.cold = { runs: runs.length, median: medianRun(runs) };
    }
    if (!['typing', 'cadence', 'requests'].some((p) => phases.has(p))) return result;

    // One session for the rest, as one editor window would be.
    const server = new Server(work.root, 0, nodeArgs);
    try {
      await server.initialize();
      const indexed = await server.unlessDied(server.indexed);
      await server.allPublished(work.uris);
      await server.idle();
      const settled = server.memory();
      const middle = work.parts[Math.floor(work.parts.length / 2)]!;
      const names = [work.parts[0]!, middle, work.parts[work.parts.length - 1]!];
      const docs = names.map((name) => server.open(name, work.generated.files.get(name)!));
      const typingDoc = docs[1]!;
      await server.idle();

      const modes = [...(phases.has('typing') ? PAUSED_MODES : []), ...(phases.has('cadence') ? CADENCE_MODES : [])];
      for (const [i, mode] of modes.entries()) {
        const row = await typeFunctions(server, typingDoc, mode, i, i === 0 ? WARMUP_KEYSTROKES : 0);
        result.typing.push(row);
        log(`  keystroke -> diagnostics, ${modeName(mode)}: p50 ${fmt(row.p50)} ms, p95 ${fmt(row.p95)} ms, max ${fmt(row.max)} ms; ${row.publications} publications for ${row.keystrokes} keystrokes${row.missing ? `, ${row.missing} never answered` : ''}${row.finalErrors ? `, ${row.finalErrors} errors at the end` : ''}`);
      }
      if (phases.has('requests')) {
        // Requests run with the shipped debounce, as an editor would have it.
        await server.setDelay(DEFAULT_DELAY);
        const samples: Samples = { hover: [], definition: [], completionDot: [], completionPrefix: [], prepareRename: [], rename: [] };
        const counts: Record<string, number> = {};
        await requests(server, work, docs, samples, counts, RENAMES[lines]!);
        result.requests = {
          hover: distribution(samples.hover),
          definition: distribution(samples.definition),
          completionDot: distribution(samples.completionDot),
          completionPrefix: distribution(samples.completionPrefix),
          prepareRename: distribution(samples.prepareRename),
          rename: distribution(samples.rename),
        };
        result.counts = counts;
        for (const [name, d] of Object.entries(result.requests)) log(`  ${name}: p50 ${fmt(d.p50)} ms, p95 ${fmt(d.p95)} ms, p99 ${fmt(d.p99)} ms (${d.samples})`);
      }
      await server.idle();
      const after = server.memory();
      result.memory = { indexedMB: indexed.rssMB, settledMB: settled.rssMB, afterSessionMB: after.rssMB, peakMB: after.peakMB };
      log(`  resident memory: ${fmt(indexed.rssMB, 0)} MB at indexing end, ${fmt(settled.rssMB, 0)} MB with every file diagnosed, ${fmt(after.rssMB, 0)} MB after the session (peak ${fmt(after.peakMB, 0)} MB)`);
    } finally {
      await server.shutdown();
      if (server.stderr.length > 0) log(`  server stderr: ${server.stderr.join('').slice(0, 2000)}`);
    }
    return result;
  } finally {
    fs.rmSync(work.root, { recursive: true, force: true });
  }
}

function log(line: string): void {
  console.log(line);
}

// ------------------------------------------------------------------ report

interface Target {
  readonly name: string;
  readonly limit: number;
  readonly unit: string;
  /** The figure compared with the limit (undefined: not measured in this run). */
  readonly figure: (r: SizeResult) => number | undefined;
  readonly sizes: readonly number[];
}

const TARGETS: readonly Target[] = [
  { name: 'keystroke to diagnostics p95, paused, literal typing', limit: 20, unit: 'ms', figure: (r) => typingRow(r, PAUSED_MODES[0]!)?.p95, sizes: SIZES },
  { name: 'keystroke to diagnostics p95, paused, auto-closing brackets', limit: 20, unit: 'ms', figure: (r) => typingRow(r, PAUSED_MODES[1]!)?.p95, sizes: SIZES },
  { name: 'hover p95', limit: 10, unit: 'ms', figure: (r) => r.requests?.hover.p95, sizes: SIZES },
  { name: 'definition p95', limit: 10, unit: 'ms', figure: (r) => r.requests?.definition.p95, sizes: SIZES },
  { name: "completion p95 after '.'", limit: 50, unit: 'ms', figure: (r) => r.requests?.completionDot.p95, sizes: SIZES },
  { name: 'completion p95 on a prefix', limit: 50, unit: 'ms', figure: (r) => r.requests?.completionPrefix.p95, sizes: SIZES },
  { name: 'cold start: spawn to first diagnostics of the opened file (median)', limit: 250, unit: 'ms', figure: (r) => r.cold?.median.firstDiagnosticsMs, sizes: SIZES },
  { name: 'resident memory, every file diagnosed and idle', limit: 200, unit: 'MB', figure: (r) => r.memory?.settledMB, sizes: [100_000] },
  { name: 'resident memory after the session', limit: 300, unit: 'MB', figure: (r) => r.memory?.afterSessionMB, sizes: [100_000] },
  { name: 'resident memory, peak (VmHWM)', limit: 500, unit: 'MB', figure: (r) => r.memory?.peakMB, sizes: [100_000] },
];

function typingRow(r: SizeResult, mode: TypingMode): TypingRow | undefined {
  return r.typing.find((t) => t.mode === mode);
}

interface Verdict {
  target: string;
  lines: number;
  shape: WorkspaceShape;
  figure: number;
  limit: number;
  unit: string;
  met: boolean;
}

function verdicts(rows: readonly SizeResult[]): Verdict[] {
  const result: Verdict[] = [];
  for (const target of TARGETS) {
    for (const row of rows) {
      const figure = target.figure(row);
      if (figure === undefined || !target.sizes.includes(row.size)) continue;
      result.push({ target: target.name, lines: row.lines, shape: row.shape, figure, limit: target.limit, unit: target.unit, met: figure < target.limit });
    }
  }
  return result;
}

function report(rows: readonly SizeResult[]): string {
  const n = (x: number) => x.toLocaleString('en');
  const d = (x: Distribution) => `${fmt(x.p50, 1)} | ${fmt(x.p95, 1)} | ${fmt(x.p99, 1)} | ${fmt(x.max, 1)}`;
  const checks = verdicts(rows);
  const lines = [
    '# Language server benchmark',
    '',
    `Generated by \`npm run bench:lsp\` on ${new Date().toISOString().slice(0, 10)} (${machine()}).`,
    'The server runs as its own process (`zolt lsp --stdio`); the benchmark talks to it over the pipes',
    'with vscode-languageserver-protocol, as an editor does, and times from writing a message to reading',
    'the answer. Workspaces come from `bench/generate.ts` (with `common.zolt`, whose `clamp_total` every',
    'unit calls) and are written to a temporary folder. The method is in [../README.md](../README.md).',
    'Two shapes: *chain*, where part k imports part k-1, and *mesh*, where part k imports common.zolt and',
    `two earlier parts, k-1 and k/2, so that every file imports a shared one and no chain runs through them. The mesh runs the ${MESH_PHASES.join(' and ')} phases.`,
    '',
    `**Cold start** (median of ${COLD_RUNS[10_000]} and ${COLD_RUNS[100_000]} runs after a warm-up run; ms from spawning the process; the middle file is opened right after initialize):`,
    '',
    '| lines, shape | files | initialize answered | first diagnostics of the opened file | indexing done ($/progress end) | every file diagnosed | RSS at indexing end (MB) |',
    '|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.filter((r) => r.cold).map((r) => {
      const c = r.cold!.median;
      return `| ${n(r.lines)} ${r.shape} | ${r.files} | ${fmt(c.initializeMs, 0)} | ${fmt(c.firstDiagnosticsMs, 0)} | ${fmt(c.indexedMs, 0)} | ${fmt(c.allDiagnosticsMs, 0)} | ${fmt(c.rssIndexedMB, 0)} |`;
    }),
    '',
    `**Keystroke to fresh diagnostics** (ms, from sending a keystroke's \`didChange\` to the first publication of its version or a newer one): a function of about 130 characters typed on an empty line of the middle file, one \`didChange\` per keystroke, ${TYPING_ROUNDS} times at different places. *Literal*: every character is a keystroke. *Auto-closing*: as VS Code types with our language configuration, \`{\` \`(\` \`[\` insert their closer and typing over a closer sends nothing. *Paused*: the next keystroke waits for the publication of this one's version and then for the server to go idle. *Every ${CADENCE_MS} ms*: a typist who does not wait; versions the server skips are answered by the later publication.`,
    '',
    '| lines, shape | keyboard | typing | diagnostics delay | keystrokes | p50 | p95 | p99 | max | publications per keystroke |',
    '|---:|---|---|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.flatMap((r) =>
      r.typing.map((t) => {
        const pace = t.mode.cadenceMs === undefined ? 'paused' : `every ${t.mode.cadenceMs} ms`;
        const delay = `${t.mode.delay} ms${t.mode.delay === DEFAULT_DELAY ? ' (default)' : ''}`;
        return `| ${n(r.lines)} ${r.shape} | ${t.mode.keyboard} | ${pace} | ${delay} | ${t.keystrokes} | ${d(t)} | ${fmt(t.publications / t.keystrokes)} |`;
      })),
    '',
    `**Requests** (ms, one at a time, zolt.diagnostics.delay at its default ${DEFAULT_DELAY} ms): hover and definition on ${POSITIONS_PER_FILE} identifiers in each of three open files (first, middle, last part), after ${WARMUP_REQUESTS} warm-up requests; completion right after the \`didChange\` that typed \`p.\` or \`le\` on a new line in a function body; prepareRename on every function name among those identifiers; rename of \`clamp_total\` from call sites in files spread over the workspace.`,
    '',
    '| lines, shape | request | samples | p50 | p95 | p99 | max | |',
    '|---:|---|---:|---:|---:|---:|---:|---|',
    ...rows.filter((r) => r.requests).flatMap((r) => {
      const q = r.requests!;
      const c = r.counts!;
      return [
        `| ${n(r.lines)} ${r.shape} | hover | ${q.hover.samples} | ${d(q.hover)} | ${c.hoverAnswered} with content |`,
        `| ${n(r.lines)} ${r.shape} | definition | ${q.definition.samples} | ${d(q.definition)} | ${c.definitionAnswered} with a location |`,
        `| ${n(r.lines)} ${r.shape} | completion after \`.\` | ${q.completionDot.samples} | ${d(q.completionDot)} | ${c.completionDotAnswered} list Point's fields |`,
        `| ${n(r.lines)} ${r.shape} | completion on a prefix | ${q.completionPrefix.samples} | ${d(q.completionPrefix)} | ${n(c.completionPrefixItems ?? 0)} items each |`,
        `| ${n(r.lines)} ${r.shape} | prepareRename | ${q.prepareRename.samples} | ${d(q.prepareRename)} | ${c.prepareRenameAnswered} accepted |`,
        `| ${n(r.lines)} ${r.shape} | rename \`clamp_total\` | ${q.rename.samples} | ${d(q.rename)} | ${n(c.renameEdits ?? 0)} edits in ${c.renameFiles} files |`,
      ];
    }),
    '',
    '**Resident memory** of the server process (VmRSS from /proc/<pid>/status, MB):',
    '',
    '| lines, shape | at indexing end | every file diagnosed, idle | after the session | peak (VmHWM) |',
    '|---:|---:|---:|---:|---:|',
    ...rows.filter((r) => r.memory).map((r) => `| ${n(r.lines)} ${r.shape} | ${fmt(r.memory!.indexedMB, 0)} | ${fmt(r.memory!.settledMB, 0)} | ${fmt(r.memory!.afterSessionMB, 0)} | ${fmt(r.memory!.peakMB, 0)} |`),
    '',
    `While it ran, other processes on the machine used ${rows.map((r) => `${fmt(r.othersPercent ?? NaN, 0)}%`).join(', ')} of a core (the host stole ${rows.map((r) => `${fmt(r.stealPercent ?? NaN, 0)}%`).join(', ')}), for ${rows.map((r) => `${n(r.lines)} ${r.shape}`).join(', ')}; more than a few percent makes the figures of that workspace suspect.`,
    '',
    '**Targets:**',
    '',
    '| target | lines | figure | limit | figure / limit | |',
    '|---|---:|---:|---:|---:|---|',
    ...checks.map((v) => `| ${v.target} | ${n(v.lines)} ${v.shape} | ${fmt(v.figure, 1)} ${v.unit} | ${v.limit} ${v.unit} | ${fmt(v.figure / v.limit)} | ${v.met ? 'met' : '**missed**'} |`),
    '',
    interpretation(rows, checks),
    '',
  ];
  return lines.join('\n');
}

/** The paragraph under the tables: what the figures of this run say. */
function interpretation(rows: readonly SizeResult[], checks: readonly Verdict[]): string {
  const missed = checks.filter((v) => !v.met);
  const sentences: string[] = [];
  sentences.push(
    missed.length === 0
      ? 'Every target is met in this run.'
      : `${checks.length - missed.length} of ${checks.length} targets are met. Missed: ${missed.map((v) => `${v.target} at ${v.lines.toLocaleString('en')} lines, ${v.shape} (${fmt(v.figure, 0)} ${v.unit}, ${fmt(v.figure / v.limit, 1)}x the limit)`).join('; ')}.`,
  );
  for (const r of rows) {
    const literal = typingRow(r, PAUSED_MODES[0]!);
    const closing = typingRow(r, PAUSED_MODES[1]!);
    if (literal && closing) {
      sentences.push(`At ${r.lines.toLocaleString('en')} lines (${r.shape}), typing with auto-closed brackets gives fresh diagnostics in ${fmt(closing.p50, 0)} ms (p50) against ${fmt(literal.p50, 0)} ms for literal typing, whose unclosed \`{\` makes the rest of the file part of the new function until \`}\` is typed.`);
    }
    const fast = r.typing.filter((t) => t.mode.cadenceMs !== undefined);
    if (fast.length > 0) {
      sentences.push(`A typist at one keystroke every ${CADENCE_MS} ms gets ${fast.map((t) => `${fmt((100 * t.publications) / t.keystrokes, 0)}% (${t.mode.keyboard}, delay ${t.mode.delay} ms)`).join(', ')} of the keystrokes published; the worst keystroke waits ${fmt(Math.max(...fast.map((t) => t.max)), 0)} ms for diagnostics that include it.`);
    }
  }
  const [small, large] = [10_000, 100_000].map((size) => rows.find((r) => r.size === size && r.shape === 'chain'));
  if (small?.memory && large?.memory) {
    sentences.push(`Resident memory after the session grows from ${fmt(small.memory.afterSessionMB, 0)} MB to ${fmt(large.memory.afterSessionMB, 0)} MB, ${fmt((large.memory.afterSessionMB - small.memory.afterSessionMB) / ((large.lines - small.lines) / 1000), 2)} MB per 1,000 lines.`);
  }
  sentences.push('These machines vary by up to 1.7x between runs, so a figure within that factor of its limit may land on the other side in another run. bench/README.md says where the time goes.');
  return sentences.join(' ');
}

// ------------------------------------------------------------------ main

async function main() {
  const option = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const onlyLines = option('lines');
  const phaseList = option('phases');
  const profileDir = option('cpu-prof');
  traceFile = option('trace');
  const server = option('server');
  if (server) SERVER = path.resolve(server);
  if (traceFile) fs.writeFileSync(traceFile, '');
  const sizes = onlyLines ? [Number(onlyLines)] : SIZES;
  const onlyShape = option('shape');
  if (onlyShape !== undefined && !SHAPES.includes(onlyShape as WorkspaceShape)) throw new Error(`--shape must be one of ${SHAPES.join(', ')}`);
  const shapes = onlyShape ? [onlyShape as WorkspaceShape] : SHAPES;
  const phases = new Set(phaseList ? phaseList.split(',') : ['cold', 'typing', 'cadence', 'requests']);
  const extraNodeArgs = option('node-args')?.split(',') ?? [];
  const nodeArgs = [...extraNodeArgs, ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profileDir)}`] : [])];
  if (sizes.some((s) => !(s in COLD_RUNS))) throw new Error(`--lines must be one of ${SIZES.join(', ')}`);

  const rows: SizeResult[] = [];
  for (const lines of sizes) {
    for (const shape of shapes) {
      log(`${lines.toLocaleString('en')} lines, ${shape}:`);
      const shapePhases = shape === 'chain' ? phases : new Set([...phases].filter((p) => MESH_PHASES.includes(p)));
      const { result, othersPercent, stealPercent } = await accountingForOthers(() => measure(lines, shape, shapePhases, nodeArgs));
      rows.push({ ...result, othersPercent, stealPercent });
      log(`  other processes used ${fmt(othersPercent, 0)}% of a core meanwhile; the host stole ${fmt(stealPercent, 0)}%`);
    }
  }
  if (onlyLines || onlyShape || phaseList || profileDir || traceFile || server || extraNodeArgs.length > 0) {
    log('a partial or profiled run: bench/results is left as it was');
    for (const v of verdicts(rows)) log(`${v.met ? 'met   ' : 'MISSED'} ${v.target} at ${v.lines} lines, ${v.shape}: ${fmt(v.figure, 1)} ${v.unit} (limit ${v.limit})`);
    return;
  }
  const dir = path.join(__dirname, '..', '..', 'bench', 'results');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'lsp.md.tmp'), report(rows));
  fs.renameSync(path.join(dir, 'lsp.md.tmp'), path.join(dir, 'lsp.md'));
  const json = { date: new Date().toISOString(), machine: machine(), rows, targets: verdicts(rows) };
  fs.writeFileSync(path.join(dir, 'lsp.json.tmp'), JSON.stringify(json, null, 2) + '\n');
  fs.renameSync(path.join(dir, 'lsp.json.tmp'), path.join(dir, 'lsp.json'));
  log(`wrote ${path.join(dir, 'lsp.md')}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
