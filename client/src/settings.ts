// The `zolt` settings on their way to the server (its workspace/configuration requests). The
// settings editor warns about a tag that is not one (package.json gives the pattern) but still
// stores it, and the server rejects the whole tag list then: annotations and diagnostics stop.
// The client passes on only the valid tags, so that one typo costs that tag and nothing else.

/** A tag as docs/annotations.md defines it (the server upper-cases it). */
const TAG = /^[A-Za-z][A-Za-z0-9_]*$/;

export interface Sanitized {
  readonly value: unknown;
  /** The entries of zolt.annotations.tags that were left out. */
  readonly dropped: readonly string[];
}

export function sanitizeZoltSettings(section: unknown): Sanitized {
  if (!isRecord(section) || !isRecord(section['annotations']) || !Array.isArray(section['annotations']['tags'])) return { value: section, dropped: [] };
  const annotations = section['annotations'];
  const tags: string[] = [];
  const dropped: string[] = [];
  for (const entry of annotations['tags'] as unknown[]) {
    if (typeof entry === 'string' && TAG.test(entry.trim())) tags.push(entry.trim());
    else dropped.push(String(entry));
  }
  if (dropped.length === 0) return { value: section, dropped };
  // An empty list makes the server use its default tags, as an unset setting does.
  return { value: { ...section, annotations: { ...annotations, tags } }, dropped };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
