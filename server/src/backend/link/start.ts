// The code every native program has besides its functions, written directly with the
// assembler (it is machine-specific by nature, and small):
//
// - `_start`, the entry point: the kernel's initial stack holds argc, argv and envp; as glibc's
//   own crt1 does, it calls __libc_start_main(zolt_main, argc, argv, 0, 0, rtld_fini, stack
//   end), which initialises the C library and calls exit() with zolt_main's result, flushing
//   stdio. (The kernel hands over a 16-byte-aligned rsp: nothing is subtracted before the
//   alignment, see TOOLCHAIN.md.)
// - `zolt_main(argc, argv)`, a C function: records argc and argv, maps a 256 MB stack for the
//   program (the interpreter's thread has 256 MB too, so recursion goes as deep in both),
//   allocates the first context, runs `init` and `main` on the new stack with rbp = 0 (where
//   stack traces stop), and returns main's result as the exit status.
// - The intrinsics, `foreign "zolt"` functions of the runtime (backend/runtime/runtime.zolt):
//   C's stdout and stderr, argc and argv, the caller's frame pointer, and the tables that stack
//   traces read. All follow the System V convention.

import type { ImportTarget, SectionOffset } from '../image';
import type { Assembler, Gpr, Label } from '../x64';

const RAX = 0 as Gpr;
const RCX = 1 as Gpr;
const RDX = 2 as Gpr;
const RBX = 3 as Gpr;
const RSP = 4 as Gpr;
const RBP = 5 as Gpr;
const RSI = 6 as Gpr;
const RDI = 7 as Gpr;
const R8 = 8 as Gpr;
const R9 = 9 as Gpr;
const R12 = 12 as Gpr;
const R13 = 13 as Gpr;
const R14 = 14 as Gpr;
const R15 = 15 as Gpr;

/** The program's stack: 256 MB, and below the limit a margin for the overflow report and C code. */
export const STACK_BYTES = 256 * 1024 * 1024;
export const STACK_MARGIN = 256 * 1024;
/** Without a mapped stack (mmap failed), the limit is this far below the process stack's top. */
const FALLBACK_STACK = 7 * 1024 * 1024;

const PROT_READ_WRITE = 3;
const MAP_PRIVATE_ANONYMOUS_NORESERVE_STACK = 0x02 | 0x20 | 0x4000 | 0x20000;

/** Places in bss that the start code and the intrinsics use. */
export interface StartData {
  readonly stackLimit: SectionOffset;
  readonly argc: SectionOffset;
  readonly argv: SectionOffset;
}

export interface StartTargets {
  readonly init: Label;
  readonly main: Label;
  /** main's result type: its low 8 bits are the exit status; none means 0. */
  readonly mainReturns: boolean;
  readonly contextSize: number;
}

const imp = (name: string): ImportTarget => ({ import: name });

export function emitStart(asm: Assembler, data: StartData, targets: StartTargets): { start: Label; zoltMain: Label } {
  const start = asm.newLabel('_start');
  const zoltMain = asm.newLabel('zolt_main');
  asm.bind(start);
  asm.aluRR('xor', 4, RBP, RBP);
  asm.movRR(8, R9, RDX); // rtld_fini from the loader
  asm.pop(RSI); // argc
  asm.movRR(8, RDX, RSP); // argv
  asm.aluRI('and', 8, RSP, -16);
  asm.push(RAX);
  asm.push(RSP); // stack end
  asm.aluRR('xor', 4, R8, R8); // fini
  asm.aluRR('xor', 4, RCX, RCX); // init
  asm.lea(8, RDI, { rip: zoltMain });
  asm.callM({ rip: imp('__libc_start_main') });
  asm.ud2();

  asm.bind(zoltMain);
  asm.push(RBP);
  asm.movRR(8, RBP, RSP);
  for (const r of [RBX, R12, R13, R14, R15]) asm.push(r);
  asm.aluRI('sub', 8, RSP, 8); // 16-byte alignment after six pushes
  asm.movMR(8, { rip: data.argc }, RDI);
  asm.movMR(8, { rip: data.argv }, RSI);
  asm.movRR(8, RBX, RSP); // the C stack, restored at the end
  // mmap(NULL, STACK_BYTES, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS|MAP_NORESERVE|MAP_STACK, -1, 0)
  asm.aluRR('xor', 4, RDI, RDI);
  asm.movRI(8, RSI, BigInt(STACK_BYTES));
  asm.movRI(4, RDX, PROT_READ_WRITE);
  asm.movRI(4, RCX, MAP_PRIVATE_ANONYMOUS_NORESERVE_STACK);
  asm.movRI(8, R8, -1n);
  asm.aluRR('xor', 4, R9, R9);
  asm.callM({ rip: imp('mmap') });
  const fallback = asm.newLabel('zolt_main.fallback');
  const run = asm.newLabel('zolt_main.run');
  asm.aluRI('cmp', 8, RAX, -1);
  asm.jcc('e', fallback);
  asm.lea(8, RCX, { base: RAX, disp: STACK_MARGIN });
  asm.movMR(8, { rip: data.stackLimit }, RCX);
  asm.lea(8, RSP, { base: RAX, disp: STACK_BYTES }); // the top of the new stack (page-aligned)
  asm.jmp(run);
  asm.bind(fallback);
  asm.lea(8, RCX, { base: RSP, disp: -FALLBACK_STACK });
  asm.movMR(8, { rip: data.stackLimit }, RCX);
  asm.bind(run);
  // The first context: zeroed memory from calloc (the runtime never frees it).
  asm.movRI(4, RDI, 1);
  asm.movRI(4, RSI, Math.max(targets.contextSize, 1));
  asm.callM({ rip: imp('calloc') });
  asm.movRR(8, R15, RAX);
  asm.aluRR('xor', 4, RBP, RBP); // the outermost Zolt frame's caller: stack traces stop here
  asm.call(targets.init);
  asm.call(targets.main);
  if (targets.mainReturns) asm.movzxRR(4, 1, RAX, RAX);
  else asm.aluRR('xor', 4, RAX, RAX);
  asm.movRR(8, RSP, RBX);
  asm.aluRI('add', 8, RSP, 8);
  for (const r of [R15, R14, R13, R12, RBX]) asm.pop(r);
  asm.pop(RBP);
  asm.ret();
  return { start, zoltMain };
}

/** Where the stack-trace tables are, and how many call sites there are. */
export interface TablePlaces {
  readonly callSites: SectionOffset;
  readonly callSiteCount: number;
  readonly locations: SectionOffset;
  readonly functions: SectionOffset;
}

/** The intrinsics, each bound to `label(name)`. */
export function emitIntrinsics(asm: Assembler, label: (name: string) => Label, data: StartData, tables: TablePlaces): void {
  const loadImportedPointer = (name: string, symbol: string) => {
    asm.bind(label(name));
    asm.movRM(8, RAX, { rip: imp(symbol) }); // the address of the variable, from the GOT
    asm.movRM(8, RAX, { base: RAX });
    asm.ret();
  };
  loadImportedPointer('zolt_stdout', 'stdout');
  loadImportedPointer('zolt_stderr', 'stderr');
  const loadData = (name: string, place: SectionOffset) => {
    asm.bind(label(name));
    asm.movRM(8, RAX, { rip: place });
    asm.ret();
  };
  loadData('zolt_argc', data.argc);
  loadData('zolt_argv', data.argv);
  asm.bind(label('zolt_frame'));
  asm.movRR(8, RAX, RBP);
  asm.ret();
  const address = (name: string, place: SectionOffset) => {
    asm.bind(label(name));
    asm.lea(8, RAX, { rip: place });
    asm.ret();
  };
  address('zolt_call_sites', tables.callSites);
  address('zolt_locations', tables.locations);
  address('zolt_functions', tables.functions);
  asm.bind(label('zolt_call_site_count'));
  asm.movRI(8, RAX, BigInt(tables.callSiteCount));
  asm.ret();
}

export const INTRINSICS = ['zolt_stdout', 'zolt_stderr', 'zolt_argc', 'zolt_argv', 'zolt_frame', 'zolt_call_sites', 'zolt_locations', 'zolt_functions', 'zolt_call_site_count'];

