// Reader for tree-sitter corpus files (grammar/test/corpus/*.txt), so mocha can run the same
// cases as `tree-sitter test` through web-tree-sitter and the native binding.

import * as fs from 'node:fs';
import * as path from 'node:path';

export interface CorpusCase {
  file: string;
  name: string;
  input: string;
  /** The expected S-expression, whitespace-normalised. */
  expected: string;
  /** Attributes such as `:skip` or `:error` written under the name. */
  attributes: string[];
}

const HEADER = /^(={3,})[^\S\n]*\n([^\n]*)\n((?::[^\n]*\n)*)\1[^\S\n]*\n/gm;

export function readCorpus(dir: string): CorpusCase[] {
  const cases: CorpusCase[] = [];
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.txt')).sort()) {
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    cases.push(...parseCorpusFile(path.basename(file), text));
  }
  return cases;
}

export function parseCorpusFile(file: string, text: string): CorpusCase[] {
  const headers = [...text.matchAll(HEADER)];
  return headers.map((header, i) => {
    const bodyStart = header.index! + header[0].length;
    const bodyEnd = i + 1 < headers.length ? headers[i + 1]!.index! : text.length;
    const body = text.slice(bodyStart, bodyEnd);
    // The divider is the longest line of three or more dashes (the input may hold shorter ones).
    const dividers = [...body.matchAll(/^-{3,}[^\S\n]*$/gm)];
    const divider = dividers.reduce<RegExpExecArray | RegExpMatchArray | undefined>(
      (best, d) => (!best || d[0].trim().length >= best[0].trim().length ? d : best), undefined);
    if (!divider) throw new Error(`${file}: case '${header[2]}' has no '---' divider`);
    // tree-sitter drops the newline before the divider; the input keeps everything else.
    const input = body.slice(0, divider.index!).replace(/\r?\n$/, '');
    const expected = normaliseSexp(body.slice(divider.index! + divider[0].length));
    const attributes = header[3]!.split('\n').map((line) => line.trim()).filter(Boolean);
    return { file, name: header[2]!.trim(), input, expected, attributes };
  });
}

/** Field names removed, for comparing with an expected tree written without them. */
export function stripFields(sexp: string): string {
  return sexp.replace(/\b[a-z_]+: /g, '');
}

/** Collapses whitespace the way tree-sitter compares trees. */
export function normaliseSexp(sexp: string): string {
  return sexp
    .replace(/\s+/g, ' ')
    .replace(/ \)/g, ')')
    .replace(/\( /g, '(')
    .trim();
}
