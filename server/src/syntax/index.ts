// The syntax layer's public surface.
export { loadGrammar, grammarWasmPath, grammarQueriesDir, type ZoltGrammar } from './language';
export { treeToSexp, nodeToSexp, cursorToSexp, type CursorLike, type SexpOptions } from './sexp';
export type * as Ast from './ast';
export { SyntaxDocument, type TextChange, type Trailer, type SyntaxStats } from './document';
export { LineIndex, type Position } from './line-index';
export { type Diagnostic, type Related, type Severity, SyntaxCode, shiftDiagnostic } from './diagnostic';
export { lowerItem, MAX_DEPTH, type LoweredItem, type Comment } from './lower';
export type { Item } from './ast';
export { KEYWORDS, stringBytes } from './literals';
export { children, pathAt, returnsValue, walk, type AstNode } from './walk';
