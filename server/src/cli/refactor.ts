// `zolt refactor rename LOCATION NEW` and `zolt refactor inline LOCATION [--all]`: the language
// server's rename and inline actions (ide/rename.ts, ide/refactor/), on the files of the
// project. LOCATION is `file:line:col` (1-based, as diagnostics print them), or for rename a
// name declared in the file: `file:name` or `file:Struct.field`.
//
// The edit is printed as a unified diff; `--write` applies it instead, each file written to a
// temporary file and renamed over the original, so that no file is ever half-written. A refusal
// prints its reason and exits 1. The project is every .zolt file under the folder of zolt.json
// (the nearest above the file), or else under the file's own folder.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { Queries, Workspace, type Symbol } from '../semantics';
import { loadGrammar } from '../syntax';
import { applyEdits, type TextEdit } from '../ide/actions';
import { REFACTORINGS } from '../ide/refactor';
import { rename } from '../ide/rename';
import { zoltFilesIn } from '../ide/zolt-files';
import { parseArgs, UsageError } from './args';
import { unifiedDiff } from './diff';
import { Exit, type Io } from './io';
import { projectFileAbove } from './project';

const USAGE = 'usage: zolt refactor rename FILE:LINE:COL|FILE:NAME NEW [--write]\n       zolt refactor inline FILE:LINE:COL [--all] [--write]';

export async function refactorCommand(args: readonly string[], io: Io): Promise<number> {
  const parsed = parseArgs(args, ['write', 'all', 'help']);
  const [what, location, newName, ...extra] = parsed.positional;
  if (parsed.flags.has('help')) {
    io.out(`${USAGE}\n`);
    return Exit.Ok;
  }
  if (what !== 'rename' && what !== 'inline') throw new UsageError(`zolt refactor: say what to do: rename or inline\n${USAGE}`);
  if (location === undefined) throw new UsageError(`zolt refactor ${what}: give the LOCATION\n${USAGE}`);
  if (what === 'rename' && newName === undefined) throw new UsageError(`zolt refactor rename: give the NEW name\n${USAGE}`);
  if (extra.length > 0 || (what === 'inline' && newName !== undefined)) throw new UsageError(`zolt refactor ${what}: unexpected '${extra[0] ?? newName}'\n${USAGE}`);

  const target = parseLocation(location);
  const file = path.resolve(target.file);
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
    io.err(`zolt refactor: no such file: ${target.file}\n`);
    return Exit.Usage;
  }
  const workspace = new Workspace(await loadGrammar());
  try {
    for (const f of projectFiles(file)) workspace.reload(f);
    workspace.reload(file);
    const queries = new Queries(workspace);
    const doc = workspace.document(file)!;
    const offset = target.kind === 'position' ? positionOffset(doc.text, target.line, target.column) : nameOffset(workspace, file, target.name);
    if (offset === undefined) {
      io.err(`zolt refactor: ${location}: ${target.kind === 'position' ? 'that position is not in the file' : `'${target.kind === 'name' ? target.name : ''}' is not declared in the file`}\n`);
      return Exit.InputErrors;
    }
    const result = what === 'rename' ? renameAt(workspace, queries, file, offset, newName!) : inlineAt(workspace, queries, file, offset, parsed.flags.has('all'));
    if (typeof result === 'string') {
      io.err(`zolt refactor ${what}: ${location}: ${result}\n`);
      return Exit.InputErrors;
    }
    const changed = [...result].map(([f, edits]) => ({ file: f, before: workspace.document(f)?.text ?? fs.readFileSync(f, 'utf8'), edits }))
      .map((c) => ({ ...c, after: applyEdits(c.before, c.edits) }))
      .filter((c) => c.after !== c.before)
      .sort((a, b) => a.file.localeCompare(b.file));
    if (!parsed.flags.has('write')) {
      for (const c of changed) {
        const shown = path.relative(process.cwd(), c.file) || c.file;
        io.out(unifiedDiff(`a/${shown}`, `b/${shown}`, c.before, c.after));
      }
      return Exit.Ok;
    }
    writeAll(changed);
    io.err(`zolt refactor ${what}: changed ${changed.length} file${changed.length === 1 ? '' : 's'}\n`);
    return Exit.Ok;
  } finally {
    workspace.dispose();
  }
}

type Location =
  | { readonly kind: 'position'; readonly file: string; readonly line: number; readonly column: number }
  | { readonly kind: 'name'; readonly file: string; readonly name: string };

function parseLocation(text: string): Location {
  const position = /^(.*):(\d+):(\d+)$/.exec(text);
  if (position) return { kind: 'position', file: position[1]!, line: Number(position[2]), column: Number(position[3]) };
  const named = /^(.*\.zolt):([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?)$/.exec(text);
  if (named) return { kind: 'name', file: named[1]!, name: named[2]! };
  throw new UsageError(`'${text}' is not a location: write FILE:LINE:COL or FILE.zolt:NAME`);
}

function positionOffset(text: string, line: number, column: number): number | undefined {
  let start = 0;
  for (let l = 1; l < line; l++) {
    const next = text.indexOf('\n', start);
    if (next < 0) return undefined;
    start = next + 1;
  }
  const end = text.indexOf('\n', start);
  const length = (end < 0 ? text.length : end) - start;
  return column >= 1 && column - 1 <= length ? start + column - 1 : undefined;
}

/** Where a module-level name (or a struct's field, an enum's member) is declared in the file. */
function nameOffset(workspace: Workspace, file: string, name: string): number | undefined {
  const [outer, inner] = name.split('.');
  const symbol = workspace.declarations(file).find((s) => s.name === outer);
  if (!symbol) return undefined;
  let found: Symbol = symbol;
  if (inner !== undefined) {
    const member = symbol.kind === 'struct' ? symbol.fields.find((f) => f.name === inner) : symbol.kind === 'enum' ? symbol.members.find((m) => m.name === inner) : undefined;
    if (!member) return undefined;
    found = member;
  }
  if (!('item' in found) || !('nameNode' in found)) return undefined;
  return found.item.start + found.nameNode.span.start;
}

function renameAt(workspace: Workspace, queries: Queries, file: string, offset: number, newName: string): ReadonlyMap<string, readonly TextEdit[]> | string {
  const result = rename(workspace, queries, file, offset, newName);
  return result.ok ? result.edits : result.message;
}

/** The inline action at the offset: the call's, or with `all` (or at a declaration) every use's. */
function inlineAt(workspace: Workspace, queries: Queries, file: string, offset: number, all: boolean): ReadonlyMap<string, readonly TextEdit[]> | string {
  const diagnostics = workspace.diagnostics(file);
  const request = { workspace, queries, file, start: offset, end: offset, diagnostics };
  const actions = REFACTORINGS.flatMap((provide) => provide(request)).filter((a) => a.kind === 'refactor.inline');
  if (actions.length === 0) return 'there is nothing to inline here: put the location on a call, a function, a variable or a constant';
  const call = actions.find((a) => a.title.startsWith('Inline call'));
  const chosen = all || !call ? actions.find((a) => !a.title.startsWith('Inline call')) ?? call! : call;
  return chosen.disabled ?? chosen.edits ?? 'the action has no edit';
}

function projectFiles(file: string): string[] {
  const project = projectFileAbove(path.dirname(file));
  return zoltFilesIn(project ? path.dirname(project) : path.dirname(file));
}

/**
 * Writes every file or none: each new text goes to a temporary file beside its target first,
 * and only when all are written are they renamed over the originals.
 */
function writeAll(changes: readonly { file: string; after: string }[]): void {
  const temps: string[] = [];
  try {
    for (const c of changes) {
      const temp = path.join(path.dirname(c.file), `.${path.basename(c.file)}.${process.pid}.tmp`);
      temps.push(temp);
      fs.writeFileSync(temp, c.after, { mode: fs.statSync(c.file).mode });
    }
    changes.forEach((c, i) => fs.renameSync(temps[i]!, c.file));
  } finally {
    for (const temp of temps) fs.rmSync(temp, { force: true });
  }
}
