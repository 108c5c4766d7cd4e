// Completion: the names visible at the cursor (an overload set is one entry, with its count),
// members after a dot (fields, enum members, a module's declarations, `len` and `data`),
// enum members after a lone dot, keywords, primitive types and snippets.

import { KEYWORDS } from '../syntax';
import {
  PRIMITIVES, typeToString, type Queries, type Symbol, type Type, type Workspace } from '../semantics';
import { declarationText, docOf } from './describe';

export type CompletionKind =
  | 'function' | 'variable' | 'constant' | 'parameter' | 'struct' | 'enum' | 'enum-member' | 'field' | 'module'
  | 'keyword' | 'type' | 'snippet';

export interface CompletionEntry {
  readonly label: string;
  readonly kind: CompletionKind;
  readonly detail?: string;
  readonly documentation?: string;
  /** Snippet text in the LSP snippet syntax (`${1:name}`). */
  readonly snippet?: string;
  /** Orders entries: locals first, then the file, then the rest. */
  readonly sortText?: string;
}

export interface Completion {
  readonly entries: readonly CompletionEntry[];
  /** The start of the word being completed (the edit replaces [start, offset)). */
  readonly start: number;
}

/** Keywords that are values, so a dot after them is a member access. */
const VALUE_KEYWORDS = new Set(['context', 'null', 'true', 'false']);


const SNIPPETS: readonly { label: string; detail: string; snippet: string }[] = [
  { label: 'fn', detail: 'function', snippet: 'fn ${1:name}(${2}) ${3:-> ${4:i64} }{\n\t$0\n}' },
  { label: 'struct', detail: 'struct', snippet: 'struct ${1:Name} {\n\t${2:field}: ${3:i64},\n}' },
  { label: 'enum', detail: 'enum', snippet: 'enum ${1:Name} { ${2:First}, ${3:Second} }' },
  { label: 'for', detail: 'for loop over a range', snippet: 'for ${1:i} in ${2:0}..${3:n} {\n\t$0\n}' },
  { label: 'for in', detail: 'for loop over elements', snippet: 'for ${1:x} in ${2:xs} {\n\t$0\n}' },
  { label: 'switch', detail: 'switch', snippet: 'switch ${1:value} {\n\tcase ${2:.First} {\n\t\t$0\n\t}\n\telse {\n\t}\n}' },
  { label: 'if', detail: 'if', snippet: 'if ${1:condition} {\n\t$0\n}' },
  { label: 'while', detail: 'while loop', snippet: 'while ${1:condition} {\n\t$0\n}' },
];

export function completion(workspace: Workspace, queries: Queries, file: string, offset: number): Completion {
  const text = workspace.document(file)?.text ?? '';
  let start = offset;
  while (start > 0 && /[A-Za-z0-9_]/.test(text[start - 1]!)) start--;
  // In a comment or a literal the text is prose: no name or member belongs there.
  if (queries.inCommentOrLiteral(file, offset)) return { entries: [], start };
  const before = text[start - 1];
  if (before === '.' && text[start - 2] !== '.') {
    return { entries: memberEntries(workspace, queries, file, start - 1, text), start };
  }
  return { entries: scopeEntries(workspace, queries, file, offset), start };
}

/** Entries after `object.`: the members of the object's type. */
function memberEntries(workspace: Workspace, queries: Queries, file: string, dot: number, text: string): CompletionEntry[] {
  // A dot after something that cannot end an expression is an enum member shorthand: `.Free`.
  // So is a dot after a keyword (`case .`, `return .`), except the keywords that are values.
  let end = dot;
  while (end > 0 && /[ \t]/.test(text[end - 1]!)) end--;
  const last = text[end - 1] ?? '';
  let wordStart = end;
  while (wordStart > 0 && /[A-Za-z0-9_]/.test(text[wordStart - 1]!)) wordStart--;
  const word = text.slice(wordStart, end);
  const keyword = KEYWORDS.has(word) && !VALUE_KEYWORDS.has(word);
  if (keyword || !/[A-Za-z0-9_)\]"'}]/.test(last)) return enumMemberEntries(workspace, queries, file, dot + 1);
  const type = queries.memberObjectType(file, dot + 1) ?? resolveByName(workspace, queries, file, end, text);
  return type ? membersOf(workspace, type) : [];
}

/** When even a name typed after the dot gives no access (the item does not parse), the name before the dot, looked up. */
function resolveByName(workspace: Workspace, queries: Queries, file: string, end: number, text: string): Type | undefined {
  let start = end;
  while (start > 0 && /[A-Za-z0-9_]/.test(text[start - 1]!)) start--;
  const name = text.slice(start, end);
  if (!name) return undefined;
  const visible = queries.visibleNames(file, start).find((v) => v.name === name);
  const symbol = visible?.symbols[0];
  if (!symbol) return undefined;
  switch (symbol.kind) {
    case 'local':
      return symbol.type;
    case 'field':
      return workspace.fieldType(symbol);
    case 'struct':
    case 'enum':
      return { kind: 'type', type: symbol.type };
    case 'module':
      return { kind: 'module', symbol };
    case 'global':
      return workspace.global(symbol).type;
    default:
      return undefined;
  }
}

function membersOf(workspace: Workspace, type: Type): CompletionEntry[] {
  const base = type.kind === 'pointer' ? type.to : type;
  switch (base.kind) {
    case 'struct':
      return base.symbol.fields.map((f) => ({ label: f.name, kind: 'field', detail: typeToString(workspace.fieldType(f)) }));
    case 'type':
      if (base.type.kind === 'enum') {
        const owner = base.type.symbol;
        return owner.members.map((m) => ({ label: m.name, kind: 'enum-member', detail: `${owner.name}.${m.name} = ${workspace.memberValue(m)}` }));
      }
      return [];
    case 'module': {
      if (!base.symbol.target) return [];
      return groupEntries(workspace, workspace.declarations(base.symbol.target).filter((s) => s.kind !== 'module'), 'b');
    }
    case 'string':
      return [
        { label: 'len', kind: 'field', detail: 'i64: the length in bytes' },
        { label: 'data', kind: 'field', detail: '*u8: the bytes' },
      ];
    case 'slice':
    case 'array':
      return [
        { label: 'len', kind: 'field', detail: 'i64: the number of elements' },
        { label: 'data', kind: 'field', detail: `*${typeToString(base.element)}: the elements` },
      ];
    default:
      return [];
  }
}

/**
 * Entries after a lone dot: the members of the enum expected there (of each candidate's in an
 * overloaded call), or, when nothing is expected, of every enum in scope.
 */
function enumMemberEntries(workspace: Workspace, queries: Queries, file: string, offset: number): CompletionEntry[] {
  let enums = queries.expectedEnums(file, offset);
  if (enums.length === 0) {
    enums = queries.visibleNames(file, offset).flatMap((v) => (v.symbols[0]?.kind === 'enum' ? [v.symbols[0]] : []));
  }
  return enums.flatMap((symbol) => symbol.members.map((m): CompletionEntry => ({ label: m.name, kind: 'enum-member', detail: `${symbol.name}.${m.name} = ${workspace.memberValue(m)}` })));
}

function scopeEntries(workspace: Workspace, queries: Queries, file: string, offset: number): CompletionEntry[] {
  const entries: CompletionEntry[] = [];
  // In a struct literal, the fields not given yet come first (values may follow: `x: `).
  const literal = queries.structLiteralAt(file, offset);
  if (literal) {
    for (const field of literal.struct.symbol.fields) {
      if (literal.given.includes(field.name)) continue;
      entries.push({ label: field.name, kind: 'field', detail: typeToString(workspace.fieldType(field)), sortText: `0${field.index.toString().padStart(3, '0')}` });
    }
  }
  for (const visible of queries.visibleNames(file, offset)) {
    const symbol = visible.symbols[0]!;
    const rank = symbol.kind === 'local' ? 'a' : symbol.file === file ? 'b' : workspace.isStd(symbol.file) ? 'd' : 'c';
    entries.push(...groupEntries(workspace, visible.symbols, rank));
  }
  for (const keyword of KEYWORDS) entries.push({ label: keyword, kind: 'keyword', sortText: `e${keyword}` });
  for (const type of PRIMITIVES.keys()) entries.push({ label: type, kind: 'type', detail: 'primitive type', sortText: `d${type}` });
  for (const s of SNIPPETS) entries.push({ label: s.label, kind: 'snippet', detail: s.detail, snippet: s.snippet, sortText: `f${s.label}` });
  return entries;
}

/** One entry per name: an overload set shows as one function with its count. */
function groupEntries(workspace: Workspace, symbols: readonly Symbol[], rank: string): CompletionEntry[] {
  const byName = new Map<string, Symbol[]>();
  for (const s of symbols) {
    const list = byName.get(s.name);
    if (list) list.push(s);
    else byName.set(s.name, [s]);
  }
  return [...byName].map(([name, group]) => {
    const first = group[0]!;
    const others = group.length - 1;
    const detail = declarationText(workspace, first) + (others > 0 ? ` (+${others} overload${others === 1 ? '' : 's'})` : '');
    return { label: name, kind: kindOf(first), detail, documentation: docOf(first), sortText: `${rank}${name}` };
  });
}

function kindOf(symbol: Symbol): CompletionKind {
  switch (symbol.kind) {
    case 'function':
      return 'function';
    case 'struct':
      return 'struct';
    case 'enum':
      return 'enum';
    case 'field':
      return 'field';
    case 'enum-member':
      return 'enum-member';
    case 'module':
      return 'module';
    case 'global':
      return symbol.constant ? 'constant' : 'variable';
    case 'local':
      return symbol.role === 'param' ? 'parameter' : symbol.role === 'const' ? 'constant' : 'variable'; // completion kinds
  }
}
