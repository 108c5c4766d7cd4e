// IR-to-IR passes that both the interpreter and the native backend run: each takes a function
// (or, for inlining, the program) and gives one that means the same, and the verifier accepts
// after every pass. Which passes run is the optimisation level's (`zolt build -O0|-O1|-O2`):
//
//   -O0  none
//   -O1  sroa (slots to variables), readonly-loads (parameter loads hoisted)
//   -O2  inline (small leaf functions), then sroa, tailrec (self tail calls and accumulator
//        recursion as loops: after sroa, which leaves fewer functions with slots, and before
//        readonly-loads, which must see which parameters the loop reassigns), self-inline
//        (a small recursive function's calls of itself replaced by its body, once),
//        readonly-loads                                               (the default)
import type { IrFunction, IrProgram } from '../ir';
import { inlineLeafCalls } from './inline';
import { hoistReadonlyLoads } from './readonly-loads';
import { inlineSelfCalls } from './self-inline';
import { scalarReplaceSlots } from './sroa';
import { eliminateTailRecursion } from './tailrec';

export { eliminateTailRecursion, hoistReadonlyLoads, inlineLeafCalls, inlineSelfCalls, scalarReplaceSlots };

export type OptLevel = 0 | 1 | 2;

export const IR_PASSES = ['inline', 'sroa', 'tailrec', 'self-inline', 'readonly-loads'] as const;
export type IrPass = (typeof IR_PASSES)[number];

export interface IrPassOptions {
  readonly level?: OptLevel;
  /** Called after each pass with the program as it is then (--print-after, tests). */
  readonly after?: (pass: IrPass, program: IrProgram) => void;
  /** Told how long each pass took (--time-passes). */
  readonly time?: (pass: string, milliseconds: number) => void;
}

/** The passes of the level (default -O2) over the program, before it runs. */
export function optimize(program: IrProgram, options: IrPassOptions = {}): IrProgram {
  const level = options.level ?? 2;
  const run = (pass: IrPass, transform: (p: IrProgram) => IrProgram) => {
    const start = performance.now();
    program = transform(program);
    options.time?.(`ir ${pass}`, performance.now() - start);
    options.after?.(pass, program);
  };
  const perFunction = (f: (fn: IrFunction) => IrFunction) => (p: IrProgram) => ({ ...p, functions: p.functions.map(f) });
  if (level >= 2) run('inline', inlineLeafCalls);
  if (level >= 1) {
    run('sroa', perFunction(scalarReplaceSlots));
    if (level >= 2) {
      run('tailrec', eliminateTailRecursion);
      run('self-inline', inlineSelfCalls);
    }
    run('readonly-loads', perFunction(hoistReadonlyLoads));
  }
  return program;
}
