// The lowered IR: what the interpreter (vm/) and the native backend (backend/) both run, made
// from the elaborated program once (lower/), so that the two cannot disagree about what a
// program means (as rustc's MIR feeds both Miri and code generation).
//
// It is a control-flow graph of basic blocks over machine-level values:
//
// - Types are `i8 i16 i32 i64 f32 f64 ptr`: integers carry no sign (operations do: sdiv/udiv,
//   slt/ult, sext/zext), `bool` is an i8 holding 0 or 1, `ptr` is a 64-bit address.
// - Values are variables (`%3`): a function's scalar locals whose address is never taken, and
//   temporaries. A variable may be assigned more than once (locals are); the backend builds SSA.
// - Everything else lives in memory and is reached through explicit address arithmetic, loads
//   and stores: stack slots (`$2`, a function's aggregates and address-taken locals),
//   globals (`@@name`), string literals (`str#0`, NUL-terminated), the heap. Aggregates (structs,
//   strings, slices, arrays) are never values: an expression of aggregate type is an address.
// - Every Zolt function takes the implicit context as its first parameter, a pointer to a
//   Context in memory; a function returning an aggregate takes a second, hidden one: where to
//   write the result. Aggregate arguments are passed as pointers to the caller's copy. Foreign
//   functions are called with their C signature and never see the context.
// - Run-time checks (bounds, slice ranges and steps, division by zero, null pointers) are
//   explicit `check` instructions, and every check, trap and call carries a source location,
//   for the run-time error message and its stack trace.
// - `defer` is expanded on every exit path, `switch` and `for` are branches, `print` is a
//   sequence of runtime calls (runtime.ts lists them).

export type IrType = 'i8' | 'i16' | 'i32' | 'i64' | 'f32' | 'f64' | 'ptr';

export type IntType = 'i8' | 'i16' | 'i32' | 'i64';

export function isFloat(t: IrType): t is 'f32' | 'f64' {
  return t === 'f32' || t === 'f64';
}

export function bitsOf(t: IrType): 8 | 16 | 32 | 64 {
  switch (t) {
    case 'i8':
      return 8;
    case 'i16':
      return 16;
    case 'i32':
    case 'f32':
      return 32;
    default:
      return 64;
  }
}

export interface Var {
  readonly id: number;
  readonly type: IrType;
  /** The local's name, or undefined for a temporary. */
  readonly name: string | undefined;
}

export interface Slot {
  readonly id: number;
  readonly size: number;
  readonly align: number;
  /** What it holds: a local's name, or what the temporary is for. */
  readonly name: string;
}

export type Operand =
  | { readonly kind: 'var'; readonly var: Var }
  | { readonly kind: 'int'; readonly type: IrType; readonly value: bigint }
  | { readonly kind: 'float'; readonly type: 'f32' | 'f64'; readonly value: number }
  /** The address of a stack slot of the current function. */
  | { readonly kind: 'slot'; readonly slot: Slot }
  /** The address of a global. */
  | { readonly kind: 'global'; readonly name: string }
  /** The address of a Zolt function (a function value). */
  | { readonly kind: 'function'; readonly name: string }
  /** The address of string literal number `index` (its bytes, NUL-terminated). */
  | { readonly kind: 'string'; readonly index: number };

export function operandType(o: Operand): IrType {
  switch (o.kind) {
    case 'var':
      return o.var.type;
    case 'int':
    case 'float':
      return o.type;
    default:
      return 'ptr';
  }
}

export type BinaryOp =
  | 'add' | 'sub' | 'mul' | 'sdiv' | 'udiv' | 'srem' | 'urem'
  | 'and' | 'or' | 'xor' | 'shl' | 'lshr' | 'ashr'
  | 'fadd' | 'fsub' | 'fmul' | 'fdiv';

export type Cond =
  | 'eq' | 'ne' | 'slt' | 'sle' | 'sgt' | 'sge' | 'ult' | 'ule' | 'ugt' | 'uge'
  | 'feq' | 'fne' | 'flt' | 'fle' | 'fgt' | 'fge';

export type ConvKind = 'sext' | 'zext' | 'trunc' | 'sitofp' | 'uitofp' | 'fptosi' | 'fptoui' | 'fpext' | 'fptrunc';

/**
 * What a foreign parameter or result is: a scalar, or a struct passed by value (its layout).
 * A scalar's `signed` is its Zolt type's (bool and pointers: false; absent: true). C callers
 * extend an argument narrower than 32 bits to 32 by it (sign or zero); Clang's callees rely
 * on that, though the psABI leaves those bits undefined.
 */
export type ForeignValue =
  | { readonly kind: 'scalar'; readonly type: IrType; readonly signed?: boolean }
  | { readonly kind: 'struct'; readonly layout: StructLayout };

export interface StructLayout {
  readonly size: number;
  readonly align: number;
  /** The scalar leaves of the struct, flattened (nested structs and arrays expanded), in order. */
  readonly fields: readonly { readonly offset: number; readonly type: IrType }[];
  /** The struct as C declares it (members nested as written), for FFI libraries that build C types. */
  readonly c: CType;
}

/** A C type: a scalar, a struct of members, or an array. */
export type CType =
  | { readonly kind: 'scalar'; readonly type: IrType; readonly signed: boolean }
  | { readonly kind: 'struct'; readonly members: readonly CType[] }
  | { readonly kind: 'array'; readonly element: CType; readonly length: number };

export interface ForeignSignature {
  readonly params: readonly ForeignValue[];
  readonly ret: ForeignValue | undefined;
  readonly variadic: boolean;
}

export type CheckKind =
  /** `index` (i64) within 0 to `length` - 1; operands: index, length. */
  | 'bounds'
  /** 0 <= lo <= hi <= length; operands: lo, hi, length. */
  | 'slice'
  /** a slice step greater than 0; operand: step. */
  | 'step'
  /** an integer divisor that is not 0; operand: divisor. */
  | 'divzero'
  /** a pointer that is not null; operand: pointer. */
  | 'null'
  /** a slice whose elements are contiguous (stride 1), for `string_from`; operand: stride. */
  | 'contiguous'
  /** an allocation size that is not negative; operand: size in bytes. */
  | 'size';

export type TrapKind = 'unreachable' | 'assert' | 'panic' | 'alloc-failed';

export type Instr =
  | { readonly op: 'copy'; readonly dst: Var; readonly src: Operand }
  | { readonly op: 'binary'; readonly kind: BinaryOp; readonly type: IrType; readonly dst: Var; readonly a: Operand; readonly b: Operand }
  | { readonly op: 'neg' | 'not' | 'fneg'; readonly type: IrType; readonly dst: Var; readonly a: Operand }
  | { readonly op: 'cmp'; readonly cond: Cond; readonly type: IrType; readonly dst: Var; readonly a: Operand; readonly b: Operand }
  | { readonly op: 'conv'; readonly kind: ConvKind; readonly from: IrType; readonly dst: Var; readonly a: Operand }
  /** `base + offset` as a pointer (offset an i64, scaled already). */
  | { readonly op: 'ptradd'; readonly dst: Var; readonly base: Operand; readonly offset: Operand }
  | { readonly op: 'load'; readonly type: IrType; readonly dst: Var; readonly addr: Operand; readonly offset: number }
  | { readonly op: 'store'; readonly type: IrType; readonly addr: Operand; readonly offset: number; readonly value: Operand }
  /** Copies `size` bytes (the regions do not overlap, or are the same). */
  | { readonly op: 'memcpy'; readonly dst: Operand; readonly src: Operand; readonly size: number }
  | { readonly op: 'memzero'; readonly dst: Operand; readonly size: Operand }
  | { readonly op: 'call'; readonly dst: Var | undefined; readonly fn: string; readonly args: readonly Operand[]; readonly loc: number }
  | { readonly op: 'callind'; readonly dst: Var | undefined; readonly callee: Operand; readonly args: readonly Operand[]; readonly loc: number }
  | { readonly op: 'callforeign'; readonly dst: Var | undefined; readonly fn: string; readonly args: readonly Operand[]; readonly variadic: readonly ForeignValue[]; readonly loc: number }
  /** A runtime function (runtime.ts). */
  | { readonly op: 'rt'; readonly dst: Var | undefined; readonly fn: string; readonly args: readonly Operand[]; readonly loc: number }
  | { readonly op: 'check'; readonly kind: CheckKind; readonly args: readonly Operand[]; readonly loc: number };

export type Terminator =
  | { readonly op: 'jmp'; readonly target: number }
  | { readonly op: 'br'; readonly cond: Operand; readonly then: number; readonly else: number }
  | { readonly op: 'ret'; readonly value: Operand | undefined }
  /** Stops the program with a run-time error; `message` is a string's address and length for `panic`. */
  | { readonly op: 'trap'; readonly kind: TrapKind; readonly args: readonly Operand[]; readonly loc: number };

export interface Block {
  readonly id: number;
  readonly instrs: Instr[];
  terminator: Terminator;
  /** The source location of each instruction (the statement it comes from), then the terminator's. */
  readonly locs: number[];
}

export interface IrFunction {
  readonly name: string;
  /** The source name and file, for stack traces. */
  readonly source: { readonly name: string; readonly file: string };
  readonly params: readonly Var[];
  readonly ret: IrType | undefined;
  /** Returns an aggregate through its second parameter. */
  readonly sret: boolean;
  /**
   * Parameters that point at memory nothing writes while the function runs: an aggregate
   * argument is the caller's private copy (or a temporary), and parameters are immutable. Loads
   * through them may be done once.
   */
  readonly readonlyParams?: readonly number[];
  readonly vars: readonly Var[];
  readonly slots: readonly Slot[];
  /** `blocks[0]` is the entry. */
  readonly blocks: readonly Block[];
  /** The location of the function's declaration. */
  readonly loc: number;
}

export interface ForeignFunction {
  readonly name: string;
  readonly library: string;
  readonly signature: ForeignSignature;
}

export interface Global {
  readonly name: string;
  readonly size: number;
  readonly align: number;
}

/** A place in the source: runtime errors and stack traces name it. */
export interface Location {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export interface IrProgram {
  readonly functions: readonly IrFunction[];
  readonly foreign: readonly ForeignFunction[];
  readonly globals: readonly Global[];
  /** String literals, by index: their UTF-8 bytes (without the NUL the loader adds). */
  readonly strings: readonly Uint8Array[];
  readonly locations: readonly Location[];
  /** Runs before `main`: initialises the globals (a function with the usual context parameter). */
  readonly init: string;
  /** The program's main function, and how its result becomes the exit status. */
  readonly main: { readonly name: string; readonly ret: IrType | undefined };
  /**
   * The size and alignment of a Context. The runtime allocates one (zeroed) and passes it to
   * `init`, which fills in the default allocator and logger and initialises the globals, then
   * to `main`.
   */
  readonly context: { readonly size: number; readonly align: number };
}
