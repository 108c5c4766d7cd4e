// The files this feature reads without git, synchronously and cheaply (a few stats, one small
// file): where a file's repository is, and what `.zolt/verified` says now.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { VERIFIED_PATH } from './verified';

/** The folder holding `.git` above `file` (a `.git` file, as in a worktree, counts), if any. */
export function findRepositoryRoot(file: string, cache?: Map<string, string | null>): string | undefined {
  const seen: string[] = [];
  let dir = path.dirname(path.resolve(file));
  let found: string | null = null;
  for (;;) {
    const known = cache?.get(dir);
    if (known !== undefined) {
      found = known;
      break;
    }
    seen.push(dir);
    if (fs.existsSync(path.join(dir, '.git'))) {
      found = dir;
      break;
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  for (const d of seen) cache?.set(d, found);
  return found ?? undefined;
}

/** The git folder of a repository root: `.git`, or where a `.git` file (`gitdir: ...`) points. */
export function gitDirectory(root: string): string {
  const dotGit = path.join(root, '.git');
  try {
    if (fs.statSync(dotGit).isDirectory()) return dotGit;
    const line = /^gitdir:\s*(.+)$/m.exec(fs.readFileSync(dotGit, 'utf8'));
    return line ? path.resolve(root, line[1]!.trim()) : dotGit;
  } catch {
    return dotGit;
  }
}

/** `.zolt/verified` of a root ('' when there is none yet). */
export function readVerifiedFile(root: string): string {
  try {
    return fs.readFileSync(path.join(root, VERIFIED_PATH), 'utf8');
  } catch {
    return '';
  }
}

/** A file's path as git and `.zolt/verified` name it: relative to the root, with `/`. */
export function repositoryPath(root: string, file: string): string {
  return path.relative(root, path.resolve(file)).split(path.sep).join('/');
}
