// Renaming or moving .zolt files (or folders of them) in the editor: the import paths that
// name a moved file, in every file of the workspace, and the relative imports of a moved file
// itself, are rewritten so that each still names the same file afterwards. The edits apply to
// the files at their old places (the editor applies them before it renames).
//
// A path keeps its style: a relative path stays relative (one written `./x` keeps its `./`
// unless it now leads up a folder), an absolute one absolute, and the `.zolt` suffix is
// written or left out as before. Imports of the standard library and paths that resolve to
// nothing are not touched.

import * as path from 'node:path';
import type { Workspace } from '../semantics';
import type { TextEdit } from './actions';
import { importPaths } from './import-paths';

/** A file or folder moved from one absolute path to another. */
export interface FileRename {
  readonly from: string;
  readonly to: string;
}

/** The edits per file (at its old path) that keep its imports naming the same files. */
export function importEditsForRenames(workspace: Workspace, files: readonly string[], requested: readonly FileRename[]): Map<string, TextEdit[]> {
  // A folder may come with a trailing separator; the files' paths never have one.
  const renames = requested.map(({ from, to }) => ({ from: path.resolve(from), to: path.resolve(to) }));
  const result = new Map<string, TextEdit[]>();
  for (const file of files) {
    const importer = movedTo(file, renames);
    const edits: TextEdit[] = [];
    for (const p of importPaths(workspace, file)) {
      if (p.target === undefined || p.std) continue;
      const target = movedTo(p.target, renames);
      if (importer === file && target === p.target) continue;
      const next = importPathFor(p.path, path.dirname(importer), target);
      if (next !== p.path) edits.push({ start: p.start, end: p.end, text: escapePath(next) });
    }
    if (edits.length > 0) result.set(file, edits);
  }
  return result;
}

/** Where a file is after the renames: a rename of it, or of a folder it is in, moves it. */
export function movedTo(file: string, renames: readonly FileRename[]): string {
  for (const { from, to } of renames) {
    if (file === from) return to;
    if (file.startsWith(from + path.sep)) return to + file.slice(from.length);
  }
  return file;
}

/** The path from a file in `fromDir` to `target`, written in the style of `written`. */
export function importPathFor(written: string, fromDir: string, target: string): string {
  const named = written.endsWith('.zolt') || !target.endsWith('.zolt') ? target : target.slice(0, -'.zolt'.length);
  if (path.isAbsolute(written)) return named;
  const relative = path.relative(fromDir, named).split(path.sep).join('/');
  return written.startsWith('./') && !relative.startsWith('../') ? `./${relative}` : relative;
}

/** A path as the inside of a string literal. */
function escapePath(text: string): string {
  return text.replace(/[\\"]/g, (c) => `\\${c}`);
}
