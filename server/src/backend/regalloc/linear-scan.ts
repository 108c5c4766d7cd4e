// Linear scan register allocation with interval splitting, after Wimmer and Mössenböck,
// "Optimized Interval Splitting in a Linear Scan Register Allocator" (VEE 2005), the allocator
// of HotSpot's client compiler and the model of many since.
//
// Intervals are taken in order of their start. For each, `tryAllocateFree` looks for a
// register free for all of it (preferring its hint), or free for a first part (the interval is
// split where the register stops being free); failing that, `allocateBlocked` takes the
// register whose other occupants are next used furthest away and splits them (the parts up to
// their next use live in their spill slot), or, when every register is needed sooner than this
// interval's first use, spills this interval up to that use. Fixed intervals (physical
// registers at calls, divisions, arguments) are never moved: a value live across a call ends up
// in a callee-saved register or its spill slot because the caller-saved ones are blocked there.
//
// Every position where an instruction reads or writes a register is inside a part that has a
// register: spilled parts cover only stretches without uses, and resolve.ts moves values
// between the parts.

import { Interval } from './interval';

export interface RegisterFile {
  /** The allocatable registers of each class, in order of preference. */
  readonly registers: readonly number[];
}

export class LinearScan {
  private readonly unhandled: Interval[];
  private active: Interval[] = [];
  private inactive: Interval[] = [];
  /** Spill slots needed, by virtual register. */
  readonly spilledRegs = new Set<number>();

  constructor(
    intervals: readonly Interval[],
    private readonly fixed: readonly Interval[],
    private readonly file: (reg: number) => RegisterFile,
    private readonly blockStarts: ReadonlySet<number>,
  ) {
    this.unhandled = intervals.filter((i) => !i.empty).sort((a, b) => b.start - a.start);
  }

  run(): void {
    this.inactive = this.fixed.filter((f) => !f.empty);
    // Each step allocates, spills or splits an interval; a bug that undoes its own work
    // becomes an error naming the interval instead of a hang.
    let steps = 0;
    for (let current = this.unhandled.pop(); current; current = this.unhandled.pop()) {
      if (++steps > 1000000) throw new Error(`linear scan does not terminate at %${current.reg} ${current.start}`);
      const pos = current.start;
      this.active = this.active.filter((it) => {
        if (it.end <= pos) return false;
        if (!it.covers(pos)) {
          this.inactive.push(it);
          return false;
        }
        return true;
      });
      this.inactive = this.inactive.filter((it) => {
        if (it.end <= pos) return false;
        if (it.covers(pos)) {
          this.active.push(it);
          return false;
        }
        return true;
      });
      if (current.spilled) continue;
      if (!this.tryAllocateFree(current)) this.allocateBlocked(current);
      if (current.assigned >= 0) this.active.push(current);
    }
  }

  /** Adds a split-off part to the intervals still to allocate, in start order. */
  private schedule(it: Interval): void {
    let k = this.unhandled.length;
    while (k > 0 && this.unhandled[k - 1]!.start < it.start) k--;
    this.unhandled.splice(k, 0, it);
  }

  private tryAllocateFree(current: Interval): boolean {
    const regs = this.file(current.reg).registers;
    const freeUntil = new Map<number, number>(regs.map((r) => [r, Infinity]));
    for (const it of this.active) if (freeUntil.has(it.assigned)) freeUntil.set(it.assigned, 0);
    for (const it of this.inactive) {
      if (!freeUntil.has(it.assigned)) continue;
      const at = it.nextIntersection(current, current.start);
      if (at >= 0 && at < freeUntil.get(it.assigned)!) freeUntil.set(it.assigned, at);
    }
    let best = -1;
    let bestUntil = -1;
    const hint = hintRegister(current);
    if (hint !== undefined && (freeUntil.get(hint) ?? -1) >= current.end) {
      best = hint;
      bestUntil = freeUntil.get(hint)!;
    } else {
      for (const r of regs) {
        const until = freeUntil.get(r)!;
        if (until > bestUntil) {
          best = r;
          bestUntil = until;
        }
      }
    }
    if (bestUntil <= current.start) return false;
    if (bestUntil >= current.end) {
      current.assigned = best;
      return true;
    }
    // Free for a first part only: split before the register is needed elsewhere.
    const splitAt = this.splitPosition(current, bestUntil);
    if (splitAt <= current.start) return false;
    const rest = current.split(splitAt);
    current.assigned = best;
    this.schedule(rest);
    return true;
  }

  private allocateBlocked(current: Interval): void {
    const regs = this.file(current.reg).registers;
    const useAt = new Map<number, number>(regs.map((r) => [r, Infinity]));
    const blockedAt = new Map<number, number>(regs.map((r) => [r, Infinity]));
    const from = current.start & ~1; // uses at the same instruction count
    for (const it of this.active) {
      if (!useAt.has(it.assigned)) continue;
      if (it.fixed) {
        useAt.set(it.assigned, 0);
        blockedAt.set(it.assigned, 0);
      } else {
        useAt.set(it.assigned, Math.min(useAt.get(it.assigned)!, it.nextUse(from)));
      }
    }
    for (const it of this.inactive) {
      if (!useAt.has(it.assigned)) continue;
      const at = it.nextIntersection(current, current.start);
      if (at < 0) continue;
      if (it.fixed) {
        blockedAt.set(it.assigned, Math.min(blockedAt.get(it.assigned)!, at));
        useAt.set(it.assigned, Math.min(useAt.get(it.assigned)!, at));
      } else {
        useAt.set(it.assigned, Math.min(useAt.get(it.assigned)!, it.nextUse(from)));
      }
    }
    let best = regs[0]!;
    for (const r of regs) if (useAt.get(r)! > useAt.get(best)!) best = r;
    const firstUse = current.nextUse(current.start);
    if (firstUse === Infinity || useAt.get(best)! < firstUse) {
      // Every register is wanted before this interval needs one (or it never needs one: two
      // such intervals would otherwise evict each other forever): it waits in its slot.
      this.spill(current, current.start);
      return;
    }
    if (blockedAt.get(best)! <= current.start) throw new Error(`no register for %${current.reg} at ${current.start}`);
    current.assigned = best;
    if (blockedAt.get(best)! < current.end) {
      const splitAt = this.splitPosition(current, blockedAt.get(best)!);
      if (splitAt <= current.start) throw new Error(`cannot split %${current.reg} before ${blockedAt.get(best)}`);
      this.schedule(current.split(splitAt));
    }
    // The register's other occupants give it up from here.
    const evict = (it: Interval) => !it.fixed && it.assigned === best && it !== current;
    for (const it of this.active.filter(evict)) {
      this.active.splice(this.active.indexOf(it), 1);
      this.evict(it, current.start);
    }
    for (const it of this.inactive.filter(evict)) {
      const at = it.nextIntersection(current, current.start);
      if (at < 0) continue;
      this.inactive.splice(this.inactive.indexOf(it), 1);
      this.evict(it, at);
      // What it keeps before `at` may still lie ahead (between here and there, in current's
      // hole): it holds the register there, and later intervals must see that.
      if (it.assigned >= 0 && !it.spilled && it.end > current.start) this.inactive.push(it);
    }
  }

  /** An interval gives up its register at `pos`: the rest waits in the spill slot. */
  private evict(it: Interval, pos: number): void {
    const at = pos & ~1;
    if (at <= it.start) {
      // It has not started yet (a hole): the whole of it is allocated again later.
      it.assigned = -1;
      this.schedule(it);
      return;
    }
    const rest = it.split(at);
    if (rest.nextUse(rest.start) === rest.start) {
      // The rest begins with a use (a definition after a hole): it needs a register there, so
      // it is allocated again like any interval that has not started.
      this.schedule(rest);
      return;
    }
    this.spill(rest, at);
  }

  /** `it` lives in its spill slot from `pos` until before its next use. */
  private spill(it: Interval, pos: number): void {
    this.spilledRegs.add(it.reg);
    const next = it.nextUse(pos);
    if (next === Infinity) {
      it.spilled = true;
      it.assigned = -1;
      return;
    }
    const reloadAt = this.splitPosition(it, next, true);
    if (reloadAt <= it.start) {
      // Used at its very start: it must have a register (a fixed use made this impossible).
      throw new Error(`%${it.reg} needs a register at ${it.start}`);
    }
    const rest = it.split(reloadAt);
    it.spilled = true;
    it.assigned = -1;
    this.schedule(rest);
  }

  /**
   * Where to split `it` so that the first part ends by `limit`: the gap before the instruction
   * at `limit` (a block boundary if one lies between the last use and there, which lets the
   * move sit on an edge instead of in a loop body's path).
   */
  private splitPosition(it: Interval, limit: number, reload = false): number {
    const gap = limit & ~1;
    const lastUse = it.lastUseBefore(gap);
    const lower = Math.max(it.start + 1, lastUse + 1);
    if (!reload) {
      for (let p = gap; p >= lower; p -= 2) if (this.blockStarts.has(p)) return p;
    }
    return gap;
  }
}

function hintRegister(it: Interval): number | undefined {
  const h = it.hint;
  if (h === undefined) return undefined;
  if (typeof h === 'number') return h;
  return h.assigned >= 0 ? h.assigned : undefined;
}
