// The checker's state and the services every part of it uses: reporting, the results it
// records, module-level lookups. The checker is split by concern into a chain of classes, one
// file each, each layer building on the ones before it (as Babel's parser is):
//
//   base -> constants -> type-exprs -> scopes -> expressions -> operators -> calls ->
//   statements -> checker
//
// A layer calls later layers only through the abstract methods declared at the end of this
// class. The whole chain is one object per checked item (or generic instantiation): it never
// reads files and caches nothing across items.

import * as path from 'node:path';
import { Code } from '../codes';
import type { Ast, Diagnostic, LoweredItem, Related, Severity } from '../../syntax';
import type { Binding } from '../scope';
import type {
  EnumMemberSymbol, EnumSymbol, FieldSymbol, FunctionSymbol, GlobalSymbol, LocalSymbol,
  StructSymbol, Symbol,
} from '../symbols';
import { T, type FunctionType, type Type } from '../types';
import type { CallInfo, CheckHost, EnumFacts, ItemCheck, ScopeRecord } from './host';
import { symbolNameRange } from '../symbols';

export type LocalEntry =
  | { readonly kind: 'local'; readonly symbol: LocalSymbol; readonly fn: FnContext | undefined }
  | { readonly kind: 'functions'; readonly functions: FunctionSymbol[] }
  | { readonly kind: 'type'; readonly symbol: StructSymbol | EnumSymbol }
  | { readonly kind: 'using-field'; readonly base: LocalSymbol | GlobalSymbol; readonly field: FieldSymbol }
  | { readonly kind: 'using-member'; readonly member: EnumMemberSymbol };

export interface BlockScope {
  readonly names: Map<string, LocalEntry>;
  readonly record: ScopeRecord;
  readonly fn: FnContext | undefined;
}

export interface Loop {
  hasBreak: boolean;
}

export interface FnContext {
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
  /** The argument types of the instantiation being checked (a generic function's). */
  readonly instance: readonly Type[] | undefined;
}

/** What the checker is asked to do with a function's parameters. */
export type ParamMode = { readonly kind: 'declared' } | { readonly kind: 'instantiate'; readonly types: readonly Type[] };

export const MAX_EXPR_DEPTH = 300;


export abstract class CheckerBase {
  protected readonly diagnostics: Diagnostic[] = [];
  protected readonly types = new Map<number, Type>();
  protected readonly refs = new Map<number, Symbol>();
  protected readonly usingBases = new Map<number, LocalSymbol | GlobalSymbol>();
  protected readonly calls = new Map<number, CallInfo>();
  protected readonly scopeRecords: ScopeRecord[] = [];
  protected readonly nested: FunctionSymbol[] = [];
  /** For each `.Member` expression, the enums it was tried as (for completion). */
  protected readonly enumsExpected = new Map<number, EnumSymbol[]>();
  /** What is worked out about the functions, structs and enums declared inside the item. */
  protected readonly localSignatures = new Map<FunctionSymbol, FunctionType>();
  protected readonly localFieldTypes = new Map<FieldSymbol, Type>();
  protected readonly localEnums = new Map<EnumSymbol, EnumFacts>();
  /** Locals that something reads (the others get the unused-variable warning). */
  protected readonly usedLocals = new Set<LocalSymbol>();
  protected readonly blocks: BlockScope[] = [];
  fn: FnContext | undefined;
  /** >0 while checking text inside a syntax error: names resolve, nothing is reported. */
  protected quiet = 0;
  protected depth = 0;
  returnType: Type | undefined;
  globalType: Type | undefined;
  globalValue: bigint | undefined;

  constructor(
    protected readonly host: CheckHost,
    protected readonly item: LoweredItem,
  ) {}

  result(): ItemCheck {
    return {
      diagnostics: this.diagnostics,
      types: this.types,
      refs: this.refs,
      usingBases: this.usingBases,
      calls: this.calls,
      scopes: this.scopeRecords,
      returnType: this.returnType,
      globalType: this.globalType,
      globalValue: this.globalValue,
      nested: this.nested,
      local: { signatures: this.localSignatures, fieldTypes: this.localFieldTypes, enums: this.localEnums },
      used: this.usedSymbols,
      cycle: new Set(),
      enumsExpected: this.enumsExpected,
    };
  }

  // ------------------------------------------------------------------ reporting

  protected report(code: string, node: { span: Ast.Span } | Ast.Span, message: string, options: { severity?: Severity; related?: Related[]; unnecessary?: boolean } = {}): void {
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

  protected related(symbol: Symbol, message: string): Related {
    return { file: symbol.file, ...symbolNameRange(symbol), message };
  }

  protected localKey(id: number): string {
    return `${this.host.file}#${this.item.start}:${id}`;
  }

  protected relatedNode(node: { span: Ast.Span }, message: string): Related {
    return { file: this.host.file, start: this.item.start + node.span.start, end: this.item.start + node.span.end, message };
  }


  /** A struct's fields; asking records the dependency on their types. */
  fieldsOf(symbol: StructSymbol): readonly FieldSymbol[] {
    if (!symbol.nested) this.host.fieldTypes(symbol);
    return symbol.fields;
  }

  fieldType(field: FieldSymbol): Type {
    if (field.owner.nested) return this.localFieldTypes.get(field) ?? T.error;
    return this.host.fieldTypes(field.owner)[field.index] ?? T.error;
  }

  /** An enum's backing type and member values. */
  enumFacts(symbol: EnumSymbol): EnumFacts {
    if (symbol.nested) return this.localEnums.get(symbol) ?? { backing: T.i64, values: symbol.members.map(() => 0n) };
    return this.host.enumFacts(symbol);
  }

  /** An enum's members; asking records the dependency on their values. */
  membersOf(symbol: EnumSymbol): readonly EnumMemberSymbol[] {
    this.enumFacts(symbol);
    return symbol.members;
  }

  memberValue(member: EnumMemberSymbol): bigint {
    return this.enumFacts(member.owner).values[member.index] ?? 0n;
  }

  /** What a name means at the top level; a name two imports declare is reported at `at`. */
  protected lookupModuleLevel(name: string, at?: Ast.Name): Binding | undefined {
    const binding = this.host.lookup(name);
    const ambiguous = at && binding ? this.host.ambiguity(name) : undefined;
    if (at && ambiguous) {
      const files = ambiguous.map((s) => `'${path.basename(s.file)}'`).join(' and ');
      this.report(Code.AmbiguousName, at, `'${name}' is ambiguous: ${files} both declare it; import one of them with an alias`, {
        related: ambiguous.map((s) => this.related(s, `'${name}' declared here`)),
      });
      for (const symbol of ambiguous) this.noteUse(symbol); // neither import is unused
    }
    return binding;
  }

  /** Records a use of a module-level symbol (for the unused-import warning). */
  protected noteUse(symbol: Symbol): void {
    this.usedSymbols.add(symbol);
  }

  /** Module-level symbols this item uses. */
  readonly usedSymbols = new Set<Symbol>();
  /** Overload sets whose members are in `usedSymbols` already. */
  protected readonly notedSets = new WeakSet<readonly FunctionSymbol[]>();

  /** The innermost local entry for a name, skipping the innermost `skip` blocks. */
  protected findLocal(name: string, skip = 0): LocalEntry | undefined {
    for (let i = this.blocks.length - 1 - skip; i >= 0; i--) {
      const entry = this.blocks[i]!.names.get(name);
      if (entry) return entry;
    }
    return undefined;
  }

  // ------------------------------------------------------------------ defined by later layers

  abstract expr(e: Ast.Expr, expected?: Type): Type;
  abstract expectType(e: Ast.Expr, target: Type): Type;
  abstract concrete(t: Type, e: Ast.Expr): Type;
  abstract checkFunction(decl: Ast.FunctionDecl, mode: ParamMode): Type;
  protected abstract checkStructDecl(decl: Ast.StructDecl): void;
  protected abstract checkEnumDecl(decl: Ast.EnumDecl): void;
  protected abstract binary(e: Ast.BinaryExpr, expected: Type | undefined): Type;
  protected abstract assign(e: Ast.AssignExpr): void;
  protected abstract call(e: Ast.CallExpr): Type;
  protected abstract expectEnum(e: Ast.Expr, symbol: EnumSymbol): void;
  protected abstract blockBody(block: Ast.Block, scoped?: boolean): boolean;
  protected abstract statement(s: Ast.Stmt): boolean;
}


/** Expressions whose type comes from where they are used. */
export function isDeferredExpr(e: Ast.Expr): boolean {
  return e.kind === 'implicit-member' || e.kind === 'null' || (e.kind === 'array-literal' && e.elements.length === 0);
}

export function entrySymbol(entry: LocalEntry): Symbol | undefined {
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
