// The backend's SSA passes, in the order they run: each pays for itself at once (bench/native.ts
// measures them). Folding exposes constant branches, simplifying the graph exposes trivial
// block parameters and more folding, and dead code goes last.

import { removeTrivialParams } from '../ssa/build';
import type { SsaFunction } from '../ssa/ssa';
import { simplifyCfg } from './cfg';
import { eliminateDeadCode } from './dce';
import { foldConstants } from './fold';

export interface PassOptions {
  /** Called after each pass (the tests verify the SSA there). */
  readonly after?: (pass: string, fn: SsaFunction) => void;
}

const MAX_ROUNDS = 4;

export function optimizeSsa(fn: SsaFunction, options: PassOptions = {}): void {
  const after = options.after ?? (() => undefined);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    let changed = foldConstants(fn);
    after('fold', fn);
    changed = simplifyCfg(fn) || changed;
    after('cfg', fn);
    removeTrivialParams(fn);
    after('params', fn);
    if (!changed) break;
  }
  eliminateDeadCode(fn);
  after('dce', fn);
}

export { eliminateDeadCode, foldConstants, simplifyCfg };
