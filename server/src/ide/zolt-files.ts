// The .zolt files under a folder, as the CLI and the language server's workspace index see
// them: searched recursively, skipping node_modules and dot-folders, in a stable order.

import * as fs from 'node:fs';
import * as path from 'node:path';

export function zoltFilesIn(dir: string): string[] {
  const files: string[] = [];
  const walk = (current: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(current, { withFileTypes: true });
    } catch {
      return; // unreadable folders are skipped, as a shell glob would
    }
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && entry.name.endsWith('.zolt')) files.push(full);
    }
  };
  walk(dir);
  return files;
}
