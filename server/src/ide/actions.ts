// Code actions, protocol-free: refactorings (inline, extract, rename), quick fixes attached to
// the diagnostics they fix, and the source-level "fix all". Each provider lives in a file of its
// own under ide/refactor/ or ide/fixes/ and answers one question: at this range, with these
// diagnostics, what can be done? It returns nothing where it does not apply (an always-on
// lightbulb is noise), a `disabled` action with the reason where the user plausibly asked for
// it but it would change what the program means, and otherwise the edits.
//
// Edits are offsets into the files as the workspace holds them now; the LSP layer
// (lsp/handlers/code-actions.ts) turns them into ranges, and `zolt refactor` applies them to disk.

import type { Queries, Workspace } from '../semantics';
import type { Diagnostic } from '../syntax';

export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** Edits per file, each file's edits not overlapping (any order). */
export type FileEdits = ReadonlyMap<string, readonly TextEdit[]>;

export type ActionKind =
  | 'quickfix'
  | 'refactor.inline'
  | 'refactor.extract'
  | 'refactor.rewrite'
  | 'source.fixAll';

export interface CodeAction {
  readonly title: string;
  readonly kind: ActionKind;
  /** What the action does. Absent only for a disabled action or one that runs `command`. */
  readonly edits?: FileEdits;
  /** Why the action cannot be applied here (editors show it greyed out with the reason). */
  readonly disabled?: string;
  /** The diagnostics this fix removes (quick fixes only). */
  readonly diagnostics?: readonly Diagnostic[];
  /** This fix is clearly the right one (editors apply it with one key). */
  readonly isPreferred?: boolean;
  /** An action the editor carries out itself: `rename` opens its rename box at `offset`. */
  readonly command?: { readonly name: 'rename'; readonly file: string; readonly offset: number };
}

export interface ActionRequest {
  readonly workspace: Workspace;
  readonly queries: Queries;
  readonly file: string;
  /** The selection; `start === end` for a cursor. */
  readonly start: number;
  readonly end: number;
  /** The file's current diagnostics that overlap the selection. */
  readonly diagnostics: readonly Diagnostic[];
}

export type ActionProvider = (request: ActionRequest) => readonly CodeAction[];

/** Does `kind` fall under the kinds a client asked for (`only`: `refactor` covers `refactor.inline`)? */
export function kindMatches(kind: ActionKind, only: readonly string[] | undefined): boolean {
  if (!only || only.length === 0) return true;
  return only.some((o) => kind === o || kind.startsWith(`${o}.`));
}

/** The diagnostics of `all` that touch the range [start, end] (a cursor at either end counts). */
export function diagnosticsIn(all: readonly Diagnostic[], start: number, end: number): Diagnostic[] {
  return all.filter((d) => d.start <= end && start <= d.end);
}

/** Applies non-overlapping edits to a text. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  let limit = Infinity;
  for (const e of sorted) {
    if (e.end > limit) throw new Error(`overlapping edits at ${e.start}-${e.end}`);
    out = out.slice(0, e.start) + e.text + out.slice(e.end);
    limit = e.start;
  }
  return out;
}

/** One file's edits as a FileEdits value. */
export function editsIn(file: string, edits: readonly TextEdit[]): FileEdits {
  return new Map([[file, edits]]);
}
