// Rename: exactly the resolved symbol's declaration and its uses across the workspace.
//
// A function is one member of its overload set: renaming it renames that function and the
// calls resolved to it, never the other members (rename each member to rename a set). A rename
// is refused when the new name is not an identifier or is a keyword, when it would clash with a
// declaration of the same scope (including an existing function of that name: the function
// would silently join another overload set), when a use of the symbol would then mean something
// else (shadowed), or when a use of something else would then mean the symbol (captured).

import { KEYWORDS, type LineIndex } from '../syntax';
import {
  typeToString, type Location, type Queries, type Symbol, type VisibleName, type Workspace,
  localRoleWord,
} from '../semantics';

export type PrepareRename =
  | { readonly ok: true; readonly start: number; readonly end: number; readonly placeholder: string }
  | { readonly ok: false; readonly message: string };

export type RenameResult =
  | { readonly ok: true; readonly edits: ReadonlyMap<string, readonly { start: number; end: number; text: string }[]> }
  | { readonly ok: false; readonly message: string };

export function prepareRename(workspace: Workspace, queries: Queries, file: string, offset: number): PrepareRename {
  const at = queries.symbolAt(file, offset);
  if (!at) return { ok: false, message: 'there is no symbol to rename here' };
  const refusal = cannotRename(workspace, at.symbol);
  if (refusal) return { ok: false, message: refusal };
  return { ok: true, start: at.range.start, end: at.range.end, placeholder: at.symbol.name };
}

export function rename(workspace: Workspace, queries: Queries, file: string, offset: number, newName: string): RenameResult {
  const at = queries.symbolAt(file, offset);
  if (!at) return { ok: false, message: 'there is no symbol to rename here' };
  const symbol = at.symbol;
  const refusal = cannotRename(workspace, symbol);
  if (refusal) return { ok: false, message: refusal };
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(newName)) return { ok: false, message: `'${newName}' is not a name: use letters, digits and '_', not starting with a digit` };
  if (KEYWORDS.has(newName)) return { ok: false, message: `'${newName}' is a keyword` };
  if (newName === symbol.name) return { ok: true, edits: new Map() };

  const uses = queries.references(symbol, true);
  const conflict = genericDisagreement(workspace, queries, symbol, uses) ?? sameScopeClash(workspace, symbol, newName) ?? shadowedUse(workspace, queries, symbol, uses, newName) ?? capturedUse(workspace, queries, symbol, newName);
  if (conflict) return { ok: false, message: conflict };

  const edits = new Map<string, { start: number; end: number; text: string }[]>();
  for (const use of uses) {
    const list = edits.get(use.file) ?? [];
    list.push({ start: use.start, end: use.end, text: newName });
    edits.set(use.file, list);
  }
  return { ok: true, edits };
}

/**
 * A use inside a generic function's body that means the symbol in one instantiation and
 * something else in another (`p.x` is Vec2.x for getx(Vec2) and Pt.x for getx(Pt)): renaming
 * one would break the other, so the rename is refused.
 */
function genericDisagreement(workspace: Workspace, queries: Queries, symbol: Symbol, uses: readonly Location[]): string | undefined {
  for (const use of uses) {
    const meanings = queries.instanceMeanings(use.file, use.start);
    const other = meanings.find((m) => m.symbol !== symbol);
    if (!other || !meanings.some((m) => m.symbol === symbol)) continue;
    const args = other.args.map(typeToString).join(', ');
    const means = other.symbol ? `the ${describe(other.symbol)} '${qualified(other.symbol)}'` : 'something else';
    return `the use at ${where(workspace, use)} is in a generic function that every instantiation shares: with (${args}) it means ${means}, so renaming '${symbol.name}' there would break it`;
  }
  return undefined;
}

function qualified(symbol: Symbol): string {
  return symbol.kind === 'field' || symbol.kind === 'enum-member' ? `${symbol.owner.name}.${symbol.name}` : symbol.name;
}

function cannotRename(workspace: Workspace, symbol: Symbol): string | undefined {
  if (workspace.isStd(symbol.file)) return `'${symbol.name}' belongs to the standard library and cannot be renamed`;
  if (symbol.kind === 'function' && symbol.foreign) return `'${symbol.name}' is a foreign function: its name is the C symbol it links to`;
  return undefined;
}

/** Another declaration of the same scope already has the new name. */
function sameScopeClash(workspace: Workspace, symbol: Symbol, newName: string): string | undefined {
  switch (symbol.kind) {
    case 'field':
      return symbol.owner.fields.some((f) => f.name === newName) ? `struct '${symbol.owner.name}' already has a field '${newName}'` : undefined;
    case 'enum-member':
      return symbol.owner.members.some((m) => m.name === newName) ? `enum '${symbol.owner.name}' already has a member '${newName}'` : undefined;
    case 'local':
      return blockClash(workspace, symbol, newName);
    default: {
      if (symbol.kind === 'function' && symbol.nested) return blockClash(workspace, symbol, newName);
      const existing = workspace.declarations(symbol.file).find((s) => s.name === newName);
      if (existing) {
        return existing.kind === 'function' && symbol.kind === 'function'
          ? `'${newName}' already names a function: '${symbol.name}' would join its overload set`
          : `'${newName}' is already defined in this file`;
      }
      // An imported or standard library overload set of that name would take the function in.
      const visible = workspace.scope(symbol.file).values.get(newName);
      if (symbol.kind === 'function' && visible?.kind === 'functions') return `'${newName}' already names a function: '${symbol.name}' would join its overload set`;
      return undefined;
    }
  }
}

/**
 * A local or nested function whose new name is declared in its block, or in a block around it
 * in the same function (which shadowing rules forbid too).
 */
function blockClash(workspace: Workspace, symbol: Symbol, newName: string): string | undefined {
  // The blocks around the declaration that belong to the function declaring the symbol (a
  // nested function's own blocks do not count), innermost last.
  const relative = symbol.nameNode.span.start;
  const own = symbol.kind === 'function' ? symbol.decl : undefined;
  const around = workspace.check(symbol.file, symbol.item).scopes.filter((b) => b.start <= relative && relative <= b.end && b.fn !== own);
  const innermost = around[around.length - 1];
  // Anything of that name in the symbol's own block; in the blocks around it, what is visible.
  const clash = around.some((b) => b.fn === innermost?.fn && b.entries.some((e) =>
    e.symbol !== symbol && e.symbol.name === newName && e.symbol.kind !== 'field' && e.symbol.kind !== 'enum-member' && (b === innermost || e.from <= relative)));
  return clash ? `'${newName}' is already declared in this function` : undefined;
}

/**
 * A use of the symbol that, after the rename, would mean something else: a declaration of the
 * new name that is inner to the symbol at that use (a local or nested function shadowing it),
 * or, for a function, another function of that name it would merge with.
 */
function shadowedUse(workspace: Workspace, queries: Queries, symbol: Symbol, uses: readonly Location[], newName: string): string | undefined {
  if (symbol.kind === 'field' || symbol.kind === 'enum-member') return undefined; // reached through '.'
  const ownDeclaration = queries.declarationOf(symbol);
  for (const use of uses) {
    const visible = queries.visibleNames(use.file, use.start).find((v) => v.name === newName);
    const other = visible?.symbols.find((s) => s !== symbol);
    if (!other) continue;
    const otherIsLocal = isBlockLevel(other);
    let shadows: boolean;
    if (other.kind === 'field' || other.kind === 'enum-member') {
      // Brought in by `using` in a block around the use: it wins over the symbol.
      shadows = true;
    } else if (isBlockLevel(symbol)) {
      // A local shadows module-level names; only a local declared inside its scope shadows it.
      const otherDeclaration = queries.declarationOf(other);
      shadows = otherIsLocal && otherDeclaration.file === ownDeclaration.file && otherDeclaration.start > ownDeclaration.start;
    } else {
      // A module-level name is shadowed by any local, and by a declaration of the use's own
      // file when it comes from another file; a function would join another's set.
      const ownFile = other.file === use.file && symbol.file !== use.file;
      shadows = otherIsLocal || ownFile || (symbol.kind === 'function' && other.kind === 'function');
    }
    if (shadows) {
      return `renaming to '${newName}' would make the use at ${where(workspace, use)} refer to the ${describe(other)} declared at ${where(workspace, queries.declarationOf(other))}`;
    }
  }
  return undefined;
}

/** A use of something else, named like the new name, that the renamed symbol would capture. */
function capturedUse(workspace: Workspace, queries: Queries, symbol: Symbol, newName: string): string | undefined {
  if (symbol.kind === 'field' || symbol.kind === 'enum-member') return undefined;
  // Where the symbol is visible: its own file for a local, its file and the files importing it otherwise.
  const files = isBlockLevel(symbol) ? [symbol.file] : workspace.knownFiles().filter((f) => f === symbol.file || workspace.imports(f).some((i) => i.resolution.file === symbol.file));
  for (const file of files) {
    for (const use of findUsesOfName(workspace, queries, file, newName)) {
      if (use.symbol === symbol) continue;
      // Declarations are not uses (clashes are found above), and fields and enum members are
      // reached through '.' or their struct literal, which no renamed name can take over.
      if (use.start === queries.declarationOf(use.symbol).start && use.file === use.symbol.file) continue;
      if (use.symbol.kind === 'field' || use.symbol.kind === 'enum-member') continue;
      if (isBlockLevel(symbol)) {
        // Uses inside the local's scope (where its name is visible) would find it instead.
        const ours: VisibleName | undefined = queries.visibleNames(use.file, use.start).find((v) => v.name === symbol.name);
        if (!ours?.symbols.includes(symbol)) continue;
        if (isBlockLevel(use.symbol) && queries.declarationOf(use.symbol).start > queries.declarationOf(symbol).start) continue; // inner: still wins
      } else if (isBlockLevel(use.symbol)) {
        continue; // a local wins over a module-level name
      }
      return `renaming to '${newName}' would capture the use of the ${describe(use.symbol)} '${newName}' at ${where(workspace, use)}`;
    }
  }
  return undefined;
}

/** Declared inside a function: a local, or a nested function. */
function isBlockLevel(symbol: Symbol): boolean {
  return symbol.kind === 'local' || (symbol.kind === 'function' && symbol.nested);
}

/** Uses of any symbol named `name` in a file (items whose text mentions it are checked). */
function findUsesOfName(workspace: Workspace, queries: Queries, file: string, name: string): (Location & { symbol: Symbol })[] {
  const doc = workspace.document(file);
  if (!doc || !doc.text.includes(name)) return [];
  const result: (Location & { symbol: Symbol })[] = [];
  let at = doc.text.indexOf(name);
  while (at >= 0) {
    const before = doc.text[at - 1] ?? ' ';
    const after = doc.text[at + name.length] ?? ' ';
    if (!/[A-Za-z0-9_]/.test(before) && !/[A-Za-z0-9_]/.test(after)) {
      const found = queries.symbolAt(file, at);
      if (found && found.symbol.name === name) result.push({ ...found.range, symbol: found.symbol });
    }
    at = doc.text.indexOf(name, at + name.length);
  }
  return result;
}

function where(workspace: Workspace, location: Location): string {
  const lines: LineIndex | undefined = workspace.document(location.file)?.lineIndex;
  const position = lines?.position(location.start);
  const name = location.file.split(/[\\/]/).pop();
  return position ? `${name}:${position.line + 1}:${position.character + 1}` : String(name);
}

function describe(symbol: Symbol): string {
  switch (symbol.kind) {
    case 'local':
      return localRoleWord(symbol, { loop: 'variable' });
    case 'global':
      return symbol.constant ? 'constant' : 'variable';
    case 'enum-member':
      return 'enum member';
    default:
      return symbol.kind;
  }
}
