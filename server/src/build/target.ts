// Which program a saved file belongs to, for the language server's compile on save. As the CLI
// decides (cli/project.ts): the `main` of the nearest zolt.json (looked for up to the
// workspace folder); else the saved file, when it declares a function `main`; else a file of
// the workspace that declares one and imports the saved file (directly or through others),
// the first in path order. A file no program uses has nothing to build.

import * as path from 'node:path';
import { projectFileAbove, projectMain } from '../cli/project';
import type { Workspace } from '../semantics';
import { programFiles } from '../semantics/elaborate';
import { folderOf } from './output';

export type BuildTarget =
  | { readonly kind: 'main'; readonly main: string }
  /** The project file is wrong (not JSON, no `main`, a main file that does not exist). */
  | { readonly kind: 'error'; readonly message: string }
  | { readonly kind: 'none' };

export function buildTarget(saved: string, workspace: Workspace, candidates: readonly string[], folders: readonly string[]): BuildTarget {
  const project = projectFileAbove(path.dirname(saved), folderOf(saved, folders));
  if (project !== undefined) {
    try {
      return { kind: 'main', main: projectMain(project) };
    } catch (error) {
      return { kind: 'error', message: error instanceof Error ? error.message : String(error) };
    }
  }
  if (declaresMain(workspace, saved)) return { kind: 'main', main: saved };
  const importer = [...candidates].sort().find((file) => file !== saved && declaresMain(workspace, file) && programFiles(workspace, file).includes(saved));
  return importer === undefined ? { kind: 'none' } : { kind: 'main', main: importer };
}

/** Whether the file declares a top-level function `main` (one that cannot be run is the build's to report). */
function declaresMain(workspace: Workspace, file: string): boolean {
  return workspace.declarations(file).some((symbol) => symbol.kind === 'function' && symbol.name === 'main');
}
