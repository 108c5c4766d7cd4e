// The code's tokens, as the comparison of old and new code sees them: the leaves of the
// concrete syntax tree without comments, whitespace or anything else the formatter may change.
// Comparing these sequences instead of text is what makes a reformat never flag a comment.

import { createHash } from 'node:crypto';
import type { Node as CstNode } from 'web-tree-sitter';
import { COMMENT_TYPES } from '../../syntax/literals';

export interface Token {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/** A string or character literal is one token whatever its inner nodes (escapes): its text is what counts. */
const ATOMIC: ReadonlySet<string> = new Set(['string_literal', 'char_literal']);
const isAtomic = (node: CstNode): boolean => node.childCount === 0 || ATOMIC.has(node.type);

const CLOSERS: ReadonlySet<string> = new Set([')', ']', '}']);

/**
 * The significant tokens of a tree in document order. Left out: comments, zero-width nodes
 * (what the parser's recovery inserted) and a comma right before a closing bracket, which
 * `zolt fmt` adds or drops as it puts a list on one line or several.
 */
export function significantTokens(root: CstNode): Token[] {
  const leaves: Token[] = [];
  const visit = (node: CstNode): void => {
    if (COMMENT_TYPES.has(node.type)) return;
    if (isAtomic(node)) {
      if (node.endIndex > node.startIndex) leaves.push({ text: node.text, start: node.startIndex, end: node.endIndex });
      return;
    }
    for (const child of node.children) if (child) visit(child);
  };
  visit(root);
  return leaves.filter((t, i) => !(t.text === ',' && CLOSERS.has(leaves[i + 1]?.text ?? '')));
}

/** The index of the first token that ends after `offset` (tokens are sorted and disjoint). */
function firstEndingAfter(tokens: readonly Token[], offset: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid]!.end <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The tokens that lie wholly inside [start, end). */
export function tokensIn(tokens: readonly Token[], start: number, end: number): Token[] {
  const result: Token[] = [];
  for (let i = firstEndingAfter(tokens, start); i < tokens.length && tokens[i]!.end <= end; i++) {
    if (tokens[i]!.start >= start) result.push(tokens[i]!);
  }
  return result;
}

/** A short stable hash (hex): what `.zolt/verified` records of a comment and of its code. */
export function shortHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 16);
}

/** The hash of a token sequence (NUL-separated: no token contains one). */
export function tokensHash(tokens: readonly string[]): string {
  return shortHash(tokens.join('\u0000'));
}
