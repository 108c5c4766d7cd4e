// An interpreter session: one memory into which programs are loaded one after another (the
// REPL's inputs, cli/repl), so that a global keeps its address and its value from one program
// to the next. Each program says, for each of its globals, which storage it is (a stable id
// chosen by the caller) and whether that storage is new; new storage is zeroed memory, and the
// caller leaves the initialisers of the globals that are not new out of the program. Functions
// likewise keep their addresses by an id the caller gives, in one function table.
//
// A program is interrupted without losing the memory: it runs inside `vm`'s `breakOnSigint`,
// so a SIGINT stops the JavaScript it was compiled to (V8's TerminateExecution) and the thread
// goes on. The process gets SIGINT only while a program runs (session-thread.ts sends it, and
// only then): a flag in shared memory says whether one does, and the thread clears it inside
// the guarded region, waiting there for a signal already on its way.

import * as fs from 'node:fs';
import * as vm from 'node:vm';
import type { Global, IrFunction, IrProgram, Var } from '../ir';
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
  /**
   * A stable id for each function, by its name in the program: a function keeps its address
   * from one program to the next while its id does, so a function value stored in memory still
   * calls it (the caller puts the function's signature in the id).
   */
  readonly functions: Readonly<Record<string, string>>;
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
  /** Each function id's place in the function table, which is one for the whole session. */
  private readonly slots = new Map<string, number>();
  private table: number | undefined;
  private readonly guard = vm.createContext({ work: (): unknown => undefined });
  private readonly guarded = new vm.Script('work()');

  constructor(private readonly flag: Int32Array) {
    this.base = newPlacement({});
  }

  run(request: SessionRequest): SessionOutcome {
    let program: IrProgram;
    try {
      program = this.arranged(request);
    } catch (error) {
      return { kind: 'failed', message: (error as Error).message };
    }
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
   * The program with its functions in their slots of the session's function table, and in the
   * slots of functions it does not have, one that stops with a message: an old function value
   * calls the function of its id, or that.
   */
  private arranged(request: SessionRequest): IrProgram {
    const program = request.program;
    const bySlot: (IrFunction | undefined)[] = [];
    for (const f of program.functions) {
      const id = request.functions[f.name] ?? `(own) ${f.name}`;
      let slot = this.slots.get(id);
      if (slot === undefined || bySlot[slot]) {
        slot = this.slots.size;
        if (slot >= TABLE_SLOTS) throw new Error(`the session has made ${TABLE_SLOTS} functions: :reset to start again`);
        this.slots.set(id, slot);
      }
      bySlot[slot] = f;
    }
    if (bySlot.filter((f) => f).length === bySlot.length) return { ...program, functions: bySlot as IrFunction[] }; // (every() skips holes)
    const message = new TextEncoder().encode(GONE);
    const strings = [...program.strings, message];
    const locations = [...program.locations, { file: '<repl>', line: 1, column: 1 }];
    const loc = locations.length - 1;
    const functions = Array.from(bySlot, (f, slot) => f ?? gone(slot, strings.length - 1, message.length, loc));
    return { ...program, functions, strings, locations };
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
      functionTable: () => (this.table ??= allocate(16 * TABLE_SLOTS, 'the function table')),
      context: (size) => (this.context ??= allocate(size, 'the context')),
    };
  }
}

/** Function addresses the session can give out (a table of 16 bytes each, reserved once). */
const TABLE_SLOTS = 1 << 16;

const GONE = 'this function value names a function that is gone (redeclared with other types, or forgotten)';

/** A function that stops with the message `GONE`. */
function gone(slot: number, message: number, length: number, loc: number): IrFunction {
  const context: Var = { id: 0, type: 'ptr', name: 'context' };
  return {
    name: `gone#${slot}`, source: { name: 'gone', file: '<repl>' }, params: [context], ret: undefined, sret: false, vars: [context], slots: [], loc,
    blocks: [{ id: 0, instrs: [], terminator: { op: 'trap', kind: 'panic', args: [{ kind: 'string', index: message }, { kind: 'int', type: 'i64', value: BigInt(length) }], loc }, locs: [loc] }],
  };
}
