// S-expression rendering of a syntax tree, in the format of `tree-sitter parse` and the
// corpus files. Iterative (a TreeCursor walk), so 10,000 levels of nesting cannot overflow
// the stack, unlike the runtime's recursive `Node.toString()`.

import type { Node, Tree, TreeCursor } from 'web-tree-sitter';

export interface SexpOptions {
  /** Append `[row, col] - [row, col]` to each node, as `tree-sitter parse` does. */
  positions?: boolean;
  /** Indent children on their own lines (the corpus format) instead of one line. */
  pretty?: boolean;
}

/** The cursor API shared by web-tree-sitter and the native binding. */
export interface CursorLike {
  readonly nodeType: string;
  readonly nodeIsNamed: boolean;
  readonly nodeIsMissing: boolean;
  readonly currentFieldName: string | null;
  readonly startPosition: { row: number; column: number };
  readonly endPosition: { row: number; column: number };
  readonly currentNode: { readonly childCount: number; readonly text: string };
  gotoFirstChild(): boolean;
  gotoNextSibling(): boolean;
  gotoParent(): boolean;
}

export function treeToSexp(tree: Tree, options: SexpOptions = {}): string {
  const cursor: TreeCursor = tree.walk();
  try {
    return cursorToSexp(cursor as unknown as CursorLike, options);
  } finally {
    cursor.delete();
  }
}

export function nodeToSexp(node: Node, options: SexpOptions = {}): string {
  const cursor = node.walk();
  try {
    return cursorToSexp(cursor as unknown as CursorLike, options);
  } finally {
    cursor.delete();
  }
}

/** Renders the subtree at the cursor. Shown: named nodes, and missing nodes of either kind. */
export function cursorToSexp(cursor: CursorLike, options: SexpOptions = {}): string {
  const out: string[] = [];
  let depth = 0; // depth of shown nodes, for indentation
  const shownStack: boolean[] = [];

  const visible = () => cursor.nodeIsNamed || cursor.nodeIsMissing;
  const open = () => {
    const field = cursor.currentFieldName;
    if (out.length > 0) out.push(options.pretty ? '\n' + '  '.repeat(depth) : ' ');
    if (field) out.push(`${field}: `);
    if (cursor.nodeIsMissing) {
      const type = cursor.nodeIsNamed ? cursor.nodeType : `"${cursor.nodeType}"`;
      out.push(`(MISSING ${type}`);
    } else if (cursor.nodeType === 'ERROR' && cursor.currentNode.childCount === 0 && cursor.currentNode.text.length > 0) {
      // A run of characters no token matched, shown by its first character.
      out.push(`(UNEXPECTED ${describeChar(cursor.currentNode.text.codePointAt(0)!)}`);
    } else {
      out.push(`(${cursor.nodeType}`);
    }
    if (options.positions) {
      const s = cursor.startPosition;
      const e = cursor.endPosition;
      out.push(` [${s.row}, ${s.column}] - [${e.row}, ${e.column}]`);
    }
  };

  // Depth-first walk: enter a node, visit its children, leave it.
  open(); // the root is always shown
  shownStack.push(true);
  depth++;
  for (;;) {
    if (cursor.gotoFirstChild()) {
      const shown = visible();
      if (shown) open();
      shownStack.push(shown);
      if (shown) depth++;
      continue;
    }
    // Leaf: close it and move to the next sibling, climbing as needed.
    for (;;) {
      const shown = shownStack.pop();
      if (shown) {
        depth--;
        out.push(')');
      }
      if (shownStack.length === 0) return out.join('');
      if (cursor.gotoNextSibling()) {
        const next = visible();
        if (next) open();
        shownStack.push(next);
        if (next) depth++;
        break;
      }
      if (!cursor.gotoParent()) return out.join('');
    }
  }
}

/** A character as `ts_node_string` writes it: quoted if printable ASCII, else its code. */
function describeChar(code: number): string {
  switch (code) {
    case 0: return "'\\0'";
    case 10: return "'\\n'";
    case 9: return "'\\t'";
    case 13: return "'\\r'";
  }
  return code >= 32 && code < 127 ? `'${String.fromCodePoint(code)}'` : String(code);
}
