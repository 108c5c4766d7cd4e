// The file store: the files of the workspace (opened by an editor, read from disk, imported,
// the standard library) and the revision counters that say when anything derived from them
// may have changed.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { SyntaxDocument, type LoweredItem, type TextChange, type ZoltGrammar } from '../../syntax';

import { isStdFile, resolveImport, type ImportResolution } from '../modules';
import { FileState, defaultStdRoot, nodeFileSystem, type FileSystem, type WorkspaceStats } from './files';


export abstract class FileStore {
  protected readonly files = new Map<string, FileState>();
  protected readonly stdFiles: string[] = [];
  /** Goes up whenever any file's declarations change. */
  protected summaryRevision = 0;
  /**
   * Changes whenever an inferred return or global type, a constant's value or a cycle of
   * inferred types changes; each value is new (they come from `revisions`).
   */
  protected factRevision = 0;
  protected revisions = 0;
  /** Goes up whenever a file appears or disappears (imports may resolve differently). */
  protected fileSetRevision = 0;
  protected readonly liveItems = new WeakSet<LoweredItem>();
  readonly stats: WorkspaceStats = { itemChecks: 0, instantiations: 0, scopes: 0 };


  constructor(
    /** Public for edits that parse their result (a refactoring keeps a formatted file formatted). */
    readonly grammar: ZoltGrammar,
    readonly stdRoot: string = defaultStdRoot(),
    protected readonly fileSystem: FileSystem = nodeFileSystem,
  ) {
    let entries: string[] = [];
    try {
      entries = fs.readdirSync(stdRoot).filter((f) => f.endsWith('.zolt')).sort();
    } catch {
      // No standard library: every file is on its own.
    }
    for (const entry of entries) {
      const file = path.join(stdRoot, entry);
      const text = fileSystem.readFile(file);
      if (text === undefined) continue;
      this.files.set(file, this.newState(file, text, false));
      this.stdFiles.push(file);
    }
  }

  /** Frees every syntax tree (they live in WebAssembly memory, outside the garbage collector). */
  dispose(): void {
    for (const state of this.files.values()) state.doc.dispose();
    this.files.clear();
  }
  // ------------------------------------------------------------------ files

  /** Every file the workspace knows: opened, loaded from disk, imported, and the std library. */
  knownFiles(): string[] {
    return [...this.files.keys()];
  }

  isStd(file: string): boolean {
    return this.files.get(file)?.std ?? isStdFile(file, this.stdRoot);
  }

  document(file: string): SyntaxDocument | undefined {
    return this.files.get(file)?.doc;
  }

  /** An editor opened the file with this text. */
  open(file: string, text: string, version: number): void {
    const state = this.files.get(file);
    if (state && state.doc.text === text) {
      state.open = true;
      state.doc.version = version;
      return;
    }
    this.replace(file, text, version, true);
  }

  /** An editor changed an open file. */
  update(file: string, changes: readonly TextChange[], version: number): void {
    const state = this.files.get(file);
    if (!state) throw new Error(`update of a file that is not open: ${file}`);
    state.doc.update(changes, version);
    this.sync(state);
  }

  /** The editor closed the file: its text is the disk's again (or it is forgotten). */
  close(file: string): void {
    const state = this.files.get(file);
    if (!state) return;
    state.open = false;
    this.reload(file);
  }

  /** Loads (or reloads) a file from disk, unless an editor owns it. Returns whether it exists. */
  reload(file: string): boolean {
    const state = this.files.get(file);
    if (state?.open) return true;
    const text = this.fileSystem.readFile(file);
    if (text === undefined) {
      this.remove(file);
      return false;
    }
    if (state && state.doc.text === text) {
      state.doc.release(); // no editor shows it (any more)
      return true;
    }
    this.replace(file, text, 0, false);
    return true;
  }

  /** The file is gone (deleted on disk, or out of the workspace). */
  remove(file: string): void {
    const state = this.files.get(file);
    if (!state || state.std) return;
    for (const item of state.items) this.retire(item);
    state.doc.dispose();
    this.files.delete(file);
    this.summaryRevision++;
    this.fileSetRevision++;
  }

  protected replace(file: string, text: string, version: number, open: boolean): void {
    const old = this.files.get(file);
    if (old) {
      // Apply as one edit, so unchanged items keep their symbols and checks.
      const lines = old.doc.lineIndex;
      old.doc.update([{ range: { start: { line: 0, character: 0 }, end: lines.position(old.doc.text.length) }, text }], version);
      old.open = open;
      this.sync(old);
      if (!open) old.doc.release();
      return;
    }
    this.files.set(file, this.newState(file, text, open, version));
    this.summaryRevision++;
    this.fileSetRevision++;
  }

  protected newState(file: string, text: string, open: boolean, version = 0): FileState {
    const state = new FileState(file, SyntaxDocument.create(this.grammar, file, text, version), open, isStdFile(file, this.stdRoot));
    this.sync(state);
    // Only an editor's document needs its tree (for incremental edits and formatting).
    if (!open) state.doc.release();
    return state;
  }

  /** Brings a file's symbols up to date with its items. */
  protected factsChanged(): void {
    this.factRevision = ++this.revisions;
  }
  resolveImport(fromFile: string, importPath: string): ImportResolution {
    const resolution = resolveImport(fromFile, importPath, this.stdRoot, (f) => this.files.has(f) || this.fileSystem.exists(f));
    if (resolution.file && !this.files.has(resolution.file)) {
      const text = this.fileSystem.readFile(resolution.file);
      if (text !== undefined) {
        this.files.set(resolution.file, this.newState(resolution.file, text, false));
        this.fileSetRevision++;
      }
    }
    return resolution;
  }

  // ------------------------------------------------------------------ defined by later layers

  protected abstract sync(state: FileState): void;
  protected abstract retire(item: LoweredItem): void;
}
