// The checker: one top-level item at a time, it resolves every name, infers and checks every
// type, resolves overloaded calls and follows control flow. It reports diagnostics with
// item-relative ranges and records, per AST node, the types and symbols that hover,
// go-to-definition, the other editor features and the elaboration (elaborate/) read.
//
// This file holds the items (functions, globals, structs, enums, foreign blocks); the checks
// of their parts are in the classes it extends (base.ts explains the chain).

import type { Ast } from '../../syntax';
import { children, type AstNode } from '../../syntax';
import { Code } from '../codes';
import type { EnumSymbol, StructSymbol, Symbol } from '../symbols';
import { defaultType, isPoison, T, typeToString, type Type } from '../types';
import type { ItemCheck } from './host';
import { StatementChecker } from './statements';
import { type ParamMode, type FnContext } from './base';

export class Checker extends StatementChecker {
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

  protected checkForeign(f: Ast.FunctionDecl, block: Ast.ForeignBlock): void {
    const last = f.params[f.params.length - 1];
    if (f.variadic && last && f.variadic.start < last.span.start) this.report(Code.Mismatch, f.variadic, "'...' must be the last parameter");
    const seen = new Map<string, Ast.Param>();
    for (const p of f.params) {
      const first = seen.get(p.name.text);
      if (first && !p.name.missing) this.report(Code.Duplicate, p.name, `'${p.name.text}' is already a parameter of '${f.name.text}'`, { related: [this.relatedNode(first.name, 'first defined here')] });
      else seen.set(p.name.text, p);
    }
    for (const p of f.params) {
      if (!p.type && block.library !== 'builtin') this.report(Code.Mismatch, p, `the parameters of a foreign function need types`);
      else if (p.type) this.resolveType(p.type);
    }
    if (f.returnType) this.resolveType(f.returnType);
  }

  protected checkGlobal(decl: Ast.ConstDecl | Ast.VarDecl): void {
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

  /**
   * Checks a struct's field types, default values and field names, and that it does not
   * contain itself by value. A nested struct's field types become final here (see
   * completeLocalType).
   */
  protected checkStructDecl(decl: Ast.StructDecl): void {
    const symbol = this.refs.get(decl.name.id) ?? this.declaredSymbol(decl);
    const struct = symbol?.kind === 'struct' ? symbol : undefined;
    const seen = new Map<string, Ast.FieldDecl>();
    decl.fields.forEach((field, index) => {
      const first = seen.get(field.name.text);
      if (first) this.report(Code.Duplicate, field.name, `'${field.name.text}' is already defined`, { related: [this.relatedNode(first.name, 'first defined here')] });
      else seen.set(field.name.text, field);
      const fieldType = this.resolveType(field.type);
      const fieldSymbol = struct?.fields[index];
      if (struct?.nested && fieldSymbol) this.localFieldTypes.set(fieldSymbol, fieldType);
      if (field.value) this.expectType(field.value, fieldType);
    });
    if (struct) this.checkContainsItself(struct, decl);
  }

  /** The module-level symbol an item's declaration makes (a struct or enum at the top level). */
  private declaredSymbol(decl: Ast.StructDecl | Ast.EnumDecl): Symbol | undefined {
    const binding = this.host.lookup(decl.name.text);
    if (binding?.kind !== 'single') return undefined;
    return binding.symbol.kind === decl.kind && (binding.symbol as StructSymbol | EnumSymbol).decl === decl ? binding.symbol : undefined;
  }

  /**
   * A struct that holds itself by value, directly or through other structs and arrays, would be
   * infinitely large. Reported at the first field of `struct` that leads back to it.
   */
  private checkContainsItself(struct: StructSymbol, decl: Ast.StructDecl): void {
    const contains = (type: Type, visiting: Set<StructSymbol>): boolean => {
      while (type.kind === 'array') type = type.element;
      if (type.kind !== 'struct') return false;
      if (type.symbol === struct) return true;
      if (visiting.has(type.symbol)) return false;
      visiting.add(type.symbol);
      return type.symbol.fields.some((f) => contains(this.fieldType(f), visiting));
    };
    const field = struct.fields.find((f) => contains(this.fieldType(f), new Set()));
    if (!field) return;
    this.report(Code.StructCycle, decl.fields[field.index]!.name, `struct '${struct.name}' contains itself through field '${field.name}'; use a pointer (*${struct.name}) or a slice`);
  }


  /** Checks an enum's member values (module-level or nested). */
  protected checkEnumDecl(decl: Ast.EnumDecl): void {
    const backing = decl.backing ? this.resolveType(decl.backing) : T.i64;
    if (decl.backing && backing.kind !== 'int' && !isPoison(backing)) this.report(Code.Mismatch, decl.backing, `an enum's backing type must be an integer type, not ${typeToString(backing)}`);
    // A nested enum's values were worked out when its block began; here, at its declaration,
    // the constants declared before it are known too, and the values become final.
    const symbol = this.refs.get(decl.name.id);
    const local = symbol?.kind === 'enum' && symbol.nested ? symbol : undefined;
    const values = local?.members.map(() => 0n);
    if (local && values) this.localEnums.set(local, { backing, values });
    const seen = new Map<string, Ast.EnumMember>();
    let next = 0n;
    for (const [index, m] of decl.members.entries()) {
      const first = seen.get(m.name.text);
      if (first) this.report(Code.Duplicate, m.name, `'${m.name.text}' is already defined`, { related: [this.relatedNode(first.name, 'first defined here')] });
      else seen.set(m.name.text, m);
      const value = m.value ? this.checkEnumValue(m.value, decl, index, backing) : undefined;
      if (values) values[index] = value ?? next;
      next = (value ?? next) + 1n;
    }
  }

  /** Checks one member's value; gives the value if it is a constant. */
  protected checkEnumValue(value: Ast.Expr, decl: Ast.EnumDecl, index: number, backing: Type): bigint | undefined {
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
  protected memberUsedTooEarly(value: Ast.Expr, decl: Ast.EnumDecl, index: number): Ast.Name | undefined {
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
      instance: mode.kind === 'instantiate' ? mode.types : undefined,
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
        this.declareLocal(param.name, 'param', type, decl, { isParam: true });
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
}
