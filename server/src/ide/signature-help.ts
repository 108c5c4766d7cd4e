// Signature help: inside a call's argument list, every function of the overload set, the one
// resolution chose active, and the parameter the cursor is on; for a call through a
// function-typed value, its type.

import { typeToString, type FunctionType, type Queries, type Workspace } from '../semantics';
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
  if (!call) return undefined;
  if (call.info.candidates.length === 0) {
    // A call through a function-typed value (a variable, parameter or field): no overload set, its type is the signature.
    return call.info.signature ? valueCallHelp(call.info.signature, call.activeArgument) : undefined;
  }
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
  const activeParameter = parameterOf(call.activeArgument, activeFn.decl.params.length, activeFn.decl.variadic !== undefined);
  return { signatures, activeSignature: active, activeParameter };
}

/**
 * The one signature of a call through a function-typed value, labelled with the type as Zolt
 * writes it (`fn(i64, bool) -> i64`): a function type names no parameters, so each
 * parameter's range is its type.
 */
function valueCallHelp(type: FunctionType, activeArgument: number): SignatureHelp {
  const label = typeToString(type);
  // typeToString writes `fn(` and then the parameters' own strings joined by `, `.
  const pieces = type.params.map(typeToString);
  if (type.variadic) pieces.push('...');
  const parameters: [number, number][] = [];
  let at = 'fn('.length;
  for (const piece of pieces) {
    parameters.push([at, at + piece.length]);
    at += piece.length + ', '.length;
  }
  const signature: SignatureInfo = { label, parameters, documentation: undefined };
  return { signatures: [signature], activeSignature: 0, activeParameter: parameterOf(activeArgument, type.params.length, type.variadic) };
}

/** The parameter an argument goes to: past the last, the last (or the `...` of a variadic function). */
function parameterOf(activeArgument: number, paramCount: number, variadic: boolean): number {
  return variadic ? Math.min(activeArgument, paramCount) : Math.min(activeArgument, Math.max(0, paramCount - 1));
}
