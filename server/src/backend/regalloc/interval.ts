// Live intervals: where a register's value is live, as sorted half-open ranges of positions
// (liveness.ts), with the positions where an instruction reads or writes it (each needs the
// value in a register). Splitting an interval at a position gives a child that continues
// from there in a register or a stack slot of its own; the allocator assigns each part.

export class Interval {
  /** Ranges as [from0, to0, from1, to1, ...], sorted, disjoint, not adjacent. */
  ranges: number[] = [];
  /** Positions of uses and definitions, sorted. */
  uses: number[] = [];
  /** The physical register given, or -1 (spilled, or not yet allocated). */
  assigned = -1;
  /** The register this interval would like (a copy's other side, a fixed argument register). */
  hint: Interval | number | undefined;
  /** The parts split off this one, in order (on the first interval of a register only). */
  readonly children: Interval[] = [];
  /** Whether this part lives in the register's spill slot instead of a register. */
  spilled = false;

  constructor(
    /** The register (virtual, or physical for a fixed interval). */
    readonly reg: number,
    readonly fixed: boolean,
    readonly parent: Interval | undefined = undefined,
  ) {}

  get start(): number {
    return this.ranges[0]!;
  }

  get end(): number {
    return this.ranges[this.ranges.length - 1]!;
  }

  get empty(): boolean {
    return this.ranges.length === 0;
  }

  /** Adds [from, to), building backwards: the new range lies before or overlaps the first. */
  addRange(from: number, to: number): void {
    const r = this.ranges;
    if (r.length > 0 && to >= r[0]!) {
      r[0] = Math.min(r[0]!, from);
      // Merging may now reach further back ranges? No: ranges are built from the end, so the
      // first range is the earliest; extend its end if the new one reaches past it.
      if (to > r[1]!) {
        r[1] = to;
        // Swallow following ranges the extension now covers.
        while (r.length > 2 && r[2]! <= r[1]!) {
          r[1] = Math.max(r[1]!, r[3]!);
          r.splice(2, 2);
        }
      }
      return;
    }
    r.unshift(from, to);
  }

  /** A definition at `pos`: the value starts there (the live range up to here was a hole). */
  setFrom(pos: number): void {
    if (this.ranges.length === 0) this.ranges.push(pos, pos + 1);
    else if (this.ranges[0]! <= pos && pos < this.ranges[1]!) this.ranges[0] = pos;
    else this.ranges.unshift(pos, pos + 1);
  }

  addUse(pos: number): void {
    const u = this.uses;
    if (u.length > 0 && u[0] === pos) return;
    u.unshift(pos); // built backwards
  }

  covers(pos: number): boolean {
    const r = this.ranges;
    for (let k = 0; k < r.length; k += 2) {
      if (pos < r[k]!) return false;
      if (pos < r[k + 1]!) return true;
    }
    return false;
  }

  /** The first position at or after `from` covered by both intervals, or -1. */
  nextIntersection(other: Interval, from = 0): number {
    const a = this.ranges;
    const b = other.ranges;
    let i = 0;
    let j = 0;
    while (i < a.length && j < b.length) {
      const lo = Math.max(a[i]!, b[j]!, from);
      const hi = Math.min(a[i + 1]!, b[j + 1]!);
      if (lo < hi) return lo;
      if (a[i + 1]! < b[j + 1]!) i += 2;
      else j += 2;
    }
    return -1;
  }

  /** The first use at or after `pos`, or Infinity. */
  nextUse(pos: number): number {
    for (const u of this.uses) if (u >= pos) return u;
    return Infinity;
  }

  /** The last use before `pos`, or -1. */
  lastUseBefore(pos: number): number {
    let last = -1;
    for (const u of this.uses) {
      if (u >= pos) break;
      last = u;
    }
    return last;
  }

  /** Splits at `pos` (start < pos < end): this keeps what is before, the result what follows. */
  split(pos: number): Interval {
    const root = this.parent ?? this;
    const child = new Interval(this.reg, false, root);
    const r = this.ranges;
    const keep: number[] = [];
    const give: number[] = [];
    for (let k = 0; k < r.length; k += 2) {
      const from = r[k]!;
      const to = r[k + 1]!;
      if (to <= pos) keep.push(from, to);
      else if (from >= pos) give.push(from, to);
      else keep.push(from, pos), give.push(pos, to);
    }
    this.ranges = keep;
    child.ranges = give;
    child.uses = this.uses.filter((u) => u >= pos);
    this.uses = this.uses.filter((u) => u < pos);
    child.hint = this;
    root.children.push(child);
    root.children.sort((a, b) => a.start - b.start);
    return child;
  }
}
