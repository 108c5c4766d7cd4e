// Every code action at a range: the refactorings (ide/refactor/) and the quick fixes
// (ide/fixes/), filtered by the kinds the caller asked for. The source-level "fix all" is
// asked for by kind (`source.fixAll`), never offered at a cursor.

import { kindMatches, type ActionRequest, type CodeAction } from './actions';
import { QUICK_FIXES, fixAll } from './fixes';
import { staleCommentActions } from './comments/actions';
import { REFACTORINGS } from './refactor';

export function codeActions(request: ActionRequest, only?: readonly string[]): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const provide of [...QUICK_FIXES, staleCommentActions, ...REFACTORINGS]) {
    for (const action of provide(request)) if (kindMatches(action.kind, only)) actions.push(action);
  }
  if (only?.some((o) => o === 'source' || o === 'source.fixAll')) {
    const all = fixAll(request.workspace, request.queries, request.file);
    if (all) actions.push(all);
  }
  return actions;
}
