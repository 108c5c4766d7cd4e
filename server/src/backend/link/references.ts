// What a machine function refers to by name: the functions it calls or takes the address of,
// and the pool constants it loads. The linker follows the first to compile only the runtime
// functions a program reaches, and a cached function's constants go back into the pool from
// the second.

import type { Loc, Mem, MFunction, MInst } from '../mir/mir';

export interface References {
  readonly functions: ReadonlySet<string>;
  readonly constants: ReadonlySet<string>;
}

export function referencesOf(mf: MFunction): References {
  const functions = new Set<string>();
  const constants = new Set<string>();
  const mem = (m: Mem | undefined) => {
    if (m?.kind !== 'rip') return;
    if (m.target.kind === 'function') functions.add(m.target.name);
    else if (m.target.kind === 'const') constants.add(m.target.key);
  };
  const loc = (l: Loc) => {
    if (l.kind === 'const') constants.add(l.key);
  };
  for (const block of mf.blocks) {
    for (const inst of block.insts) {
      if (inst.op === 'call' && inst.target.kind === 'function') functions.add(inst.target.name);
      else if (inst.op === 'move') loc(inst.from), loc(inst.to);
      else mem(memOf(inst));
    }
  }
  return { functions, constants };
}

function memOf(inst: MInst): Mem | undefined {
  return 'mem' in inst ? inst.mem : undefined;
}
