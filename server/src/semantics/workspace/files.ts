// Where the workspace's files come from (the disk, or a test's in-memory file system), the
// bundled standard library, and what the workspace keeps per file.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { SyntaxDocument, type Ast, type Diagnostic, type LoweredItem } from '../../syntax';

import { type ImportResolution } from '../modules';
import { type ModuleScope } from '../scope';
import type { DeclSymbol } from '../symbols';


export interface FileSystem {
  readFile(file: string): string | undefined;
  exists(file: string): boolean;
}

export const nodeFileSystem: FileSystem = {
  readFile(file) {
    try {
      return fs.readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  },
  exists(file) {
    try {
      return fs.statSync(file).isFile();
    } catch {
      return false;
    }
  },
};

/** The standard library shipped with the server: server/std. */
export function defaultStdRoot(): string {
  const beside = path.join(__dirname, 'std'); // in a bundle
  if (fs.existsSync(beside)) return beside;
  return path.resolve(__dirname, '..', '..', '..', 'std'); // server/out/semantics/workspace -> server/std
}

export interface WorkspaceStats {
  /** Items checked (a cached check that is still valid does not count). */
  itemChecks: number;
  /** Generic instantiations checked. */
  instantiations: number;
  /** Module scopes built. */
  scopes: number;
}

export interface ResolvedImport {
  readonly item: LoweredItem;
  readonly decl: Ast.ImportDecl;
  readonly resolution: ImportResolution;
}

/** What the workspace knows about one file. */
export class FileState {
  summaryVersion = 0;
  /** Goes up whenever the file's items change (any edit that reaches the syntax). */
  contentRevision = 0;
  /** Goes up whenever the calls instantiating this file's generic functions change. */
  instanceRevision = 0;
  /** The items the symbols below were made from (to see what an update replaced). */
  items: readonly LoweredItem[] = [];
  readonly symbolsByItem = new Map<LoweredItem, DeclSymbol[]>();
  /** The summary key of each item. */
  readonly keys = new Map<LoweredItem, string>();
  scope: { stamp: string; scope: ModuleScope } | undefined;
  /** The imports as resolved for this summary version and file-set revision. */
  imports: { key: string; imports: ResolvedImport[] } | undefined;
  /** The scope stamp, for the revisions it was computed at. */
  stamp: { key: string; value: string } | undefined;
  /** The module-level declarations in order, for the summary version they were listed at. */
  declarations: { version: number; symbols: DeclSymbol[] } | undefined;
  /** The file's diagnostics, valid while the key (version and revisions) holds. */
  diagnostics: { key: string; diagnostics: Diagnostic[] } | undefined;
  constructor(
    readonly path: string,
    public doc: SyntaxDocument,
    /** Owned by an editor (its text is not the disk's). */
    public open: boolean,
    readonly std: boolean,
  ) {}
}
