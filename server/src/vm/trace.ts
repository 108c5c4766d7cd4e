// `zolt sim --trace`: every instruction as it runs, in the form of seed 001's VM trace. Before
// each instruction, the values it reads (what a stack machine would have on its stack), then
// its address, a `|` when it comes from the same source line as the instruction before it (as
// clox's disassembler marks), and the instruction:
//
//   >>         [ 5 ][ 6 ]
//   >> 0012 |  %3:i64 = add.i64 %1, %2
//
// Each function's first traced instruction is preceded by `==== <name> ====` when control
// enters a different function. The program's own output appears where it happens.

import type { Location } from '../ir';
import type { CompiledSource } from './codegen';

export class Tracer {
  private lastLine = -1;
  private lastFunction = '';
  private readonly lines: string[] = [];

  constructor(
    private readonly compiled: CompiledSource,
    private readonly write: (text: string) => void,
    private readonly locations: readonly Location[],
    private readonly beforeWrite: () => void = () => undefined,
  ) {}

  readonly hook = (index: number, values: readonly unknown[]): void => {
    const entry = this.compiled.traceTexts[index]!;
    if (entry.fn !== this.lastFunction) {
      this.lines.push(`==== <${entry.fn}> ====`);
      this.lastFunction = entry.fn;
    }
    const line = entry.loc !== undefined ? (this.locations[entry.loc]?.line ?? -1) : -1;
    const same = line === this.lastLine && line !== -1;
    this.lastLine = line;
    this.lines.push(`>>         ${values.map((v) => `[ ${show(v)} ]`).join('')}`);
    this.lines.push(`>> ${String(index).padStart(4, '0')} ${same ? '|' : ' '}  ${entry.text}`);
    this.flush();
  };

  flush(): void {
    if (this.lines.length === 0) return;
    this.beforeWrite();
    this.write(this.lines.join('\n') + '\n');
    this.lines.length = 0;
  }
}

function show(v: unknown): string {
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  return String(v);
}
