// Which code a comment speaks for (docs/verified-comments.md), from the concrete syntax tree
// alone: no name resolution or type checking, so it works on code that does not compile.
//
// - A doc comment (`///`) speaks for the declaration below it, signature and body.
// - A comment on its own line speaks for the statements (or declarations, fields, ...) that
//   follow it in the same block, up to the next blank line, the next comment on its own line,
//   or the end of the block.
// - A comment at the end of a line speaks for the code on that line.
//
// Consecutive own-line comments of the same kind are one comment: a paragraph written over
// several `//` lines speaks for what follows its last line.

import type { Node as CstNode } from 'web-tree-sitter';
import { COMMENT_TYPES } from '../../syntax/literals';
import { significantTokens, tokensIn, type Token } from './tokens';

export type ScopeKind = 'doc' | 'block' | 'line';

export interface CommentScope {
  /** `doc`: a declaration; `block`: the statements after an own-line comment; `line`: its line. */
  readonly kind: ScopeKind;
  /** The comment (all its lines), offsets in the document. */
  readonly start: number;
  readonly end: number;
  /** 0-based line of the comment's start. */
  readonly line: number;
  /** The comment's text with runs of whitespace made one space, a line per comment line. */
  readonly text: string;
  /** The declaration the comment sits in or documents (`function_declaration f`), or `file`. */
  readonly container: string;
  /** The code it speaks for, as significant tokens. */
  readonly tokens: readonly string[];
  /** The span of that code (first token to last), absent when it speaks for nothing. */
  readonly code?: { readonly start: number; readonly end: number };
}

interface Group {
  readonly nodes: readonly CstNode[];
  readonly trailing: boolean;
}

/** Whether anything but whitespace precedes `offset` on its line. */
function codeBefore(text: string, offset: number): boolean {
  for (let i = offset - 1; i >= 0 && text[i] !== '\n'; i--) if (text[i] !== ' ' && text[i] !== '\t' && text[i] !== '\r') return true;
  return false;
}

function commentNodes(root: CstNode): CstNode[] {
  const found: CstNode[] = [];
  const visit = (node: CstNode): void => {
    if (COMMENT_TYPES.has(node.type)) found.push(node);
    else for (const child of node.children) if (child) visit(child);
  };
  visit(root);
  return found;
}

/** Comments on consecutive lines, own-line, of one type and one parent, are one group. */
function groups(comments: readonly CstNode[], text: string): Group[] {
  const result: { nodes: CstNode[]; trailing: boolean }[] = [];
  for (const node of comments) {
    const trailing = codeBefore(text, node.startIndex);
    const last = result[result.length - 1];
    const previous = last?.nodes[last.nodes.length - 1];
    if (last && previous && !last.trailing && !trailing && previous.type === node.type
      && previous.parent?.id === node.parent?.id && node.startPosition.row === previous.endPosition.row + 1) {
      last.nodes.push(node);
    } else {
      result.push({ nodes: [node], trailing });
    }
  }
  return result;
}

const isComment = (node: CstNode): boolean => COMMENT_TYPES.has(node.type);

/** The next named sibling that is not a comment at the end of a line (those never end a group). */
function nextCode(node: CstNode, text: string): CstNode | null {
  let s = node.nextNamedSibling;
  while (s && isComment(s) && codeBefore(text, s.startIndex)) s = s.nextNamedSibling;
  return s;
}

/** The nodes an own-line comment speaks for: up to a blank line, an own-line comment or the end. */
function following(last: CstNode, text: string): CstNode[] {
  const result: CstNode[] = [];
  let row = last.endPosition.row;
  for (let s = nextCode(last, text); s && !isComment(s); s = nextCode(s, text)) {
    if (s.startPosition.row > row + 1) break; // a blank line (or a line of punctuation only)
    result.push(s);
    row = s.endPosition.row;
  }
  return result;
}

/** The next declaration-like sibling of a doc comment (other doc lines and comments skipped). */
function documented(last: CstNode): CstNode | null {
  let s = last.nextNamedSibling;
  while (s && isComment(s)) s = s.nextNamedSibling;
  return s;
}

function declarationKey(node: CstNode): string {
  const name = node.childForFieldName('name');
  return name ? `${node.type} ${name.text}` : `${node.type} ${node.text.replace(/\s+/g, ' ').slice(0, 80)}`;
}

/** The top-level node that holds `node` (the node itself at the top level). */
function topLevel(node: CstNode): CstNode {
  let n = node;
  while (n.parent && n.parent.parent) n = n.parent;
  return n;
}

const normalize = (nodes: readonly CstNode[]): string => nodes.map((n) => n.text.trim().replace(/\s+/g, ' ')).join('\n');

/** Offsets of the start of each line. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return starts;
}

/** Every comment of a document with the code it speaks for. */
export function commentScopes(root: CstNode, text: string): CommentScope[] {
  const tokens = significantTokens(root);
  let starts: number[] | undefined;
  return groups(commentNodes(root), text).map((group): CommentScope => {
    const first = group.nodes[0]!;
    const last = group.nodes[group.nodes.length - 1]!;
    let kind: ScopeKind;
    let spoken: Token[];
    let subject: CstNode | undefined;
    if (group.trailing) {
      kind = 'line';
      starts ??= lineStarts(text);
      const row = first.startPosition.row;
      spoken = tokensIn(tokens, starts[row]!, starts[row + 1] ?? text.length);
    } else if (first.type === 'doc_comment') {
      kind = 'doc';
      subject = documented(last) ?? undefined;
      spoken = subject ? tokensIn(tokens, subject.startIndex, subject.endIndex) : [];
    } else {
      kind = 'block';
      const nodes = following(last, text);
      subject = nodes[0];
      spoken = nodes.length > 0 ? tokensIn(tokens, nodes[0]!.startIndex, nodes[nodes.length - 1]!.endIndex) : [];
    }
    const top = topLevel(first);
    // A comment between top-level declarations belongs to the one it documents, so that it
    // moves with it; other top-level comments belong to the file.
    const container = top.id !== first.id ? declarationKey(top) : subject ? declarationKey(subject) : 'file';
    const code = spoken.length > 0 ? { start: spoken[0]!.start, end: spoken[spoken.length - 1]!.end } : undefined;
    return {
      kind, start: first.startIndex, end: last.endIndex, line: first.startPosition.row,
      text: normalize(group.nodes), container, tokens: spoken.map((t) => t.text), ...(code ? { code } : {}),
    };
  });
}
