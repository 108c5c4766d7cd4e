// The program an input runs: the synthesized file elaborated (every function, so that each
// keeps its place in the session's function table) and lowered, with the storage of each
// global (an initialiser runs only where the storage is new: see evaluator.ts), a stable id
// for each function, and its source locations moved to where the user wrote the code.

import { lowerProgram, type IrProgram, type Location } from '../../ir';
import { typeToString, type Type, type Workspace } from '../../semantics';
import { elaborate, type ElabGlobal, type ElabProgram } from '../../semantics/elaborate';
import type { GlobalStorage } from '../../vm/session';
import type { Chunk } from './declarations';
import type { SourceMap } from './source';
import { storageKey } from './types';

export interface ProgramSource {
  readonly workspace: Workspace;
  /** The synthesized file, open in the workspace as `map` built it. */
  readonly file: string;
  readonly map: SourceMap;
  readonly chunks: readonly Chunk[];
  /** The globals the input's variables are, by their names of the REPL's own. */
  readonly variables: ReadonlyMap<string, { readonly name: string; readonly storage: string }>;
  /** What each storage of the session holds now (storageKey). */
  readonly committed: ReadonlyMap<string, string>;
}

export type Built =
  | {
    readonly ok: true;
    readonly program: IrProgram;
    readonly globals: Record<string, GlobalStorage>;
    readonly functions: Record<string, string>;
    /** What each storage the program uses holds, once it ran. */
    readonly storage: ReadonlyMap<string, string>;
    readonly notes: readonly string[];
  }
  | { readonly ok: false; readonly message: string };

export function buildProgram(source: ProgramSource): Built {
  const { workspace, file } = source;
  let elab: ElabProgram;
  try {
    const result = elaborate(workspace, file, { roots: 'all' });
    if (!result.ok) return { ok: false, message: result.message ?? 'the program has errors' };
    elab = result.program;
  } catch (error) {
    return { ok: false, message: `cannot compile this input: ${(error as Error).message}` };
  }
  const storage = new Map<string, string>();
  const globals: Record<string, GlobalStorage> = {};
  const notes: string[] = [];
  const kept: ElabGlobal[] = elab.globals.map((g) => {
    const variable = source.variables.get(g.name);
    const id = g.file === file ? (variable?.storage ?? source.chunks.find((c) => c.name === g.name && c.storage)?.storage ?? `${g.name}@repl`) : `${g.file}#${g.name}`;
    const key = storageKey(workspace, g.type);
    const before = source.committed.get(id);
    const fresh = before !== key;
    if (before !== undefined && fresh && g.file === file) notes.push(`'${g.name}' starts again from zero: its type ${typeToString(g.type)} changed`);
    storage.set(id, key);
    globals[g.key] = { id: `${id}|${key}`, fresh, name: variable?.name ?? g.name };
    return fresh || g.constant ? g : { ...g, init: undefined };
  });
  let program: IrProgram;
  try {
    program = lowerProgram({ ...elab, globals: kept }, (f) => workspace.document(f)?.lineIndex);
  } catch (error) {
    return { ok: false, message: `cannot compile this input: ${(error as Error).message}` };
  }
  return { ok: true, program: placed(program, file, source.map), globals, functions: functionIds(workspace, elab), storage, notes };
}

/**
 * The id of each function (its name, file and signature as it is in memory): a function value
 * made by an earlier input calls a function of the same id, or none.
 */
function functionIds(workspace: Workspace, elab: ElabProgram): Record<string, string> {
  const ids: Record<string, string> = {};
  const key = (t: Type) => storageKey(workspace, t);
  const signature = (params: readonly Type[], ret: Type) => `(${params.map(key).join(',')})${key(ret)}`;
  for (const f of elab.functions.values()) {
    // By name rather than key: a function's key changes when an overload joins it (`add(i64)`).
    const name = f.symbol.nested ? f.key : `${f.name}${f.instance ? `<${f.instance.map(key).join(',')}>` : ''}`;
    ids[f.key] = `${f.file}:${name}${signature(f.params.map((p) => p.type), f.ret)}`;
  }
  for (const f of elab.foreign.values()) ids[`foreign.${f.key}`] = `${f.symbol.file}:foreign.${f.key}${signature(f.type.params, f.type.ret)}`;
  return ids;
}

/** The program with its source locations moved to where the user wrote the code. */
function placed(program: IrProgram, file: string, map: SourceMap): IrProgram {
  const locations = program.locations.map((l): Location => {
    if (l.file !== file) return l;
    const place = map.place(map.lines.offset({ line: l.line - 1, character: l.column - 1 }));
    if (!place) return { ...l, file: '<repl>' };
    const p = place.origin.lines.position(place.start);
    return { file: place.origin.name, line: p.line + 1, column: p.character + 1 };
  });
  const functions = program.functions.map((f) => (f.name === program.main.name ? { ...f, source: { ...f.source, name: 'input' } } : f));
  return { ...program, locations, functions };
}
