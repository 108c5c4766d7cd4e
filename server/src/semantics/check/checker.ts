// The checker: one top-level item at a time, it resolves every name, infers and checks every
// type, resolves overloaded calls and follows control flow. It reports diagnostics with
// item-relative ranges and records, per AST node, the types and symbols that hover,
// go-to-definition and the other editor features read.

import type { Ast, Diagnostic, LoweredItem, Related, Severity } from '../../syntax';
import { children, type AstNode } from '../../syntax';
import { Code } from '../codes';
import { commonType, convert, fitsIn, rangeMessage } from '../conversions';
import type { Binding } from '../scope';
import type {
  EnumMemberSymbol, EnumSymbol, FieldSymbol, FunctionSymbol, GlobalSymbol, LocalSymbol, ModuleSymbol,
  StructSymbol, Symbol,
} from '../symbols';
import {
  defaultType, isNumeric, isPoison, pointerTo, PRIMITIVES, sameType, sliceOf, T, typeToString, untypedInt,
  type FunctionType, type StructType, type Type,
} from '../types';
import { evalConstBinary } from './const-eval';
import type { CallInfo, CheckHost, ItemCheck, ScopeRecord } from './host';
import { instantiationTypes, isDeferred, resolveOverload, type Argument } from './overloads';

type LocalEntry =
  | { readonly kind: 'local'; readonly symbol: LocalSymbol; readonly fn: FnContext | undefined }
  | { readonly kind: 'functions'; readonly functions: FunctionSymbol[] }
  | { readonly kind: 'type'; readonly symbol: StructSymbol | EnumSymbol }
  | { readonly kind: 'using-field'; readonly base: LocalSymbol | GlobalSymbol; readonly field: FieldSymbol }
  | { readonly kind: 'using-member'; readonly member: EnumMemberSymbol };

interface BlockScope {
  readonly names: Map<string, LocalEntry>;
  readonly record: ScopeRecord;
  readonly fn: FnContext | undefined;
}

interface Loop {
  hasBreak: boolean;
}

interface FnContext {
  readonly decl: Ast.FunctionDecl;
  readonly name: string;
  /** The declared return type, or undefined while it is being inferred. */
  readonly declared: Type | undefined;
  /** The return type inferred from the returns seen so far. */
  inferred: Type | undefined;
  sawValueReturn: boolean;
  sawEmptyReturn: boolean;
  readonly loops: Loop[];
  /** For each enclosing `defer` body: how many loops were open when it began. */
  readonly deferMarks: number[];
}

/** What the checker is asked to do with a function's parameters. */
export type ParamMode = { readonly kind: 'declared' } | { readonly kind: 'instantiate'; readonly types: readonly Type[] };

const MAX_EXPR_DEPTH = 300;

export class Checker {
  private readonly diagnostics: Diagnostic[] = [];
  private readonly types = new Map<number, Type>();
  private readonly refs = new Map<number, Symbol>();
  private readonly calls = new Map<number, CallInfo>();
  private readonly scopeRecords: ScopeRecord[] = [];
  private readonly nested: FunctionSymbol[] = [];
  /** For each `.Member` expression, the enums it was tried as (for completion). */
  private readonly enumsExpected = new Map<number, EnumSymbol[]>();
  /** Structs and enums declared inside functions: their fields and members live here. */
  private readonly localTypes = new Set<StructSymbol | EnumSymbol>();
  private readonly blocks: BlockScope[] = [];
  private fn: FnContext | undefined;
  /** >0 while checking text inside a syntax error: names resolve, nothing is reported. */
  private quiet = 0;
  private depth = 0;
  private returnType: Type | undefined;
  private globalType: Type | undefined;
  private globalValue: bigint | undefined;

  constructor(
    private readonly host: CheckHost,
    private readonly item: LoweredItem,
  ) {}

  result(): ItemCheck {
    return {
      diagnostics: this.diagnostics,
      types: this.types,
      refs: this.refs,
      calls: this.calls,
      scopes: this.scopeRecords,
      returnType: this.returnType,
      globalType: this.globalType,
      globalValue: this.globalValue,
      nested: this.nested,
      used: this.usedSymbols,
      cycle: new Set(),
      enumsExpected: this.enumsExpected,
    };
  }

  // ------------------------------------------------------------------ reporting

  private report(code: string, node: { span: Ast.Span } | Ast.Span, message: string, options: { severity?: Severity; related?: Related[]; unnecessary?: boolean } = {}): void {
    if (this.quiet > 0) return;
    const span = 'span' in node ? node.span : node;
    this.diagnostics.push({
      code,
      severity: options.severity ?? 'error',
      message,
      start: span.start,
      end: span.end,
      ...(options.related ? { related: options.related } : {}),
      ...(options.unnecessary ? { unnecessary: true } : {}),
    });
  }

  private related(symbol: Symbol, message: string): Related {
    const item = symbol.item;
    return { file: symbol.file, start: item.start + symbol.nameNode.span.start, end: item.start + symbol.nameNode.span.end, message };
  }

  private localKey(id: number): string {
    return `${this.host.file}#${this.item.start}:${id}`;
  }

  // ------------------------------------------------------------------ items

  checkItem(): ItemCheck {
    const decl = this.item.decl;
    switch (decl.kind) {
      case 'function':
        this.checkFunction(decl, { kind: 'declared' });
        break;
      case 'foreign':
        for (const f of decl.functions) this.checkForeign(f, decl);
        break;
      case 'struct':
        this.checkStructDecl(decl);
        break;
      case 'enum':
        this.checkEnumDecl(decl);
        break;
      case 'const':
      case 'var':
        this.checkGlobal(decl);
        break;
      case 'import':
        break;
      case 'error-decl':
        this.quiet++;
        this.withBlock(decl.span, undefined, () => {
          for (const statement of decl.statements) this.statement(statement);
        });
        this.quiet--;
        break;
    }
    return this.result();
  }

  private checkForeign(f: Ast.FunctionDecl, block: Ast.ForeignBlock): void {
    for (const p of f.params) {
      if (!p.type && block.library !== 'builtin') this.report(Code.Mismatch, p, `the parameters of a foreign function need types`);
      else if (p.type) this.resolveType(p.type);
    }
    if (f.returnType) this.resolveType(f.returnType);
  }

  private checkGlobal(decl: Ast.ConstDecl | Ast.VarDecl): void {
    const declared = decl.type ? this.resolveType(decl.type) : undefined;
    let type: Type;
    if (decl.value) {
      // A declared type is the variable's type even when the value does not fit it (that is
      // reported at the value), so uses are checked against what the author meant.
      if (declared) this.expectType(decl.value, declared);
      type = declared ?? this.concrete(this.expr(decl.value), decl.value);
      if (decl.kind === 'const') this.globalValue = this.constValue(decl.value);
    } else if (declared) {
      type = declared;
    } else {
      this.report(Code.CannotInfer, decl.name, `cannot infer the type of '${decl.name.text}': give it a type or a value`);
      type = T.error;
    }
    this.globalType = type;
    this.types.set(decl.name.id, type);
  }

  /** Checks a struct's field types, default values and field names. */
  private checkStructDecl(decl: Ast.StructDecl): void {
    const seen = new Map<string, Ast.FieldDecl>();
    for (const field of decl.fields) {
      const first = seen.get(field.name.text);
      if (first) this.report(Code.Duplicate, field.name, `'${field.name.text}' is already defined`, { related: [this.relatedNode(first.name, 'first defined here')] });
      else seen.set(field.name.text, field);
      const fieldType = this.resolveType(field.type);
      if (field.value) this.expectType(field.value, fieldType);
    }
  }

  private relatedNode(node: { span: Ast.Span }, message: string): Related {
    return { file: this.host.file, start: this.item.start + node.span.start, end: this.item.start + node.span.end, message };
  }

  /** Checks an enum's member values (module-level or nested). */
  private checkEnumDecl(decl: Ast.EnumDecl): void {
    const backing = decl.backing ? this.resolveType(decl.backing) : T.i64;
    if (decl.backing && backing.kind !== 'int' && !isPoison(backing)) this.report(Code.Mismatch, decl.backing, `an enum's backing type must be an integer type, not ${typeToString(backing)}`);
    // A nested enum's values were worked out when its block began; here, at its declaration,
    // the constants declared before it are known too, and the values become final.
    const symbol = this.refs.get(decl.name.id);
    const local = symbol?.kind === 'enum' && this.localTypes.has(symbol) ? symbol : undefined;
    const seen = new Map<string, Ast.EnumMember>();
    let next = 0n;
    for (const [index, m] of decl.members.entries()) {
      const first = seen.get(m.name.text);
      if (first) this.report(Code.Duplicate, m.name, `'${m.name.text}' is already defined`, { related: [this.relatedNode(first.name, 'first defined here')] });
      else seen.set(m.name.text, m);
      const value = m.value ? this.checkEnumValue(m.value, decl, index, backing) : undefined;
      const member = local?.members[index];
      if (member) member.value = value ?? next;
      next = (value ?? next) + 1n;
    }
  }

  /** Checks one member's value; gives the value if it is a constant. */
  private checkEnumValue(value: Ast.Expr, decl: Ast.EnumDecl, index: number, backing: Type): bigint | undefined {
    // Using a member too early is the one error worth saying (its type is wrong too).
    this.quiet++;
    this.expr(value);
    this.quiet--;
    const early = this.memberUsedTooEarly(value, decl, index);
    if (early) {
      this.report(Code.Mismatch, early, "an enum member's value can use only the members before it");
      return undefined;
    }
    if (backing.kind === 'int') this.expectType(value, backing);
    else this.expr(value);
    const constant = this.constValue(value);
    if (constant === undefined) this.report(Code.Mismatch, value, 'an enum member value must be a constant integer');
    return constant;
  }

  /** The first name in `value` that is a member of `decl` at `index` or after it. */
  private memberUsedTooEarly(value: Ast.Expr, decl: Ast.EnumDecl, index: number): Ast.Name | undefined {
    const stack: AstNode[] = [value];
    for (let node = stack.pop(); node; node = stack.pop()) {
      if (node.kind === 'name') {
        const symbol = this.refs.get(node.id);
        if (symbol?.kind === 'enum-member' && symbol.owner.decl === decl && decl.members.findIndex((m) => m.name === symbol.nameNode) >= index) return node;
      }
      stack.push(...children(node).reverse());
    }
    return undefined;
  }

  // ------------------------------------------------------------------ functions

  /** Checks a function's body; returns its return type (declared or inferred). */
  checkFunction(decl: Ast.FunctionDecl, mode: ParamMode): Type {
    const declared = decl.returnType ? this.resolveType(decl.returnType) : undefined;
    const context: FnContext = {
      decl, name: decl.name.text, declared, inferred: undefined, sawValueReturn: false, sawEmptyReturn: false, loops: [], deferMarks: [],
    };
    if (decl.variadic && !decl.foreign) this.report(Code.Mismatch, decl.variadic, "'...' is only allowed in foreign function declarations");
    const outer = this.fn;
    this.fn = context;
    let ret: Type = declared ?? T.void;
    this.withBlock(decl.span, context, () => {
      decl.params.forEach((param, i) => {
        let type: Type;
        if (mode.kind === 'instantiate') type = mode.types[i] ?? T.error;
        else type = param.type ? this.resolveType(param.type) : T.generic;
        this.declareLocal(param.name, 'param', type, decl, true);
      });
      if (!decl.body) return;
      const falls = this.blockBody(decl.body, false);
      if (declared === undefined) {
        ret = context.inferred ? defaultType(context.inferred) : T.void;
      } else if (falls && declared.kind !== 'void' && !isPoison(declared)) {
        this.report(Code.MissingReturn, decl.name, `'${decl.name.text}' must return a value of type ${typeToString(declared)} on every path`);
      }
    });
    this.fn = outer;
    if (outer === undefined) this.returnType = ret;
    return ret;
  }

  // ------------------------------------------------------------------ scopes

  private withBlock<R>(span: Ast.Span, fn: FnContext | undefined, body: () => R): R {
    const record: ScopeRecord = { start: span.start, end: span.end, fn: (fn ?? this.fn)?.decl, entries: [] };
    this.scopeRecords.push(record);
    const scope: BlockScope = { names: new Map(), record, fn: fn ?? this.fn };
    this.blocks.push(scope);
    try {
      return body();
    } finally {
      this.blocks.pop();
      this.reportUnused(scope);
    }
  }

  private reportUnused(scope: BlockScope): void {
    for (const entry of scope.names.values()) {
      if (entry.kind !== 'local') continue;
      const local = entry.symbol;
      if (local.used || local.role === 'param' || local.name.startsWith('_') || local.nameNode.missing) continue;
      const what = local.role === 'loop' ? 'loop variable' : local.role === 'const' ? 'constant' : 'variable';
      this.report(Code.Unused, local.nameNode, `${what} '${local.name}' is never used`, { severity: 'warning', unnecessary: true });
    }
  }

  private declareLocal(name: Ast.Name, role: LocalSymbol['role'], type: Type, owner: Ast.FunctionDecl | undefined, isParam = false): LocalSymbol {
    const symbol: LocalSymbol = {
      kind: 'local', key: this.localKey(name.id), name: name.text, file: this.host.file, role, item: this.item,
      nameNode: name, type, owner, used: false, value: undefined,
    };
    this.refs.set(name.id, symbol);
    this.types.set(name.id, type);
    if (name.missing || name.text === '' || name.text === '_') return symbol; // `_` declares nothing
    const scope = this.blocks[this.blocks.length - 1]!;
    const existing = scope.names.get(name.text);
    if (existing) {
      const other = entrySymbol(existing);
      this.report(Code.Duplicate, name, `'${name.text}' is already defined`, other ? { related: [this.related(other, 'first defined here')] } : {});
    } else if (!isParam) {
      // A local may not shadow a local of an enclosing block of the same function.
      const shadowed = this.findLocal(name.text, 1);
      if (shadowed && shadowed.kind === 'local' && shadowed.fn === this.fn) {
        const role = shadowed.symbol.role === 'param' ? 'parameter' : shadowed.symbol.role === 'const' ? 'constant' : 'variable';
        this.report(Code.Shadowing, name, `'${name.text}' shadows a ${role} of an enclosing block`, { related: [this.related(shadowed.symbol, 'declared here')] });
      }
    }
    scope.names.set(name.text, { kind: 'local', symbol, fn: this.fn });
    scope.record.entries.push({ symbol, from: name.span.end });
    return symbol;
  }

  /** The innermost local entry for a name, skipping the innermost `skip` blocks. */
  private findLocal(name: string, skip = 0): LocalEntry | undefined {
    for (let i = this.blocks.length - 1 - skip; i >= 0; i--) {
      const entry = this.blocks[i]!.names.get(name);
      if (entry) return entry;
    }
    return undefined;
  }

  /** Declares the nested functions, structs and enums of a block before its statements run. */
  private hoist(statements: readonly Ast.Stmt[]): void {
    const scope = this.blocks[this.blocks.length - 1]!;
    for (const s of statements) {
      if (s.kind !== 'decl-stmt') continue;
      const decl = s.decl;
      if (decl.name.missing) continue;
      if (decl.kind === 'function') {
        const symbol: FunctionSymbol = {
          kind: 'function', key: this.localKey(decl.id), name: decl.name.text, file: this.host.file, item: this.item, nameNode: decl.name,
          decl, foreign: undefined, generic: decl.params.some((p) => !p.type), nested: true,
          type: { kind: 'function', params: [], ret: T.error, variadic: false },
        };
        this.refs.set(decl.name.id, symbol);
        this.nested.push(symbol);
        const existing = scope.names.get(symbol.name);
        if (existing?.kind === 'functions') existing.functions.push(symbol);
        else {
          if (existing) this.report(Code.Duplicate, decl.name, `'${symbol.name}' is already defined`);
          scope.names.set(symbol.name, { kind: 'functions', functions: [symbol] });
        }
        scope.record.entries.push({ symbol, from: scope.record.start });
      } else {
        const symbol = this.localTypeSymbol(decl);
        if (scope.names.has(symbol.name)) this.report(Code.Duplicate, decl.name, `'${symbol.name}' is already defined`);
        else scope.names.set(symbol.name, { kind: 'type', symbol });
        scope.record.entries.push({ symbol, from: scope.record.start });
      }
    }
    // Signatures after every name of the block is known (they may mention each other).
    for (const s of statements) {
      if (s.kind === 'decl-stmt' && s.decl.kind === 'function') {
        const symbol = this.refs.get(s.decl.name.id);
        if (symbol?.kind === 'function') symbol.type = this.localSignature(s.decl);
      } else if (s.kind === 'decl-stmt') {
        this.completeLocalType(s.decl as Ast.StructDecl | Ast.EnumDecl);
      }
    }
    // A nested function without a return type may be called before its declaration: infer
    // its return type now, quietly (the real check runs at the declaration).
    for (const s of statements) {
      if (s.kind !== 'decl-stmt' || s.decl.kind !== 'function' || s.decl.returnType || s.decl.params.some((p) => !p.type)) continue;
      const symbol = this.refs.get(s.decl.name.id);
      if (symbol?.kind !== 'function') continue;
      const records = this.scopeRecords.length;
      const nested = this.nested.length;
      this.quiet++;
      symbol.type = { ...symbol.type, ret: this.checkFunction(s.decl, { kind: 'declared' }) };
      this.quiet--;
      this.scopeRecords.length = records;
      this.nested.length = nested;
    }
  }

  private localSignature(decl: Ast.FunctionDecl): FunctionType {
    const untyped = decl.params.find((p) => !p.type);
    if (untyped) this.report(Code.CannotInfer, untyped, `a nested function cannot be generic; give '${untyped.name.text}' a type`);
    const params = decl.params.map((p) => (p.type ? this.resolveType(p.type) : T.generic));
    const ret = decl.returnType ? this.resolveType(decl.returnType) : T.void;
    return { kind: 'function', params, ret, variadic: false };
  }

  private localTypeSymbol(decl: Ast.StructDecl | Ast.EnumDecl): StructSymbol | EnumSymbol {
    if (decl.kind === 'struct') {
      const symbol = { kind: 'struct', key: this.localKey(decl.id), name: decl.name.text, file: this.host.file, item: this.item, nameNode: decl.name, decl, fields: [] } as unknown as StructSymbol;
      (symbol as { type: StructType }).type = { kind: 'struct', symbol };
      this.localTypes.add(symbol);
      this.refs.set(decl.name.id, symbol);
      return symbol;
    }
    const symbol = { kind: 'enum', key: this.localKey(decl.id), name: decl.name.text, file: this.host.file, item: this.item, nameNode: decl.name, decl, backing: T.i64, members: [] } as unknown as EnumSymbol;
    (symbol as { type: Type }).type = { kind: 'enum', symbol };
    this.localTypes.add(symbol);
    this.refs.set(decl.name.id, symbol);
    return symbol;
  }

  private completeLocalType(decl: Ast.StructDecl | Ast.EnumDecl): void {
    const symbol = this.refs.get(decl.name.id);
    if (symbol?.kind === 'struct' && decl.kind === 'struct') {
      symbol.fields = decl.fields.map((f, index) => {
        const field: FieldSymbol = { kind: 'field', key: this.localKey(f.id), name: f.name.text, file: this.host.file, item: this.item, nameNode: f.name, owner: symbol, index, type: this.resolveType(f.type), hasDefault: f.value !== undefined };
        this.refs.set(f.name.id, field);
        return field;
      });
    } else if (symbol?.kind === 'enum' && decl.kind === 'enum') {
      symbol.backing = decl.backing ? this.resolveType(decl.backing) : T.i64;
      // Members first, then their values in order, as for module-level enums (a value may use
      // the members before it). The values are checked quietly here and for real at the
      // declaration.
      symbol.members = decl.members.map((m) => {
        const member: EnumMemberSymbol = { kind: 'enum-member', key: this.localKey(m.id), name: m.name.text, file: this.host.file, item: this.item, nameNode: m.name, owner: symbol, value: 0n };
        this.refs.set(m.name.id, member);
        return member;
      });
      let next = 0n;
      this.quiet++;
      symbol.members.forEach((member, i) => {
        const valueExpr = decl.members[i]!.value;
        if (valueExpr) this.expr(valueExpr);
        member.value = (valueExpr ? this.constValue(valueExpr) : undefined) ?? next;
        next = member.value + 1n;
      });
      this.quiet--;
    }
  }

  fieldsOf(symbol: StructSymbol): readonly FieldSymbol[] {
    return this.localTypes.has(symbol) ? symbol.fields : this.host.fields(symbol);
  }

  membersOf(symbol: EnumSymbol): readonly EnumMemberSymbol[] {
    return this.localTypes.has(symbol) ? symbol.members : this.host.members(symbol);
  }

  // ------------------------------------------------------------------ types

  resolveType(t: Ast.TypeExpr): Type {
    switch (t.kind) {
      case 'named-type': {
        const type = this.namedType(t);
        this.types.set(t.id, type);
        return type;
      }
      case 'pointer-type':
        return pointerTo(this.resolveType(t.pointee));
      case 'slice-type':
        return sliceOf(this.resolveType(t.element));
      case 'array-type': {
        const element = this.resolveType(t.element);
        this.expr(t.length);
        const length = this.constValue(t.length);
        if (length === undefined || length < 0n || length > 0xffffffffn) {
          this.report(Code.ArrayLength, t.length, 'an array length must be a constant, non-negative integer');
          return { kind: 'array', length: 0, element };
        }
        return { kind: 'array', length: Number(length), element };
      }
      case 'function-type':
        return {
          kind: 'function',
          params: t.params.map((p) => this.resolveType(p)),
          ret: t.returnType ? this.resolveType(t.returnType) : T.void,
          variadic: t.variadic,
        };
      case 'error-type':
        return T.error;
    }
  }

  private namedType(t: Ast.NamedType): Type {
    const name = t.name.text;
    if (t.name.missing) return T.error;
    if (t.module) {
      const moduleBinding = this.lookupModuleLevel(t.module.text);
      if (moduleBinding?.kind !== 'single' || moduleBinding.symbol.kind !== 'module') {
        this.report(Code.UndefinedName, t.module, `undefined name '${t.module.text}'`);
        return T.error;
      }
      this.refs.set(t.module.id, moduleBinding.symbol);
      this.noteUse(moduleBinding.symbol);
      const exported = this.host.moduleMember(moduleBinding.symbol, name);
      if (!exported) {
        if (moduleBinding.symbol.target) this.report(Code.UndefinedMember, t.name, `module '${t.module.text}' has no declaration named '${name}'`);
        return T.error;
      }
      return this.typeOfBinding(exported, t.name);
    }
    const local = this.findLocal(name);
    if (local?.kind === 'type') {
      this.refs.set(t.name.id, local.symbol);
      return local.symbol.type;
    }
    const binding = local ? undefined : this.lookupModuleLevel(name);
    if (binding?.kind === 'single' && (binding.symbol.kind === 'struct' || binding.symbol.kind === 'enum')) {
      this.refs.set(t.name.id, binding.symbol);
      this.noteUse(binding.symbol);
      return binding.symbol.type;
    }
    const primitive = PRIMITIVES.get(name);
    if (primitive) return primitive;
    if (local || binding) {
      this.report(Code.NotAType, t.name, `'${name}' is not a type`);
      return T.error;
    }
    this.report(Code.UndefinedName, t.name, `undefined name '${name}'`);
    return T.error;
  }

  private typeOfBinding(binding: Binding, name: Ast.Name): Type {
    if (binding.kind === 'single' && (binding.symbol.kind === 'struct' || binding.symbol.kind === 'enum')) {
      this.refs.set(name.id, binding.symbol);
      return binding.symbol.type;
    }
    this.report(Code.NotAType, name, `'${name.text}' is not a type`);
    return T.error;
  }

  private lookupModuleLevel(name: string): Binding | undefined {
    return this.host.lookup(name);
  }

  /** Records a use of a module-level symbol (for the unused-import warning). */
  private noteUse(symbol: Symbol): void {
    this.usedSymbols.add(symbol);
  }

  /** Module-level symbols this item uses. */
  readonly usedSymbols = new Set<Symbol>();

  // ------------------------------------------------------------------ statements

  /**
   * Checks a block's statements in a new scope. Returns whether control can reach its end.
   * `scoped` false means the caller already opened the scope (a function body shares the
   * scope of its parameters).
   */
  private blockBody(block: Ast.Block, scoped = true): boolean {
    const run = () => {
      this.hoist(block.statements);
      let falls = true;
      let warned = false;
      for (const statement of block.statements) {
        if (!falls && !warned && statement.kind !== 'empty' && statement.kind !== 'decl-stmt' && statement.kind !== 'unreachable') {
          this.report(Code.Unreachable, statement, 'unreachable code', { severity: 'warning', unnecessary: true });
          warned = true;
        }
        const statementFalls = this.statement(statement);
        if (statement.kind !== 'decl-stmt') falls = falls && statementFalls;
      }
      return falls;
    };
    return scoped ? this.withBlock(block.span, undefined, run) : run();
  }

  /** Checks a statement; returns whether control can continue after it. */
  private statement(s: Ast.Stmt): boolean {
    switch (s.kind) {
      case 'block':
        return this.blockBody(s);
      case 'expr-stmt':
        return this.exprStatement(s.expr);
      case 'local':
        this.localDecl(s.decl);
        return true;
      case 'decl-stmt':
        this.nestedDecl(s.decl);
        return true;
      case 'if': {
        this.condition(s.condition);
        const thenFalls = this.blockBody(s.then);
        if (!s.otherwise) return true;
        const elseFalls = s.otherwise.kind === 'if' ? this.statement(s.otherwise) : this.blockBody(s.otherwise);
        return thenFalls || elseFalls;
      }
      case 'while': {
        this.condition(s.condition);
        const loop = this.loop(() => this.blockBody(s.body));
        // `while true` without a break never ends normally.
        const forever = s.condition.kind === 'bool' && s.condition.value;
        return !forever || loop.hasBreak;
      }
      case 'for':
        this.forStmt(s);
        return true;
      case 'switch':
        return this.switchStmt(s);
      case 'break':
      case 'continue': {
        const fn = this.fn;
        const deferMark = fn?.deferMarks[fn.deferMarks.length - 1];
        if (!fn || fn.loops.length === 0) {
          this.report(Code.LoopControl, s, `'${s.kind}' is only allowed inside a loop`);
        } else if (deferMark !== undefined && fn.loops.length <= deferMark) {
          this.report(Code.ReturnInDefer, s, `'${s.kind}' is not allowed to leave a 'defer'`);
        } else if (s.kind === 'break') {
          fn.loops[fn.loops.length - 1]!.hasBreak = true;
        }
        return false;
      }
      case 'return':
        this.returnStmt(s);
        return false;
      case 'defer': {
        const fn = this.fn;
        fn?.deferMarks.push(fn.loops.length);
        if (s.body.kind === 'block') this.blockBody(s.body);
        else this.exprStatement(s.body.expr);
        fn?.deferMarks.pop();
        return true;
      }
      case 'using':
        this.usingStmt(s);
        return true;
      case 'unreachable':
        return false;
      case 'push-context': {
        const context = this.host.contextType();
        if (context) this.expectType(s.value, context);
        else this.expr(s.value);
        return this.blockBody(s.body);
      }
      case 'empty':
        return true;
      case 'error-stmt':
        this.quiet++;
        for (const e of s.exprs) this.expr(e);
        this.quiet--;
        return true;
    }
  }

  private loop(body: () => void): Loop {
    const loop: Loop = { hasBreak: false };
    const fn = this.fn;
    fn?.loops.push(loop);
    body();
    fn?.loops.pop();
    return loop;
  }

  private exprStatement(e: Ast.Expr): boolean {
    this.expr(e);
    // `panic(...)` never returns.
    if (e.kind === 'call') {
      const chosen = this.calls.get(e.id)?.chosen;
      if (chosen?.foreign === 'builtin' && chosen.name === 'panic') return false;
    }
    return true;
  }

  private condition(e: Ast.Expr): void {
    this.expectType(e, T.bool);
  }

  private localDecl(decl: Ast.VarDecl | Ast.ConstDecl): void {
    const declared = decl.type ? this.resolveType(decl.type) : undefined;
    let type: Type;
    if (decl.value) {
      if (declared) this.expectType(decl.value, declared); // the declared type stands (see checkGlobal)
      type = declared ?? this.concrete(this.expr(decl.value), decl.value);
    } else if (declared) {
      type = declared;
    } else {
      this.report(Code.CannotInfer, decl.name, `cannot infer the type of '${decl.name.text}': give it a type or a value`);
      type = T.error;
    }
    const symbol = this.declareLocal(decl.name, decl.kind === 'const' ? 'const' : 'var', type, this.fn?.decl);
    if (decl.kind === 'const' && decl.value) symbol.value = this.constValue(decl.value);
  }

  private nestedDecl(decl: Ast.FunctionDecl | Ast.StructDecl | Ast.EnumDecl): void {
    if (decl.kind === 'function') {
      const ret = this.checkFunction(decl, { kind: 'declared' });
      const symbol = this.refs.get(decl.name.id);
      if (symbol?.kind === 'function' && !decl.returnType) symbol.type = { ...symbol.type, ret };
    } else if (decl.kind === 'struct') {
      this.checkStructDecl(decl);
    } else {
      this.checkEnumDecl(decl);
    }
  }

  private forStmt(s: Ast.ForStmt): void {
    const iterable = this.concrete(this.expr(s.iterable), s.iterable);
    let element: Type = T.error;
    switch (iterable.kind) {
      case 'range':
        element = iterable.element;
        break;
      case 'array':
      case 'slice':
        element = iterable.element;
        break;
      case 'string':
        element = T.char;
        break;
      case 'pointer':
        if (iterable.to.kind === 'array') element = iterable.to.element;
        else this.report(Code.NotIterable, s.iterable, `cannot iterate over a value of type ${typeToString(iterable)}`);
        break;
      default:
        if (!isPoison(iterable)) this.report(Code.NotIterable, s.iterable, `cannot iterate over a value of type ${typeToString(iterable)}`);
    }
    this.withBlock(s.span, undefined, () => {
      if (s.index) this.declareLocal(s.index, 'loop', T.i64, this.fn?.decl);
      this.declareLocal(s.item, 'loop', element, this.fn?.decl);
      this.loop(() => this.blockBody(s.body));
    });
  }

  private switchStmt(s: Ast.SwitchStmt): boolean {
    const valueType = this.concrete(this.expr(s.value), s.value);
    const enumSymbol = valueType.kind === 'enum' ? valueType.symbol : undefined;
    const handled = new Map<string, Ast.Expr>();
    const ranges: { lo: bigint; hi: bigint }[] = [];
    const inRange = (value: bigint) => ranges.some((r) => r.lo <= value && value <= r.hi);
    let falls = false;
    for (const c of s.cases) {
      for (const v of c.values) {
        if (v.kind === 'range') {
          if (!isPoison(valueType) && valueType.kind !== 'int') this.report(Code.Mismatch, v, `a range case needs an integer switch value, not ${typeToString(valueType)}`);
          this.expectType(v.start, valueType);
          this.expectType(v.end, valueType);
          this.types.set(v.id, { kind: 'range', element: valueType });
          const lo = this.constValue(v.start);
          const end = this.constValue(v.end);
          if (lo !== undefined && end !== undefined) {
            const hi = v.inclusive ? end : end - 1n;
            const overlap = [...handled.keys()].some((k) => /^-?\d+$/.test(k) && BigInt(k) >= lo && BigInt(k) <= hi) || ranges.some((r) => r.lo <= hi && lo <= r.hi);
            if (overlap) this.report(Code.DuplicateCase, v, `'${this.exprText(v.start)}..${v.inclusive ? '=' : ''}${this.exprText(v.end)}' overlaps an earlier case`);
            ranges.push({ lo, hi });
          }
          continue;
        }
        this.expectType(v, valueType);
        const key = this.caseKey(v, enumSymbol);
        if (key === undefined) continue;
        const earlier = handled.get(key) ?? (/^-?\d+$/.test(key) && inRange(BigInt(key)) ? v : undefined);
        if (earlier) this.report(Code.DuplicateCase, v, `'${key}' is already handled by an earlier case`);
        else handled.set(key, v);
      }
      if (this.blockBody(c.body)) falls = true;
    }
    if (s.otherwise) {
      if (this.blockBody(s.otherwise.body)) falls = true;
      return falls;
    }
    if (enumSymbol) {
      const missing = this.membersOf(enumSymbol).filter((m) => !handled.has(m.name)).map((m) => m.name);
      if (missing.length > 0) {
        this.report(Code.NonExhaustive, s.value, `switch over '${enumSymbol.name}' does not handle ${missing.join(', ')}`);
        return true;
      }
      return falls;
    }
    if (valueType.kind === 'bool' && handled.has('true') && handled.has('false')) return falls;
    return true; // a value no case matches goes past the switch
  }

  /** A key identifying a case value's constant, for duplicate detection. */
  private caseKey(v: Ast.Expr, enumSymbol: EnumSymbol | undefined): string | undefined {
    if (enumSymbol) {
      const ref = v.kind === 'implicit-member' ? this.refs.get(v.member.id) : v.kind === 'member' ? this.refs.get(v.member.id) : undefined;
      return ref?.kind === 'enum-member' ? ref.name : undefined;
    }
    if (v.kind === 'string') return JSON.stringify(v.value);
    if (v.kind === 'bool') return String(v.value);
    const value = this.constValue(v);
    return value === undefined ? undefined : String(value);
  }

  private returnStmt(s: Ast.ReturnStmt): void {
    const fn = this.fn;
    if (!fn) return;
    if (fn.deferMarks.length > 0) this.report(Code.ReturnInDefer, s, "'return' is not allowed inside 'defer'");
    if (fn.declared !== undefined) {
      if (s.value) {
        if (fn.declared.kind === 'void') {
          this.expr(s.value);
          this.report(Code.ReturnValue, s.value, `'${fn.name}' returns nothing; remove the value or declare '-> T'`);
        } else {
          this.expectType(s.value, fn.declared);
        }
      } else if (fn.declared.kind !== 'void' && !isPoison(fn.declared)) {
        this.report(Code.ReturnValue, s, `'${fn.name}' must return a value of type ${typeToString(fn.declared)}`);
      }
      return;
    }
    // Inferring: every return must agree with the ones before it.
    if (!s.value) {
      if (fn.sawValueReturn) this.report(Code.ReturnValue, s, `'${fn.name}' must return a value of type ${typeToString(defaultType(fn.inferred ?? T.void))}`);
      fn.sawEmptyReturn = true;
      return;
    }
    if (fn.sawEmptyReturn) {
      this.expr(s.value);
      this.report(Code.ReturnValue, s.value, `'${fn.name}' returns nothing; remove the value or declare '-> T'`);
      return;
    }
    fn.sawValueReturn = true;
    if (fn.inferred === undefined) {
      const type = this.expr(s.value);
      if (type.kind === 'void') this.report(Code.VoidValue, s.value, 'this expression has no value');
      fn.inferred = this.concrete(type, s.value);
      return;
    }
    const type = this.expr(s.value);
    const common = commonType(fn.inferred, type);
    if (!common) {
      if (!isPoison(type) && !isPoison(fn.inferred)) this.report(Code.Mismatch, s.value, `type mismatch: expected ${typeToString(fn.inferred)}, found ${typeToString(type)}`);
      return;
    }
    fn.inferred = defaultType(common);
  }

  private usingStmt(s: Ast.UsingStmt): void {
    const type = this.expr(s.value);
    const scope = this.blocks[this.blocks.length - 1]!;
    if (type.kind === 'type' && type.type.kind === 'enum') {
      for (const member of this.membersOf(type.type.symbol)) {
        scope.names.set(member.name, { kind: 'using-member', member });
        scope.record.entries.push({ symbol: member, from: s.span.end });
      }
      return;
    }
    const structType = type.kind === 'pointer' && type.to.kind === 'struct' ? type.to : type;
    const base = s.value.kind === 'name-expr' ? this.refs.get(s.value.name.id) : undefined;
    if (structType.kind === 'struct' && (base?.kind === 'local' || base?.kind === 'global')) {
      for (const field of this.fieldsOf(structType.symbol)) {
        scope.names.set(field.name, { kind: 'using-field', base, field });
        scope.record.entries.push({ symbol: field, from: s.span.end });
      }
      return;
    }
    if (!isPoison(type)) this.report(Code.Mismatch, s.value, `'using' takes a struct variable or an enum type, not ${typeToString(type)}`);
  }

  // ------------------------------------------------------------------ expressions

  /** Checks `e` against the type it must have; returns that type (or the error type). */
  expectType(e: Ast.Expr, target: Type): Type {
    if (e.kind === 'implicit-member' || (e.kind === 'array-literal' && e.elements.length === 0) || e.kind === 'null') {
      return this.deferred(e, target);
    }
    const actual = this.expr(e, target);
    return this.coerce(e, actual, target);
  }

  /** Converts a checked expression's type to `target`, reporting a mismatch. */
  private coerce(e: Ast.Expr, actual: Type, target: Type): Type {
    if (isPoison(actual) || isPoison(target)) return target;
    if (actual.kind === 'overloads' && target.kind === 'function') return this.pickFunction(e, actual, target) ?? T.error;
    if (actual.kind === 'void') {
      this.report(Code.VoidValue, e, this.voidMessage(e));
      return T.error;
    }
    const conversion = convert(actual, target);
    if (conversion.ok) {
      this.settle(e, target);
      return target;
    }
    if (conversion.outOfRange) this.report(Code.OutOfRange, e, conversion.outOfRange);
    else this.report(Code.Mismatch, e, `type mismatch: expected ${typeToString(target)}, found ${typeToString(this.valueType(actual))}`);
    return T.error;
  }

  private voidMessage(e: Ast.Expr): string {
    if (e.kind === 'call') {
      const chosen = this.calls.get(e.id)?.chosen;
      if (chosen) return `'${chosen.name}' returns nothing; its result cannot be used`;
    }
    return 'this expression has no value';
  }

  /** Records `target` as the type of an untyped literal expression (and its untyped parts). */
  private settle(e: Ast.Expr, target: Type): void {
    const current = this.types.get(e.id);
    if (!current || (current.kind !== 'untyped-int' && current.kind !== 'untyped-float' && current.kind !== 'null')) return;
    this.types.set(e.id, target);
    if (e.kind === 'paren') this.settle(e.inner, target);
    else if (e.kind === 'unary') this.settle(e.operand, target);
    else if (e.kind === 'binary' && !['==', '!=', '<', '<=', '>', '>=', '&&', '||'].includes(e.operator)) {
      this.settle(e.left, target);
      if (e.operator !== '<<' && e.operator !== '>>') this.settle(e.right, target);
    }
  }

  /** Expressions whose type comes from where they are used: `.Member`, `[]`, `null`. */
  private deferred(e: Ast.Expr, target: Type): Type {
    if (e.kind === 'null') {
      this.types.set(e.id, T.null);
      return this.coerce(e, T.null, target);
    }
    if (e.kind === 'array-literal') {
      this.types.set(e.id, target);
      if (target.kind === 'array' || target.kind === 'slice' || isPoison(target)) {
        if (target.kind === 'array' && target.length !== 0) this.report(Code.Mismatch, e, `type mismatch: expected ${typeToString(target)}, found [0]${typeToString(target.element)}`);
        return target;
      }
      this.report(Code.Mismatch, e, `type mismatch: expected ${typeToString(target)}, found an empty array literal`);
      return T.error;
    }
    const member = (e as Ast.ImplicitMemberExpr).member;
    if (target.kind === 'enum') {
      this.expectEnum(e, target.symbol);
      const found = this.membersOf(target.symbol).find((m) => m.name === member.text);
      if (found) {
        this.refs.set(member.id, found);
        this.types.set(e.id, target);
        return target;
      }
      if (!member.missing) this.report(Code.UndefinedMember, member, `enum '${target.symbol.name}' has no member '${member.text}'`);
      return T.error;
    }
    if (!isPoison(target)) this.report(Code.CannotInfer, e, `cannot tell which enum '.${member.text}' belongs to; write the enum's name before it`);
    return T.error;
  }

  /** A type usable as a value: literals take their default type; types and modules are errors. */
  concrete(t: Type, e: Ast.Expr): Type {
    switch (t.kind) {
      case 'untyped-int':
      case 'untyped-float': {
        const type = defaultType(t);
        this.settle(e, type);
        return type;
      }
      case 'null':
        this.report(Code.CannotInfer, e, "cannot infer the type of 'null' here; give the variable a pointer type");
        return T.error;
      case 'type':
        this.report(Code.NotAValue, e, `'${this.exprText(e)}' is a type, not a value`);
        return T.error;
      case 'module':
        this.report(Code.NotAValue, e, `'${t.symbol.name}' is a module, not a value`);
        return T.error;
      case 'overloads':
        return this.pickFunction(e, t, undefined) ?? T.error;
      case 'void':
        this.report(Code.VoidValue, e, this.voidMessage(e));
        return T.error;
      default:
        return t;
    }
  }

  /** The type to show in messages for a checked expression's type. */
  private valueType(t: Type): Type {
    if (t.kind === 'overloads' && t.candidates.length === 1) return this.signatureOf(t.candidates[0]!);
    return t;
  }

  private exprText(e: Ast.Expr): string {
    if (e.kind === 'name-expr') return e.name.text;
    if (e.kind === 'member') return `${this.exprText(e.object)}.${e.member.text}`;
    if (e.kind === 'int' && e.value !== undefined) return String(e.value);
    if (e.kind === 'unary' && e.operator === '-') return `-${this.exprText(e.operand)}`;
    return 'this';
  }

  /** A function named as a value: the one candidate, or the one whose type is expected. */
  private pickFunction(e: Ast.Expr, set: Extract<Type, { kind: 'overloads' }>, expected: Type | undefined): Type | undefined {
    const name = e.kind === 'name-expr' ? e.name : e.kind === 'member' ? e.member : undefined;
    let chosen: FunctionSymbol | undefined;
    if (expected?.kind === 'function') chosen = set.candidates.find((f) => sameType(this.signatureOf(f), expected));
    else if (set.candidates.length === 1) chosen = set.candidates[0];
    if (!chosen) {
      if (expected?.kind === 'function') {
        const found = set.candidates.length === 1 ? typeToString(this.signatureOf(set.candidates[0]!)) : `overload set '${set.name}' (${set.candidates.length} functions)`;
        this.report(Code.Mismatch, e, `type mismatch: expected ${typeToString(expected)}, found ${found}`);
      }
      else this.report(Code.Ambiguous, e, `'${set.name}' names ${set.candidates.length} functions; give the variable a function type to pick one`);
      return undefined;
    }
    if (chosen.generic) {
      this.report(Code.NotAValue, e, `generic function '${set.name}' cannot be used as a value; call it instead`);
      return undefined;
    }
    if (name) this.refs.set(name.id, chosen);
    const type = this.signatureOf(chosen);
    this.types.set(e.id, type);
    return type;
  }

  private signatureOf(fn: FunctionSymbol): FunctionType {
    if (fn.nested) return fn.type;
    if (fn.decl.returnType || fn.generic || fn.foreign) return this.host.signature(fn);
    // Recursion: the return type so far, if a `return` before the call has given one.
    const own = this.fn?.decl === fn.decl ? this.fn : undefined;
    if (own && this.host.isInferring(fn)) {
      const params = fn.decl.params.map((p) => (p.type ? this.resolveType(p.type) : T.generic));
      return { kind: 'function', params, ret: own.inferred ? defaultType(own.inferred) : T.error, variadic: false };
    }
    const signature = this.host.signature(fn);
    return this.host.inCycle(fn) ? { ...signature, ret: T.error } : signature;
  }

  expr(e: Ast.Expr, expected?: Type): Type {
    if (this.depth > MAX_EXPR_DEPTH) return T.error;
    this.depth++;
    let type: Type;
    try {
      type = this.exprOf(e, expected);
    } finally {
      this.depth--;
    }
    if (!this.types.has(e.id) || e.kind !== 'call') this.types.set(e.id, type);
    return type;
  }

  private exprOf(e: Ast.Expr, expected: Type | undefined): Type {
    switch (e.kind) {
      case 'name-expr':
        return this.nameExpr(e);
      case 'int':
        return untypedInt(e.value);
      case 'float':
        return T.untypedFloat;
      case 'string':
        return T.string;
      case 'char':
        return e.value === undefined || e.value < 128 ? T.char : T.rune;
      case 'bool':
        return T.bool;
      case 'null':
        return T.null;
      case 'context':
        return this.host.contextType() ?? T.error;
      case 'paren':
        return this.expr(e.inner, expected);
      case 'binary':
        return this.binary(e, expected);
      case 'assign':
        this.assign(e);
        return T.void;
      case 'range': {
        const start = this.expr(e.start);
        const end = this.expr(e.end);
        const common = commonType(start, end);
        const element = common && (common.kind === 'int' || common.kind === 'untyped-int') ? defaultType(common) : undefined;
        if (!element) {
          if (!isPoison(start) && !isPoison(end)) this.report(Code.BadOperator, e, `a range needs integers, not ${typeToString(start)} and ${typeToString(end)}`);
          return { kind: 'range', element: T.error };
        }
        this.settle(e.start, element);
        this.settle(e.end, element);
        return { kind: 'range', element };
      }
      case 'cast':
        return this.cast(e);
      case 'unary':
        return this.unary(e, expected);
      case 'call':
        return this.call(e);
      case 'index':
        return this.index(e);
      case 'slice':
        return this.slice(e);
      case 'member':
        return this.member(e);
      case 'implicit-member':
        if (expected) return this.deferred(e, expected);
        this.report(Code.CannotInfer, e, `cannot tell which enum '.${e.member.text}' belongs to; write the enum's name before it`);
        return T.error;
      case 'struct-literal':
        return this.structLiteral(e);
      case 'array-literal':
        return this.arrayLiteral(e, expected);
      case 'type-value':
        return { kind: 'type', type: this.resolveType(e.type) };
      case 'error-expr':
        return T.error;
    }
  }

  // ------------------------------------------------------------------ names

  private nameExpr(e: Ast.NameExpr): Type {
    const name = e.name;
    if (name.missing || name.text === '') return T.error;
    const local = this.findLocal(name.text);
    if (local) return this.localEntryType(local, name);
    const binding = this.lookupModuleLevel(name.text);
    if (binding) return this.bindingType(binding, name);
    const primitive = PRIMITIVES.get(name.text);
    if (primitive) return { kind: 'type', type: primitive };
    this.report(Code.UndefinedName, name, `undefined name '${name.text}'`);
    return T.error;
  }

  private localEntryType(entry: LocalEntry, name: Ast.Name): Type {
    switch (entry.kind) {
      case 'local': {
        const local = entry.symbol;
        this.refs.set(name.id, local);
        local.used = true;
        if (entry.fn !== undefined && entry.fn !== this.fn && local.role !== 'const') {
          this.report(Code.Capture, name, `a nested function cannot use '${name.text}', a local of the enclosing function`, { related: [this.related(local, 'declared here')] });
          return T.error;
        }
        return local.type;
      }
      case 'functions':
        if (entry.functions.length === 1) this.refs.set(name.id, entry.functions[0]!);
        return { kind: 'overloads', name: name.text, candidates: entry.functions };
      case 'type':
        this.refs.set(name.id, entry.symbol);
        return { kind: 'type', type: entry.symbol.type };
      case 'using-field':
        this.refs.set(name.id, entry.field);
        if (entry.base.kind === 'local') entry.base.used = true;
        return entry.field.type;
      case 'using-member':
        this.refs.set(name.id, entry.member);
        return entry.member.owner.type;
    }
  }

  private bindingType(binding: Binding, name: Ast.Name): Type {
    if (binding.kind === 'functions') {
      for (const f of binding.functions) this.noteUse(f);
      if (binding.functions.length === 1) this.refs.set(name.id, binding.functions[0]!);
      return { kind: 'overloads', name: name.text, candidates: binding.functions };
    }
    const symbol = binding.symbol;
    this.refs.set(name.id, symbol);
    this.noteUse(symbol);
    switch (symbol.kind) {
      case 'global': {
        const { type } = this.host.global(symbol);
        if (!symbol.decl.type && (this.host.inCycle(symbol) || this.host.isInferring(symbol))) {
          this.report(Code.CannotInfer, name, `cannot infer the type of '${symbol.name}': its value depends on itself`);
          return T.error;
        }
        return type;
      }
      case 'struct':
      case 'enum':
        return { kind: 'type', type: symbol.type };
      case 'module':
        return { kind: 'module', symbol };
      case 'function':
        return { kind: 'overloads', name: name.text, candidates: [symbol] };
    }
  }

  // ------------------------------------------------------------------ operators

  private binary(e: Ast.BinaryExpr, expected: Type | undefined): Type {
    const op = e.operator;
    if (op === '&&' || op === '||') {
      const left = this.operand(e.left, this.expr(e.left, T.bool));
      const right = this.operand(e.right, this.expr(e.right, T.bool));
      if (!isPoison(left) && !isPoison(right) && (left.kind !== 'bool' || right.kind !== 'bool')) {
        this.report(Code.BadOperator, e.operatorSpan, `operator '${op}' cannot be applied to ${typeToString(left)} and ${typeToString(right)}`);
      }
      return T.bool;
    }
    const arithmeticExpectation = expected && isNumeric(expected) && !['==', '!=', '<', '<=', '>', '>='].includes(op) ? expected : undefined;
    // `.Member`, `null` and `[]` take their type from the other operand: `mode == .Free`.
    const deferredLeft = isDeferredExpr(e.left);
    const deferredRight = isDeferredExpr(e.right);
    let left: Type;
    let right: Type;
    if (deferredLeft && !deferredRight) {
      right = this.operand(e.right, this.expr(e.right, arithmeticExpectation));
      left = isPoison(right) ? T.error : e.left.kind === 'null' ? this.expr(e.left) : this.deferred(e.left, right);
    } else {
      left = this.operand(e.left, this.expr(e.left, arithmeticExpectation));
      right = deferredRight && !deferredLeft
        ? (isPoison(left) ? T.error : e.right.kind === 'null' ? this.expr(e.right) : this.deferred(e.right, left))
        : this.operand(e.right, this.expr(e.right, op === '<<' || op === '>>' ? undefined : arithmeticExpectation));
    }
    if (isPoison(left) || isPoison(right)) return ['==', '!=', '<', '<=', '>', '>='].includes(op) ? T.bool : left.kind === 'error' ? right : left;
    const fail = (): Type => {
      this.report(Code.BadOperator, e.operatorSpan, `operator '${op}' cannot be applied to ${typeToString(this.valueType(left))} and ${typeToString(this.valueType(right))}`);
      return T.error;
    };
    if (op === '<<' || op === '>>') {
      if ((left.kind !== 'int' && left.kind !== 'untyped-int') || (right.kind !== 'int' && right.kind !== 'untyped-int')) return fail();
      if (left.kind === 'untyped-int' && right.kind === 'untyped-int') return untypedInt(evalConstBinary(op, left.value, right.value));
      if (right.kind === 'untyped-int') this.settle(e.right, T.u64);
      return left;
    }
    const common = commonType(left, right);
    if (!common) return fail();
    if (common.kind === 'untyped-int' && left.kind === 'untyped-int' && right.kind === 'untyped-int') {
      if (['==', '!=', '<', '<=', '>', '>='].includes(op)) return T.bool;
      return untypedInt(evalConstBinary(op, left.value, right.value));
    }
    this.settle(e.left, common);
    this.settle(e.right, common);
    switch (op) {
      case '==':
      case '!=':
        return this.comparable(common) ? T.bool : fail();
      case '<':
      case '<=':
      case '>':
      case '>=':
        if (isNumeric(common) || common.kind === 'untyped-int' || common.kind === 'untyped-float' || common.kind === 'string') return T.bool;
        return fail();
      case '+':
      case '-':
      case '*':
      case '/':
        return isNumeric(common) || common.kind === 'untyped-float' ? common : fail();
      case '%':
        return common.kind === 'int' ? common : fail();
      case '&':
      case '|':
      case '^':
        return common.kind === 'int' ? common : fail();
    }
    return fail();
  }

  /**
   * An operand's value type: types, modules and nothing (void) are not values, and a function
   * name is its function's value. Literals stay untyped.
   */
  private operand(e: Ast.Expr, t: Type): Type {
    if (t.kind === 'type' || t.kind === 'module' || t.kind === 'void' || t.kind === 'overloads' || t.kind === 'null') {
      return t.kind === 'null' ? t : this.concrete(t, e);
    }
    return t;
  }

  /** Whether `==` applies: scalars, strings (by content), and structs and arrays of those. */
  private comparable(t: Type, seen = new Set<StructSymbol>()): boolean {
    if (isNumeric(t) || ['untyped-int', 'untyped-float', 'bool', 'enum', 'pointer', 'string', 'null', 'function'].includes(t.kind)) return true;
    if (t.kind === 'array') return this.comparable(t.element, seen);
    if (t.kind === 'struct') {
      if (seen.has(t.symbol)) return true;
      seen.add(t.symbol);
      return this.fieldsOf(t.symbol).every((f) => this.comparable(f.type, seen));
    }
    return false;
  }

  private assign(e: Ast.AssignExpr): void {
    // Assigning to a variable is not reading it: `x = 1` alone leaves x unused.
    const targetLocal = e.target.kind === 'name-expr' ? this.findLocal(e.target.name.text) : undefined;
    const wasUsed = targetLocal?.kind === 'local' ? targetLocal.symbol.used : undefined;
    const target = this.expr(e.target);
    if (e.operator === '=' && targetLocal?.kind === 'local' && wasUsed !== undefined) targetLocal.symbol.used = wasUsed;
    this.checkAssignable(e.target);
    if (e.operator !== '=' && e.target.kind === 'name-expr') {
      const local = this.refs.get(e.target.name.id);
      if (local?.kind === 'local') local.used = true; // `x += 1` reads x
    }
    if (e.operator === '=') {
      this.expectType(e.value, target);
      return;
    }
    const op = e.operator.slice(0, -1);
    const value = this.expr(e.value, isNumeric(target) ? target : undefined);
    if (isPoison(target) || isPoison(value)) return;
    const ok = op === '<<' || op === '>>'
      ? target.kind === 'int' && (value.kind === 'int' || value.kind === 'untyped-int')
      : (op === '%' || op === '&' || op === '|' || op === '^' ? target.kind === 'int' : isNumeric(target)) && convert(value, target).ok;
    if (ok) {
      if (op !== '<<' && op !== '>>') this.settle(e.value, target);
      const conversion = convert(value, target);
      if (!conversion.ok && conversion.outOfRange) this.report(Code.OutOfRange, e.value, conversion.outOfRange);
      return;
    }
    const conversion = convert(value, target);
    if (!conversion.ok && conversion.outOfRange && isNumeric(target)) this.report(Code.OutOfRange, e.value, conversion.outOfRange);
    else this.report(Code.BadOperator, e.operatorSpan, `operator '${e.operator}' cannot be applied to ${typeToString(target)} and ${typeToString(value)}`);
  }

  /** Reports why an assignment target cannot be assigned, if it cannot. */
  private checkAssignable(target: Ast.Expr): void {
    const inner = target.kind === 'paren' ? target.inner : target;
    if (inner.kind === 'name-expr') {
      const symbol = this.refs.get(inner.name.id);
      if (!symbol) return;
      if (symbol.kind === 'local') {
        if (symbol.role === 'const') this.report(Code.AssignConst, inner, `cannot assign to constant '${symbol.name}'`);
        else if (symbol.role === 'param') this.report(Code.NotAssignable, inner, `cannot assign to parameter '${symbol.name}'; copy it into a 'var' first`);
        else if (symbol.role === 'loop') this.report(Code.NotAssignable, inner, `cannot assign to loop variable '${symbol.name}'`);
        return;
      }
      if (symbol.kind === 'global') {
        if (symbol.constant) this.report(Code.AssignConst, inner, `cannot assign to constant '${symbol.name}'`);
        return;
      }
      if (symbol.kind === 'field') return; // through `using`
      this.report(Code.NotAssignable, inner, 'cannot assign to this expression');
      return;
    }
    if (!this.isLvalue(inner) && !isPoison(this.types.get(inner.id) ?? T.error)) {
      this.report(Code.NotAssignable, inner, 'cannot assign to this expression');
      return;
    }
    // A field or element of a parameter, constant or loop variable (not behind a pointer) is
    // part of that value: it is immutable too.
    const root = this.storageRoot(inner);
    if (root?.kind === 'local' && root.role !== 'var') {
      if (root.role === 'const') this.report(Code.AssignConst, inner, `cannot assign to constant '${root.name}'`);
      else if (root.role === 'param') this.report(Code.NotAssignable, inner, `cannot assign to parameter '${root.name}'; copy it into a 'var' first`);
      else this.report(Code.NotAssignable, inner, `cannot assign to loop variable '${root.name}'`);
    } else if (root?.kind === 'global' && root.constant) {
      this.report(Code.AssignConst, inner, `cannot assign to constant '${root.name}'`);
    }
  }

  /** The variable whose storage a field/element chain is part of (undefined behind a pointer or slice). */
  private storageRoot(e: Ast.Expr): Symbol | undefined {
    switch (e.kind) {
      case 'paren':
        return this.storageRoot(e.inner);
      case 'name-expr':
        return this.refs.get(e.name.id);
      case 'member':
        return this.types.get(e.object.id)?.kind === 'struct' ? this.storageRoot(e.object) : undefined;
      case 'index':
        return this.types.get(e.object.id)?.kind === 'array' ? this.storageRoot(e.object) : undefined;
      default:
        return undefined;
    }
  }

  /** Whether an expression denotes storage (assignable and addressable). */
  private isLvalue(e: Ast.Expr): boolean {
    switch (e.kind) {
      case 'paren':
        return this.isLvalue(e.inner);
      case 'name-expr': {
        const symbol = this.refs.get(e.name.id);
        return symbol?.kind === 'local' || (symbol?.kind === 'global') || symbol?.kind === 'field';
      }
      case 'member': {
        const objectType = this.types.get(e.object.id);
        if (objectType?.kind === 'pointer') return true;
        if (objectType?.kind === 'struct') return this.isLvalue(e.object);
        return false;
      }
      case 'index': {
        const objectType = this.types.get(e.object.id);
        if (objectType?.kind === 'array') return this.isLvalue(e.object);
        return objectType?.kind === 'slice' || objectType?.kind === 'pointer';
      }
      case 'unary':
        return e.operator === '*';
      default:
        return false;
    }
  }

  private cast(e: Ast.CastExpr): Type {
    const target = this.resolveType(e.type);
    const value = this.operand(e.value, this.expr(e.value));
    if (isPoison(target) || isPoison(value)) return target;
    const from = value;
    const ok =
      sameType(from, target) ||
      ((isNumeric(from) || from.kind === 'untyped-int' || from.kind === 'untyped-float') && isNumeric(target)) ||
      ((from.kind === 'int' || from.kind === 'untyped-int') && target.kind === 'enum') ||
      (from.kind === 'enum' && (target.kind === 'int' || target.kind === 'enum')) ||
      (from.kind === 'bool' && target.kind === 'int') ||
      ((from.kind === 'pointer' || from.kind === 'null' || from.kind === 'function') && (target.kind === 'pointer' || target.kind === 'function')) ||
      (from.kind === 'pointer' && target.kind === 'int' && target.bits === 64) ||
      (((from.kind === 'int' && from.bits === 64) || from.kind === 'untyped-int') && target.kind === 'pointer');
    if (!ok) {
      this.report(Code.BadCast, e, `cannot cast ${typeToString(this.valueType(from))} to ${typeToString(target)}`);
      return target;
    }
    if (from.kind === 'untyped-int' && target.kind === 'int' && from.value !== undefined && !fitsIn(from.value, target)) {
      this.report(Code.OutOfRange, e.value, rangeMessage(from.value, target));
    }
    if (from.kind === 'untyped-int' || from.kind === 'untyped-float') this.settle(e.value, isNumeric(target) ? target : T.i64);
    return target;
  }

  private unary(e: Ast.UnaryExpr, expected: Type | undefined): Type {
    switch (e.operator) {
      case '-': {
        const t = this.operand(e.operand, this.expr(e.operand, expected && isNumeric(expected) ? expected : undefined));
        if (t.kind === 'untyped-int') return untypedInt(t.value === undefined ? undefined : -t.value);
        if (isNumeric(t) || t.kind === 'untyped-float' || isPoison(t)) return t;
        this.report(Code.BadOperator, e, `operator '-' cannot be applied to ${typeToString(t)}`);
        return T.error;
      }
      case '!': {
        const t = this.operand(e.operand, this.expr(e.operand, T.bool));
        if (t.kind !== 'bool' && !isPoison(t)) this.report(Code.BadOperator, e, `operator '!' cannot be applied to ${typeToString(t)}`);
        return T.bool;
      }
      case '~': {
        const t = this.operand(e.operand, this.expr(e.operand, expected));
        if (t.kind === 'untyped-int') return untypedInt(t.value === undefined ? undefined : ~t.value);
        if (t.kind === 'int' || isPoison(t)) return t;
        this.report(Code.BadOperator, e, `operator '~' cannot be applied to ${typeToString(t)}`);
        return T.error;
      }
      case '*': {
        const t = this.expr(e.operand);
        if (t.kind === 'pointer') return t.to;
        if (t.kind === 'type') return { kind: 'type', type: pointerTo(t.type) }; // `*T` as a type
        if (!isPoison(t)) this.report(Code.Deref, e, `cannot dereference a value of type ${typeToString(this.valueType(t))}`);
        return T.error;
      }
      case '&': {
        const t = this.expr(e.operand);
        if (isPoison(t)) return T.error;
        if (!this.isLvalue(e.operand)) {
          this.report(Code.AddressOf, e, 'cannot take the address of this expression');
          return T.error;
        }
        return pointerTo(t);
      }
    }
  }

  // ------------------------------------------------------------------ calls

  private call(e: Ast.CallExpr): Type {
    const calleeType = this.expr(e.callee);
    const nameNode = e.callee.kind === 'name-expr' ? e.callee.name : e.callee.kind === 'member' ? e.callee.member : undefined;
    if (calleeType.kind === 'overloads') {
      const builtin = calleeType.candidates.length === 1 && calleeType.candidates[0]!.foreign === 'builtin' ? calleeType.candidates[0]! : undefined;
      if (builtin && BUILTIN_RULES.has(builtin.name)) return this.builtinCall(e, builtin, nameNode);
      return this.functionCall(e, calleeType, nameNode);
    }
    if (calleeType.kind === 'function') {
      this.checkArguments(e, calleeType, undefined);
      this.calls.set(e.id, { candidates: [], chosen: undefined, signature: calleeType });
      return calleeType.ret;
    }
    for (const arg of e.args) this.expr(arg);
    if (isPoison(calleeType)) return T.error;
    if (calleeType.kind === 'type') {
      this.report(Code.NotCallable, e.callee, `'${this.exprText(e.callee)}' is a type; convert with 'value as ${typeToString(calleeType.type)}'`);
    } else {
      this.report(Code.NotCallable, e.callee, `cannot call a value of type ${typeToString(this.valueType(calleeType))}`);
    }
    return T.error;
  }

  private functionCall(e: Ast.CallExpr, set: Extract<Type, { kind: 'overloads' }>, nameNode: Ast.Name | undefined): Type {
    const candidates = set.candidates;
    // One candidate that is not generic: check each argument against its parameter directly,
    // which gives the most precise messages.
    if (candidates.length === 1 && !candidates[0]!.generic) {
      const fn = candidates[0]!;
      const signature = this.signatureOf(fn);
      if (nameNode) this.refs.set(nameNode.id, fn);
      this.checkArguments(e, signature, fn);
      this.calls.set(e.id, { candidates, chosen: fn, signature });
      this.reportInferenceCycle(fn, signature, nameNode ?? e.callee);
      return signature.ret;
    }
    const args: Argument[] = e.args.map((expr) => ({ expr, type: isDeferred({ expr, type: T.error }) ? T.error : this.expr(expr) }));
    const resolution = resolveOverload(
      candidates,
      args,
      (fn) => this.signatureOf(fn),
      (fn) => this.host.isStd(fn),
      (arg, param) => this.fitsDeferred(arg.expr, param),
    );
    if (resolution.kind === 'none') {
      for (const arg of args) if (isDeferred(arg)) this.types.set(arg.expr.id, T.error);
      if (!args.some((a) => isPoison(a.type))) {
        const shown = args.map((a) => (isDeferred(a) ? (a.expr.kind === 'implicit-member' ? `.${a.expr.member.text}` : '[]') : typeToString(this.valueType(a.type)))).join(', ');
        this.report(Code.NoOverload, nameNode ?? e.callee, `no overload of '${set.name}' takes (${shown})`, {
          related: resolution.reasons.map((r) => this.related(r.fn, `${this.describe(r.fn)}: ${r.reason}`)),
        });
      }
      this.calls.set(e.id, { candidates, chosen: undefined, signature: undefined });
      return T.error;
    }
    if (resolution.kind === 'ambiguous') {
      for (const arg of args) if (isDeferred(arg)) this.types.set(arg.expr.id, T.error);
      this.report(Code.Ambiguous, nameNode ?? e.callee, `call to '${set.name}' is ambiguous: ${resolution.candidates.length} functions match equally well`, {
        related: resolution.candidates.map((fn) => this.related(fn, this.describe(fn))),
      });
      this.calls.set(e.id, { candidates, chosen: undefined, signature: undefined });
      return T.error;
    }
    const fn = resolution.fn;
    if (nameNode) this.refs.set(nameNode.id, fn);
    const declared = this.signatureOf(fn);
    let signature = declared;
    if (resolution.generic) {
      const argTypes = instantiationTypes(declared, args.map((a) => a.type));
      signature = this.instantiate(e, fn, argTypes, nameNode);
    }
    // Give each argument its parameter's type (literals settle, `.X` and `[]` resolve).
    args.forEach((arg, i) => {
      const param = signature.params[i];
      if (param === undefined) this.variadicArgument(arg.expr, arg.type);
      else if (isDeferred(arg)) this.expectType(arg.expr, param);
      else this.coerce(arg.expr, arg.type, param);
    });
    this.calls.set(e.id, { candidates, chosen: fn, signature });
    this.reportInferenceCycle(fn, signature, nameNode ?? e.callee);
    return signature.ret;
  }

  /** A call that needs a return type still being inferred (recursion before any return). */
  private reportInferenceCycle(fn: FunctionSymbol, signature: FunctionType, at: { span: Ast.Span }): void {
    if (signature.ret.kind !== 'error' || fn.decl.returnType || fn.generic || fn.nested || fn.foreign) return;
    const own = this.fn?.decl === fn.decl;
    if (!(own ? this.host.isInferring(fn) : this.host.inCycle(fn))) return;
    this.report(Code.CannotInfer, at, `cannot infer the return type of '${fn.name}': it is needed before any 'return' gives it; write '-> T'`);
  }

  /** A generic function's signature for `argTypes`, checking its body for them. */
  private instantiate(e: Ast.CallExpr, fn: FunctionSymbol, argTypes: readonly Type[], nameNode: Ast.Name | undefined): FunctionType {
    if (fn.nested || argTypes.some(isPoison)) {
      // Nested functions cannot be generic (reported at them); poisoned arguments were reported.
      return { kind: 'function', params: argTypes, ret: T.error, variadic: false };
    }
    const at = nameNode ?? e.callee;
    const result = this.host.instantiate(fn, argTypes, { start: this.item.start + e.span.start, end: this.item.start + e.span.end });
    if (result.error) {
      const args = argTypes.map(typeToString).join(', ');
      this.report(Code.Instantiation, at, `'${fn.name}' cannot be instantiated with (${args}): ${result.error.message}`, {
        related: [{ file: fn.file, start: result.error.start, end: result.error.end, message: result.error.message }],
      });
    }
    return { kind: 'function', params: argTypes, ret: result.ret, variadic: false };
  }

  /** Whether `.Member` or `[]` can be a value of the parameter type. */
  private fitsDeferred(e: Ast.Expr, param: Type): boolean {
    if (e.kind === 'array-literal') return param.kind === 'slice' || (param.kind === 'array' && param.length === 0);
    if (e.kind === 'implicit-member' && param.kind === 'enum') {
      this.expectEnum(e, param.symbol);
      return this.membersOf(param.symbol).some((m) => m.name === e.member.text);
    }
    return false;
  }

  private expectEnum(e: Ast.Expr, symbol: EnumSymbol): void {
    const list = this.enumsExpected.get(e.id);
    if (!list) this.enumsExpected.set(e.id, [symbol]);
    else if (!list.includes(symbol)) list.push(symbol);
  }

  /** Checks arguments against one signature, reporting arity and each mismatch. */
  private checkArguments(e: Ast.CallExpr, signature: FunctionType, fn: FunctionSymbol | undefined): void {
    const params = signature.params;
    const tooFew = e.args.length < params.length;
    const tooMany = !signature.variadic && e.args.length > params.length;
    if (tooFew || tooMany) {
      const name = fn ? `'${fn.name}'` : e.callee.kind === 'name-expr' ? `'${e.callee.name.text}'` : 'this function';
      const count = signature.variadic ? `at least ${params.length}` : `${params.length}`;
      const plural = params.length === 1 ? 'argument' : 'arguments';
      this.report(Code.Arity, e.argsSpan, `${name} takes ${count} ${plural} but ${e.args.length} ${e.args.length === 1 ? 'was' : 'were'} given`);
    }
    e.args.forEach((arg, i) => {
      const param = params[i];
      if (param === undefined) {
        if (signature.variadic) this.variadicArgument(arg, this.expr(arg));
        else this.expr(arg);
      } else {
        this.expectType(arg, param);
      }
    });
  }

  /** An argument for a C variadic parameter: scalars and pointers only (C's rules). */
  private variadicArgument(e: Ast.Expr, type: Type): void {
    const t = this.concrete(type, e);
    if (isPoison(t) || isNumeric(t) || t.kind === 'bool' || t.kind === 'pointer' || t.kind === 'enum') return;
    const hint = t.kind === 'string' ? `; pass ${this.exprText(e) === 'this' ? 'its' : this.exprText(e)}.data` : '';
    this.report(Code.ForeignArgument, e, `cannot pass ${typeToString(t)} to a C variadic parameter${hint}`);
  }

  /** Signature text for notes: `area(c: Circle) -> f64`. */
  private describe(fn: FunctionSymbol): string {
    const signature = this.signatureOf(fn);
    const params = fn.decl.params.map((p, i) => (p.type ? `${p.name.text}: ${typeToString(signature.params[i] ?? T.error)}` : p.name.text));
    if (signature.variadic) params.push('...');
    const ret = signature.ret.kind === 'void' ? '' : ` -> ${typeToString(signature.ret)}`;
    return `${fn.name}(${params.join(', ')})${ret}`;
  }

  // ------------------------------------------------------------------ builtins

  private builtinCall(e: Ast.CallExpr, fn: FunctionSymbol, nameNode: Ast.Name | undefined): Type {
    if (nameNode) this.refs.set(nameNode.id, fn);
    const rule = BUILTIN_RULES.get(fn.name)!;
    const ret = rule(this, e);
    this.calls.set(e.id, { candidates: [fn], chosen: fn, signature: this.signatureOf(fn) });
    return ret;
  }

  /** Builtin helper: a printable argument. */
  printable(e: Ast.Expr): void {
    const t = this.concrete(this.expr(e), e);
    if (t.kind === 'function' || t.kind === 'range') this.report(Code.Builtin, e, `cannot print a value of type ${typeToString(t)}`);
  }

  /** Builtin helper: an argument that names a type (`u8`, `*Node`, `[]i64`, `geo.Vec2`). */
  typeArgument(e: Ast.Expr, what: string): Type | undefined {
    const t = this.expr(e);
    if (t.kind === 'type') return t.type;
    if (!isPoison(t)) this.report(Code.Builtin, e, what);
    return undefined;
  }

  builtinError(e: Ast.CallExpr, message: string): void {
    this.report(Code.Builtin, e.argsSpan, message);
  }

  // ------------------------------------------------------------------ indexing and members

  private index(e: Ast.IndexExpr): Type {
    const object = this.expr(e.object);
    this.expectInteger(e.index);
    switch (object.kind) {
      case 'array':
      case 'slice':
        return object.element;
      case 'pointer':
        return object.to.kind === 'array' ? object.to.element : object.to;
      case 'string':
        return T.char;
      default:
        if (!isPoison(object)) this.report(Code.NotIndexable, e.object, `cannot index a value of type ${typeToString(this.valueType(object))}`);
        return T.error;
    }
  }

  private expectInteger(e: Ast.Expr): void {
    const t = this.expr(e);
    if (t.kind === 'untyped-int') this.settle(e, T.i64);
    else if (t.kind !== 'int' && !isPoison(t)) this.report(Code.Mismatch, e, `type mismatch: expected an integer, found ${typeToString(this.valueType(t))}`);
  }

  private slice(e: Ast.SliceExpr): Type {
    const object = this.expr(e.object);
    for (const bound of [e.start, e.end, e.step]) if (bound) this.expectInteger(bound);
    switch (object.kind) {
      case 'array':
      case 'slice':
        return sliceOf(object.element);
      case 'pointer':
        if (object.to.kind === 'array') return sliceOf(object.to.element);
        break;
      case 'string':
        if (e.step) this.report(Code.NotIndexable, e.step, 'a string cannot be sliced with a step');
        return T.string;
    }
    if (!isPoison(object)) this.report(Code.NotIndexable, e.object, `cannot slice a value of type ${typeToString(this.valueType(object))}`);
    return T.error;
  }

  private member(e: Ast.MemberExpr): Type {
    const object = this.expr(e.object);
    const name = e.member;
    if (name.missing || isPoison(object)) return T.error;
    if (object.kind === 'type' && object.type.kind === 'enum') {
      const enumSymbol = object.type.symbol;
      const member = this.membersOf(enumSymbol).find((m) => m.name === name.text);
      if (member) {
        this.refs.set(name.id, member);
        return object.type;
      }
      this.report(Code.UndefinedMember, name, `enum '${enumSymbol.name}' has no member '${name.text}'`);
      return T.error;
    }
    if (object.kind === 'module') {
      const binding = this.host.moduleMember(object.symbol, name.text);
      if (binding) return this.bindingType(binding, name);
      if (object.symbol.target) this.report(Code.UndefinedMember, name, `module '${object.symbol.name}' has no declaration named '${name.text}'`);
      return T.error;
    }
    const base = object.kind === 'pointer' ? object.to : object;
    if (base.kind === 'struct') {
      const field = this.fieldsOf(base.symbol).find((f) => f.name === name.text);
      if (field) {
        this.refs.set(name.id, field);
        return field.type;
      }
      this.report(Code.UndefinedMember, name, `struct '${base.symbol.name}' has no field '${name.text}'`);
      return T.error;
    }
    if (base.kind === 'string') {
      if (name.text === 'len') return T.i64;
      if (name.text === 'data') return pointerTo(T.u8);
    } else if (base.kind === 'slice' || base.kind === 'array') {
      if (name.text === 'len') return T.i64;
      if (name.text === 'data') return pointerTo(base.element);
    }
    this.report(Code.UndefinedMember, name, `type '${typeToString(this.valueType(object))}' has no member '${name.text}'`);
    return T.error;
  }

  // ------------------------------------------------------------------ literals

  private structLiteral(e: Ast.StructLiteral): Type {
    const typeValue = this.expr(e.type);
    if (typeValue.kind !== 'type' || typeValue.type.kind !== 'struct') {
      for (const f of e.fields) this.expr(f.value);
      if (!isPoison(typeValue)) this.report(Code.StructLiteral, e.type, `'${this.exprText(e.type)}' is not a struct`);
      return T.error;
    }
    const struct = typeValue.type;
    const fields = this.fieldsOf(struct.symbol);
    const named = e.fields.filter((f) => f.name);
    if (named.length > 0 && named.length < e.fields.length) {
      this.report(Code.StructLiteral, e, 'a struct literal cannot mix named and positional fields');
    }
    if (named.length === 0 && e.fields.length > fields.length) {
      this.report(Code.StructLiteral, e, `struct '${struct.symbol.name}' has ${fields.length} fields but ${e.fields.length} values were given`);
    }
    const given = new Set<string>();
    e.fields.forEach((init, i) => {
      let field: FieldSymbol | undefined;
      if (init.name) {
        field = fields.find((f) => f.name === init.name!.text);
        if (!field) {
          if (!init.name.missing) this.report(Code.UndefinedMember, init.name, `struct '${struct.symbol.name}' has no field '${init.name.text}'`);
        } else {
          this.refs.set(init.name.id, field);
          if (given.has(field.name)) this.report(Code.StructLiteral, init.name, `field '${field.name}' is given twice`);
          given.add(field.name);
        }
      } else if (named.length === 0) {
        field = fields[i];
      }
      if (field) this.expectType(init.value, field.type);
      else this.expr(init.value);
    });
    return struct;
  }

  private arrayLiteral(e: Ast.ArrayLiteral, expected: Type | undefined): Type {
    const expectedElement = expected?.kind === 'array' || expected?.kind === 'slice' ? expected.element : undefined;
    if (e.elements.length === 0) {
      if (expected) return this.deferred(e, expected);
      this.report(Code.CannotInfer, e, 'cannot infer the type of an empty array literal; give the variable a type');
      return T.error;
    }
    let element: Type;
    if (expectedElement) {
      for (const el of e.elements) this.expectType(el, expectedElement);
      element = expectedElement;
    } else {
      element = this.concrete(this.expr(e.elements[0]!), e.elements[0]!);
      for (const el of e.elements.slice(1)) this.expectType(el, element);
    }
    return { kind: 'array', length: e.elements.length, element };
  }

  // ------------------------------------------------------------------ constants

  /** The value of a constant integer expression, or undefined if it is not one. */
  constValue(e: Ast.Expr): bigint | undefined {
    switch (e.kind) {
      case 'int':
        return e.value;
      case 'char':
        return e.value === undefined ? undefined : BigInt(e.value);
      case 'paren':
        return this.constValue(e.inner);
      case 'unary': {
        const v = this.constValue(e.operand);
        if (v === undefined) return undefined;
        return e.operator === '-' ? -v : e.operator === '~' ? ~v : undefined;
      }
      case 'binary': {
        const l = this.constValue(e.left);
        const r = this.constValue(e.right);
        return l === undefined || r === undefined ? undefined : evalConstBinary(e.operator, l, r);
      }
      case 'cast':
        return this.constValue(e.value);
      case 'name-expr': {
        const symbol = this.refs.get(e.name.id);
        if (symbol?.kind === 'local' && symbol.role === 'const') return symbol.value;
        if (symbol?.kind === 'global' && symbol.constant) return this.host.global(symbol).value;
        if (symbol?.kind === 'enum-member') return symbol.value;
        return undefined;
      }
      case 'member': {
        const symbol = this.refs.get(e.member.id);
        if (symbol?.kind === 'enum-member') return symbol.value;
        if (symbol?.kind === 'global' && symbol.constant) return this.host.global(symbol).value;
        return undefined;
      }
      default:
        return undefined;
    }
  }
}

/** Expressions whose type comes from where they are used. */
function isDeferredExpr(e: Ast.Expr): boolean {
  return e.kind === 'implicit-member' || e.kind === 'null' || (e.kind === 'array-literal' && e.elements.length === 0);
}

function entrySymbol(entry: LocalEntry): Symbol | undefined {
  switch (entry.kind) {
    case 'local':
      return entry.symbol;
    case 'functions':
      return entry.functions[0];
    case 'type':
      return entry.symbol;
    case 'using-field':
      return entry.field;
    case 'using-member':
      return entry.member;
  }
}

type BuiltinRule = (checker: Checker, e: Ast.CallExpr) => Type;

/** Builtins whose typing no Zolt signature can express. The others have ordinary signatures. */
const BUILTIN_RULES: ReadonlyMap<string, BuiltinRule> = new Map<string, BuiltinRule>([
  ['print', (c, e) => {
    for (const arg of e.args) c.printable(arg);
    return T.void;
  }],
  ['println', (c, e) => {
    for (const arg of e.args) c.printable(arg);
    return T.void;
  }],
  ['alloc', (c, e) => {
    if (e.args.length !== 2) {
      for (const arg of e.args) c.expr(arg);
      c.builtinError(e, "'alloc' expects a type and a count");
      return T.error;
    }
    const element = c.typeArgument(e.args[0]!, "'alloc' expects a type as its first argument");
    c.expectType(e.args[1]!, T.i64);
    return element ? sliceOf(element) : T.error;
  }],
  ['free', (c, e) => {
    if (e.args.length !== 1) {
      for (const arg of e.args) c.expr(arg);
      c.builtinError(e, "'free' expects a slice or a pointer");
      return T.void;
    }
    const t = c.concrete(c.expr(e.args[0]!), e.args[0]!);
    if (t.kind !== 'slice' && t.kind !== 'pointer' && t.kind !== 'string' && !isPoison(t)) c.builtinError(e, "'free' expects a slice or a pointer");
    return T.void;
  }],
  ['size_of', (c, e) => {
    if (e.args.length !== 1) {
      for (const arg of e.args) c.expr(arg);
      c.builtinError(e, "'size_of' expects a type");
      return T.i64;
    }
    c.typeArgument(e.args[0]!, "'size_of' expects a type");
    return T.i64;
  }],
  ['copy', (c, e) => {
    if (e.args.length !== 2) {
      for (const arg of e.args) c.expr(arg);
      c.builtinError(e, "'copy' expects two slices of the same element type");
      return T.i64;
    }
    const dst = c.concrete(c.expr(e.args[0]!), e.args[0]!);
    const src = c.concrete(c.expr(e.args[1]!), e.args[1]!);
    const element = (t: Type) => (t.kind === 'slice' || t.kind === 'array' ? t.element : undefined);
    const a = element(dst);
    const b = element(src);
    if (!isPoison(dst) && !isPoison(src) && (!a || !b || !sameType(a, b))) c.builtinError(e, "'copy' expects two slices of the same element type");
    return T.i64;
  }],
]);

export type { ModuleSymbol };
