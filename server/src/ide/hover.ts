// Hover: what the name or expression under the cursor is. For a declaration or a use, its
// signature (with inferred types) and its doc comment; at a call of an overload set, the
// candidate resolution chose, and how many others there are (at an overload's declaration,
// how many others its set has); elsewhere, the expression's type.

import { isPoison, typeToString, type Queries, type Workspace } from '../semantics';
import { declarationText, docOf, functionSignature } from './describe';
import { fieldLayoutLine, layoutMarkdown, structLayout } from './struct-layout';

export interface Hover {
  /** Markdown. */
  readonly contents: string;
  readonly start: number;
  readonly end: number;
}

export function hover(workspace: Workspace, queries: Queries, file: string, offset: number): Hover | undefined {
  const at = queries.symbolAt(file, offset);
  if (at) {
    const symbol = at.symbol;
    let signature = declarationText(workspace, symbol);
    let note = '';
    if (symbol.kind === 'function' && !at.isDeclaration) {
      const call = queries.callOfCallee(file, offset);
      if (call?.info.chosen === symbol) {
        if (symbol.generic && call.info.signature) signature = functionSignature(workspace, symbol, call.info.signature);
        const others = call.info.candidates.length - 1;
        note = overloadsNote(others);
      }
    } else if (symbol.kind === 'function') {
      // At a declaration: the set this overload belongs to where it is declared.
      const binding = workspace.scope(symbol.file).values.get(symbol.name);
      if (binding?.kind === 'functions' && binding.functions.includes(symbol)) note = overloadsNote(binding.functions.length - 1);
    }
    const doc = docOf(symbol);
    const layout = symbol.kind === 'struct' ? structLayout(workspace, symbol) : undefined;
    const memory = layout ? layoutMarkdown(layout) : symbol.kind === 'field' ? fieldLayoutLine(workspace, symbol) : undefined;
    const sections = ['```zolt\n' + signature + '\n```', doc, note, memory].filter((part): part is string => Boolean(part));
    return {
      contents: sections.join('\n\n'),
      start: at.range.start,
      end: at.range.end,
    };
  }
  const instances = queries.instanceMeanings(file, offset).filter((m) => m.symbol || m.type);
  if (instances.length > 0) {
    // A name in a generic body: what it is in each instantiation the program asks for.
    const lines = instances.map((m) => {
      const what = m.symbol ? declarationText(workspace, m.symbol) : typeToString(m.type!);
      return `${what}  // with (${m.args.map(typeToString).join(', ')})`;
    });
    const name = queries.nodesAt(file, offset)?.path.at(-1);
    const range = name ? { start: queries.nodesAt(file, offset)!.item.start + name.span.start, end: queries.nodesAt(file, offset)!.item.start + name.span.end } : { start: offset, end: offset };
    return { contents: ['```zolt', ...lines, '```', 'In each instantiation of this generic function.'].join('\n'), ...range };
  }
  const typed = queries.typeAt(file, offset);
  if (!typed || isPoison(typed.type)) return undefined;
  return { contents: ['```zolt', typeToString(typed.type), '```'].join('\n'), start: typed.range.start, end: typed.range.end };
}

function overloadsNote(others: number): string {
  return others > 0 ? `+${others} overload${others === 1 ? '' : 's'}` : '';
}
