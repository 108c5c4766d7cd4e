// Git, the one outside tool this feature needs, found on PATH and run as a child process
// (never on a language server request: the editor side calls it once per commit, in the
// background). Every function resolves; failures come back as values, so callers decide what
// "not a repository" or "no such file in that commit" means to them.

import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';

export interface GitResult {
  readonly ok: boolean;
  readonly stdout: string;
  readonly stderr: string;
  /** Git could not be started at all (not on PATH). */
  readonly missing?: boolean;
}

export function git(args: readonly string[], cwd: string): Promise<GitResult> {
  return new Promise((resolve) => {
    const child = spawn('git', [...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error: NodeJS.ErrnoException) =>
      resolve({ ok: false, stdout: '', stderr: error.message, missing: error.code === 'ENOENT' }));
    child.on('close', (code) =>
      resolve({ ok: code === 0, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
  });
}

/** The repository's top folder, or why there is none. */
export async function repositoryRoot(cwd: string): Promise<{ root: string } | { error: string }> {
  const result = await git(['rev-parse', '--show-toplevel'], cwd);
  if (result.missing) return { error: 'git was not found on PATH' };
  if (!result.ok) return { error: 'not inside a git repository' };
  return { root: result.stdout.trim() };
}

/** The commit a revision names, or undefined (no such revision, or no commit yet). */
export async function resolveCommit(root: string, rev: string): Promise<string | undefined> {
  const result = await git(['rev-parse', '--verify', '--quiet', `${rev}^{commit}`], root);
  return result.ok ? result.stdout.trim() : undefined;
}

/** A file's text in a commit (`git show REV:path`), or undefined when the commit does not have it. */
export async function showFile(root: string, commit: string, file: string): Promise<string | undefined> {
  const result = await git(['show', `${commit}:${file}`], root);
  return result.ok ? result.stdout : undefined;
}

/** The files (relative to the root, `/`-separated) whose working-tree text differs from the commit. */
export async function changedFiles(root: string, commit: string): Promise<string[]> {
  const result = await git(['diff', '--name-only', '-z', '--no-renames', commit, '--'], root);
  return result.ok ? result.stdout.split('\0').filter((f) => f !== '') : [];
}

/** Each file of a commit with its blob id (`git ls-tree -r`). */
export async function blobIds(root: string, commit: string): Promise<Map<string, string>> {
  const result = await git(['ls-tree', '-r', '-z', '--full-tree', commit], root);
  const blobs = new Map<string, string>();
  if (!result.ok) return blobs;
  for (const entry of result.stdout.split('\0')) {
    // `<mode> blob <id>\t<path>`
    const tab = entry.indexOf('\t');
    const head = entry.slice(0, tab).split(' ');
    if (tab > 0 && head[1] === 'blob') blobs.set(entry.slice(tab + 1), head[2]!);
  }
  return blobs;
}

/** The id git gives a text as a blob: equal to the commit's id for the file means unchanged. */
export function blobId(text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}
