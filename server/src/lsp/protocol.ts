// The Zolt server's own protocol, beside LSP: every custom method name and the shapes its
// messages carry, defined once. The server's handlers (lsp/) and the VS Code extension
// (client/src/protocol.ts re-exports this module) both use these names.
//
// Plain values and types only: the extension bundles this file, so it imports nothing but
// types (nothing of the server's code, nor vscode-languageserver, crosses over).

import type { GraphKind } from '../ide/graphs';

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

export interface TextDocumentParams {
  readonly textDocument: { readonly uri: string };
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

export type SyntaxTreeParams = TextDocumentParams;

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
 * The command the server's "Rename..." code action runs (server/src/lsp/handlers/code-actions.ts),
 * with the document's URI and the position of the name: it opens the editor's rename box there.
 */
export const RENAME_COMMAND = 'zolt.rename';

/** Notification `zolt/workspaceTrusted` (no params): the user trusted the workspace; building may start. */
export const WORKSPACE_TRUSTED_NOTIFICATION = 'zolt/workspaceTrusted';

/** Request `zolt/build`: build the program of a file now (whatever zolt.build.onSave says). */
export const BUILD_REQUEST = 'zolt/build';

export type BuildParams = TextDocumentParams;

/** Notification `zolt/buildFinished` (a build on save or by request ended), and the answer to `zolt/build`. */
export const BUILD_FINISHED_NOTIFICATION = 'zolt/buildFinished';

/** What `zolt/buildFinished` says, and `zolt/build` answers. */
export interface BuildReport {
  /** The main file's (the program's, which may not be the file saved). */
  readonly uri: string;
  readonly ok: boolean;
  /** How long the build took; absent when nothing was built (the answer says why in `message`). */
  readonly milliseconds?: number;
  /** The executable's path, when `ok`. */
  readonly executable?: string;
  /** Why nothing was built, when not `ok`. */
  readonly message?: string;
}

/** Request `zolt/dot`: a Graphviz graph of an open document's program, or of the function at `position` (cfg). */
export const DOT_REQUEST = 'zolt/dot';

export interface DotParams {
  readonly uri: string;
  readonly kind: GraphKind;
  /** For `cfg`: the function around this position (0-based line, UTF-16 character). */
  readonly position?: Position;
}

/** Null (the whole answer) when the server does not know the document. */
export type DotResult = { readonly dot: string; readonly title: string } | { readonly error: string };
