// The two ways out of a stale comment, as quick fixes on its diagnostic: "Affirm comment"
// records it in .zolt/verified (an edit of that file, created when missing), "Turn into TODO"
// tags it `TODO(verify):` in place.

import * as path from 'node:path';
import { Code } from '../../semantics/codes';
import { editsIn, type ActionProvider, type CodeAction } from '../actions';
import { commentScopes } from './scopes';
import { fingerprint } from './stale';
import { findRepositoryRoot, readVerifiedFile, repositoryPath } from './store';
import { todoEdit } from './todo';
import { recordAffirmations, VERIFIED_PATH } from './verified';

export const staleCommentActions: ActionProvider = (request) => {
  const stale = request.diagnostics.filter((d) => d.code === Code.StaleComment);
  const doc = stale.length > 0 ? request.workspace.document(request.file) : undefined;
  if (!doc) return [];
  const scopes = commentScopes(doc.tree.rootNode, doc.text);
  const root = findRepositoryRoot(request.file);
  const actions: CodeAction[] = [];
  for (const d of stale) {
    const scope = scopes.find((s) => s.start === d.start);
    if (!scope) continue;
    if (root !== undefined) {
      const verified = readVerifiedFile(root);
      const next = recordAffirmations(verified, repositoryPath(root, request.file), [fingerprint(scope)], scopes.map(fingerprint));
      actions.push({
        title: 'Affirm comment', kind: 'quickfix', diagnostics: [d],
        edits: editsIn(path.join(root, VERIFIED_PATH), [{ start: 0, end: verified.length, text: next }]),
      });
    }
    actions.push({ title: 'Turn into TODO', kind: 'quickfix', diagnostics: [d], edits: editsIn(request.file, [todoEdit(doc.text, scope.start)]) });
  }
  return actions;
};
