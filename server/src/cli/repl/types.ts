// Types as the REPL writes and compares them. A variable declared at the prompt becomes a
// global of the synthesized file with its type written out (`var x: i64;`), so that its type
// stays what it was when it was declared: `typeText` writes a type as Zolt source that means
// the same type in that file, or gives undefined for a type no name there reaches (a struct
// declared inside a function). `storageKey` says what a value of a type looks like in memory,
// all the way down (field names, types and layouts, through pointers): a global whose key
// changed, because a struct it holds was redeclared, gets new zeroed storage instead of
// reading the old bytes as the new type.

import type { Workspace } from '../../semantics';
import type { StructSymbol } from '../../semantics/symbols';
import { typeToString, type Type } from '../../semantics/types';

export { typeText } from '../../ide/type-source';

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
