// Repairs by insertion for top-level items with syntax errors.
//
// The grammar cannot see line breaks, so tree-sitter's error recovery reads across them: after a
// missing `;` (`var x = 1⏎ f(x);`) it makes `f(x)` the initialiser and skips `1`, and after a
// string without its closing quote (the string token ends at its line) it reads the next lines
// into the call the string stood in. Either way one typing mistake becomes a cascade of
// misleading errors, sometimes over the items after it too.
//
// A unit is a top-level node with errors and the stray nodes the recovery left after it (see
// document.ts). For its first ERROR/MISSING node this module tries a few insertions, in order of
// preference: after the last unterminated string or character literal before the error (or the
// first inside it, when it is an ERROR), the literal's quote plus the closers its line needs
// (`")`, `");`, `"];`, `"),`...); then a `;` at the end of the line before the error and at the
// end of the error's own line. Each is a scratch parse of the unit's text alone, and is kept when
// the result has strictly fewer ERROR/MISSING nodes, none at or before the error it was for, and
// an inserted `;` ends a statement; the first that leaves no error near it wins, else the one
// with the fewest errors. Then the next error, a few rounds at most. The repaired text may hold
// more or fewer top-level nodes than the unit: the caller lowers them as the unit's items.
//
// The result is a function of the unit's text and of its nodes in the document's tree, so a
// fresh and an incrementally updated document repair alike. Valid items never get here, and the
// work per unit is bounded (MAX_PARSES scratch parses and REPAIR_BUDGET characters parsed).

import type { Node as CstNode, Tree } from 'web-tree-sitter';
import { COMMENT_TYPES, readChar, readString } from './literals';

/** Parses a whole text from scratch (never incrementally: the result must not depend on history). */
export type Reparse = (text: string) => Tree;

/** One inserted piece of text. */
export interface Insertion {
  /** Item-relative offset in the original text: the inserted text goes right there. */
  readonly at: number;
  readonly text: string;
  /** `semicolon`: reported as a missing `;`; `quote`: the literal's own diagnostic says it all. */
  readonly kind: 'semicolon' | 'quote';
  /** The type of the node the inserted `;` ended up in (for the message), once parsed. */
  readonly context: string;
}

/**
 * An item's repaired tree: the caller lowers the root's children through `toOriginal` and
 * deletes `tree`. The root holds the item's text, repaired: one or more top-level nodes, with
 * comments before, between and after them (a comment after the last node, which the original
 * node held because its `;` was missing, is still the item's).
 */
export interface Repair {
  readonly tree: Tree;
  /** In original-text order. */
  readonly insertions: readonly PlacedInsertion[];
}

/** An insertion of a repair, with where it is in the repaired text. */
export interface PlacedInsertion extends Insertion {
  /** Offset in the repaired text where the inserted text starts. */
  readonly offset: number;
}

/** At most this many scratch parses per unit. */
const MAX_PARSES = 16;
/** And at most this many characters parsed in all: long units get fewer attempts, or none. */
const REPAIR_BUDGET = 48 * 1024;
/** A unit with a missing `}` is repaired only up to this length. */
const OPEN_UNIT = 4 * 1024;
/** Repairs kept one after another in one unit. */
const MAX_ROUNDS = 8;
/** Closing brackets an unterminated literal's line may need, at most. */
const MAX_CLOSERS = 3;

/** Statement-level nodes: the closers an unterminated literal needs are looked for up to one. */
const STATEMENTS = new Set([
  'const_declaration', 'var_declaration', 'expression_statement', 'return_statement', 'defer_statement',
  'using_statement', 'import_declaration', 'if_statement', 'while_statement', 'for_statement', 'switch_statement',
  'push_context_statement', 'field_declaration', 'enum_member',
]);

const LITERALS = ['string_literal', 'char_literal'];

/** The anonymous tokens a statement may end with, before its `;`. */
const STATEMENT_END_TOKENS = new Set([')', ']', '}', 'return', 'break', 'continue', 'unreachable', 'true', 'false', 'null', 'context']);

/** The nodes whose `;` a repair may insert. */
const SEMICOLON_STATEMENTS = new Set([
  'const_declaration', 'var_declaration', 'expression_statement', 'return_statement', 'break_statement', 'continue_statement',
  'import_declaration', 'using_statement', 'unreachable_statement', 'foreign_function_declaration',
]);

const CLOSER: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}' };

interface Survey {
  /** ERROR and MISSING nodes. */
  count: number;
  first: CstNode | undefined;
  /** Of them, the ones that are not a missing `;`. */
  others: number;
  /** Whether one is a missing `}`. */
  unclosed: boolean;
}

/** One state of the search: a unit's text with some insertions, and its parsed tree. */
interface State {
  readonly text: string;
  /** The root of the document's tree (before any insertion), or of a scratch parse. */
  readonly node: CstNode;
  /** Where `text` starts in the node's offsets (the unit's start in the document, else 0). */
  readonly origin: number;
  /** State-relative offset where the unit's first node starts (no repair looks before it). */
  readonly floor: number;
  /** The row of the tree where the unit's first node starts. */
  readonly floorRow: number;
  readonly tree: Tree | undefined;
  readonly insertions: readonly Insertion[];
  readonly survey: Survey;
  /** Unit-relative offset in the original text of the first error (Infinity when there is none). */
  readonly firstError: number;
}

interface Candidate {
  /** Offset in the state's text. */
  readonly at: number;
  readonly text: string;
  readonly kind: Insertion['kind'];
}

/**
 * Repairs the item that starts at `start` in `text` and holds the top-level nodes `nodes` (the
 * first has errors; any others are stray statements or ERROR nodes the recovery left after
 * it), or returns undefined when no insertion helps.
 */
export function repairUnit(nodes: readonly CstNode[], start: number, text: string, reparse: Reparse): Repair | undefined {
  const first = nodes[0]!;
  const end = nodes[nodes.length - 1]!.endIndex;
  if (!canRepair(end - start)) return undefined;
  const unitText = text.slice(start, end);
  const survey: Survey = { count: 0, first: undefined, others: 0, unclosed: false };
  for (const node of nodes) addErrors(node, survey);
  if (!survey.first) return undefined;
  // A long unit with a block left open (typing a function whose `}` is still to come swallows
  // the items after it) is left alone: no insertion here closes it, and each try is a parse.
  if (survey.unclosed && end - start > OPEN_UNIT) return undefined;
  // Missing `;`s alone: the parser inserted them where a repair would, unless a literal that
  // lacks its quote swallowed them.
  if (survey.others === 0 && !nodes.some((node) => hasUnterminatedLiteral(node, text))) return undefined;
  const limits: Limits = { parses: MAX_PARSES, characters: REPAIR_BUDGET };
  let state: State = {
    text: unitText, node: first.tree.rootNode, origin: start, floor: first.startIndex - start, floorRow: first.startPosition.row,
    tree: undefined, insertions: [], survey, firstError: survey.first.startIndex - start,
  };
  for (let round = 0; round < MAX_ROUNDS && state.survey.count > 0; round++) {
    const next = bestRepair(state, unitText, limits, reparse);
    if (!next) break;
    state.tree?.delete();
    state = next;
  }
  return state.tree ? { tree: state.tree, insertions: placed(state) } : undefined;
}

/** Whether a unit of `length` characters is short enough to be repaired at all. */
export function canRepair(length: number): boolean {
  return length <= REPAIR_BUDGET;
}

/** What a unit's search may still spend. */
interface Limits {
  parses: number;
  characters: number;
}

/**
 * The repair kept for the state's first error, spending `limits`; undefined if none helps. The
 * first that leaves no error near it wins (the line after the insertion parses), else the one
 * with the fewest errors.
 */
function bestRepair(state: State, unitText: string, limits: Limits, reparse: Reparse): State | undefined {
  let best: State | undefined;
  for (const candidate of candidates(state)) {
    if (limits.parses === 0 || limits.characters < state.text.length) break;
    limits.parses--;
    limits.characters -= state.text.length;
    const next = attempt(state, candidate, reparse);
    if (!next) continue;
    if (best && next.survey.count >= best.survey.count) {
      next.tree?.delete();
      continue;
    }
    best?.tree?.delete();
    best = next;
    if (best.survey.count === 0 || best.firstError > endOfNextLine(unitText, toOriginal(state.insertions, candidate.at))) break;
  }
  return best;
}

/** The end of the line after the one `offset` is on. */
function endOfNextLine(text: string, offset: number): number {
  const end = text.indexOf('\n', offset);
  const next = end < 0 ? -1 : text.indexOf('\n', end + 1);
  return next < 0 ? text.length : next;
}

/** Maps an offset of the repaired item text to the original item text; inserted text maps to its insertion point. */
export function toOriginal(insertions: readonly Insertion[], offset: number): number {
  let shift = 0;
  for (const insertion of insertions) {
    const at = insertion.at + shift; // where this insertion starts in the repaired text
    if (offset <= at) break;
    if (offset < at + insertion.text.length) return insertion.at;
    shift += insertion.text.length;
  }
  return offset - shift;
}


/** Parses the state's text with one more insertion; the new state if the repair is kept. */
function attempt(state: State, candidate: Candidate, reparse: Reparse): State | undefined {
  const insertions = insert(state.insertions, candidate);
  if (!insertions) return undefined;
  const original = toOriginal(state.insertions, candidate.at);
  const text = state.text.slice(0, candidate.at) + candidate.text + state.text.slice(candidate.at);
  const tree = reparse(text);
  const root = tree.rootNode;
  const floor = firstNodeStart(root);
  const survey: Survey = { count: 0, first: undefined, others: 0, unclosed: false };
  addErrors(root, survey);
  const firstError = survey.first ? toOriginal(insertions, survey.first.startIndex) : Infinity;
  // Kept: fewer errors, and none left at or before the one the repair was for (nor before the
  // insertion); the item must still begin where it began; an inserted `;` must end a statement.
  if (
    survey.count >= state.survey.count || firstError <= state.firstError || firstError <= original || floor !== state.floor
    || (candidate.kind === 'semicolon' && !endsStatement(root, candidate.at))
  ) {
    tree.delete();
    return undefined;
  }
  return { text, node: root, origin: 0, floor, floorRow: 0, tree, insertions, survey, firstError };
}

/** Whether the `;` at `offset` of a scratch parse ends a statement that needs one (not an empty statement after `{`). */
function endsStatement(root: CstNode, offset: number): boolean {
  const token = root.descendantForIndex(offset, offset + 1);
  return token?.type === ';' && SEMICOLON_STATEMENTS.has(token.parent?.type ?? '');
}

/** Where the first node (not a comment) of a scratch parse starts; -1 if there is none. */
function firstNodeStart(root: CstNode): number {
  for (const child of root.children) if (child && !COMMENT_TYPES.has(child.type)) return child.startIndex;
  return -1;
}

/** The insertions with one more, in text order; undefined if it would fall inside inserted text. */
function insert(insertions: readonly Insertion[], candidate: Candidate): Insertion[] | undefined {
  const result: Insertion[] = [];
  let shift = 0;
  let placed = false;
  for (const insertion of insertions) {
    const at = insertion.at + shift;
    if (!placed && candidate.at <= at) {
      result.push({ at: candidate.at - shift, text: candidate.text, kind: candidate.kind, context: '' });
      placed = true;
    } else if (!placed && candidate.at < at + insertion.text.length) {
      return undefined;
    }
    result.push(insertion);
    shift += insertion.text.length;
  }
  if (!placed) result.push({ at: candidate.at - shift, text: candidate.text, kind: candidate.kind, context: '' });
  return result;
}


/** Counts the ERROR and MISSING nodes in `node`, descending only where there are errors. */
function addErrors(node: CstNode, survey: Survey): void {
  if (node.isMissing) {
    survey.count++;
    survey.first ??= node;
    if (node.type !== ';') survey.others++;
    if (node.type === '}') survey.unclosed = true;
    return;
  }
  if (!node.hasError) return;
  if (node.isError) {
    survey.count++;
    survey.others++;
    survey.first ??= node;
  }
  visitErrors(node, survey);
}

function visitErrors(node: CstNode, survey: Survey): void {
  for (const child of node.children) if (child) addErrors(child, survey);
}

/** The insertions to try for the state's first error, in order of preference. */
function candidates(state: State): Candidate[] {
  const first = state.survey.first!;
  const errorAt = first.startIndex - state.origin;
  const literal = lastUnterminatedBefore(state, first) ?? unterminatedIn(first, state);
  const result: Candidate[] = literal ? literalEndings(state, literal) : [];
  // A `;` at the end of the line before the error, then at the end of the error's own line.
  const lineStart = state.text.lastIndexOf('\n', errorAt - 1) + 1;
  const lineEnd = state.text.indexOf('\n', errorAt);
  const ends = [lastTokenBefore(state, lineStart), lastTokenBefore(state, lineEnd < 0 ? state.text.length : lineEnd)];
  for (const token of ends) {
    // A `;` right after an unterminated literal would only lengthen it; after `{`, `,` or an
    // operator it would end no statement.
    if (!token || (literal && token.equals(literal)) || !(token.isNamed || STATEMENT_END_TOKENS.has(token.type))) continue;
    const at = token.endIndex - state.origin;
    if (!result.some((c) => c.at === at && c.text === ';')) result.push({ at, text: ';', kind: 'semicolon' });
  }
  return result;
}

/**
 * Endings for an unterminated literal: its quote and the closers its line needs, with a `;` or
 * without; then fewer closers, also with a `,` (a list that goes on on the next line).
 */
function literalEndings(state: State, literal: CstNode): Candidate[] {
  const quote = literal.type === 'string_literal' ? '"' : "'";
  const at = literal.endIndex - state.origin;
  const closers = closersFor(literal, state.node);
  const result: Candidate[] = [];
  for (let k = closers.length; k >= 0; k--) {
    const ending = quote + closers.slice(0, k).join('');
    result.push({ at, text: `${ending};`, kind: 'quote' }, { at, text: ending, kind: 'quote' });
    if (k < closers.length) result.push({ at, text: `${ending},`, kind: 'quote' });
  }
  return result;
}

/** The last token (not a comment) of the item that ends at or before `offset` (state-relative). */
function lastTokenBefore(state: State, offset: number): CstNode | undefined {
  const { text, node, origin, floor } = state;
  let p = offset;
  for (let guard = 0; guard < 64; guard++) {
    while (p > 0 && /\s/.test(text[p - 1]!)) p--;
    if (p <= floor) return undefined;
    const leaf = node.descendantForIndex(p - 1 + origin, p + origin);
    if (!leaf) return undefined;
    if (!COMMENT_TYPES.has(leaf.type)) return leaf;
    p = leaf.startIndex - origin;
  }
  return undefined;
}

/**
 * The last unterminated literal of the unit before the error: the likely cause of it, however
 * the parser recovered (`"no such table);⏎ x += 1;` may parse as a call of the string, and an
 * import that lacks its quote reads on to the next `;`, lines below).
 */
function lastUnterminatedBefore(state: State, error: CstNode): CstNode | undefined {
  // Rows bound the search (columns are not offsets); offsets then decide.
  const from = { row: state.floorRow, column: 0 };
  const literals = state.node.descendantsOfType(LITERALS, from, { row: error.startPosition.row + 1, column: 0 });
  for (let i = literals.length - 1; i >= 0; i--) {
    const token = literals[i];
    if (!token || token.endIndex > error.startIndex || token.startIndex - state.origin < state.floor) continue;
    if (isUnterminated(token, state)) return token;
  }
  return undefined;
}

/**
 * The first unterminated literal inside an ERROR node: the parser may have begun the ERROR
 * before the literal that caused it (`greet(concat("a", "b));` is an ERROR from `greet`'s `(`).
 */
function unterminatedIn(error: CstNode, state: State): CstNode | undefined {
  if (!error.isError) return undefined;
  return error.descendantsOfType(LITERALS).find((token) => token !== null && isUnterminated(token, state)) ?? undefined;
}

/** Whether `node`, of the document's tree (whose text is `text`), holds an unterminated literal. */
function hasUnterminatedLiteral(node: CstNode, text: string): boolean {
  return node.descendantsOfType(LITERALS).some((token) => token !== null && isUnterminated(token, { text, origin: 0 }));
}

function isUnterminated(token: CstNode, state: Pick<State, 'text' | 'origin'>): boolean {
  if (token.type !== 'string_literal' && token.type !== 'char_literal') return false;
  const source = state.text.slice(token.startIndex - state.origin, token.endIndex - state.origin);
  const { problems } = token.type === 'string_literal' ? readString(source) : readChar(source);
  return problems.some((p) => p.code === 'unterminated');
}

/**
 * The brackets open around `token` in its statement, innermost first: what its line needs
 * closed once the literal ends there.
 */
function closersFor(token: CstNode, item: CstNode): string[] {
  const closers: string[] = [];
  for (let node = token.parent; node && node.type !== 'block' && closers.length < MAX_CLOSERS; node = node.parent) {
    const open: string[] = [];
    for (const child of node.children) {
      if (!child || child.endIndex > token.startIndex) break;
      const closer = CLOSER[child.type];
      // A `{` of a struct literal, not of a block (blocks end the search anyway).
      if (closer && (child.type !== '{' || node.type === 'field_initializer_list')) open.push(closer);
      else if (child.type === open[open.length - 1]) open.pop();
    }
    closers.push(...open.reverse());
    if (STATEMENTS.has(node.type) || node.equals(item)) break;
  }
  return closers.slice(0, MAX_CLOSERS);
}

/** The insertions with their place in the repaired text and the node type each inserted `;` ended up in. */
function placed(state: State): PlacedInsertion[] {
  let shift = 0;
  return state.insertions.map((insertion) => {
    const offset = insertion.at + shift;
    shift += insertion.text.length;
    if (insertion.kind !== 'semicolon') return { ...insertion, offset };
    const token = state.node.descendantForIndex(offset, offset + 1);
    return { ...insertion, offset, context: token?.type === ';' ? token.parent?.type ?? '' : '' };
  });
}
