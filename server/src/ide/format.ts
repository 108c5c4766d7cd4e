// The Zolt formatter, shared by the language server (document formatting) and `zolt fmt`.
//
// THE ZOLT STYLE
//
// Layout
// - Indentation is 4 spaces (FormatOptions.indent), braces are K&R: `fn main() {`, `} else {`.
// - One statement, declaration, switch arm or foreign function per line. Blocks always open
//   onto their own lines; an empty block is `{}` unless it holds a comment.
// - Blank lines written between items, statements, fields, arms, list elements and comments
//   are kept, several collapsed into one. There is no blank line at the start or end of the
//   file, right after an opening bracket or right before a closing one. The file ends with
//   exactly one newline; no line ends in whitespace; lines end in `\n`.
// - Apart from whitespace, comment placement and the trailing commas of lists (below),
//   nothing changes: tokens (parentheses, literals, identifiers) are printed as written, and
//   the formatter never inserts blank lines of its own.
//
// Spacing
// - A space around binary and assignment operators, `->` and `as`; ranges are tight (`0..n`,
//   `1..=10`, `i + 1..n`),
//   and after the `:` of `name: Type`, `field: value` and `enum E: u8`. One space after a comma.
// - No space inside parentheses and brackets, around `.`, between a callee and its arguments,
//   between a struct literal's type and its `{`, or around the colons of a slice
//   (`xs[1:n:2]`). Prefix operators are attached (`-x`, `!ok`, `&v`, `*p`), except `- -x` and
//   `& &x`; types are tight (`*T`, `[4]f64`, `[]u8`, `fn(i64) -> i64`).
// - Struct literal braces and struct/enum bodies have spaces inside when on one line:
//   `Vec2{ x: 1.0, y: 2.0 }`, `struct P { x: f64, y: f64 }`; empty ones are `Point{}`.
//
// Lists (parameters, arguments, type lists, array literals, struct literal fields, struct
// fields and enum members)
// - A list stays on one line when it was written on one line (no line break between its
//   brackets) and the line it ends on fits in 100 columns (trailing comments not counted).
//   Otherwise it is one element per line, each followed by a comma. The trailing comma of a
//   list on one line is dropped. Case values (`case A, B {`) always stay on one line.
// - Nothing else is ever broken: a long expression outside such a list stays on its line.
//
// Comments
// - A comment's text is kept as written, except for whitespace at the end of its lines (and
//   `\r\n` line ends), which is removed like everywhere else. The later lines of a block
//   comment are kept as they are; only its first line is placed by the formatter.
// - A comment that ended a line (nothing after it but a line break) still ends the line of
//   the code it followed, one space after it; a comment that had a line to itself keeps one,
//   indented to the current level. A comment inside a line (code on both sides) stays there,
//   with a space on each side. Comments on one line next to each other move together.
// - When a comment must end a line in the middle of a statement (`var // why\n x = 1;`), the
//   statement continues on the next line, indented one level more; an `else` after such a
//   comment starts its line at the level of its `if`.
//
// Files with syntax errors (ERROR or MISSING nodes, unterminated strings, characters or block
// comments) are not formatted: reprinting damaged code could change what it means.
//
// How it works: the concrete syntax tree (which has every token and comment) is turned into a
// small document (text, spaces, line breaks, indentation, groups that print on one line or
// broken, in the style of Wadler's "prettier printer"), then printed. Comments are not part of
// the tree walk: they sit in a list sorted by position, and each is emitted just before the
// first token that follows it; the printer then puts it where its original surroundings say.

import type { Tree, TreeCursor } from 'web-tree-sitter';
import { blockCommentIsClosed, COMMENT_TYPES, readChar, readString } from '../syntax/literals';
import { diffLines, lineHunks, splitLines } from './line-diff';

export interface FormatOptions {
  /** One level of indentation; default four spaces. */
  indent?: string;
}

export type FormatResult = { kind: 'formatted'; text: string } | { kind: 'syntax-errors'; message: string };

/** The width that lists must fit in to stay on one line. */
export const MAX_WIDTH = 100;

/** Deeper trees are not formatted (the builder recurses once or twice per level). */
const MAX_TREE_DEPTH = 2500;

/** Formats a whole file. `tree` must be the parse of `text`. */
export function formatTree(tree: Tree, text: string, options: FormatOptions = {}): FormatResult {
  const read = readTree(tree, text);
  if ('problem' in read) return { kind: 'syntax-errors', message: read.problem };
  let doc: Doc;
  try {
    doc = new Builder(text, commentRuns(read.comments, text)).sourceFile(read.root);
  } catch (error) {
    if (error instanceof RangeError) return { kind: 'syntax-errors', message: 'it is nested too deeply to format' };
    throw error;
  }
  return { kind: 'formatted', text: new Printer(options.indent ?? '    ').print(doc) };
}

// ------------------------------------------------------------------------ reading the tree

/** A CST node copied out of WebAssembly once, without its comments. */
interface CNode {
  readonly type: string;
  readonly start: number;
  readonly end: number;
  readonly children: CNode[];
}

interface RawComment {
  readonly start: number;
  readonly end: number;
}


/** The tree as plain objects, its comments, or why it cannot be formatted. */
function readTree(tree: Tree, text: string): { root: CNode; comments: RawComment[] } | { problem: string } {
  const comments: RawComment[] = [];
  // The walk is in document order, so the first problem met is the first in the file.
  const syntaxError = (offset: number) => ({ problem: `it has syntax errors (first at line ${lineColumn(text, offset)})` });
  const cursor: TreeCursor = tree.walk();
  try {
    const root: CNode = { type: cursor.nodeType, start: cursor.startIndex, end: cursor.endIndex, children: [] };
    const stack: CNode[] = [root];
    if (!cursor.gotoFirstChild()) return { root, comments };
    for (;;) {
      const type = cursor.nodeType;
      const start = cursor.startIndex;
      const end = cursor.endIndex;
      let descend = false;
      if (COMMENT_TYPES.has(type)) {
        comments.push({ start, end });
        if (type === 'block_comment' && !blockCommentIsClosed(text.slice(start, end))) return syntaxError(start);
      } else {
        if (type === 'ERROR' || cursor.nodeIsMissing) return syntaxError(start);
        if (type === 'string_literal' && unterminated(readString(text.slice(start, end)).problems)) return syntaxError(start);
        if (type === 'char_literal' && unterminated(readChar(text.slice(start, end)).problems)) return syntaxError(start);
        const node: CNode = { type, start, end, children: [] };
        stack[stack.length - 1]!.children.push(node);
        if (cursor.gotoFirstChild()) {
          stack.push(node);
          if (stack.length > MAX_TREE_DEPTH) return { problem: `it is nested too deeply to format (at line ${lineColumn(text, start)})` };
          descend = true;
        }
      }
      if (descend) continue;
      while (!cursor.gotoNextSibling()) {
        if (stack.length === 1 || !cursor.gotoParent()) return { root, comments: comments.sort((a, b) => a.start - b.start) };
        stack.pop();
      }
    }
  } finally {
    cursor.delete();
  }
}

function unterminated(problems: readonly { code: string }[]): boolean {
  return problems.some((p) => p.code === 'unterminated');
}

/** `line:column` of an offset, both counted from 1. */
function lineColumn(text: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return `${line}:${offset - lineStart + 1}`;
}

// ------------------------------------------------------------------------ comments

/**
 * Comments on one line with only spaces between them, printed together. `newlineBefore`: the
 * run had a line to itself (or started the file); `newlineAfter`: it ended its line.
 */
interface CommentRun {
  readonly kind: 'comments';
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly newlineBefore: boolean;
  readonly newlineAfter: boolean;
  /** A blank line came before the run. */
  readonly blank: boolean;
  /** The run ends with a line or doc comment: nothing can follow it on its line. */
  readonly endsLine: boolean;
}

function commentRuns(comments: readonly RawComment[], text: string): CommentRun[] {
  const runs: CommentRun[] = [];
  let i = 0;
  while (i < comments.length) {
    const first = comments[i]!;
    const texts = [cleanComment(text.slice(first.start, first.end))];
    let last = first;
    while (i + 1 < comments.length && /^[^\S\n]*$/.test(text.slice(last.end, comments[i + 1]!.start))) {
      last = comments[++i]!;
      texts.push(cleanComment(text.slice(last.start, last.end)));
    }
    i++;
    const before = newlinesBefore(text, first.start);
    const lastText = texts[texts.length - 1]!;
    runs.push({
      kind: 'comments',
      start: first.start,
      end: last.end,
      text: texts.join(' '),
      newlineBefore: before > 0 || isFileStart(text, first.start),
      newlineAfter: newlinesAfter(text, last.end) > 0,
      blank: before > 1,
      endsLine: lastText.startsWith('//'),
    });
  }
  return runs;
}

/** A comment's text without whitespace at the ends of its lines, with `\n` line ends. */
function cleanComment(text: string): string {
  return text.replace(/[^\S\n]+$/gm, '').replace(/\r$/gm, '');
}

function isWhitespace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || code === 0xa0 || code === 0xfeff;
}

/** Line breaks in the whitespace right before `offset`. */
function newlinesBefore(text: string, offset: number): number {
  let count = 0;
  for (let i = offset - 1; i >= 0 && isWhitespace(text.charCodeAt(i)); i--) if (text.charCodeAt(i) === 10) count++;
  return count;
}

/** Line breaks in the whitespace right after `offset`; the end of the file counts as one. */
function newlinesAfter(text: string, offset: number): number {
  let count = 0;
  let i = offset;
  for (; i < text.length && isWhitespace(text.charCodeAt(i)); i++) if (text.charCodeAt(i) === 10) count++;
  return i === text.length ? Math.max(count, 1) : count;
}

function isFileStart(text: string, offset: number): boolean {
  for (let i = offset - 1; i >= 0; i--) if (!isWhitespace(text.charCodeAt(i))) return false;
  return true;
}

// ------------------------------------------------------------------------ documents

/** A token from the source; `blank`: a blank line came right before it. */
interface Tok {
  readonly kind: 'tok';
  readonly text: string;
  readonly blank: boolean;
}

/** A space, unless the line breaks here. */
interface Space {
  readonly kind: 'space';
}

/** A line break; in a group printed flat, a space (or nothing when `soft`). */
interface Line {
  readonly kind: 'line';
  readonly soft: boolean;
  readonly hard: boolean;
}

interface Indent {
  readonly kind: 'indent';
  readonly doc: Doc;
}

/** Printed on one line if `broken` is false and it fits, else with its lines broken. */
interface Group {
  readonly kind: 'group';
  readonly doc: Doc;
  readonly broken: boolean;
}

interface IfBreak {
  readonly kind: 'if-break';
  readonly broken: Doc;
  readonly flat: Doc;
}

/** A plain string is text the formatter adds (a comma); arrays are concatenation. */
type Doc = string | readonly Doc[] | Tok | Space | Line | Indent | Group | IfBreak | CommentRun;

const SPACE: Space = { kind: 'space' };
const LINE: Line = { kind: 'line', soft: false, hard: false };
const SOFTLINE: Line = { kind: 'line', soft: true, hard: false };
const HARDLINE: Line = { kind: 'line', soft: false, hard: true };
const indent = (doc: Doc): Indent => ({ kind: 'indent', doc });
const group = (doc: Doc, broken: boolean): Group => ({ kind: 'group', doc, broken });
const ifBreak = (broken: Doc, flat: Doc): IfBreak => ({ kind: 'if-break', broken, flat });

// ------------------------------------------------------------------------ CST -> document

/** Node types whose tokens are printed without spaces between them. */
const TIGHT = new Set([
  'call_expression', 'index_expression', 'slice_expression', 'member_expression', 'implicit_member_expression',
  'parenthesized_expression', 'parenthesized_type', 'struct_literal', 'qualified_type', 'pointer_type',
  'array_type', 'slice_type', 'expression_statement', 'break_statement', 'continue_statement',
  'unreachable_statement', 'empty_statement', 'boolean_literal', 'null_literal', 'context_expression',
  'range_expression',
]);

/** Lists whose elements go one per line when broken; the flag: spaces inside the brackets. */
const LISTS = new Map<string, boolean>([
  ['parameter_list', false], ['type_list', false], ['argument_list', false], ['array_literal', false],
  ['field_declaration_list', true], ['enum_member_list', true], ['field_initializer_list', true],
]);

/** Bracketed sequences of statements or declarations, one per line. */
const BLOCKS = new Set(['block', 'switch_body', 'foreign_declaration_list']);

/** Children that never take a space before them in a spaced construct. */
const NO_SPACE_BEFORE = new Set([';', ',', ':', 'parameter_list', 'type_list']);

class Builder {
  private next = 0;

  constructor(
    private readonly text: string,
    private readonly runs: readonly CommentRun[],
  ) {}

  sourceFile(root: CNode): Doc {
    const parts: Doc[] = [];
    root.children.forEach((item, i) => {
      if (i > 0) parts.push(HARDLINE);
      parts.push(this.node(item));
    });
    parts.push(HARDLINE, this.commentsBefore(this.text.length));
    return parts;
  }

  private node(n: CNode): Doc {
    if (n.children.length === 0) return this.tok(n);
    const list = LISTS.get(n.type);
    if (list !== undefined) return this.list(n, list);
    if (BLOCKS.has(n.type)) return this.block(n);
    switch (n.type) {
      case 'unary_expression':
        return this.unary(n);
      case 'switch_case':
        return this.switchCase(n);
      case 'if_statement':
        return this.ifStatement(n);
      default:
        return TIGHT.has(n.type) ? this.seq(n.children, () => false) : this.seq(n.children, spacedBetween);
    }
  }

  /** A token, after the comments that come before it. */
  private tok(n: CNode): Doc {
    const comments = this.commentsBefore(n.start);
    const tok: Tok = { kind: 'tok', text: this.text.slice(n.start, n.end), blank: newlinesBefore(this.text, n.start) > 1 };
    return comments.length === 0 ? tok : [...comments, tok];
  }

  /** The comments not yet emitted that end before `offset`. */
  private commentsBefore(offset: number): CommentRun[] {
    const out: CommentRun[] = [];
    while (this.next < this.runs.length && this.runs[this.next]!.end <= offset) out.push(this.runs[this.next++]!);
    return out;
  }

  private hasCommentBefore(offset: number): boolean {
    return this.next < this.runs.length && this.runs[this.next]!.end <= offset;
  }

  /** Children in order, with a space between two of them where `space` says so. */
  private seq(children: readonly CNode[], space: (previous: CNode, next: CNode) => boolean): Doc {
    const parts: Doc[] = [];
    let previous: CNode | undefined;
    for (const child of children) {
      if (previous && space(previous, child)) parts.push(SPACE);
      parts.push(this.node(child));
      previous = child;
    }
    return parts;
  }

  /**
   * `-x`, `!ok`, `&v`, `*p`: attached, except that `& &x` must not become `&&x` (one token)
   * and `- -x` does not become `--x` (which reads as C's decrement).
   */
  private unary(n: CNode): Doc {
    const [operator, operand] = n.children as [CNode, CNode];
    const op = this.node(operator);
    const first = this.text[operator.start];
    const clash = (first === '&' || first === '-') && this.text[operand.start] === first;
    return [op, clash ? SPACE : '', this.node(operand)];
  }

  /**
   * `if c {`, `} else if d {`, `} else {`. A comment that ends the line of the `}` or has a
   * line of its own before `else` keeps its line, and `else` then starts the next one, at the
   * level of the `if`.
   */
  private ifStatement(n: CNode): Doc {
    const elseIndex = n.children.findIndex((child) => child.type === 'else');
    if (elseIndex < 0) return this.seq(n.children, spacedBetween);
    const keyword = n.children[elseIndex]!;
    const head = this.seq(n.children.slice(0, elseIndex), spacedBetween);
    const comments = this.commentsBefore(keyword.start);
    const own = comments.some((run) => run.newlineBefore || run.newlineAfter);
    const between = own ? [HARDLINE, comments, HARDLINE] : [SPACE, comments, SPACE];
    return [head, between, this.seq(n.children.slice(elseIndex), spacedBetween)];
  }

  /** `case A, B {`: values on one line, a trailing comma dropped. */
  private switchCase(n: CNode): Doc {
    const children = n.children.filter((child, i) => !(child.type === ',' && n.children[i + 1]?.type === 'block'));
    return this.seq(children, spacedBetween);
  }

  /**
   * A bracketed, comma-separated list: on one line as `(a, b)` or `{ a, b }`, or broken with
   * one element per line, each with a comma. The original commas are not printed (their
   * comments are); the formatter writes its own.
   */
  private list(n: CNode, spaced: boolean): Doc {
    const open = n.children[0]!;
    const close = n.children[n.children.length - 1]!;
    const elements = n.children.slice(1, -1).filter((child) => child.type !== ',');
    const openDoc = this.tok(open);
    if (elements.length === 0 && !this.hasCommentBefore(close.start)) return [openDoc, this.tok(close)];
    const line = spaced ? LINE : SOFTLINE;
    const inner: Doc[] = [line];
    elements.forEach((element, i) => {
      if (i > 0) inner.push(',', LINE);
      inner.push(this.node(element));
    });
    if (elements.length > 0) inner.push(ifBreak(',', ''));
    // Comments before the closing bracket stay inside the list, indented with its elements.
    inner.push(line, this.commentsBefore(close.start));
    const broken = this.text.slice(open.end, close.start).includes('\n');
    return group([openDoc, indent(inner), line, this.tok(close)], broken);
  }

  /** `{`, one statement (declaration, arm) per line, `}`; `{}` when empty. */
  private block(n: CNode): Doc {
    const open = n.children[0]!;
    const close = n.children[n.children.length - 1]!;
    const statements = n.children.slice(1, -1);
    const openDoc = this.tok(open);
    if (statements.length === 0 && !this.hasCommentBefore(close.start)) return [openDoc, this.tok(close)];
    const inner: Doc[] = [];
    for (const statement of statements) inner.push(HARDLINE, this.node(statement));
    inner.push(HARDLINE, this.commentsBefore(close.start));
    return [openDoc, indent(inner), HARDLINE, this.tok(close)];
  }
}

/** In constructs printed with spaces: none before `;`, `,`, `:` and parameter lists. */
function spacedBetween(_previous: CNode, next: CNode): boolean {
  return !NO_SPACE_BEFORE.has(next.type);
}

// ------------------------------------------------------------------------ printing

type Mode = 'flat' | 'break';

interface Command {
  readonly level: number;
  readonly mode: Mode;
  readonly doc: Doc;
}

const OPENING = new Set(['(', '[', '{']);
const CLOSING = new Set([')', ']', '}']);
/** Tokens that the space after an inline comment is dropped before. */
const NO_SPACE_AFTER_COMMENT = new Set([')', ']', ',', ';', ':']);

/**
 * Prints a document. Spaces and line breaks are kept pending until the next text, so that a
 * line never ends in a space, several breaks merge into one (or one blank line), and a
 * comment that ended a line in the source can still be put at the end of the current line.
 */
class Printer {
  private readonly out: string[] = [];
  /** Whether anything has been written (nothing goes before the first text). */
  private written = false;
  private column = 0;
  /** Indentation level of the line being written. */
  private lineLevel = 0;
  private atLineStart = true;
  /** Whether the line being written has code on it (not only comments). */
  private lineHasCode = false;
  /** Whether the line being written ends in a line comment. */
  private lineEnded = false;
  /** The last text written. */
  private last = '';
  private pendingBreaks = 0;
  private pendingLevel = 0;
  /** 0: none, 1: the weak space after an inline comment, 2: a space. */
  private pendingSpace: 0 | 1 | 2 = 0;

  /** Columns taken by one level of indentation (a tab counts as four). */
  private readonly unitWidth: number;

  constructor(private readonly unit: string) {
    this.unitWidth = unit.replace(/\t/g, '    ').length;
  }

  print(doc: Doc): string {
    const stack: Command[] = [{ level: 0, mode: 'break', doc }];
    while (stack.length > 0) {
      const { level, mode, doc } = stack.pop()!;
      if (typeof doc === 'string') {
        if (doc !== '') this.text(doc, false);
        continue;
      }
      if (isArray(doc)) {
        for (let i = doc.length - 1; i >= 0; i--) stack.push({ level, mode, doc: doc[i]! });
        continue;
      }
      switch (doc.kind) {
        case 'tok':
          this.text(doc.text, doc.blank);
          break;
        case 'space':
          if (this.pendingBreaks === 0) this.pendingSpace = 2;
          break;
        case 'line':
          if (doc.hard || mode === 'break') this.lineBreak(level);
          else if (!doc.soft && this.pendingBreaks === 0) this.pendingSpace = 2;
          break;
        case 'indent':
          stack.push({ level: level + 1, mode, doc: doc.doc });
          break;
        case 'group': {
          const flat = mode === 'flat' || (!doc.broken && this.fits({ level, mode: 'flat', doc: doc.doc }, stack));
          stack.push({ level, mode: flat ? 'flat' : 'break', doc: doc.doc });
          break;
        }
        case 'if-break':
          stack.push({ level, mode, doc: mode === 'break' ? doc.broken : doc.flat });
          break;
        case 'comments':
          this.comments(doc, level);
          break;
      }
    }
    return this.written ? this.out.join('') + '\n' : '';
  }

  private lineBreak(level: number): void {
    this.pendingBreaks = Math.max(this.pendingBreaks, 1);
    this.pendingLevel = level;
    this.pendingSpace = 0;
  }

  /** Writes what is pending before `next`: line breaks and indentation, or a space. */
  private flush(next: string, blank: boolean): void {
    if (this.pendingBreaks > 0) {
      let breaks = Math.max(this.pendingBreaks, blank ? 2 : 1);
      if (breaks > 1 && (OPENING.has(this.last) || CLOSING.has(next))) breaks = 1;
      if (this.written) {
        const indentation = this.unit.repeat(this.pendingLevel);
        this.out.push('\n'.repeat(breaks) + indentation);
        this.column = this.unitWidth * this.pendingLevel;
      }
      this.lineLevel = this.pendingLevel;
      this.atLineStart = true;
      this.lineHasCode = false;
      this.lineEnded = false;
      this.pendingBreaks = 0;
    } else if (this.pendingSpace === 2 || (this.pendingSpace === 1 && !NO_SPACE_AFTER_COMMENT.has(next))) {
      this.write(' ');
    }
    this.pendingSpace = 0;
  }

  private text(text: string, blank: boolean): void {
    this.flush(text, blank);
    this.write(text);
    this.lineHasCode = true;
  }

  /**
   * The level of the line after a comment that must end the current one: a continuation
   * line (one level more) in the middle of code, else the level of the current line.
   */
  private levelAfterComment(level: number): number {
    return this.lineHasCode ? level + 1 : this.lineLevel;
  }

  private write(text: string): void {
    this.out.push(text);
    const newline = text.lastIndexOf('\n');
    this.column = newline < 0 ? this.column + text.length : text.length - newline - 1;
    this.written = true;
    this.atLineStart = false;
    this.last = text;
  }

  private comments(run: CommentRun, level: number): void {
    this.placeComments(run, level);
    this.lineEnded = run.endsLine;
  }

  private placeComments(run: CommentRun, level: number): void {
    // (A line can end in a line comment when tokens between two comments are not printed:
    // the original commas of a list. The second comment then needs a line of its own.)
    if (!run.newlineBefore && run.newlineAfter && !this.lineEnded) {
      // It ended the line of the code before it: it still does, whatever follows.
      this.write(' ' + run.text);
      if (this.pendingBreaks === 0) {
        this.pendingBreaks = 1;
        this.pendingLevel = this.levelAfterComment(level);
      }
      return;
    }
    if (!run.newlineBefore && !run.newlineAfter) {
      // Inside a line: stays there, spaced from its neighbours.
      if (this.pendingBreaks > 0) this.flush(run.text, false);
      else if (this.pendingSpace === 2 || (this.written && !this.atLineStart && !OPENING.has(this.last))) this.write(' ');
      this.pendingSpace = 0;
      this.write(run.text);
      this.pendingSpace = 1;
      return;
    }
    // On a line of its own: in the middle of a statement, that line is a continuation line.
    if (this.pendingBreaks === 0 && this.written && !this.atLineStart) {
      this.pendingBreaks = 1;
      this.pendingLevel = this.levelAfterComment(level);
    }
    this.flush(run.text, run.blank);
    this.write(run.text);
    if (run.newlineAfter) {
      this.pendingBreaks = 1;
      this.pendingLevel = this.lineLevel;
    } else {
      this.pendingSpace = 1;
    }
  }

  /** The column the next text would start at. */
  private nextColumn(): number {
    if (this.pendingBreaks > 0 && this.written) return this.unitWidth * this.pendingLevel;
    return this.column + (this.pendingSpace > 0 ? 1 : 0);
  }

  /**
   * Whether `next` printed flat, and what follows it up to the next possible line break, fit
   * in MAX_WIDTH. Comments that end a line end the measure (they do not count).
   */
  private fits(next: Command, rest: readonly Command[]): boolean {
    let remaining = MAX_WIDTH - this.nextColumn();
    const stack: Command[] = [next];
    let restIndex = rest.length;
    while (remaining >= 0) {
      const command = stack.pop() ?? (restIndex > 0 ? rest[--restIndex] : undefined);
      if (!command) return true;
      const { level, mode, doc } = command;
      if (typeof doc === 'string') {
        remaining -= doc.length;
        continue;
      }
      if (isArray(doc)) {
        for (let i = doc.length - 1; i >= 0; i--) stack.push({ level, mode, doc: doc[i]! });
        continue;
      }
      switch (doc.kind) {
        case 'tok':
          remaining -= doc.text.length;
          break;
        case 'space':
          remaining -= 1;
          break;
        case 'line':
          if (doc.hard || mode === 'break') return true;
          if (!doc.soft) remaining -= 1;
          break;
        case 'indent':
          stack.push({ level: level + 1, mode, doc: doc.doc });
          break;
        case 'group':
          stack.push({ level, mode: doc.broken ? 'break' : mode, doc: doc.doc });
          break;
        case 'if-break':
          stack.push({ level, mode, doc: mode === 'break' ? doc.broken : doc.flat });
          break;
        case 'comments': {
          if (doc.newlineBefore || doc.newlineAfter) return true;
          const newline = doc.text.indexOf('\n');
          if (newline >= 0) return remaining - newline - 1 >= 0;
          remaining -= doc.text.length + 2;
          break;
        }
      }
    }
    return false;
  }
}

function isArray(doc: Doc): doc is readonly Doc[] {
  return Array.isArray(doc);
}

// ------------------------------------------------------------------------ edits

export interface TextEdit {
  /** Offsets into the old text. */
  start: number;
  end: number;
  text: string;
}


/**
 * The replacements that turn `oldText` into `newText`, in order and without overlap (offsets
 * into `oldText`): a line diff, each changed run of lines narrowed to the characters that
 * differ. Unchanged lines are not touched, so editors keep cursors, folds and marks there.
 */
export function formatEdits(oldText: string, newText: string): TextEdit[] {
  if (oldText === newText) return [];
  const a = splitLines(oldText);
  const b = splitLines(newText);
  const aOffsets = lineOffsets(a);
  return lineHunks(a, b).flatMap((hunk) => narrowed(oldText, aOffsets[hunk.aStart]!, aOffsets[hunk.aEnd]!, b.slice(hunk.bStart, hunk.bEnd).join('')));
}

/** The replacement of `oldText`'s start..end by `text`, narrowed to the characters that differ (none if equal). */
function narrowed(oldText: string, start: number, end: number, text: string): TextEdit[] {
  let prefix = 0;
  const oldPart = oldText.slice(start, end);
  while (prefix < oldPart.length && prefix < text.length && oldPart[prefix] === text[prefix]) prefix++;
  let suffix = 0;
  while (suffix < oldPart.length - prefix && suffix < text.length - prefix
    && oldPart[oldPart.length - 1 - suffix] === text[text.length - 1 - suffix]) suffix++;
  // Never split a surrogate pair.
  if (prefix > 0 && isLowSurrogate(oldPart.charCodeAt(prefix))) prefix--;
  if (suffix > 0 && isLowSurrogate(oldPart.charCodeAt(oldPart.length - suffix))) suffix--;
  const edit = { start: start + prefix, end: end - suffix, text: text.slice(prefix, text.length - suffix) };
  return edit.start !== edit.end || edit.text !== '' ? [edit] : [];
}

/**
 * Range formatting: the edits of formatting the whole file (`newText` is `oldText` formatted)
 * that lie within the lines of the range start..end (offsets into `oldText`; a range that
 * ends at the start of a line does not take that line). Inside those lines the result is the
 * formatted text's, outside nothing changes.
 *
 * The edits are finer than formatEdits': lines are paired by their text without whitespace
 * (formatting mostly moves whitespace), so a reindented block is one edit per line and a
 * range can take its own lines' edits. Lines that pair with none (a list broken onto several
 * lines) are one edit, taken only when the range holds all of them.
 */
export function rangeFormatEdits(oldText: string, newText: string, start: number, end: number): TextEdit[] {
  if (oldText === newText) return [];
  const a = splitLines(oldText);
  const b = splitLines(newText);
  const aOffsets = lineOffsets(a);
  const squeeze = (line: string) => line.replace(/\s+/g, '');
  const hunks = diffLines(a.map(squeeze), b.map(squeeze)) ?? [{ aStart: 0, aEnd: a.length, bStart: 0, bEnd: b.length }];
  const edits: TextEdit[] = [];
  let i = 0;
  let j = 0;
  const pairUpTo = (aEnd: number) => {
    for (; i < aEnd; i++, j++) edits.push(...narrowed(oldText, aOffsets[i]!, aOffsets[i + 1]!, b[j]!));
  };
  for (const hunk of hunks) {
    pairUpTo(hunk.aStart);
    edits.push(...narrowed(oldText, aOffsets[hunk.aStart]!, aOffsets[hunk.aEnd]!, b.slice(hunk.bStart, hunk.bEnd).join('')));
    i = hunk.aEnd;
    j = hunk.bEnd;
  }
  pairUpTo(a.length);
  const [from, to] = lineSpan(oldText, start, end);
  // An insertion right at `to` belongs to the next line, unless that is the end of the file.
  return edits.filter((e) => e.start >= from && e.end <= to && (e.start < to || e.start === from || to === oldText.length));
}

/** The offset where each line starts, and the end of the text last. */
function lineOffsets(lines: readonly string[]): number[] {
  const offsets = [0];
  for (const line of lines) offsets.push(offsets[offsets.length - 1]! + line.length);
  return offsets;
}

/** From the start of the line holding `start` to the end (line break included) of the range's last line. */
function lineSpan(text: string, start: number, end: number): [number, number] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  const lineOf = (offset: number) => {
    let line = 0;
    while (line + 1 < starts.length && starts[line + 1]! <= offset) line++;
    return line;
  };
  const first = lineOf(start);
  let last = lineOf(end);
  if (last > first && starts[last] === end) last--;
  return [starts[first]!, starts[last + 1] ?? text.length];
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
