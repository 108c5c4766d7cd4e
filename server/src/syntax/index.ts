// The syntax layer's public surface.
export { loadGrammar, grammarWasmPath, grammarQueriesDir, type ZoltGrammar } from './language';
export { treeToSexp, nodeToSexp, cursorToSexp, type CursorLike, type SexpOptions } from './sexp';
