// Check fixtures: Zolt programs with their expected diagnostics and types written inline.
//
//   var b: u8 = 300; // error Z2006: 300 does not fit in u8 (0 to 255)
//   var x = 1.5 * 2;
//   //      ^ f64
//
// A `// error|warning Zxxxx: message` comment expects that diagnostic to start on its line
// (several may follow one another on a line); `// error@-1 Zxxxx: message` on a line of its
// own expects it on the line above (for lines that cannot hold a comment, such as an
// unterminated string). A line that is only `// ^ type` asserts the type
// of the innermost expression (or declared name) at the caret's column on the nearest line
// above that is not an assertion.

import * as fs from 'node:fs';
import * as path from 'node:path';

export interface ExpectedDiagnostic {
  line: number; // 1-based
  severity: 'error' | 'warning';
  code: string;
  message: string;
}

export interface TypeAssertion {
  line: number; // 0-based
  column: number;
  type: string;
}

const EXPECTATION = /\/\/\s*(error|warning)(@-\d+)?\s+(Z\d{4}):\s*(.*?)\s*(?=\/\/\s*(?:error|warning)(?:@-\d+)?\s+Z\d{4}:|$)/g;
const TYPE_ASSERTION = /^(\s*)\/\/(\s*)\^\s+(.+?)\s*$/;

export function readExpectations(text: string): { diagnostics: ExpectedDiagnostic[]; types: TypeAssertion[] } {
  const diagnostics: ExpectedDiagnostic[] = [];
  const types: TypeAssertion[] = [];
  let codeLine = -1;
  text.split('\n').forEach((line, index) => {
    const assertion = TYPE_ASSERTION.exec(line);
    if (assertion && codeLine >= 0) {
      types.push({ line: codeLine, column: assertion[1]!.length + 2 + assertion[2]!.length, type: assertion[3]! });
      return;
    }
    codeLine = index;
    for (const m of line.matchAll(EXPECTATION)) {
      const offset = m[2] ? Number(m[2].slice(1)) : 0;
      diagnostics.push({ line: index + 1 + offset, severity: m[1] as 'error' | 'warning', code: m[3]!, message: m[4]! });
    }
  });
  return { diagnostics, types };
}

export interface Fixture {
  name: string;
  /** The files of the program (a fixture folder holds several). */
  files: string[];
}

/** Fixtures under `dir`: each .zolt file is a program, each folder a multi-file program. */
export function listFixtures(dir: string): Fixture[] {
  return fs.readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry): Fixture[] => {
      const full = path.join(dir, entry.name);
      if (entry.isFile() && entry.name.endsWith('.zolt')) return [{ name: entry.name, files: [full] }];
      if (entry.isDirectory()) {
        const files = fs.readdirSync(full, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.zolt')).sort().map((f) => path.join(full, f));
        return [{ name: `${entry.name}/`, files }];
      }
      return [];
    });
}
