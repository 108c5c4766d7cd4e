// A language client for tests: spawns `zolt lsp --stdio` and talks to it through
// vscode-languageserver-protocol, the library real clients are built on.

import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import {
  createProtocolConnection, StreamMessageReader, StreamMessageWriter, type ProtocolConnection, type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { fromRoot } from './paths';

export interface ClientOptions {
  /** Client capabilities beyond the defaults (snippets, hierarchical symbols, ...). */
  capabilities?: Record<string, unknown>;
  /** Settings answered to workspace/configuration. */
  settings?: Record<string, unknown>;
  /** Extra arguments for node (e.g. --max-old-space-size). */
  nodeArgs?: string[];
  /** `initializationOptions` (what the Zolt extension tells the server). */
  initializationOptions?: Record<string, unknown>;
  /** The `zolt` command to start (an installed one); by default the repository's server/bin/zolt.js under this node. */
  zolt?: string;
}

export class TestClient {
  readonly connection: ProtocolConnection;
  private readonly child: ChildProcess;
  /** Every diagnostics publication, in order of arrival. */
  readonly publications: PublishDiagnosticsParams[] = [];
  private readonly waiters: (() => void)[] = [];
  readonly versions = new Map<string, number>();
  readonly stderr: string[] = [];
  readonly logs: string[] = [];
  readonly notifications: { method: string; params: unknown }[] = [];

  constructor(readonly root: string, private readonly options: ClientOptions = {}) {
    const [command, args] = options.zolt ? [options.zolt, []] : [process.execPath, [...(options.nodeArgs ?? []), fromRoot('server/bin/zolt.js')]];
    this.child = spawn(command, [...args, 'lsp', '--stdio'], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr!.on('data', (chunk: Buffer) => this.stderr.push(chunk.toString()));
    this.connection = createProtocolConnection(new StreamMessageReader(this.child.stdout!), new StreamMessageWriter(this.child.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.publications.push(params);
      this.waiters.splice(0).forEach((wake) => wake());
    });
    this.connection.onNotification('window/logMessage', (params: { message: string }) => {
      this.logs.push(params.message);
    });
    this.connection.onNotification('zolt/annotationsChanged', (params: unknown) => {
      this.notifications.push({ method: 'zolt/annotationsChanged', params });
    });
    this.connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) => params.items.map(() => options.settings ?? {}));
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.listen();
  }

  get pid(): number {
    return this.child.pid!;
  }

  async initialize(): Promise<Record<string, unknown>> {
    const uri = pathToFileURL(this.root).href;
    const result = await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: uri,
      workspaceFolders: [{ uri, name: path.basename(this.root) }],
      initializationOptions: this.options.initializationOptions,
      capabilities: {
        workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } },
        window: { workDoneProgress: true },
        textDocument: { documentSymbol: { hierarchicalDocumentSymbolSupport: true }, completion: { completionItem: { snippetSupport: true } } },
        ...this.options.capabilities,
      },
    });
    this.connection.sendNotification('initialized', {});
    return (result as { capabilities: Record<string, unknown> }).capabilities;
  }

  uri(file: string): string {
    return pathToFileURL(path.join(this.root, file)).href;
  }

  open(file: string, text = fs.readFileSync(path.join(this.root, file), 'utf8')): string {
    const uri = this.uri(file);
    this.versions.set(uri, 1);
    this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'zolt', version: 1, text } });
    return uri;
  }

  change(file: string, changes: { range?: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string }[]): number {
    const uri = this.uri(file);
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
    return version;
  }

  close(file: string): void {
    this.connection.sendNotification('textDocument/didClose', { textDocument: { uri: this.uri(file) } });
  }

  /**
   * Sends the messages that `send` writes as one write to the server's stdin, so that the server
   * reads them together and a race between them does not depend on the pipe's timing.
   */
  async together(send: () => void): Promise<void> {
    const stdin = this.child.stdin!;
    stdin.cork();
    send();
    // The writer writes from promise callbacks, one message at a time behind a lock that hands
    // over through the event loop: one turn of it was not always enough for the second message
    // (a flaky ContentModified test in CI). The stream is corked, so waiting longer only batches.
    await new Promise((resolve) => setTimeout(resolve, 50));
    stdin.uncork();
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  /** The latest diagnostics published for a file, waiting (up to `ms`) until `accept` holds. */
  async diagnostics(file: string, accept: (p: PublishDiagnosticsParams) => boolean = () => true, ms = 20_000): Promise<PublishDiagnosticsParams> {
    const uri = this.uri(file);
    const deadline = Date.now() + ms;
    for (;;) {
      const latest = [...this.publications].reverse().find((p) => p.uri === uri);
      if (latest && accept(latest)) return latest;
      if (Date.now() > deadline) throw new Error(`no accepted diagnostics for ${file} within ${ms} ms (latest: ${JSON.stringify(latest?.diagnostics.map((d) => d.message))})`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 200);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async shutdown(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((resolve) => setTimeout(resolve, 5000))]);
      this.connection.sendNotification('exit');
    } catch {
      // already gone
    }
    await new Promise<void>((resolve) => {
      if (this.child.exitCode !== null) return resolve();
      const timer = setTimeout(() => {
        this.child.kill('SIGKILL');
        resolve();
      }, 5000);
      this.child.on('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    this.connection.dispose();
  }

  exited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }
}

export function fileOf(uri: string, root: string): string {
  return path.relative(root, fileURLToPath(uri));
}
