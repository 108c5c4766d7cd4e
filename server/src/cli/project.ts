// Which file a program starts from. A verb that runs or builds a program (`sim`, `build`,
// `run`, `dot`) takes it as its FILE argument, or else from the project file: `zolt.json` in
// the working folder or the nearest folder above it, as `{ "main": "src/main.zolt" }` (the
// path relative to that folder). One definition for every verb.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { UsageError } from './args';

export const PROJECT_FILE = 'zolt.json';

/** The main file: the given one, or the project file's `main`. Throws a UsageError if neither. */
export function mainFile(given: string | undefined, cwd: string = process.cwd()): string {
  if (given !== undefined) {
    const file = path.resolve(cwd, given);
    if (!fs.existsSync(file)) throw new UsageError(`no such file: ${given}`);
    if (fs.statSync(file).isDirectory()) return mainFile(undefined, file);
    return file;
  }
  const project = projectFileAbove(cwd);
  if (project !== undefined) return projectMain(project);
  throw new UsageError(`no FILE given and no ${PROJECT_FILE} found here or above (it names the main file: { "main": "main.zolt" })`);
}

/**
 * The project file in `dir` or the nearest folder above it, up to `top` (the language server
 * stops at the workspace folder: a zolt.json above it belongs to something else).
 */
export function projectFileAbove(dir: string, top?: string): string | undefined {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    const project = path.join(current, PROJECT_FILE);
    if (fs.existsSync(project)) return project;
    if (current === top || path.dirname(current) === current) return undefined;
  }
}

/** The main file a project file names. Throws a UsageError if it names none that exists. */
export function projectMain(project: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(project, 'utf8'));
  } catch (error) {
    throw new UsageError(`${project}: not valid JSON: ${(error as Error).message}`);
  }
  const main = typeof parsed === 'object' && parsed !== null ? (parsed as { main?: unknown }).main : undefined;
  if (typeof main !== 'string') throw new UsageError(`${project}: needs "main", the path of the main file`);
  const file = path.resolve(path.dirname(project), main);
  if (!fs.existsSync(file)) throw new UsageError(`${project}: the main file ${main} does not exist`);
  return file;
}
