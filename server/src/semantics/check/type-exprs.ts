// Type expressions: `i64`, `*Node`, `[4]f64`, `[]u8`, `fn(i64) -> i64`, `geo.Vec2`.

import type { Ast } from '../../syntax';
import { Code } from '../codes';
import type { Binding } from '../scope';
import { isPoison, pointerTo, PRIMITIVES, sliceOf, T, type Type } from '../types';
import { ConstantChecker } from './constants';

export abstract class TypeExprChecker extends ConstantChecker {
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
        const lengthType = this.expr(t.length);
        const length = this.constValue(t.length);
        if (length === undefined && isPoison(lengthType)) return { kind: 'array', length: 0, element }; // reported
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

  protected namedType(t: Ast.NamedType): Type {
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
    const binding = local ? undefined : this.lookupModuleLevel(name, t.name);
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

  protected typeOfBinding(binding: Binding, name: Ast.Name): Type {
    if (binding.kind === 'single' && (binding.symbol.kind === 'struct' || binding.symbol.kind === 'enum')) {
      this.refs.set(name.id, binding.symbol);
      return binding.symbol.type;
    }
    this.report(Code.NotAType, name, `'${name.text}' is not a type`);
    return T.error;
  }
}
