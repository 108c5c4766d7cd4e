// The native runtime (runtime.zolt beside this file, in Zolt) as lowered IR, ready to be merged
// into a program (link/merge.ts). It is compiled once per process and kept: it does not depend
// on the program (only on the standard library, which every program shares).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { lowerLibrary, type IrLibrary } from '../../ir';
import { optimize } from '../../ir/opt';
import { Workspace } from '../../semantics';
import { elaborate } from '../../semantics/elaborate';
import type { ZoltGrammar } from '../../syntax';

/** Where runtime.zolt is: beside the sources (the compiled file is in out/, the source in src/). */
export function runtimeSourcePath(): string {
  const candidates = [path.join(__dirname, 'runtime.zolt'), path.join(__dirname, '..', '..', '..', 'src', 'backend', 'runtime', 'runtime.zolt')];
  const found = candidates.find((c) => fs.existsSync(c));
  if (!found) throw new Error(`the native runtime is missing (looked for ${candidates.join(', ')})`);
  return found;
}

let cached: IrLibrary | undefined;

export function runtimeLibrary(grammar: ZoltGrammar): IrLibrary {
  if (cached) return cached;
  const file = runtimeSourcePath();
  const workspace = new Workspace(grammar);
  try {
    workspace.reload(file);
    const result = elaborate(workspace, file, { roots: 'all' });
    if (!result.ok) {
      const problems = result.errors.flatMap((e) => e.diagnostics.map((d) => {
        const at = workspace.document(e.file)?.lineIndex.position(d.start);
        return `${path.basename(e.file)}:${(at?.line ?? 0) + 1}:${(at?.character ?? 0) + 1}: ${d.message}`;
      }));
      throw new Error(`the native runtime does not compile:\n${[result.message, ...problems].filter(Boolean).join('\n')}`);
    }
    const library = lowerLibrary(result.program, (f) => workspace.document(f)?.lineIndex);
    // The IR passes the interpreter's programs get (on a stand-in program shape).
    const optimized = optimize({ functions: library.functions, foreign: library.foreign, globals: library.globals, strings: library.strings, locations: library.locations, init: '', main: { name: '', ret: undefined }, context: { size: 0, align: 1 } });
    cached = { ...library, functions: optimized.functions };
    return cached;
  } finally {
    workspace.dispose();
  }
}
