// The Zolt requests beside LSP that are not the build's (build.ts) or the graphs' (graphs.ts):
// `zolt/annotations`, `zolt/syntaxTree`, and the `zolt/annotationsChanged` notification. The
// names and shapes are protocol.ts's, shared with the client.

import { RequestType0, type Connection } from 'vscode-languageserver/node';
import type { Session } from '../../ide/session';
import { treeToSexp, type SyntaxDocument } from '../../syntax';
import {
  ANNOTATIONS_CHANGED_NOTIFICATION, ANNOTATIONS_REQUEST, type AnnotationsChangedParams, type AnnotationsResult,
  type SyntaxTreeResult,
} from '../protocol';
import { wireAnnotation } from '../to-proto';

/** `zolt/annotations` takes no parameters (registered as such, the handler gets the token first). */
export const AnnotationsRequest = new RequestType0<AnnotationsResult | null, void>(ANNOTATIONS_REQUEST);

export function handleAnnotations(s: Session): AnnotationsResult {
  return {
    tags: s.settings.annotationTags,
    annotations: s.annotations().flatMap((a) => {
      const doc = s.workspace.document(a.file);
      return doc ? [wireAnnotation(doc, a)] : [];
    }),
  };
}

/** The concrete syntax tree of a document, as `zolt parse` prints it (for grammar work). */
export function handleSyntaxTree(doc: SyntaxDocument): SyntaxTreeResult {
  return { text: treeToSexp(doc.tree, { positions: true, pretty: true }) };
}

/** Sends `zolt/annotationsChanged` when the annotations of changed files differ from before. */
export class AnnotationNotifier {
  /** What each file's annotation list was when last announced (identity tells a change). */
  private readonly announced = new Map<string, unknown>();

  constructor(private readonly connection: Connection) {}

  filesChanged(session: Session, files: readonly string[]): void {
    let changed = false;
    for (const file of files) {
      const list = session.workspace.document(file) ? session.fileAnnotations(file) : undefined;
      if (this.announced.get(file) !== list) changed = true;
      if (list) this.announced.set(file, list);
      else this.announced.delete(file);
    }
    if (changed) void this.connection.sendNotification(ANNOTATIONS_CHANGED_NOTIFICATION, { count: session.annotations().length } satisfies AnnotationsChangedParams);
  }
}
