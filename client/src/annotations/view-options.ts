// How the Annotations panel arranges its list: the grouping and the order the user picked
// (kept per workspace), and the text filter. The keys are those of `zolt get --group/--sort`.

export type GroupKey = 'tag' | 'file' | 'owner' | 'none';
export type SortKey = 'tag' | 'priority' | 'file' | 'owner';

export interface ViewOptions {
  readonly group: GroupKey;
  readonly sort: SortKey;
  /** The text filter as typed; '' shows everything. */
  readonly filter: string;
}

export const DEFAULT_VIEW_OPTIONS: ViewOptions = { group: 'tag', sort: 'tag', filter: '' };

export interface Choice<K extends string> {
  readonly key: K;
  readonly label: string;
  readonly detail: string;
}

export const GROUP_CHOICES: readonly Choice<GroupKey>[] = [
  { key: 'tag', label: 'Tag', detail: 'One group per tag, the most urgent first' },
  { key: 'file', label: 'File', detail: 'One group per file, by workspace folder and path' },
  { key: 'owner', label: 'Owner', detail: 'One group per owner, alphabetically; no owner last' },
  { key: 'none', label: 'None', detail: 'A flat list' },
];

export const SORT_CHOICES: readonly Choice<SortKey>[] = [
  { key: 'tag', label: 'Severity', detail: 'Tag severity, then priority, file and line' },
  { key: 'priority', label: 'Priority', detail: 'Priority (p0 first, none last), then severity, file and line' },
  { key: 'file', label: 'File', detail: 'File, then line and column' },
  { key: 'owner', label: 'Owner', detail: 'Owner (none last), then severity, priority, file and line' },
];

/** A stored value if it is still a valid key (the stored state may come from another version). */
export function validGroup(value: unknown): GroupKey | undefined {
  return GROUP_CHOICES.find((c) => c.key === value)?.key;
}

export function validSort(value: unknown): SortKey | undefined {
  return SORT_CHOICES.find((c) => c.key === value)?.key;
}
