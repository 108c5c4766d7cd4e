// Building the elaborated program of a main file: every function reached from the roots (its
// `main`, or every function of the program's files), each generic function once per
// instantiation reached, the foreign functions called, the globals read (with their
// initialisers), and the layouts of the structs they use. Only a program whose files have no
// errors is elaborated: the result of an analysis with errors would have holes.
//
// Function keys are readable and unique: a function's name, with its parameter types when its
// overload set has several members (`abs(i64)`), with its instantiation's types for a generic
// function (`max3<f64,f64,f64>`), prefixed by the enclosing functions for a nested one
// (`main.is_big`), and by its file's name when two files declare the same key.
//
// Globals are initialised before `main` in this order: the standard library's files, then the
// program's files, each after the files it imports, and within a file in declaration order.

import * as path from 'node:path';
import type { Ast, Diagnostic, LoweredItem } from '../../syntax';
import type { ItemCheck } from '../check/host';
import type { EnumFacts } from '../check/host';
import type { EnumMemberSymbol, EnumSymbol, FieldSymbol, FunctionSymbol, GlobalSymbol, StructSymbol } from '../symbols';
import { T, typeKey, typeToString, type Type } from '../types';
import type { Workspace } from '../workspace/workspace';
import { BodyElaborator, ElaborationError, type BodyOwner, type ProgramContext } from './body';
import { Layouts } from './layout';
import type {
  ElabExpr, ElabFunction, ElabGlobal, ElabProgram, ElabStmt, EnumInfo, ForeignFunction,
  FunctionKey,
} from './program';
import { symbolNameRange } from '../symbols';

export interface ElaborateOptions {
  /** `main`: what `main` reaches (to run the program); `all`: every function of the program's files. */
  readonly roots: 'main' | 'all';
}

export type Elaboration =
  | { readonly ok: true; readonly program: ElabProgram }
  /** The program's files have errors (in file order), or it has no `main` to run. */
  | { readonly ok: false; readonly errors: readonly { readonly file: string; readonly diagnostics: readonly Diagnostic[] }[]; readonly message?: string };

export function elaborate(workspace: Workspace, mainFile: string, options: ElaborateOptions = { roots: 'main' }): Elaboration {
  const files = programFiles(workspace, mainFile);
  const errors = files
    .map((file) => ({ file, diagnostics: workspace.diagnostics(file).filter((d) => d.severity === 'error') }))
    .filter((f) => f.diagnostics.length > 0);
  if (errors.length > 0) return { ok: false, errors };
  const builder = new ProgramBuilder(workspace, mainFile, files);
  const main = builder.findMain();
  if (options.roots === 'main' && !main) return { ok: false, errors: [], message: `${path.basename(mainFile)} has no function 'main' to run` };
  return { ok: true, program: builder.build(options.roots === 'all' ? builder.allRoots() : [], main) };
}

/** The program's files: the main file and every file it imports (standard library excepted). */
export function programFiles(workspace: Workspace, mainFile: string): string[] {
  const seen = new Set<string>();
  const order: string[] = [];
  const visit = (file: string) => {
    if (seen.has(file) || workspace.isStd(file)) return;
    seen.add(file);
    for (const { resolution } of workspace.imports(file)) if (resolution.file) visit(resolution.file);
    order.push(file); // after the files it imports
  };
  visit(mainFile);
  return order;
}

interface PendingFunction {
  readonly key: FunctionKey;
  readonly symbol: FunctionSymbol;
  readonly instance: readonly Type[] | undefined;
  readonly owner: BodyOwner;
  readonly ret: Type;
}

class ProgramBuilder implements ProgramContext {
  private readonly functions = new Map<FunctionKey, ElabFunction>();
  private readonly foreign = new Map<FunctionKey, ForeignFunction>();
  private readonly globals = new Map<GlobalSymbol, ElabGlobal>();
  private readonly functionKeys = new Map<FunctionSymbol, Map<string, FunctionKey>>();
  private readonly usedKeys = new Set<string>();
  private readonly globalKeys = new Map<GlobalSymbol, string>();
  private readonly queue: PendingFunction[] = [];
  /** Facts of structs and enums declared inside functions, from the checks that declare them. */
  private readonly nestedFieldTypes = new Map<FieldSymbol, Type>();
  private readonly nestedEnums = new Map<EnumSymbol, EnumFacts>();
  private readonly nestedStructOwners = new Map<StructSymbol, { readonly check: ItemCheck; readonly item: LoweredItem }>();
  private readonly defaults = new Map<FieldSymbol, ElabExpr | undefined>();
  private readonly enums = new Map<EnumSymbol, EnumInfo>();
  readonly layouts: Layouts;
  private context: Type | undefined;

  constructor(
    private readonly workspace: Workspace,
    private readonly mainFile: string,
    private readonly files: readonly string[],
  ) {
    this.layouts = new Layouts({
      fieldTypes: (symbol) => symbol.fields.map((f) => ({ name: f.name, type: this.fieldType(f) })),
      enumBacking: (symbol) => this.enumBacking(symbol),
    });
  }

  findMain(): FunctionSymbol | undefined {
    const binding = this.workspace.scope(this.mainFile).values.get('main');
    if (binding?.kind !== 'functions') return undefined;
    return binding.functions.find((f) => f.file === this.mainFile && !f.generic && !f.foreign);
  }

  /** Every function of the program's files that is not generic (generic ones need a call). */
  allRoots(): FunctionSymbol[] {
    return this.files.flatMap((file) => this.workspace.declarations(file)).filter((s): s is FunctionSymbol => s.kind === 'function' && !s.generic && !s.foreign);
  }

  build(roots: readonly FunctionSymbol[], main: FunctionSymbol | undefined): ElabProgram {
    const mainKey = main ? this.moduleFunctionKey(main) : undefined;
    const defaults = main ? this.defaultFunctions() : undefined;
    for (const root of roots) this.moduleFunctionKey(root);
    for (const file of this.files) {
      // Every global of the program is initialised, read or not (its initialiser may have effects).
      for (const symbol of this.workspace.declarations(file)) if (symbol.kind === 'global') this.globalKey(symbol);
    }
    for (let next = this.queue.shift(); next; next = this.queue.shift()) this.elaborateFunction(next);
    if (main) this.layouts.layout(this.contextType()); // the runtime makes the first context
    this.layOutEverything();
    return {
      mainFile: this.mainFile,
      main: mainKey,
      defaults,
      functions: this.functions,
      foreign: this.foreign,
      globals: this.orderedGlobals(),
      structs: this.layouts.knownStructs(),
      enums: this.enums,
      layouts: this.layouts,
      stdFiles: new Set(this.workspace.knownFiles().filter((f) => this.workspace.isStd(f))),
    };
  }

  /** The standard library's default allocator procedure and logger (see ElabProgram.defaults). */
  private defaultFunctions(): { allocator: FunctionKey; logger: FunctionKey } {
    const find = (name: string) => {
      for (const file of this.workspace.knownFiles()) {
        if (!this.workspace.isStd(file)) continue;
        const fn = this.workspace.declarations(file).find((s): s is FunctionSymbol => s.kind === 'function' && s.name === name && !s.foreign);
        if (fn) return this.moduleFunctionKey(fn);
      }
      throw new ElaborationError(`the standard library has no '${name}'`);
    };
    return { allocator: find('libc_allocator'), logger: find('default_logger') };
  }

  // ------------------------------------------------------------------ functions

  private moduleFunctionKey(fn: FunctionSymbol): FunctionKey {
    const check = this.workspace.check(fn.file, fn.item);
    return this.functionKey(fn, undefined, { key: fn.name, topKey: fn.name, item: fn.item, check });
  }

  functionKey(fn: FunctionSymbol, instance: readonly Type[] | undefined, from: BodyOwner): FunctionKey {
    const instanceKey = instance ? instance.map(typeKey).join(',') : '';
    let byInstance = this.functionKeys.get(fn);
    if (!byInstance) this.functionKeys.set(fn, (byInstance = new Map()));
    const known = byInstance.get(instanceKey);
    if (known) return known;
    const key = this.unique(this.displayName(fn, instance, from), fn.file);
    byInstance.set(instanceKey, key);
    let owner: BodyOwner;
    if (fn.nested) {
      owner = { key, topKey: from.topKey, item: from.item, check: from.check };
    } else if (instance) {
      const check = this.workspace.instanceCheck(fn, instance);
      if (!check) throw new ElaborationError(`no checked body for ${key}`);
      owner = { key, topKey: key, item: fn.item, check };
    } else {
      owner = { key, topKey: key, item: fn.item, check: this.workspace.check(fn.file, fn.item) };
    }
    this.registerCheck(owner.check, owner.item);
    const ret = fn.nested ? owner.check.local.signatures.get(fn)?.ret : instance ? owner.check.returnType : this.workspace.signatureOf(fn).ret;
    this.queue.push({ key, symbol: fn, instance, owner, ret: ret ?? T.void });
    return key;
  }

  private displayName(fn: FunctionSymbol, instance: readonly Type[] | undefined, from: BodyOwner): string {
    let name = fn.name;
    if (instance) name += `<${instance.map(typeToString).join(',')}>`;
    else if (!fn.nested && this.overloaded(fn)) name += `(${this.workspace.signatureOf(fn).params.map(typeToString).join(',')})`;
    if (fn.nested) name = `${enclosingPrefix(from, fn)}${name}`;
    return name;
  }

  private overloaded(fn: FunctionSymbol): boolean {
    const binding = this.workspace.scope(fn.file).values.get(fn.name);
    return binding?.kind === 'functions' && binding.functions.length > 1;
  }

  private unique(name: string, file: string): string {
    let key = name;
    if (this.usedKeys.has(key)) key = `${path.basename(file, '.zolt')}.${name}`;
    for (let n = 2; this.usedKeys.has(key); n++) key = `${name}#${n}`;
    this.usedKeys.add(key);
    return key;
  }

  private elaborateFunction(pending: PendingFunction): void {
    const { key, symbol, instance, owner, ret } = pending;
    const body = new BodyElaborator(this, owner).functionBody(symbol.decl, ret);
    this.functions.set(key, {
      key, name: symbol.name, file: symbol.file, span: symbolNameRange(symbol),
      symbol, instance, params: body.params, ret, locals: body.locals, body: body.body,
    });
  }

  foreignKey(fn: FunctionSymbol): FunctionKey {
    const key = fn.name; // the C symbol
    if (!this.foreign.has(key)) {
      this.foreign.set(key, { key, name: fn.name, library: fn.foreign ?? 'c', type: this.workspace.signatureOf(fn), symbol: fn });
    }
    return key;
  }

  // ------------------------------------------------------------------ globals

  globalKey(symbol: GlobalSymbol): string {
    const known = this.globalKeys.get(symbol);
    if (known) return known;
    const key = this.unique(symbol.name, symbol.file);
    this.globalKeys.set(symbol, key);
    const { type } = this.workspace.global(symbol);
    const check = this.workspace.check(symbol.file, symbol.item);
    const owner: BodyOwner = { key: `global ${key}`, topKey: key, item: symbol.item, check };
    const init = symbol.decl.value ? new BodyElaborator(this, owner).initialiser(symbol.decl.value, type) : undefined;
    this.globals.set(symbol, {
      key, name: symbol.name, file: symbol.file, span: symbolNameRange(symbol),
      type, constant: symbol.constant, symbol, init,
    });
    return key;
  }

  constantValue(symbol: GlobalSymbol): bigint | undefined {
    return this.workspace.global(symbol).value;
  }

  globalType(symbol: GlobalSymbol): Type {
    return this.workspace.global(symbol).type;
  }

  private orderedGlobals(): ElabGlobal[] {
    const stdFiles = this.workspace.knownFiles().filter((f) => this.workspace.isStd(f)).sort();
    const rank = new Map<string, number>([...stdFiles, ...this.files].map((f, i) => [f, i]));
    return [...this.globals.values()].sort((a, b) => (rank.get(a.file) ?? 0) - (rank.get(b.file) ?? 0) || a.span.start - b.span.start);
  }

  // ------------------------------------------------------------------ types

  /**
   * Lays out every type the program uses, so that the program answers layout questions on its
   * own, without the workspace it was built from.
   */
  private layOutEverything(): void {
    const seen = new Set<Type>();
    const visit = (type: Type) => {
      if (seen.has(type)) return;
      seen.add(type);
      if (type.kind === 'function') {
        type.params.forEach(visit);
        visit(type.ret);
      } else if (type.kind === 'pointer') {
        visit(type.to);
      } else if (type.kind === 'array' || type.kind === 'slice') {
        visit(type.element);
      } else if (type.kind !== 'void') {
        this.layouts.layout(type);
        if (type.kind === 'struct') for (const f of this.layouts.struct(type.symbol).fields) visit(f.type);
      }
    };
    for (const fn of this.functions.values()) {
      visit(fn.ret);
      for (const local of fn.locals) visit(local.type);
      forEachExpression(fn.body, (e) => visit(e.type));
    }
    for (const g of this.globals.values()) {
      visit(g.type);
      if (g.init) forEachExpression(g.init, (e) => visit(e.type));
    }
    for (const f of this.foreign.values()) visit(f.type);
  }

  private registerCheck(check: ItemCheck, item: LoweredItem): void {
    for (const [field, type] of check.local.fieldTypes) {
      this.nestedFieldTypes.set(field, type);
      if (!this.nestedStructOwners.has(field.owner)) this.nestedStructOwners.set(field.owner, { check, item });
    }
    for (const [symbol, facts] of check.local.enums) this.nestedEnums.set(symbol, facts);
  }

  fieldType(field: FieldSymbol): Type {
    if (field.owner.nested) return this.nestedFieldTypes.get(field) ?? T.error;
    return this.workspace.fieldType(field);
  }

  private enumFacts(symbol: EnumSymbol): EnumFacts {
    const facts = symbol.nested ? this.nestedEnums.get(symbol) : this.workspace.enumOf(symbol);
    if (!facts) throw new ElaborationError(`no values for enum '${symbol.name}'`);
    if (!this.enums.has(symbol)) {
      this.enums.set(symbol, { symbol, name: symbol.name, backing: facts.backing, members: symbol.members.map((m, i) => ({ name: m.name, value: facts.values[i] ?? 0n })) });
    }
    return facts;
  }

  memberValue(member: EnumMemberSymbol): bigint {
    return this.enumFacts(member.owner).values[member.index] ?? 0n;
  }

  enumBacking(symbol: EnumSymbol): Type {
    return this.enumFacts(symbol).backing;
  }

  fieldDefault(field: FieldSymbol): ElabExpr | undefined {
    if (this.defaults.has(field)) return this.defaults.get(field);
    const struct = field.owner;
    const decl = struct.decl.fields[field.index];
    let value: ElabExpr | undefined;
    if (decl?.value) {
      const where = struct.nested ? this.nestedStructOwners.get(struct) : { check: this.workspace.check(struct.file, struct.item), item: struct.item };
      if (!where) throw new ElaborationError(`no check for struct '${struct.name}'`);
      value = new BodyElaborator(this, { key: `default of ${struct.name}.${field.name}`, topKey: struct.name, ...where }).initialiser(decl.value, this.fieldType(field));
    }
    this.defaults.set(field, value);
    return value;
  }

  sizeOf(type: Type): number {
    return this.layouts.size(type);
  }

  contextType(): Type {
    if (!this.context) {
      for (const file of this.workspace.knownFiles()) {
        if (!this.workspace.isStd(file)) continue;
        const symbol = this.workspace.declarations(file).find((s) => s.kind === 'struct' && s.name === 'Context');
        if (symbol?.kind === 'struct') this.context = symbol.type;
      }
    }
    if (!this.context) throw new ElaborationError('the standard library has no Context');
    return this.context;
  }
}

/** Calls `visit` on every expression in a statement or expression, children first. */
export function forEachExpression(node: ElabStmt | ElabExpr, visit: (e: ElabExpr) => void): void {
  const expr = (e: ElabExpr): void => {
    switch (e.kind) {
      case 'unary':
        expr(e.operand);
        break;
      case 'binary':
      case 'logical':
        expr(e.left);
        expr(e.right);
        break;
      case 'convert':
        expr(e.value);
        break;
      case 'deref':
        expr(e.pointer);
        break;
      case 'address':
        expr(e.place);
        break;
      case 'field':
      case 'len':
      case 'data':
        expr(e.object);
        break;
      case 'index':
        expr(e.object);
        expr(e.index);
        break;
      case 'slice':
        expr(e.object);
        for (const b of [e.start, e.end, e.step]) if (b) expr(b);
        break;
      case 'call':
        if (e.target.kind === 'value') expr(e.target.callee);
        e.args.forEach(expr);
        break;
      case 'builtin':
        e.args.forEach(expr);
        break;
      case 'struct':
        e.fields.forEach(expr);
        break;
      case 'array':
        e.elements.forEach(expr);
        break;
      default:
        break;
    }
    visit(e);
  };
  const stmt = (s: ElabStmt): void => {
    switch (s.kind) {
      case 'block':
        s.statements.forEach(stmt);
        break;
      case 'expr':
        expr(s.expr);
        break;
      case 'let':
        if (s.init) expr(s.init);
        break;
      case 'assign':
      case 'compound':
        expr(s.target);
        expr(s.value);
        break;
      case 'if':
        expr(s.condition);
        stmt(s.then);
        if (s.otherwise) stmt(s.otherwise);
        break;
      case 'while':
        expr(s.condition);
        stmt(s.body);
        break;
      case 'for-range':
        expr(s.start);
        expr(s.end);
        stmt(s.body);
        break;
      case 'for-each':
        expr(s.iterable);
        stmt(s.body);
        break;
      case 'switch':
        expr(s.value);
        for (const c of s.cases) {
          for (const p of c.patterns) if (p.kind === 'value') expr(p.value);
          stmt(c.body);
        }
        if (s.otherwise) stmt(s.otherwise);
        break;
      case 'return':
        if (s.value) expr(s.value);
        break;
      case 'defer':
        stmt(s.body);
        break;
      case 'push-context':
        expr(s.value);
        stmt(s.body);
        break;
      default:
        break;
    }
  };
  if ('type' in node && !('statements' in node)) expr(node as ElabExpr);
  else stmt(node as ElabStmt);
}

/**
 * `outer.inner.` for a nested function: the key of the top-level function (or instance) whose
 * check declares it, then the nested functions that enclose its declaration.
 */
function enclosingPrefix(from: BodyOwner, fn: FunctionSymbol): string {
  const top = from.item.decl.kind === 'function' ? from.item.decl : undefined;
  const path = top ? pathTo(top, fn.decl) : undefined;
  return [from.topKey, ...(path ?? []).map((f) => f.name.text)].join('.') + '.';
}

/** The nested functions from `from` down to the one that declares `target`. */
function pathTo(from: Ast.FunctionDecl, target: Ast.FunctionDecl): Ast.FunctionDecl[] | undefined {
  for (const f of directNested(from)) {
    if (f === target) return [];
    const below = pathTo(f, target);
    if (below) return [f, ...below];
  }
  return undefined;
}

/** The functions declared directly in a function's body (not inside its nested functions). */
function directNested(fn: Ast.FunctionDecl): Ast.FunctionDecl[] {
  const result: Ast.FunctionDecl[] = [];
  const visit = (node: Ast.Block): void => {
    for (const s of node.statements) collect(s);
  };
  const collect = (s: Ast.Stmt): void => {
    switch (s.kind) {
      case 'decl-stmt':
        if (s.decl.kind === 'function') result.push(s.decl);
        break;
      case 'block':
        visit(s);
        break;
      case 'if':
        visit(s.then);
        if (s.otherwise) collect(s.otherwise.kind === 'if' ? s.otherwise : s.otherwise);
        break;
      case 'while':
      case 'for':
        visit(s.body);
        break;
      case 'switch':
        for (const c of s.cases) visit(c.body);
        if (s.otherwise) visit(s.otherwise.body);
        break;
      case 'defer':
        if (s.body.kind === 'block') visit(s.body);
        break;
      case 'push-context':
        visit(s.body);
        break;
      default:
        break;
    }
  };
  if (fn.body) visit(fn.body);
  return result;
}
