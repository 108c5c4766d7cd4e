// Staleness, pure: which comments of the new version of a file kept their text while the code
// they speak for changed (docs/verified-comments.md).
//
// Old and new comments are paired by their text and the declaration they sit in, the n-th
// such comment of the old version with the n-th of the new. So a moved function keeps its
// comments (and they are not stale unless its code changed), a deleted function's comments
// have no partner (nothing to report), and a comment edited together with its code has no
// partner either: whoever edited it has just verified it.

import type { CommentScope } from './scopes';
import { shortHash, tokensHash } from './tokens';

export interface StaleComment {
  /** The comment as it is now. */
  readonly comment: CommentScope;
  /** The same comment in the old version (for the diff of its code). */
  readonly old: CommentScope;
}

/** What `.zolt/verified` records of a comment: its text's hash and its code's. */
export interface Fingerprint {
  readonly comment: string;
  readonly code: string;
}

export function fingerprint(scope: CommentScope): Fingerprint {
  return { comment: shortHash(scope.text), code: tokensHash(scope.tokens) };
}

const keyOf = (scope: CommentScope): string => `${scope.container}\u0000${scope.text}`;

function sameTokens(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((t, i) => t === b[i]);
}

/**
 * The comments of `now` whose code changed since `before`, in document order, leaving out
 * those `affirmed` says someone read against this very code.
 */
export function staleComments(
  before: readonly CommentScope[], now: readonly CommentScope[], affirmed: (print: Fingerprint) => boolean = () => false,
): StaleComment[] {
  const old = new Map<string, CommentScope[]>();
  for (const scope of before) {
    const list = old.get(keyOf(scope));
    if (list) list.push(scope);
    else old.set(keyOf(scope), [scope]);
  }
  const taken = new Map<string, number>();
  const result: StaleComment[] = [];
  for (const scope of now) {
    const key = keyOf(scope);
    const index = taken.get(key) ?? 0;
    taken.set(key, index + 1);
    const partner = old.get(key)?.[index];
    if (!partner || sameTokens(partner.tokens, scope.tokens)) continue;
    if (affirmed(fingerprint(scope))) continue;
    result.push({ comment: scope, old: partner });
  }
  return result;
}
