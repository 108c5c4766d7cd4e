// Puts a library's functions (the native runtime, written in Zolt) beside a program's, as one
// IrProgram: the library's functions and globals get a prefix (`rt$`, which no Zolt name can
// contain), its string literals and source locations are numbered after the program's, and
// foreign functions both declare are one. The backend then compiles a single program.

import type { Block, Instr, IrFunction, IrLibrary, IrProgram, Operand, Terminator } from '../../ir';

export const RUNTIME_PREFIX = 'rt$';

export function mergeLibrary(program: IrProgram, library: IrLibrary, prefix = RUNTIME_PREFIX): IrProgram {
  const strings = program.strings.length;
  const locations = program.locations.length;
  const fnName = (name: string) => prefix + name;
  const loc = (l: number) => l + locations;
  const operand = (o: Operand): Operand => {
    switch (o.kind) {
      case 'global':
        return { kind: 'global', name: fnName(o.name) };
      case 'function':
        return { kind: 'function', name: fnName(o.name) };
      case 'string':
        return { kind: 'string', index: o.index + strings };
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
  const fn = (f: IrFunction): IrFunction => ({
    ...f,
    name: fnName(f.name),
    loc: loc(f.loc),
    blocks: f.blocks.map((b): Block => ({ id: b.id, instrs: b.instrs.map(instr), terminator: terminator(b.terminator), locs: b.locs.map(loc) })),
  });
  const foreign = new Map(program.foreign.map((f) => [f.name, f]));
  for (const f of library.foreign) if (!foreign.has(f.name)) foreign.set(f.name, f);
  return {
    ...program,
    functions: [...program.functions, ...library.functions.map(fn)],
    foreign: [...foreign.values()],
    globals: [...program.globals, ...library.globals.map((g) => ({ ...g, name: fnName(g.name) }))],
    strings: [...program.strings, ...library.strings],
    locations: [...program.locations, ...library.locations],
  };
}
