// Verified comments (docs/verified-comments.md): which code each comment speaks for, which
// comments went stale since a commit, and the two ways out, an affirmation or a TODO.
export { commentScopes, type CommentScope, type ScopeKind } from './scopes';
export { staleComments, fingerprint, type Fingerprint, type StaleComment } from './stale';
export { parseVerified, affirmedIn, recordAffirmations, VERIFIED_PATH, type Affirmation } from './verified';
export { todoEdit, TODO_PREFIX } from './todo';
export { scopesOfText, staleInText } from './analysis';
export { significantTokens, tokensHash, shortHash } from './tokens';
