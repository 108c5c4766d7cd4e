// The backend's SSA passes, in the order they run: each pays for itself at once (bench/native.ts
// and bench/passes.ts measure them). Folding exposes constant branches, simplifying the graph
// exposes trivial block parameters and more folding; a check dominated by the same check goes
// once the graph is settled; division by constant powers of two becomes shifts once the divisors
// are known; dead code goes last.

import { removeTrivialParams } from '../ssa/build';
import type { SsaFunction } from '../ssa/ssa';
import { simplifyCfg } from './cfg';
import { removeRedundantChecks } from './checks';
import { eliminateDeadCode } from './dce';
import { divideByConstants } from './divide';
import { foldConstants } from './fold';

export interface PassOptions {
  /** Called after each pass (the tests verify the SSA there; --print-after prints it). */
  readonly after?: (pass: string, fn: SsaFunction) => void;
  /** Told how long each pass took (--time-passes). */
  readonly time?: (pass: string, milliseconds: number) => void;
}

export const SSA_PASSES = ['fold', 'cfg', 'params', 'checks', 'divide', 'dce'] as const;

const MAX_ROUNDS = 4;

export function optimizeSsa(fn: SsaFunction, options: PassOptions = {}): void {
  const run = <T>(pass: string, body: () => T): T => {
    const start = performance.now();
    const result = body();
    options.time?.(`ssa ${pass}`, performance.now() - start);
    options.after?.(pass, fn);
    return result;
  };
  for (let round = 0; round < MAX_ROUNDS; round++) {
    let changed = run('fold', () => foldConstants(fn));
    changed = run('cfg', () => simplifyCfg(fn)) || changed;
    run('params', () => removeTrivialParams(fn));
    if (!changed) break;
  }
  run('checks', () => removeRedundantChecks(fn));
  run('divide', () => divideByConstants(fn));
  run('dce', () => eliminateDeadCode(fn));
}

export { eliminateDeadCode, foldConstants, removeRedundantChecks, simplifyCfg };
