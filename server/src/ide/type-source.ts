// A type written as Zolt source (`*Vec2`, `[4]f64`, `fn(i64) -> bool`) by the refactorings and
// fixes that write types into code. Struct and enum names come from a `Namer`, which knows how
// the type is reached where the text goes (its own name, or `geo.Vec2` through an alias), or
// says it cannot be (a nested struct out of its block).

import type { EnumSymbol, StructSymbol, Type } from '../semantics';

export type Namer = (symbol: StructSymbol | EnumSymbol) => string | undefined;

/** A type as Zolt source (`*Vec2`, `[4]f64`, `fn(i64) -> bool`), or undefined when it cannot be written. */
export function typeSource(type: Type, name: Namer): string | undefined {
  switch (type.kind) {
    case 'int':
    case 'float':
      return type.name;
    case 'bool':
    case 'string':
      return type.kind;
    case 'pointer': {
      const to = type.to.kind === 'void' ? 'void' : typeSource(type.to, name);
      // `*fn() -> T` would read the pointer into the function's return type.
      return to === undefined ? undefined : type.to.kind === 'function' ? `*(${to})` : `*${to}`;
    }
    case 'array':
    case 'slice': {
      const element = typeSource(type.element, name);
      if (element === undefined) return undefined;
      return type.kind === 'array' ? `[${type.length}]${element}` : `[]${element}`;
    }
    case 'function': {
      const params = type.params.map((p) => typeSource(p, name));
      const ret = type.ret.kind === 'void' ? '' : typeSource(type.ret, name);
      if (params.some((p) => p === undefined) || ret === undefined || type.variadic) return undefined;
      return `fn(${params.join(', ')})${ret === '' ? '' : ` -> ${ret}`}`;
    }
    case 'struct':
    case 'enum':
      return name(type.symbol);
    default:
      // Literal types, null, void, ranges, types and modules as values, overload sets and
      // unknown types have no name a declaration could carry.
      return undefined;
  }
}
