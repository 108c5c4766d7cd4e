// The REPL's history: the lines typed, one a line, oldest first, in the user's cache folder
// ($XDG_CACHE_HOME/zolt/repl_history, or ~/.cache/zolt/repl_history). Read at start (the last
// HISTORY_SIZE lines), appended to after each input typed at a terminal. A history that cannot
// be read or written is no reason to refuse to start: the REPL then keeps it for the session.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const HISTORY_SIZE = 1000;

export function historyFile(env: NodeJS.ProcessEnv = process.env): string {
  const cache = env['XDG_CACHE_HOME'] && path.isAbsolute(env['XDG_CACHE_HOME']) ? env['XDG_CACHE_HOME'] : path.join(os.homedir(), '.cache');
  return path.join(cache, 'zolt', 'repl_history');
}

export class History {
  private failed = false;

  constructor(readonly file: string) {}

  /** The lines, most recent first (as readline wants them). */
  load(): string[] {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch {
      return [];
    }
    return text.split('\n').filter((line) => line.trim() !== '').slice(-HISTORY_SIZE).reverse();
  }

  /** Appends an input's lines; false (once) when the file cannot be written. */
  append(lines: readonly string[]): boolean {
    const kept = lines.filter((line) => line.trim() !== '');
    if (kept.length === 0 || this.failed) return true;
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      fs.appendFileSync(this.file, kept.map((line) => `${line}\n`).join(''));
      return true;
    } catch {
      this.failed = true;
      return false;
    }
  }
}
