// `zolt comments [PATHS] [--since REV] [--json]`: the comments whose code changed since a
// commit (HEAD by default) while they did not, each with the diff of that code;
// `zolt comments affirm FILE:LINE | --all-in FILE` records in .zolt/verified that someone read
// them against the new code; `zolt comments todo FILE:LINE` turns one into a
// `TODO(verify):` annotation. The rules are in docs/verified-comments.md.
//
// Exit status: 0 when no stale comment is left (or an affirm/todo succeeded), 1 when some are
// (so that CI and a pre-commit hook can refuse), 2 for bad usage, no git, or no repository.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeAtomically } from '../build/output';
import { applyEdits } from '../ide/actions';
import {
  affirmedIn, fingerprint, parseVerified, recordAffirmations, scopesOfText, staleInText, todoEdit,
  VERIFIED_PATH, type CommentScope, type StaleComment,
} from '../ide/comments';
import { changedFiles, repositoryRoot, resolveCommit, showFile } from '../ide/comments/git';
import { loadGrammar, type ZoltGrammar } from '../syntax';
import { parseArgs, UsageError } from './args';
import { unifiedDiff } from './diff';
import { zoltFiles } from './files';
import { Exit, type Io } from './io';

interface Repository {
  readonly root: string;
  /** The revision as given, and the commit it names (undefined: no commit yet). */
  readonly rev: string;
  readonly commit: string | undefined;
  readonly grammar: ZoltGrammar;
}

export async function commentsCommand(args: readonly string[], io: Io): Promise<number> {
  if (args[0] === 'affirm') return affirmCommand(args.slice(1), io);
  if (args[0] === 'todo') return todoCommand(args.slice(1), io);
  return listCommand(args, io);
}

/** The repository around the working folder, or the exit status after saying why there is none. */
async function openRepository(io: Io, since: string | undefined): Promise<Repository | number> {
  const found = await repositoryRoot(process.cwd());
  if ('error' in found) {
    io.err(`zolt comments: ${found.error}: stale comments are found by comparing with a commit\n`);
    return Exit.Usage;
  }
  const rev = since ?? 'HEAD';
  const commit = await resolveCommit(found.root, rev);
  if (commit === undefined && since !== undefined) {
    io.err(`zolt comments: '${since}' does not name a commit\n`);
    return Exit.Usage;
  }
  return { root: found.root, rev, commit, grammar: await loadGrammar() };
}

/** A path as `.zolt/verified` and git name it: relative to the root, with `/`. */
const repoPath = (repo: Repository, file: string): string => path.relative(repo.root, path.resolve(file)).split(path.sep).join('/');
const shown = (repo: Repository, rel: string): string => path.relative(process.cwd(), path.join(repo.root, rel)) || rel;

function readVerified(repo: Repository): string {
  try {
    return fs.readFileSync(path.join(repo.root, VERIFIED_PATH), 'utf8');
  } catch {
    return '';
  }
}

interface FileReport {
  readonly file: string;
  readonly oldText: string;
  readonly text: string;
  readonly stale: readonly StaleComment[];
}

/** A file's stale comments against the repository's commit (none when the commit lacks it). */
async function report(repo: Repository, rel: string, verified: string): Promise<FileReport> {
  const text = fs.readFileSync(path.join(repo.root, rel), 'utf8');
  const oldText = repo.commit === undefined ? undefined : await showFile(repo.root, repo.commit, rel);
  if (oldText === undefined) return { file: rel, oldText: '', text, stale: [] };
  return { file: rel, oldText, text, stale: staleInText(repo.grammar, oldText, text, affirmedIn(parseVerified(verified), rel)) };
}

async function listCommand(args: readonly string[], io: Io): Promise<number> {
  const { positional, flags } = parseArgs(args, ['since', 'json'], ['since']);
  const since = flags.get('since');
  const repo = await openRepository(io, typeof since === 'string' ? since : undefined);
  if (typeof repo === 'number') return repo;
  const changed = repo.commit === undefined ? [] : (await changedFiles(repo.root, repo.commit)).filter((f) => f.endsWith('.zolt'));
  let files = changed;
  if (positional.length > 0) {
    const { files: asked, missing } = zoltFiles(positional);
    for (const m of missing) io.err(`zolt comments: no such file or folder: ${m}\n`);
    if (missing.length > 0) return Exit.Usage;
    const wanted = new Set(asked.map((f) => repoPath(repo, f)));
    files = changed.filter((f) => wanted.has(f));
  }
  const verified = readVerified(repo);
  const reports: FileReport[] = [];
  for (const file of files) {
    if (fs.existsSync(path.join(repo.root, file))) reports.push(await report(repo, file, verified));
  }
  const stale = reports.flatMap((r) => r.stale.map((s) => ({ report: r, stale: s })));
  const against = repo.commit === undefined ? `${repo.rev} (no commit yet)` : `${repo.rev} (${repo.commit.slice(0, 10)})`;

  if (flags.has('json')) {
    const entries = stale.map(({ report: r, stale: s }) => ({
      file: r.file, line: s.comment.line + 1, kind: s.comment.kind, comment: r.text.slice(s.comment.start, s.comment.end),
      diff: codeDiff(r.oldText, r.text, s),
    }));
    io.out(JSON.stringify({ since: repo.rev, commit: repo.commit ?? null, stale: entries, count: entries.length }, null, 2) + '\n');
    return entries.length > 0 ? Exit.InputErrors : Exit.Ok;
  }
  const out: string[] = [];
  for (const { report: r, stale: s } of stale) {
    const firstLine = r.text.slice(s.comment.start, s.comment.end).split('\n')[0]!.trim();
    out.push(`${shown(repo, r.file)}:${s.comment.line + 1}: stale comment: ${firstLine}`);
    out.push(...codeDiff(r.oldText, r.text, s).split('\n').filter((l) => l !== '').map((l) => `    ${l}`));
  }
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const staleFiles = new Set(stale.map((s) => s.report.file)).size;
  out.push(`${plural(stale.length, 'stale comment')} in ${plural(staleFiles, 'file')} (code changed since ${against}; ${plural(files.length, 'changed file')} checked)`);
  if (stale.length > 0) out.push("affirm each with 'zolt comments affirm FILE:LINE' or turn it into a TODO with 'zolt comments todo FILE:LINE'");
  io.out(out.join('\n') + '\n');
  return stale.length > 0 ? Exit.InputErrors : Exit.Ok;
}

/** The lines of `text` that hold [start, end). */
function linesOf(text: string, span: { readonly start: number; readonly end: number } | undefined): string {
  if (!span) return '';
  const from = text.lastIndexOf('\n', span.start - 1) + 1;
  const newline = text.indexOf('\n', span.end);
  return text.slice(from, newline < 0 ? text.length : newline + 1);
}

/** The diff of the code a stale comment speaks for, without the file header (hunk positions would be within the excerpt). */
export function codeDiff(oldText: string, newText: string, stale: StaleComment): string {
  const diff = unifiedDiff('old', 'new', linesOf(oldText, stale.old.code), linesOf(newText, stale.comment.code));
  return diff.split('\n').slice(2).filter((line) => !line.startsWith('@@')).join('\n');
}

/** `FILE:LINE` (1-based line). */
function location(arg: string | undefined, verb: string): { file: string; line: number } {
  const match = arg === undefined ? null : /^(.*):(\d+)$/.exec(arg);
  if (!match || Number(match[2]) < 1) throw new UsageError(`zolt comments ${verb}: give the comment as FILE:LINE`);
  return { file: match[1]!, line: Number(match[2]) - 1 };
}

/** The comment of `scopes` with a line at 0-based `line`. */
function commentAt(scopes: readonly CommentScope[], text: string, line: number): CommentScope | undefined {
  return scopes.find((s) => s.line <= line && line <= s.line + (text.slice(s.start, s.end).match(/\n/g)?.length ?? 0));
}

function readSource(file: string, io: Io): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    io.err(`zolt comments: cannot read '${file}': ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`);
    return undefined;
  }
}

async function affirmCommand(args: readonly string[], io: Io): Promise<number> {
  const { positional, flags } = parseArgs(args, ['all-in', 'since'], ['all-in', 'since']);
  const allIn = flags.get('all-in');
  if ((allIn === undefined) === (positional.length === 0) || positional.length > 1) {
    throw new UsageError('zolt comments affirm: give one FILE:LINE, or --all-in FILE');
  }
  const since = flags.get('since');
  const repo = await openRepository(io, typeof since === 'string' ? since : undefined);
  if (typeof repo === 'number') return repo;
  const where = typeof allIn === 'string' ? { file: allIn, line: -1 } : location(positional[0], 'affirm');
  const text = readSource(where.file, io);
  if (text === undefined) return Exit.Usage;
  const rel = repoPath(repo, where.file);
  const scopes = scopesOfText(repo.grammar, text);
  const verified = readVerified(repo);
  let chosen: CommentScope[];
  if (where.line >= 0) {
    const scope = commentAt(scopes, text, where.line);
    if (!scope) {
      io.err(`zolt comments affirm: no comment at ${where.file}:${where.line + 1}\n`);
      return Exit.Usage;
    }
    chosen = [scope];
  } else {
    chosen = (await report(repo, rel, verified)).stale.map((s) => s.comment);
  }
  const next = recordAffirmations(verified, rel, chosen.map(fingerprint), scopes.map(fingerprint));
  const target = path.join(repo.root, VERIFIED_PATH);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const failed = next === verified ? undefined : writeAtomically(target, Buffer.from(next, 'utf8'), 0o644);
  if (failed) {
    io.err(`zolt comments affirm: cannot write ${VERIFIED_PATH}: ${failed}\n`);
    return Exit.Usage;
  }
  const listed = chosen.map((s) => `${shown(repo, rel)}:${s.line + 1}`).join(', ');
  io.out(chosen.length === 0 ? `no stale comment in ${where.file}\n` : `affirmed ${listed} in ${VERIFIED_PATH}\n`);
  return Exit.Ok;
}

async function todoCommand(args: readonly string[], io: Io): Promise<number> {
  const { positional } = parseArgs(args, []);
  if (positional.length !== 1) throw new UsageError('zolt comments todo: give one FILE:LINE');
  const repo = await openRepository(io, undefined);
  if (typeof repo === 'number') return repo;
  const where = location(positional[0], 'todo');
  const text = readSource(where.file, io);
  if (text === undefined) return Exit.Usage;
  const scope = commentAt(scopesOfText(repo.grammar, text), text, where.line);
  if (!scope) {
    io.err(`zolt comments todo: no comment at ${where.file}:${where.line + 1}\n`);
    return Exit.Usage;
  }
  const next = applyEdits(text, [todoEdit(text, scope.start)]);
  const failed = writeAtomically(where.file, Buffer.from(next, 'utf8'), fs.statSync(where.file).mode & 0o777);
  if (failed) {
    io.err(`zolt comments todo: cannot write ${where.file}: ${failed}\n`);
    return Exit.Usage;
  }
  io.out(`${where.file}:${scope.line + 1}: ${next.slice(scope.start, next.indexOf('\n', scope.start) < 0 ? next.length : next.indexOf('\n', scope.start))}\n`);
  return Exit.Ok;
}
