// Unified diffs of whole texts, as `diff -u` prints them (3 lines of context), for the verbs
// that show an edit before they make it (`zolt refactor`). The differing runs of lines come
// from the line diff formatting uses (ide/line-diff.ts); this file only lays them out.

import { lineHunks, splitLines, type Hunk } from '../ide/line-diff';

export function unifiedDiff(oldName: string, newName: string, before: string, after: string, context = 3): string {
  if (before === after) return '';
  const a = splitLines(before);
  const b = splitLines(after);
  const out = [`--- ${oldName}\n`, `+++ ${newName}\n`];
  for (const group of groups(lineHunks(a, b), context)) {
    const first = group[0]!;
    const last = group[group.length - 1]!;
    const oldStart = Math.max(0, first.aStart - context);
    const oldEnd = Math.min(a.length, last.aEnd + context);
    const newStart = first.bStart - (first.aStart - oldStart);
    const newEnd = last.bEnd + (oldEnd - last.aEnd);
    const range = (start: number, count: number) => `${count === 0 ? start : start + 1},${count}`;
    out.push(`@@ -${range(oldStart, oldEnd - oldStart)} +${range(newStart, newEnd - newStart)} @@\n`);
    let at = oldStart;
    for (const hunk of group) {
      for (; at < hunk.aStart; at++) out.push(line(' ', a[at]!));
      for (let k = hunk.aStart; k < hunk.aEnd; k++) out.push(line('-', a[k]!));
      for (let k = hunk.bStart; k < hunk.bEnd; k++) out.push(line('+', b[k]!));
      at = hunk.aEnd;
    }
    for (; at < oldEnd; at++) out.push(line(' ', a[at]!));
  }
  return out.join('');
}

function line(mark: string, text: string): string {
  return text.endsWith('\n') ? `${mark}${text}` : `${mark}${text}\n\\ No newline at end of file\n`;
}

/** Hunks whose context would overlap are printed as one (GNU diff also joins those exactly 2 * context apart). */
function groups(hunks: readonly Hunk[], context: number): Hunk[][] {
  const out: Hunk[][] = [];
  for (const hunk of hunks) {
    const current = out[out.length - 1];
    const previous = current?.[current.length - 1];
    if (previous && hunk.aStart - previous.aEnd < 2 * context) current!.push(hunk);
    else out.push([hunk]);
  }
  return out;
}
