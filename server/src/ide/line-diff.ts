// Line diffs, shared by formatting (the edits that turn a file into its formatted text) and
// `zolt refactor`'s unified diffs: Myers' O(ND) diff over lines, after the common leading and
// trailing lines are set aside (most changes are few and local).

/** Above this many differing lines the line diff gives way to one replacement. */
const MAX_DIFF_DISTANCE = 4000;

/** Lines with their line ends (the last line may have none). */
export function splitLines(text: string): string[] {
  const lines = text.split(/(?<=\n)/);
  return lines.length === 1 && lines[0] === '' ? [] : lines;
}

export interface Hunk {
  aStart: number;
  aEnd: number;
  bStart: number;
  bEnd: number;
}

/**
 * Myers' O(ND) diff of two line arrays: the runs of lines that differ, in order. Undefined
 * when the distance exceeds MAX_DIFF_DISTANCE (the caller then replaces everything).
 */
export function diffLines(a: readonly string[], b: readonly string[]): Hunk[] | undefined {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  if (max === 0) return [];
  const offset = max + 1;
  let v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= Math.min(max, MAX_DIFF_DISTANCE); d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    const next = v;
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      next[offset + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
    v = next;
    if (found >= 0) break;
  }
  if (found < 0) return undefined;

  // Walk back through the trace, collecting the edit script as (x, y) moves.
  const ops: ('keep' | 'delete' | 'insert')[] = [];
  let x = n;
  let y = m;
  for (let d = found; d > 0; d--) {
    const saved = trace[d]!; // v before step d, for k in [-d-1, d+1]
    const at = (k: number) => saved[k + d + 1]!;
    const k = x - y;
    const previousK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const previousX = at(previousK);
    const previousY = previousX - previousK;
    while (x > previousX && y > previousY) {
      ops.push('keep');
      x--;
      y--;
    }
    if (x === previousX) {
      ops.push('insert');
      y--;
    } else {
      ops.push('delete');
      x--;
    }
  }
  while (x > 0 && y > 0) {
    ops.push('keep');
    x--;
    y--;
  }
  ops.reverse();

  const hunks: Hunk[] = [];
  let i = 0;
  let j = 0;
  let current: Hunk | undefined;
  for (const op of ops) {
    if (op === 'keep') {
      if (current) hunks.push(current);
      current = undefined;
      i++;
      j++;
      continue;
    }
    current ??= { aStart: i, aEnd: i, bStart: j, bEnd: j };
    if (op === 'delete') current.aEnd = ++i;
    else current.bEnd = ++j;
  }
  if (current) hunks.push(current);
  return hunks;
}

/** The runs of lines that differ between `a` and `b`, in order (indices into both). */
export function lineHunks(a: readonly string[], b: readonly string[]): Hunk[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const aMid = a.slice(head, a.length - tail);
  const bMid = b.slice(head, b.length - tail);
  const hunks = diffLines(aMid, bMid) ?? [{ aStart: 0, aEnd: aMid.length, bStart: 0, bEnd: bMid.length }];
  return hunks.map((h) => ({ aStart: h.aStart + head, aEnd: h.aEnd + head, bStart: h.bStart + head, bEnd: h.bEnd + head }));
}
