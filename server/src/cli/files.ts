// Finding the .zolt files a command was given: files as they are, folders searched recursively
// (skipping node_modules and dot-folders).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { zoltFilesIn } from '../ide/zolt-files';

export function zoltFiles(paths: readonly string[]): { files: string[]; missing: string[] } {
  const files: string[] = [];
  const missing: string[] = [];
  for (const p of paths) {
    const full = path.resolve(p);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(full);
    } catch {
      missing.push(p);
      continue;
    }
    if (stat.isDirectory()) files.push(...zoltFilesIn(full));
    else files.push(full);
  }
  return { files: [...new Set(files)], missing };
}
