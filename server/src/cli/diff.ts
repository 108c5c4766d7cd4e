// Unified diffs of whole texts, as `diff -u` prints them (3 lines of context), for the verbs
// that show an edit before they make it (`zolt refactor`). Lines are compared after the common
// head and tail are set aside, so a local edit of a large file costs little; the middle is an
// LCS table, which is quadratic in the changed region only.

export function unifiedDiff(oldName: string, newName: string, before: string, after: string, context = 3): string {
  if (before === after) return '';
  const a = splitLines(before);
  const b = splitLines(after);
  const ops = lineOps(a, b);
  const hunks = groupHunks(ops, context);
  const out = [`--- ${oldName}\n`, `+++ ${newName}\n`];
  for (const hunk of hunks) {
    const oldLines = hunk.filter((o) => o.kind !== '+').length;
    const newLines = hunk.filter((o) => o.kind !== '-').length;
    const oldStart = hunk[0]!.oldIndex + (oldLines === 0 ? 0 : 1);
    const newStart = hunk[0]!.newIndex + (newLines === 0 ? 0 : 1);
    out.push(`@@ -${oldStart},${oldLines} +${newStart},${newLines} @@\n`);
    for (const op of hunk) {
      const line = op.text.endsWith('\n') ? op.text : `${op.text}\n\\ No newline at end of file\n`;
      out.push(`${op.kind === '=' ? ' ' : op.kind}${line}`);
    }
  }
  return out.join('');
}

interface Op {
  readonly kind: '=' | '-' | '+';
  readonly text: string;
  /** Lines of the old and the new text before this one. */
  readonly oldIndex: number;
  readonly newIndex: number;
}

function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

function lineOps(a: readonly string[], b: readonly string[]): Op[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  // lcs[i][j]: the longest common subsequence of midA[i..] and midB[j..]
  const lcs = Array.from({ length: midA.length + 1 }, () => new Uint32Array(midB.length + 1));
  for (let i = midA.length - 1; i >= 0; i--) {
    for (let j = midB.length - 1; j >= 0; j--) {
      lcs[i]![j] = midA[i] === midB[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const ops: Op[] = [];
  let oi = 0;
  let ni = 0;
  const push = (kind: Op['kind'], text: string) => {
    ops.push({ kind, text, oldIndex: oi, newIndex: ni });
    if (kind !== '+') oi++;
    if (kind !== '-') ni++;
  };
  for (let k = 0; k < head; k++) push('=', a[k]!);
  let i = 0;
  let j = 0;
  while (i < midA.length || j < midB.length) {
    if (i < midA.length && j < midB.length && midA[i] === midB[j]) { push('=', midA[i]!); i++; j++; }
    else if (i < midA.length && (j === midB.length || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) { push('-', midA[i]!); i++; }
    else { push('+', midB[j]!); j++; }
  }
  for (let k = a.length - tail; k < a.length; k++) push('=', a[k]!);
  return ops;
}

/** Runs of changes with `context` unchanged lines around them; runs closer than that merge. */
function groupHunks(ops: readonly Op[], context: number): Op[][] {
  const changed = ops.flatMap((o, i) => (o.kind === '=' ? [] : [i]));
  const hunks: Op[][] = [];
  let start = -1;
  let end = -1;
  for (const i of changed) {
    if (start >= 0 && i - context <= end + context) {
      end = i;
      continue;
    }
    if (start >= 0) hunks.push(ops.slice(Math.max(0, start - context), Math.min(ops.length, end + context + 1)));
    start = i;
    end = i;
  }
  if (start >= 0) hunks.push(ops.slice(Math.max(0, start - context), Math.min(ops.length, end + context + 1)));
  return hunks;
}
