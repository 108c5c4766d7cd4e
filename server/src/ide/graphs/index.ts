// Graphs of a program for `zolt dot` (cli/dot.ts) and the language server's `zolt/dot` request
// (lsp/handlers/graphs.ts): what both do between "a checked program or a parsed file" and "dot text",
// with no protocol and no printing. The graphs themselves are built by ast.ts, cfg.ts and
// calls.ts and written by dot.ts. Functions are found in the lowered IR, by name or by where
// they are declared (the IR keeps the place of each function's name), so that a generic
// function's instances are all found and the CFG shown is the code that runs.

import { lowerLibrary, lowerProgram, type IrFunction, type IrProgram } from '../../ir';
import type { Workspace } from '../../semantics';
import type { ElabProgram } from '../../semantics/elaborate';
import type { Node } from 'web-tree-sitter';
import type { SyntaxDocument } from '../../syntax';
import { astGraph, astParts, type AstCursor } from './ast';
import { callGraph } from './calls';
import { cfgGraph, irGraph } from './cfg';
import { writeDot } from './dot';
import type { IrPlaces, Locate } from './locate';

export type { Locate } from './locate';

export const GRAPH_KINDS = ['ast', 'cfg', 'calls', 'ir'] as const;
export type GraphKind = (typeof GRAPH_KINDS)[number];

/** The lowered functions a graph is drawn from, with what tells the program's own from the standard library's. */
export interface GraphProgram {
  readonly ir: Pick<IrProgram, 'functions' | 'foreign' | 'locations'>;
  /** The program's own functions (not the standard library's). */
  readonly own: (fn: IrFunction) => boolean;
  /** The compiler's initialisation function, when the program has a `main`. */
  readonly init: string | undefined;
}

/** Lowers an elaborated program (with or without `main`: a library is lowered as one). */
export function lowerForGraphs(workspace: Workspace, program: ElabProgram): GraphProgram {
  const lines = (f: string) => workspace.document(f)?.lineIndex;
  const std = program.stdFiles;
  const own = (fn: IrFunction): boolean => !std.has(fn.source.file);
  if (program.main === undefined) return { ir: lowerLibrary(program, lines), own, init: undefined };
  const ir = lowerProgram(program, lines);
  return { ir, own, init: ir.init };
}

/** The program's own functions by the names `zolt dot` takes: the compiler's `__init` and foreign wrappers left out. */
export function functionNames(program: GraphProgram): string[] {
  return program.ir.functions.filter((fn) => program.own(fn) && fn.name !== program.init && !fn.name.startsWith('foreign.')).map((fn) => fn.name);
}

/**
 * The functions named `name`: the one with that IR name, else every function the source name
 * stands for: a generic function's instances (`max<i64>`), an overload set's members
 * (`abs(f64)`), a function declared inside another (`main.is_big`).
 */
export function functionsNamed(program: GraphProgram, name: string): IrFunction[] {
  const own = program.ir.functions.filter((fn) => program.own(fn) && !fn.name.startsWith('foreign.'));
  const exact = own.filter((fn) => fn.name === name);
  if (exact.length > 0) return exact;
  return own.filter((fn) => {
    const declared = fn.name.replace(/[<(].*$/, '');
    return declared === name || declared.endsWith(`.${name}`);
  });
}

/** The functions whose name is declared at `file`:`line`:`column` (1-based): one, or a generic function's instances. */
export function functionsDeclaredAt(program: GraphProgram, file: string, line: number, column: number): IrFunction[] {
  return program.ir.functions.filter((fn) => {
    const at = program.ir.locations[fn.loc];
    return fn.source.file === file && at !== undefined && at.file === file && at.line === line && at.column === column;
  });
}

/**
 * A graph of the program as dot text. `functions` narrows it: the CFG of those (one graph, or a
 * cluster each when a generic function has several instances), the IR of those, the calls they
 * reach. Without it: the call graph and the IR of all of the program's own functions.
 */
export function programDot(program: GraphProgram, kind: Exclude<GraphKind, 'ast'>, functions: readonly IrFunction[] | undefined, locate: Locate): string {
  const places: IrPlaces = { locations: program.ir.locations, locate };
  const own = program.ir.functions.filter((fn) => program.own(fn) && !(fn.name === program.init));
  switch (kind) {
    case 'cfg':
    case 'ir': {
      const chosen = functions ?? own;
      if (kind === 'cfg' && chosen.length === 1) return writeDot(cfgGraph(chosen[0]!, places));
      return writeDot(irGraph(chosen, places));
    }
    case 'calls':
      return writeDot(callGraph({
        program: program.ir,
        own: program.own,
        ...(functions ? { from: functions.map((fn) => fn.name) } : {}),
        ...(program.init === undefined ? {} : { init: program.init }),
      }, places));
  }
}

/** The `function_declaration` nodes of a document named `name` (nested ones included). */
export function declarationsNamed(doc: SyntaxDocument, name: string): Node[] {
  return doc.tree.rootNode.descendantsOfType('function_declaration').filter((n) => n.childForFieldName('name')?.text === name);
}

/** The names of a document's function declarations, in source order. */
export function declaredNames(doc: SyntaxDocument): string[] {
  return doc.tree.rootNode.descendantsOfType('function_declaration').flatMap((n) => {
    const name = n.childForFieldName('name')?.text;
    return name === undefined ? [] : [name];
  });
}

/** The innermost function declaration around a 0-based position: where its name is (1-based), and the name. */
export function declarationAt(doc: SyntaxDocument, line: number, character: number): { name: string; line: number; column: number } | undefined {
  for (let node = doc.tree.rootNode.descendantForPosition({ row: line, column: character }); node; node = node.parent) {
    if (node.type !== 'function_declaration') continue;
    const name = node.childForFieldName('name');
    if (name) return { name: name.text, line: name.startPosition.row + 1, column: name.startPosition.column + 1 };
  }
  return undefined;
}

/**
 * The syntax tree of a document as dot text: all of it, or only the function declarations named
 * `name` when given (undefined when there is none). `file` is the name `locate` is given.
 */
export function astDot(doc: SyntaxDocument, file: string, locate: Locate, name?: string): string | undefined {
  const roots = name === undefined ? [doc.tree.rootNode] : declarationsNamed(doc, name);
  if (roots.length === 0) return undefined;
  const parts = roots.map((root, i) => {
    const cursor = root.walk();
    try {
      return astParts(cursor as unknown as AstCursor, doc.text, file, locate, roots.length > 1 ? `t${i}.` : '');
    } finally {
      cursor.delete();
    }
  });
  return writeDot(astGraph(name === undefined ? 'ast' : `ast ${name}`, parts));
}
