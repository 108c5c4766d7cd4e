// The words the Annotations panel shows for an annotation: its label (the text), a description
// with what the grouping does not already say (tag, owner, priority, file, line), and a tooltip
// with everything. The head reads like the comment: `TODO(ana, p1)`.

import type { WireAnnotation } from '../protocol';
import type { Entry } from './entry';
import type { FileLocation } from './location';
import type { GroupKey } from './view-options';

/** `TAG(owner, pN)`, leaving out the tag or the owner when the group already shows it. */
export function annotationHead(a: WireAnnotation, omit: { tag?: boolean; owner?: boolean } = {}): string {
  const inside = [omit.owner ? undefined : a.owner, a.priority === undefined ? undefined : `p${a.priority}`].filter((part) => part !== undefined);
  if (omit.tag) return inside.join(', ');
  return inside.length > 0 ? `${a.tag}(${inside.join(', ')})` : a.tag;
}

export function annotationLabel(a: WireAnnotation): string {
  return a.text === '' ? '(no text)' : a.text;
}

/** `path:line`, with the folder before it in a multi-root workspace (lines are 1-based). */
export function placeText(location: FileLocation, line: number, multiRoot: boolean): string {
  const file = multiRoot && location.folderName !== '' ? `${location.folderName} › ${location.relative}` : location.relative;
  return `${file}:${line + 1}`;
}

export function annotationDescription(entry: Entry, group: GroupKey, multiRoot: boolean): string {
  const a = entry.annotation;
  const head = annotationHead(a, { tag: group === 'tag', owner: group === 'owner' });
  const line = a.range.start.line;
  const where = group === 'file' ? `line ${line + 1}` : placeText(entry.location, line, multiRoot);
  return [head, where].filter((part) => part !== '').join(' · ');
}

export function annotationTooltip(entry: Entry, multiRoot: boolean): string {
  const a = entry.annotation;
  const start = a.range.start;
  return `${annotationHead(a)}: ${a.text}\n${placeText(entry.location, start.line, multiRoot)}:${start.character + 1}`;
}

export function countText(count: number, noun = 'annotation'): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
