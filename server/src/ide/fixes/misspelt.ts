// Replaces a misspelt name by the closest one that exists there: an undefined name (Z1001) by
// a name visible at that point (a type name by a type), an undefined member (Z1002) by a
// field of the struct, a member of the enum, a declaration of the module, or `len`/`data`.
//
// Closeness is the edit distance with transpositions (`lenght` is one edit from `length`).
// The fix is offered only when one candidate is clearly closest: within a third of the
// name's length (at least one edit), and strictly closer than every other candidate. Two
// names as close as each other are a choice the person makes, not the fix.

import type { Ast } from '../../syntax';
import type { AstNode } from '../../syntax/walk';
import { Code, PRIMITIVES, type ItemCheck, type Queries, type Workspace } from '../../semantics';
import type { ActionRequest, CodeAction } from '../actions';
import { absolute, nodeAt, quickFix, fixEach } from './common';

export function fixMisspelling(request: ActionRequest): CodeAction[] {
  const { workspace, queries, file, diagnostics } = request;
  return fixEach(diagnostics, [Code.UndefinedName, Code.UndefinedMember], (d) => {
    const found = nodeAt(queries, file, d.start, d.end, 'name');
    if (!found || found.node.missing) return undefined;
    const parent = found.path[found.path.length - 2];
    const check = workspace.check(file, found.item);
    const candidates = d.code === Code.UndefinedName
      ? visibleCandidates(queries, file, d.start, parent?.kind === 'named-type')
      : memberCandidates(workspace, check, found.node, parent, found.path[found.path.length - 3]);
    const best = closest(found.node.text, candidates);
    if (best === undefined) return undefined;
    const range = absolute(found.item, found.node.span);
    return quickFix(`Change '${found.node.text}' to '${best}'`, file, [{ ...range, text: best }], d, true);
  });
}

/** The names visible at the offset; where a type is expected, only the names of types. */
function visibleCandidates(queries: Queries, file: string, offset: number, typesOnly: boolean): string[] {
  const visible = queries.visibleNames(file, offset);
  if (!typesOnly) return visible.map((v) => v.name);
  const types = visible.filter((v) => v.symbols.some((s) => s.kind === 'struct' || s.kind === 'enum' || s.kind === 'module')).map((v) => v.name);
  return [...types, ...PRIMITIVES.keys()];
}

/** The members the object of an undefined member has, by what the name is a member of. */
function memberCandidates(workspace: Workspace, check: ItemCheck, name: Ast.Name, parent: AstNode | undefined, grandparent: AstNode | undefined): string[] {
  if (parent?.kind === 'field-init' && parent.name === name && grandparent?.kind === 'struct-literal') {
    const type = check.types.get(grandparent.id);
    const given = new Set(grandparent.fields.flatMap((f) => (f.name ? [f.name.text] : [])));
    return type?.kind === 'struct' ? type.symbol.fields.map((f) => f.name).filter((f) => !given.has(f)) : [];
  }
  if (parent?.kind === 'implicit-member') {
    const enums = check.enumsExpected.get(parent.id) ?? [];
    return enums.length === 1 ? enums[0]!.members.map((m) => m.name) : [];
  }
  if (parent?.kind !== 'member' || parent.member !== name) return [];
  const object = check.types.get(parent.object.id);
  const base = object?.kind === 'pointer' ? object.to : object;
  switch (base?.kind) {
    case 'struct':
      return base.symbol.fields.map((f) => f.name);
    case 'type':
      return base.type.kind === 'enum' ? base.type.symbol.members.map((m) => m.name) : [];
    case 'module':
      return base.symbol.target ? workspace.declarations(base.symbol.target).filter((s) => s.kind !== 'module').map((s) => s.name) : [];
    case 'string':
    case 'slice':
    case 'array':
      return ['len', 'data'];
    default:
      return [];
  }
}

/** The one candidate clearly closest to `name`, if there is one. */
export function closest(name: string, candidates: readonly string[]): string | undefined {
  const limit = Math.max(1, Math.floor(name.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  let tied = false;
  for (const candidate of new Set(candidates)) {
    if (candidate === name) continue;
    const distance = editDistance(name, candidate);
    if (distance < bestDistance) {
      [best, bestDistance, tied] = [candidate, distance, false];
    } else if (distance === bestDistance) {
      tied = true;
    }
  }
  return best !== undefined && !tied && bestDistance <= limit ? best : undefined;
}

/** The optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = d;
    }
  }
  return rows[a.length]![b.length]!;
}
