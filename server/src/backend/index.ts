// The native backend's entry: a lowered program (ir/) to the bytes of an x86-64 Linux
// executable or relocatable object. The IR passes the interpreter runs come first (the two
// execute the same optimised IR), then the native runtime (runtime/runtime.zolt) is merged in
// and the whole program goes through SSA, selection, allocation and emission
// (link/program.ts), and the ELF writer lays the image out (elf/).

import type { ForeignFunction, IrProgram } from '../ir';
import { optimize } from '../ir/opt';
import type { ZoltGrammar } from '../syntax';
import { writeExecutable } from './elf/executable';
import { writeObject } from './elf/object';
import { mergeLibrary } from './link/merge';
import { compileProgram, type CompileOptions, type Compiled, type MachineCache } from './link/program';
import { runtimeLibrary } from './runtime/library';

export type { Compiled, CompileOptions } from './link/program';

/** The runtime's machine functions, made by the first build of this process that needs each. */
const runtimeMachine: MachineCache = new Map();

/** The program with the runtime merged in, compiled to machine code. */
export function compileNative(program: IrProgram, grammar: ZoltGrammar, options: CompileOptions = {}): Compiled {
  const library = runtimeLibrary(grammar);
  const merged = mergeLibrary(optimize(program, { level: options.level, time: options.time, after: options.afterIrPass }), library);
  // The cache holds code selected with the runtime's own foreign declarations: a program that
  // declares one of those names differently gets the runtime compiled afresh. Builds that
  // watch the passes or the machine code (tests) see every function compiled.
  const watched = options.afterPass !== undefined || options.onMachine !== undefined || options.time !== undefined;
  const cache = !watched && sameForeign(merged.foreign, library.foreign) ? runtimeMachine : undefined;
  return compileProgram(merged, { ...options, cache: options.cache ?? cache });
}

function sameForeign(merged: readonly ForeignFunction[], library: readonly ForeignFunction[]): boolean {
  const byName = new Map(merged.map((f) => [f.name, f]));
  return library.every((f) => {
    const other = byName.get(f.name);
    return other === f || (other !== undefined && other.library === f.library && JSON.stringify(other.signature) === JSON.stringify(f.signature));
  });
}

export function executableBytes(compiled: Compiled): Uint8Array {
  return writeExecutable(compiled.image);
}

export function objectBytes(compiled: Compiled): Uint8Array {
  return writeObject(compiled.image);
}

/** Why this machine cannot run what the backend makes, or undefined when it can. */
export function unsupportedTarget(platform: string = process.platform, arch: string = process.arch): string | undefined {
  if (platform === 'linux' && arch === 'x64') return undefined;
  return `the native backend makes x86-64 Linux executables; this machine is ${platform}/${arch} (zolt sim runs programs here)`;
}
