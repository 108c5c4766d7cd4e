// `zolt sim --trace`: every instruction as it runs, in the form of seed 001's VM trace. Before
// each instruction, the values it reads (what a stack machine would have on its stack), then
// its address, a `|` when it comes from the same source line as the instruction before it (as
// clox's disassembler marks), and the instruction:
//
//   >>         [ 5 ][ 6 ]
//   >> 0012 |  %3:i64 = add.i64 %1, %2
//
// Each function's first traced instruction is preceded by `==== <name> ====` when control
// enters a different function. The program's own output appears where it happens; when the
// trace shares stderr with it, a trace line never continues a line the program left open.

import type { IrType, Location } from '../ir';
import type { CompiledSource } from './codegen';
import { formatF32, formatF64 } from './runtime';

export class Tracer {
  private lastLine = -1;
  private lastFunction = '';
  private readonly lines: string[] = [];

  constructor(
    private readonly compiled: CompiledSource,
    private readonly write: (text: string) => void,
    private readonly locations: readonly Location[],
    /** Flushes the program's output; true when it stopped mid-line. */
    private readonly beforeWrite: () => boolean = () => false,
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
    this.lines.push(`>>         ${values.length === 0 ? '[ ]' : values.map((v, i) => `[ ${show(v, entry.types[i]!)} ]`).join('')}`);
    this.lines.push(`>> ${String(index).padStart(4, '0')} ${same ? '|' : ' '}  ${entry.text}`);
    this.flush();
  };

  flush(): void {
    if (this.lines.length === 0) return;
    const fresh = this.beforeWrite() ? '\n' : '';
    this.write(fresh + this.lines.join('\n') + '\n');
    this.lines.length = 0;
  }
}

/** A value as `print` shows it: pointers in hex, floats shortest. */
function show(v: unknown, type: IrType): string {
  if (typeof v === 'number') {
    if (type === 'ptr') return v === 0 ? 'null' : `0x${v.toString(16)}`;
    if (type === 'f64') return formatF64(v);
    if (type === 'f32') return formatF32(v);
  }
  return String(v);
}
