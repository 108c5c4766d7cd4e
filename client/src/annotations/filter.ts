// The Annotations panel's text filter. The text is split into terms at whitespace ("double
// quotes" keep a phrase together); an annotation is shown when every term occurs, ignoring
// case, in one of its fields: tag, owner, priority (`p1`), text, or file path.

import type { Entry } from './entry';

export type Filter = readonly string[];

export function parseFilter(text: string): Filter {
  const terms: string[] = [];
  for (const match of text.matchAll(/"([^"]*)"?|(\S+)/g)) {
    const term = (match[1] ?? match[2] ?? '').trim().toLowerCase();
    if (term !== '' && !terms.includes(term)) terms.push(term);
  }
  return terms;
}

function fields(entry: Entry): string[] {
  const a = entry.annotation;
  return [a.tag, a.owner ?? '', a.priority === undefined ? '' : `p${a.priority}`, a.text, entry.location.relative, entry.location.folderName]
    .map((field) => field.toLowerCase());
}

export function matchesFilter(entry: Entry, filter: Filter): boolean {
  if (filter.length === 0) return true;
  const haystacks = fields(entry);
  return filter.every((term) => haystacks.some((field) => field.includes(term)));
}

/** Where the terms occur in `label`, as sorted, non-overlapping [start, end) pairs (for highlighting). */
export function filterHighlights(label: string, filter: Filter): [number, number][] {
  const lower = label.toLowerCase();
  // A few characters change length when lower-cased; offsets into `lower` would be wrong then.
  if (lower.length !== label.length) return [];
  const found: [number, number][] = [];
  for (const term of filter) {
    for (let at = lower.indexOf(term); at >= 0; at = lower.indexOf(term, at + term.length)) found.push([at, at + term.length]);
  }
  found.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: [number, number][] = [];
  for (const range of found) {
    const last = merged[merged.length - 1];
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([range[0], range[1]]);
  }
  return merged;
}
