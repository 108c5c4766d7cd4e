// How many diagnostics an editor is given per file. A damaged or generated file can have tens
// of thousands; sending them all makes one huge message that editors are slow to take in and
// that no one reads. Editors get the first MAX_SHOWN by severity and a note of how many more
// there are; `zolt check` still prints every one.

/** The most diagnostics shown per file (the note saying how many were left out comes after). */
export const MAX_SHOWN_DIAGNOSTICS = 1000;

/**
 * At most `limit` of the diagnostics, the most severe first (`rank`: lower is more severe;
 * in their order within a rank), then `note(count left out)`. A list within the limit is
 * returned as it is.
 */
export function capDiagnostics<T>(list: readonly T[], rank: (d: T) => number, note: (hidden: number) => T, limit = MAX_SHOWN_DIAGNOSTICS): T[] {
  if (list.length <= limit) return [...list];
  const ranked = list.map((d, i) => ({ d, i, rank: rank(d) })).sort((x, y) => x.rank - y.rank || x.i - y.i);
  return [...ranked.slice(0, limit).map((r) => r.d), note(list.length - limit)];
}

/** The text of the note that ends a capped list. */
export function hiddenMessage(hidden: number): string {
  return hidden === 1 ? '1 more diagnostic is not shown' : `${hidden} more diagnostics are not shown`;
}
