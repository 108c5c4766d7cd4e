// Inlay hints: the inferred type of a variable declared without one, parameter names at call
// arguments (not when the argument already says it), and the types a generic function is
// instantiated with at a call.

import { walk, type Ast } from '../syntax';
import { isPoison, typeToString, type Workspace } from '../semantics';

export interface InlayHint {
  readonly offset: number;
  readonly label: string;
  readonly kind: 'type' | 'parameter';
  /** Whether a space belongs before / after the label. */
  readonly paddingLeft: boolean;
  readonly paddingRight: boolean;
}

export interface InlayOptions {
  readonly variableTypes?: boolean;
  readonly parameterNames?: boolean;
  readonly instantiations?: boolean;
}

export function inlayHints(workspace: Workspace, file: string, start: number, end: number, options: InlayOptions = {}): InlayHint[] {
  const doc = workspace.document(file);
  if (!doc) return [];
  const hints: InlayHint[] = [];
  for (const item of doc.items) {
    if (item.start + item.length < start || item.start > end) continue;
    const check = workspace.check(file, item);
    const base = item.start;
    walk(item.decl, (node) => {
      if ((node.kind === 'var' || node.kind === 'const') && !node.type && options.variableTypes !== false) {
        const type = check.types.get(node.name.id);
        if (type && !isPoison(type)) hints.push({ offset: base + node.name.span.end, label: `: ${typeToString(type)}`, kind: 'type', paddingLeft: false, paddingRight: false });
      }
      if (node.kind === 'for' && options.variableTypes !== false) {
        const type = check.types.get(node.item.id);
        if (type && !isPoison(type)) hints.push({ offset: base + node.item.span.end, label: `: ${typeToString(type)}`, kind: 'type', paddingLeft: false, paddingRight: false });
      }
      if (node.kind === 'call') {
        const info = check.calls.get(node.id);
        const fn = info?.chosen;
        if (!fn || fn.foreign === 'builtin') return;
        if (options.parameterNames !== false && node.args.length > 1) {
          node.args.forEach((arg, i) => {
            const param = fn.decl.params[i];
            if (!param || argumentNames(arg, param.name.text)) return;
            hints.push({ offset: base + arg.span.start, label: `${param.name.text}:`, kind: 'parameter', paddingLeft: false, paddingRight: true });
          });
        }
        if (fn.generic && info.signature && !isPoison(info.signature) && options.instantiations !== false) {
          const calleeEnd = base + node.callee.span.end;
          hints.push({ offset: calleeEnd, label: `<${info.signature.params.map(typeToString).join(', ')}>`, kind: 'type', paddingLeft: false, paddingRight: false });
        }
      }
    });
  }
  return hints.filter((h) => h.offset >= start && h.offset <= end).sort((a, b) => a.offset - b.offset);
}

/** Whether the argument already shows the parameter's name (`f(count)` for `count`). */
function argumentNames(arg: Ast.Expr, name: string): boolean {
  if (arg.kind === 'name-expr') return arg.name.text === name;
  if (arg.kind === 'member') return arg.member.text === name;
  if (arg.kind === 'unary' && arg.operator === '&') return argumentNames(arg.operand, name);
  return false;
}
