// The path strings of a file's imports, where they are and what they resolve to (as the
// checker resolves them: beside the importing file, then in the standard library). Document
// links and the updating of imports when files are renamed both start from these.

import type { Workspace } from '../semantics';

export interface ImportPath {
  /** The path's characters inside the quotes (offsets into the file). */
  readonly start: number;
  readonly end: number;
  /** The path as written, escapes resolved. */
  readonly path: string;
  /** The file it resolves to; undefined when none exists. */
  readonly target: string | undefined;
  /** The target is part of the standard library. */
  readonly std: boolean;
}

export function importPaths(workspace: Workspace, file: string): ImportPath[] {
  const doc = workspace.document(file);
  if (!doc) return [];
  return workspace.imports(file).map(({ item, decl, resolution }) => {
    const start = item.start + decl.pathSpan.start;
    const end = item.start + decl.pathSpan.end;
    const literal = doc.text.slice(start, end);
    // The quotes are not part of the path (a path missing its closing quote has only one).
    const open = literal.indexOf('"') + 1;
    const close = literal.length > open && literal.endsWith('"') ? literal.length - 1 : literal.length;
    const target = resolution.file;
    return { start: start + open, end: start + close, path: decl.path, target, std: target !== undefined && workspace.isStd(target) };
  });
}
