// The declarations the REPL keeps: every function, struct, enum, constant, global, foreign
// function and import accepted so far, as pieces ("chunks") of the synthesized file, each with
// the place it came from. A later declaration replaces an earlier one of the same name, except
// that functions of one name with different parameter types are overloads and stay side by side;
// a function replaces the one with the same parameter types. An import replaces the same import.

import type { Ast, LoweredItem } from '../../syntax';
import type { Origin, SourceBuilder } from './source';

export type ChunkKind = 'import' | 'function' | 'declaration';

/** Text of the chunk: copied from its origin (with text around it), or written for a place of it. */
export type ChunkSource =
  | { readonly origin: Origin; readonly from: number; readonly to: number; readonly before?: string; readonly after?: string }
  | { readonly origin: Origin; readonly at: number; readonly text: string };

export interface Chunk {
  readonly kind: ChunkKind;
  /** The name it declares ('' for an import without an alias). */
  readonly name: string;
  /** Chunks with the same key replace each other (a function's includes its parameter types). */
  readonly key: string;
  readonly source: ChunkSource;
  /** For a global (`var` or `const`): which storage of the session it is. */
  readonly storage?: string;
  /** A `var` (its value lives in the session's memory). */
  readonly variable?: boolean;
  /** A `var` with an initialiser, which runs once: the chunk keeps its type and drops the initialiser when accepted. */
  readonly initialised?: boolean;
}

/** Whether `added` replaces `old`. */
export function replaces(added: Chunk, old: Chunk): boolean {
  if (added.key === old.key) return true;
  if (added.name === '' || added.name !== old.name) return false;
  return added.kind !== 'function' || old.kind !== 'function';
}

/** The chunks with `added` in place of those they replace: imports first, then in order. */
export function withChunks(chunks: readonly Chunk[], added: readonly Chunk[]): Chunk[] {
  const kept = chunks.filter((old) => !added.some((a) => replaces(a, old)));
  const all = [...kept, ...added];
  return [...all.filter((c) => c.kind === 'import'), ...all.filter((c) => c.kind !== 'import')];
}

export function emitChunk(b: SourceBuilder, chunk: Chunk): void {
  const s = chunk.source;
  if ('text' in s) {
    b.write(s.text, s.origin, s.at);
  } else {
    if (s.before) b.write(s.before, s.origin, s.from);
    b.copy(s.origin, s.from, s.to);
    if (s.after) b.write(s.after, s.origin, s.to);
  }
  b.write('\n');
}

/** A function's key: its name and parameter types as written (`_` for an untyped one). */
export function functionKey(decl: Ast.FunctionDecl, text: string, base: number): string {
  const params = decl.params.map((p) => (p.type ? text.slice(base + p.type.span.start, base + p.type.span.end).replace(/\s+/g, '') : '_'));
  if (decl.variadic) params.push('...');
  return `fn ${decl.name.text}(${params.join(',')})`;
}

/** Where an import's path leads (an absolute file), or the path as written when it leads nowhere. */
export type ImportResolver = (path: string) => string;

let storageCounter = 0;

/** A new storage id: each declaration of a global is storage of its own. */
export function newStorage(prefix: string): string {
  return `${prefix}${++storageCounter}`;
}

/**
 * The chunks of a file's top-level items (an input of declarations, or a file `:load` reads).
 * Imports are written with the paths they resolve to, so that they mean in the synthesized file
 * what they meant where they were written; each foreign function becomes a block of its own.
 */
export function chunksOfItems(items: readonly LoweredItem[], origin: Origin, resolve: ImportResolver): Chunk[] {
  const chunks: Chunk[] = [];
  const text = origin.text;
  for (const item of items) {
    const decl = item.decl;
    const from = item.start;
    const to = item.start + item.length;
    switch (decl.kind) {
      case 'import': {
        const target = resolve(decl.path);
        const alias = decl.alias?.text;
        const written = `import ${alias ? `${alias} = ` : ''}${JSON.stringify(target)};`;
        chunks.push({ kind: 'import', name: alias ?? '', key: alias ? `import ${alias}` : `import ${target}`, source: { origin, at: from + decl.span.start, text: written } });
        break;
      }
      case 'function':
        chunks.push({ kind: 'function', name: decl.name.text, key: functionKey(decl, text, from), source: { origin, from, to } });
        break;
      case 'foreign': {
        const library = text.slice(from + decl.librarySpan.start, from + decl.librarySpan.end);
        for (const fn of decl.functions) {
          chunks.push({
            kind: 'function', name: fn.name.text, key: functionKey(fn, text, from),
            source: { origin, from: from + fn.span.start, to: from + fn.span.end, before: `foreign ${library} { `, after: ' }' },
          });
        }
        break;
      }
      case 'var':
      case 'const':
        chunks.push({
          kind: 'declaration', name: decl.name.text, key: decl.name.text, source: { origin, from, to },
          storage: newStorage('g'), variable: decl.kind === 'var', initialised: decl.kind === 'var' && decl.value !== undefined,
        });
        break;
      case 'struct':
      case 'enum':
        chunks.push({ kind: 'declaration', name: decl.name.text, key: decl.name.text, source: { origin, from, to } });
        break;
      case 'error-decl':
        break;
    }
  }
  return chunks;
}

/** The chunk of a declaration written among the statements of an input (hoisted to the top level). */
export function chunkOfStatement(decl: Ast.FunctionDecl | Ast.StructDecl | Ast.EnumDecl | Ast.ConstDecl, origin: Origin, from: number, to: number, base: number): Chunk {
  const name = decl.name.text;
  if (decl.kind === 'function') return { kind: 'function', name, key: functionKey(decl, origin.text, base), source: { origin, from, to } };
  return { kind: 'declaration', name, key: name, source: { origin, from, to }, storage: decl.kind === 'const' ? newStorage('g') : undefined };
}
