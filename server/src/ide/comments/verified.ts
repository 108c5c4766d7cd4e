// The `.zolt/verified` file, pure: one line per affirmed comment, `FILE<TAB>COMMENT<TAB>CODE`
// (the file relative to the repository root with `/`, the hash of the comment's text, the hash
// of its code's tokens). Hashes rather than line numbers or commits, so that an affirmation
// survives rebases and edits elsewhere and dies with the next change of that code.

import type { Fingerprint } from './stale';

export const VERIFIED_PATH = '.zolt/verified';

const HEADER = [
  '# Comments affirmed against the code they speak for: `zolt comments affirm`, docs/verified-comments.md.',
  '# file<TAB>comment hash<TAB>code hash',
];

export interface Affirmation extends Fingerprint {
  readonly file: string;
}

/** The affirmations of a `.zolt/verified` text (comment lines and malformed lines ignored). */
export function parseVerified(text: string): Affirmation[] {
  const result: Affirmation[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (line.startsWith('#')) continue;
    const fields = line.split('\t');
    if (fields.length !== 3 || fields.some((f) => f === '')) continue;
    result.push({ file: fields[0]!, comment: fields[1]!, code: fields[2]! });
  }
  return result;
}

const lineOf = (a: Affirmation): string => `${a.file}\t${a.comment}\t${a.code}`;

/** A lookup: is this comment of this file affirmed against this code? */
export function affirmedIn(list: readonly Affirmation[], file: string): (print: Fingerprint) => boolean {
  const set = new Set(list.filter((a) => a.file === file).map(lineOf));
  return (print) => set.has(lineOf({ file, ...print }));
}

/**
 * `.zolt/verified` with `added` recorded for `file`. The file's other lines are kept only when
 * they still match one of its comments (`current`): an affirmation of code that has changed
 * again can never match, and keeping it would only grow the file. Sorted, so that two people
 * affirming in different branches merge cleanly.
 */
export function recordAffirmations(text: string, file: string, added: readonly Fingerprint[], current: readonly Fingerprint[]): string {
  const live = new Set(current.map((p) => lineOf({ file, ...p })));
  const lines = new Set(parseVerified(text).map(lineOf).filter((line) => !line.startsWith(`${file}\t`) || live.has(line)));
  for (const print of added) lines.add(lineOf({ file, ...print }));
  return [...HEADER, ...[...lines].sort()].join('\n') + '\n';
}
