// Constant folding and propagation, with the algebraic identities that come up in lowered code
// (`x * 1`, `x + 0`, `0 * x` from index arithmetic, `ptradd p, 0`, `c & 1` of a comparison's
// 0 or 1, which an allocation's failure test leaves once its size is known), and branches on constants
// turned into jumps. One pass in reverse postorder: a value's replacement is known before its
// uses (block parameters excepted, which the cleanup of trivial parameters handles), so folds
// chain (`mul 0, 1` then `mul %that, 8` then `ptradd p, %that`).
//
// The results are exactly those of the interpreter (docs/language.md, Execution): integers wrap
// at their width, shifts by the width or more give 0 (or -1), division is never folded when the
// divisor is 0 (the `check.divzero` before it stops the program) and the most negative value
// divided by -1 wraps; f32 arithmetic rounds to f32 after each operation. Constants are kept in
// canonical form: the value sign-extended from the type's width.

import { bitsOf, isFloat, type Cond, type Instr, type IrType, type Operand } from '../../ir';
import { instrDef, mapInstr, mapTerm, reversePostorder, type SsaFunction } from '../ssa/ssa';

export function foldConstants(fn: SsaFunction): boolean {
  const replace = new Map<number, Operand>();
  // Lowering writes constants as the source spelt them (`255:i8`, a u64 above 2^63): each is
  // put in canonical form first, so that folds and comparisons of constants agree.
  const use = (o: Operand): Operand => (o.kind === 'var' ? (replace.get(o.var.id) ?? o) : o.kind === 'int' ? canonical(o) : o);
  // Values that are a comparison's result: 0 or 1.
  const booleans = new Set<number>();
  let changed = false;
  for (const b of reversePostorder(fn)) {
    const block = fn.blocks[b]!;
    const instrs: Instr[] = [];
    const locs: number[] = [];
    block.instrs.forEach((raw, k) => {
      const i = mapInstr(raw, use);
      const folded = fold(i) ?? (i.op === 'binary' ? booleanIdentity(i.kind, i.a, i.b, booleans) : undefined);
      const dst = instrDef(i);
      if (i.op === 'cmp') booleans.add(i.dst.id);
      if (folded && dst) {
        replace.set(dst.id, folded);
        changed = true;
        return;
      }
      instrs.push(i);
      locs.push(block.locs[k]!);
    });
    block.instrs = instrs;
    block.locs = locs;
    let term = mapTerm(block.term, use);
    if (term.op === 'br' && term.cond.kind === 'int') {
      term = { op: 'jmp', target: term.cond.value !== 0n ? term.then : term.else };
      changed = true;
    }
    block.term = term;
  }
  if (replace.size > 0) {
    // Uses in blocks that come earlier in reverse postorder (loop headers' parameters' edges).
    for (const block of fn.blocks) {
      block.instrs = block.instrs.map((i) => mapInstr(i, use));
      block.term = mapTerm(block.term, use);
    }
  }
  return changed;
}

/** What the instruction's result is, when it is known now: a constant or one of its operands. */
function fold(i: Instr): Operand | undefined {
  switch (i.op) {
    case 'binary':
      return isFloat(i.type) ? foldFloat(i.kind, i.type, i.a, i.b) : foldInteger(i.kind, i.type, i.a, i.b);
    case 'neg':
      return i.a.kind === 'int' ? int(i.type, -i.a.value) : undefined;
    case 'not':
      return i.a.kind === 'int' ? int(i.type, ~i.a.value) : undefined;
    case 'fneg':
      return i.a.kind === 'float' ? float(i.type, -i.a.value) : undefined;
    case 'cmp':
      return foldCompare(i.cond, i.type, i.a, i.b);
    case 'conv':
      return foldConversion(i.kind, i.from, i.dst.type, i.a);
    case 'ptradd':
      return i.offset.kind === 'int' && i.offset.value === 0n ? i.base : undefined;
    default:
      return undefined;
  }
}

/** `c & 1` of a value that is 0 or 1 (a comparison's) is that value. */
function booleanIdentity(kind: string, a: Operand, b: Operand, booleans: ReadonlySet<number>): Operand | undefined {
  if (kind !== 'and') return undefined;
  const [v, c] = a.kind === 'var' ? [a, b] : [b, a];
  return v.kind === 'var' && booleans.has(v.var.id) && c.kind === 'int' && c.value === 1n ? v : undefined;
}

function canonical(o: Operand & { kind: 'int' }): Operand {
  const value = BigInt.asIntN(bitsOf(o.type), o.value);
  return value === o.value ? o : { ...o, value };
}

function int(type: IrType, value: bigint): Operand {
  return { kind: 'int', type, value: BigInt.asIntN(bitsOf(type), value) };
}

function float(type: IrType, value: number): Operand {
  return { kind: 'float', type: type as 'f32' | 'f64', value: type === 'f32' ? Math.fround(value) : value };
}

function unsigned(type: IrType, v: bigint): bigint {
  return BigInt.asUintN(bitsOf(type), v);
}

function foldInteger(kind: string, type: IrType, a: Operand, b: Operand): Operand | undefined {
  const x = a.kind === 'int' ? a.value : undefined;
  const y = b.kind === 'int' ? b.value : undefined;
  // Identities with one constant operand.
  if (y !== undefined && x === undefined) {
    if (y === 0n && ['add', 'sub', 'or', 'xor', 'shl', 'lshr', 'ashr'].includes(kind)) return a;
    if (y === 1n && ['mul', 'sdiv', 'udiv'].includes(kind)) return a;
    if (y === 0n && ['mul', 'and'].includes(kind)) return int(type, 0n);
  }
  if (x !== undefined && y === undefined) {
    if (x === 0n && ['add', 'or', 'xor'].includes(kind)) return b;
    if (x === 1n && kind === 'mul') return b;
    if (x === 0n && ['mul', 'and', 'shl', 'lshr'].includes(kind)) return int(type, 0n);
  }
  if (x === undefined || y === undefined) return undefined;
  const width = BigInt(bitsOf(type));
  switch (kind) {
    case 'add':
      return int(type, x + y);
    case 'sub':
      return int(type, x - y);
    case 'mul':
      return int(type, x * y);
    case 'sdiv':
      return y === 0n ? undefined : int(type, x / y);
    case 'srem':
      return y === 0n ? undefined : int(type, x % y);
    case 'udiv':
      return y === 0n ? undefined : int(type, unsigned(type, x) / unsigned(type, y));
    case 'urem':
      return y === 0n ? undefined : int(type, unsigned(type, x) % unsigned(type, y));
    case 'and':
      return int(type, x & y);
    case 'or':
      return int(type, x | y);
    case 'xor':
      return int(type, x ^ y);
    case 'shl':
      return int(type, y < 0n || y >= width ? 0n : x << y);
    case 'ashr':
      return int(type, y < 0n || y >= width ? (x < 0n ? -1n : 0n) : x >> y);
    case 'lshr':
      return int(type, y < 0n || y >= width ? 0n : unsigned(type, x) >> y);
    default:
      return undefined;
  }
}

function foldFloat(kind: string, type: IrType, a: Operand, b: Operand): Operand | undefined {
  if (a.kind !== 'float' || b.kind !== 'float') return undefined;
  switch (kind) {
    case 'fadd':
      return float(type, a.value + b.value);
    case 'fsub':
      return float(type, a.value - b.value);
    case 'fmul':
      return float(type, a.value * b.value);
    case 'fdiv':
      return float(type, a.value / b.value);
    default:
      return undefined;
  }
}

function foldCompare(cond: Cond, type: IrType, a: Operand, b: Operand): Operand | undefined {
  let result: boolean;
  if (a.kind === 'int' && b.kind === 'int') {
    const [x, y] = cond.startsWith('u') ? [unsigned(type, a.value), unsigned(type, b.value)] : [a.value, b.value];
    result = compareValues(cond, x, y);
  } else if (a.kind === 'float' && b.kind === 'float') {
    result = compareValues(cond, a.value, b.value);
  } else {
    return undefined;
  }
  return { kind: 'int', type: 'i8', value: result ? 1n : 0n };
}

function compareValues<T extends number | bigint>(cond: Cond, x: T, y: T): boolean {
  switch (cond) {
    case 'eq':
    case 'feq':
      return x === y;
    case 'ne':
    case 'fne':
      return x !== y;
    case 'slt':
    case 'ult':
    case 'flt':
      return x < y;
    case 'sle':
    case 'ule':
    case 'fle':
      return x <= y;
    case 'sgt':
    case 'ugt':
    case 'fgt':
      return x > y;
    case 'sge':
    case 'uge':
    case 'fge':
      return x >= y;
  }
}

function foldConversion(kind: string, from: IrType, to: IrType, a: Operand): Operand | undefined {
  if (a.kind !== 'int') return undefined;
  switch (kind) {
    case 'sext':
    case 'trunc':
      return int(to, a.value);
    case 'zext':
      return int(to, unsigned(from, a.value));
    default:
      return undefined;
  }
}
