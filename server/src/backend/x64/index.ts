// The x86-64 encoder's public surface: the assembler, its operand types and opcode families,
// and the registers. See assembler.ts for the method naming and encoding choices.

export { Assembler, mov64Form, type AssembledCode } from './assembler';
export { ListingAssembler, formatListing, type ListingLine } from './listing';
export { CONDS, Label, condCode, invertCond, type BaseIndexMem, type Cond, type Mem, type RipMem, type RipTarget, type Scale, type Size } from './operands';
export {
  ALU_OPS,
  SHIFT_OPS,
  SSE_OPS,
  SSE_STORE_OPS,
  UNARY_OPS,
  type AluOp,
  type FloatToIntOp,
  type IntToFloatOp,
  type RoundOp,
  type ShiftOp,
  type SseOp,
  type SseStoreOp,
  type UnaryOp,
} from './opcodes';
export * from './registers';
