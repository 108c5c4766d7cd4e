// Types as the REPL writes and compares them. A variable declared at the prompt becomes a
// global of the synthesized file with its type written out (`var x: i64;`), so that its type
// stays what it was when it was declared: `typeText` writes a type as Zolt source that means
// the same type in that file, or gives undefined for a type no name there reaches (a struct
// declared inside a function). `storageKey` says what a value of a type looks like in memory,
// all the way down (field names, types and layouts, through pointers): a global whose key
// changed, because a struct it holds was redeclared, gets new zeroed storage instead of
// reading the old bytes as the new type.

import type { Workspace } from '../../semantics';
import type { EnumSymbol, StructSymbol } from '../../semantics/symbols';
import { typeToString, type Type } from '../../semantics/types';

/** The type as source text of `file`'s top level, if a name there reaches it. */
export function typeText(workspace: Workspace, file: string, type: Type): string | undefined {
  const inner = (t: Type): string | undefined => {
    const text = typeText(workspace, file, t);
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
    case 'array': {
      const element = inner(type.element);
      return element === undefined ? undefined : `[${type.length}]${element}`;
    }
    case 'slice': {
      const element = inner(type.element);
      return element === undefined ? undefined : `[]${element}`;
    }
    case 'function': {
      if (type.variadic) return undefined;
      const params = type.params.map(inner);
      if (params.some((p) => p === undefined)) return undefined;
      const ret = type.ret.kind === 'void' ? '' : inner(type.ret);
      return ret === undefined ? undefined : `fn(${params.join(', ')})${ret ? ` -> ${ret}` : ''}`;
    }
    case 'struct':
    case 'enum':
      return declarationName(workspace, file, type.symbol);
    default:
      return undefined;
  }
}

/** How `file` names a struct or enum: by its name, or through the alias of the module that declares it. */
function declarationName(workspace: Workspace, file: string, symbol: StructSymbol | EnumSymbol): string | undefined {
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

/** What a value of the type is in memory, all the way down. */
export function storageKey(workspace: Workspace, type: Type, seen: Set<StructSymbol> = new Set()): string {
  const key = (t: Type) => storageKey(workspace, t, seen);
  switch (type.kind) {
    case 'pointer':
      return `*${key(type.to)}`;
    case 'array':
      return `[${type.length}]${key(type.element)}`;
    case 'slice':
      return `[]${key(type.element)}`;
    case 'function':
      return `fn(${type.params.map(key).join(',')}${type.variadic ? ',...' : ''})${key(type.ret)}`;
    case 'enum':
      return `enum ${type.symbol.name}:${key(workspace.enumOf(type.symbol).backing)}`;
    case 'struct': {
      const symbol = type.symbol;
      if (seen.has(symbol)) return `struct ${symbol.name}`;
      seen.add(symbol);
      const fields = symbol.fields.map((f) => `${f.name}:${key(workspace.fieldType(f))}`);
      seen.delete(symbol);
      return `struct ${symbol.name}{${fields.join(',')}}`;
    }
    default:
      return typeToString(type);
  }
}
