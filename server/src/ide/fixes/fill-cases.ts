// Fills the missing cases of a switch over an enum (Z3003): one `case .Member {}` per member
// no case handles, in the enum's order, after the last case. An empty body does what the
// switch did for those members before (nothing: the value went past the switch), so the fix
// only makes the switch say so; what each case should do is the author's to write, which is
// why "fix all" leaves this one alone.

import type { Ast, Diagnostic } from '../../syntax';
import { Code, type EnumSymbol, type ItemCheck, type Queries, type Workspace } from '../../semantics';
import type { ActionRequest, CodeAction, TextEdit } from '../actions';
import { exactNode, indentAt, INDENT, isNotName, quickFix, fixEach } from './common';

export function fillCases(request: ActionRequest): CodeAction[] {
  const { workspace, queries, file, diagnostics } = request;
  return fixEach(diagnostics, [Code.NonExhaustive], (d) => fillCasesAt(workspace, queries, file, d));
}

function fillCasesAt(workspace: Workspace, queries: Queries, file: string, d: Diagnostic): CodeAction | undefined {
  const found = exactNode(queries, file, d.start, d.end, isNotName);
  const statement = found?.path[found.path.length - 2];
  if (!found || statement?.kind !== 'switch' || statement.value !== found.node || statement.otherwise) return undefined;
  const type = workspace.check(file, found.item).types.get(statement.value.id);
  if (type?.kind !== 'enum') return undefined;
  const missing = missingMembers(workspace.check(file, found.item), statement, type.symbol);
  if (missing.length === 0) return undefined;
  const edit = insertCases(workspace.document(file)!.text, found.item.start, statement, missing);
  if (!edit) return undefined;
  const title = `Add the missing case${missing.length === 1 ? '' : 's'} ${missing.map((m) => `.${m}`).join(', ')}`;
  return quickFix(title, file, [edit], d, true);
}

/** The members of the enum that no case names, in declaration order. */
function missingMembers(check: ItemCheck, statement: Ast.SwitchStmt, symbol: EnumSymbol): string[] {
  const handled = new Set<string>();
  for (const c of statement.cases) {
    for (const v of c.values) {
      const member = v.kind === 'implicit-member' || v.kind === 'member' ? check.refs.get(v.member.id) : undefined;
      if (member?.kind === 'enum-member') handled.add(member.name);
    }
  }
  return symbol.members.map((m) => m.name).filter((m) => !handled.has(m));
}

/** The edit that adds `case .M {}` lines at the end of the switch, indented one level in. */
function insertCases(text: string, base: number, statement: Ast.SwitchStmt, members: readonly string[]): TextEdit | undefined {
  const caseIndent = indentAt(text, base + statement.span.start) + INDENT;
  const lines = members.map((m) => `${caseIndent}case .${m} {}`);
  const last = statement.cases[statement.cases.length - 1];
  if (last) {
    const at = base + last.span.end;
    return { start: at, end: at, text: lines.map((l) => `\n${l}`).join('') };
  }
  // No case yet: the braces hold only whitespace (or a comment, which is left to the author).
  const close = base + statement.span.end - 1;
  const open = text.lastIndexOf('{', close);
  if (open < base + statement.value.span.end || text.slice(open + 1, close).trim() !== '') return undefined;
  return { start: open + 1, end: close, text: `\n${lines.join('\n')}\n${indentAt(text, base + statement.span.start)}` };
}
