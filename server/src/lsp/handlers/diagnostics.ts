// Diagnostics, pushed (`textDocument/publishDiagnostics`) or pulled (`textDocument/diagnostic`,
// `workspace/diagnostic`), whichever the client supports. Either way each file's are the
// analysis's, with the last build's merged in (build.ts) and capped to what an editor is shown
// (ide/diagnostic-cap.ts).
//
// Pushed diagnostics wait a short delay after an edit, which coalesces fast typing, and a
// publishing pass stops when a newer edit arrives (that edit schedules the next pass). Pull
// clients are only told to ask again.

import {
  DiagnosticSeverity, DocumentDiagnosticReportKind, LSPErrorCodes, ResponseError, type CancellationToken,
  type Connection, type Diagnostic as LspDiagnostic, type DocumentDiagnosticParams, type DocumentDiagnosticReport,
  type WorkspaceDiagnosticParams, type WorkspaceDiagnosticReport, type WorkspaceDocumentDiagnosticReport,
} from 'vscode-languageserver/node';
import { capDiagnostics, hiddenMessage } from '../../ide/diagnostic-cap';
import { DEFAULT_SETTINGS, TimeSlice, yieldToEvents, type Session } from '../../ide/session';
import type { Diagnostic, SyntaxDocument } from '../../syntax';
import { diagnostic, fileStart, toUri } from '../to-proto';
import type { BuildOnSave } from './build';

/** Diagnostics never wait longer than this after an edit, however fast the typing. */
const MAX_WAIT_MS = 100;

export interface DiagnosticsHost {
  readonly connection: Connection;
  readonly builds: BuildOnSave;
  /** The session, once it exists. */
  session(): Session | undefined;
  readonly ready: Promise<Session>;
  /** Applies the edits received so far. */
  settle(session: Session): void;
  /** The client pulls diagnostics (known from `initialize` on). */
  pulls(): boolean;
  /** The files whose diagnostics are about to be computed again (their annotations may have changed). */
  filesChanged(session: Session, files: readonly string[]): void;
}

export class Diagnostics {
  /** Files whose diagnostics wait to be recomputed, and the timer that will do it. */
  private readonly pending = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  /** Goes up with every edit: a publishing pass that sees it move stops. */
  private generation = 0;
  /** When the oldest edit that diagnostics have not yet seen arrived (bounds the debounce). */
  private waitingSince: number | undefined;
  /** What was last published per file (the cached array: identity tells if it changed). */
  private readonly published = new Map<string, readonly Diagnostic[]>();

  constructor(private readonly host: DiagnosticsHost) {}

  /**
   * Diagnostics wait `delay` after the last edit, so that fast typing is not analysed keystroke
   * by keystroke, but never more than MAX_WAIT_MS after the first edit they have not seen; with
   * `now` (a file just opened), not at all.
   */
  schedule(files: readonly string[], options: { now?: boolean } = {}): void {
    for (const file of files) this.pending.add(file);
    this.generation++;
    const now = performance.now();
    this.waitingSince ??= now;
    if (this.timer) clearTimeout(this.timer);
    const delay = this.host.session()?.settings.diagnosticsDelay ?? DEFAULT_SETTINGS.diagnosticsDelay;
    const wait = options.now ? 0 : Math.max(0, Math.min(delay, this.waitingSince + Math.max(MAX_WAIT_MS, delay) - now));
    this.timer = setTimeout(() => void this.publish(), wait);
  }

  /** A build's diagnostics changed: push clients get the files again, pull clients are told to ask. */
  republish(files: readonly string[]): void {
    const session = this.host.session();
    if (this.host.pulls()) this.refresh();
    else if (session) for (const file of files) this.publishFile(session, file, true);
  }

  /** A file left the workspace: what was published for it is cleared. */
  forget(file: string): void {
    if (this.published.delete(file)) void this.host.connection.sendDiagnostics({ uri: toUri(file), diagnostics: [] });
  }

  /** `textDocument/diagnostic`: a document's diagnostics, or that they did not change. */
  pullDocument(s: Session, file: string, doc: SyntaxDocument, p: DocumentDiagnosticParams): DocumentDiagnosticReport {
    const diagnostics = s.diagnostics(file);
    const resultId = this.resultId(doc, file, diagnostics);
    if (p.previousResultId === resultId) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId };
    return { kind: DocumentDiagnosticReportKind.Full, resultId, items: this.lspDiagnostics(s, doc, file, diagnostics) };
  }

  /**
   * `workspace/diagnostic`: every workspace file's diagnostics, for pull clients (the Problems
   * view lists unopened files too). Long analyses yield between files and stop when cancelled.
   */
  async pullWorkspace(p: WorkspaceDiagnosticParams, token: CancellationToken): Promise<WorkspaceDiagnosticReport> {
    const session = await this.host.ready;
    const previous = new Map(p.previousResultIds.map((r) => [r.uri, r.value]));
    const items: WorkspaceDocumentDiagnosticReport[] = [];
    for (const file of session.diagnosedFiles()) {
      await yieldToEvents();
      if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
      this.host.settle(session);
      const doc = session.workspace.document(file);
      if (!doc) continue;
      const uri = toUri(file);
      const version = session.isOpen(file) ? doc.version : null;
      const diagnostics = session.diagnostics(file);
      const resultId = this.resultId(doc, file, diagnostics);
      if (previous.get(uri) === resultId) items.push({ kind: DocumentDiagnosticReportKind.Unchanged, uri, version, resultId });
      else items.push({ kind: DocumentDiagnosticReportKind.Full, uri, version, resultId, items: this.lspDiagnostics(session, doc, file, diagnostics) });
    }
    // Files only a build reports on (outside the workspace folders, imported by a program).
    const listed = new Set(session.diagnosedFiles());
    for (const file of this.host.builds.files().filter((f) => !listed.has(f))) {
      const doc = session.workspace.document(file);
      const merged = doc ? this.lspDiagnostics(session, doc, file, session.diagnostics(file)) : this.merged(file, []);
      items.push({ kind: DocumentDiagnosticReportKind.Full, uri: toUri(file), version: null, resultId: this.host.builds.stamp(file), items: merged });
    }
    return { items };
  }

  /**
   * Publishes the changed files' diagnostics first, then every other file whose diagnostics
   * changed through them (a signature edit changes its callers' files). Stops when a newer
   * edit arrives; that edit schedules the next pass.
   */
  private async publish(): Promise<void> {
    this.timer = undefined;
    this.waitingSince = undefined;
    const session = this.host.session();
    if (!session) return;
    this.host.settle(session);
    const generation = this.generation;
    const first = [...this.pending];
    this.pending.clear();
    this.host.filesChanged(session, first);
    // Pull clients ask for the documents they show; tell them what they have may be stale.
    if (this.host.pulls()) return this.refresh();
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

  private refresh(): void {
    void this.host.connection.sendRequest('workspace/diagnostic/refresh').catch(() => undefined);
  }

  /** Publishes a file's diagnostics if they changed since last time (or, `again`, anyway). */
  private publishFile(session: Session, file: string, again = false): void {
    const connection = this.host.connection;
    const doc = session.workspace.document(file);
    if (!doc || session.workspace.isStd(file)) {
      const build = this.merged(file, []);
      if (this.published.delete(file) || again) void connection.sendDiagnostics({ uri: toUri(file), diagnostics: build });
      return;
    }
    const diagnostics = session.diagnostics(file);
    if (this.published.get(file) === diagnostics && !again) return;
    this.published.set(file, diagnostics);
    void connection.sendDiagnostics({
      uri: toUri(file),
      version: session.isOpen(file) ? doc.version : undefined,
      diagnostics: this.lspDiagnostics(session, doc, file, diagnostics),
    });
  }

  /** Changes whenever the document, its analysis diagnostics or its build's do. */
  private resultId(doc: SyntaxDocument, file: string, diagnostics: readonly Diagnostic[]): string {
    return `${doc.version}:${diagnosticsId(diagnostics)}:${this.host.builds.stamp(file)}`;
  }

  /** The analysis diagnostics of a file in the protocol's terms, with the last build's merged in. */
  private lspDiagnostics(session: Session, doc: SyntaxDocument, file: string, diagnostics: readonly Diagnostic[]): LspDiagnostic[] {
    return this.merged(file, diagnostics.map((d) => diagnostic(session.workspace, doc, d)));
  }

  /** A file's diagnostics with its build's merged in, as many as an editor is shown (diagnostic-cap.ts). */
  private merged(file: string, analysis: readonly LspDiagnostic[]): LspDiagnostic[] {
    return capDiagnostics(this.host.builds.merge(file, analysis), (d) => d.severity ?? DiagnosticSeverity.Error, (hidden) => ({
      range: fileStart(),
      severity: DiagnosticSeverity.Information,
      source: 'zolt',
      message: hiddenMessage(hidden),
    }));
  }
}

function diagnosticsId(diagnostics: readonly Diagnostic[]): string {
  let hash = 0;
  for (const d of diagnostics) for (const ch of `${d.start}:${d.end}:${d.code}:${d.message};`) hash = (hash * 31 + ch.charCodeAt(0)) | 0;
  return `${diagnostics.length}.${hash >>> 0}`;
}
