// The call graph of a lowered program (server/src/ir): a node per function, an edge per caller
// and callee (however many calls there are: the count is the edge's label when it is more than
// one). It is read off the IR rather than the source so that what it shows is what runs: generic
// instances are separate functions, and the standard library's functions the program calls
// appear (grey, without their own calls). Calls through a function value go to one
// "(indirect)" node, foreign (C) functions to a node per function; a function used as a value
// (passed, stored, returned: what an indirect call may reach) has a dotted `value` edge from
// where it is used. The compiler's `__init` is shown only when it calls something (a global's
// initialiser does).

import type { IrFunction, IrProgram, Operand } from '../../ir';
import { operandsOf } from '../../ir/verify';
import { FONTS, type DotEdge, type DotGraph, type DotNode } from './dot';
import { irPlace, type IrPlaces } from './locate';

/** What a function calls: callee node ids, in the order of their first call, with how many calls. */
function callees(fn: IrFunction): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (id: string) => counts.set(id, (counts.get(id) ?? 0) + 1);
  for (const block of fn.blocks) {
    for (const instr of block.instrs) {
      if (instr.op === 'call') add(instr.fn);
      else if (instr.op === 'callforeign') add(foreignId(instr.fn));
      else if (instr.op === 'callind') add(INDIRECT);
    }
  }
  return counts;
}

/** The functions a function uses as values (`@f` operands: passed, stored, returned), which it may call indirectly. */
function valuesUsed(fn: IrFunction): Set<string> {
  const used = new Set<string>();
  const see = (o: Operand | undefined) => {
    if (o?.kind === 'function') used.add(o.name);
  };
  for (const block of fn.blocks) {
    for (const instr of block.instrs) operandsOf(instr).forEach(see);
    if (block.terminator.op === 'ret') see(block.terminator.value);
  }
  return used;
}

const INDIRECT = '(indirect)';
const foreignId = (name: string): string => `foreign ${name}`;

export interface CallGraphInput {
  readonly program: Pick<IrProgram, 'functions' | 'foreign'>;
  /** The functions whose calls are drawn (the program's own); other callees are drawn without theirs. */
  readonly own: (fn: IrFunction) => boolean;
  /** Only what these functions reach (by name), when given. */
  readonly from?: readonly string[];
  /** The compiler's initialisation function, drawn only when it calls something. */
  readonly init?: string;
}

/** The functions whose calls are drawn: the program's own, or those reachable from `from`. */
function drawn(input: CallGraphInput, byName: ReadonlyMap<string, IrFunction>): IrFunction[] {
  const own = input.program.functions.filter((fn) => input.own(fn) && !(fn.name === input.init && callees(fn).size === 0));
  if (!input.from) return own;
  const seen = new Set<string>();
  const queue = [...input.from];
  for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
    const fn = byName.get(name);
    if (seen.has(name) || !fn || !input.own(fn)) continue;
    seen.add(name);
    queue.push(...callees(fn).keys(), ...valuesUsed(fn));
  }
  return own.filter((fn) => seen.has(fn.name));
}

export function callGraph(input: CallGraphInput, places: IrPlaces): DotGraph {
  const byName = new Map(input.program.functions.map((fn) => [fn.name, fn]));
  const callers = drawn(input, byName);
  const nodes = new Map<string, DotNode>();
  const node = (id: string): void => {
    if (nodes.has(id)) return;
    const fn = byName.get(id);
    const place = fn ? irPlace(places, fn.loc) : undefined;
    const foreign = input.program.foreign.find((f) => foreignId(f.name) === id);
    const label = foreign ? `${foreign.name} (foreign "${foreign.library}")` : id;
    const other = !fn || !input.own(fn);
    nodes.set(id, {
      id,
      label: { text: label },
      ...(place === undefined ? {} : { location: place }),
      ...(other ? { attrs: { style: 'rounded,dashed', color: 'gray40', fontcolor: 'gray30' } } : {}),
    });
  };
  const edges: DotEdge[] = [];
  for (const fn of callers) {
    node(fn.name);
    for (const [callee, count] of callees(fn)) {
      node(callee);
      edges.push({ from: fn.name, to: callee, ...(count > 1 ? { label: `${count}` } : {}), ...(callee === INDIRECT ? { attrs: { style: 'dashed' } } : {}) });
    }
    for (const value of valuesUsed(fn)) {
      node(value);
      edges.push({ from: fn.name, to: value, label: 'value', attrs: { style: 'dotted' } });
    }
  }
  return {
    name: 'calls',
    attrs: { rankdir: 'LR' },
    nodeAttrs: { shape: 'box', style: 'rounded', fontname: FONTS.text, fontsize: '11' },
    edgeAttrs: { fontname: FONTS.text, fontsize: '9' },
    nodes: [...nodes.values()],
    edges,
  };
}
