// The Zolt language server: the connection, the documents' state, and which handler answers
// which message. The handlers are lsp/handlers/ (one module per family of requests), the
// conversions between ide/'s offsets and the protocol's ranges lsp/to-proto.ts and
// lsp/from-proto.ts, the Zolt methods' names lsp/protocol.ts (shared with the client).
//
// Concurrency: every request first lets queued messages run (a cancellation or an edit may be
// waiting), then answers from the current state, or says the request was cancelled or that the
// document changed under it. Diagnostics are published per document version, after a short
// delay that coalesces fast typing; a publication is dropped if the document changed since
// (lsp/handlers/diagnostics.ts).
//
// Compile on save (didSave, the `zolt/build` request) is lsp/handlers/build.ts's; its
// diagnostics are merged into each file's wherever diagnostics are published or pulled.

import {
  createConnection, DidChangeWatchedFilesNotification, DocumentDiagnosticReportKind, LSPErrorCodes,
  ProposedFeatures, ResponseError, type CancellationToken, type Connection, type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { Session, yieldToEvents } from './ide/session';
import type { CommentVerifier } from './ide/comments/live';
import { loadGrammar, type SyntaxDocument, type TextChange } from './syntax';
import { clientFeatures, initialFolders, NO_FEATURES, serverCapabilities, type ClientFeatures } from './lsp/capabilities';
import { verifyComments } from './lsp/comments';
import { textChanges, toPath } from './lsp/from-proto';
import { BuildOnSave, trustedFrom } from './lsp/handlers/build';
import { handleCodeAction } from './lsp/handlers/code-actions';
import { handleCompletion, handleSignatureHelp } from './lsp/handlers/completion';
import { Diagnostics } from './lsp/handlers/diagnostics';
import { handleFormatting, handlePrepareRename, handleRangeFormatting, handleRename, handleWillRenameFiles } from './lsp/handlers/edits';
import { DotRequest, handleDot } from './lsp/handlers/graphs';
import {
  handleDefinition, handleDocumentHighlight, handleHover, handleIncomingCalls, handleOutgoingCalls,
  handlePrepareCallHierarchy, handleReferences, handleTypeDefinition,
} from './lsp/handlers/navigation';
import {
  handleDocumentLinks, handleDocumentSymbols, handleFoldingRanges, handleInlayHints, handleSelectionRanges,
  handleWorkspaceSymbols, SemanticTokenHandlers,
} from './lsp/handlers/symbols';
import { AnnotationNotifier, AnnotationsRequest, handleAnnotations, handleSyntaxTree } from './lsp/handlers/zolt';
import { INDEXING_PROGRESS_TITLE, SYNTAX_TREE_REQUEST, type SyntaxTreeParams } from './lsp/protocol';
import { readSettings, type Configuration } from './lsp/settings';

/** Starts a server on the transport named in process.argv (--stdio, --node-ipc, --socket=N). */
export function startServer(): void {
  const connection = createConnection(ProposedFeatures.all);
  new ZoltServer(connection).listen();
}

/** A handler of a request about one document: the session, the document's file and its state. */
type DocumentHandler<P, R> = (session: Session, file: string, doc: SyntaxDocument, params: P) => R;
/** What answers a request once its document is current (no document for a workspace request). */
type Compute<R> = (session: Session, file: string, doc: SyntaxDocument) => R;

class ZoltServer {
  private session: Session | undefined;
  private readonly ready: Promise<Session>;
  private resolveReady!: (session: Session) => void;
  /** The first settings are loaded and the workspace folders indexed (after `initialized`). */
  private readonly indexed: Promise<void>;
  private resolveIndexed!: () => void;
  private client: ClientFeatures = NO_FEATURES;
  private folders: string[] = [];
  /**
   * Edits received but not yet applied, per file, in order. Applying one (reparse, relower) is
   * the costly part of a keystroke; edits that queue up while the server is busy are applied
   * together, with one reparse, when something needs the documents (see settle).
   */
  private readonly unapplied = new Map<string, { changes: TextChange[]; version: number }>();
  private readonly builds: BuildOnSave;
  private readonly diagnostics: Diagnostics;
  private readonly annotations: AnnotationNotifier;
  private readonly tokens = new SemanticTokenHandlers();
  /** Stale comments (lsp/comments.ts), once the grammar is loaded. */
  private comments: CommentVerifier | undefined;

  constructor(private readonly connection: Connection) {
    this.ready = new Promise((resolve) => (this.resolveReady = resolve));
    this.indexed = new Promise((resolve) => (this.resolveIndexed = resolve));
    this.builds = new BuildOnSave(connection, {
      session: async () => {
        const session = await this.ready;
        // A save right after the start waits for the settings (build.onSave) and the index (which
        // file of the workspace has the `main` that imports the saved one).
        await this.indexed;
        this.settle(session);
        return session;
      },
      folders: () => this.folders,
      republish: (files) => this.diagnostics.republish(files),
    });
    this.annotations = new AnnotationNotifier(connection);
    this.diagnostics = new Diagnostics({
      connection,
      builds: this.builds,
      session: () => this.session,
      ready: this.ready,
      settle: (session) => this.settle(session),
      pulls: () => this.client.pullDiagnostics,
      filesChanged: (session, files) => this.annotations.filesChanged(session, files),
    });
  }

  listen(): void {
    const c = this.connection;
    c.onInitialize((params) => this.initialize(params));
    c.onInitialized(() => void this.initialized());
    c.onShutdown(() => {
      this.builds.dispose();
      this.comments?.dispose();
      this.session?.dispose();
    });
    c.onDidChangeConfiguration(() => void this.loadSettings());
    this.builds.listen();
    this.listenDocuments();
    this.listenRequests();
    this.listenDiagnostics();
    process.on('uncaughtException', (error) => this.connection.console.error(`zolt: uncaught: ${error.stack ?? error}`));
    process.on('unhandledRejection', (error) => this.connection.console.error(`zolt: unhandled rejection: ${String(error)}`));
    c.listen();
  }

  // ------------------------------------------------------------------ documents

  private listenDocuments(): void {
    const c = this.connection;
    c.onDidOpenTextDocument(({ textDocument }) => this.withSession((s) => {
      const file = toPath(textDocument.uri);
      s.open(file, textDocument.text, textDocument.version);
      // Nobody is typing yet: the file's diagnostics need not wait for the typing debounce.
      this.diagnostics.schedule([file], { now: true });
    }));
    // An edit is queued, not applied: see `unapplied`. Before the session exists it waits
    // behind the didOpen that came before it.
    c.onDidChangeTextDocument(({ textDocument, contentChanges }) => {
      const queue = () => {
        const file = toPath(textDocument.uri);
        const queued = this.unapplied.get(file) ?? { changes: [], version: textDocument.version };
        queued.changes.push(...textChanges(contentChanges));
        queued.version = textDocument.version;
        this.unapplied.set(file, queued);
        this.diagnostics.schedule([file]);
      };
      if (this.session) queue();
      else void this.ready.then(queue);
    });
    c.onDidCloseTextDocument(({ textDocument }) => this.withSession((s) => {
      const file = toPath(textDocument.uri);
      s.close(file);
      this.diagnostics.schedule([file]);
    }));
    c.onDidChangeWatchedFiles(({ changes }) => this.withSession((s) => {
      const files = changes.map((change) => toPath(change.uri));
      changes.forEach((change, i) => (change.type === 3 ? s.fileDeleted(files[i]!) : s.fileChanged(files[i]!)));
      this.diagnostics.schedule(files);
    }));
  }

  /** The version of a document with the edits not yet applied. */
  private latestVersion(session: Session, file: string): number | undefined {
    return this.unapplied.get(file)?.version ?? session.workspace.document(file)?.version;
  }

  /** Applies the edits received so far, each file's with one reparse. */
  private settle(session: Session): void {
    if (this.unapplied.size === 0) return;
    const edits = [...this.unapplied];
    this.unapplied.clear();
    for (const [file, { changes, version }] of edits) {
      if (!session.workspace.document(file)) continue; // not open: the editor's edit has no document
      try {
        session.change(file, changes, version);
      } catch (error) {
        this.connection.console.error(`zolt: applying an edit to ${file}: ${(error as Error).stack ?? error}`);
      }
    }
  }

  // ------------------------------------------------------------------ requests

  private listenRequests(): void {
    const c = this.connection;
    const doc = <P extends { textDocument: { uri: string } }, R>(handler: DocumentHandler<P, R>) => this.forDocument(handler);
    const log = (message: string) => this.connection.console.info(message);
    c.onHover(doc(handleHover));
    c.onDefinition(doc(handleDefinition));
    c.onDeclaration(doc(handleDefinition));
    c.onTypeDefinition(doc(handleTypeDefinition));
    c.onReferences(doc(handleReferences));
    c.onDocumentHighlight(doc(handleDocumentHighlight));
    c.languages.callHierarchy.onPrepare(doc(handlePrepareCallHierarchy));
    c.languages.callHierarchy.onIncomingCalls((p, token) => this.answer(token, undefined, (s) => handleIncomingCalls(s, p)));
    c.languages.callHierarchy.onOutgoingCalls((p, token) => this.answer(token, undefined, (s) => handleOutgoingCalls(s, p)));
    c.onCompletion(doc((s, file, d, p) => handleCompletion(s, file, d, p, this.client.snippets)));
    c.onSignatureHelp(doc(handleSignatureHelp));
    c.onPrepareRename(doc(handlePrepareRename));
    c.onRenameRequest(doc(handleRename));
    c.workspace.onWillRenameFiles((p, token) => this.answer(token, undefined, (s) => handleWillRenameFiles(s, p)));
    c.onCodeAction(doc((s, file, d, p) => handleCodeAction(s, file, d, p, this.client.actions)));
    c.onDocumentFormatting(doc((_s, file, d) => handleFormatting(file, d, log)));
    c.onDocumentRangeFormatting(doc((_s, file, d, p) => handleRangeFormatting(file, d, p, log)));
    c.onDocumentSymbol(doc((s, file, d, p) => handleDocumentSymbols(s, file, d, p, this.client.hierarchicalSymbols)));
    c.onWorkspaceSymbol((p, token) => this.answer(token, undefined, (s) => handleWorkspaceSymbols(s, p)));
    c.languages.semanticTokens.on(doc((s, file, d) => this.tokens.full(s, file, d)));
    c.languages.semanticTokens.onDelta(doc((s, file, d, p) => this.tokens.delta(s, file, d, p)));
    c.languages.semanticTokens.onRange(doc((s, file, d, p) => this.tokens.range(s, file, d, p)));
    c.languages.inlayHint.on(doc(handleInlayHints));
    c.onFoldingRanges(doc((_s, _file, d) => handleFoldingRanges(d)));
    c.onSelectionRanges(doc((_s, _file, d, p) => handleSelectionRanges(d, p)));
    c.onDocumentLinks(doc(handleDocumentLinks));
    c.onRequest(AnnotationsRequest, (token) => this.answer(token, undefined, handleAnnotations));
    c.onRequest(SYNTAX_TREE_REQUEST, doc((_s, _file, d, _p: SyntaxTreeParams) => handleSyntaxTree(d)));
    c.onRequest(DotRequest, (p, token) => this.answer(token, p.uri, (s, file, d) => handleDot(s, file, d, p)));
  }

  private listenDiagnostics(): void {
    const c = this.connection;
    c.languages.diagnostics.onWorkspace((p, token) => this.diagnostics.pullWorkspace(p, token));
    c.languages.diagnostics.on(async (p, token) => {
      const report = await this.forDocument((s, file, doc, params: typeof p) => this.diagnostics.pullDocument(s, file, doc, params))(p, token);
      return report ?? { kind: DocumentDiagnosticReportKind.Full, items: [] };
    });
  }

  /** The protocol's handler of a request about one document (see answer). */
  private forDocument<P extends { textDocument: { uri: string } }, R>(handler: DocumentHandler<P, R>) {
    return (params: P, token: CancellationToken) => this.answer(token, params.textDocument.uri, (s, file, doc) => handler(s, file, doc, params));
  }

  /**
   * Answers a request: lets queued messages run first, then refuses if the request was
   * cancelled or its document changed meanwhile, and never lets an exception escape.
   */
  private async answer<R>(token: CancellationToken, uri: string | undefined, compute: Compute<R>): Promise<R | null> {
    const session = await this.ready;
    const file = uri === undefined ? '' : toPath(uri);
    const versionBefore = uri === undefined ? undefined : this.latestVersion(session, file);
    await yieldToEvents();
    if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
    this.settle(session);
    const doc = uri === undefined ? undefined : session.workspace.document(file);
    if (uri !== undefined && !doc) return null;
    if (doc && doc.version !== versionBefore) throw new ResponseError(LSPErrorCodes.ContentModified, 'the document changed');
    try {
      return compute(session, file, doc!);
    } catch (error) {
      if (error instanceof ResponseError) throw error;
      this.connection.console.error(`zolt: ${(error as Error).stack ?? error}`);
      return null;
    }
  }

  /** Runs a notification's work once the session exists (messages may arrive before). */
  private withSession(work: (session: Session) => void): void {
    const run = (session: Session) => {
      try {
        this.settle(session);
        work(session);
      } catch (error) {
        this.connection.console.error(`zolt: ${(error as Error).stack ?? error}`);
      }
    };
    if (this.session) run(this.session);
    else void this.ready.then(run);
  }

  // ------------------------------------------------------------------ lifecycle

  private initialize(params: InitializeParams): InitializeResult {
    this.client = clientFeatures(params);
    this.folders = initialFolders(params);
    this.builds.trusted = trustedFrom(params.initializationOptions);
    void loadGrammar().then((grammar) => {
      this.session = new Session(grammar);
      this.comments = verifyComments(this.session, grammar, (files) => this.diagnostics.schedule(files));
      this.resolveReady(this.session);
    });
    return {
      capabilities: serverCapabilities(this.client),
      serverInfo: { name: 'zolt', version: (require('../package.json') as { version: string }).version },
    };
  }

  private async initialized(): Promise<void> {
    await this.ready;
    try {
      await this.loadSettings();
      if (this.client.dynamicWatchers) {
        void this.connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.zolt' }] });
      }
      if (this.client.folderChanges) {
        this.connection.workspace.onDidChangeWorkspaceFolders(({ added, removed }) => void this.foldersChanged(added.map((f) => toPath(f.uri)), removed.map((f) => toPath(f.uri))));
      }
      await this.index(this.folders);
    } finally {
      this.resolveIndexed(); // builds wait for this: a failed index must not stop them for good
    }
  }

  /** Indexes folders (with progress), then diagnoses everything that may have changed. */
  private async index(folders: readonly string[]): Promise<void> {
    const session = await this.ready;
    const progress = this.client.workDoneProgress ? await this.connection.window.createWorkDoneProgress() : undefined;
    progress?.begin(INDEXING_PROGRESS_TITLE, 0, undefined, false);
    await session.indexFolders(folders, (done, total) => progress?.report(total === 0 ? 100 : Math.round((done / total) * 100), `${done}/${total} files`), { stopped: false });
    progress?.done();
    this.diagnostics.schedule(session.diagnosedFiles());
  }

  private async foldersChanged(added: readonly string[], removed: readonly string[]): Promise<void> {
    const session = await this.ready;
    this.folders = [...this.folders.filter((f) => !removed.includes(f)), ...added];
    for (const file of session.forgetFolders(removed, this.folders)) this.diagnostics.forget(file);
    await this.index(added);
  }

  private async loadSettings(): Promise<void> {
    const session = await this.ready;
    if (!this.client.configuration) return;
    const config = (await this.connection.workspace.getConfiguration('zolt').catch(() => undefined)) as Configuration | undefined;
    const settings = readSettings(config, (message) => this.connection.console.warn(message));
    session.settings = settings.session;
    this.builds.settings = settings.build;
    if (this.comments) this.comments.enabled = settings.comments;
    this.diagnostics.schedule(session.diagnosedFiles());
    // What the editor shows from earlier answers may have changed with the settings.
    if (this.client.inlayHintRefresh) void this.connection.languages.inlayHint.refresh().catch(() => undefined);
    if (this.client.semanticTokensRefresh) this.connection.languages.semanticTokens.refresh();
  }
}
