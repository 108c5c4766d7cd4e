// Annotation tags: their order of urgency and how the panel draws them. The order is the one
// docs/annotations.md gives and `zolt get` uses (server/src/ide/annotations.ts): the default
// tags by severity, then custom tags in the order configured. The client keeps its own copy
// instead of importing the server's module so that the extension bundle never pulls in server
// code; test/client checks that both orders agree.

/** The default tags from the most urgent to the least. */
export const SEVERITY_ORDER: readonly string[] = ['BUG', 'FIXME', 'XXX', 'HACK', 'TODO', 'OPTIMIZE', 'NOTE'];

/** A configured tag list as the server applies it: trimmed, upper-cased, duplicates dropped. */
export function normalizeTags(tags: readonly string[]): string[] {
  const result: string[] = [];
  for (const raw of tags) {
    const tag = raw.trim().toUpperCase();
    if (tag !== '' && !result.includes(tag)) result.push(tag);
  }
  return result;
}

/** Lower is more urgent: the defaults by severity, then the other configured tags in order. */
export function tagRank(tag: string, tags: readonly string[]): number {
  const severity = SEVERITY_ORDER.indexOf(tag);
  if (severity >= 0) return severity;
  const custom = tags.filter((t) => !SEVERITY_ORDER.includes(t));
  const index = custom.indexOf(tag);
  return SEVERITY_ORDER.length + (index >= 0 ? index : custom.length);
}

export interface TagAppearance {
  /** A codicon name (vscode.ThemeIcon id). */
  readonly icon: string;
  /** A colour id contributed in package.json (`contributes.colors`). */
  readonly color: string;
}

const APPEARANCES: Readonly<Record<string, TagAppearance>> = {
  BUG: { icon: 'bug', color: 'zoltAnnotation.bug' },
  FIXME: { icon: 'tools', color: 'zoltAnnotation.fixme' },
  XXX: { icon: 'warning', color: 'zoltAnnotation.xxx' },
  HACK: { icon: 'flame', color: 'zoltAnnotation.hack' },
  TODO: { icon: 'checklist', color: 'zoltAnnotation.todo' },
  OPTIMIZE: { icon: 'rocket', color: 'zoltAnnotation.optimize' },
  NOTE: { icon: 'note', color: 'zoltAnnotation.note' },
};

const CUSTOM: TagAppearance = { icon: 'tag', color: 'zoltAnnotation.custom' };

export function tagAppearance(tag: string): TagAppearance {
  return APPEARANCES[tag] ?? CUSTOM;
}

/** Every colour id the panel uses (package.json must contribute each). */
export const TAG_COLORS: readonly string[] = [...Object.values(APPEARANCES).map((a) => a.color), CUSTOM.color];
