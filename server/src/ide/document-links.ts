// Document links: the path string of each import links to the file it resolves to, the
// standard library included. A path that resolves to nothing has no link (its diagnostic
// already says so).

import type { Workspace } from '../semantics';
import { importPaths } from './import-paths';

export interface DocumentLink {
  readonly start: number;
  readonly end: number;
  readonly target: string;
}

export function documentLinks(workspace: Workspace, file: string): DocumentLink[] {
  return importPaths(workspace, file).flatMap(({ start, end, target }) => (target === undefined ? [] : [{ start, end, target }]));
}
