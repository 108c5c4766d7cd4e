// The synthesized file: the REPL's program, built again for every input from the declarations
// kept so far and the statements of the input. Imports come first (the language wants them
// there), then the input as the body of `main`, then the REPL's helpers, then the declarations:
//
//   import "...";
//   fn main(__repl: *__ReplInput) { <the input's statements> }
//   struct __ReplInput {}  fn __repl_quote(s: string) { ... }  ...
//   <the declarations, in the order they were accepted>
//   var __repl_v3: i64;          (a variable the input declares)
//
// `main` takes a parameter of the REPL's own type so that it never clashes with a `main` the
// user declares or loads (overloads with other parameter types): that one can be called. It
// comes before the declarations so that it is the file's first `main`, the one that runs.

import { emitChunk, type Chunk } from './declarations';
import { SourceBuilder, type SourceMap } from './source';

export const ENTRY_TYPE = '__ReplInput';

/**
 * Printing a string or character as the runtime prints one inside an array: quoted, escaped.
 * (A backslash is written as its code: the parser reads a literal ending in `\\` as open.)
 */
const HELPERS = `struct ${ENTRY_TYPE} {}
fn __repl_quote_byte(b: u8) {
    const BACKSLASH: char = 92;
    if b == 34 || b == 92 { print(BACKSLASH, b as char); }
    else if b == 10 { print(BACKSLASH, 'n'); }
    else if b == 13 { print(BACKSLASH, 'r'); }
    else if b == 9 { print(BACKSLASH, 't'); }
    else if b == 0 { print(BACKSLASH, '0'); }
    else if b < 32 || b == 127 { print(BACKSLASH, 'x', "0123456789abcdef"[b >> 4], "0123456789abcdef"[b & 15]); }
    else { print(b as char); }
}
fn __repl_quote(s: string) {
    print('"');
    for c in s { __repl_quote_byte(c as u8); }
    print('"');
}
fn __repl_quote_char(c: char) {
    print("'");
    if c < 128 { __repl_quote_byte(c as u8); } else { print(92 as char, 'x', "0123456789abcdef"[c >> 4], "0123456789abcdef"[c & 15]); }
    print("'");
}
fn __repl_quote_rune(r: rune) {
    if r < 128 { __repl_quote_char(r as char); } else { print("'", r, "'"); }
}
`;

export function synthesize(chunks: readonly Chunk[], body: (b: SourceBuilder) => void, globals: readonly string[] = []): SourceMap {
  const b = new SourceBuilder();
  for (const c of chunks) if (c.kind === 'import') emitChunk(b, c);
  b.write(`fn main(__repl: *${ENTRY_TYPE}) {\n`);
  body(b);
  b.write('\n}\n');
  b.write(HELPERS);
  for (const c of chunks) if (c.kind !== 'import') emitChunk(b, c);
  for (const g of globals) b.write(`${g}\n`);
  return b.build();
}
