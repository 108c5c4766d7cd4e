// Whether what the user typed at the REPL is a whole input, or goes on on the next line: it
// does while a bracket, parenthesis or brace is open, a string or character literal is open at
// the end of the text, or a block comment (they nest) is. Strings, characters and comments
// are skipped, so a `{` inside them opens nothing. A closer with no opener makes the input
// complete (it is an error the parser reports). Pure: the fixtures in test/cli spell it out.

export interface Scan {
  /** Brackets open at the end (negative: more closed than opened). */
  readonly depth: number;
  /** A string or character literal is open at the end of the text. */
  readonly openLiteral: boolean;
  /** Block comments open at the end. */
  readonly openComments: number;
  /** The last character that is not whitespace or inside a comment, or '' if none. */
  readonly last: string;
}

const OPENERS = '([{';
const CLOSERS = ')]}';

export function scan(text: string): Scan {
  let depth = 0;
  let comments = 0;
  let literal: '"' | "'" | undefined;
  let last = '';
  let lowest = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const next = text[i + 1];
    if (comments > 0) {
      if (c === '/' && next === '*') {
        comments++;
        i++;
      } else if (c === '*' && next === '/') {
        comments--;
        i++;
      }
      continue;
    }
    if (literal) {
      if (c === '\\') i++;
      else if (c === literal || c === '\n') literal = undefined; // a literal ends at its line's end
      if (literal === undefined) last = c;
      continue;
    }
    if (c === '/' && next === '/') {
      const end = text.indexOf('\n', i);
      if (end < 0) break;
      i = end;
      continue;
    }
    if (c === '/' && next === '*') {
      comments = 1;
      i++;
      continue;
    }
    if (c === '"' || c === "'") literal = c;
    else if (OPENERS.includes(c)) depth++;
    else if (CLOSERS.includes(c)) lowest = Math.min(lowest, --depth);
    if (!/\s/.test(c)) last = c;
  }
  return { depth: lowest < 0 ? lowest : depth, openLiteral: literal !== undefined, openComments: comments, last };
}

/** Whether the text is a whole input (nothing open at its end). */
export function isComplete(text: string): boolean {
  const s = scan(text);
  return s.depth <= 0 && !s.openLiteral && s.openComments === 0;
}
