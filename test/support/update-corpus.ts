// Rewrites the expected trees of corpus cases whose name contains FILTER, using web-tree-sitter
// and our printer (field names and ERROR/MISSING nodes included, which `tree-sitter test -u`
// 0.22 will not write). Read every rewritten tree before committing it.
//
//   node out/test/support/update-corpus.js "case name substring"

import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadGrammar, treeToSexp } from 'zolt-server/syntax';
import { parseCorpusFile } from './corpus';
import { fromRoot } from './paths';

async function main() {
  const filter = process.argv[2];
  if (!filter) throw new Error('usage: update-corpus.js "case name substring"');
  const parser = (await loadGrammar()).newParser();
  const dir = fromRoot('grammar/test/corpus');
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.txt'))) {
    const full = path.join(dir, file);
    let text = fs.readFileSync(full, 'utf8');
    for (const c of parseCorpusFile(file, text).filter((c) => c.name.includes(filter))) {
      const tree = parser.parse(c.input)!;
      const sexp = treeToSexp(tree, { pretty: true });
      tree.delete();
      // Replace the expected block of this case: from its divider to the next header.
      const header = text.indexOf(`\n${c.name}\n`);
      const divider = text.indexOf('\n---', text.indexOf(c.input, header) + c.input.length);
      const dividerEnd = text.indexOf('\n', divider + 1);
      const next = text.indexOf('\n===', dividerEnd);
      const end = next < 0 ? text.length : next + 1;
      text = text.slice(0, dividerEnd + 1) + '\n' + sexp + '\n' + (next < 0 ? '' : '\n') + text.slice(end);
      console.log(`${file}: ${c.name}\n${sexp}\n`);
    }
    fs.writeFileSync(full, text);
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
