// The syntax tree of a file (the tree-sitter tree of server/src/syntax) as a graph: the nodes
// `zolt parse` shows (named nodes, and missing ones), an edge from parent to child labelled with
// the child's field name. A leaf shows its text (shortened), and an operator, which is an
// anonymous token, is shown in its expression's node: `binary_expression +`. Errors and missing
// nodes are red, so that a tree with syntax errors is still drawn, and where they are is visible.
// The walk is a cursor walk without recursion, as sexp.ts's: deep nesting cannot overflow.

import type { CursorLike } from '../../syntax';
import { FONTS, type DotEdge, type DotGraph, type DotNode } from './dot';
import type { Locate } from './locate';

/** A cursor as the walk needs it: web-tree-sitter's TreeCursor (sexp.ts's CursorLike, with offsets). */
export type AstCursor = CursorLike & { readonly startIndex: number; readonly endIndex: number };

const LEAF_TEXT = 32;

interface Pending {
  readonly id: string;
  readonly type: string;
  /** Where its text is in the source (taken only for leaves). */
  readonly start: number;
  readonly end: number;
  readonly error: boolean;
  readonly location: string;
  operators: string[];
  children: number;
}

function shorten(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > LEAF_TEXT ? `${flat.slice(0, LEAF_TEXT - 1)}…` : flat;
}

function label(node: Pending, source: string): string {
  const type = node.operators.length > 0 ? `${node.type} ${node.operators.join(' ')}` : node.type;
  return node.children === 0 && node.end > node.start ? `${type}\n${shorten(source.slice(node.start, node.end))}` : type;
}

function toDot(node: Pending, source: string): DotNode {
  return {
    id: node.id,
    label: { text: label(node, source) },
    location: node.location,
    ...(node.error ? { attrs: { color: 'red', fontcolor: 'red' } } : {}),
  };
}

/**
 * The subtree at the cursor (its current node is the root) as a graph. `source` is the text the
 * tree was parsed from, `file` what `locate` names the nodes' places with; `prefix` keeps node
 * ids apart when several trees share a graph.
 */
export function astParts(cursor: AstCursor, source: string, file: string, locate: Locate, prefix = ''): { nodes: DotNode[]; edges: DotEdge[] } {
  const pending: Pending[] = [];
  const edges: DotEdge[] = [];
  // The shown ancestors of the cursor's node, innermost last; undefined for a hidden one.
  const stack: (Pending | undefined)[] = [];
  const parentOf = (): Pending | undefined => {
    for (let i = stack.length - 1; i >= 0; i--) if (stack[i]) return stack[i];
    return undefined;
  };
  const enter = (): void => {
    const parent = parentOf();
    const shown = cursor.nodeIsNamed || cursor.nodeIsMissing || stack.length === 0;
    if (!shown) {
      if (parent && cursor.currentFieldName === 'operator') parent.operators.push(source.slice(cursor.startIndex, cursor.endIndex));
      stack.push(undefined);
      return;
    }
    const start = cursor.startPosition;
    const node: Pending = {
      id: `${prefix}n${pending.length}`,
      type: cursor.nodeIsMissing ? `MISSING ${cursor.nodeType}` : cursor.nodeType,
      start: cursor.startIndex,
      end: cursor.endIndex,
      error: cursor.nodeIsMissing || cursor.nodeType === 'ERROR',
      location: locate(file, start.row + 1, start.column + 1),
      operators: [],
      children: 0,
    };
    pending.push(node);
    if (parent) {
      parent.children++;
      const field = cursor.currentFieldName;
      edges.push({ from: parent.id, to: node.id, ...(field ? { label: field } : {}) });
    }
    stack.push(node);
  };
  enter();
  for (;;) {
    if (cursor.gotoFirstChild()) {
      enter();
      continue;
    }
    // No children: leave nodes until one has a next sibling.
    for (;;) {
      stack.pop();
      if (stack.length === 0) return { nodes: pending.map((n) => toDot(n, source)), edges };
      if (cursor.gotoNextSibling()) {
        enter();
        break;
      }
      if (!cursor.gotoParent()) return { nodes: pending.map((n) => toDot(n, source)), edges };
    }
  }
}

/** A graph of syntax trees (a file's, or some of its functions'), drawn top-down. */
export function astGraph(name: string, parts: readonly { nodes: readonly DotNode[]; edges: readonly DotEdge[] }[]): DotGraph {
  return {
    name,
    attrs: { ordering: 'out' },
    nodeAttrs: { shape: 'box', style: 'rounded', fontname: FONTS.text, fontsize: '10' },
    edgeAttrs: { fontname: FONTS.text, fontsize: '8', fontcolor: 'gray30' },
    nodes: parts.flatMap((p) => p.nodes),
    edges: parts.flatMap((p) => p.edges),
  };
}
