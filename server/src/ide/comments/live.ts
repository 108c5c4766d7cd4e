// Stale comments in the editor, protocol-free (lsp/comments.ts connects it). Git runs in
// the background only: once per commit, the commit's blob ids (`git ls-tree`) tell which files
// differ from it without reading them, and a differing file's old text (`git show`) is read
// once and its comment scopes kept. A diagnostics request only hashes the document's text and
// compares; what is not loaded yet gives no diagnostics now and a `changed` call when it is.
//
// The repository is watched (its git folder: a commit, a checkout, a reset, an index change;
// and .zolt/verified), so that a commit clears what it verified and an affirmation saved on
// disk clears its comment.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { Code } from '../../semantics/codes';
import type { Diagnostic, SyntaxDocument, ZoltGrammar } from '../../syntax';
import { scopesOfText } from './analysis';
import { blobId, blobIds, resolveCommit, showFile } from './git';
import { commentScopes, type CommentScope } from './scopes';
import { staleComments } from './stale';
import { findRepositoryRoot, gitDirectory, readVerifiedFile, repositoryPath } from './store';
import { affirmedIn, parseVerified, VERIFIED_PATH, type Affirmation } from './verified';

export interface VerifierHost {
  readonly grammar: ZoltGrammar;
  /** The stale comments of these files may have changed: ask for their diagnostics again. */
  changed(files: readonly string[]): void;
}

interface Repository {
  readonly root: string;
  /** The commit compared with (HEAD), undefined before the first load or without commits. */
  commit: string | undefined;
  /** The commit's files and their blob ids; undefined until loaded. */
  blobs: ReadonlyMap<string, string> | undefined;
  /** The commit's comment scopes per file (`loading` while `git show` runs). */
  readonly old: Map<string, readonly CommentScope[] | 'loading'>;
  verifiedText: string;
  verified: readonly Affirmation[];
  /** Goes up whenever the commit or the affirmations change (part of every cache key). */
  stamp: number;
  /** The documents asked about, to ask again when something changes. */
  readonly files: Set<string>;
  readonly unwatch: (() => void)[];
  timer: NodeJS.Timeout | undefined;
}

const NONE: readonly Diagnostic[] = Object.freeze([]);

/** The `zolt.comments.verify` setting from the `zolt` configuration section (on unless set to false). */
export function commentsSetting(config: unknown): boolean {
  const comments = (config as { comments?: { verify?: unknown } } | undefined)?.comments;
  return comments?.verify !== false;
}

export class CommentVerifier {
  /** The `zolt.comments.verify` setting. */
  private on = true;
  private readonly roots = new Map<string, string | null>();
  private readonly repositories = new Map<string, Repository>();
  private readonly results = new Map<string, { text: string; stamp: string; diagnostics: readonly Diagnostic[] }>();

  constructor(private readonly host: VerifierHost) {}

  get enabled(): boolean {
    return this.on;
  }

  set enabled(value: boolean) {
    if (value === this.on) return;
    this.on = value;
    const files = [...this.repositories.values()].flatMap((r) => [...r.files]);
    if (!value) this.dispose();
    this.host.changed(files);
  }

  /** The stale comments of a document as information diagnostics (none while loading). */
  diagnostics(doc: SyntaxDocument): readonly Diagnostic[] {
    if (!this.on) return NONE;
    const root = findRepositoryRoot(doc.path, this.roots);
    if (root === undefined) return NONE;
    const repo = this.repository(root);
    repo.files.add(doc.path);
    const blobs = repo.blobs;
    if (!blobs || repo.commit === undefined) return NONE;
    const rel = repositoryPath(root, doc.path);
    const stamp = `${repo.commit}:${repo.stamp}`;
    const cached = this.results.get(doc.path);
    if (cached && cached.stamp === stamp && cached.text === doc.text) return cached.diagnostics;
    const blob = blobs.get(rel);
    let diagnostics = NONE;
    if (blob !== undefined && blob !== blobId(doc.text)) {
      const old = repo.old.get(rel);
      if (old === undefined) this.loadOld(repo, repo.commit, rel, doc.path);
      if (old === undefined || old === 'loading') return NONE; // not cached: asked again when loaded
      diagnostics = this.toDiagnostics(doc, repo.commit, staleComments(old, commentScopes(doc.tree.rootNode, doc.text), affirmedIn(repo.verified, rel)));
    }
    // The same list object when nothing changed, so that callers can tell by identity.
    if (cached && JSON.stringify(cached.diagnostics) === JSON.stringify(diagnostics)) diagnostics = cached.diagnostics;
    this.results.set(doc.path, { text: doc.text, stamp, diagnostics });
    return diagnostics;
  }

  dispose(): void {
    for (const repo of this.repositories.values()) {
      if (repo.timer) clearTimeout(repo.timer);
      for (const stop of repo.unwatch) stop();
    }
    this.repositories.clear();
    this.results.clear();
  }

  private toDiagnostics(doc: SyntaxDocument, commit: string, stale: ReturnType<typeof staleComments>): readonly Diagnostic[] {
    if (stale.length === 0) return NONE;
    return stale.map(({ comment }): Diagnostic => ({
      code: Code.StaleComment,
      severity: 'information',
      message: `this comment may be stale: the code it speaks for changed since commit ${commit.slice(0, 10)} and the comment did not; affirm it or turn it into a TODO`,
      start: comment.start,
      end: comment.end,
      ...(comment.code ? { related: [{ file: doc.path, start: comment.code.start, end: comment.code.end, message: 'the code it speaks for' }] } : {}),
    }));
  }

  private repository(root: string): Repository {
    let repo = this.repositories.get(root);
    if (repo) return repo;
    const verifiedText = readVerifiedFile(root);
    repo = {
      root, commit: undefined, blobs: undefined, old: new Map(), verifiedText, verified: parseVerified(verifiedText),
      stamp: 0, files: new Set(), unwatch: [], timer: undefined,
    };
    this.repositories.set(root, repo);
    this.watch(repo);
    void this.refresh(repo);
    return repo;
  }

  /** Loads HEAD again and the affirmations; tells the host when either changed. */
  private async refresh(repo: Repository): Promise<void> {
    const commit = await resolveCommit(repo.root, 'HEAD');
    let changed = false;
    if (commit !== repo.commit || repo.blobs === undefined) {
      const blobs = commit === undefined ? new Map<string, string>() : await blobIds(repo.root, commit);
      repo.commit = commit;
      repo.blobs = blobs;
      repo.old.clear();
      changed = true;
    }
    const verifiedText = await fs.promises.readFile(path.join(repo.root, VERIFIED_PATH), 'utf8').catch(() => '');
    if (verifiedText !== repo.verifiedText) {
      repo.verifiedText = verifiedText;
      repo.verified = parseVerified(verifiedText);
      changed = true;
    }
    if (!changed || this.repositories.get(repo.root) !== repo) return;
    repo.stamp++;
    this.host.changed([...repo.files]);
  }

  private loadOld(repo: Repository, commit: string, rel: string, file: string): void {
    repo.old.set(rel, 'loading');
    void showFile(repo.root, commit, rel).then((text) => {
      if (repo.commit !== commit) return; // a newer commit cleared the cache meanwhile
      repo.old.set(rel, text === undefined ? [] : scopesOfText(this.host.grammar, text));
      this.host.changed([file]);
    });
  }

  /** Refreshes (debounced) when the git folder or .zolt/verified changes on disk. */
  private watch(repo: Repository): void {
    const later = () => {
      if (repo.timer) clearTimeout(repo.timer);
      repo.timer = setTimeout(() => {
        repo.timer = undefined;
        void this.refresh(repo);
      }, 50);
    };
    try {
      const watcher = fs.watch(gitDirectory(repo.root), { persistent: false }, later);
      watcher.on('error', () => watcher.close());
      repo.unwatch.push(() => watcher.close());
    } catch {
      // No watching (a git folder that cannot be watched): HEAD is read once.
    }
    // Polled: the file and its folder may not exist yet.
    const verified = path.join(repo.root, VERIFIED_PATH);
    fs.watchFile(verified, { persistent: false, interval: 250 }, later);
    repo.unwatch.push(() => fs.unwatchFile(verified, later));
  }
}
