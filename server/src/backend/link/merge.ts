// Puts a library's functions (the native runtime, written in Zolt) beside a program's, as one
// IrProgram: the library's functions and globals get a prefix (`rt$`, which no Zolt name can
// contain), and foreign functions both declare are one. The library's string literals and
// source locations come first and keep their numbers; the program's are numbered after them.
// So a library function is the same IR in every merged program, and its machine code can be
// made once per process (link/program.ts, MachineCache). The backend then compiles a single
// program.

import type { Block, Instr, IrFunction, IrLibrary, IrProgram, Operand, Terminator } from '../../ir';

export const RUNTIME_PREFIX = 'rt$';

export function mergeLibrary(program: IrProgram, library: IrLibrary, prefix = RUNTIME_PREFIX): IrProgram {
  const fromProgram = renumber({ name: (n) => n, strings: library.strings.length, locations: library.locations.length });
  const foreign = new Map(program.foreign.map((f) => [f.name, f]));
  for (const f of library.foreign) if (!foreign.has(f.name)) foreign.set(f.name, f);
  return {
    ...program,
    functions: [...program.functions.map(fromProgram), ...prefixed(library, prefix)],
    foreign: [...foreign.values()],
    globals: [...program.globals, ...library.globals.map((g) => ({ ...g, name: prefix + g.name }))],
    strings: [...library.strings, ...program.strings],
    locations: [...library.locations, ...program.locations],
  };
}

/** The library's functions under their prefixed names: the same for every program, made once. */
const prefixedFunctions = new WeakMap<IrLibrary, { readonly prefix: string; readonly functions: readonly IrFunction[] }>();

function prefixed(library: IrLibrary, prefix: string): readonly IrFunction[] {
  const known = prefixedFunctions.get(library);
  if (known?.prefix === prefix) return known.functions;
  const functions = library.functions.map(renumber({ name: (n) => prefix + n, strings: 0, locations: 0 }));
  prefixedFunctions.set(library, { prefix, functions });
  return functions;
}

interface Renumbering {
  /** A function's or global's new name. */
  readonly name: (name: string) => string;
  /** What string and location indices move by. */
  readonly strings: number;
  readonly locations: number;
}

function renumber(by: Renumbering): (f: IrFunction) => IrFunction {
  const fnName = by.name;
  const loc = (l: number) => (l < 0 ? l : l + by.locations);
  const operand = (o: Operand): Operand => {
    switch (o.kind) {
      case 'global':
        return { kind: 'global', name: fnName(o.name) };
      case 'function':
        return { kind: 'function', name: fnName(o.name) };
      case 'string':
        return { kind: 'string', index: o.index + by.strings };
      default:
        return o;
    }
  };
  const instr = (i: Instr): Instr => {
    switch (i.op) {
      case 'copy':
        return { ...i, src: operand(i.src) };
      case 'binary':
      case 'cmp':
        return { ...i, a: operand(i.a), b: operand(i.b) };
      case 'neg':
      case 'not':
      case 'fneg':
      case 'conv':
        return { ...i, a: operand(i.a) };
      case 'ptradd':
        return { ...i, base: operand(i.base), offset: operand(i.offset) };
      case 'load':
        return { ...i, addr: operand(i.addr) };
      case 'store':
        return { ...i, addr: operand(i.addr), value: operand(i.value) };
      case 'memcpy':
        return { ...i, dst: operand(i.dst), src: operand(i.src) };
      case 'memzero':
        return { ...i, dst: operand(i.dst), size: operand(i.size) };
      case 'call':
        return { ...i, fn: fnName(i.fn), args: i.args.map(operand), loc: loc(i.loc) };
      case 'callind':
        return { ...i, callee: operand(i.callee), args: i.args.map(operand), loc: loc(i.loc) };
      case 'callforeign':
      case 'rt':
        return { ...i, args: i.args.map(operand), loc: loc(i.loc) };
      case 'check':
        return { ...i, args: i.args.map(operand), loc: loc(i.loc) };
    }
  };
  const terminator = (t: Terminator): Terminator => {
    switch (t.op) {
      case 'br':
        return { ...t, cond: operand(t.cond) };
      case 'ret':
        return { op: 'ret', value: t.value && operand(t.value) };
      case 'trap':
        return { ...t, args: t.args.map(operand), loc: loc(t.loc) };
      default:
        return t;
    }
  };
  return (f: IrFunction): IrFunction => ({
    ...f,
    name: fnName(f.name),
    loc: loc(f.loc),
    blocks: f.blocks.map((b): Block => ({ id: b.id, instrs: b.instrs.map(instr), terminator: terminator(b.terminator), locs: b.locs.map(loc) })),
  });
}
