// Proof of meaning for edits: a program is run by the interpreter before and after a
// refactoring or a fix, and what it prints must not change. The files are written to a
// temporary folder (imports are read from disk) and run in process.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ZoltGrammar } from 'zolt-server/syntax';
import { SimRunner, type RunResult } from './differential';

let scratch: string | undefined;

/** Runs `main` of a program given as texts, laid out under a scratch folder as under `root`. */
export function runTexts(grammar: ZoltGrammar, root: string, files: ReadonlyMap<string, string>, main: string): RunResult {
  scratch ??= fs.mkdtempSync(path.join(os.tmpdir(), 'zolt-meaning-'));
  const dir = fs.mkdtempSync(path.join(scratch, 'p-'));
  try {
    for (const [file, text] of files) {
      const target = path.join(dir, path.relative(root, file));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, text);
    }
    const target = path.join(dir, path.relative(root, main));
    return new SimRunner(grammar).run({ seed: 0, text: files.get(main)!, file: target, dir: path.dirname(target) });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The output a person compares: both streams and the exit status. */
export function shown(result: RunResult): string {
  return `status ${result.status}\n--- stdout\n${result.stdout}--- stderr\n${result.stderr}`;
}
