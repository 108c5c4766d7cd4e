// The `zolt/dot` request, the protocol side of ide/graphs (server.ts registers it): a Graphviz
// graph of the program an open document starts (the call graph, the IR) or of the function the
// position is in (its control-flow graph), or the document's syntax tree, as `zolt dot` draws
// them. It works on the documents as the editor has them (unsaved edits included), elaborating
// the document's file with every function as a root, so that a file without `main` is drawn as
// a library. Nodes name their place as `URI:line:col` (1-based). Why there is no graph (errors in
// the program, no function at the position) is an answer, not a protocol error: the editor shows
// it where the graph would be.

import * as path from 'node:path';
import { RequestType } from 'vscode-languageserver/node';
import { errorSummary } from '../../build/program';
import { astDot, declarationAt, functionsDeclaredAt, GRAPH_KINDS, lowerForGraphs, programDot } from '../../ide/graphs';
import type { Session } from '../../ide/session';
import { elaborate } from '../../semantics/elaborate';
import type { SyntaxDocument } from '../../syntax';
import { DOT_REQUEST, type DotParams, type DotResult } from '../protocol';
import { toUri } from '../to-proto';

/** Null when the server does not know the document. */
export const DotRequest = new RequestType<DotParams, DotResult | null, void>(DOT_REQUEST);

const locate = (file: string, line: number, column: number): string => `${toUri(file)}:${line}:${column}`;

/** Answers `zolt/dot` for an open (or indexed) document. */
export function handleDot(session: Session, file: string, doc: SyntaxDocument, params: DotParams): DotResult {
  const name = path.basename(file);
  if (!(GRAPH_KINDS as readonly string[]).includes(params.kind)) return { error: `no graph of kind '${String(params.kind)}' (${GRAPH_KINDS.join(', ')})` };
  if (params.kind === 'ast') return { dot: astDot(doc, file, locate)!, title: `Syntax tree: ${name}` };
  const elaboration = elaborate(session.workspace, file, { roots: 'all' });
  if (!elaboration.ok) return { error: `No graph: ${elaboration.message ?? errorSummary(elaboration.errors)}.` };
  try {
    const program = lowerForGraphs(session.workspace, elaboration.program);
    if (params.kind !== 'cfg') return { dot: programDot(program, params.kind, undefined, locate), title: `${params.kind === 'calls' ? 'Calls' : 'IR'}: ${name}` };
    const at = params.position && declarationAt(doc, params.position.line, params.position.character);
    if (!at) return { error: 'No graph: the cursor is not in a function.' };
    const functions = functionsDeclaredAt(program, file, at.line, at.column);
    if (functions.length === 0) return { error: `No graph: '${at.name}' is generic, and the program uses no instance of it.` };
    return { dot: programDot(program, 'cfg', functions, locate), title: `CFG: ${at.name}` };
  } catch (error) {
    // A compiler bug, not the program's fault.
    return { error: `No graph: the compiler failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}
