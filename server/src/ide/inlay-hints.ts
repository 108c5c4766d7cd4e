// Inlay hints: the inferred type of a variable declared without one, parameter names at call
// arguments (not when the argument already says it), the types a generic function is
// instantiated with at a call, and (off by default) after the closing `}` of a long function,
// struct, enum or statement block, what it closes (`fn main`, `while i < n`), as
// rust-analyzer's closing brace hints do.

import { walk, type Ast, type AstNode, type LoweredItem, type SyntaxDocument } from '../syntax';
import { isPoison, typeToString, type Workspace } from '../semantics';

export interface InlayHint {
  readonly offset: number;
  readonly label: string;
  readonly kind: 'type' | 'parameter' | 'closing';
  /** Whether a space belongs before / after the label. */
  readonly paddingLeft: boolean;
  readonly paddingRight: boolean;
}

export interface InlayOptions {
  readonly variableTypes?: boolean;
  readonly parameterNames?: boolean;
  readonly instantiations?: boolean;
  /** What a `}` closes, after it (off unless true). */
  readonly closingBraces?: boolean;
  /** Only for braces this many lines or more below their opening line (default 25). */
  readonly closingBraceMinLines?: number;
}

export function inlayHints(workspace: Workspace, file: string, start: number, end: number, options: InlayOptions = {}): InlayHint[] {
  const doc = workspace.document(file);
  if (!doc) return [];
  const hints: InlayHint[] = [];
  for (const item of doc.items) {
    if (item.start + item.length < start || item.start > end) continue;
    const check = workspace.check(file, item);
    const base = item.start;
    if (options.closingBraces === true) hints.push(...closingHints(doc, item, options.closingBraceMinLines ?? 25));
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

/** A hint after each `}` that closes something at least `minLines` below its first line. */
function closingHints(doc: SyntaxDocument, item: LoweredItem, minLines: number): InlayHint[] {
  const hints: InlayHint[] = [];
  const text = doc.text;
  const add = (node: AstNode, label: string) => {
    const start = item.start + node.span.start;
    const end = item.start + node.span.end;
    if (text[end - 1] !== '}') return; // no closing brace (an error)
    if (doc.lineIndex.position(end).line - doc.lineIndex.position(start).line < minLines) return;
    hints.push({ offset: end, label, kind: 'closing', paddingLeft: true, paddingRight: false });
  };
  const head = (e: Ast.Expr) => oneLine(text.slice(item.start + e.span.start, item.start + e.span.end));
  walk(item.decl, (node) => {
    switch (node.kind) {
      case 'function': if (node.body) add(node, `fn ${node.name.text}`); break;
      case 'struct': add(node, `struct ${node.name.text}`); break;
      case 'enum': add(node, `enum ${node.name.text}`); break;
      case 'if': add(node.then, `if ${head(node.condition)}`); break;
      case 'while': add(node, `while ${head(node.condition)}`); break;
      case 'for': add(node, `for ${node.index ? `${node.index.text}, ` : ''}${node.item.text} in ${head(node.iterable)}`); break;
      case 'switch': add(node, `switch ${head(node.value)}`); break;
    }
  });
  return hints;
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ');
  return line.length > 30 ? `${line.slice(0, 29)}…` : line;
}
