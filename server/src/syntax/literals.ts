// Reading literal tokens. The grammar's literal tokens are deliberately permissive (a string
// may lack its closing quote, `0b102` is one token), so that the parser stays calm and this
// module can say precisely what is wrong.

import { SyntaxCode, type Diagnostic } from './diagnostic';

export interface LiteralProblem {
  /** Offsets relative to the start of the token. */
  start: number;
  end: number;
  code: 'escape' | 'number' | 'char' | 'unterminated';
  message: string;
}

export const KEYWORDS: ReadonlySet<string> = new Set([
  'as', 'break', 'case', 'const', 'context', 'continue', 'defer', 'else', 'enum', 'false', 'fn', 'for',
  'foreign', 'if', 'import', 'in', 'null', 'push_context', 'return', 'struct', 'switch', 'true',
  'unreachable', 'using', 'var', 'while',
]);

const U64_MAX = (1n << 64n) - 1n;

const BASES = { x: { radix: 16, name: 'hexadecimal', digit: /[0-9a-fA-F]/ }, b: { radix: 2, name: 'binary', digit: /[01]/ }, o: { radix: 8, name: 'octal', digit: /[0-7]/ } } as const;

/** The value of an integer literal, or a problem. Values up to u64's maximum are accepted. */
export function readInteger(text: string): { value: bigint } | LiteralProblem {
  const prefix = /^0[xXbBoO]/.test(text) ? (text[1]!.toLowerCase() as 'x' | 'b' | 'o') : undefined;
  const base = prefix ? BASES[prefix] : { radix: 10, name: 'decimal', digit: /[0-9]/ };
  const digits = prefix ? text.slice(2) : text;
  let value = 0n;
  let count = 0;
  for (let i = 0; i < digits.length; i++) {
    const ch = digits[i]!;
    if (ch === '_') continue;
    const at = i + (prefix ? 2 : 0);
    if (!base.digit.test(ch)) {
      return { start: at, end: at + 1, code: 'number', message: `invalid digit '${ch}' in ${base.name} literal` };
    }
    value = value * BigInt(base.radix) + BigInt(parseInt(ch, base.radix));
    count++;
  }
  if (count === 0) return { start: 0, end: text.length, code: 'number', message: `${base.name} literal has no digits` };
  if (value > U64_MAX) return { start: 0, end: text.length, code: 'number', message: 'integer literal is too large (the largest is 18446744073709551615)' };
  return { value };
}

export function readFloat(text: string): number {
  return Number(text.replace(/_/g, ''));
}

/**
 * Resolves the escapes of a string or character literal's body (the text between the quotes).
 * `offset` is where the body starts within the token, for problem positions. In a string, `\xHH`
 * is a byte: one of 0x80 and above, which is no character by itself, is kept as the lone
 * surrogate U+DC00 + HH (Python's "surrogateescape"), so that `stringBytes` can give it back
 * exactly.
 */
export function unescape(body: string, offset: number, bytes = false): { value: string; problems: LiteralProblem[] } {
  let value = '';
  const problems: LiteralProblem[] = [];
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch !== '\\') {
      value += ch;
      continue;
    }
    const next = body[i + 1];
    const simple: Record<string, string> = { n: '\n', r: '\r', t: '\t', '0': '\0', '\\': '\\', '"': '"', "'": "'", e: '\x1b' };
    if (next !== undefined && next in simple) {
      value += simple[next];
      i++;
      continue;
    }
    if (next === 'x') {
      const hex = /^[0-9a-fA-F]{2}/.exec(body.slice(i + 2));
      if (hex) {
        const byte = parseInt(hex[0], 16);
        value += String.fromCharCode(bytes && byte >= 0x80 ? 0xdc00 + byte : byte);
        i += 3;
        continue;
      }
      problems.push({ start: offset + i, end: offset + Math.min(body.length, i + 4), code: 'escape', message: "'\\x' needs exactly two hexadecimal digits" });
      value += '\\';
      continue;
    }
    if (next === 'u') {
      const m = /^\{([0-9a-fA-F]{1,6})\}/.exec(body.slice(i + 2));
      const code = m ? parseInt(m[1]!, 16) : NaN;
      if (m && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff)) {
        value += String.fromCodePoint(code);
        i += 1 + m[0].length;
        continue;
      }
      const end = m ? i + 2 + m[0].length : i + 2;
      problems.push({
        start: offset + i,
        end: offset + end,
        code: 'escape',
        message: m ? `'\\u{${m[1]}}' is not a Unicode scalar value` : "'\\u' needs the form \\u{1F600} (1 to 6 hexadecimal digits)",
      });
      value += '\\';
      continue;
    }
    const shown = next === undefined ? '\\' : `\\${next}`;
    problems.push({ start: offset + i, end: offset + i + shown.length, code: 'escape', message: `invalid escape sequence '${shown}'` });
    value += '\\';
  }
  return { value, problems };
}

/** A string literal token: its value and problems (unterminated, bad escapes). */
export function readString(token: string): { value: string; problems: LiteralProblem[] } {
  const terminated = token.length >= 2 && token.endsWith('"') && !endsWithEscape(token.slice(1, -1));
  const body = terminated ? token.slice(1, -1) : token.slice(1);
  const result = unescape(body, 1, true);
  if (!terminated) result.problems.unshift({ start: 0, end: token.length, code: 'unterminated', message: 'unterminated string literal: add the closing \'"\'' });
  return result;
}

/** A string literal's bytes: its value in UTF-8, with the bytes of `\xHH` escapes as they were written. */
export function stringBytes(value: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    if (unit >= 0xdc80 && unit <= 0xdcff) {
      out.push(unit - 0xdc00);
      continue;
    }
    const point = value.codePointAt(i)!;
    if (point > 0xffff) i++;
    if (point < 0x80) out.push(point);
    else if (point < 0x800) out.push(0xc0 | (point >> 6), 0x80 | (point & 63));
    else if (point < 0x10000) out.push(0xe0 | (point >> 12), 0x80 | ((point >> 6) & 63), 0x80 | (point & 63));
    else out.push(0xf0 | (point >> 18), 0x80 | ((point >> 12) & 63), 0x80 | ((point >> 6) & 63), 0x80 | (point & 63));
  }
  return Uint8Array.from(out);
}

/** A character literal token: its Unicode scalar value and problems. */
export function readChar(token: string): { value: number | undefined; problems: LiteralProblem[] } {
  const terminated = token.length >= 2 && token.endsWith("'") && !endsWithEscape(token.slice(1, -1));
  const body = terminated ? token.slice(1, -1) : token.slice(1);
  const { value, problems } = unescape(body, 1);
  if (!terminated) {
    problems.unshift({ start: 0, end: token.length, code: 'unterminated', message: "unterminated character literal: add the closing \"'\"" });
    return { value: undefined, problems };
  }
  const scalars = [...value];
  if (scalars.length !== 1 && problems.length === 0) {
    problems.push({
      start: 0,
      end: token.length,
      code: 'char',
      message: scalars.length === 0 ? 'empty character literal' : 'a character literal holds exactly one character; use a string for more',
    });
  }
  return { value: scalars.length === 1 ? scalars[0]!.codePointAt(0) : undefined, problems };
}

/** Whether `body` ends in an unpaired backslash, which escapes the quote after it. */
function endsWithEscape(body: string): boolean {
  let slashes = 0;
  for (let i = body.length - 1; i >= 0 && body[i] === '\\'; i--) slashes++;
  return slashes % 2 === 1;
}

/** Whether a block comment's text closes every `/*` it opens. */
/** The grammar's comment node types (comments are extras: they may stand anywhere). */
export const COMMENT_TYPES: ReadonlySet<string> = new Set(['line_comment', 'block_comment', 'doc_comment']);

/** A comment's kind from its node type. */
export function commentKind(type: string): 'doc' | 'block' | 'line' {
  return type === 'doc_comment' ? 'doc' : type === 'block_comment' ? 'block' : 'line';
}

/** The diagnostic for a block comment without its closing `*/`, at its opening `/*`. */
export function unterminatedComment(start: number): Diagnostic {
  return { code: SyntaxCode.UnterminatedComment, severity: 'error', message: "unterminated block comment: every '/*' needs a '*/' (block comments nest)", start, end: start + 2 };
}

export function blockCommentIsClosed(text: string): boolean {
  let depth = 0;
  for (let i = 0; i < text.length - 1; i++) {
    if (text[i] === '/' && text[i + 1] === '*') {
      depth++;
      i++;
    } else if (text[i] === '*' && text[i + 1] === '/') {
      depth--;
      i++;
      if (depth === 0) return i === text.length - 1;
    }
  }
  return false;
}
