// The Zolt language server: the only file that knows the Language Server Protocol. It turns
// protocol messages into calls on the session and the feature modules of ide/, and their plain
// results (offsets, strings) back into protocol objects.
//
// Concurrency: every request first lets queued messages run (a cancellation or an edit may be
// waiting), then answers from the current state, or says the request was cancelled or that the
// document changed under it. Diagnostics are published per document version, after a short
// delay that coalesces fast typing; a publication is dropped if the document changed since.
//
// Compile on save (didSave, the `zolt/build` request) is server-build.ts's; its diagnostics are
// merged into each file's here, wherever diagnostics are published or pulled.

import {
  CompletionItemKind, createConnection, DiagnosticSeverity, DiagnosticTag,
  DidChangeWatchedFilesNotification, DocumentDiagnosticReportKind, FoldingRangeKind, InlayHintKind,
  InsertTextFormat, LSPErrorCodes, ProposedFeatures, ResponseError, SymbolKind, RequestType0,
  TextDocumentSyncKind, type CancellationToken, type Connection, type Diagnostic as LspDiagnostic,
  type DocumentDiagnosticReport, type InitializeParams, type InitializeResult, type Position,
  type Range, type WorkspaceDocumentDiagnosticReport,
} from 'vscode-languageserver/node';
import { incomingCalls, outgoingCalls, prepareCallHierarchy, type CallItem } from './ide/call-hierarchy';
import { completion, type CompletionKind } from './ide/completion';
import { capDiagnostics, hiddenMessage } from './ide/diagnostic-cap';
import { documentLinks } from './ide/document-links';
import { importEditsForRenames } from './ide/file-renames';
import { hover } from './ide/hover';
import { inlayHints } from './ide/inlay-hints';
import { definition, documentHighlights, references, typeDefinition } from './ide/navigation';
import { prepareRename, rename } from './ide/rename';
import { encodeTokens, semanticTokens, TOKEN_MODIFIERS, TOKEN_TYPES, tokenDelta } from './ide/semantic-tokens';
import { DEFAULT_SETTINGS, Session, TimeSlice, yieldToEvents, type SessionSettings } from './ide/session';
import { normalizeTags } from './ide/annotations';
import { signatureHelp } from './ide/signature-help';
import { formatEdits, formatTree, rangeFormatEdits, type TextEdit } from './ide/format';
import { foldingRanges, selectionRanges, type SelectionRange as Selection } from './ide/structure';
import {
  documentSymbols, workspaceSymbols, type OutlineSymbol, type SymbolKind as ZoltSymbolKind,
} from './ide/symbols';
import type { FunctionSymbol, Location } from './semantics';
import { readBuildSettings } from './build/settings';
import { BuildOnSave, trustedFrom } from './server-build';
import { CODE_ACTION_KINDS, lspCodeActions, workspaceEdit, type ActionClient } from './server-actions';
import { DotRequest, dotRequest } from './server-graphs';
import { commentsSetting, verifyComments } from './server-comments';
import type { CommentVerifier } from './ide/comments/live';
import { loadGrammar, treeToSexp, type Diagnostic, type SyntaxDocument, type TextChange } from './syntax';
import {
  ANNOTATIONS_CHANGED_NOTIFICATION, ANNOTATIONS_REQUEST, INDEXING_PROGRESS_TITLE, SYNTAX_TREE_REQUEST,
  type AnnotationsChangedParams, type AnnotationsResult, type InitializationOptions, type SyntaxTreeParams, type SyntaxTreeResult,
} from './lsp/protocol';
import { toPath, toUri } from './uris';

/** Starts a server on the transport named in process.argv (--stdio, --node-ipc, --socket=N). */
/** `zolt/annotations` takes no parameters (registered as such, the handler gets the token first). */
const AnnotationsRequest = new RequestType0<AnnotationsResult | null, void>(ANNOTATIONS_REQUEST);
/** Diagnostics never wait longer than this after an edit, however fast the typing. */
const MAX_WAIT_MS = 100;

export function startServer(): void {
  const connection = createConnection(ProposedFeatures.all);
  new ZoltServer(connection).listen();
}

class ZoltServer {
  private session: Session | undefined;
  private readonly ready: Promise<Session>;
  private resolveReady!: (session: Session) => void;
  /** The first settings are loaded and the workspace folders indexed (after `initialized`). */
  private readonly indexed: Promise<void>;
  private resolveIndexed!: () => void;
  private pullDiagnostics = false;
  private workDoneProgress = false;
  private configurationSupport = false;
  private dynamicWatchers = false;
  private hierarchicalSymbols = true;
  private snippets = false;
  private actionClient: ActionClient = { disabledSupport: false, renameCommand: false };
  private inlayHintRefresh = false;
  private folderChanges = false;
  private semanticTokensRefresh = false;
  private folders: string[] = [];
  /** Files whose diagnostics wait to be recomputed, and the timer that will do it. */
  private readonly pending = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  /** Goes up with every edit: a publishing pass that sees it move stops. */
  private generation = 0;
  /**
   * Edits received but not yet applied, per file, in order. Applying one (reparse, relower) is
   * the costly part of a keystroke; edits that queue up while the server is busy are applied
   * together, with one reparse, when something needs the documents (see settle).
   */
  private readonly unapplied = new Map<string, { changes: TextChange[]; version: number }>();
  /** When the oldest edit that diagnostics have not yet seen arrived (bounds the debounce). */
  private waitingSince: number | undefined;
  /** What was last published per file (the cached array: identity tells if it changed). */
  private readonly published = new Map<string, readonly Diagnostic[]>();
  private readonly tokenResults = new Map<string, { id: string; data: number[] }>();
  private nextTokenResult = 0;
  private readonly builds: BuildOnSave;
  /** Stale comments (server-comments.ts), once the grammar is loaded. */
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
      republish: (files) => this.republish(files),
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

    c.onDidOpenTextDocument(({ textDocument }) => this.withSession((s) => {
      const file = toPath(textDocument.uri);
      s.open(file, textDocument.text, textDocument.version);
      this.scheduleDiagnostics([file]);
    }));
    // An edit is queued, not applied: see `unapplied`. Before the session exists it waits
    // behind the didOpen that came before it.
    c.onDidChangeTextDocument(({ textDocument, contentChanges }) => {
      const queue = () => {
        const file = toPath(textDocument.uri);
        const queued = this.unapplied.get(file) ?? { changes: [], version: textDocument.version };
        queued.changes.push(...contentChanges.map((change) => ('range' in change ? { range: change.range, text: change.text } : { text: change.text })));
        queued.version = textDocument.version;
        this.unapplied.set(file, queued);
        this.scheduleDiagnostics([file]);
      };
      if (this.session) queue();
      else void this.ready.then(queue);
    });
    c.onDidCloseTextDocument(({ textDocument }) => this.withSession((s) => {
      const file = toPath(textDocument.uri);
      s.close(file);
      this.scheduleDiagnostics([file]);
    }));
    c.onDidChangeWatchedFiles(({ changes }) => this.withSession((s) => {
      const files = changes.map((change) => toPath(change.uri));
      changes.forEach((change, i) => (change.type === 3 ? s.fileDeleted(files[i]!) : s.fileChanged(files[i]!)));
      this.scheduleDiagnostics(files);
    }));

    c.onHover((p, token) => this.answer(token, p.textDocument.uri, (s, file, doc) => {
      const result = hover(s.workspace, s.queries, file, offsetOf(doc, p.position));
      return result ? { contents: { kind: 'markdown', value: result.contents }, range: rangeOf(doc, result.start, result.end) } : null;
    }));
    c.onDefinition((p, token) => this.answer(token, p.textDocument.uri, (s, file, doc) => this.location(definition(s.queries, file, offsetOf(doc, p.position)))));
    c.onDeclaration((p, token) => this.answer(token, p.textDocument.uri, (s, file, doc) => this.location(definition(s.queries, file, offsetOf(doc, p.position)))));
    c.onTypeDefinition((p, token) => this.answer(token, p.textDocument.uri, (s, file, doc) => this.location(typeDefinition(s.queries, file, offsetOf(doc, p.position)))));
    c.onReferences((p, token) => this.answer(token, p.textDocument.uri, (s, file, doc) => {
      const at = s.queries.symbolAt(file, offsetOf(doc, p.position));
      if (!at) return [];
      return references(s.queries, at.symbol, p.context.includeDeclaration).map((l) => this.location(l)).filter((l) => l !== null);
    }));
    c.onDocumentHighlight((p, token) => this.answer(token, p.textDocument.uri, (s, file, doc) =>
      documentHighlights(s.queries, file, offsetOf(doc, p.position)).map((h) => ({ range: rangeOf(doc, h.start, h.end), kind: h.write ? 3 : 2 }))));
    c.onCompletion((p, token) => this.answer(token, p.textDocument.uri, (s, file, doc) => {
      const offset = offsetOf(doc, p.position);
      const result = completion(s.workspace, s.queries, file, offset);
      const replace = rangeOf(doc, result.start, offset);
      return {
        isIncomplete: false,
        items: result.entries
          .filter((e) => this.snippets || !e.snippet)
          .map((e) => ({
            label: e.label,
            kind: COMPLETION_KINDS[e.kind],
            detail: e.detail,
            documentation: e.documentation ? { kind: 'markdown' as const, value: e.documentation } : undefined,
            sortText: e.sortText,
            textEdit: { range: replace, newText: e.snippet ?? e.label },
            insertTextFormat: e.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
          })),
      };
    }));
    c.onSignatureHelp((p, token) => this.answer(token, p.textDocument.uri, (s, file, doc) => {
      const help = signatureHelp(s.workspace, s.queries, file, offsetOf(doc, p.position));
      if (!help) return null;
      return {
        activeSignature: help.activeSignature,
        activeParameter: help.activeParameter,
        signatures: help.signatures.map((sig) => ({
          label: sig.label,
          documentation: sig.documentation ? { kind: 'markdown' as const, value: sig.documentation } : undefined,
          parameters: sig.parameters.map((range) => ({ label: range })),
        })),
      };
    }));
    c.onPrepareRename((p, token) => this.answer(token, p.textDocument.uri, (s, file, doc) => {
      const result = prepareRename(s.workspace, s.queries, file, offsetOf(doc, p.position));
      if (!result.ok) throw new ResponseError(LSPErrorCodes.RequestFailed, result.message);
      return { range: rangeOf(doc, result.start, result.end), placeholder: result.placeholder };
    }));
    c.onRenameRequest((p, token) => this.answer(token, p.textDocument.uri, (s, file, doc) => {
      const result = rename(s.workspace, s.queries, file, offsetOf(doc, p.position), p.newName);
      if (!result.ok) throw new ResponseError(LSPErrorCodes.RequestFailed, result.message);
      const changes: Record<string, { range: Range; newText: string }[]> = {};
      for (const [target, edits] of result.edits) {
        const targetDoc = s.workspace.document(target);
        if (!targetDoc) continue;
        changes[toUri(target)] = edits.map((e) => ({ range: rangeOf(targetDoc, e.start, e.end), newText: e.text }));
      }
      return { changes };
    }));
    c.onCodeAction((p, token) => this.answer(token, p.textDocument.uri, (s, file, doc) =>
      lspCodeActions(s, file, doc, p, this.actionClient, (d) => this.toLspDiagnostic(doc, d))));
    c.onDocumentSymbol((p, token) => this.answer(token, p.textDocument.uri, (s, file, doc) => {
      const symbols = documentSymbols(s.workspace, file);
      if (this.hierarchicalSymbols) return symbols.map((sym) => toDocumentSymbol(doc, sym));
      return flatten(symbols).map(({ symbol, container }) => ({
        name: symbol.name, kind: SYMBOL_KINDS[symbol.kind], containerName: container,
        location: { uri: p.textDocument.uri, range: rangeOf(doc, symbol.start, symbol.end) },
      }));
    }));
    c.onWorkspaceSymbol((p, token) => this.answer(token, undefined, (s) =>
      workspaceSymbols(s.workspace, p.query).flatMap((sym) => {
        const doc = s.workspace.document(sym.file);
        if (!doc) return [];
        return [{ name: sym.name, kind: SYMBOL_KINDS[sym.kind], containerName: sym.container, location: { uri: toUri(sym.file), range: rangeOf(doc, sym.start, sym.end) } }];
      })));
    c.languages.semanticTokens.on((p, token) => this.answer(token, p.textDocument.uri, (s, file, doc) => {
      const data = encodeTokens(semanticTokens(s.workspace, file), (o) => doc.lineIndex.position(o));
      const id = String(++this.nextTokenResult);
      this.tokenResults.set(file, { id, data });
      return { resultId: id, data };
    }));
    c.languages.semanticTokens.onDelta((p, token) => this.answer(token, p.textDocument.uri, (s, file, doc) => {
      const data = encodeTokens(semanticTokens(s.workspace, file), (o) => doc.lineIndex.position(o));
      const previous = this.tokenResults.get(file);
      const id = String(++this.nextTokenResult);
      this.tokenResults.set(file, { id, data });
      if (!previous || previous.id !== p.previousResultId) return { resultId: id, data };
      return { resultId: id, edits: tokenDelta(previous.data, data) };
    }));
    c.languages.semanticTokens.onRange((p, token) => this.answer(token, p.textDocument.uri, (s, file, doc) => {
      const start = offsetOf(doc, p.range.start);
      const end = offsetOf(doc, p.range.end);
      return { data: encodeTokens(semanticTokens(s.workspace, file, start, end), (o) => doc.lineIndex.position(o)) };
    }));
    c.languages.inlayHint.on((p, token) => this.answer(token, p.textDocument.uri, (s, file, doc) =>
      inlayHints(s.workspace, file, offsetOf(doc, p.range.start), offsetOf(doc, p.range.end), s.settings.inlayHints).map((h) => ({
        position: doc.lineIndex.position(h.offset),
        label: h.label,
        kind: h.kind === 'type' ? InlayHintKind.Type : h.kind === 'parameter' ? InlayHintKind.Parameter : undefined,
        paddingLeft: h.paddingLeft,
        paddingRight: h.paddingRight,
      }))));
    c.onFoldingRanges((p, token) => this.answer(token, p.textDocument.uri, (_s, _file, doc) =>
      foldingRanges(doc).map((r) => ({ startLine: r.startLine, endLine: r.endLine, kind: r.kind === 'comment' ? FoldingRangeKind.Comment : r.kind === 'imports' ? FoldingRangeKind.Imports : FoldingRangeKind.Region }))));
    c.onSelectionRanges((p, token) => this.answer(token, p.textDocument.uri, (_s, _file, doc) =>
      p.positions.map((position) => toSelectionRange(doc, selectionRanges(doc, offsetOf(doc, position))))));
    c.languages.callHierarchy.onPrepare((p, token) => this.answer(token, p.textDocument.uri, (s, file, doc) => {
      const item = prepareCallHierarchy(s.workspace, s.queries, file, offsetOf(doc, p.position));
      return item ? [this.callHierarchyItem(s, item)] : null;
    }));
    c.languages.callHierarchy.onIncomingCalls((p, token) => this.answer(token, undefined, (s) => {
      const fn = this.callTarget(s, p.item.data);
      if (!fn) return null;
      return incomingCalls(s.workspace, s.queries, fn).map((edge) => ({
        from: this.callHierarchyItem(s, edge.item),
        fromRanges: edge.ranges.map((r) => rangeOf(s.workspace.document(edge.item.file)!, r.start, r.end)),
      }));
    }));
    c.languages.callHierarchy.onOutgoingCalls((p, token) => this.answer(token, undefined, (s) => {
      const fn = this.callTarget(s, p.item.data);
      if (!fn) return null;
      const doc = s.workspace.document(fn.file)!;
      return outgoingCalls(s.workspace, fn).map((edge) => ({
        to: this.callHierarchyItem(s, edge.item),
        fromRanges: edge.ranges.map((r) => rangeOf(doc, r.start, r.end)),
      }));
    }));
    // One style, as `zolt fmt` writes it: the client's tabSize and insertSpaces are not used.
    c.onDocumentFormatting((p, token) => this.answer(token, p.textDocument.uri, (_s, file, doc) =>
      this.formatted(file, doc, (text) => formatEdits(doc.text, text))));
    c.onDocumentRangeFormatting((p, token) => this.answer(token, p.textDocument.uri, (_s, file, doc) =>
      this.formatted(file, doc, (text) => rangeFormatEdits(doc.text, text, offsetOf(doc, p.range.start), offsetOf(doc, p.range.end)))));
    c.onDocumentLinks((p, token) => this.answer(token, p.textDocument.uri, (s, file, doc) =>
      documentLinks(s.workspace, file).map((l) => ({ range: rangeOf(doc, l.start, l.end), target: toUri(l.target) }))));
    c.workspace.onWillRenameFiles((p, token) => this.answer(token, undefined, (s) =>
      workspaceEdit(s, importEditsForRenames(s.workspace, s.diagnosedFiles(), p.files.map((f) => ({ from: toPath(f.oldUri), to: toPath(f.newUri) }))))));
    c.onRequest(AnnotationsRequest, (token) => this.answer(token, undefined, (s): AnnotationsResult => {
      const tags = s.settings.annotationTags;
      return {
        tags,
        annotations: s.annotations().flatMap((a) => {
          const doc = s.workspace.document(a.file);
          if (!doc) return [];
          return [{ tag: a.tag, owner: a.owner, priority: a.priority, text: a.text, uri: toUri(a.file), range: rangeOf(doc, a.start, a.end) }];
        }),
      };
    }));
    // Every workspace file's diagnostics, for pull clients (the Problems view lists unopened
    // files too). Long analyses yield between files and stop when cancelled.
    c.languages.diagnostics.onWorkspace(async (p, token) => {
      const session = await this.ready;
      const previous = new Map(p.previousResultIds.map((r) => [r.uri, r.value]));
      const items: WorkspaceDocumentDiagnosticReport[] = [];
      for (const file of session.diagnosedFiles()) {
        await yieldToEvents();
        if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
        this.settle(session);
        const doc = session.workspace.document(file);
        if (!doc) continue;
        const uri = toUri(file);
        const version = session.isOpen(file) ? doc.version : null;
        const diagnostics = session.diagnostics(file);
        const resultId = `${doc.version}:${diagnosticsId(diagnostics)}:${this.builds.stamp(file)}`;
        if (previous.get(uri) === resultId) items.push({ kind: DocumentDiagnosticReportKind.Unchanged, uri, version, resultId });
        else items.push({ kind: DocumentDiagnosticReportKind.Full, uri, version, resultId, items: this.lspDiagnostics(doc, file, diagnostics) });
      }
      // Files only a build reports on (outside the workspace folders, imported by a program).
      const listed = new Set(session.diagnosedFiles());
      for (const file of this.builds.files().filter((f) => !listed.has(f))) {
        const doc = session.workspace.document(file);
        const merged = doc ? this.lspDiagnostics(doc, file, session.diagnostics(file)) : this.merged(file, []);
        items.push({ kind: DocumentDiagnosticReportKind.Full, uri: toUri(file), version: null, resultId: this.builds.stamp(file), items: merged });
      }
      return { items };
    });
    c.onRequest(DotRequest, (p, token) => this.answer(token, p.uri, (s, file, doc) => dotRequest(s, file, doc, p)));
    // The concrete syntax tree of a document, as `zolt parse` prints it (for grammar work).
    c.onRequest(SYNTAX_TREE_REQUEST, (p: SyntaxTreeParams, token) => this.answer(token, p.textDocument.uri, (_s, _file, doc): SyntaxTreeResult => ({
      text: treeToSexp(doc.tree, { positions: true, pretty: true }),
    })));
    c.languages.diagnostics.on(async (p, token) => {
      const report = await this.answer(token, p.textDocument.uri, (s, file, doc): DocumentDiagnosticReport => {
        const diagnostics = s.diagnostics(file);
        const resultId = `${doc.version}:${diagnosticsId(diagnostics)}:${this.builds.stamp(file)}`;
        if (p.previousResultId === resultId) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId };
        return { kind: DocumentDiagnosticReportKind.Full, resultId, items: this.lspDiagnostics(doc, file, diagnostics) };
      });
      return report ?? { kind: DocumentDiagnosticReportKind.Full, items: [] };
    });

    process.on('uncaughtException', (error) => this.connection.console.error(`zolt: uncaught: ${error.stack ?? error}`));
    process.on('unhandledRejection', (error) => this.connection.console.error(`zolt: unhandled rejection: ${String(error)}`));
    c.listen();
  }

  // ------------------------------------------------------------------ lifecycle

  private initialize(params: InitializeParams): InitializeResult {
    const caps = params.capabilities;
    this.pullDiagnostics = caps.textDocument?.diagnostic !== undefined;
    this.workDoneProgress = caps.window?.workDoneProgress === true;
    this.configurationSupport = caps.workspace?.configuration === true;
    this.dynamicWatchers = caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    this.hierarchicalSymbols = caps.textDocument?.documentSymbol?.hierarchicalDocumentSymbolSupport === true;
    this.snippets = caps.textDocument?.completion?.completionItem?.snippetSupport === true;
    this.inlayHintRefresh = caps.workspace?.inlayHint?.refreshSupport === true;
    this.folderChanges = caps.workspace?.workspaceFolders === true;
    this.semanticTokensRefresh = caps.workspace?.semanticTokens?.refreshSupport === true;
    const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    this.folders = folders.filter((uri) => uri.startsWith('file:')).map(toPath);
    this.builds.trusted = trustedFrom(params.initializationOptions);
    const actionCaps = caps.textDocument?.codeAction;
    this.actionClient = {
      disabledSupport: actionCaps?.codeActionLiteralSupport !== undefined && actionCaps.disabledSupport === true,
      renameCommand: (params.initializationOptions as Partial<InitializationOptions> | undefined)?.renameCommand === true,
      createFiles: caps.workspace?.workspaceEdit?.documentChanges === true && (caps.workspace.workspaceEdit.resourceOperations ?? []).includes('create'),
    };
    void loadGrammar().then((grammar) => {
      this.session = new Session(grammar);
      this.comments = verifyComments(this.session, grammar, (files) => this.scheduleDiagnostics(files));
      this.resolveReady(this.session);
    });
    return {
      capabilities: {
        positionEncoding: 'utf-16',
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        hoverProvider: true,
        definitionProvider: true,
        declarationProvider: true,
        typeDefinitionProvider: true,
        referencesProvider: true,
        documentHighlightProvider: true,
        completionProvider: { triggerCharacters: ['.'], resolveProvider: false },
        signatureHelpProvider: { triggerCharacters: ['(', ','], retriggerCharacters: [','] },
        renameProvider: { prepareProvider: true },
        codeActionProvider: { codeActionKinds: CODE_ACTION_KINDS, resolveProvider: false },
        documentSymbolProvider: true,
        documentFormattingProvider: true,
        documentRangeFormattingProvider: true,
        documentLinkProvider: { resolveProvider: false },
        workspaceSymbolProvider: true,
        semanticTokensProvider: { legend: { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] }, full: { delta: true }, range: true },
        inlayHintProvider: true,
        foldingRangeProvider: true,
        selectionRangeProvider: true,
        callHierarchyProvider: true,
        ...(this.pullDiagnostics ? { diagnosticProvider: { interFileDependencies: true, workspaceDiagnostics: true } } : {}),
        workspace: {
          workspaceFolders: { supported: true, changeNotifications: true },
          // Renaming a .zolt file, or a folder that may hold some, updates the imports that name them.
          fileOperations: { willRename: { filters: [{ scheme: 'file', pattern: { glob: '**/*.zolt', matches: 'file' } }, { scheme: 'file', pattern: { glob: '**/*', matches: 'folder' } }] } },
        },
      },
      serverInfo: { name: 'zolt', version: (require('../package.json') as { version: string }).version },
    };
  }

  private async initialized(): Promise<void> {
    await this.ready;
    try {
      await this.loadSettings();
      if (this.dynamicWatchers) {
        void this.connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.zolt' }] });
      }
      if (this.folderChanges) {
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
    const progress = this.workDoneProgress ? await this.connection.window.createWorkDoneProgress() : undefined;
    progress?.begin(INDEXING_PROGRESS_TITLE, 0, undefined, false);
    await session.indexFolders(folders, (done, total) => progress?.report(total === 0 ? 100 : Math.round((done / total) * 100), `${done}/${total} files`), { stopped: false });
    progress?.done();
    this.scheduleDiagnostics(session.diagnosedFiles());
  }

  private async foldersChanged(added: readonly string[], removed: readonly string[]): Promise<void> {
    const session = await this.ready;
    this.folders = [...this.folders.filter((f) => !removed.includes(f)), ...added];
    const gone = session.forgetFolders(removed, this.folders);
    for (const file of gone) {
      if (this.published.delete(file)) void this.connection.sendDiagnostics({ uri: toUri(file), diagnostics: [] });
    }
    await this.index(added);
  }

  private async loadSettings(): Promise<void> {
    const session = await this.ready;
    if (!this.configurationSupport) return;
    type Config = Partial<{
      diagnostics: { delay: number };
      inlayHints: SessionSettings['inlayHints'];
      annotations: { tags: string[]; showAsDiagnostics: boolean };
      build: unknown;
    }>;
    const config = (await this.connection.workspace.getConfiguration('zolt').catch(() => undefined)) as Config | undefined;
    const tags = Array.isArray(config?.annotations?.tags) ? validTags(config.annotations.tags, (message) => this.connection.console.warn(`zolt: zolt.annotations.tags: ${message}`)) : undefined;
    session.settings = {
      diagnosticsDelay: typeof config?.diagnostics?.delay === 'number' ? config.diagnostics.delay : DEFAULT_SETTINGS.diagnosticsDelay,
      inlayHints: { ...DEFAULT_SETTINGS.inlayHints, ...(config?.inlayHints ?? {}) },
      annotationTags: tags && tags.length > 0 ? tags : DEFAULT_SETTINGS.annotationTags,
      annotationsAsDiagnostics: config?.annotations?.showAsDiagnostics === true,
    };
    this.builds.settings = readBuildSettings(config?.build);
    if (this.comments) this.comments.enabled = commentsSetting(config);
    this.scheduleDiagnostics(session.diagnosedFiles());
    // What the editor shows from earlier answers may have changed with the settings.
    if (this.inlayHintRefresh) void this.connection.languages.inlayHint.refresh().catch(() => undefined);
    if (this.semanticTokensRefresh) this.connection.languages.semanticTokens.refresh();
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

  /**
   * Answers a request: lets queued messages run first, then refuses if the request was
   * cancelled or its document changed meanwhile, and never lets an exception escape.
   */
  private async answer<R>(token: CancellationToken, uri: string | undefined, compute: (session: Session, file: string, doc: SyntaxDocument) => R): Promise<R | null> {
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

  // ------------------------------------------------------------------ diagnostics

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

  /**
   * Diagnostics wait `delay` after the last edit, so that fast typing is not analysed keystroke
   * by keystroke, but never more than MAX_WAIT_MS after the first edit they have not seen.
   */
  private scheduleDiagnostics(files: readonly string[]): void {
    for (const file of files) this.pending.add(file);
    this.generation++;
    const now = performance.now();
    this.waitingSince ??= now;
    if (this.timer) clearTimeout(this.timer);
    const delay = this.session?.settings.diagnosticsDelay ?? DEFAULT_SETTINGS.diagnosticsDelay;
    const wait = Math.max(0, Math.min(delay, this.waitingSince + Math.max(MAX_WAIT_MS, delay) - now));
    this.timer = setTimeout(() => void this.publishDiagnostics(), wait);
  }

  /**
   * Publishes the changed files' diagnostics first, then every other file whose diagnostics
   * changed through them (a signature edit changes its callers' files). Stops when a newer
   * edit arrives; that edit schedules the next pass.
   */
  private async publishDiagnostics(): Promise<void> {
    this.timer = undefined;
    this.waitingSince = undefined;
    const session = this.session;
    if (!session) return;
    this.settle(session);
    const generation = this.generation;
    const first = [...this.pending];
    this.pending.clear();
    if (this.pullDiagnostics) {
      this.notifyAnnotations(session, first);
      // Pull clients ask for the documents they show; tell them what they have may be stale.
      void this.connection.sendRequest('workspace/diagnostic/refresh').catch(() => undefined);
      return;
    }
    this.notifyAnnotations(session, first);
    const rest = session.diagnosedFiles().filter((f) => !first.includes(f));
    const slice = new TimeSlice();
    for (const file of [...first, ...rest]) {
      if (this.generation !== generation) {
        for (const f of first) if (!session.workspace.document(f) || this.published.has(f)) this.pending.add(f);
        return;
      }
      this.publishFile(session, file);
      await slice.pause();
    }
  }

  /** What each file's annotation list was when last announced (identity tells a change). */
  private readonly announced = new Map<string, unknown>();

  /** Tells the client when the annotations of the changed files differ from before. */
  private notifyAnnotations(session: Session, files: readonly string[]): void {
    let changed = false;
    for (const file of files) {
      const list = session.workspace.document(file) ? session.fileAnnotations(file) : undefined;
      if (this.announced.get(file) !== list) changed = true;
      if (list) this.announced.set(file, list);
      else this.announced.delete(file);
    }
    if (changed) void this.connection.sendNotification(ANNOTATIONS_CHANGED_NOTIFICATION, { count: session.annotations().length } satisfies AnnotationsChangedParams);
  }

  /** Publishes a file's diagnostics if they changed since last time (or, `again`, anyway). */
  private publishFile(session: Session, file: string, again = false): void {
    const doc = session.workspace.document(file);
    if (!doc || session.workspace.isStd(file)) {
      const build = this.merged(file, []);
      if (this.published.delete(file) || again) void this.connection.sendDiagnostics({ uri: toUri(file), diagnostics: build });
      return;
    }
    const diagnostics = session.diagnostics(file);
    if (this.published.get(file) === diagnostics && !again) return;
    this.published.set(file, diagnostics);
    void this.connection.sendDiagnostics({
      uri: toUri(file),
      version: session.isOpen(file) ? doc.version : undefined,
      diagnostics: this.lspDiagnostics(doc, file, diagnostics),
    });
  }

  /** A build's diagnostics changed: push clients get the files again, pull clients are told to ask. */
  private republish(files: readonly string[]): void {
    const session = this.session;
    if (this.pullDiagnostics) void this.connection.sendRequest('workspace/diagnostic/refresh').catch(() => undefined);
    else if (session) for (const file of files) this.publishFile(session, file, true);
  }

  /** The analysis diagnostics of a file in the protocol's terms, with the last build's merged in. */
  private lspDiagnostics(doc: SyntaxDocument, file: string, diagnostics: readonly Diagnostic[]): LspDiagnostic[] {
    return this.merged(file, diagnostics.map((d) => this.toLspDiagnostic(doc, d)));
  }

  /** A file's diagnostics with its build's merged in, as many as an editor is shown (diagnostic-cap.ts). */
  private merged(file: string, analysis: readonly LspDiagnostic[]): LspDiagnostic[] {
    return capDiagnostics(this.builds.merge(file, analysis), (d) => d.severity ?? DiagnosticSeverity.Error, (hidden) => ({
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      severity: DiagnosticSeverity.Information,
      source: 'zolt',
      message: hiddenMessage(hidden),
    }));
  }

  private toLspDiagnostic(doc: SyntaxDocument, d: Diagnostic): LspDiagnostic {
    const session = this.session!;
    return {
      range: rangeOf(doc, d.start, d.end),
      severity: SEVERITIES[d.severity],
      code: d.code,
      source: 'zolt',
      message: d.message,
      ...(d.unnecessary ? { tags: [DiagnosticTag.Unnecessary] } : {}),
      ...(d.related && d.related.length > 0
        ? {
            relatedInformation: d.related.map((r) => {
              const other = session.workspace.document(r.file);
              const range = other ? rangeOf(other, r.start, r.end) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
              return { location: { uri: toUri(r.file), range }, message: r.message };
            }),
          }
        : {}),
    };
  }

  // ------------------------------------------------------------------ helpers

  /** The edits that format a document (none, said in the log, when it has syntax errors). */
  private formatted(file: string, doc: SyntaxDocument, edits: (formatted: string) => TextEdit[]) {
    const result = formatTree(doc.tree, doc.text);
    if (result.kind !== 'formatted') {
      this.connection.console.info(`zolt: ${file} not formatted: ${result.message}`);
      return [];
    }
    return edits(result.text).map((e) => ({ range: rangeOf(doc, e.start, e.end), newText: e.text }));
  }

  private location(location: Location | undefined) {
    const doc = location && this.session?.workspace.document(location.file);
    if (!location || !doc) return null;
    return { uri: toUri(location.file), range: rangeOf(doc, location.start, location.end) };
  }

  private callHierarchyItem(session: Session, item: CallItem) {
    const doc = session.workspace.document(item.file)!;
    return {
      name: item.name,
      kind: SymbolKind.Function,
      detail: item.detail,
      uri: toUri(item.file),
      range: rangeOf(doc, item.start, item.end),
      selectionRange: rangeOf(doc, item.nameStart, item.nameEnd),
      data: { file: item.file, key: item.fn.key, name: item.fn.name, offset: item.nameStart },
    };
  }

  /** The function a call hierarchy item stands for (found again by position and name). */
  private callTarget(session: Session, data: unknown): FunctionSymbol | undefined {
    const d = data as { file?: string; offset?: number; name?: string } | undefined;
    if (!d?.file || d.offset === undefined) return undefined;
    const at = session.queries.symbolAt(d.file, d.offset);
    return at?.symbol.kind === 'function' && at.symbol.name === d.name ? at.symbol : undefined;
  }
}

// ------------------------------------------------------------------ conversions

function offsetOf(doc: SyntaxDocument, position: Position): number {
  return doc.lineIndex.offset(position);
}

function rangeOf(doc: SyntaxDocument, start: number, end: number): Range {
  return { start: doc.lineIndex.position(start), end: doc.lineIndex.position(end) };
}

function diagnosticsId(diagnostics: readonly Diagnostic[]): string {
  let hash = 0;
  for (const d of diagnostics) for (const ch of `${d.start}:${d.end}:${d.code}:${d.message};`) hash = (hash * 31 + ch.charCodeAt(0)) | 0;
  return `${diagnostics.length}.${hash >>> 0}`;
}

function toDocumentSymbol(doc: SyntaxDocument, symbol: OutlineSymbol): import('vscode-languageserver/node').DocumentSymbol {
  return {
    name: symbol.name,
    detail: symbol.detail,
    kind: SYMBOL_KINDS[symbol.kind],
    range: rangeOf(doc, symbol.start, symbol.end),
    selectionRange: rangeOf(doc, symbol.nameStart, symbol.nameEnd),
    children: symbol.children.map((child) => toDocumentSymbol(doc, child)),
  };
}

function flatten(symbols: readonly OutlineSymbol[], container?: string): { symbol: OutlineSymbol; container: string | undefined }[] {
  return symbols.flatMap((symbol) => [{ symbol, container }, ...flatten(symbol.children, symbol.name)]);
}

function toSelectionRange(doc: SyntaxDocument, ranges: readonly Selection[]): import('vscode-languageserver/node').SelectionRange {
  let result: import('vscode-languageserver/node').SelectionRange | undefined;
  for (let i = ranges.length - 1; i >= 0; i--) result = { range: rangeOf(doc, ranges[i]!.start, ranges[i]!.end), parent: result };
  return result!;
}

/** The valid tags of a setting, in order; each invalid entry is reported and left out. */
function validTags(list: readonly unknown[], warn: (message: string) => void): string[] {
  const tags: string[] = [];
  for (const entry of list) {
    try {
      if (typeof entry !== 'string') throw new Error(`${JSON.stringify(entry)} is not a string`);
      tags.push(...normalizeTags([entry]));
    } catch (error) {
      warn((error as Error).message);
    }
  }
  return tags;
}

const SEVERITIES = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, information: DiagnosticSeverity.Information, hint: DiagnosticSeverity.Hint } as const;

const SYMBOL_KINDS: Record<ZoltSymbolKind, SymbolKind> = {
  function: SymbolKind.Function,
  struct: SymbolKind.Struct,
  field: SymbolKind.Field,
  enum: SymbolKind.Enum,
  'enum-member': SymbolKind.EnumMember,
  constant: SymbolKind.Constant,
  variable: SymbolKind.Variable,
  module: SymbolKind.Module,
};

const COMPLETION_KINDS: Record<CompletionKind, CompletionItemKind> = {
  function: CompletionItemKind.Function,
  variable: CompletionItemKind.Variable,
  constant: CompletionItemKind.Constant,
  parameter: CompletionItemKind.Variable,
  struct: CompletionItemKind.Struct,
  enum: CompletionItemKind.Enum,
  'enum-member': CompletionItemKind.EnumMember,
  field: CompletionItemKind.Field,
  module: CompletionItemKind.Module,
  keyword: CompletionItemKind.Keyword,
  type: CompletionItemKind.TypeParameter,
  snippet: CompletionItemKind.Snippet,
};
