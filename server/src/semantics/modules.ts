// Where an import points: relative to the importing file first, then in the bundled standard
// library (`import "std/math"` finds <std>/math.zolt).

import * as path from 'node:path';

export interface ImportResolution {
  /** The resolved file, or undefined when none of the candidates exists. */
  readonly file: string | undefined;
  /** Every place looked at, for the "cannot find module" notes. */
  readonly tried: readonly string[];
}

export function resolveImport(fromFile: string, importPath: string, stdRoot: string, exists: (file: string) => boolean): ImportResolution {
  const withExtension = importPath.endsWith('.zolt') ? importPath : `${importPath}.zolt`;
  const tried = [path.resolve(path.dirname(fromFile), withExtension)];
  const inStd = withExtension.startsWith('std/') ? withExtension.slice(4) : withExtension;
  tried.push(path.resolve(stdRoot, inStd));
  return { file: tried.find(exists), tried };
}

/** Whether `file` is part of the bundled standard library. */
export function isStdFile(file: string, stdRoot: string): boolean {
  const relative = path.relative(stdRoot, file);
  return !relative.startsWith('..') && !path.isAbsolute(relative);
}
