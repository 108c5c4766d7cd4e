// The connection to the Zolt language server: starts it, restarts it, follows its state for
// the status bar and passes on the server's own notifications (annotations, builds). A restart makes a new
// LanguageClient (the server path may have changed), so the rest of the extension talks to
// this object and never holds a LanguageClient.

import * as vscode from 'vscode';
import {
  CloseAction, ErrorAction, LanguageClient, RevealOutputChannelOn, State, TransportKind, type CloseHandlerResult, type ErrorHandler,
  type ErrorHandlerResult, type HandleWorkDoneProgressSignature, type LanguageClientOptions, type ProgressToken, type ServerOptions, type WorkDoneProgressBegin,
  type WorkDoneProgressEnd, type WorkDoneProgressReport,
} from 'vscode-languageclient/node';
import { chooseServer } from './launch';
import type { BuildState } from './build-view';
import {
  ANNOTATIONS_CHANGED_NOTIFICATION, BUILD_FINISHED_NOTIFICATION, BUILD_PROGRESS_TITLE, INDEXING_PROGRESS_TITLE, WORKSPACE_TRUSTED_NOTIFICATION,
  type AnnotationsChangedParams, type BuildReport, type InitializationOptions,
} from './protocol';
import type { ServerState } from './server-state';
import { sanitizeZoltSettings } from './settings';

type Progress = WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd;

export class ZoltClient implements vscode.Disposable {
  private client: LanguageClient | undefined;
  /** `starting` from the outset: activation starts the server at once, and the views should not flash "stopped". */
  private current: ServerState = { phase: 'starting' };
  /** The work-done progress the server reports indexing with, while it lasts. */
  private indexing: ProgressToken | undefined;
  /** Starts and stops run one after the other, never interleaved. */
  private queue: Promise<void> = Promise.resolve();
  /** A restart asked for but not begun: asking again joins it (trust and settings change together). */
  private pendingRestart: Promise<void> | undefined;
  private readonly stateEmitter = new vscode.EventEmitter<ServerState>();
  private readonly annotationsEmitter = new vscode.EventEmitter<number>();
  private readonly buildEmitter = new vscode.EventEmitter<BuildState>();
  /** The server's state changed (starting, indexing, ready, stopped). */
  readonly onDidChangeState = this.stateEmitter.event;
  /** The server says the workspace's annotations changed; the argument is their count. */
  readonly onDidChangeAnnotations = this.annotationsEmitter.event;
  /** A build began (its progress) or finished (`zolt/buildFinished`). */
  readonly onDidChangeBuild = this.buildEmitter.event;

  constructor(private readonly context: vscode.ExtensionContext, readonly output: vscode.LogOutputChannel) {}

  get state(): ServerState {
    return this.current;
  }

  start(): Promise<void> {
    return this.enqueue(() => this.doStart());
  }

  stop(): Promise<void> {
    return this.enqueue(() => this.doStop());
  }

  restart(): Promise<void> {
    if (this.pendingRestart) return this.pendingRestart;
    const restart = this.enqueue(async () => {
      this.pendingRestart = undefined;
      await this.doStop();
      await this.doStart();
    });
    this.pendingRestart = restart;
    return restart;
  }

  /** A request to the running server; undefined when it is not running. */
  async request<R>(method: string, params: object, token?: vscode.CancellationToken): Promise<R | undefined> {
    const client = this.client;
    if (!client || !client.isRunning()) return undefined;
    // With an undefined token the client library sends the parameters as a list, [params, null]:
    // pass the token only when there is one.
    return token ? client.sendRequest<R>(method, params, token) : client.sendRequest<R>(method, params);
  }

  /** Tells the running server that the workspace is trusted now (a restarted one learns it when it starts). */
  trustGranted(): void {
    const client = this.client;
    if (client?.isRunning()) void client.sendNotification(WORKSPACE_TRUSTED_NOTIFICATION);
  }

  dispose(): void {
    void this.stop();
    this.stateEmitter.dispose();
    this.annotationsEmitter.dispose();
    this.buildEmitter.dispose();
  }

  private enqueue(operation: () => Promise<void>): Promise<void> {
    const next = this.queue.then(operation, operation);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private setState(state: ServerState): void {
    this.current = state;
    this.stateEmitter.fire(state);
  }

  private async doStart(): Promise<void> {
    if (this.client) return;
    const config = vscode.workspace.getConfiguration('zolt');
    const choice = chooseServer(this.context.asAbsolutePath('dist/server.js'), config.inspect<string>('server.path'), vscode.workspace.isTrusted);
    if (choice.ignored !== undefined) {
      this.output.warn(`zolt.server.path is set to '${choice.ignored}' by this workspace, which is not trusted: using ${choice.launch.kind === 'bundled' ? 'the bundled server' : choice.launch.command} instead.`);
    }
    const launch = choice.launch;
    const serverOptions: ServerOptions = launch.kind === 'bundled'
      ? {
          // `module` is forked with VS Code's own Node runtime: nothing to install.
          run: { module: launch.module, transport: TransportKind.ipc },
          debug: { module: launch.module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
        }
      : { command: launch.command, args: [...launch.args], transport: TransportKind.stdio };
    this.output.info(launch.kind === 'bundled' ? `Starting the bundled server ${launch.module}` : `Starting ${launch.command} ${launch.args.join(' ')} --stdio`);

    /** Whether this client's server ever got running (a server that never did is not restarted). */
    let running = false;
    // In Restricted Mode the server builds nothing (it is told when trust is granted).
    const initializationOptions: InitializationOptions = { workspaceTrusted: vscode.workspace.isTrusted, renameCommand: true };
    const clientOptions: LanguageClientOptions = {
      initializationOptions,
      documentSelector: [{ scheme: 'file', language: 'zolt' }, { scheme: 'untitled', language: 'zolt' }],
      // The server pulls its settings (workspace/configuration, section `zolt`); this makes the
      // client tell it when they change, so that it pulls them again.
      synchronize: { configurationSection: 'zolt' },
      outputChannel: this.output,
      // The library's own error pop-ups repeat one failure several times over; its messages go
      // to the output channel, and this class says what happened once (with Show Output).
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      errorHandler: this.errorHandler(() => client, () => running),
      middleware: {
        handleWorkDoneProgress: (token, params, next) => this.progress(token, params, next),
        workspace: {
          configuration: async (params, token, next) => {
            const result = await next(params, token);
            if (!Array.isArray(result)) return result;
            return result.map((value: unknown, i) => {
              if (params.items[i]?.section !== 'zolt') return value;
              const sanitized = sanitizeZoltSettings(value);
              if (sanitized.dropped.length > 0) this.output.warn(`zolt.annotations.tags: not tags, left out: ${sanitized.dropped.map((t) => `'${t}'`).join(', ')}`);
              return sanitized.value;
            });
          },
        },
      },
    };
    // The id `zolt` makes the library read the `zolt.trace.server` setting.
    const client = new LanguageClient('zolt', 'Zolt Language Server', serverOptions, clientOptions);
    this.client = client;
    client.onDidChangeState((event) => {
      if (this.client !== client) return;
      if (event.newState === State.Running) running = true;
      if (event.newState === State.Starting) this.indexing = undefined; // a restarted server indexes again
      if (event.newState === State.Starting) this.setState({ phase: 'starting' });
      else if (event.newState === State.Running) this.setState(this.indexing === undefined ? { phase: 'ready' } : this.current);
      else this.setState({ phase: 'stopped' });
    });
    client.onNotification(ANNOTATIONS_CHANGED_NOTIFICATION, (params: AnnotationsChangedParams) => {
      if (this.client === client) this.annotationsEmitter.fire(params.count);
    });
    client.onNotification(BUILD_FINISHED_NOTIFICATION, (report: BuildReport) => {
      if (this.client === client) this.buildEmitter.fire({ phase: 'finished', report });
    });
    this.setState({ phase: 'starting' });
    try {
      await client.start();
    } catch (error) {
      this.output.error(`The Zolt language server did not start: ${error instanceof Error ? error.message : String(error)}`);
      this.client = undefined;
      this.setState({ phase: 'stopped', reason: 'it did not start' });
      void client.dispose().catch(() => undefined);
      this.report('The Zolt language server did not start.');
    }
  }

  /** Tells the user once, with the way to the details and a restart (not awaited: the queue must not wait for the user). */
  private report(message: string): void {
    void vscode.window.showErrorMessage(message, 'Show Output', 'Restart').then((choice) => {
      if (choice === 'Show Output') this.output.show(true);
      if (choice === 'Restart') void this.restart();
    });
  }

  /**
   * Like the library's default (restart a server that dies, but not a fifth time in three
   * minutes), except that a server that never got running is not restarted: its start already
   * failed and said so.
   */
  private errorHandler(client: () => LanguageClient, wasRunning: () => boolean): ErrorHandler {
    const crashes: number[] = [];
    return {
      error: (_error, _message, count): ErrorHandlerResult => ({ action: count !== undefined && count <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown, handled: true }),
      closed: (): CloseHandlerResult => {
        if (this.client !== client() || !wasRunning()) return { action: CloseAction.DoNotRestart, handled: true };
        const now = Date.now();
        crashes.push(now);
        while (crashes.length > 0 && crashes[0]! < now - 3 * 60_000) crashes.shift();
        if (crashes.length < 5) {
          this.output.warn('The Zolt language server stopped unexpectedly; restarting it.');
          return { action: CloseAction.Restart, handled: true };
        }
        this.report('The Zolt language server stopped 5 times in 3 minutes and was not restarted.');
        return { action: CloseAction.DoNotRestart, handled: true };
      },
    };
  }

  private async doStop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.indexing = undefined;
    if (client) {
      try {
        await client.dispose(2000);
      } catch (error) {
        this.output.warn(`Stopping the Zolt language server: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    this.setState({ phase: 'stopped' });
  }

  /** Watches the server's progress reports (indexing, builds) on their way to VS Code's own progress UI. */
  private progress(token: ProgressToken, params: Progress, next: HandleWorkDoneProgressSignature): void {
    if (params.kind === 'begin' && params.title.startsWith(BUILD_PROGRESS_TITLE)) {
      this.buildEmitter.fire({ phase: 'building', title: params.title });
    } else if (params.kind === 'begin' && params.title === INDEXING_PROGRESS_TITLE) {
      this.indexing = token;
      this.setState({ phase: 'indexing', percentage: params.percentage, message: params.message });
    } else if (token === this.indexing && params.kind === 'report') {
      this.setState({ phase: 'indexing', percentage: params.percentage, message: params.message });
    } else if (token === this.indexing && params.kind === 'end') {
      this.indexing = undefined;
      if (this.client?.isRunning()) this.setState({ phase: 'ready' });
    }
    next(token, params);
  }
}
