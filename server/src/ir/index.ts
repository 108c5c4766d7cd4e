// The lowered IR (ir.ts), built from the elaborated program (lower/), checked (verify.ts) and
// printed (print.ts); runtime.ts lists the runtime functions it calls.
export * from './ir';
export { lowerLibrary, lowerProgram, type IrLibrary, type Lines } from './lower/program';
export { verifyIr } from './verify';
export { printIr, functionText, functionHeader, blockText, instrText, terminatorText, operandText } from './print';
export { RUNTIME, type RuntimeFunction } from './runtime';
