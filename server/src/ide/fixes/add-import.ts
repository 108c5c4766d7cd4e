// Adds the import that an undefined name (Z1001) needs: another file of the workspace that
// declares the name at its top level. The path is the file's path relative to the importing
// file, without `.zolt` (docs/language.md: a path is looked up relative to the importing
// file first), checked to resolve to that file. The import goes after the file's last import,
// or before its first declaration when it has none.
//
// The standard library is never a candidate: every file sees all of it without an import.
// An unaliased import brings in every declaration of the file, so it may also change what
// other names mean: a name the file now takes from the standard library or another import
// would be shadowed or become ambiguous, and a function would join an overload set the file
// already calls (and might win its calls). Then the import is offered disabled, with the
// name it would change, rather than risk changing the program.

import * as path from 'node:path';
import type { Diagnostic } from '../../syntax';
import { Code, type DeclSymbol, type Queries, type Workspace } from '../../semantics';
import type { ActionRequest, CodeAction, TextEdit } from '../actions';
import type { Binding } from '../../semantics/scope';
import { nodeAt, quickFix, fixEach } from './common';

export function addImport(request: ActionRequest): CodeAction[] {
  const { workspace, queries, file, diagnostics } = request;
  return fixEach(diagnostics, [Code.UndefinedName], (d) => importsFor(workspace, queries, file, d));
}

function importsFor(workspace: Workspace, queries: Queries, file: string, d: Diagnostic): CodeAction[] {
  const found = nodeAt(queries, file, d.start, d.end, 'name');
  if (!found || found.node.missing) return [];
  const name = found.node.text;
  const targets = workspace.knownFiles().filter((f) => f !== file && !workspace.isStd(f) && declaresName(workspace, f, name)).sort();
  return targets.flatMap((target) => {
    const importPath = importPathFor(workspace, file, target);
    if (importPath === undefined) return [];
    const title = `Import '${name}' from "${importPath}"`;
    const clash = clashingName(workspace, file, target);
    if (clash !== undefined) return [{ title, kind: 'quickfix', disabled: `"${importPath}" also declares '${clash}', which would change what '${clash}' means in this file`, diagnostics: [d] }];
    return [quickFix(title, file, [importEdit(workspace, file, importPath)], d, targets.length === 1)];
  });
}

function declaresName(workspace: Workspace, file: string, name: string): boolean {
  return workspace.declarations(file).some((s) => s.name === name && s.kind !== 'module');
}

/** The path that imports `target` from `file`, if written relative to `file` it resolves there. */
function importPathFor(workspace: Workspace, file: string, target: string): string | undefined {
  const relative = path.relative(path.dirname(file), target).split(path.sep).join('/').replace(/\.zolt$/, '');
  return workspace.resolveImport(file, relative).file === target ? relative : undefined;
}

/** A name of `target` that the file already resolves to something else (the first one, in order). */
function clashingName(workspace: Workspace, file: string, target: string): string | undefined {
  const scope = workspace.scope(file).values;
  const own = new Set(workspace.declarations(file).filter((s) => s.kind !== 'function').map((s) => s.name));
  for (const symbol of workspace.declarations(target)) {
    if (symbol.kind === 'module') continue;
    const binding = scope.get(symbol.name);
    if (!binding) continue;
    // The file's own declarations (other than functions, which join sets) win over an import.
    if (symbol.kind !== 'function' && own.has(symbol.name)) continue;
    if (!bindingHas(binding, symbol)) return symbol.name;
  }
  return undefined;
}

function bindingHas(binding: Binding, symbol: DeclSymbol): boolean {
  return binding.kind === 'single' ? binding.symbol === symbol : symbol.kind === 'function' && binding.functions.includes(symbol);
}

/** The edit inserting `import "path";` after the last import, or before the first declaration. */
function importEdit(workspace: Workspace, file: string, importPath: string): TextEdit {
  const doc = workspace.document(file)!;
  const statement = `import ${JSON.stringify(importPath)};`;
  const imports = doc.items.filter((item) => item.decl.kind === 'import');
  const last = imports[imports.length - 1];
  if (last) {
    const end = last.start + last.decl.span.end;
    const at = doc.text[end] === ';' ? end + 1 : end;
    return { start: at, end: at, text: `\n${statement}` };
  }
  const first = doc.items[0];
  const at = first ? declarationStart(doc.text, first.start + first.decl.span.start) : doc.text.length;
  return { start: at, end: at, text: `${statement}\n\n` };
}

/** The start of the line a declaration begins on, above its doc comments (comments above those stay above the import). */
function declarationStart(text: string, declStart: number): number {
  let line = text.lastIndexOf('\n', declStart - 1) + 1;
  for (;;) {
    const previous = text.lastIndexOf('\n', line - 2) + 1;
    if (line === 0 || !text.slice(previous, line).trimStart().startsWith('///')) return line;
    line = previous;
  }
}
