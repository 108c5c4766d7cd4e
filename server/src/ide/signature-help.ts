// Signature help: inside a call's argument list, every function of the overload set, the one
// resolution chose active, and the parameter the cursor is on.

import type { Queries, Workspace } from '../semantics';
import { docOf, functionSignature } from './describe';

export interface SignatureInfo {
  readonly label: string;
  /** Each parameter as [start, end) offsets into the label. */
  readonly parameters: readonly [number, number][];
  readonly documentation: string | undefined;
}

export interface SignatureHelp {
  readonly signatures: readonly SignatureInfo[];
  readonly activeSignature: number;
  readonly activeParameter: number;
}

export function signatureHelp(workspace: Workspace, queries: Queries, file: string, offset: number): SignatureHelp | undefined {
  const call = queries.callAt(file, offset);
  if (!call || call.info.candidates.length === 0) return undefined;
  const signatures = call.info.candidates.map((fn): SignatureInfo => {
    const label = functionSignature(workspace, fn);
    // Parameter ranges within `fn name(a: T, b: U) -> R`.
    const parameters: [number, number][] = [];
    let at = label.indexOf('(') + 1;
    const names = fn.decl.params.map((p) => p.name.text);
    if (fn.decl.variadic) names.push('...');
    for (const name of names) {
      const start = label.indexOf(name, at);
      if (start < 0) break;
      const comma = label.indexOf(', ', start);
      const close = label.lastIndexOf(')');
      const end = comma >= 0 && comma < close ? comma : close;
      parameters.push([start, end]);
      at = end;
    }
    return { label, parameters, documentation: docOf(fn) };
  });
  const chosen = call.info.chosen ? call.info.candidates.indexOf(call.info.chosen) : -1;
  // Without a resolution yet (the call is being typed), the first candidate with enough parameters.
  const fallback = call.info.candidates.findIndex((fn) => fn.decl.params.length > call.activeArgument || fn.decl.variadic);
  const active = chosen >= 0 ? chosen : Math.max(0, fallback);
  const activeFn = call.info.candidates[active]!;
  const paramCount = activeFn.decl.params.length;
  const activeParameter = activeFn.decl.variadic ? Math.min(call.activeArgument, paramCount) : Math.min(call.activeArgument, Math.max(0, paramCount - 1));
  return { signatures, activeSignature: active, activeParameter };
}
