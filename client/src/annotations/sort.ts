// The orders of the Annotations panel. They are the orders of docs/annotations.md (`zolt get
// --sort`), except that files compare by workspace folder first, then by the path relative to
// it, which is the order in which the explorer shows a multi-root workspace (with one folder it
// is the path order the server uses).

import type { Entry } from './entry';
import { compareLocations, compareStrings } from './location';
import type { SortKey } from './view-options';

type Compare = (a: Entry, b: Entry) => number;

const byRank: Compare = (a, b) => a.rank - b.rank;

/** Priorities ascending (p0 first); no priority after every priority. */
const byPriority: Compare = (a, b) => (a.annotation.priority ?? Infinity) - (b.annotation.priority ?? Infinity) || 0;

/** Owners case-insensitively (then exactly, for a stable order); no owner last. */
export const byOwner: Compare = (a, b) => compareOwners(a.annotation.owner, b.annotation.owner);

export function compareOwners(a: string | undefined, b: string | undefined): number {
  if (a === undefined || b === undefined) return (a === undefined ? 1 : 0) - (b === undefined ? 1 : 0);
  return compareStrings(a.toLowerCase(), b.toLowerCase()) || compareStrings(a, b);
}

/** File, then line and column. */
const byPlace: Compare = (a, b) =>
  compareLocations(a.location, b.location) ||
  a.annotation.range.start.line - b.annotation.range.start.line ||
  a.annotation.range.start.character - b.annotation.range.start.character;

const COMPARES: Readonly<Record<SortKey, Compare>> = {
  tag: (a, b) => byRank(a, b) || byPriority(a, b) || byPlace(a, b),
  priority: (a, b) => byPriority(a, b) || byRank(a, b) || byPlace(a, b),
  file: (a, b) => byPlace(a, b) || byRank(a, b),
  owner: (a, b) => byOwner(a, b) || byRank(a, b) || byPriority(a, b) || byPlace(a, b),
};

/** A sorted copy (Array.prototype.sort is stable: equal entries keep the server's order). */
export function sortEntries(entries: readonly Entry[], by: SortKey): Entry[] {
  return [...entries].sort(COMPARES[by]);
}
