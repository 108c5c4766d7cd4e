// CST -> AST, one top-level item at a time.
//
// Reading a tree-sitter tree from JavaScript costs about a microsecond per cursor step, so
// this is a single cursor walk that reads only what it needs, with a fast path for items
// without syntax errors (no ERROR or MISSING checks at all). Recursion is bounded: an
// expression nested deeper than MAX_DEPTH becomes an error node with a diagnostic, so that
// neither this walk nor the checker above it can overflow the stack.
//
// An item with errors may first be repaired (repair.ts): it is then lowered from the repaired
// tree, whose offsets are mapped back to the original text, so that every span, and every
// piece of text read, is the original's.

import type { Node as CstNode, TreeCursor } from 'web-tree-sitter';
import type * as A from './ast';
import { SyntaxCode, type Diagnostic } from './diagnostic';
import {
  KEYWORDS, COMMENT_TYPES, blockCommentIsClosed, commentKind, readChar, unterminatedComment,
  readFloat, readInteger, readString, type LiteralProblem,
} from './literals';
import { repairUnit, toOriginal, type Insertion, type PlacedInsertion, type Repair, type Reparse } from './repair';

export const MAX_DEPTH = 256;

export interface Comment {
  readonly kind: 'line' | 'block' | 'doc';
  /** Item-relative span. */
  readonly start: number;
  readonly end: number;
}

/** One lowered top-level item with what the syntax layer knows about it. */
export interface LoweredItem extends A.Item {
  /** Syntax diagnostics, item-relative. */
  readonly diagnostics: readonly Diagnostic[];
  /** Every comment in the item (its leading comments included), item-relative. */
  readonly comments: readonly Comment[];
  /** Number of AST node ids used by this item. */
  readonly nodeCount: number;
  /**
   * Set on an item that a repair split off the same tree node as the item before it (see
   * repair.ts): the document lowers it again whenever it lowers that one.
   */
  readonly continuesNode?: true;
}


/**
 * Anonymous tokens no lowering looks at (punctuation and keywords; operators are read). Skipping
 * them without reading their field saves a round trip into WebAssembly per token.
 */
const SKIPPED_TOKENS = new Set([
  '(', ')', '{', '}', '[', ']', ',', ';', ':', '.', '->', 'import', 'const', 'var', 'fn', 'struct', 'enum',
  'foreign', 'if', 'else', 'while', 'for', 'in', 'switch', 'case', 'break', 'continue', 'return', 'defer', 'using',
  'unreachable', 'push_context', 'as', '"', "'",
]);

const EXPRESSION_TYPES = new Set([
  'assignment_expression', 'binary_expression', 'range_expression', 'cast_expression', 'unary_expression',
  'call_expression', 'index_expression', 'slice_expression', 'member_expression', 'implicit_member_expression',
  'parenthesized_expression', 'struct_literal', 'array_literal', 'context_expression', 'identifier',
  'integer_literal', 'float_literal', 'string_literal', 'char_literal', 'boolean_literal', 'null_literal',
  'slice_type', 'array_type', 'function_type',
]);

const TYPE_TYPES = new Set(['type_identifier', 'qualified_type', 'pointer_type', 'array_type', 'slice_type', 'function_type', 'parenthesized_type']);

const STATEMENT_TYPES = new Set([
  'const_declaration', 'var_declaration', 'function_declaration', 'struct_declaration', 'enum_declaration',
  'foreign_block', 'expression_statement', 'if_statement', 'while_statement', 'for_statement', 'switch_statement',
  'break_statement', 'continue_statement', 'return_statement', 'defer_statement', 'using_statement',
  'unreachable_statement', 'push_context_statement', 'block', 'empty_statement',
]);

/** A comment before a top-level node, which belongs to the item of that node. */
export interface LeadingComment {
  readonly type: 'line_comment' | 'block_comment' | 'doc_comment';
  /** Absolute offsets. */
  readonly start: number;
  readonly end: number;
}

/**
 * Lowers the top-level CST node `node` into an item that starts at `start` (the end of the
 * previous item: the whitespace and `leading` comments between belong to this item). `text`
 * is the whole document.
 */
export function lowerItem(node: CstNode, start: number, leading: readonly LeadingComment[], text: string): LoweredItem {
  return lowerNode(node, start, node.endIndex, leading, text, undefined);
}

/**
 * Repairs and lowers the top-level CST nodes `nodes`, which start at `start` (the first has
 * errors, any others are what the recovery left after it: see repair.ts). The items returned
 * partition the nodes' text as items of the nodes would have (there may be more or fewer of
 * them); undefined when no repair helps.
 */
export function lowerRepairedUnit(nodes: readonly CstNode[], start: number, text: string, reparse: Reparse): LoweredItem[] | undefined {
  const repair = repairUnit(nodes, start, text, reparse);
  if (!repair) return undefined;
  try {
    return lowerRepaired(repair, start, nodes[nodes.length - 1]!.endIndex, text);
  } finally {
    repair.tree.delete();
  }
}

/** What a Lowerer of a repaired tree needs: its offsets are mapped back to the original text. */
interface Mapping {
  readonly insertions: readonly PlacedInsertion[];
  /** Absolute offset of the repaired text's start (the unit's start in the document). */
  readonly origin: number;
}

/** The items of a repaired tree, whose root holds the unit's text [start, end) of the document. */
function lowerRepaired(repair: Repair, start: number, end: number, text: string): LoweredItem[] {
  const mapping: Mapping = { insertions: repair.insertions, origin: start };
  const mapped = (offset: number) => start + toOriginal(repair.insertions, offset);
  const groups: { node: CstNode; leading: LeadingComment[] }[] = [];
  let comments: LeadingComment[] = [];
  for (const child of repair.tree.rootNode.children) {
    if (!child) continue;
    const type = child.type;
    if (COMMENT_TYPES.has(type)) comments.push({ type: type as LeadingComment['type'], start: mapped(child.startIndex), end: mapped(child.endIndex) });
    else if (child.startIndex < child.endIndex) {
      groups.push({ node: child, leading: comments });
      comments = [];
    }
  }
  const items: LoweredItem[] = [];
  let itemStart = start;
  groups.forEach(({ node, leading }, k) => {
    const last = k === groups.length - 1;
    const itemEnd = last ? end : mapped(node.endIndex);
    // Each insertion is reported by the item whose node holds the inserted text.
    const own = repair.insertions.filter((i) => (i.offset < node.endIndex || last) && (k === 0 || i.offset >= groups[k - 1]!.node.endIndex));
    items.push(lowerNode(node, itemStart, itemEnd, leading, text, { mapping, own, trailing: last ? comments : [], continues: k > 0 }));
    itemStart = itemEnd;
  });
  return items;
}

/** How a node of a repaired tree is lowered (see lowerRepaired). */
interface RepairedNode {
  readonly mapping: Mapping;
  /** The insertions this item reports. */
  readonly own: readonly PlacedInsertion[];
  /** Comments after the node that are the item's. */
  readonly trailing: readonly LeadingComment[];
  /** Whether the item was split off the same original node as the item before it. */
  readonly continues: boolean;
}

function lowerNode(node: CstNode, start: number, end: number, leading: readonly LeadingComment[], text: string, repaired: RepairedNode | undefined): LoweredItem {
  const hasError = node.hasError;
  const lowerer = new Lowerer(node.walk(), text, start, hasError, repaired?.mapping);
  try {
    for (const comment of leading) lowerer.leadingComment(comment);
    const decl = lowerer.topLevel();
    for (const comment of repaired?.trailing ?? []) lowerer.leadingComment(comment);
    const diagnostics = repaired ? withInsertions(lowerer.diagnostics, repaired.own, repaired.mapping.origin - start) : lowerer.diagnostics;
    const item: LoweredItem = {
      start,
      length: end - start,
      decl,
      hasSyntaxErrors: hasError || diagnostics.length > 0,
      diagnostics,
      comments: lowerer.comments,
      nodeCount: lowerer.nextId,
    };
    return repaired?.continues ? { ...item, continuesNode: true } : item;
  } finally {
    lowerer.dispose();
  }
}

/**
 * The diagnostics with one for each inserted `;`, in order of position (`delta` makes an
 * insertion's offset item-relative). An inserted closing quote needs none: the literal, read
 * from the original text, reports itself unterminated.
 */
function withInsertions(diagnostics: readonly Diagnostic[], insertions: readonly Insertion[], delta: number): Diagnostic[] {
  const result = [...diagnostics];
  for (const insertion of insertions) {
    if (insertion.kind !== 'semicolon') continue;
    const at = insertion.at + delta;
    const d: Diagnostic = { code: SyntaxCode.Missing, severity: 'error', message: missingMessage(';', false, insertion.context), start: at, end: at };
    let i = result.length;
    while (i > 0 && result[i - 1]!.start > d.start) i--;
    result.splice(i, 0, d);
  }
  return result;
}

class Lowerer {
  readonly diagnostics: Diagnostic[] = [];
  readonly comments: Comment[] = [];
  nextId = 0;
  private depth = 0;
  /** Doc comments seen since the last declaration in the current list. */
  private pendingDoc: string[] = [];

  constructor(
    private readonly c: TreeCursor,
    private readonly text: string,
    /** Absolute offset of the item: spans are relative to it. */
    private readonly base: number,
    /** Whether the item contains ERROR/MISSING nodes: only then are they looked for. */
    private readonly checkErrors: boolean,
    /** For a repaired tree: how its offsets map to the original text. */
    private readonly mapping: Mapping | undefined,
  ) {}

  dispose(): void {
    this.c.delete();
  }

  // ---------------------------------------------------------------- cursor helpers

  /** Whether the node under the cursor holds the quote a repair inserted after a literal. */
  private holdsInsertedQuote(): boolean {
    if (!this.mapping) return false;
    const { startIndex, endIndex } = this.c;
    return this.mapping.insertions.some((i) => i.kind === 'quote' && i.offset >= startIndex && i.offset < endIndex);
  }

  /** A tree offset as an absolute offset in the original text. */
  private at(index: number): number {
    return this.mapping ? this.mapping.origin + toOriginal(this.mapping.insertions, index) : index;
  }

  private id(): number {
    return this.nextId++;
  }

  private span(): A.Span {
    return { start: this.at(this.c.startIndex) - this.base, end: this.at(this.c.endIndex) - this.base };
  }

  private nodeText(): string {
    return this.text.slice(this.at(this.c.startIndex), this.at(this.c.endIndex));
  }

  /** The text of an item-relative span (no round trip to the tree). */
  private spanText(span: A.Span): string {
    return this.text.slice(this.base + span.start, this.base + span.end);
  }

  /**
   * Calls `visit` for each child that is not a comment, with its type and field name; the
   * cursor is on the child during the call and back on the parent afterwards. Comments are
   * recorded; in an item with errors, ERROR children and missing tokens are reported here.
   */
  private children(visit: (type: string, field: string | null) => void): void {
    const c = this.c;
    const parentStart = this.at(c.startIndex);
    if (!c.gotoFirstChild()) return;
    let previousEnd = parentStart; // end of the last child that is not a comment
    do {
      const type = c.nodeType;
      if (COMMENT_TYPES.has(type)) {
        this.comment(type);
        continue;
      }
      if (!this.checkErrors && SKIPPED_TOKENS.has(type)) continue;
      if (this.checkErrors) {
        if (type === 'ERROR') {
          this.error();
          previousEnd = this.at(c.endIndex);
          continue;
        }
        if (c.startIndex === c.endIndex && c.nodeIsMissing) {
          this.missing(type, previousEnd);
          if (!c.nodeIsNamed) continue;
        }
      }
      if (this.checkErrors) previousEnd = this.at(c.endIndex);
      visit(type, c.currentFieldName);
    } while (c.gotoNextSibling());
    c.gotoParent();
  }

  private comment(type: string): void {
    this.recordComment(type, this.at(this.c.startIndex), this.at(this.c.endIndex));
  }

  leadingComment(comment: LeadingComment): void {
    this.recordComment(comment.type, comment.start, comment.end);
  }

  private recordComment(type: string, absoluteStart: number, absoluteEnd: number): void {
    const start = absoluteStart - this.base;
    const end = absoluteEnd - this.base;
    const text = this.text.slice(absoluteStart, absoluteEnd);
    const kind = commentKind(type);
    this.comments.push({ kind, start, end });
    // Doc comments document the next declaration; any other comment in between breaks the run.
    if (kind === 'doc') this.pendingDoc.push(text.slice(3).replace(/^ /, ''));
    else this.pendingDoc = [];
    if (kind === 'block' && !blockCommentIsClosed(text)) {
      this.diagnostics.push(unterminatedComment(start));
    }
  }

  /** The doc comment collected for the declaration that follows it. */
  private takeDoc(): string | undefined {
    if (this.pendingDoc.length === 0) return undefined;
    const doc = this.pendingDoc.join('\n');
    this.pendingDoc = [];
    return doc;
  }

  private report(code: string, start: number, end: number, message: string): void {
    this.diagnostics.push({ code, severity: 'error', message, start, end });
  }

  private literalProblems(problems: readonly LiteralProblem[], at: number): void {
    for (const p of problems) {
      const code = p.code === 'escape' ? SyntaxCode.InvalidEscape
        : p.code === 'number' ? SyntaxCode.InvalidNumber
        : p.code === 'char' ? SyntaxCode.InvalidChar
        : this.c.nodeType === 'char_literal' ? SyntaxCode.UnterminatedChar : SyntaxCode.UnterminatedString;
      this.report(code, at + p.start, at + p.end, p.message);
    }
  }

  /** An ERROR node: reported by its first token; its contents are skipped. */
  private error(): void {
    const start = this.at(this.c.startIndex);
    const end = this.at(this.c.endIndex);
    const token = firstToken(this.text, start, end);
    this.report(SyntaxCode.Unexpected, token.start - this.base, token.end - this.base, `unexpected ${describeToken(token.text)}`);
  }

  /**
   * A token the parser inserted. Tree-sitter places it before the next token, past any comments;
   * the user types it right after the previous one, so it is reported there.
   */
  private missing(type: string, previousEnd: number): void {
    const at = Math.min(this.at(this.c.startIndex), previousEnd) - this.base;
    const parent = this.c.currentNode.parent?.type ?? '';
    this.report(SyntaxCode.Missing, at, at, missingMessage(type, this.c.nodeIsNamed, parent));
  }

  // ---------------------------------------------------------------- names

  private name(): A.Name {
    return this.nameAt(this.span());
  }

  /** A name from the span of the node under the cursor (already read). */
  private nameAt(span: A.Span): A.Name {
    const text = this.spanText(span);
    const missing = span.start === span.end;
    if (KEYWORDS.has(text)) {
      this.report(SyntaxCode.KeywordAsName, span.start, span.end, `'${text}' is a keyword and cannot be used as a name`);
    }
    return { kind: 'name', id: this.id(), span, text, missing };
  }

  /** A placeholder for a name the tree does not have at all (recovered errors). */
  private absentName(at: number): A.Name {
    return { kind: 'name', id: this.id(), span: { start: at, end: at }, text: '', missing: true };
  }

  // ---------------------------------------------------------------- top level

  topLevel(): A.Decl {
    const type = this.c.nodeType;
    switch (type) {
      case 'import_declaration':
        return this.importDecl();
      case 'ERROR':
        return this.errorDecl();
      default: {
        const decl = this.declaration(type);
        if (decl) return decl;
        // A statement at the top level (`x = 1;`): report it, keep its names resolvable.
        const span = this.span();
        this.report(SyntaxCode.Unexpected, span.start, span.end, 'statements belong inside a function; the top level holds imports and declarations');
        return { kind: 'error-decl', id: this.id(), span, statements: [this.statement(type)] };
      }
    }
  }

  private errorDecl(): A.ErrorDecl {
    const id = this.id();
    const span = this.span();
    this.topLevelError(this.at(this.c.startIndex), this.at(this.c.endIndex));
    const statements: A.Stmt[] = [];
    this.salvage((type) => {
      if (STATEMENT_TYPES.has(type)) statements.push(this.statement(type));
      else if (EXPRESSION_TYPES.has(type)) statements.push({ kind: 'expr-stmt', id: this.id(), span: this.span(), expr: this.expr(type) });
    });
    return { kind: 'error-decl', id, span, statements };
  }

  /**
   * Reports an error at the top level. The parser gives one ERROR node for a run of stray
   * statements; each statement in it (split at `;` and closing braces outside brackets) that
   * begins like a statement gets the message that says where statements belong.
   */
  private topLevelError(start: number, end: number): void {
    let at = start;
    let depth = 0;
    let segmentStart = true;
    let reported = false;
    while (at < end) {
      const token = firstToken(this.text, at, end);
      if (token.end <= at || token.text === '') break;
      const text = token.text;
      if (segmentStart && !text.startsWith('//')) {
        const statementLike = STATEMENT_START.test(text);
        if (statementLike || !reported) {
          const message = statementLike ? 'statements belong inside a function; the top level holds imports and declarations' : `unexpected ${describeToken(text)}`;
          this.report(SyntaxCode.Unexpected, token.start - this.base, token.end - this.base, message);
          reported = true;
        }
        segmentStart = false;
      }
      if (text === '(' || text === '[' || text === '{') depth++;
      else if (text === ')' || text === ']' || text === '}') {
        depth = Math.max(0, depth - 1);
        if (text === '}' && depth === 0) segmentStart = true;
      } else if (text === ';' && depth === 0) segmentStart = true;
      at = token.end;
    }
  }

  /** Visits the named children of an ERROR node (recovering what can be read). */
  private salvage(visit: (type: string) => void): void {
    const c = this.c;
    if (!c.gotoFirstChild()) return;
    do {
      const type = c.nodeType;
      if (COMMENT_TYPES.has(type)) this.comment(type);
      else if (type === 'ERROR') this.salvage(visit);
      else if (c.nodeIsNamed) visit(type);
    } while (c.gotoNextSibling());
    c.gotoParent();
  }

  /** A declaration node of the given type, or undefined if it is no declaration. */
  private declaration(type: string): A.FunctionDecl | A.StructDecl | A.EnumDecl | A.ConstDecl | A.VarDecl | A.ForeignBlock | undefined {
    switch (type) {
      case 'function_declaration':
        return this.functionDecl(undefined);
      case 'struct_declaration':
        return this.structDecl();
      case 'enum_declaration':
        return this.enumDecl();
      case 'const_declaration':
        return this.constDecl();
      case 'var_declaration':
        return this.varDecl();
      case 'foreign_block':
        return this.foreignBlock();
      default:
        return undefined;
    }
  }

  private importDecl(): A.ImportDecl {
    const id = this.id();
    const span = this.span();
    let alias: A.Name | undefined;
    let path = '';
    let pathSpan: A.Span = { start: span.end, end: span.end };
    this.children((type, field) => {
      if (field === 'alias') alias = this.name();
      else if (field === 'path' && type === 'string_literal') {
        pathSpan = this.span();
        const { value, problems } = readString(this.nodeText());
        this.literalProblems(problems, pathSpan.start);
        // A path missing its closing quote ran on over the `;` (and any comment after it).
        path = problems.some((p) => p.code === 'unterminated') ? value.split(';')[0]!.trimEnd() : value;
      }
    });
    this.takeDoc();
    return { kind: 'import', id, span, alias, path, pathSpan };
  }

  private functionDecl(foreign: string | undefined): A.FunctionDecl {
    const id = this.id();
    const span = this.span();
    const doc = this.takeDoc();
    let name: A.Name | undefined;
    const params: A.Param[] = [];
    let variadic: A.Span | undefined;
    let returnType: A.TypeExpr | undefined;
    let body: A.Block | undefined;
    this.children((type, field) => {
      switch (field) {
        case 'name':
          name = this.name();
          break;
        case 'parameters':
          this.children((child) => {
            if (child === 'parameter') params.push(this.param());
            else if (child === 'variadic_parameter') variadic = this.span();
          });
          break;
        case 'return_type':
          returnType = this.type(type);
          break;
        case 'body':
          body = this.block();
          break;
      }
    });
    return { kind: 'function', id, span, name: name ?? this.absentName(span.start), params, variadic, returnType, body, doc, foreign };
  }

  private param(): A.Param {
    const id = this.id();
    const span = this.span();
    let name: A.Name | undefined;
    let type: A.TypeExpr | undefined;
    this.children((childType, field) => {
      if (field === 'name') name = this.name();
      else if (field === 'type') type = this.type(childType);
    });
    return { kind: 'param', id, span, name: name ?? this.absentName(span.start), type };
  }

  private structDecl(): A.StructDecl {
    const id = this.id();
    const span = this.span();
    const doc = this.takeDoc();
    let name: A.Name | undefined;
    const fields: A.FieldDecl[] = [];
    this.children((_, field) => {
      if (field === 'name') name = this.name();
      else if (field === 'body') {
        this.children((child) => {
          if (child === 'field_declaration') fields.push(this.fieldDecl());
        });
      }
    });
    return { kind: 'struct', id, span, name: name ?? this.absentName(span.start), fields, doc };
  }

  private fieldDecl(): A.FieldDecl {
    const id = this.id();
    const span = this.span();
    let name: A.Name | undefined;
    let type: A.TypeExpr | undefined;
    let value: A.Expr | undefined;
    this.children((childType, field) => {
      if (field === 'name') name = this.name();
      else if (field === 'type') type = this.type(childType);
      else if (field === 'value') value = this.expr(childType);
    });
    return { kind: 'field', id, span, name: name ?? this.absentName(span.start), type: type ?? this.errorType(span.end), value };
  }

  private enumDecl(): A.EnumDecl {
    const id = this.id();
    const span = this.span();
    const doc = this.takeDoc();
    let name: A.Name | undefined;
    let backing: A.TypeExpr | undefined;
    const members: A.EnumMember[] = [];
    this.children((type, field) => {
      if (field === 'name') name = this.name();
      else if (field === 'type') backing = this.type(type);
      else if (field === 'body') {
        this.children((child) => {
          if (child !== 'enum_member') return;
          const memberId = this.id();
          const memberSpan = this.span();
          let memberName: A.Name | undefined;
          let value: A.Expr | undefined;
          this.children((valueType, memberField) => {
            if (memberField === 'name') memberName = this.name();
            else if (memberField === 'value') value = this.expr(valueType);
          });
          members.push({ kind: 'enum-member', id: memberId, span: memberSpan, name: memberName ?? this.absentName(memberSpan.start), value });
        });
      }
    });
    return { kind: 'enum', id, span, name: name ?? this.absentName(span.start), backing, members, doc };
  }

  private constDecl(): A.ConstDecl {
    const id = this.id();
    const span = this.span();
    const doc = this.takeDoc();
    let name: A.Name | undefined;
    let type: A.TypeExpr | undefined;
    let value: A.Expr | undefined;
    this.children((childType, field) => {
      if (field === 'name') name = this.name();
      else if (field === 'type') type = this.type(childType);
      else if (field === 'value') value = this.expr(childType);
    });
    return { kind: 'const', id, span, name: name ?? this.absentName(span.start), type, value: value ?? this.errorExpr(span.end), doc };
  }

  private varDecl(): A.VarDecl {
    const id = this.id();
    const span = this.span();
    const doc = this.takeDoc();
    let name: A.Name | undefined;
    let type: A.TypeExpr | undefined;
    let value: A.Expr | undefined;
    this.children((childType, field) => {
      if (field === 'name') name = this.name();
      else if (field === 'type') type = this.type(childType);
      else if (field === 'value') value = this.expr(childType);
    });
    return { kind: 'var', id, span, name: name ?? this.absentName(span.start), type, value, doc };
  }

  private foreignBlock(): A.ForeignBlock {
    const id = this.id();
    const span = this.span();
    this.takeDoc();
    let library = '';
    let librarySpan: A.Span = { start: span.start, end: span.start };
    const functions: A.FunctionDecl[] = [];
    this.children((type, field) => {
      if (field === 'library' && type === 'string_literal') {
        librarySpan = this.span();
        const { value, problems } = readString(this.nodeText());
        this.literalProblems(problems, librarySpan.start);
        library = value;
      } else if (field === 'body') {
        this.children((child) => {
          if (child === 'foreign_function_declaration') functions.push(this.functionDecl(library));
        });
      }
    });
    return { kind: 'foreign', id, span, library, librarySpan, functions };
  }

  // ---------------------------------------------------------------- types

  private errorType(at: number): A.ErrorType {
    return { kind: 'error-type', id: this.id(), span: { start: at, end: at } };
  }

  private type(type: string): A.TypeExpr {
    const id = this.id();
    const span = this.span();
    if (this.depth >= MAX_DEPTH) return this.tooDeep(span, { kind: 'error-type', id, span });
    this.depth++;
    try {
      switch (type) {
        case 'type_identifier':
          return { kind: 'named-type', id, span, module: undefined, name: this.nameAt(span) };
        case 'qualified_type': {
          let module: A.Name | undefined;
          let name: A.Name | undefined;
          this.children((_, field) => {
            if (field === 'module') module = this.name();
            else if (field === 'name') name = this.name();
          });
          return { kind: 'named-type', id, span, module, name: name ?? this.absentName(span.end) };
        }
        case 'pointer_type':
          return { kind: 'pointer-type', id, span, pointee: this.childType(span) };
        case 'slice_type':
          return { kind: 'slice-type', id, span, element: this.childType(span) };
        case 'array_type': {
          let length: A.Expr | undefined;
          let element: A.TypeExpr | undefined;
          this.children((child, field) => {
            if (field === 'length') length = this.expr(child);
            else if (field === 'element') element = this.type(child);
          });
          return { kind: 'array-type', id, span, length: length ?? this.errorExpr(span.start), element: element ?? this.errorType(span.end) };
        }
        case 'function_type': {
          const params: A.TypeExpr[] = [];
          let variadic = false;
          let returnType: A.TypeExpr | undefined;
          this.children((child, field) => {
            if (field === 'parameters') {
              this.children((param) => {
                if (param === 'variadic_parameter') variadic = true;
                else if (TYPE_TYPES.has(param)) params.push(this.type(param));
              });
            } else if (field === 'return_type') returnType = this.type(child);
          });
          return { kind: 'function-type', id, span, params, variadic, returnType };
        }
        case 'parenthesized_type': {
          let inner: A.TypeExpr | undefined;
          this.children((child) => {
            if (TYPE_TYPES.has(child)) inner = this.type(child);
          });
          return inner ?? { kind: 'error-type', id, span };
        }
        default:
          return { kind: 'error-type', id, span };
      }
    } finally {
      this.depth--;
    }
  }

  /** The single type child of a pointer or slice type. */
  private childType(span: A.Span): A.TypeExpr {
    let result: A.TypeExpr | undefined;
    this.children((child) => {
      if (TYPE_TYPES.has(child)) result = this.type(child);
    });
    return result ?? this.errorType(span.end);
  }

  // ---------------------------------------------------------------- statements

  private block(): A.Block {
    const id = this.id();
    const span = this.span();
    const statements: A.Stmt[] = [];
    if (this.depth >= MAX_DEPTH) return this.tooDeep(span, { kind: 'block', id, span, statements });
    this.depth++;
    const outerDoc = this.pendingDoc;
    this.pendingDoc = [];
    this.children((type) => {
      if (type === '{' || type === '}') return;
      statements.push(this.statement(type));
      this.pendingDoc = []; // a doc comment documents only the declaration right after it
    });
    this.pendingDoc = outerDoc;
    this.depth--;
    return { kind: 'block', id, span, statements };
  }

  private statement(type: string): A.Stmt {
    const decl = this.declaration(type);
    if (decl) {
      const span = decl.span;
      if (decl.kind === 'var' || decl.kind === 'const') return { kind: 'local', id: this.id(), span, decl };
      if (decl.kind === 'foreign') {
        this.report(SyntaxCode.Unexpected, span.start, span.start + 7, "'foreign' blocks belong at the top level of a file");
        return { kind: 'empty', id: this.id(), span };
      }
      return { kind: 'decl-stmt', id: this.id(), span, decl };
    }
    if (type === 'block') return this.block();
    const id = this.id();
    const span = this.span();
    switch (type) {
      case 'expression_statement': {
        // The statement a repair ended with an unterminated literal's quote: what the literal
        // swallowed (arguments, closers) is unknown, so the checker takes it quietly.
        const quoted = this.holdsInsertedQuote();
        const expr = this.singleExpr(span);
        return quoted ? { kind: 'error-stmt', id, span, exprs: [expr] } : { kind: 'expr-stmt', id, span, expr };
      }
      case 'empty_statement':
        return { kind: 'empty', id, span };
      case 'if_statement':
        return this.ifStmt(id, span);
      case 'while_statement': {
        let condition: A.Expr | undefined;
        let body: A.Block | undefined;
        this.children((child, field) => {
          if (field === 'condition') condition = this.expr(child);
          else if (field === 'body') body = this.block();
        });
        return { kind: 'while', id, span, condition: condition ?? this.errorExpr(span.start), body: body ?? this.emptyBlock(span.end) };
      }
      case 'for_statement': {
        let index: A.Name | undefined;
        let item: A.Name | undefined;
        let iterable: A.Expr | undefined;
        let body: A.Block | undefined;
        this.children((child, field) => {
          if (field === 'index') index = this.name();
          else if (field === 'item') item = this.name();
          else if (field === 'iterable') iterable = this.expr(child);
          else if (field === 'body') body = this.block();
        });
        return {
          kind: 'for', id, span, index, item: item ?? this.absentName(span.start),
          iterable: iterable ?? this.errorExpr(span.start), body: body ?? this.emptyBlock(span.end),
        };
      }
      case 'switch_statement':
        return this.switchStmt(id, span);
      case 'break_statement':
        this.children(() => undefined);
        return { kind: 'break', id, span };
      case 'continue_statement':
        this.children(() => undefined);
        return { kind: 'continue', id, span };
      case 'return_statement': {
        let value: A.Expr | undefined;
        this.children((child, field) => {
          if (field === 'value') value = this.expr(child);
        });
        return { kind: 'return', id, span, value };
      }
      case 'defer_statement': {
        let body: A.Block | A.ExprStmt | undefined;
        this.children((child, field) => {
          if (field !== 'body') return;
          if (child === 'block') body = this.block();
          else body = { kind: 'expr-stmt', id: this.id(), span: this.span(), expr: this.singleExpr(this.span()) };
        });
        return { kind: 'defer', id, span, body: body ?? this.emptyBlock(span.end) };
      }
      case 'using_statement':
        return { kind: 'using', id, span, value: this.fieldExpr(span, 'value') };
      case 'unreachable_statement':
        this.children(() => undefined);
        return { kind: 'unreachable', id, span };
      case 'push_context_statement': {
        let value: A.Expr | undefined;
        let body: A.Block | undefined;
        this.children((child, field) => {
          if (field === 'value') value = this.expr(child);
          else if (field === 'body') body = this.block();
        });
        return { kind: 'push-context', id, span, value: value ?? this.errorExpr(span.start), body: body ?? this.emptyBlock(span.end) };
      }
      case 'ERROR': {
        this.error();
        const exprs: A.Expr[] = [];
        this.salvage((child) => {
          if (EXPRESSION_TYPES.has(child)) exprs.push(this.expr(child));
        });
        return { kind: 'error-stmt', id, span, exprs };
      }
      default:
        if (EXPRESSION_TYPES.has(type)) {
          // An expression where a statement belongs (only in recovered trees).
          return { kind: 'expr-stmt', id, span, expr: this.expr(type) };
        }
        return { kind: 'error-stmt', id, span, exprs: [] };
    }
  }

  private ifStmt(id: number, span: A.Span): A.IfStmt {
    let condition: A.Expr | undefined;
    let then: A.Block | undefined;
    let otherwise: A.Block | A.IfStmt | undefined;
    this.children((child, field) => {
      if (field === 'condition') condition = this.expr(child);
      else if (field === 'consequence') then = this.block();
      else if (field === 'alternative') {
        if (child === 'block') otherwise = this.block();
        else if (child === 'if_statement') otherwise = this.ifStmt(this.id(), this.span());
      }
    });
    return { kind: 'if', id, span, condition: condition ?? this.errorExpr(span.start), then: then ?? this.emptyBlock(span.end), otherwise };
  }

  private switchStmt(id: number, span: A.Span): A.SwitchStmt {
    let value: A.Expr | undefined;
    const cases: A.SwitchCase[] = [];
    let otherwise: A.SwitchStmt['otherwise'];
    this.children((child, field) => {
      if (field === 'value') value = this.expr(child);
      else if (field === 'body') {
        this.children((arm) => {
          if (arm === 'switch_case') {
            const caseId = this.id();
            const caseSpan = this.span();
            const values: A.Expr[] = [];
            let body: A.Block | undefined;
            this.children((part, partField) => {
              if (partField === 'value') values.push(this.expr(part));
              else if (partField === 'body') body = this.block();
            });
            cases.push({ kind: 'case', id: caseId, span: caseSpan, values, body: body ?? this.emptyBlock(caseSpan.end) });
          } else if (arm === 'switch_else') {
            const elseSpan = this.span();
            let body: A.Block | undefined;
            this.children((_, partField) => {
              if (partField === 'body') body = this.block();
            });
            otherwise = { body: body ?? this.emptyBlock(elseSpan.end), span: { start: elseSpan.start, end: elseSpan.start + 4 } };
          }
        });
      }
    });
    return { kind: 'switch', id, span, value: value ?? this.errorExpr(span.start), cases, otherwise };
  }

  private emptyBlock(at: number): A.Block {
    return { kind: 'block', id: this.id(), span: { start: at, end: at }, statements: [] };
  }

  // ---------------------------------------------------------------- expressions

  private errorExpr(at: number): A.ErrorExpr {
    return { kind: 'error-expr', id: this.id(), span: { start: at, end: at } };
  }

  private tooDeep<T>(span: A.Span, placeholder: T): T {
    this.report(SyntaxCode.TooDeep, span.start, span.start + 1, `nested too deeply: Zolt reads at most ${MAX_DEPTH} levels of nesting`);
    return placeholder;
  }

  /** The one expression child of the current node (expression statements). */
  private singleExpr(span: A.Span): A.Expr {
    let result: A.Expr | undefined;
    this.children((child) => {
      if (EXPRESSION_TYPES.has(child)) result = this.expr(child);
    });
    return result ?? this.errorExpr(span.end);
  }

  /** The expression in field `name` of the current node. */
  private fieldExpr(span: A.Span, name: string): A.Expr {
    let result: A.Expr | undefined;
    this.children((child, field) => {
      if (field === name) result = this.expr(child);
    });
    return result ?? this.errorExpr(span.end);
  }

  expr(type: string): A.Expr {
    if (type === 'slice_type' || type === 'array_type' || type === 'function_type') {
      const span = this.span();
      const typeNode = this.type(type) as A.SliceType | A.ArrayType | A.FunctionType;
      return { kind: 'type-value', id: this.id(), span, type: typeNode };
    }
    const id = this.id();
    const span = this.span();
    if (this.depth >= MAX_DEPTH) return this.tooDeep(span, { kind: 'error-expr', id, span });
    this.depth++;
    try {
      return this.exprOf(type, id, span);
    } finally {
      this.depth--;
    }
  }

  private exprOf(type: string, id: number, span: A.Span): A.Expr {
    switch (type) {
      case 'identifier':
        return { kind: 'name-expr', id, span, name: this.nameAt(span) };
      case 'integer_literal': {
        const result = readInteger(this.spanText(span));
        if ('message' in result) {
          this.literalProblems([result], span.start);
          return { kind: 'int', id, span, value: undefined };
        }
        return { kind: 'int', id, span, value: result.value };
      }
      case 'float_literal':
        return { kind: 'float', id, span, value: readFloat(this.spanText(span)) };
      case 'string_literal': {
        const { value, problems } = readString(this.spanText(span));
        this.literalProblems(problems, span.start);
        return { kind: 'string', id, span, value };
      }
      case 'char_literal': {
        const { value, problems } = readChar(this.spanText(span));
        this.literalProblems(problems, span.start);
        return { kind: 'char', id, span, value };
      }
      case 'boolean_literal':
        return { kind: 'bool', id, span, value: this.spanText(span) === 'true' };
      case 'null_literal':
        return { kind: 'null', id, span };
      case 'context_expression':
        return { kind: 'context', id, span };
      case 'binary_expression':
      case 'assignment_expression': {
        let left: A.Expr | undefined;
        let right: A.Expr | undefined;
        let operator = '';
        let operatorSpan: A.Span = span;
        this.children((child, field) => {
          if (field === 'left') left = this.expr(child);
          else if (field === 'right') right = this.expr(child);
          else if (field === 'operator') {
            operator = child;
            operatorSpan = this.span();
          }
        });
        const l = left ?? this.errorExpr(span.start);
        const r = right ?? this.errorExpr(span.end);
        return type === 'binary_expression'
          ? { kind: 'binary', id, span, operator: operator as A.BinaryOperator, operatorSpan, left: l, right: r }
          : { kind: 'assign', id, span, operator: operator as A.AssignOperator, operatorSpan, target: l, value: r };
      }
      case 'range_expression': {
        let start: A.Expr | undefined;
        let end: A.Expr | undefined;
        let inclusive = false;
        this.children((child, field) => {
          if (field === 'start') start = this.expr(child);
          else if (field === 'end') end = this.expr(child);
          else if (field === 'operator') inclusive = child === '..=';
        });
        return { kind: 'range', id, span, inclusive, start: start ?? this.errorExpr(span.start), end: end ?? this.errorExpr(span.end) };
      }
      case 'cast_expression': {
        let value: A.Expr | undefined;
        let castType: A.TypeExpr | undefined;
        this.children((child, field) => {
          if (field === 'value') value = this.expr(child);
          else if (field === 'type') castType = this.type(child);
        });
        return { kind: 'cast', id, span, value: value ?? this.errorExpr(span.start), type: castType ?? this.errorType(span.end) };
      }
      case 'unary_expression': {
        let operator = '-';
        let operand: A.Expr | undefined;
        this.children((child, field) => {
          if (field === 'operator') operator = child;
          else if (field === 'operand') operand = this.expr(child);
        });
        return { kind: 'unary', id, span, operator: operator as A.UnaryOperator, operand: operand ?? this.errorExpr(span.end) };
      }
      case 'call_expression': {
        let callee: A.Expr | undefined;
        const args: A.Expr[] = [];
        let argsSpan: A.Span = { start: span.end, end: span.end };
        this.children((child, field) => {
          if (field === 'function') callee = this.expr(child);
          else if (field === 'arguments') {
            argsSpan = this.span();
            this.children((arg) => {
              if (EXPRESSION_TYPES.has(arg)) args.push(this.expr(arg));
            });
          }
        });
        return { kind: 'call', id, span, callee: callee ?? this.errorExpr(span.start), args, argsSpan };
      }
      case 'index_expression': {
        let object: A.Expr | undefined;
        let index: A.Expr | undefined;
        this.children((child, field) => {
          if (field === 'object') object = this.expr(child);
          else if (field === 'index') index = this.expr(child);
        });
        return { kind: 'index', id, span, object: object ?? this.errorExpr(span.start), index: index ?? this.errorExpr(span.end) };
      }
      case 'slice_expression': {
        let object: A.Expr | undefined;
        let start: A.Expr | undefined;
        let end: A.Expr | undefined;
        let step: A.Expr | undefined;
        this.children((child, field) => {
          if (field === 'object') object = this.expr(child);
          else if (field === 'start') start = this.expr(child);
          else if (field === 'end') end = this.expr(child);
          else if (field === 'step') step = this.expr(child);
        });
        return { kind: 'slice', id, span, object: object ?? this.errorExpr(span.start), start, end, step };
      }
      case 'member_expression': {
        let object: A.Expr | undefined;
        let member: A.Name | undefined;
        this.children((child, field) => {
          if (field === 'object') object = this.expr(child);
          else if (field === 'member') member = this.name();
        });
        return { kind: 'member', id, span, object: object ?? this.errorExpr(span.start), member: member ?? this.absentName(span.end) };
      }
      case 'implicit_member_expression': {
        let member: A.Name | undefined;
        this.children((_, field) => {
          if (field === 'member') member = this.name();
        });
        return { kind: 'implicit-member', id, span, member: member ?? this.absentName(span.end) };
      }
      case 'parenthesized_expression': {
        let inner: A.Expr | undefined;
        this.children((child) => {
          if (EXPRESSION_TYPES.has(child)) inner = this.expr(child);
        });
        return { kind: 'paren', id, span, inner: inner ?? this.errorExpr(span.end) };
      }
      case 'struct_literal': {
        let typeExpr: A.NameExpr | A.MemberExpr | undefined;
        const fields: A.FieldInit[] = [];
        this.children((child, field) => {
          if (field === 'type') {
            const e = this.expr(child);
            if (e.kind === 'name-expr' || e.kind === 'member') typeExpr = e;
          } else if (field === 'body') {
            this.children((init) => {
              if (init === 'field_initializer') {
                const initId = this.id();
                const initSpan = this.span();
                let name: A.Name | undefined;
                let value: A.Expr | undefined;
                this.children((part, partField) => {
                  if (partField === 'name') name = this.name();
                  else if (partField === 'value') value = this.expr(part);
                });
                fields.push({ kind: 'field-init', id: initId, span: initSpan, name, value: value ?? this.errorExpr(initSpan.end) });
              } else if (EXPRESSION_TYPES.has(init)) {
                const value = this.expr(init);
                fields.push({ kind: 'field-init', id: this.id(), span: value.span, name: undefined, value });
              }
            });
          }
        });
        const typeRef = typeExpr ?? { kind: 'name-expr', id: this.id(), span: { start: span.start, end: span.start }, name: this.absentName(span.start) };
        return { kind: 'struct-literal', id, span, type: typeRef, fields };
      }
      case 'array_literal': {
        const elements: A.Expr[] = [];
        this.children((child) => {
          if (EXPRESSION_TYPES.has(child)) elements.push(this.expr(child));
        });
        return { kind: 'array-literal', id, span, elements };
      }
      case 'ERROR':
        this.error();
        return { kind: 'error-expr', id, span };
      default:
        return { kind: 'error-expr', id, span };
    }
  }
}

// ---------------------------------------------------------------- messages

/** Tokens that begin a statement (what a stray statement at the top level starts with). */
const STATEMENT_START = /^([A-Za-z_][A-Za-z0-9_]*|[0-9]|"|'|\(|\{|\[|[-!*&~])/;

interface Token {
  start: number;
  end: number;
  text: string;
}

const TOKEN = /\s*(\/\/[^\n]*|[A-Za-z_][A-Za-z0-9_]*|[0-9][A-Za-z0-9_.]*|"[^"\n]*"?|'[^'\n]*'?|\.\.=|\.\.\.|\.\.|->|<<=|>>=|&&|\|\||<<|>>|[-+*/%&|^!=<>]=?|[\s\S])/y;

/** The first token of the text in [start, end). */
function firstToken(text: string, start: number, end: number): Token {
  TOKEN.lastIndex = start;
  const m = TOKEN.exec(text);
  if (!m || start >= end) return { start, end: Math.max(start, end), text: text.slice(start, end) };
  const tokenStart = start + m[0].length - m[1]!.length;
  return { start: tokenStart, end: Math.min(end, tokenStart + m[1]!.length), text: m[1]! };
}

function describeToken(token: string): string {
  if (KEYWORDS.has(token)) return `keyword '${token}'`;
  if (/^[A-Za-z_]/.test(token)) return `name '${token}'`;
  if (/^[0-9]/.test(token)) return `number '${token}'`;
  if (token.startsWith('"')) return 'string';
  if (token.startsWith("'")) return 'character literal';
  const code = token.codePointAt(0) ?? 0;
  if (code < 32 || code === 0x7f) return `character U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return `'${token}'`;
}

const MISSING_TOKEN_CONTEXT: Record<string, string> = {
  var_declaration: 'after the variable declaration',
  const_declaration: 'after the constant declaration',
  expression_statement: 'after the expression',
  return_statement: "after 'return'",
  break_statement: "after 'break'",
  continue_statement: "after 'continue'",
  import_declaration: 'after the import',
  using_statement: "after 'using'",
  unreachable_statement: "after 'unreachable'",
  foreign_function_declaration: 'after the foreign function declaration',
  argument_list: 'to close the argument list',
  parameter_list: 'to close the parameter list',
  type_list: 'to close the parameter types',
  parenthesized_expression: 'to close the parenthesis',
  parenthesized_type: 'to close the parenthesis',
  block: 'to close the block',
  field_declaration_list: 'to close the struct',
  enum_member_list: 'to close the enum',
  foreign_declaration_list: "to close the 'foreign' block",
  switch_body: "to close the 'switch'",
  field_initializer_list: 'to close the struct literal',
  array_literal: 'to close the array literal',
  index_expression: 'to close the index',
  slice_expression: 'to close the slice',
};

function missingMessage(type: string, named: boolean, parent: string): string {
  if (named) {
    if (type === 'identifier') return 'expected a name';
    if (type === 'type_identifier') return 'expected a type';
    return `expected ${type.replace(/_/g, ' ')}`;
  }
  const context = MISSING_TOKEN_CONTEXT[parent];
  return context ? `expected '${type}' ${context}` : `expected '${type}'`;
}
