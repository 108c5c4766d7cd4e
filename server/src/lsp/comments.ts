// Stale comments in the language server (server.ts creates it with the session): the
// verifier of ide/comments/live.ts feeds the session's diagnostics, and asks for a new
// publication of the files whose stale comments changed (a commit, an affirmation, the
// commit's old text loaded). The `zolt.comments.verify` setting turns it on and off.

import { CommentVerifier } from '../ide/comments/live';
export { commentsSetting } from '../ide/comments/live';
import type { Session } from '../ide/session';
import type { ZoltGrammar } from '../syntax';

export function verifyComments(session: Session, grammar: ZoltGrammar, republish: (files: readonly string[]) => void): CommentVerifier {
  const verifier = new CommentVerifier({ grammar, changed: (files) => republish(files.filter((f) => session.workspace.document(f))) });
  session.extraDiagnostics = (file) => {
    const doc = session.workspace.document(file);
    return doc ? verifier.diagnostics(doc) : [];
  };
  return verifier;
}
