// A language session: the workspace as an editor sees it. It owns the open documents, indexes
// the workspace folders, follows files changing on disk, and says which diagnostics to show.
// It knows nothing of LSP: the lsp/ layer and server.ts translate between the protocol and this.

import * as path from 'node:path';
import { Queries, Workspace } from '../semantics';
import type { Diagnostic, TextChange, ZoltGrammar } from '../syntax';
import { DEFAULT_TAGS, harvestDocument, normalizeTags, sortAnnotations, type Annotation } from './annotations';
import type { InlayOptions } from './inlay-hints';
import { zoltFilesIn } from './zolt-files';

export interface SessionSettings {
  /** Wait this long after a change before computing diagnostics (coalesces fast typing). */
  readonly diagnosticsDelay: number;
  readonly inlayHints: InlayOptions;
  /** The annotation tags, most urgent first among the defaults' order (docs/annotations.md). */
  readonly annotationTags: readonly string[];
  /** Show each annotation as a Hint diagnostic too. */
  readonly annotationsAsDiagnostics: boolean;
}

export const DEFAULT_SETTINGS: SessionSettings = {
  diagnosticsDelay: 15,
  inlayHints: { variableTypes: true, parameterNames: true, instantiations: true },
  annotationTags: DEFAULT_TAGS,
  annotationsAsDiagnostics: false,
};

/** Something that can stop a long operation: cancellation, or a newer request. */
export interface Stop {
  readonly stopped: boolean;
}

export class Session {
  readonly workspace: Workspace;
  readonly queries: Queries;
  settings: SessionSettings = DEFAULT_SETTINGS;
  private readonly openFiles = new Set<string>();
  /** Files found in the workspace folders (besides files that are open or imported). */
  private readonly folderFiles = new Set<string>();

  constructor(grammar: ZoltGrammar, stdRoot?: string) {
    this.workspace = new Workspace(grammar, stdRoot);
    this.queries = new Queries(this.workspace);
  }

  isOpen(file: string): boolean {
    return this.openFiles.has(file);
  }

  open(file: string, text: string, version: number): void {
    this.openFiles.add(file);
    this.workspace.open(file, text, version);
  }

  change(file: string, changes: readonly TextChange[], version: number): void {
    this.workspace.update(file, changes, version);
  }

  close(file: string): void {
    this.openFiles.delete(file);
    this.workspace.close(file);
  }

  /** A file changed, appeared or disappeared on disk (watched files). */
  fileChanged(file: string): void {
    if (this.openFiles.has(file)) return; // the editor's text wins
    if (this.workspace.reload(file)) this.folderFiles.add(file);
    else this.folderFiles.delete(file);
  }

  fileDeleted(file: string): void {
    this.folderFiles.delete(file);
    if (!this.openFiles.has(file)) this.workspace.remove(file);
  }

  /** Every .zolt file under the folders, loaded in chunks between which `progress` is reported. */
  async indexFolders(folders: readonly string[], progress: (done: number, total: number) => void, stop: Stop): Promise<void> {
    const files = folders.flatMap((folder) => zoltFilesIn(folder));
    const slice = new TimeSlice();
    let done = 0;
    for (const file of files) {
      if (stop.stopped) return;
      if (!this.openFiles.has(file) && this.workspace.reload(file)) this.folderFiles.add(file);
      done++;
      if (done % 20 === 0 || done === files.length) progress(done, files.length);
      // Yield often: an opened file's diagnostics and the user's requests go before indexing.
      await slice.pause();
    }
    if (files.length === 0) progress(0, 0);
  }

  /**
   * Forgets the files of folders no longer in the workspace (unless open, or inside a folder
   * that remains); gives the files forgotten.
   */
  forgetFolders(removed: readonly string[], remaining: readonly string[]): string[] {
    const inside = (file: string, folder: string) => file === folder || file.startsWith(folder.endsWith(path.sep) ? folder : folder + path.sep);
    const gone = [...this.folderFiles].filter((f) => removed.some((r) => inside(f, r)) && !remaining.some((r) => inside(f, r)));
    for (const file of gone) {
      this.folderFiles.delete(file);
      if (!this.openFiles.has(file)) this.workspace.remove(file);
    }
    return gone;
  }

  /** The files whose diagnostics an editor should show: open files and the workspace's files. */
  diagnosedFiles(): string[] {
    const files = new Set([...this.openFiles, ...this.folderFiles]);
    return [...files].filter((f) => this.workspace.document(f) && !this.workspace.isStd(f));
  }

  /** Diagnostics from outside the analysis (stale comments: ide/comments/live.ts), set by the server. */
  extraDiagnostics: ((file: string) => readonly Diagnostic[]) | undefined;
  private readonly withExtra = new Map<string, { own: readonly Diagnostic[]; extra: readonly Diagnostic[]; merged: Diagnostic[] }>();

  /** The file's diagnostics, with the extra ones merged in by position (the same array while neither changes). */
  diagnostics(file: string): readonly Diagnostic[] {
    const own = this.analysisDiagnostics(file);
    const extra = this.extraDiagnostics?.(file) ?? [];
    if (extra.length === 0) return own;
    const cached = this.withExtra.get(file);
    if (cached?.own === own && cached.extra === extra) return cached.merged;
    const merged = [...own, ...extra].sort((a, b) => a.start - b.start);
    this.withExtra.set(file, { own, extra, merged });
    return merged;
  }

  /** The file's diagnostics, with its annotations as hints when that is asked for. */
  private analysisDiagnostics(file: string): readonly Diagnostic[] {
    const diagnostics = this.workspace.diagnostics(file);
    if (!this.settings.annotationsAsDiagnostics) return diagnostics;
    const annotations = this.fileAnnotations(file);
    const cached = this.withHints.get(file);
    if (cached?.diagnostics === diagnostics && cached.annotations === annotations) return cached.merged;
    const hints: Diagnostic[] = annotations.map((a) => ({
      code: 'annotation',
      severity: 'hint',
      message: `${a.tag}${a.owner || a.priority !== undefined ? `(${[a.owner, a.priority !== undefined ? `p${a.priority}` : undefined].filter(Boolean).join(', ')})` : ''}: ${a.text}`,
      start: a.start,
      end: a.end,
    }));
    const merged = [...diagnostics, ...hints].sort((a, b) => a.start - b.start);
    this.withHints.set(file, { diagnostics, annotations, merged });
    return merged;
  }

  private readonly withHints = new Map<string, { diagnostics: readonly Diagnostic[]; annotations: readonly Annotation[]; merged: Diagnostic[] }>();
  private readonly annotationCache = new Map<string, { items: unknown; tags: readonly string[]; list: readonly Annotation[] }>();

  /** A file's annotations (harvested per item, so an edit re-reads only what it touched). */
  fileAnnotations(file: string): readonly Annotation[] {
    const doc = this.workspace.document(file);
    if (!doc) return [];
    const tags = normalizeTags([...this.settings.annotationTags]);
    const cached = this.annotationCache.get(file);
    if (cached && cached.items === doc.items && cached.tags.join() === tags.join()) return cached.list;
    const list = harvestDocument(doc, tags);
    // Keep the previous list object when nothing changed, so that callers can compare by identity.
    const same = cached && JSON.stringify(cached.list) === JSON.stringify(list);
    const result = same ? cached.list : list;
    this.annotationCache.set(file, { items: doc.items, tags, list: result });
    return result;
  }

  /** Every annotation of the workspace's files (open or not), in the default order. */
  annotations(): Annotation[] {
    const tags = normalizeTags([...this.settings.annotationTags]);
    return sortAnnotations(this.diagnosedFiles().flatMap((f) => this.fileAnnotations(f)), 'tag', tags);
  }

  dispose(): void {
    this.workspace.dispose();
  }
}

/** Lets queued events (protocol messages, cancellations) run before continuing. */
export function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Cuts long background work into slices of about `ms` milliseconds, between which queued
 * messages and timers run, so that a request or a keystroke never waits for more than a slice.
 */
export class TimeSlice {
  private started = performance.now();

  constructor(private readonly ms = 8) {}

  /** Yields to queued events if this slice has run its time. */
  async pause(): Promise<void> {
    if (performance.now() - this.started < this.ms) return;
    await yieldToEvents();
    this.started = performance.now();
  }
}
