// The interpreter: a lowered program compiled to JavaScript and run (run.ts), its memory
// (memory.ts), runtime (runtime.ts), foreign calls (ffi.ts) and trace (trace.ts).
export { run, load, EXIT_RUNTIME_ERROR, EXIT_LOAD_ERROR, type RunOptions } from './run';
export { BufferedOutput, type Output, formatF64, formatF32 } from './runtime';
