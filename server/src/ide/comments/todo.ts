// "Turn into TODO", pure: `// old text` becomes `// TODO(verify): old text`, so that the
// Annotations panel and `zolt get` list it (TODO is a tag) and the comment, its text changed,
// is no longer stale. Only the first line of a multi-line comment is tagged: an annotation is
// one line, and the other lines stay as they were.

import type { TextEdit } from '../actions';

export const TODO_PREFIX = 'TODO(verify): ';

/** The edit that tags the comment starting at `start` (its opener `//`, `///` or `/*`). */
export function todoEdit(text: string, start: number): TextEdit {
  let i = start;
  if (text.startsWith('/*', i)) {
    i += 2;
    while (text[i] === '*' && text[i + 1] !== '/') i++;
  } else {
    while (text[i] === '/') i++;
  }
  if (text[i] !== ' ' && text[i] !== '\t') return { start: i, end: i, text: ` ${TODO_PREFIX}` };
  while (text[i] === ' ' || text[i] === '\t') i++;
  return { start: i, end: i, text: TODO_PREFIX };
}
