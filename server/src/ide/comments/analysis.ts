// One file's stale comments from its old and new text: parse both (the syntax tree only),
// find what each comment speaks for, pair them up. Shared by `zolt comments` and the editor.

import type { ZoltGrammar } from '../../syntax';
import { commentScopes, type CommentScope } from './scopes';
import { staleComments, type Fingerprint, type StaleComment } from './stale';

/** The comment scopes of a text, parsed with a parser of its own (freed after). */
export function scopesOfText(grammar: ZoltGrammar, text: string): CommentScope[] {
  const parser = grammar.newParser();
  try {
    const tree = parser.parse(text);
    if (!tree) return [];
    try {
      return commentScopes(tree.rootNode, text);
    } finally {
      tree.delete();
    }
  } finally {
    parser.delete();
  }
}

export function staleInText(
  grammar: ZoltGrammar, oldText: string, newText: string, affirmed?: (print: Fingerprint) => boolean,
): StaleComment[] {
  if (oldText === newText) return [];
  return staleComments(scopesOfText(grammar, oldText), scopesOfText(grammar, newText), affirmed);
}
