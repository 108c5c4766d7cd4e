// A source document: text, tree-sitter tree and lowered items, kept up to date through
// LSP-style content changes. An update edits the old tree (tree.edit), reparses incrementally
// and re-lowers only the top-level items that the edit or a structural change touched; every
// other item keeps its AST objects (and so every result cached on them), moved if needed.
//
// A top-level node with errors is lowered together with the stray nodes (ERROR nodes, statements)
// the recovery left right after it, as one unit that a repair (repair.ts) may turn into other
// items. The items of a unit are lowered again together, and so is an item with errors whenever
// what follows it is: a unit depends on the nodes after its first.

import type { Node as CstNode, Parser, Tree } from 'web-tree-sitter';
import { Edit } from 'web-tree-sitter';
import { shiftDiagnostic, type Diagnostic } from './diagnostic';
import type { ZoltGrammar } from './language';
import { endOfInsertion, LineIndex, type Position } from './line-index';
import { blockCommentIsClosed, COMMENT_TYPES, commentKind, unterminatedComment } from './literals';
import { lowerItem, lowerRepairedUnit, type Comment, type LeadingComment, type LoweredItem } from './lower';
import { canRepair, type Reparse } from './repair';

export interface TextChange {
  /** The replaced range; absent means the whole document. */
  readonly range?: { readonly start: Position; readonly end: Position };
  readonly text: string;
}

/** Comments after the last item of a file. */
export interface Trailer {
  readonly start: number;
  readonly comments: readonly Comment[];
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Top-level node types that end a unit. Any other node after a node with errors may be what the
 * recovery left of it: an ERROR node, a statement, or a `var`/`const` that was a local.
 */
const UNIT_ENDS: ReadonlySet<string> = new Set(['import_declaration', 'function_declaration', 'struct_declaration', 'enum_declaration', 'foreign_block']);

/** Items of the kinds that stray nodes lower to. */
const STRAY_KINDS: ReadonlySet<string> = new Set(['error-decl', 'var', 'const']);

/** At most this many stray nodes join the node with errors before them in a unit. */
const MAX_STRAYS = 32;

/** Counters of the work done by updates, for tests and benchmarks. */
export interface SyntaxStats {
  itemsLowered: number;
  itemsReused: number;
  /** Scratch parses of items with errors, for repairs (none for valid code). */
  repairParses: number;
}


export class SyntaxDocument {
  /** The parser and tree; undefined while released (see `release`). */
  private parser: Parser | undefined;
  private treeValue: Tree | undefined;
  private textValue: string;
  private lines: LineIndex | undefined;
  private itemsValue: LoweredItem[] = [];
  private trailerValue: Trailer = { start: 0, comments: [], diagnostics: [] };
  readonly stats: SyntaxStats = { itemsLowered: 0, itemsReused: 0, repairParses: 0 };
  /** Scratch parses of one item's text, for repairs of items with errors (never incremental). */
  private readonly reparse: Reparse = (source) => {
    this.stats.repairParses++;
    return this.parse(source, undefined);
  };

  private constructor(
    private readonly grammar: ZoltGrammar,
    /** The document's absolute path (its identity in the workspace). */
    readonly path: string,
    text: string,
    public version: number,
  ) {
    this.textValue = text;
    this.treeValue = this.parse(text, undefined);
    this.relower(0, 0, [], []);
  }

  static create(grammar: ZoltGrammar, path: string, text: string, version = 0): SyntaxDocument {
    return new SyntaxDocument(grammar, path, text, version);
  }

  get text(): string {
    return this.textValue;
  }

  /** The syntax tree (parsed again if it was released). */
  get tree(): Tree {
    this.treeValue ??= this.parse(this.textValue, undefined);
    return this.treeValue;
  }

  /**
   * Frees the tree and the parser, which live in WebAssembly memory, and keeps the text and
   * the lowered items: all that the analysis of a file that no editor shows needs. The tree
   * is parsed again when it is asked for or the text changes.
   */
  release(): void {
    this.treeValue?.delete();
    this.treeValue = undefined;
    this.parser?.delete();
    this.parser = undefined;
  }

  /** The top-level items in document order; they partition the text up to the trailer. */
  get items(): readonly LoweredItem[] {
    return this.itemsValue;
  }

  get trailer(): Trailer {
    return this.trailerValue;
  }

  get lineIndex(): LineIndex {
    this.lines ??= new LineIndex(this.textValue);
    return this.lines;
  }

  /** Every syntax diagnostic of the document, with absolute offsets. */
  diagnostics(): Diagnostic[] {
    const result: Diagnostic[] = [];
    for (const item of this.itemsValue) for (const d of item.diagnostics) result.push(shiftDiagnostic(d, item.start));
    for (const d of this.trailerValue.diagnostics) result.push(shiftDiagnostic(d, this.trailerValue.start));
    return result;
  }

  /** The index of the item containing `offset` (the last item for offsets past the end). */
  itemIndexAt(offset: number): number {
    const items = this.itemsValue;
    let lo = 0;
    let hi = items.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (items[mid]!.start <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Applies content changes in order (the LSP didChange semantics) and brings everything up to date. */
  update(changes: readonly TextChange[], version: number): void {
    this.version = version;
    if (changes.length === 0) return;
    const tree = this.tree; // the released tree is parsed again, so that the edit is incremental
    const oldLength = this.textValue.length;
    // The region touched by the changes, in the coordinates of the text as it evolves.
    let lo = Infinity;
    let hi = -Infinity;
    for (const change of changes) {
      const lines = this.lineIndex;
      const start = change.range ? lines.offset(change.range.start) : 0;
      const oldEnd = change.range ? Math.max(start, lines.offset(change.range.end)) : this.textValue.length;
      const startPosition = lines.position(start);
      const oldEndPosition = lines.position(oldEnd);
      const text = this.textValue.slice(0, start) + change.text + this.textValue.slice(oldEnd);
      const newEnd = start + change.text.length;
      tree.edit(new Edit({
        startIndex: start,
        oldEndIndex: oldEnd,
        newEndIndex: newEnd,
        startPosition: { row: startPosition.line, column: startPosition.character },
        oldEndPosition: { row: oldEndPosition.line, column: oldEndPosition.character },
        newEndPosition: toPoint(endOfInsertion(startPosition, change.text)),
      }));
      // Move the covered region into the new coordinates, then add this change.
      const delta = newEnd - oldEnd;
      if (hi !== -Infinity) {
        if (lo >= oldEnd) lo += delta;
        else if (lo > start) lo = start;
        if (hi >= oldEnd) hi += delta;
        else if (hi > start) hi = newEnd;
      }
      lo = Math.min(lo, start);
      hi = Math.max(hi, newEnd);
      this.textValue = text;
      this.lines = undefined;
    }

    const oldTree = tree;
    const newTree = this.parse(this.textValue, oldTree);
    for (const range of oldTree.getChangedRanges(newTree)) {
      lo = Math.min(lo, range.startIndex);
      hi = Math.max(hi, range.endIndex);
    }
    oldTree.delete();
    this.treeValue = newTree;

    const delta = this.textValue.length - oldLength;
    if (newTree.rootNode.isError && canRepair(this.textValue.length)) {
      // No top-level structure at all: the whole file is one unit (see relowerRootError).
      this.relower(0, 0, [], []);
      return;
    }
    // Items wholly before the region keep their place; items wholly after it move by delta.
    // Items touching it, even at an edge, are lowered again.
    // The items a repair split off one tree node go together (they are that node's): the
    // region neither starts nor ends among them.
    const old = this.itemsValue;
    let firstAfter = old.length;
    while (firstAfter > 0 && old[firstAfter - 1]!.start > hi - delta) firstAfter--;
    while (firstAfter < old.length && old[firstAfter]!.continuesNode) firstAfter++;
    let keptBefore = 0;
    while (keptBefore < firstAfter && old[keptBefore]!.start + old[keptBefore]!.length < lo) keptBefore++;
    keptBefore = unitStart(old, keptBefore);
    while (keptBefore > 0 && keptBefore < old.length && old[keptBefore]!.continuesNode) keptBefore--;
    const after = old.slice(firstAfter);
    for (const item of after) item.start += delta;
    this.relower(keptBefore, keptBefore > 0 ? old[keptBefore - 1]!.start + old[keptBefore - 1]!.length : 0, old.slice(0, keptBefore), after);
  }

  dispose(): void {
    this.release();
  }

  private parse(text: string, old: Tree | undefined): Tree {
    this.parser ??= this.grammar.newParser();
    const tree = this.parser.parse(text, old);
    if (!tree) throw new Error('tree-sitter returned no tree');
    return tree;
  }

  /**
   * Lowers the region between the kept items `before` (ending at `regionStart`) and `after`
   * (their starts already moved). If the new tree's nodes cross into an item of `after`, that
   * item is lowered again too.
   */
  private relower(keptBefore: number, regionStart: number, before: LoweredItem[], after: LoweredItem[]): void {
    if (keptBefore === 0 && this.relowerRootError()) return;
    const text = this.textValue;
    const items = before;
    this.stats.itemsReused += before.length + after.length;
    let nextKept = 0; // index in `after` of the first item not yet passed
    let reachedKept = false;
    let leading: LeadingComment[] = [];
    let start = regionStart;
    const nodes = new Lookahead(keptBefore === 0 ? topLevelNodes(this.tree) : topLevelNodesFrom(this.tree, regionStart));
    try {
      for (let node = nodes.next(); node; node = nodes.next()) {
        const nodeStart = node.startIndex;
        let nodeEnd = node.endIndex;
        if (nodeEnd <= regionStart) continue;
        // Reached the first kept item that follows, exactly at its start: the region is done.
        if (nextKept < after.length && nodeStart >= after[nextKept]!.start && start === after[nextKept]!.start) {
          reachedKept = true;
          break;
        }
        const type = node.type;
        if (COMMENT_TYPES.has(type)) {
          nextKept = this.passKept(after, nodeEnd, nextKept);
          leading.push({ type: type as LeadingComment['type'], start: nodeStart, end: nodeEnd });
          continue;
        }
        if (nodeStart === nodeEnd && leading.length === 0 && start === nodeStart) continue;
        const unit = node.hasError ? this.lowerUnit(node, start, nodes) : undefined;
        if (unit) nodeEnd = unit.end;
        // Kept items that the node (or its unit) overlaps are lowered again with the region.
        nextKept = this.passKept(after, nodeEnd, nextKept);
        const lowered = unit?.items ?? [lowerItem(node, start, leading, text)];
        items.push(...lowered);
        this.stats.itemsLowered += lowered.length;
        start = nodeEnd;
        leading = [];
      }
    } finally {
      nodes.close();
    }
    if (nextKept < after.length && !reachedKept) {
      // The new tree has no node where a kept item should be: start over, keeping nothing.
      this.stats.itemsReused -= before.length + after.length - nextKept;
      this.relower(0, 0, [], []);
      return;
    }
    if (reachedKept) {
      // The trailer follows the last kept item, unchanged: only its position moves.
      items.push(...after.slice(nextKept));
      const last = after[after.length - 1]!;
      this.trailerValue = { ...this.trailerValue, start: last.start + last.length };
    } else {
      this.trailerValue = trailerOf(start, leading, text);
    }
    this.itemsValue = items;
  }

  /** The index in `after` past the kept items from `nextKept` on that start before `end` (they are lowered again). */
  private passKept(after: readonly LoweredItem[], end: number, nextKept: number): number {
    let n = nextKept;
    while (n < after.length && after[n]!.start < end) {
      n++;
      this.stats.itemsReused--;
    }
    return n;
  }

  /**
   * The repaired items of `node` (which has errors) and the stray nodes after it, taken from
   * `nodes`; undefined, with `nodes` as it was, when no repair helps.
   */
  private lowerUnit(node: CstNode, start: number, nodes: Lookahead): { items: LoweredItem[]; end: number } | undefined {
    const unit = [node];
    const taken: CstNode[] = [];
    let used = 0; // how many of `taken` the unit holds (comments between strays included)
    while (unit.length <= MAX_STRAYS) {
      const next = nodes.next();
      if (!next) break;
      taken.push(next);
      if (COMMENT_TYPES.has(next.type)) continue;
      if (UNIT_ENDS.has(next.type) || next.startIndex === next.endIndex) break;
      unit.push(next);
      used = taken.length;
    }
    const items = lowerRepairedUnit(unit, start, this.textValue, this.reparse);
    nodes.giveBack(items ? taken.slice(used) : taken);
    return items ? { items, end: unit[unit.length - 1]!.endIndex } : undefined;
  }

  /**
   * When the tree's root is an ERROR (the parser found no top-level structure), its children
   * are lowered as one unit if a repair helps. Returns whether it did.
   */
  private relowerRootError(): boolean {
    const root = this.tree.rootNode;
    if (!root.isError || !canRepair(this.textValue.length)) return false;
    // Comments before the first node are in the unit's text, and the repaired tree has them.
    const unit: CstNode[] = [];
    let trailing: LeadingComment[] = [];
    for (const child of root.children) {
      if (!child) continue;
      if (COMMENT_TYPES.has(child.type)) trailing.push({ type: child.type as LeadingComment['type'], start: child.startIndex, end: child.endIndex });
      else {
        unit.push(child);
        trailing = [];
      }
    }
    const items = unit.length > 0 ? lowerRepairedUnit(unit, 0, this.textValue, this.reparse) : undefined;
    if (!items) return false;
    this.stats.itemsLowered += items.length;
    this.itemsValue = items;
    this.trailerValue = trailerOf(unit[unit.length - 1]!.endIndex, trailing, this.textValue);
    return true;
  }
}

/** An iterator of nodes that can be given back nodes it yielded (looked ahead at). */
class Lookahead {
  private readonly back: CstNode[] = [];
  private readonly source: Iterator<CstNode>;

  constructor(nodes: Iterable<CstNode>) {
    this.source = nodes[Symbol.iterator]();
  }

  next(): CstNode | undefined {
    if (this.back.length > 0) return this.back.shift();
    const step = this.source.next();
    return step.done ? undefined : step.value;
  }

  /** Yields `nodes` again, in order, before the source's next. */
  giveBack(nodes: readonly CstNode[]): void {
    this.back.unshift(...nodes);
  }

  /** Releases the source (a cursor) if it is not exhausted. */
  close(): void {
    this.source.return?.();
  }
}

/** The root's children, by cursor: the fast way through a whole file. */
function* topLevelNodes(tree: Tree): Generator<CstNode> {
  const cursor = tree.walk();
  try {
    for (let more = cursor.gotoFirstChild(); more; more = cursor.gotoNextSibling()) yield cursor.currentNode;
  } finally {
    cursor.delete();
  }
}

/**
 * The root's children from the one at `offset` on, by node: finding the first is O(log n),
 * where a cursor would have to step through every earlier sibling. (web-tree-sitter 0.27.1's
 * TreeCursor.gotoFirstChildForIndex does not move the cursor.)
 */
function* topLevelNodesFrom(tree: Tree, offset: number): Generator<CstNode> {
  for (let node = tree.rootNode.firstChildForIndex(offset); node; node = node.nextSibling) yield node;
}

/**
 * Where lowering must begin for the region that begins at item `index`: at the earliest item
 * with errors whose unit could reach the region (the items between are of kinds strays lower
 * to), else at `index`.
 */
function unitStart(items: readonly LoweredItem[], index: number): number {
  let head = index;
  let k = index;
  for (let steps = 0; k > 0 && steps < MAX_STRAYS && STRAY_KINDS.has(items[k - 1]!.decl.kind); steps++) {
    k--;
    if (items[k]!.hasSyntaxErrors) head = k;
  }
  if (k > 0 && items[k - 1]!.hasSyntaxErrors) head = k - 1;
  return head;
}

function toPoint(position: Position): { row: number; column: number } {
  return { row: position.line, column: position.character };
}

function trailerOf(start: number, leading: readonly LeadingComment[], text: string): Trailer {
  const comments: Comment[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const c of leading) {
    const kind = commentKind(c.type);
    comments.push({ kind, start: c.start - start, end: c.end - start });
    if (kind === 'block' && !blockCommentIsClosed(text.slice(c.start, c.end))) diagnostics.push(unterminatedComment(c.start - start));
  }
  return { start, comments, diagnostics };
}
