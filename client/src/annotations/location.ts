// Where an annotation's file is, as the panel shows it: relative to the workspace folder that
// holds it. In a multi-root workspace the server indexes every folder, so the same relative
// path may occur in two folders; the folder is kept beside the path to tell them apart.

import * as path from 'node:path';

export interface WorkspaceFolder {
  readonly name: string;
  /** The folder's file-system path (converted from its URI the same way as the files'). */
  readonly path: string;
}

export interface FileLocation {
  /** The file-system path of the file (or the URI itself for a document without one). */
  readonly path: string;
  /** Index of the innermost workspace folder holding the file, or -1 when none does. */
  readonly folder: number;
  /** The folder's name, '' when the file is outside every folder. */
  readonly folderName: string;
  /** The path relative to that folder, or the whole path when the file is outside. */
  readonly relative: string;
}

/** The path API to use; node's for the platform the extension runs on, posix in tests. */
export type PathApi = Pick<typeof path, 'relative' | 'isAbsolute' | 'sep'>;

export function locate(filePath: string, folders: readonly WorkspaceFolder[], pathApi: PathApi = path): FileLocation {
  let best = -1;
  let bestRelative = '';
  folders.forEach((folder, i) => {
    const relative = pathApi.relative(folder.path, filePath);
    const outside = relative === '..' || relative.startsWith(`..${pathApi.sep}`) || pathApi.isAbsolute(relative);
    const inside = relative !== '' && !outside;
    // The innermost folder wins when folders nest (its relative path is the shortest).
    if (inside && (best < 0 || relative.length < bestRelative.length)) {
      best = i;
      bestRelative = relative;
    }
  });
  if (best < 0) return { path: filePath, folder: -1, folderName: '', relative: filePath };
  return { path: filePath, folder: best, folderName: folders[best]!.name, relative: bestRelative };
}

/** Files by folder (in the workspace's order), then by relative path; files outside last. */
export function compareLocations(a: FileLocation, b: FileLocation): number {
  if (a.folder !== b.folder) {
    if (a.folder < 0 || b.folder < 0) return a.folder < 0 ? 1 : -1;
    return a.folder - b.folder;
  }
  return compareStrings(a.relative, b.relative);
}

/** Code-unit order, as the server and `zolt get` sort paths (not locale order: stable everywhere). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
