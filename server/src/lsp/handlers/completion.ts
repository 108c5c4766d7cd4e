// Completion and signature help; server.ts registers them.

import type { CompletionList, CompletionParams, SignatureHelp, SignatureHelpParams } from 'vscode-languageserver/node';
import { completion } from '../../ide/completion';
import type { Session } from '../../ide/session';
import { signatureHelp } from '../../ide/signature-help';
import type { SyntaxDocument } from '../../syntax';
import { offset } from '../from-proto';
import { completionItem, markdown, range } from '../to-proto';

/** Entries that are snippets only for clients that take them (`snippets`). */
export function handleCompletion(s: Session, file: string, doc: SyntaxDocument, p: CompletionParams, snippets: boolean): CompletionList {
  const at = offset(doc, p.position);
  const result = completion(s.workspace, s.queries, file, at);
  const replace = range(doc, result.start, at);
  return {
    isIncomplete: false,
    items: result.entries.filter((e) => snippets || !e.snippet).map((e) => completionItem(e, replace)),
  };
}

export function handleSignatureHelp(s: Session, file: string, doc: SyntaxDocument, p: SignatureHelpParams): SignatureHelp | null {
  const help = signatureHelp(s.workspace, s.queries, file, offset(doc, p.position));
  if (!help) return null;
  return {
    activeSignature: help.activeSignature,
    activeParameter: help.activeParameter,
    signatures: help.signatures.map((sig) => ({
      label: sig.label,
      documentation: sig.documentation ? markdown(sig.documentation) : undefined,
      parameters: sig.parameters.map((range) => ({ label: range })),
    })),
  };
}
