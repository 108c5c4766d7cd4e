// The REPL's evaluation: an input (or a file `:load` reads) checked and run as part of the
// synthesized program (synthesize.ts), on an interpreter session whose memory lives as long as
// the REPL (vm/session.ts), so that nothing runs twice.
//
// How state persists, soundly:
// - Declarations are kept as text (declarations.ts) and checked again with every input: the
//   workspace's analysis is incremental, so only what changed is checked again. An input is
//   accepted only if the whole program still checks, so a declaration cannot break an earlier
//   one (redeclare both in one input instead).
// - Every global is storage of the session, named by a stable id: its initialiser runs once,
//   when its storage is new, and later programs leave it out. A `var` the input declares at
//   its top level becomes a global with its type written out (`var x: i64;`), so that it keeps
//   the type it was declared with; in the program that declares it, it is a fresh global under
//   a name of the REPL's own (`__repl_v3`), which the input's uses of it are renamed to, so its
//   initialiser still sees an older `x` it may replace (`var x = to_string(x);`).
// - A global whose type now means something else in memory (a struct it holds was redeclared)
//   gets new zeroed storage, and a note says so: its old bytes are never read as the new type.
// - A function keeps its address while its name, file and signature do (session.ts): a function
//   value an earlier input stored calls the function's latest body, or stops with a message
//   when no function of that signature is left.
// - An input that does not finish (a run-time error, Ctrl-C) keeps what it did until then (its
//   output, what it assigned) but none of its declarations: those are only accepted when it
//   ends. Ctrl-C stops the program and keeps the memory (session.ts); when the interpreter's
//   thread has to be ended instead (a second Ctrl-C, while C code runs), its memory goes with it
//   and the variables are forgotten.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { typeToString, type Type, type Workspace } from '../../semantics';
import type { LocalSymbol } from '../../semantics/symbols';
import { SyntaxDocument, walk, type Ast, type LoweredItem, type ZoltGrammar } from '../../syntax';
import { SessionThread, type ThreadOutcome } from '../../vm/session-thread';
import type { Io } from '../io';
import { showPath } from '../report';
import { classify, type Hoisted } from './classify';
import { chunkOfStatement, chunksOfItems, newStorage, withChunks, type Chunk } from './declarations';
import { Reporter } from './diagnostics';
import { emitEdited, showValue, type Edit } from './edits';
import { buildProgram } from './program';
import { Origin, type SourceMap } from './source';
import { synthesize } from './synthesize';
import { typeText } from './types';

/** What the input's statements need from the check of the program: its variables and last value. */
interface Statements {
  readonly origin: Origin;
  readonly hoisted: readonly Hoisted[];
}

interface Variable {
  readonly name: string;
  readonly hidden: string;
  readonly storage: string;
  readonly typeText: string;
  /** Input offsets: the statement, and where its initialiser starts (if it has one). */
  readonly start: number;
  readonly end: number;
  readonly value: number | undefined;
}


export class Evaluator {
  private chunks: Chunk[] = [];
  /** What each storage of the session holds (storageKey), for the programs accepted so far. */
  private readonly committed = new Map<string, string>();
  private readonly thread = new SessionThread();
  private readonly reporter: Reporter;
  private inputs = 0;
  private version = 0;
  trace = false;

  constructor(
    private readonly workspace: Workspace,
    private readonly grammar: ZoltGrammar,
    private readonly io: Io,
    /** The synthesized file (it exists only in the workspace). */
    private readonly file: string,
  ) {
    this.reporter = new Reporter(workspace, file, io.err);
  }

  /** Ctrl-C: stops the running program (see SessionThread.interrupt). */
  interrupt(): 'asked' | 'already' | 'idle' {
    return this.thread.interrupt();
  }

  /** Ends the interpreter's thread (and its memory). */
  stop(): void {
    this.thread.stop();
  }

  /** Before the process ends: ends it now if an interpreter's thread is stuck in C code (see SessionThread.exit). */
  exit(status: number): void {
    this.thread.exit(status);
  }

  reset(): void {
    this.chunks = [];
    this.committed.clear();
    this.thread.stop();
  }

  /** Declarations and statements typed at the prompt. */
  async evaluate(input: string): Promise<void> {
    const parsed = classify(this.grammar, input);
    if (parsed.kind === 'nothing') return;
    const n = ++this.inputs;
    const origin = new Origin('<input>', parsed.text);
    try {
      if (parsed.kind === 'errors') this.reporter.printIn(origin, parsed.diagnostics);
      else if (parsed.kind === 'declarations') await this.accept(chunksOfItems(parsed.items, origin, (p) => this.importTarget(p, this.file)), undefined);
      else await this.accept(parsed.hoisted.map((h) => chunkOfStatement(h.decl, origin, h.start, h.end, h.base)), { origin, hoisted: parsed.hoisted });
    } finally {
      origin.name = `<input ${n}>`;
    }
  }

  /** `:type EXPR`: the expression's type, without running anything. */
  typeOf(expression: string): void {
    const origin = new Origin('<input>', expression);
    const map = synthesize(this.chunks, (b) => b.copy(origin, 0, expression.length).write(';', origin, expression.length));
    if (!this.check(map, origin)) return;
    const stmt = this.mainStatements()[0];
    const type = stmt?.kind === 'expr-stmt' ? this.mainCheck().types.get(stmt.expr.id) : undefined;
    if (stmt && stmt.kind === 'expr-stmt' && this.mainStatements().length === 1 && type) this.io.out(`${this.describeType(type)}\n`);
    else this.io.err('zolt repl: :type wants one expression\n');
  }

  /** `:load FILE`: the file's declarations (its `main` too: call it as `main()`). */
  async load(file: string): Promise<void> {
    const absolute = path.resolve(file);
    let text: string;
    try {
      text = fs.readFileSync(absolute, 'utf8');
    } catch (error) {
      this.io.err(`zolt repl: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`);
      return;
    }
    const origin = new Origin(absolute, text);
    const doc = SyntaxDocument.create(this.grammar, absolute, text);
    const items = doc.items;
    const syntax = doc.diagnostics();
    doc.dispose();
    if (syntax.length > 0) {
      this.reporter.printIn(origin, syntax);
      return;
    }
    const chunks = chunksOfItems(items, origin, (p) => this.importTarget(p, absolute));
    if (await this.accept(chunks, undefined)) this.io.out(`loaded ${showPath(absolute)}: ${chunks.length} declaration${chunks.length === 1 ? '' : 's'}\n`);
  }

  // ------------------------------------------------------------------ accepting an input

  /** Checks and runs the program with the added declarations and statements; keeps them if it ends. */
  private async accept(added: readonly Chunk[], statements: Statements | undefined): Promise<boolean> {
    const chunks = withChunks(this.chunks, added);
    const current = statements?.origin ?? added[0]?.source.origin;
    if (!current) return true;
    const first = synthesize(chunks, (b) => {
      if (statements) b.copyWithout(statements.origin, 0, statements.origin.text.length, statements.hoisted);
    });
    if (!this.check(first, current)) return false;
    // What the check says the input declares: the types its variables keep.
    const declared = this.declaredGlobals(added);
    if (!declared) return false;
    let map = first;
    let variables: Variable[] = [];
    let shown: string | undefined;
    if (statements) {
      const rewrite = this.rewrite(first, statements);
      if (!rewrite) return false;
      ({ variables, shown } = rewrite);
      map = synthesize(chunks, (b) => emitEdited(b, statements.origin, rewrite.edits), variables.map((v) => `var ${v.hidden}: ${v.typeText};`));
      if (!this.check(map, current)) return false;
    }
    const run = buildProgram({
      workspace: this.workspace, file: this.file, map, chunks, committed: this.committed,
      variables: new Map(variables.map((v) => [v.hidden, v])),
    });
    if (!run.ok) {
      this.io.err(`zolt repl: ${run.message}\n`);
      return false;
    }
    const outcome = await this.thread.run({ program: run.program, globals: run.globals, functions: run.functions, trace: this.trace, cwd: process.cwd() });
    if (!this.finished(outcome)) return false;
    if (shown) this.io.out(`${shown}\n`);
    for (const note of run.notes) this.io.out(`note: ${note}\n`);
    for (const [id, key] of run.storage) this.committed.set(id, key);
    const kept = added.map((c) => {
      const type = declared.get(c);
      return type === undefined ? c : { ...c, initialised: false, source: { origin: c.source.origin, at: sourceStart(c), text: `var ${c.name}: ${type};` } };
    });
    const vars: Chunk[] = variables.map((v) => ({
      kind: 'declaration', name: v.name, key: v.name, storage: v.storage, variable: true,
      source: { origin: statements!.origin, at: v.start, text: `var ${v.name}: ${v.typeText};` },
    }));
    this.chunks = withChunks(this.chunks, [...kept, ...vars]);
    return true;
  }

  /** Opens the synthesized text in the workspace and prints its diagnostics; true without errors. */
  private check(map: SourceMap, current: Origin): boolean {
    this.workspace.open(this.file, map.text, ++this.version);
    return !this.reporter.check(map, current);
  }

  /** The written types of the globals with initialisers that the added chunks declare (they keep them). */
  private declaredGlobals(added: readonly Chunk[]): Map<Chunk, string> | undefined {
    const result = new Map<Chunk, string>();
    for (const chunk of added) {
      if (!chunk.initialised) continue;
      // One global of the name: a second one in the program would have been an error.
      const symbol = this.workspace.declarations(this.file).find((s) => s.kind === 'global' && s.name === chunk.name);
      if (symbol?.kind !== 'global') continue;
      const type = this.workspace.global(symbol).type;
      const text = typeText(this.workspace, this.file, type);
      if (text === undefined) return this.unnamed(chunk.source.origin, sourceStart(chunk), chunk.name, type);
      result.set(chunk, text);
    }
    return result;
  }

  private unnamed(origin: Origin, at: number, name: string, type: Type): undefined {
    this.reporter.printIn(origin, [{
      code: 'Z0000', severity: 'error', start: at, end: at,
      message: `'${name}' has type ${typeToString(type)}, which has no name outside the function that declares it, so it cannot be kept`,
    }]);
    return undefined;
  }

  // ------------------------------------------------------------------ the input's statements

  private mainItem(): LoweredItem {
    const items = this.workspace.document(this.file)!.items;
    return items.find((i) => i.decl.kind === 'function' && i.decl.name.text === 'main')!;
  }

  private mainStatements(): readonly Ast.Stmt[] {
    const decl = this.mainItem().decl;
    return decl.kind === 'function' ? (decl.body?.statements ?? []) : [];
  }

  private mainCheck() {
    const item = this.mainItem();
    return this.workspace.check(this.file, item);
  }

  /**
   * The input's statements as they run: each top-level `var` assigns a fresh global, its uses
   * renamed to it, and the value of a last expression statement printed with its type.
   */
  private rewrite(map: SourceMap, statements: Statements): { edits: Edit[]; variables: Variable[]; shown: string | undefined } | undefined {
    const item = this.mainItem();
    const check = this.workspace.check(this.file, item);
    const at = (offset: number) => map.exactOffset(item.start + offset)?.offset;
    const atEnd = (offset: number) => map.exactOffset(item.start + offset, true)?.offset;
    const edits: Edit[] = statements.hoisted.map((h) => ({ start: h.start, end: h.end, text: '' }));
    const variables: Variable[] = [];
    const symbols = new Map<LocalSymbol, Variable>();
    const list = this.mainStatements();
    for (const stmt of list) {
      if (stmt.kind !== 'local' || stmt.decl.kind !== 'var') continue;
      const symbol = check.refs.get(stmt.decl.name.id);
      const start = at(stmt.span.start);
      const end = atEnd(stmt.span.end);
      if (symbol?.kind !== 'local' || start === undefined || end === undefined) continue;
      const text = typeText(this.workspace, this.file, symbol.type);
      if (text === undefined) return this.unnamed(statements.origin, start, symbol.name, symbol.type);
      const storage = newStorage('v');
      const value = stmt.decl.value ? at(stmt.decl.value.span.start) : undefined;
      const v: Variable = { name: symbol.name, hidden: `__repl_${storage}`, storage, typeText: text, start, end, value };
      variables.push(v);
      symbols.set(symbol, v);
      edits.push({ start, end: value ?? end, text: value === undefined ? '' : `${v.hidden} = ` });
    }
    const names = new Map<number, Ast.Name>();
    walk(item.decl, (node) => void (node.kind === 'name' && names.set(node.id, node)));
    for (const [id, symbol] of check.refs) {
      const v = symbol.kind === 'local' ? symbols.get(symbol) : undefined;
      const name = names.get(id);
      const start = name && at(name.span.start);
      if (!v || !name || start === undefined || edits.some((e) => e.start <= start && start < e.end)) continue;
      edits.push({ start, end: start + name.text.length, text: v.hidden });
    }
    const last = list[list.length - 1];
    let shown: string | undefined;
    if (last?.kind === 'expr-stmt') {
      const type = check.types.get(last.expr.id);
      const start = at(last.span.start);
      const expr = at(last.expr.span.start);
      const exprEnd = atEnd(last.expr.span.end);
      const end = atEnd(last.span.end);
      if (type && start !== undefined && expr !== undefined && exprEnd !== undefined && end !== undefined) {
        const show = showValue(type, this.describeType(type));
        if (show.kind === 'static') {
          shown = show.text;
          edits.push({ start, end, text: '' });
        } else if (show.kind === 'print') {
          edits.push({ start, end: expr, text: show.before }, { start: exprEnd, end, text: show.after });
        }
      }
    }
    return { edits, variables, shown };
  }

  /** A type as `:type` and the value display say it (a function's signature for a function's name). */
  private describeType(type: Type): string {
    if (type.kind === 'overloads' && type.candidates.length === 1) return typeToString(this.workspace.signatureOf(type.candidates[0]!));
    return typeToString(type);
  }

  // ------------------------------------------------------------------ running

  /** Says how a run ended; true when it ran to its end. */
  private finished(outcome: ThreadOutcome): boolean {
    if ('midLine' in outcome && outcome.midLine) this.io.out('\n');
    switch (outcome.kind) {
      case 'done':
        return true;
      case 'error':
        return false;
      case 'interrupted':
        this.io.err('interrupted\n');
        return false;
      case 'failed':
        this.io.err(`zolt repl: ${outcome.message}\n`);
        return false;
      case 'lost':
        this.memoryLost(outcome.message);
        return false;
    }
  }

  /** The interpreter's thread ended, and its memory with it: the variables are forgotten. */
  private memoryLost(message: string): void {
    this.committed.clear();
    const forgotten = this.chunks.filter((c) => c.variable);
    this.chunks = this.chunks.filter((c) => !forgotten.includes(c));
    const names = forgotten.map((c) => c.name).join(', ');
    this.io.err(`zolt repl: ${message}${names ? `; the variables are forgotten: ${names}` : ''}\n`);
  }

  private importTarget(importPath: string, from: string): string {
    const resolution = this.workspace.resolveImport(from, importPath);
    if (!resolution.file) return from === this.file ? importPath : resolution.tried[0]!;
    if (this.workspace.isStd(resolution.file)) return importPath;
    this.workspace.reload(resolution.file); // read again: it may have changed since
    return resolution.file;
  }
}

function sourceStart(chunk: Chunk): number {
  return 'text' in chunk.source ? chunk.source.at : chunk.source.from;
}

