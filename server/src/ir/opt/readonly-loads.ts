// Loads through read-only parameters (an aggregate argument: the caller's private copy, which
// nothing writes while the function runs) are done once, at the function's entry: a slice or
// string parameter's data, length and stride are then variables.

import type { Instr, IrFunction, IrType, Var } from '../ir';

export function hoistReadonlyLoads(fn: IrFunction): IrFunction {
  const readonly = new Set(fn.readonlyParams ?? []);
  if (readonly.size === 0) return fn;
  const vars = [...fn.vars];
  const hoisted = new Map<string, Var>();
  const entry: Instr[] = [];
  const loaded = (param: Var, offset: number, type: IrType): Var => {
    const key = `${param.id}:${offset}:${type}`;
    let v = hoisted.get(key);
    if (!v) {
      v = { id: vars.length, type, name: `${param.name ?? 'param'}+${offset}` };
      vars.push(v);
      hoisted.set(key, v);
      entry.push({ op: 'load', type, dst: v, addr: { kind: 'var', var: param }, offset });
    }
    return v;
  };
  const blocks = fn.blocks.map((b) => ({
    ...b,
    instrs: b.instrs.map((i): Instr => {
      if (i.op === 'load' && i.addr.kind === 'var' && readonly.has(i.addr.var.id)) {
        return { op: 'copy', dst: i.dst, src: { kind: 'var', var: loaded(i.addr.var, i.offset, i.type) } };
      }
      return i;
    }),
  }));
  if (entry.length === 0) return fn;
  const first = blocks[0]!;
  blocks[0] = { ...first, instrs: [...entry, ...first.instrs], locs: [...entry.map(() => first.locs[0] ?? 0), ...first.locs] };
  return { ...fn, vars, blocks };
}
