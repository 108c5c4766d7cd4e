// Per-item summaries: the declarations an item makes and a key of everything about them that
// other code can observe (names, parameter and field types, constant values). Bodies are not
// in the key: editing a function body leaves it unchanged, which is what keeps such an edit
// from invalidating anything outside that function.

import type { Ast, LoweredItem } from '../syntax';

export interface ImportEntry {
  readonly item: LoweredItem;
  readonly decl: Ast.ImportDecl;
}

export interface ItemSummary {
  /** What other items can observe of this one; equal keys mean interchangeable items. */
  readonly key: string;
  /** Module-level declarations the item makes (a foreign block makes several). */
  readonly decls: readonly (Ast.FunctionDecl | Ast.StructDecl | Ast.EnumDecl | Ast.ConstDecl | Ast.VarDecl)[];
  readonly import: Ast.ImportDecl | undefined;
}

const cache = new WeakMap<LoweredItem, ItemSummary>();

/** The summary of an item, computed once per item object. `text` is the document's text. */
export function summarize(item: LoweredItem, text: string): ItemSummary {
  let summary = cache.get(item);
  if (!summary) {
    summary = compute(item, text);
    cache.set(item, summary);
  }
  return summary;
}

function compute(item: LoweredItem, text: string): ItemSummary {
  const source = (node: { span: Ast.Span }) => text.slice(item.start + node.span.start, item.start + node.span.end).replace(/\s+/g, ' ');
  const type = (t: Ast.TypeExpr | undefined) => (t ? source(t) : '_');
  const fn = (f: Ast.FunctionDecl) =>
    `fn ${f.name.text}(${f.params.map((p) => type(p.type)).join(',')}${f.variadic ? ',...' : ''})->${f.returnType ? type(f.returnType) : '?'}`;
  const decl = item.decl;
  switch (decl.kind) {
    case 'import':
      return { key: `import ${decl.alias?.text ?? ''}=${JSON.stringify(decl.path)}`, decls: [], import: decl };
    case 'function':
      return { key: fn(decl), decls: [decl], import: undefined };
    case 'foreign':
      return { key: `foreign ${JSON.stringify(decl.library)}{${decl.functions.map(fn).join(';')}}`, decls: decl.functions, import: undefined };
    case 'struct':
      return {
        key: `struct ${decl.name.text}{${decl.fields.map((f) => `${f.name.text}:${type(f.type)}${f.value ? '=' : ''}`).join(',')}}`,
        decls: [decl],
        import: undefined,
      };
    case 'enum':
      return {
        key: `enum ${decl.name.text}:${type(decl.backing)}{${decl.members.map((m) => `${m.name.text}${m.value ? `=${source(m.value)}` : ''}`).join(',')}}`,
        decls: [decl],
        import: undefined,
      };
    case 'const':
      return { key: `const ${decl.name.text}:${type(decl.type)}=${source(decl.value)}`, decls: [decl], import: undefined };
    case 'var':
      // An untyped global's type comes from its value, so then the value is observable.
      return { key: `var ${decl.name.text}:${type(decl.type)}${decl.type ? '' : `=${decl.value ? source(decl.value) : ''}`}`, decls: [decl], import: undefined };
    case 'error-decl':
      return { key: 'error', decls: [], import: undefined };
  }
}
