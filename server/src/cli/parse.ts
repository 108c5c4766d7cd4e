// `zolt parse FILE...`: prints the concrete syntax tree of each file, the view a grammar
// author needs (the VS Code command "Zolt: Show Syntax Tree" shows the same thing), and its
// syntax errors as `zolt check` prints them. Exit status 1 when a file has syntax errors, 2
// when a file does not exist.

import * as fs from 'node:fs';
import { loadGrammar, SyntaxDocument, treeToSexp } from '../syntax';
import { parseArgs } from './args';
import { Exit, type Io } from './io';
import { addCounts, printDiagnostics, summaryLine, type Counts } from './report';

export async function parseCommand(args: readonly string[], io: Io): Promise<number> {
  const { positional, flags } = parseArgs(args, ['positions', 'quiet']);
  if (positional.length === 0) {
    io.err('usage: zolt parse FILE... [--positions] [--quiet]\n');
    return Exit.Usage;
  }
  const grammar = await loadGrammar();
  let counts: Counts = { errors: 0, warnings: 0 };
  let missing = 0;
  let parsed = 0;
  for (const file of positional) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      io.err(`zolt parse: no such file or folder: ${file}\n`);
      missing++;
      continue;
    }
    parsed++;
    const doc = SyntaxDocument.create(grammar, file, text);
    try {
      if (!flags.has('quiet')) {
        io.out(treeToSexp(doc.tree, { pretty: true, positions: flags.has('positions') }) + '\n');
      }
      const documents = { document: (f: string) => (f === file ? doc : undefined) };
      counts = addCounts(counts, printDiagnostics(documents, file, doc.diagnostics(), io.err));
    } finally {
      doc.dispose();
    }
  }
  if (counts.errors > 0 || flags.has('quiet')) io.err(summaryLine(counts, parsed));
  if (missing > 0) return Exit.Usage;
  return counts.errors > 0 ? Exit.InputErrors : Exit.Ok;
}
