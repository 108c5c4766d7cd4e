// `zolt parse FILE...`: prints the concrete syntax tree of each file, the view a grammar
// author needs (the VS Code command "Zolt: Show Syntax Tree" shows the same thing).

import * as fs from 'node:fs';
import { loadGrammar, treeToSexp } from '../syntax';
import type { Node } from 'web-tree-sitter';
import { parseArgs } from './args';
import { Exit, type Io } from './io';

export async function parseCommand(args: readonly string[], io: Io): Promise<number> {
  const { positional, flags } = parseArgs(args, ['positions', 'quiet']);
  if (positional.length === 0) {
    io.err('usage: zolt parse FILE... [--positions] [--quiet]\n');
    return Exit.Usage;
  }
  const grammar = await loadGrammar();
  const parser = grammar.newParser();
  let status: number = Exit.Ok;
  for (const file of positional) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (error) {
      io.err(`zolt: cannot read '${file}': ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`);
      status = Exit.InputErrors;
      continue;
    }
    const tree = parser.parse(text);
    if (!tree) throw new Error('the parser returned no tree');
    try {
      if (!flags.has('quiet')) io.out(treeToSexp(tree, { pretty: true, positions: flags.has('positions') }) + '\n');
      for (const problem of syntaxProblems(tree.rootNode)) {
        io.err(`${file}:${problem.row + 1}:${problem.column + 1}: ${problem.message}\n`);
        status = Exit.InputErrors;
      }
    } finally {
      tree.delete();
    }
  }
  parser.delete();
  return status;
}

interface Problem {
  row: number;
  column: number;
  message: string;
}

/** ERROR and MISSING nodes, in document order (the semantic layer gives better messages). */
function syntaxProblems(root: Node): Problem[] {
  const problems: Problem[] = [];
  if (!root.hasError) return problems;
  const cursor = root.walk();
  try {
    outer: for (;;) {
      const node = cursor.currentNode;
      if (node.isMissing) {
        problems.push({ ...node.startPosition, message: `syntax error: missing ${node.type}` });
      } else if (node.isError) {
        problems.push({ ...node.startPosition, message: `syntax error: unexpected '${truncate(node.text)}'` });
      }
      // Only subtrees that contain an error are worth entering.
      if (node.hasError && !node.isError && cursor.gotoFirstChild()) continue;
      for (;;) {
        if (cursor.gotoNextSibling()) continue outer;
        if (!cursor.gotoParent()) break outer;
      }
    }
  } finally {
    cursor.delete();
  }
  return problems;
}

function truncate(text: string): string {
  const line = text.split('\n', 1)[0] ?? '';
  return line.length > 40 ? line.slice(0, 40) + '...' : line;
}
