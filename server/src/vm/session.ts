// An interpreter session: one memory into which programs are loaded one after another (the
// REPL's inputs, cli/repl), so that a global keeps its address and its value from one program
// to the next. Each program says, for each of its globals, which storage it is (a stable id
// chosen by the caller) and whether that storage is new; new storage is zeroed memory, and the
// caller leaves the initialisers of the globals that are not new out of the program.
//
// A program is interrupted without losing the memory: it runs inside `vm`'s `breakOnSigint`,
// so a SIGINT stops the JavaScript it was compiled to (V8's TerminateExecution) and the thread
// goes on. The process gets SIGINT only while a program runs (session-thread.ts sends it, and
// only then): a flag in shared memory says whether one does, and the thread clears it inside
// the guarded region, waiting there for a signal already on its way.

import * as fs from 'node:fs';
import * as vm from 'node:vm';
import type { Global, IrProgram } from '../ir';
import { ForeignError } from './ffi';
import { execute, load, newPlacement, type Loaded, type Placement } from './run';

/** A global of a program: the storage it is, and whether that storage is new. */
export interface GlobalStorage {
  readonly id: string;
  readonly fresh: boolean;
  /** The global's name in messages. */
  readonly name: string;
}

export interface SessionRequest {
  readonly program: IrProgram;
  /** By the global's name in the program. */
  readonly globals: Readonly<Record<string, GlobalStorage>>;
  /** Print the instructions of `main` as they run (trace.ts), on stderr. */
  readonly trace: boolean;
  readonly cwd: string;
}

export type SessionOutcome =
  /** `main` returned. */
  | { readonly kind: 'done'; readonly midLine: boolean }
  /** A run-time error, reported on stderr. */
  | { readonly kind: 'error'; readonly midLine: boolean }
  | { readonly kind: 'interrupted'; readonly midLine: boolean }
  /** The program could not start (a foreign function not found, no memory for its globals). */
  | { readonly kind: 'failed'; readonly message: string };

/** The shared flag's values. */
export const enum RunFlag {
  Idle = 0,
  Running = 1,
  /** The main thread sends SIGINT: the program's thread must not leave the guarded region before it comes. */
  Interrupting = 2,
}

export class Session {
  private readonly base: Placement;
  private readonly storage = new Map<string, number>();
  private readonly strings = new Map<string, number>();
  private context: number | undefined;
  private readonly guard = vm.createContext({ work: (): unknown => undefined });
  private readonly guarded = new vm.Script('work()');

  constructor(private readonly flag: Int32Array) {
    this.base = newPlacement({});
  }

  run(request: SessionRequest): SessionOutcome {
    const program = request.program;
    let tracing = false;
    const options = {
      args: [],
      cwd: request.cwd,
      error: (text: string) => void fs.writeSync(2, text),
      trace: request.trace ? (text: string) => void (tracing && fs.writeSync(2, text)) : undefined,
      traceInterleaved: true,
    };
    let loaded: Loaded;
    try {
      loaded = load(program, options, this.placement(request));
    } catch (error) {
      if (error instanceof ForeignError) return { kind: 'failed', message: error.message };
      return { kind: 'failed', message: `the program cannot start: ${(error as Error).message}` };
    }
    let finished: number | undefined;
    const limit = Error.stackTraceLimit;
    this.guard['work'] = () => {
      if (Atomics.compareExchange(this.flag, 0, RunFlag.Idle, RunFlag.Running) !== RunFlag.Idle) return; // stopped before it started
      try {
        finished = execute(program, loaded, options, (module, context) => {
          module.init(context);
          tracing = true;
          return module.main(context, 0);
        });
      } finally {
        tracing = false;
        // A signal is on its way: wait for it here, where it stops this loop and nothing else.
        if (Atomics.compareExchange(this.flag, 0, RunFlag.Running, RunFlag.Idle) !== RunFlag.Running) for (;;);
      }
    };
    try {
      this.guarded.runInContext(this.guard, { breakOnSigint: true });
      Atomics.store(this.flag, 0, RunFlag.Idle);
    } catch (error) {
      // Interrupted (the error vm throws for SIGINT), or an error of the interpreter's own.
      Atomics.store(this.flag, 0, RunFlag.Idle);
      Error.stackTraceLimit = limit;
      loaded.output.flush();
      if (finished === undefined && !/SIGINT/.test((error as Error).message)) throw error;
    }
    const midLine = loaded.output.midLine === true;
    if (finished === undefined) return { kind: 'interrupted', midLine };
    return { kind: finished === 0 ? 'done' : 'error', midLine };
  }

  /**
   * The session's memory, with the request's globals where their storage is. What is new comes
   * from the heap, which says when it is full (and stays usable), rather than from the static
   * area, which a program too large would leave full.
   */
  private placement(request: SessionRequest): Placement {
    const memory = this.base.memory;
    const allocate = (size: number, what: string) => {
      const address = memory.heapAlloc(size);
      if (address === 0) throw new Error(`no memory for ${what} (${size} bytes)`);
      return address;
    };
    return {
      memory,
      global: (g: Global) => {
        const storage = request.globals[g.name];
        const known = storage && !storage.fresh ? this.storage.get(storage.id) : undefined;
        if (known !== undefined) return known;
        const address = allocate(Math.max(g.size, 1), `the global '${storage?.name ?? g.name}'`);
        if (storage) this.storage.set(storage.id, address);
        return address;
      },
      string: (bytes) => {
        const key = Buffer.from(bytes).toString('latin1');
        let address = this.strings.get(key);
        if (address === undefined) {
          address = allocate(bytes.length + 1, 'a string literal');
          memory.u8.set(bytes, address - memory.base);
          this.strings.set(key, address);
        }
        return address;
      },
      functionTable: (count) => allocate(16 * Math.max(count, 1), 'the function table'),
      context: (size) => (this.context ??= allocate(size, 'the context')),
    };
  }
}
