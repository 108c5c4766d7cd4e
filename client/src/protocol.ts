// The Zolt server's own protocol, beside LSP: the messages and shapes the extension exchanges
// with server/src/server.ts. Plain types only, so that the pure modules and tests can use them.

export interface Position {
  /** 0-based. */
  readonly line: number;
  /** 0-based, in UTF-16 code units. */
  readonly character: number;
}

export interface Range {
  readonly start: Position;
  readonly end: Position;
}

/** One annotation as the server sends it (docs/annotations.md). */
export interface WireAnnotation {
  readonly tag: string;
  readonly owner?: string;
  /** N of `pN`: 0 is the most urgent. */
  readonly priority?: number;
  readonly text: string;
  readonly uri: string;
  /** From the tag to the end of the text. */
  readonly range: Range;
}

/** Request `zolt/annotations` (no params): every annotation of the workspace folders' files. */
export const ANNOTATIONS_REQUEST = 'zolt/annotations';

export interface AnnotationsResult {
  /** The configured tags, as the user wrote them (custom tags rank in this order). */
  readonly tags: readonly string[];
  readonly annotations: readonly WireAnnotation[];
}

/** Notification `zolt/annotationsChanged`: some file's annotations changed. */
export const ANNOTATIONS_CHANGED_NOTIFICATION = 'zolt/annotationsChanged';

export interface AnnotationsChangedParams {
  /** How many annotations the workspace has now. */
  readonly count: number;
}

/** Request `zolt/syntaxTree`: the concrete syntax tree of an open document. */
export const SYNTAX_TREE_REQUEST = 'zolt/syntaxTree';

export interface SyntaxTreeParams {
  readonly textDocument: { readonly uri: string };
}

/** The tree as an S-expression with positions; null when the server does not know the document. */
export type SyntaxTreeResult = { readonly text: string } | null;

/** The title of the work-done progress the server reports indexing with. */
export const INDEXING_PROGRESS_TITLE = 'Indexing Zolt files';
/** The start of the title of a build's work-done progress (`Building main.zolt`). */
export const BUILD_PROGRESS_TITLE = 'Building ';

/** `initializationOptions` of the initialize request. */
export interface InitializationOptions {
  /** False in Restricted Mode: the server builds nothing until `zolt/workspaceTrusted`. */
  readonly workspaceTrusted: boolean;
  /** The client has RENAME_COMMAND: the server may offer rename as a code action. */
  readonly renameCommand?: boolean;
}

/**
 * The command the server's "Rename..." code action runs (server/src/server-actions.ts), with the
 * document's URI and the position of the name: it opens the editor's rename box there.
 */
export const RENAME_COMMAND = 'zolt.rename';

/** Notification `zolt/workspaceTrusted` (no params): the user trusted the workspace; building may start. */
export const WORKSPACE_TRUSTED_NOTIFICATION = 'zolt/workspaceTrusted';

/** Request `zolt/build`: build the program of a file now (whatever zolt.build.onSave says). */
export const BUILD_REQUEST = 'zolt/build';

export interface BuildParams {
  readonly textDocument: { readonly uri: string };
}

/** Notification `zolt/buildFinished` (a build on save or by request ended), and the answer to `zolt/build`. */
export const BUILD_FINISHED_NOTIFICATION = 'zolt/buildFinished';

/** The server defines the report (its docs are there); only its type crosses over, nothing of the server's code. */
export type { BuildReport } from 'zolt-server/server-build';

/** Request `zolt/dot`: a Graphviz graph of an open document's program, or of the function at `position` (cfg). */
export const DOT_REQUEST = 'zolt/dot';

export type { DotParams, DotResult } from 'zolt-server/server-graphs';
