// Scalar replacement of stack slots: a slot that is only loaded, stored, copied whole and
// zeroed whole (its address goes nowhere else) becomes one variable per field, so that a
// slice or string local (its data, length and stride) lives in variables instead of memory.
// A whole copy to or from other memory becomes loads or stores of the fields.
//
// The fields are the (offset, type) pairs the function loads and stores. A slot is replaced
// only if they do not overlap, and, when the slot is copied whole, leave no gap at all, so
// that copying the fields copies everything the slot holds (a byte no access names may be a
// field this function never touches by itself).

import type { Block, Instr, IrFunction, IrType, Operand, Slot, Var } from '../ir';
import { bitsOf } from '../ir';
import { operandsOf } from '../verify';

interface Field {
  readonly offset: number;
  readonly type: IrType;
}

export function scalarReplaceSlots(fn: IrFunction): IrFunction {
  const candidates = findCandidates(fn);
  if (candidates.size === 0) return fn;
  const vars = [...fn.vars];
  const fieldVars = new Map<Slot, Map<number, Var>>();
  for (const [slot, fields] of candidates) {
    const byOffset = new Map<number, Var>();
    for (const f of fields) {
      const v: Var = { id: vars.length, type: f.type, name: `${slot.name}+${f.offset}` };
      vars.push(v);
      byOffset.set(f.offset, v);
    }
    fieldVars.set(slot, byOffset);
  }
  const temp = (type: IrType): Var => {
    const v: Var = { id: vars.length, type, name: undefined };
    vars.push(v);
    return v;
  };
  const slotOf = (o: Operand): Slot | undefined => (o.kind === 'slot' && fieldVars.has(o.slot) ? o.slot : undefined);
  const fieldsOf = (slot: Slot) => candidates.get(slot)!;
  const rewrite = (i: Instr, out: Instr[]): void => {
    switch (i.op) {
      case 'load': {
        const slot = slotOf(i.addr);
        if (slot) {
          out.push({ op: 'copy', dst: i.dst, src: v(fieldVars.get(slot)!.get(i.offset)!) });
          return;
        }
        break;
      }
      case 'store': {
        const slot = slotOf(i.addr);
        if (slot) {
          out.push({ op: 'copy', dst: fieldVars.get(slot)!.get(i.offset)!, src: i.value });
          return;
        }
        break;
      }
      case 'memzero': {
        const slot = slotOf(i.dst);
        if (slot) {
          for (const f of fieldsOf(slot)) out.push({ op: 'copy', dst: fieldVars.get(slot)!.get(f.offset)!, src: zero(f.type) });
          return;
        }
        break;
      }
      case 'memcpy': {
        const to = slotOf(i.dst);
        const from = slotOf(i.src);
        if (to && from) {
          for (const f of fieldsOf(to)) out.push({ op: 'copy', dst: fieldVars.get(to)!.get(f.offset)!, src: v(fieldVars.get(from)!.get(f.offset)!) });
          return;
        }
        if (to) {
          for (const f of fieldsOf(to)) out.push({ op: 'load', type: f.type, dst: fieldVars.get(to)!.get(f.offset)!, addr: i.src, offset: f.offset });
          return;
        }
        if (from) {
          for (const f of fieldsOf(from)) {
            const value = temp(f.type);
            out.push({ op: 'copy', dst: value, src: v(fieldVars.get(from)!.get(f.offset)!) });
            out.push({ op: 'store', type: f.type, addr: i.dst, offset: f.offset, value: v(value) });
          }
          return;
        }
        break;
      }
      default:
        break;
    }
    out.push(i);
  };
  const blocks: Block[] = fn.blocks.map((b) => {
    const instrs: Instr[] = [];
    const locs: number[] = [];
    if (b.id === 0) {
      // Every field starts as zero, so that it has a value on every path (as memory would).
      for (const [slot, byOffset] of fieldVars) {
        for (const f of fieldsOf(slot)) {
          instrs.push({ op: 'copy', dst: byOffset.get(f.offset)!, src: zero(f.type) });
          locs.push(b.locs[0] ?? 0);
        }
      }
    }
    b.instrs.forEach((i, index) => {
      const before = instrs.length;
      rewrite(i, instrs);
      for (let k = before; k < instrs.length; k++) locs.push(b.locs[index] ?? 0);
    });
    locs.push(b.locs[b.instrs.length] ?? 0);
    return { id: b.id, instrs, terminator: b.terminator, locs };
  });
  return { ...fn, vars, slots: fn.slots.filter((s) => !fieldVars.has(s)), blocks };
}

/** The slots that can be replaced, with their fields in offset order. */
function findCandidates(fn: IrFunction): Map<Slot, Field[]> {
  const fields = new Map<Slot, Map<string, Field>>();
  const escaped = new Set<Slot>();
  const whole = new Map<Slot, Slot[]>(); // copies between two slots: both or neither
  const copied = new Set<Slot>();
  const use = (o: Operand) => {
    if (o.kind === 'slot') escaped.add(o.slot);
  };
  const access = (o: Operand, offset: number, type: IrType) => {
    if (o.kind !== 'slot') return;
    let map = fields.get(o.slot);
    if (!map) fields.set(o.slot, (map = new Map()));
    map.set(`${offset}:${type}`, { offset, type });
  };
  for (const b of fn.blocks) {
    for (const i of b.instrs) {
      switch (i.op) {
        case 'load':
          access(i.addr, i.offset, i.type);
          break;
        case 'store':
          access(i.addr, i.offset, i.type);
          use(i.value);
          break;
        case 'memcpy':
          if (i.dst.kind === 'slot') copied.add(i.dst.slot);
          if (i.src.kind === 'slot') copied.add(i.src.slot);
          if (i.dst.kind === 'slot' && i.dst.slot.size !== i.size) escaped.add(i.dst.slot);
          if (i.src.kind === 'slot' && i.src.slot.size !== i.size) escaped.add(i.src.slot);
          if (i.dst.kind === 'slot' && i.src.kind === 'slot') {
            whole.set(i.dst.slot, [...(whole.get(i.dst.slot) ?? []), i.src.slot]);
            whole.set(i.src.slot, [...(whole.get(i.src.slot) ?? []), i.dst.slot]);
          }
          break;
        case 'memzero':
          if (i.dst.kind === 'slot' && !(i.size.kind === 'int' && Number(i.size.value) === i.dst.slot.size)) escaped.add(i.dst.slot);
          break;
        default:
          for (const o of operandsOf(i)) use(o);
      }
    }
    const t = b.terminator;
    if (t.op === 'br') use(t.cond);
    if (t.op === 'ret' && t.value) use(t.value);
    if (t.op === 'trap') t.args.forEach(use);
  }
  const result = new Map<Slot, Field[]>();
  for (const slot of fn.slots) {
    if (escaped.has(slot)) continue;
    const list = [...(fields.get(slot)?.values() ?? [])].sort((a, b) => a.offset - b.offset);
    if (slot.size > 0 && !tiles(list, slot.size, copied.has(slot))) continue;
    result.set(slot, list);
  }
  // A copy between two slots needs both replaced, with the same fields.
  for (let changed = true; changed; ) {
    changed = false;
    for (const [slot, others] of whole) {
      if (!result.has(slot)) continue;
      if (others.some((o) => !result.has(o) || !sameFields(result.get(o)!, result.get(slot)!))) {
        result.delete(slot);
        changed = true;
      }
    }
  }
  return result;
}

/** The fields cover [0, size) but for alignment padding, without overlapping. */
/**
 * Whether the fields can stand for the slot: they never overlap, and when the slot is copied
 * whole (to or from other memory) they cover every byte of it. A gap is not known to be padding:
 * a struct field that this function never reads or writes by itself (`f1` of `var r = a;
 * r.f0 = x; return r;`) lies there, and the copy must carry it.
 */
function tiles(fields: readonly Field[], size: number, copied: boolean): boolean {
  let end = 0;
  for (const f of fields) {
    const width = bitsOf(f.type) / 8;
    if (f.offset < end) return false; // overlap (or the same offset with two types)
    if (copied && f.offset !== end) return false;
    end = f.offset + width;
  }
  return end > 0 && (!copied || end === size);
}

function sameFields(a: readonly Field[], b: readonly Field[]): boolean {
  return a.length === b.length && a.every((f, i) => f.offset === b[i]!.offset && f.type === b[i]!.type);
}

function v(variable: Var): Operand {
  return { kind: 'var', var: variable };
}

function zero(type: IrType): Operand {
  return type === 'f32' || type === 'f64' ? { kind: 'float', type, value: 0 } : { kind: 'int', type, value: 0n };
}
