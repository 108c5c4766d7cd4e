// The Annotations panel's tree, built from the server's answer: every annotation located in
// its workspace folder, filtered, sorted, grouped, labelled and counted. Pure (no `vscode`):
// the panel turns these nodes into TreeItems one to one, and test/client checks them as data.

import type { AnnotationsResult } from '../protocol';
import type { Entry } from './entry';
import { filterHighlights, matchesFilter, parseFilter } from './filter';
import { annotationDescription, annotationLabel, annotationTooltip, countText } from './labels';
import { compareLocations, compareStrings, locate, type FileLocation, type PathApi, type WorkspaceFolder } from './location';
import { compareOwners, sortEntries } from './sort';
import { normalizeTags, tagAppearance, tagRank } from './tags';
import type { GroupKey, ViewOptions } from './view-options';

export interface ModelInput {
  readonly result: AnnotationsResult;
  readonly folders: readonly WorkspaceFolder[];
  /** The file-system path of a URI: the extension converts files and folders the same way. */
  readonly pathOf: (uri: string) => string;
  readonly pathApi?: PathApi;
}

export interface AnnotationNode {
  readonly kind: 'annotation';
  /** Stable across refreshes, so that the tree keeps its selection. */
  readonly id: string;
  readonly entry: Entry;
  readonly label: string;
  /** Where the filter's terms occur in the label. */
  readonly highlights: readonly [number, number][];
  readonly description: string;
  readonly tooltip: string;
  readonly icon: string;
  readonly color: string;
}

export interface GroupNode {
  readonly kind: 'group';
  /** Stable across refreshes, so that the tree keeps what the user expanded or collapsed. */
  readonly id: string;
  readonly group: Exclude<GroupKey, 'none'>;
  /** The tag, the file's URI, or the owner ('' for none). */
  readonly key: string;
  readonly label: string;
  /** The count (and, for a file in a multi-root workspace, its folder). */
  readonly description: string;
  readonly tooltip: string;
  /** Tag groups have their tag's icon and colour, owner groups a person; file groups none (the file's own icon). */
  readonly icon?: string;
  readonly color?: string;
  readonly children: readonly AnnotationNode[];
}

export type TreeNode = GroupNode | AnnotationNode;

export interface AnnotationTree {
  readonly roots: readonly TreeNode[];
  /** Annotations in the workspace, and how many the filter lets through. */
  readonly total: number;
  readonly shown: number;
  readonly multiRoot: boolean;
}

/** The server's annotations with their files located and their tags ranked. */
export function toEntries(input: ModelInput): Entry[] {
  const tags = normalizeTags(input.result.tags);
  const located = new Map<string, FileLocation>(); // per file, not per annotation
  return input.result.annotations.map((annotation) => {
    let location = located.get(annotation.uri);
    if (!location) located.set(annotation.uri, (location = locate(input.pathOf(annotation.uri), input.folders, input.pathApi)));
    return { annotation, location, rank: tagRank(annotation.tag, tags) };
  });
}

export function buildTree(entries: readonly Entry[], options: ViewOptions, multiRoot: boolean): AnnotationTree {
  const filter = parseFilter(options.filter);
  const shown = sortEntries(entries.filter((e) => matchesFilter(e, filter)), options.sort);
  const ids = new Set<string>();
  const leaf = (entry: Entry, parent: string): AnnotationNode => {
    const a = entry.annotation;
    const label = annotationLabel(a);
    const appearance = tagAppearance(a.tag);
    const base = `${parent}/${a.uri}#${a.range.start.line}:${a.range.start.character}:${a.tag}`;
    let id = base;
    for (let n = 2; ids.has(id); n++) id = `${base}~${n}`; // the server never repeats one, but ids must be unique
    ids.add(id);
    return {
      kind: 'annotation', id, entry, label,
      highlights: filterHighlights(label, filter),
      description: annotationDescription(entry, options.group, multiRoot),
      tooltip: annotationTooltip(entry, multiRoot),
      icon: appearance.icon, color: appearance.color,
    };
  };
  if (options.group === 'none') {
    return { roots: shown.map((e) => leaf(e, 'flat')), total: entries.length, shown: shown.length, multiRoot };
  }
  const group = options.group;
  const buckets = new Map<string, Entry[]>();
  for (const entry of shown) {
    const key = groupKey(entry, group);
    let bucket = buckets.get(key);
    if (!bucket) buckets.set(key, (bucket = []));
    bucket.push(entry);
  }
  const roots = [...buckets.values()]
    .sort((a, b) => compareGroups(a[0]!, b[0]!, group))
    .map((bucket): GroupNode => {
      const first = bucket[0]!;
      const key = groupKey(first, group);
      const id = `${group}:${key}`;
      return { kind: 'group', id, group, key, ...groupTexts(first, group, bucket.length, multiRoot), children: bucket.map((e) => leaf(e, id)) };
    });
  return { roots, total: entries.length, shown: shown.length, multiRoot };
}

function groupKey(entry: Entry, group: Exclude<GroupKey, 'none'>): string {
  const a = entry.annotation;
  return group === 'tag' ? a.tag : group === 'file' ? a.uri : a.owner ?? '';
}

/** Groups come in a fixed order whatever the sort: tags by severity, files by place, owners by name (none last). */
function compareGroups(a: Entry, b: Entry, group: Exclude<GroupKey, 'none'>): number {
  if (group === 'tag') return a.rank - b.rank || compareStrings(a.annotation.tag, b.annotation.tag);
  if (group === 'file') return compareLocations(a.location, b.location) || compareStrings(a.annotation.uri, b.annotation.uri);
  return compareOwners(a.annotation.owner, b.annotation.owner);
}

function groupTexts(first: Entry, group: Exclude<GroupKey, 'none'>, count: number, multiRoot: boolean): Pick<GroupNode, 'label' | 'description' | 'tooltip' | 'icon' | 'color'> {
  const a = first.annotation;
  const counted = countText(count);
  if (group === 'tag') {
    const appearance = tagAppearance(a.tag);
    return { label: a.tag, description: String(count), tooltip: `${a.tag}: ${counted}`, icon: appearance.icon, color: appearance.color };
  }
  if (group === 'owner') {
    const label = a.owner ?? 'No owner';
    return { label, description: String(count), tooltip: `${label}: ${counted}`, icon: 'person' };
  }
  const location = first.location;
  const folder = multiRoot && location.folderName !== '' ? location.folderName : '';
  return {
    label: location.relative,
    description: folder === '' ? String(count) : `${count} · ${folder}`,
    tooltip: `${location.path}\n${counted}`,
  };
}

export interface ViewTexts {
  /** The view's description (beside its title): the active filter. */
  readonly description: string | undefined;
  /** The message above the tree: what the filter leaves, or why the list is empty. */
  readonly message: string | undefined;
  /** The badge on the view and its container: the annotations shown (none when 0). */
  readonly badge: { readonly value: number; readonly tooltip: string } | undefined;
}

export function viewTexts(tree: AnnotationTree, options: ViewOptions): ViewTexts {
  const filter = options.filter.trim();
  if (filter === '') {
    return { description: undefined, message: undefined, badge: tree.total === 0 ? undefined : { value: tree.total, tooltip: countText(tree.total) } };
  }
  const message = tree.shown === 0
    ? `No annotation matches “${filter}” (${countText(tree.total)} in all).`
    : `${tree.shown} of ${countText(tree.total)} match “${filter}”.`;
  return {
    description: `Filter: ${filter}`,
    message,
    badge: tree.shown === 0 ? undefined : { value: tree.shown, tooltip: `${tree.shown} of ${countText(tree.total)} (filtered)` },
  };
}
