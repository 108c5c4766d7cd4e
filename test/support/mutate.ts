// Seeded mutations of source text for the fuzz tests: token deletions, insertions and swaps,
// random characters, duplicated and deleted lines.

const TOKEN = /[A-Za-z_][A-Za-z0-9_]*|[0-9][0-9_.]*|"[^"\n]*"|'[^'\n]*'|\/\/[^\n]*|\.\.=?|->|[-+*/%&|^!=<>]=?|&&|\|\||[(){}[\];,.:]/g;
const VOCABULARY = ['fn', 'var', 'const', 'return', 'if', 'else', 'for', 'in', 'while', 'switch', 'case', 'struct', 'enum', 'defer', 'using', 'push_context', 'break', 'continue', 'context', 'null', 'as', '(', ')', '{', '}', '[', ']', ';', ',', '.', ':', '=', '+', '..', '->', 'x', 'main', 'i64', 'f64', '*', '&', '"s"', "'c'", '0', '1.5', 'Vec2', '.Free', 'sum', 'println'];

export function mutate(text: string, random: () => number): { start: number; end: number; text: string } {
  const tokens = [...text.matchAll(TOKEN)];
  const pick = () => tokens[Math.floor(random() * tokens.length)];
  const choice = random();
  if (tokens.length === 0 || choice < 0.05) {
    const at = Math.floor(random() * (text.length + 1));
    const chars = ['\0', '\uFFFD', '😀', '\\', '"', "'", '/*', '*/', '\n', '@', '#', '$', '`'];
    return { start: at, end: at, text: chars[Math.floor(random() * chars.length)]! };
  }
  const token = pick()!;
  const start = token.index!;
  const end = start + token[0].length;
  if (choice < 0.35) return { start, end, text: '' };
  if (choice < 0.65) return { start, end: start, text: `${VOCABULARY[Math.floor(random() * VOCABULARY.length)]} ` };
  if (choice < 0.8) {
    const other = pick()!;
    return { start, end, text: other[0] };
  }
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const lineEnd = text.indexOf('\n', start) < 0 ? text.length : text.indexOf('\n', start) + 1;
  if (choice < 0.9) return { start: lineStart, end: lineStart, text: text.slice(lineStart, lineEnd) };
  return { start: lineStart, end: lineEnd, text: '' };
}

