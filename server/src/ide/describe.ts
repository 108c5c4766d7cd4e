// How symbols are shown to people: the one-line signatures of hover, completion details,
// signature help and outlines.

import type { FunctionSymbol, Symbol, Workspace } from '../semantics';
import { isPoison, typeToString, type FunctionType } from '../semantics';

/**
 * `fn area(c: Circle) -> f64`, with resolved types; generic parameters have no type unless an
 * instantiation's signature is given.
 */
export function functionSignature(workspace: Workspace, fn: FunctionSymbol, instantiated?: FunctionType): string {
  const signature = instantiated ?? workspace.signatureOf(fn);
  const params = fn.decl.params.map((p, i) => {
    const type = instantiated?.params[i] ?? (p.type ? signature.params[i] : undefined);
    return type ? `${p.name.text}: ${typeToString(type)}` : p.name.text;
  });
  if (fn.decl.variadic) params.push('...');
  const ret = signature.ret.kind === 'void' || signature.ret.kind === 'generic' ? '' : ` -> ${typeToString(signature.ret)}`;
  return `fn ${fn.name}(${params.join(', ')})${ret}`;
}

/** A symbol's declaration as Zolt would write it, for hover and completion details. */
export function declarationText(workspace: Workspace, symbol: Symbol): string {
  switch (symbol.kind) {
    case 'function':
      return functionSignature(workspace, symbol);
    case 'struct': {
      const fields = symbol.fields.map((f) => `${f.name}: ${typeToString(workspace.fieldType(f))}`);
      return fields.length === 0 ? `struct ${symbol.name} {}` : `struct ${symbol.name} { ${fields.join(', ')} }`;
    }
    case 'enum': {
      const members = symbol.members.map((m) => m.name);
      const backing = symbol.decl.backing ? `: ${typeToString(workspace.enumOf(symbol).backing)}` : '';
      return `enum ${symbol.name}${backing} { ${members.join(', ')} }`;
    }
    case 'field':
      return `${symbol.owner.name}.${symbol.name}: ${typeToString(workspace.fieldType(symbol))}`;
    case 'enum-member':
      return `${symbol.owner.name}.${symbol.name} = ${workspace.memberValue(symbol)}`;
    case 'global': {
      const { type, value } = workspace.global(symbol);
      const shownValue = symbol.constant && value !== undefined ? ` = ${value}` : '';
      if (isPoison(type)) return `${symbol.constant ? 'const' : 'var'} ${symbol.name}`;
      return `${symbol.constant ? 'const' : 'var'} ${symbol.name}: ${typeToString(type)}${shownValue}`;
    }
    case 'module': {
      const decl = symbol.item.decl;
      return decl.kind === 'import' ? `import ${symbol.name} = ${JSON.stringify(decl.path)}` : `import ${symbol.name}`;
    }
    case 'local': {
      const keyword = symbol.role === 'const' ? 'const' : symbol.role === 'param' ? 'param' : symbol.role === 'loop' ? 'for' : 'var';
      const value = symbol.role === 'const' && symbol.value !== undefined ? ` = ${symbol.value}` : '';
      // A generic function's untyped parameter has a type only per instantiation.
      if (symbol.type.kind === 'generic') return `${keyword} ${symbol.name} (generic: its type comes from each call)`;
      if (isPoison(symbol.type)) return `${keyword} ${symbol.name}`;
      return `${keyword} ${symbol.name}: ${typeToString(symbol.type)}${value}`;
    }
  }
}

/** The doc comment of a declaration, if it has one. */
export function docOf(symbol: Symbol): string | undefined {
  switch (symbol.kind) {
    case 'function':
    case 'struct':
    case 'enum':
    case 'global':
      return symbol.decl.doc;
    default:
      return undefined;
  }
}
