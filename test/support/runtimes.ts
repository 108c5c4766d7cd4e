// The two tree-sitter runtimes the grammar must agree in: web-tree-sitter (what the server and
// the VS Code extension use) and the native `tree-sitter` binding (Node tools, the benchmark).

import NativeParser = require('tree-sitter');
import { cursorToSexp, loadGrammar, type CursorLike, type SexpOptions } from 'zolt-server/syntax';
import type { Tree as WebTree } from 'web-tree-sitter';

export interface Capture {
  name: string;
  patternIndex: number;
  nodeId: number;
  startRow: number;
  startColumn: number;
  endRow: number;
  endColumn: number;
}

export interface ParsedTree {
  readonly hasError: boolean;
  readonly endIndex: number;
  sexp(options?: SexpOptions): string;
  captures(querySource: string): Capture[];
  dispose(): void;
}

export interface TextEdit {
  startIndex: number;
  oldEndIndex: number;
  newText: string;
}

export interface Runtime {
  readonly name: string;
  parse(text: string): ParsedTree;
  /** Parses `before`, applies `edit` incrementally (tree.edit + reparse) and returns the new tree. */
  reparse(before: string, edit: TextEdit): { text: string; tree: ParsedTree };
}

export async function webRuntime(): Promise<Runtime> {
  const grammar = await loadGrammar();
  const parser = grammar.newParser();
  const queries = new Map<string, ReturnType<typeof grammar.query>>();
  const wrap = (tree: WebTree): ParsedTree => ({
    hasError: tree.rootNode.hasError,
    endIndex: tree.rootNode.endIndex,
    sexp: (options) => {
      const cursor = tree.walk();
      try {
        return cursorToSexp(cursor as unknown as CursorLike, options);
      } finally {
        cursor.delete();
      }
    },
    captures: (source) => {
      let query = queries.get(source);
      if (!query) queries.set(source, (query = grammar.query(source)));
      return query.captures(tree.rootNode).map((c) => ({
        name: c.name,
        patternIndex: c.patternIndex,
        nodeId: c.node.id,
        startRow: c.node.startPosition.row,
        startColumn: c.node.startPosition.column,
        endRow: c.node.endPosition.row,
        endColumn: c.node.endPosition.column,
      }));
    },
    dispose: () => tree.delete(),
  });
  const parse = (text: string, old?: WebTree): WebTree => {
    const tree = parser.parse(text, old);
    if (!tree) throw new Error('web-tree-sitter returned no tree');
    return tree;
  };
  return {
    name: 'web-tree-sitter',
    parse: (text) => wrap(parse(text)),
    reparse(before, edit) {
      const old = parse(before);
      const { text, edit: change } = applyEdit(before, edit);
      const { Edit } = require('web-tree-sitter') as typeof import('web-tree-sitter');
      old.edit(new Edit(change));
      const tree = parse(text, old);
      old.delete();
      return { text, tree: wrap(tree) };
    },
  };
}

export function nativeRuntime(): Runtime {
  const Zolt = require('tree-sitter-zolt') as NativeParser.Language;
  const parser = new NativeParser();
  parser.setLanguage(Zolt);
  const queries = new Map<string, NativeParser.Query>();
  const wrap = (tree: NativeParser.Tree): ParsedTree => ({
    hasError: tree.rootNode.hasError,
    endIndex: tree.rootNode.endIndex,
    sexp: (options) => cursorToSexp(tree.walk() as unknown as CursorLike, options),
    captures: (source) => {
      let query = queries.get(source);
      if (!query) queries.set(source, (query = new NativeParser.Query(Zolt, source)));
      // The native binding's captures carry no pattern index; its matches do.
      return query.matches(tree.rootNode).flatMap((m) =>
        m.captures.map((c) => ({
          name: c.name,
          patternIndex: m.pattern,
          nodeId: c.node.id,
          startRow: c.node.startPosition.row,
          startColumn: c.node.startPosition.column,
          endRow: c.node.endPosition.row,
          endColumn: c.node.endPosition.column,
        })),
      );
    },
    dispose: () => undefined, // the native tree is garbage-collected
  });
  // The native binding reads a string in chunks; a callback keeps very long inputs working.
  const parse = (text: string, old?: NativeParser.Tree) =>
    parser.parse((index: number) => text.slice(index, index + 65536), old ?? null, { bufferSize: 65536 });
  return {
    name: 'native tree-sitter',
    parse: (text) => wrap(parse(text)),
    reparse(before, edit) {
      const old = parse(before);
      const { text, edit: change } = applyEdit(before, edit);
      old.edit(change);
      return { text, tree: wrap(parse(text, old)) };
    },
  };
}

/** The new text and the tree-sitter edit description (UTF-16 indices, as both runtimes use). */
export function applyEdit(before: string, edit: TextEdit) {
  const text = before.slice(0, edit.startIndex) + edit.newText + before.slice(edit.oldEndIndex);
  const newEndIndex = edit.startIndex + edit.newText.length;
  return {
    text,
    edit: {
      startIndex: edit.startIndex,
      oldEndIndex: edit.oldEndIndex,
      newEndIndex,
      startPosition: pointAt(before, edit.startIndex),
      oldEndPosition: pointAt(before, edit.oldEndIndex),
      newEndPosition: pointAt(text, newEndIndex),
    },
  };
}

export function pointAt(text: string, index: number): { row: number; column: number } {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: index - lineStart };
}

/** A small seeded PRNG (mulberry32): reproducible random tests. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Declares the suite `body` once per runtime: `runtime()` returns the runtime inside tests.
 * Every grammar property is checked in both, since tools use either.
 */
export function inEachRuntime(body: (runtime: () => Runtime) => void): void {
  const loaders: [string, () => Promise<Runtime> | Runtime][] = [
    ['web-tree-sitter', webRuntime],
    ['native tree-sitter', nativeRuntime],
  ];
  for (const [name, load] of loaders) {
    describe(name, () => {
      let current: Runtime | undefined;
      before(async () => {
        current = await load();
      });
      body(() => {
        if (!current) throw new Error(`${name} is not loaded`);
        return current;
      });
    });
  }
}
