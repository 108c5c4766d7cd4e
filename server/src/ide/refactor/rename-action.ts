// Rename as a code action (refactor.rewrite): "Rename 'x'..." on any renamable symbol, which
// opens the editor's own rename box there (the action carries a command, not edits: the new
// name is the user's to type). Where the symbol cannot be renamed the action is disabled with
// the reason prepareRename gives. Offered at a name only, never on a selection.

import type { ActionRequest, CodeAction } from '../actions';
import { prepareRename } from '../rename';

export function renameActions(request: ActionRequest): CodeAction[] {
  if (request.start !== request.end) return [];
  const at = request.queries.symbolAt(request.file, request.start);
  if (!at) return [];
  const title = `Rename '${at.symbol.name}'...`;
  const prepared = prepareRename(request.workspace, request.queries, request.file, request.start);
  if (!prepared.ok) return [{ title, kind: 'refactor.rewrite', disabled: prepared.message }];
  return [{ title, kind: 'refactor.rewrite', command: { name: 'rename', file: request.file, offset: prepared.start } }];
}
