// Lowering a whole elaborated program: every function, the foreign functions it calls (and
// the wrappers that make a foreign function a function value), the globals, the string
// literals and source locations, and `init`, which fills in the default context and runs the
// globals' initialisers in order before `main`.

import type { ElabProgram } from '../../semantics/elaborate';
import type { StructSymbol } from '../../semantics/symbols';
import { stringBytes, type LineIndex } from '../../syntax';
import type { ForeignFunction, ForeignSignature, Global, IrFunction, IrProgram, Location, Var } from '../ir';
import type { ProgramLowering } from './base';
import { FunctionLowering } from './function';
import { structLayout } from './expressions';

/** Where the line tables of the program's files come from. */
export type Lines = (file: string) => LineIndex | undefined;

export function lowerProgram(elab: ElabProgram, lines: Lines): IrProgram {
  if (!elab.main || !elab.defaults) throw new Error('only a program with a main can be lowered to run');
  const lowering = new ProgramLoweringState(elab, lines);
  const functions: IrFunction[] = [];
  for (const fn of elab.functions.values()) functions.push(FunctionLowering.lowerFunction(lowering, fn));
  functions.push(lowering.init());
  functions.push(...lowering.foreignWrappers());
  const main = elab.functions.get(elab.main)!;
  const mainRet = main.ret.kind === 'void' ? undefined : new FunctionLowering(lowering, main).scalarType(main.ret);
  const context = elab.layouts.layout(lowering.contextType());
  return {
    functions,
    foreign: [...lowering.foreign.values()],
    globals: lowering.globals,
    strings: lowering.strings,
    locations: lowering.locations,
    init: INIT,
    main: { name: lowering.functionName(elab.main), ret: mainRet },
    context: { size: context.size, align: context.align },
  };
}

const INIT = '__init';

/** Functions with no `main` to run: a library of them (the native runtime, link/runtime.ts). */
export interface IrLibrary {
  readonly functions: readonly IrFunction[];
  readonly foreign: readonly ForeignFunction[];
  readonly globals: readonly Global[];
  readonly strings: readonly Uint8Array[];
  readonly locations: readonly Location[];
}

/**
 * Lowers every function of an elaboration made with `roots: 'all'`, without `init` or `main`.
 * A library's globals are zero before anything runs and nothing initialises them: the
 * library's code does, on first use.
 */
export function lowerLibrary(elab: ElabProgram, lines: Lines): IrLibrary {
  const lowering = new ProgramLoweringState(elab, lines);
  const functions: IrFunction[] = [];
  for (const fn of elab.functions.values()) functions.push(FunctionLowering.lowerFunction(lowering, fn));
  functions.push(...lowering.foreignWrappers());
  return { functions, foreign: [...lowering.foreign.values()], globals: lowering.globals, strings: lowering.strings, locations: lowering.locations };
}

class ProgramLoweringState implements ProgramLowering {
  readonly strings: Uint8Array[] = [];
  private readonly stringIndex = new Map<string, number>();
  readonly locations: Location[] = [];
  private readonly locationIndex = new Map<string, number>();
  readonly foreign = new Map<string, ForeignFunction>();
  private readonly wrappers = new Set<string>();
  readonly globals: Global[];

  constructor(
    readonly elab: ElabProgram,
    private readonly lines: Lines,
  ) {
    this.globals = elab.globals.map((g) => {
      const layout = elab.layouts.layout(g.type);
      return { name: this.globalName(g.key), size: layout.size, align: layout.align };
    });
  }

  location(file: string, offset: number): number {
    const position = this.lines(file)?.position(offset) ?? { line: 0, character: 0 };
    const key = `${file}:${position.line}:${position.character}`;
    let index = this.locationIndex.get(key);
    if (index === undefined) {
      index = this.locations.length;
      this.locations.push({ file, line: position.line + 1, column: position.character + 1 });
      this.locationIndex.set(key, index);
    }
    return index;
  }

  string(value: string): number {
    let index = this.stringIndex.get(value);
    if (index === undefined) {
      index = this.strings.length;
      this.strings.push(stringBytes(value));
      this.stringIndex.set(value, index);
    }
    return index;
  }

  functionName(key: string): string {
    return key;
  }

  globalName(key: string): string {
    return key;
  }

  foreignValueName(key: string): string {
    this.foreignName(key);
    this.wrappers.add(key);
    return `foreign.${key}`;
  }

  foreignName(key: string): string {
    const fn = this.elab.foreign.get(key);
    if (!fn) throw new Error(`no foreign function '${key}'`);
    if (!this.foreign.has(fn.name)) {
      const scratch = new FunctionLowering(this, { file: fn.symbol.file, key });
      const signature: ForeignSignature = {
        params: fn.type.params.map((p) => scratch.foreignValue(p)),
        ret: fn.type.ret.kind === 'void' ? undefined : scratch.foreignValue(fn.type.ret),
        variadic: fn.type.variadic,
      };
      this.foreign.set(fn.name, { name: fn.name, library: fn.library, signature });
    }
    return fn.name;
  }

  contextType(): import('../../semantics/types').StructType {
    for (const symbol of this.elab.layouts.knownStructs().keys()) {
      if (symbol.name === 'Context' && this.elab.stdFiles.has(symbol.file)) return symbol.type;
    }
    throw new Error('the program has no Context');
  }

  /** `__init(context)`: the default allocator and logger, then every global's initialiser. */
  init(): IrFunction {
    const lowering = new FunctionLowering(this, { file: this.elab.mainFile, key: INIT });
    lowering.b.location = this.location(this.elab.mainFile, 0);
    const contextParam: Var = lowering.b.variable('ptr', 'context');
    const contextOperand = { kind: 'var' as const, var: contextParam };
    const context = this.elab.layouts.struct(this.contextType().symbol as StructSymbol);
    const field = (name: string) => context.fields.find((f) => f.name === name)!.offset;
    const defaults = this.elab.defaults!;
    lowering.store('ptr', { base: contextOperand, offset: field('allocator') }, { kind: 'function', name: this.functionName(defaults.allocator) });
    lowering.store('ptr', { base: contextOperand, offset: field('logger') }, { kind: 'function', name: this.functionName(defaults.logger) });
    lowering.setContext(contextOperand);
    for (const g of this.elab.globals) {
      if (!g.init) continue;
      lowering.fn = { file: g.file, key: `global ${g.key}` };
      lowering.storeValue(g.init, { base: { kind: 'global', name: this.globalName(g.key) }, offset: 0 });
    }
    return lowering.b.finish({
      name: INIT, source: { name: 'init', file: this.elab.mainFile }, params: [contextParam], ret: undefined, sret: false, loc: this.location(this.elab.mainFile, 0),
    });
  }

  /** A Zolt-convention function for each foreign function used as a value: it calls the C one. */
  foreignWrappers(): IrFunction[] {
    return [...this.wrappers].map((key) => {
      const fn = this.elab.foreign.get(key)!;
      const lowering = new FunctionLowering(this, { file: fn.symbol.file, key });
      const params: Var[] = [lowering.b.variable('ptr', 'context')];
      const args = fn.type.params.map((p, i) => {
        const v = lowering.b.variable(lowering.scalarType(p), `p${i}`);
        params.push(v);
        return { kind: 'var' as const, var: v };
      });
      const ret = fn.type.ret.kind === 'void' ? undefined : lowering.scalarType(fn.type.ret);
      const dst = ret ? lowering.b.temp(ret) : undefined;
      const loc = this.location(fn.symbol.file, fn.symbol.item.start + fn.symbol.nameNode.span.start);
      lowering.b.emit({ op: 'callforeign', dst, fn: fn.name, args, variadic: [], loc });
      lowering.b.terminate({ op: 'ret', value: dst ? { kind: 'var', var: dst } : undefined });
      return lowering.b.finish({ name: `foreign.${key}`, source: { name: fn.name, file: fn.symbol.file }, params, ret, sret: false, loc });
    });
  }
}

export { structLayout };
