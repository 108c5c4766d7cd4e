// Annotations: `TODO`, `FIXME`, ... in comments, for the language server's `zolt/annotations`
// request and panel and for `zolt get`. The rules are in docs/annotations.md.
//
// Everything here is pure. The harvest of a document is built from the per-item comment lists
// of the syntax layer and cached per lowered item (offsets relative to the item), so that after
// an edit only the comments of the items the edit re-created are parsed again.

import type { Comment, LoweredItem, SyntaxDocument } from '../syntax';

/** The tags recognised when none are configured. */
export const DEFAULT_TAGS: readonly string[] = Object.freeze(['TODO', 'FIXME', 'HACK', 'XXX', 'BUG', 'NOTE', 'OPTIMIZE']);

/** The default tags from the most urgent to the least; other tags follow in the order configured. */
export const SEVERITY_ORDER: readonly string[] = Object.freeze(['BUG', 'FIXME', 'XXX', 'HACK', 'TODO', 'OPTIMIZE', 'NOTE']);

export type CommentKind = Comment['kind'];

export interface Annotation {
  tag: string;
  owner?: string;
  /** N of `pN`: 0 is the most urgent. */
  priority?: number;
  text: string;
  /** The document's path. */
  file: string;
  /** Offset of the tag in the document. */
  start: number;
  /** Offset of the end of the annotation's text (of its head when the text is empty). */
  end: number;
  /** 0-based line and column (UTF-16 code units) of the tag. */
  line: number;
  column: number;
}

/** An annotation as found in one comment: offsets relative to the comment. */
export type CommentAnnotation = Omit<Annotation, 'file' | 'line' | 'column'>;

export type SortKey = 'tag' | 'priority' | 'file' | 'owner';
export type GroupKey = 'tag' | 'file' | 'owner' | 'none';
export const SORT_KEYS: readonly SortKey[] = ['tag', 'priority', 'file', 'owner'];
export const GROUP_KEYS: readonly GroupKey[] = ['tag', 'file', 'owner', 'none'];

export interface AnnotationGroup {
  /** The tag, the file, the owner ('' for annotations without one), or '' for `none`. */
  key: string;
  annotations: Annotation[];
}

/** Work counters, for tests: how many comments `parseAnnotations` was called on. */
export const annotationStats = { commentsParsed: 0 };

const TAG_SHAPE = /^[A-Z][A-Z0-9_]*$/;

/**
 * A tag list as a user wrote it (`todo, REVIEW`): upper-cased, duplicates dropped. Throws on
 * an entry that cannot be a tag (tags are a letter followed by letters, digits or `_`).
 */
export function normalizeTags(list: readonly string[]): string[] {
  const tags: string[] = [];
  for (const raw of list) {
    const tag = raw.trim().toUpperCase();
    if (!TAG_SHAPE.test(tag)) throw new Error(`'${raw}' is not a valid tag (a letter, then letters, digits or '_')`);
    if (!tags.includes(tag)) tags.push(tag);
  }
  return tags;
}

// ---------------------------------------------------------------------------------------------
// Parsing one comment

interface Matchers {
  /** A tag and its optional group, at a given position (sticky). */
  head: RegExp;
  /** A tag, its optional group and `:` after whitespace, inside an annotation's text. */
  inline: RegExp;
}

const matcherCache = new Map<string, Matchers>();

function matchers(tags: readonly string[]): Matchers {
  const key = tags.join(',');
  let m = matcherCache.get(key);
  if (!m) {
    const alternation = [...tags]
      .sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0))
      .map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('|');
    const tag = `(${alternation})(?![\\p{L}\\p{N}_])(?:\\(([^()\\r\\n]*)\\))?`;
    m = { head: new RegExp(tag, 'uy'), inline: new RegExp(`(?<=\\s)${tag}[ \\t]*:`, 'gu') };
    matcherCache.set(key, m);
  }
  return m;
}

const PRIORITY = /^[pP](\d+)$/;
const OWNER = /^[^\s(),:]+$/u;

/** The inside of `(owner)`, `(owner, pN)` or `(pN)`; null when it is none of these. */
function parseGroup(inside: string): { owner?: string; priority?: number } | null {
  const parts = inside.split(',').map((part) => part.trim());
  if (parts.length === 1) {
    const priority = PRIORITY.exec(parts[0]!);
    if (priority) return { priority: Number(priority[1]) };
    return OWNER.test(parts[0]!) ? { owner: parts[0]! } : null;
  }
  if (parts.length !== 2) return null;
  const [owner, second] = parts as [string, string];
  const priority = PRIORITY.exec(second);
  if (!priority || !OWNER.test(owner) || PRIORITY.test(owner)) return null;
  return { owner, priority: Number(priority[1]) };
}

const isSpace = (c: string | undefined): boolean => c !== undefined && /\s/u.test(c);

/**
 * The annotations in one comment (its whole text, delimiters included), with offsets relative
 * to the comment's start.
 */
export function parseAnnotations(commentText: string, kind: CommentKind, tags: readonly string[] = DEFAULT_TAGS): CommentAnnotation[] {
  annotationStats.commentsParsed++;
  const found: CommentAnnotation[] = [];
  if (tags.length === 0 || !tags.some((tag) => commentText.includes(tag))) return found;
  const m = matchers(tags);
  if (kind === 'block') {
    scanBlock(commentText, m, found);
  } else {
    // `//`, `///` or `////...`: one line; every leading slash is part of the opener.
    let from = 0;
    while (commentText[from] === '/') from++;
    let to = commentText.indexOf('\n');
    if (to < 0) to = commentText.length;
    scanRegion(commentText, from, to, m, found);
  }
  return found;
}

// Skips a run of stars, stopping before one that begins a comment closer.
function skipStars(text: string, i: number, end: number): number {
  while (i < end && text[i] === '*' && text[i + 1] !== '/') i++;
  return i;
}

// A block comment, line by line. A tag may begin each line (after whitespace and a leading
// star) and follow each opener, the comment's own or a nested one's. Text stops at the end of
// the line and at any comment delimiter (an opener or a closer).
function scanBlock(text: string, m: Matchers, found: CommentAnnotation[]): void {
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    const next = lineEnd < 0 ? text.length + 1 : lineEnd + 1;
    if (lineEnd < 0) lineEnd = text.length;
    if (lineEnd > lineStart && text[lineEnd - 1] === '\r') lineEnd--;
    let k = lineStart;
    while (k < lineEnd && isSpace(text[k])) k++;
    k = skipStars(text, k, lineEnd);
    let regionStart = k;
    let candidate = true; // whether the current region may begin with a tag
    while (k < lineEnd) {
      if (text.startsWith('/*', k)) {
        if (candidate) scanRegion(text, regionStart, k, m, found);
        k = skipStars(text, k + 2, lineEnd);
        regionStart = k;
        candidate = true;
      } else if (text.startsWith('*/', k)) {
        if (candidate) scanRegion(text, regionStart, k, m, found);
        k += 2;
        regionStart = k;
        candidate = false;
      } else {
        k++;
      }
    }
    if (candidate) scanRegion(text, regionStart, lineEnd, m, found);
    lineStart = next;
  }
}

interface Head {
  tag: string;
  owner?: string;
  priority?: number;
  /** Offset of the tag. */
  start: number;
  /** Offset where the text begins (after the `:`, or after the head when there is none). */
  textStart: number;
  /** Whether the head ended with `:` (without it, the annotation needs text). */
  colon: boolean;
}

/**
 * The region [from, to) of one comment line, which may begin (after whitespace) with a tag.
 * Inside the annotation's text, `TAG:` or `TAG(...):` after whitespace begins another.
 */
function scanRegion(text: string, from: number, to: number, m: Matchers, found: CommentAnnotation[]): void {
  let p = from;
  while (p < to && isSpace(text[p])) p++;
  if (p >= to) return;
  m.head.lastIndex = p;
  const match = m.head.exec(text);
  if (!match || p + match[0].length > to) return;
  const group = match[2] === undefined ? {} : parseGroup(match[2]);
  if (!group) return;
  const afterHead = p + match[0].length;
  let q = afterHead;
  while (q < to && (text[q] === ' ' || text[q] === '\t')) q++;
  let first: Head;
  if (q < to && text[q] === ':') {
    first = { tag: match[1]!, ...group, start: p, textStart: q + 1, colon: true };
  } else if (q > afterHead && q < to) {
    first = { tag: match[1]!, ...group, start: p, textStart: q, colon: false };
  } else {
    return; // `TODO.`, `TODOx` or a bare `TODO`: not an annotation
  }
  const heads = [first];
  m.inline.lastIndex = first.textStart;
  for (let inline = m.inline.exec(text); inline && inline.index + inline[0].length <= to; inline = m.inline.exec(text)) {
    const g = inline[2] === undefined ? {} : parseGroup(inline[2]);
    if (!g) continue;
    heads.push({ tag: inline[1]!, ...g, start: inline.index, textStart: inline.index + inline[0].length, colon: true });
  }
  heads.forEach((head, i) => {
    const end = i + 1 < heads.length ? heads[i + 1]!.start : to;
    let s = head.textStart;
    let e = end;
    while (s < e && isSpace(text[s])) s++;
    while (e > s && isSpace(text[e - 1])) e--;
    if (s === e && !head.colon) return; // `TODO FIXME: x`: the first has no text and no colon
    // Fields in the order of the interface, absent ones left out (for readable JSON).
    found.push({
      tag: head.tag,
      ...(head.owner === undefined ? {} : { owner: head.owner }),
      ...(head.priority === undefined ? {} : { priority: head.priority }),
      text: text.slice(s, e),
      start: head.start,
      end: s === e ? head.textStart : e,
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Harvesting a document, cached per item

interface CacheEntry {
  /** The tag set the entry was parsed with. */
  readonly tags: string;
  /** Annotations with offsets relative to the item (or to the trailer). */
  readonly annotations: readonly CommentAnnotation[];
}

/** Per lowered item. Items the syntax layer keeps across an edit keep their entry. */
const itemCache = new WeakMap<LoweredItem, CacheEntry>();
/** The trailer is not an item; its comment list is kept across edits that do not touch it. */
const trailerCache = new WeakMap<readonly Comment[], CacheEntry>();

function harvestComments(comments: readonly Comment[], base: number, text: string, tags: readonly string[]): CommentAnnotation[] {
  const result: CommentAnnotation[] = [];
  for (const comment of comments) {
    for (const a of parseAnnotations(text.slice(base + comment.start, base + comment.end), comment.kind, tags)) {
      result.push({ ...a, start: a.start + comment.start, end: a.end + comment.start });
    }
  }
  return result;
}

function cached<K extends object>(
  cache: WeakMap<K, CacheEntry>, key: K, comments: readonly Comment[], base: number, text: string, tags: readonly string[],
): readonly CommentAnnotation[] {
  const tagKey = tags.join(',');
  const entry = cache.get(key);
  if (entry && entry.tags === tagKey) return entry.annotations;
  const annotations = harvestComments(comments, base, text, tags);
  cache.set(key, { tags: tagKey, annotations });
  return annotations;
}

/** The annotations of one item, offsets relative to the item (cached). */
export function harvestItem(item: LoweredItem, text: string, tags: readonly string[] = DEFAULT_TAGS): readonly CommentAnnotation[] {
  return cached(itemCache, item, item.comments, item.start, text, tags);
}

/** Every annotation of a document, in document order. */
export function harvestDocument(doc: SyntaxDocument, tags: readonly string[] = DEFAULT_TAGS): Annotation[] {
  const text = doc.text;
  const lines = doc.lineIndex;
  const result: Annotation[] = [];
  const place = (list: readonly CommentAnnotation[], base: number) => {
    for (const a of list) {
      const start = base + a.start;
      const position = lines.position(start);
      result.push({
        tag: a.tag,
        ...(a.owner === undefined ? {} : { owner: a.owner }),
        ...(a.priority === undefined ? {} : { priority: a.priority }),
        text: a.text,
        file: doc.path,
        start,
        end: base + a.end,
        line: position.line,
        column: position.character,
      });
    }
  };
  for (const item of doc.items) place(harvestItem(item, text, tags), item.start);
  const trailer = doc.trailer;
  place(cached(trailerCache, trailer.comments, trailer.comments, trailer.start, text, tags), trailer.start);
  return result;
}

// ---------------------------------------------------------------------------------------------
// Sorting and grouping

/** The rank of a tag: the defaults by severity, then the other tags of `tags` in their order. */
export function tagRank(tag: string, tags: readonly string[] = DEFAULT_TAGS): number {
  const severity = SEVERITY_ORDER.indexOf(tag);
  if (severity >= 0) return severity;
  const custom = tags.filter((t) => !SEVERITY_ORDER.includes(t));
  const index = custom.indexOf(tag);
  return SEVERITY_ORDER.length + (index >= 0 ? index : custom.length);
}

const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
/** Priorities ascending; no priority after every priority. */
const comparePriority = (a: Annotation, b: Annotation): number => (a.priority ?? Infinity) - (b.priority ?? Infinity) || 0;
/** Owners case-insensitively; no owner last. */
function compareOwner(a: Annotation, b: Annotation): number {
  if (a.owner === undefined || b.owner === undefined) return (a.owner === undefined ? 1 : 0) - (b.owner === undefined ? 1 : 0);
  return compareStrings(a.owner.toLowerCase(), b.owner.toLowerCase()) || compareStrings(a.owner, b.owner);
}
const comparePlace = (a: Annotation, b: Annotation): number =>
  compareStrings(a.file, b.file) || a.line - b.line || a.column - b.column;

/**
 * A sorted copy. `tag` (the default): severity, priority, file, line. `priority`: priority,
 * severity, file, line. `file`: file, line. `owner`: owner, severity, priority, file, line.
 */
export function sortAnnotations(list: readonly Annotation[], by: SortKey = 'tag', tags: readonly string[] = DEFAULT_TAGS): Annotation[] {
  const rank = (a: Annotation, b: Annotation) => tagRank(a.tag, tags) - tagRank(b.tag, tags);
  const compare: (a: Annotation, b: Annotation) => number =
    by === 'priority' ? (a, b) => comparePriority(a, b) || rank(a, b) || comparePlace(a, b)
    : by === 'file' ? (a, b) => comparePlace(a, b) || rank(a, b)
    : by === 'owner' ? (a, b) => compareOwner(a, b) || rank(a, b) || comparePriority(a, b) || comparePlace(a, b)
    : (a, b) => rank(a, b) || comparePriority(a, b) || comparePlace(a, b);
  return [...list].sort(compare);
}

/**
 * Groups in a fixed order: tags by severity, files by path, owners alphabetically (no owner
 * last), `none` one group. Within a group the annotations keep the order of `list`.
 */
export function groupAnnotations(list: readonly Annotation[], by: GroupKey = 'tag', tags: readonly string[] = DEFAULT_TAGS): AnnotationGroup[] {
  if (by === 'none') return list.length === 0 ? [] : [{ key: '', annotations: [...list] }];
  const keyOf = (a: Annotation): string => (by === 'tag' ? a.tag : by === 'file' ? a.file : a.owner ?? '');
  const groups = new Map<string, AnnotationGroup>();
  for (const a of list) {
    const key = keyOf(a);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { key, annotations: [] }));
    group.annotations.push(a);
  }
  const order = (a: AnnotationGroup, b: AnnotationGroup): number => {
    if (by === 'tag') return tagRank(a.key, tags) - tagRank(b.key, tags) || compareStrings(a.key, b.key);
    if (by === 'owner' && (a.key === '' || b.key === '')) return (a.key === '' ? 1 : 0) - (b.key === '' ? 1 : 0);
    if (by === 'owner') return compareStrings(a.key.toLowerCase(), b.key.toLowerCase()) || compareStrings(a.key, b.key);
    return compareStrings(a.key, b.key);
  };
  return [...groups.values()].sort(order);
}
