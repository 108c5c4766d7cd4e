// IR-to-IR passes that both the interpreter and the native backend run: each takes a function
// and gives one that means the same, and the verifier accepts after every pass.
import type { IrFunction, IrProgram } from '../ir';
import { hoistReadonlyLoads } from './readonly-loads';
import { scalarReplaceSlots } from './sroa';

export { hoistReadonlyLoads, scalarReplaceSlots };

/** The passes every program goes through before it runs. */
export function optimize(program: IrProgram): IrProgram {
  const pass = (fn: IrFunction) => hoistReadonlyLoads(scalarReplaceSlots(fn));
  return { ...program, functions: program.functions.map(pass) };
}
