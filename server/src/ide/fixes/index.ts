// The quick fixes, one file each, and "fix all": the fixes that are safe to apply at once.
//
// "Fix all" (kind source.fixAll, what an editor may run on save) applies only fixes that need
// no choice and cannot change what the program does: removing unused imports (unless a
// global of the imported files runs a call when the program starts) and unused local
// variables and constants (their statement goes when its value cannot do anything, a call
// stays as a statement). Everything else needs a person: the cases a switch is missing need
// bodies, a cast may lose part of a value, a misspelling or an import guesses what was
// meant, the missing fields of a literal are fine as zero, and an explicit type is a matter
// of taste.

import type { Diagnostic } from '../../syntax';
import { Code, type Queries, type Workspace } from '../../semantics';
import type { ActionProvider, CodeAction, TextEdit } from '../actions';
import { editsIn } from '../actions';
import { addCast } from './add-cast';
import { addImport } from './add-import';
import { addExplicitType } from './add-type';
import { fillCases } from './fill-cases';
import { fillFields } from './fill-fields';
import { fixMisspelling } from './misspelt';
import { importRemoval, localRemoval, removeUnused } from './remove-unused';

export const QUICK_FIXES: readonly ActionProvider[] = [fillCases, fillFields, addImport, removeUnused, addExplicitType, addCast, fixMisspelling];

/** One action applying every safe fix of the file, or nothing when there is none. */
export function fixAll(workspace: Workspace, queries: Queries, file: string): CodeAction | undefined {
  const all = workspace.diagnostics(file);
  const fixed = all.filter((d) => d.code === Code.Unused || d.code === Code.UnusedImport);
  const edits: TextEdit[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const d of fixed) {
    const edit = d.code === Code.Unused ? safeLocalRemoval(workspace, queries, file, d) : safeImportRemoval(workspace, queries, file, d);
    if (!edit || edits.some((e) => e.start < edit.end && edit.start < e.end)) continue;
    edits.push(edit);
    diagnostics.push(d);
  }
  if (edits.length === 0) return undefined;
  return { title: 'Fix all: remove unused imports and locals', kind: 'source.fixAll', edits: editsIn(file, edits), diagnostics };
}

function safeLocalRemoval(...args: Parameters<typeof localRemoval>): TextEdit | undefined {
  const removal = localRemoval(...args);
  return removal?.kind === 'edit' ? removal.edit : undefined;
}

function safeImportRemoval(...args: Parameters<typeof importRemoval>): TextEdit | undefined {
  const removal = importRemoval(...args);
  return removal && 'edit' in removal ? removal.edit : undefined;
}
