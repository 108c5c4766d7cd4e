// A type written as Zolt source (`*Vec2`, `[4]f64`, `fn(i64) -> bool`) by the refactorings and
// fixes that write types into code. Struct and enum names come from a `Namer`, which knows how
// the type is reached where the text goes (its own name, or `geo.Vec2` through an alias), or
// says it cannot be (a nested struct out of its block).

import { typeToString, type EnumSymbol, type StructSymbol, type Type, type Workspace } from '../semantics';

export type Namer = (symbol: StructSymbol | EnumSymbol) => string | undefined;

/**
 * A type as Zolt source (`*Vec2`, `[4]f64`, `fn(i64) -> bool`), or undefined when it cannot be
 * written. A function type inside another type is parenthesised (`*(fn() -> i64)`: without the
 * parentheses the pointer would read into the return type); an untyped literal's type is the
 * one it defaults to.
 */
export function typeSource(type: Type, name: Namer): string | undefined {
  const inner = (t: Type): string | undefined => {
    const text = typeSource(t, name);
    return text !== undefined && t.kind === 'function' ? `(${text})` : text;
  };
  switch (type.kind) {
    case 'int':
    case 'float':
    case 'bool':
    case 'string':
    case 'untyped-int':
    case 'untyped-float':
      return typeToString(type);
    case 'pointer': {
      const to = type.to.kind === 'void' ? 'void' : inner(type.to);
      return to === undefined ? undefined : `*${to}`;
    }
    case 'array':
    case 'slice': {
      const element = inner(type.element);
      if (element === undefined) return undefined;
      return type.kind === 'array' ? `[${type.length}]${element}` : `[]${element}`;
    }
    case 'function': {
      const params = type.params.map(inner);
      const ret = type.ret.kind === 'void' ? '' : inner(type.ret);
      if (params.some((p) => p === undefined) || ret === undefined || type.variadic) return undefined;
      return `fn(${params.join(', ')})${ret === '' ? '' : ` -> ${ret}`}`;
    }
    case 'struct':
    case 'enum':
      return name(type.symbol);
    default:
      // null, void, ranges, types and modules as values, overload sets and unknown types have
      // no name a declaration could carry.
      return undefined;
  }
}

/** The type as source text of `file`'s top level, if a name there reaches it (the REPL's globals, extracted functions). */
export function typeText(workspace: Workspace, file: string, type: Type): string | undefined {
  return typeSource(type, (symbol) => topLevelName(workspace, file, symbol));
}

/** How `file` names a struct or enum at its top level: by its name, or through the alias of the module that declares it. */
function topLevelName(workspace: Workspace, file: string, symbol: StructSymbol | EnumSymbol): string | undefined {
  if (symbol.nested) return undefined;
  const scope = workspace.scope(file).values;
  const binding = scope.get(symbol.name);
  if (binding?.kind === 'single' && binding.symbol === symbol) return symbol.name;
  for (const [alias, b] of scope) {
    if (b.kind === 'single' && b.symbol.kind === 'module' && b.symbol.target === symbol.file && workspace.declarations(symbol.file).includes(symbol)) {
      return `${alias}.${symbol.name}`;
    }
  }
  return undefined;
}
