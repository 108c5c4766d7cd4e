// Where a built executable goes and how it gets there. A file is written to a temporary name
// beside its target and renamed into place, so that a failed or interrupted build never leaves
// a partial executable where the previous one was (a running program keeps its old file).

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The language server's output folder when the setting is empty, relative to the workspace folder. */
export const DEFAULT_OUTPUT_DIRECTORY = '.zolt/build';

/**
 * Writes `bytes` to a temporary file beside `target` and renames it into place; a failure
 * leaves neither the temporary file nor a partial target, and is returned as its reason.
 */
export function writeAtomically(target: string, bytes: Uint8Array, mode: number): string | undefined {
  if (fs.existsSync(target) && fs.statSync(target).isDirectory()) return 'it is a folder';
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(temp, bytes, { mode });
    fs.renameSync(temp, target);
    return undefined;
  } catch (e) {
    fs.rmSync(temp, { force: true });
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? 'no such folder' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : e instanceof Error ? e.message : String(e);
  }
}

/**
 * The folder the executables of `main` go to: `setting` when absolute (or starting with `~/`),
 * else relative to the workspace folder that holds `main`, or to main's own folder when it is
 * in none; an empty setting means DEFAULT_OUTPUT_DIRECTORY.
 */
export function outputDirectory(main: string, setting: string, folders: readonly string[]): string {
  const chosen = setting.trim() === '' ? DEFAULT_OUTPUT_DIRECTORY : setting.trim();
  if (chosen === '~' || chosen.startsWith('~/')) return path.join(os.homedir(), chosen.slice(1));
  return path.resolve(folderOf(main, folders) ?? path.dirname(main), chosen);
}

/** The executable's path: the main file's name without `.zolt`, in `directory`. */
export function executablePath(main: string, directory: string): string {
  return path.join(directory, path.basename(main).replace(/\.zolt$/, ''));
}

/** The innermost of `folders` that contains `file`. */
export function folderOf(file: string, folders: readonly string[]): string | undefined {
  const inside = (folder: string) => file.startsWith(folder.endsWith(path.sep) ? folder : folder + path.sep);
  return folders.filter(inside).sort((a, b) => b.length - a.length)[0];
}

/**
 * Makes the output folder. One it creates gets a .gitignore that ignores everything in it, so
 * that executables built on save are not committed by accident (as Cargo does for target/).
 */
export function ensureOutputDirectory(directory: string): void {
  if (fs.existsSync(directory)) return;
  fs.mkdirSync(directory, { recursive: true });
  fs.writeFileSync(path.join(directory, '.gitignore'), '# Made by the Zolt language server: executables built on save.\n*\n');
}
