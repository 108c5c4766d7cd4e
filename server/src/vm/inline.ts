// Inline fast paths for the hottest operations (codegen.ts): written into the generated code
// rather than called, because V8 stops inlining helper calls in large functions, and a call
// per load or i64 addition costs more than the operation. Each template is one expression
// (or one statement) over operands that are variables or constants, and uses the function's
// scratch variables `$t`, `$o`, `$h`. The slow paths are the prelude's helpers.

import type { IrType } from '../ir';

/** An i64 operation's inline form, or undefined (then the prelude's helper is called). */
export function inlineBinary(kind: string, type: IrType, a: string, b: string): string | undefined {
  if (type !== 'i64') return undefined;
  const numbers = (x: string) => (/^-?\d+$/.test(x) ? [] : [`typeof ${x} === 'number'`]);
  const guard = [...numbers(a), ...numbers(b)];
  // `+ 0` turns a product of -0 into 0 (an i64 is never -0).
  const exact = (op: string, slow: string, plus = '') =>
    `((${[...guard, `($t = ${a} ${op} ${b}${plus}) <= 9007199254740991`, '$t >= -9007199254740991'].join(' && ')}) ? $t : ${slow}(${a}, ${b}))`;
  switch (kind) {
    case 'add':
      return exact('+', 'add64s');
    case 'sub':
      return exact('-', 'sub64s');
    case 'mul':
      return exact('*', 'mul64s', ' + 0');
    default:
      return undefined;
  }
}

export function inlineLoad(type: IrType, address: string): string {
  const inRegion = (mask: number) => `($o = ${address} - B) >= 0 && $o < S${mask ? ` && ($o & ${mask}) === 0` : ''}`;
  switch (type) {
    case 'i8':
      return `(${inRegion(0)} ? I8[$o] : M.slowLoad('i8', ${address}))`;
    case 'i16':
      return `(${inRegion(1)} ? I16[$o >> 1] : M.slowLoad('i16', ${address}))`;
    case 'i32':
      return `(${inRegion(3)} ? I32[$o >> 2] : M.slowLoad('i32', ${address}))`;
    case 'f32':
      return `(${inRegion(3)} ? F32[$o >> 2] : M.slowLoad('f32', ${address}))`;
    case 'f64':
      return `(${inRegion(7)} ? F64[$o >> 3] : M.slowLoad('f64', ${address}))`;
    case 'ptr':
      return `(${inRegion(7)} ? I32[($o >> 2) + 1] * 4294967296 + U32[$o >> 2] : ldp(${address}))`;
    case 'i64':
      return `(${inRegion(7)} && ($h = I32[($o >> 2) + 1]) >= -2097152 && $h < 2097152 ? $h * 4294967296 + U32[$o >> 2] : ld64s(${address}))`;
  }
}

export function inlineStore(type: IrType, address: string, value: string): string {
  const inRegion = (mask: number) => `($o = ${address} - B) >= 0 && $o < S${mask ? ` && ($o & ${mask}) === 0` : ''}`;
  switch (type) {
    case 'i8':
      return `if (${inRegion(0)}) I8[$o] = ${value}; else M.slowStore('i8', ${address}, ${value});`;
    case 'i16':
      return `if (${inRegion(1)}) I16[$o >> 1] = ${value}; else M.slowStore('i16', ${address}, ${value});`;
    case 'i32':
      return `if (${inRegion(3)}) I32[$o >> 2] = ${value}; else M.slowStore('i32', ${address}, ${value});`;
    case 'f32':
      return `if (${inRegion(3)}) F32[$o >> 2] = ${value}; else M.slowStore('f32', ${address}, ${value});`;
    case 'f64':
      return `if (${inRegion(7)}) F64[$o >> 3] = ${value}; else M.slowStore('f64', ${address}, ${value});`;
    case 'i64':
    case 'ptr':
      return `if (${inRegion(7)} && typeof ${value} === 'number') { $h = Math.floor(${value} / 4294967296); U32[$o >> 2] = ${value} - $h * 4294967296; I32[($o >> 2) + 1] = $h; } else M.slowStore('i64', ${address}, ${value});`;
  }
}
