// The elaborated program: its types (program.ts), how it is built (elaborator.ts, body.ts),
// laid out (layout.ts), checked (verify.ts) and printed (print.ts).
export * from './program';
export { elaborate, programFiles, type Elaboration, type ElaborateOptions } from './elaborator';
export { ElaborationError } from './body';
export { Layouts, STRING_LAYOUT, SLICE_LAYOUT, alignUp, type Layout } from './layout';
export { printProgram } from './print';
export { verifyProgram } from './verify';
