// Expressions: a scalar expression becomes an operand, an aggregate one the address where its
// value is, and an expression that denotes storage (a variable in memory, a field, an
// element, a dereference) a place. Indexing checks its bounds, a dereference checks for null,
// integer division checks for zero; operands of aggregate type (a struct argument, an
// assignment) are copied, so values keep their value semantics.

import type { ElabExpr } from '../../semantics/elaborate';
import { stringBytes } from '../../syntax';
import { SLICE_LAYOUT, STRING_LAYOUT } from '../../semantics/elaborate';
import { typeToString, type Type } from '../../semantics/types';
import type { Cond, ConvKind, IrType, Operand } from '../ir';
import { bitsOf, isFloat } from '../ir';
import { LoweringBase, type Addr } from './base';

/** Aggregate expressions whose value is a new temporary (passing one needs no copy). */
const FRESH: ReadonlySet<string> = new Set(['call', 'builtin', 'struct', 'array', 'slice', 'string', 'zero', 'convert']);

export abstract class ExpressionLowering extends LoweringBase {
  // ------------------------------------------------------------------ scalars

  scalar(e: ElabExpr): Operand {
    switch (e.kind) {
      case 'int':
        return this.int(e.value, this.scalarType(e.type));
      case 'float':
        return { kind: 'float', type: this.scalarType(e.type) as 'f32' | 'f64', value: e.value };
      case 'bool':
        return this.int(e.value ? 1 : 0, 'i8');
      case 'null':
        return this.int(0, 'ptr');
      case 'zero': {
        const type = this.scalarType(e.type);
        return isFloat(type) ? { kind: 'float', type, value: 0 } : this.int(0, type);
      }
      case 'local': {
        const home = this.homes.get(e.local);
        if (!home || home.kind === 'ref') throw new Error(`the local '${e.local.name}' has no scalar home (${this.fn.key})`);
        return home.kind === 'var' ? this.v(home.var) : this.load(this.scalarType(e.type), { base: { kind: 'slot', slot: home.slot }, offset: 0 });
      }
      case 'global':
        return this.load(this.scalarType(e.type), { base: { kind: 'global', name: this.program.globalName(e.global) }, offset: 0 });
      case 'function':
        return this.program.elab.foreign.has(e.fn)
          ? { kind: 'function', name: this.program.foreignValueName(e.fn) }
          : { kind: 'function', name: this.program.functionName(e.fn) };
      case 'unary':
        return this.unary(e);
      case 'binary':
        return this.binaryExpr(e);
      case 'logical':
        return this.logical(e);
      case 'convert':
        return this.convert(e);
      case 'address':
        return this.pointer(this.place(e.place));
      case 'deref':
      case 'field':
      case 'index':
        return this.load(this.scalarType(e.type), this.place(e));
      case 'len':
        if (e.object.type.kind === 'array') return this.int(e.object.type.length);
        return this.load('i64', this.at(this.memory(e.object), 8));
      case 'data':
        if (e.object.type.kind === 'array') return this.pointer(this.memory(e.object));
        return this.load('ptr', this.memory(e.object));
      case 'call':
        return this.call(e, undefined)!;
      case 'builtin':
        return this.builtin(e, undefined)!;
      default:
        throw new Error(`a ${e.kind} expression of type ${typeToString(e.type)} is not a scalar`);
    }
  }

  private unary(e: Extract<ElabExpr, { kind: 'unary' }>): Operand {
    const type = this.scalarType(e.type);
    const a = this.scalar(e.operand);
    const dst = this.b.temp(type);
    if (e.op === '!') this.b.emit({ op: 'binary', kind: 'xor', type, dst, a, b: this.int(1, 'i8') });
    else if (e.op === '~') this.b.emit({ op: 'not', type, dst, a });
    else this.b.emit({ op: isFloat(type) ? 'fneg' : 'neg', type, dst, a });
    return this.v(dst);
  }

  private logical(e: Extract<ElabExpr, { kind: 'logical' }>): Operand {
    // a && b: b only when a is true; a || b: only when a is false.
    const result = this.b.temp('i8');
    const left = this.scalar(e.left);
    this.b.emit({ op: 'copy', dst: result, src: left });
    const evaluateRight = this.b.newBlock();
    const done = this.b.newBlock();
    if (e.op === '&&') this.b.branch(this.v(result), evaluateRight, done);
    else this.b.branch(this.v(result), done, evaluateRight);
    this.b.switchTo(evaluateRight);
    this.b.emit({ op: 'copy', dst: result, src: this.scalar(e.right) });
    this.b.jump(done);
    this.b.switchTo(done);
    return this.v(result);
  }

  private binaryExpr(e: Extract<ElabExpr, { kind: 'binary' }>): Operand {
    const operandType = e.left.type;
    if (operandType.kind === 'string') return this.stringComparison(e);
    if (this.isAggregate(operandType)) {
      const equal = this.equalAggregates(operandType, this.memory(e.left), this.memory(e.right));
      return e.op === '==' ? equal : this.binary('xor', 'i8', equal, this.int(1, 'i8'));
    }
    const repr = this.repr(operandType);
    if (repr.kind !== 'scalar') throw new Error('a binary operation on a non-scalar');
    const type = repr.type;
    const float = isFloat(type);
    const a = this.scalar(e.left);
    if (e.op === '<<' || e.op === '>>') {
      const count = this.toI64(this.scalar(e.right), e.right.type);
      return this.binary(e.op === '<<' ? 'shl' : repr.signed ? 'ashr' : 'lshr', type, a, count);
    }
    const b = this.scalar(e.right);
    switch (e.op) {
      case '+':
        return this.binary(float ? 'fadd' : 'add', type, a, b);
      case '-':
        return this.binary(float ? 'fsub' : 'sub', type, a, b);
      case '*':
        return this.binary(float ? 'fmul' : 'mul', type, a, b);
      case '/':
      case '%': {
        if (float) {
          if (e.op === '%') throw new Error('% on floats');
          return this.binary('fdiv', type, a, b);
        }
        if (!(b.kind === 'int' && b.value !== 0n)) this.b.emit({ op: 'check', kind: 'divzero', args: [b], loc: this.loc(e.right.span) });
        const kind = e.op === '/' ? (repr.signed ? 'sdiv' : 'udiv') : repr.signed ? 'srem' : 'urem';
        return this.binary(kind, type, a, b);
      }
      case '&':
        return this.binary('and', type, a, b);
      case '|':
        return this.binary('or', type, a, b);
      case '^':
        return this.binary('xor', type, a, b);
      default:
        return this.compare(conditionOf(e.op, float, repr.signed), type, a, b);
    }
  }

  compare(cond: Cond, type: IrType, a: Operand, b: Operand): Operand {
    const dst = this.b.temp('i8');
    this.b.emit({ op: 'cmp', cond, type, dst, a, b });
    return this.v(dst);
  }

  private stringComparison(e: Extract<ElabExpr, { kind: 'binary' }>): Operand {
    const left = this.memory(e.left);
    const right = this.memory(e.right);
    const args = [this.load('ptr', left), this.load('i64', this.at(left, 8)), this.load('ptr', right), this.load('i64', this.at(right, 8))];
    if (e.op === '==' || e.op === '!=') {
      const equal = this.rt('str_eq', args, e.span, 'i8')!;
      return e.op === '==' ? equal : this.binary('xor', 'i8', equal, this.int(1, 'i8'));
    }
    const order = this.rt('str_cmp', args, e.span, 'i32')!;
    return this.compare(conditionOf(e.op, false, true), 'i32', order, this.int(0, 'i32'));
  }

  /** 1 when two aggregates of a type are equal, field by field (strings by content). */
  equalAggregates(type: Type, a: Addr, b: Addr): Operand {
    if (type.kind === 'string') {
      return this.rt('str_eq', [this.load('ptr', a), this.load('i64', this.at(a, 8)), this.load('ptr', b), this.load('i64', this.at(b, 8))], { start: 0, end: 0 }, 'i8')!;
    }
    const parts: Operand[] = [];
    const compareAt = (t: Type, offset: number) => {
      const r = this.repr(t);
      if (r.kind === 'scalar') {
        parts.push(this.compare(isFloat(r.type) ? 'feq' : 'eq', r.type, this.load(r.type, this.at(a, offset)), this.load(r.type, this.at(b, offset))));
      } else {
        parts.push(this.equalAggregates(t, this.at(a, offset), this.at(b, offset)));
      }
    };
    if (type.kind === 'struct') {
      for (const f of this.program.elab.layouts.struct(type.symbol).fields) compareAt(f.type, f.offset);
    } else if (type.kind === 'array') {
      const size = this.sizeOf(type.element);
      for (let i = 0; i < type.length; i++) compareAt(type.element, i * size);
    }
    return parts.reduce((x, y) => this.binary('and', 'i8', x, y), this.int(1, 'i8'));
  }

  /** An integer operand of any width as an i64 (sign- or zero-extended by its type). */
  toI64(value: Operand, type: Type): Operand {
    const repr = this.repr(type);
    if (repr.kind !== 'scalar' || repr.type === 'i64') return value;
    if (value.kind === 'int') return this.int(value.value, 'i64');
    return this.conv(repr.signed ? 'sext' : 'zext', repr.type, 'i64', value);
  }

  conv(kind: ConvKind, from: IrType, to: IrType, a: Operand): Operand {
    const dst = this.b.temp(to);
    this.b.emit({ op: 'conv', kind, from, dst, a });
    return this.v(dst);
  }

  private convert(e: Extract<ElabExpr, { kind: 'convert' }>): Operand {
    const from = e.value.type;
    const to = e.type;
    if (e.value.kind === 'string' && to.kind === 'pointer') return { kind: 'string', index: this.program.string(e.value.value) };
    const a = this.scalar(e.value);
    const source = this.repr(from);
    const target = this.repr(to);
    if (source.kind !== 'scalar' || target.kind !== 'scalar') throw new Error(`a conversion from ${typeToString(from)} to ${typeToString(to)}`);
    return this.numericConversion(a, source.type, source.signed, target.type, target.signed);
  }

  /** A scalar of one IR type as another, by the rules of docs/language.md (Execution). */
  numericConversion(a: Operand, from: IrType, signed: boolean, to: IrType, toSigned: boolean): Operand {
    if (from === to) return a;
    const fromFloat = isFloat(from);
    const toFloat = isFloat(to);
    if (fromFloat && toFloat) return this.conv(bitsOf(to) > bitsOf(from) ? 'fpext' : 'fptrunc', from, to, a);
    if (fromFloat) return this.conv(toSigned ? 'fptosi' : 'fptoui', from, to, a);
    if (toFloat) return this.conv(signed ? 'sitofp' : 'uitofp', from, to, a);
    if ((from === 'ptr' && to === 'i64') || (from === 'i64' && to === 'ptr')) {
      const dst = this.b.temp(to);
      this.b.emit({ op: 'copy', dst, src: a });
      return this.v(dst);
    }
    if (bitsOf(to) > bitsOf(from)) return this.conv(signed ? 'sext' : 'zext', from, to, a);
    return this.conv('trunc', from, to, a);
  }

  // ------------------------------------------------------------------ memory

  /** Where an aggregate-typed expression's value is (a place, or a temporary). */
  memory(e: ElabExpr): Addr {
    return this.aggregate(e);
  }

  aggregate(e: ElabExpr): Addr {
    switch (e.kind) {
      case 'string': {
        const addr = this.tempSlot(e.type, 'string literal');
        this.store('ptr', addr, { kind: 'string', index: this.program.string(e.value) });
        this.store('i64', this.at(addr, 8), this.int(utf8Length(e.value)));
        return addr;
      }
      case 'zero': {
        const addr = this.tempSlot(e.type, 'zero');
        this.zero(addr, this.sizeOf(e.type));
        return addr;
      }
      case 'local':
      case 'global':
      case 'deref':
      case 'field':
      case 'index':
      case 'context':
        return this.place(e);
      case 'convert': {
        // An array as a slice: a view of it.
        if (e.value.type.kind !== 'array' || e.type.kind !== 'slice') throw new Error(`an aggregate conversion to ${typeToString(e.type)}`);
        const array = this.memory(e.value);
        const addr = this.tempSlot(e.type, 'slice of an array');
        this.store('ptr', addr, this.pointer(array));
        this.store('i64', this.at(addr, SLICE_LAYOUT.len), this.int(e.value.type.length));
        this.store('i64', this.at(addr, SLICE_LAYOUT.stride), this.int(1));
        return addr;
      }
      case 'slice':
        return this.sliceExpr(e);
      case 'call': {
        const addr = this.tempSlot(e.type, 'call result');
        this.call(e, addr);
        return addr;
      }
      case 'builtin': {
        const addr = this.tempSlot(e.type, `${e.name} result`);
        this.builtin(e, addr);
        return addr;
      }
      case 'struct':
      case 'array': {
        const addr = this.tempSlot(e.type, e.kind === 'struct' ? 'struct literal' : 'array literal');
        this.aggregateInto(e, addr);
        return addr;
      }
      default:
        throw new Error(`a ${e.kind} expression of type ${typeToString(e.type)} is not an aggregate`);
    }
  }

  /** Writes an aggregate value to `dst` (literals in place; anything else copied). */
  aggregateInto(e: ElabExpr, dst: Addr): void {
    if (e.kind === 'struct' && e.type.kind === 'struct') {
      const fields = this.program.elab.layouts.struct(e.type.symbol).fields;
      e.fields.forEach((value, i) => this.storeValue(value, this.at(dst, fields[i]!.offset)));
      return;
    }
    if (e.kind === 'array' && e.type.kind === 'array') {
      const size = this.sizeOf(e.type.element);
      e.elements.forEach((value, i) => this.storeValue(value, this.at(dst, i * size)));
      return;
    }
    if (e.kind === 'zero') {
      this.zero(dst, this.sizeOf(e.type));
      return;
    }
    if (e.kind === 'call') {
      this.call(e, dst); // the callee writes the result where it belongs
      return;
    }
    this.copy(dst, this.aggregate(e), this.sizeOf(e.type));
  }

  /** Stores a value of any type at an address. */
  storeValue(value: ElabExpr, dst: Addr): void {
    const repr = this.repr(value.type);
    if (repr.kind === 'scalar') this.store(repr.type, dst, this.scalar(value));
    else if (repr.kind === 'aggregate') this.aggregateInto(value, dst);
  }

  place(e: ElabExpr): Addr {
    switch (e.kind) {
      case 'local': {
        const home = this.homes.get(e.local);
        if (home?.kind === 'ref') return { base: this.v(home.pointer), offset: 0 };
        if (home?.kind !== 'slot') throw new Error(`the local '${e.local.name}' is not in memory (${this.fn.key})`);
        return { base: { kind: 'slot', slot: home.slot }, offset: 0 };
      }
      case 'global':
        return { base: { kind: 'global', name: this.program.globalName(e.global) }, offset: 0 };
      case 'context':
        return { base: this.context, offset: 0 };
      case 'deref': {
        const pointer = this.scalar(e.pointer);
        this.b.emit({ op: 'check', kind: 'null', args: [pointer], loc: this.loc(e.span) });
        return { base: pointer, offset: 0 };
      }
      case 'field': {
        if (e.object.type.kind !== 'struct') throw new Error('a field of a value that is not a struct');
        const offset = this.program.elab.layouts.struct(e.object.type.symbol).fields[e.index]!.offset;
        return this.at(this.memory(e.object), offset);
      }
      case 'index':
        return { base: this.elementAddress(e), offset: 0 };
      default:
        return this.aggregate(e); // a temporary: readable, as any value
    }
  }

  private elementAddress(e: Extract<ElabExpr, { kind: 'index' }>): Operand {
    const objectType = e.object.type;
    const loc = this.loc(e.span);
    if (objectType.kind === 'pointer') {
      const pointer = this.scalar(e.object);
      const index = this.scalar(e.index);
      this.b.emit({ op: 'check', kind: 'null', args: [pointer], loc });
      return this.indexAddress(pointer, index, this.sizeOf(e.type));
    }
    const object = this.memory(e.object);
    const index = this.scalar(e.index);
    if (objectType.kind === 'array') {
      this.b.emit({ op: 'check', kind: 'bounds', args: [index, this.int(objectType.length)], loc });
      return this.indexAddress(this.pointer(object), index, this.sizeOf(objectType.element));
    }
    if (objectType.kind === 'string') {
      const data = this.load('ptr', object);
      this.b.emit({ op: 'check', kind: 'bounds', args: [index, this.load('i64', this.at(object, STRING_LAYOUT.len))], loc });
      return this.indexAddress(data, index, 1);
    }
    if (objectType.kind === 'slice') {
      const data = this.load('ptr', object);
      this.b.emit({ op: 'check', kind: 'bounds', args: [index, this.load('i64', this.at(object, SLICE_LAYOUT.len))], loc });
      const stride = this.load('i64', this.at(object, SLICE_LAYOUT.stride));
      return this.indexAddress(data, this.binary('mul', 'i64', index, stride), this.sizeOf(objectType.element));
    }
    throw new Error(`indexing a ${typeToString(objectType)}`);
  }

  /**
   * `xs[lo:hi:step]`: checks 0 <= lo <= hi <= len and step > 0, then a view: data + lo, length
   * ceil((hi - lo) / step), stride times step. A string gives a string (no step).
   */
  private sliceExpr(e: Extract<ElabExpr, { kind: 'slice' }>): Addr {
    const objectType = e.object.type;
    const loc = this.loc(e.span);
    const object = this.memory(e.object);
    let data: Operand;
    let length: Operand;
    let stride: Operand = this.int(1);
    let elementSize = 1;
    if (objectType.kind === 'array') {
      data = this.pointer(object);
      length = this.int(objectType.length);
      elementSize = this.sizeOf(objectType.element);
    } else if (objectType.kind === 'slice') {
      data = this.load('ptr', object);
      length = this.load('i64', this.at(object, SLICE_LAYOUT.len));
      stride = this.load('i64', this.at(object, SLICE_LAYOUT.stride));
      elementSize = this.sizeOf(objectType.element);
    } else if (objectType.kind === 'string') {
      data = this.load('ptr', object);
      length = this.load('i64', this.at(object, STRING_LAYOUT.len));
    } else {
      throw new Error(`slicing a ${typeToString(objectType)}`);
    }
    const lo = e.start ? this.scalar(e.start) : this.int(0);
    const hi = e.end ? this.scalar(e.end) : length;
    this.b.emit({ op: 'check', kind: 'slice', args: [lo, hi, length], loc });
    const start = this.indexAddress(data, stride.kind === 'int' && stride.value === 1n ? lo : this.binary('mul', 'i64', lo, stride), elementSize);
    let count = this.binary('sub', 'i64', hi, lo);
    let newStride = stride;
    if (e.step) {
      const step = this.scalar(e.step);
      this.b.emit({ op: 'check', kind: 'step', args: [step], loc });
      // ceil(count / step) for count >= 0 and step > 0: (count + step - 1) / step.
      count = this.binary('sdiv', 'i64', this.binary('sub', 'i64', this.binary('add', 'i64', count, step), this.int(1)), step);
      newStride = this.binary('mul', 'i64', stride, step);
    }
    const result = this.tempSlot(e.type, 'slice');
    this.store('ptr', result, start);
    this.store('i64', this.at(result, 8), count);
    if (e.type.kind === 'slice') this.store('i64', this.at(result, SLICE_LAYOUT.stride), newStride);
    return result;
  }

  // ------------------------------------------------------------------ calls

  /**
   * A call; a scalar result is returned, an aggregate one written to `dst` (required then).
   * Arguments are evaluated left to right, after the callee value.
   */
  call(e: Extract<ElabExpr, { kind: 'call' }>, dst: Addr | undefined): Operand | undefined {
    const repr = this.repr(e.type);
    const loc = this.loc(e.span);
    if (e.target.kind === 'foreign') return this.foreignCall(e, e.target.fn, dst);
    const callee = e.target.kind === 'value' ? this.scalar(e.target.callee) : undefined;
    const args: Operand[] = [this.context];
    if (repr.kind === 'aggregate') {
      if (!dst) throw new Error('an aggregate result with nowhere to go');
      args.push(this.pointer(dst));
    }
    for (const arg of e.args) args.push(this.argument(arg));
    const result = repr.kind === 'scalar' ? this.b.temp(repr.type) : undefined;
    if (callee) this.b.emit({ op: 'callind', dst: result, callee, args, loc });
    else if (e.target.kind === 'function') this.b.emit({ op: 'call', dst: result, fn: this.program.functionName(e.target.fn), args, loc });
    return result ? this.v(result) : undefined;
  }

  /** A Zolt call's argument: a scalar, or a pointer to a copy of an aggregate. */
  private argument(arg: ElabExpr): Operand {
    const repr = this.repr(arg.type);
    if (repr.kind === 'scalar') return this.scalar(arg);
    if (FRESH.has(arg.kind)) return this.pointer(this.aggregate(arg));
    const copy = this.tempSlot(arg.type, 'argument');
    this.copy(copy, this.aggregate(arg), repr.kind === 'aggregate' ? repr.size : 0);
    return this.pointer(copy);
  }

  private foreignCall(e: Extract<ElabExpr, { kind: 'call' }>, key: string, dst: Addr | undefined): Operand | undefined {
    const name = this.program.foreignName(key);
    const declared = this.program.elab.foreign.get(key)!.type;
    const args: Operand[] = [];
    const repr = this.repr(e.type);
    if (repr.kind === 'aggregate') {
      if (!dst) throw new Error('a struct result with nowhere to go');
      args.push(this.pointer(dst)); // a struct result is written to the first argument
    }
    const variadic: import('../ir').ForeignValue[] = [];
    e.args.forEach((arg, i) => {
      const r = this.repr(arg.type);
      args.push(r.kind === 'scalar' ? this.scalar(arg) : this.pointer(this.aggregate(arg)));
      if (i >= declared.params.length) variadic.push(this.foreignValue(arg.type));
    });
    const result = repr.kind === 'scalar' ? this.b.temp(repr.type) : undefined;
    this.b.emit({ op: 'callforeign', dst: result, fn: name, args, variadic, loc: this.loc(e.span) });
    return result ? this.v(result) : undefined;
  }

  /** How a value of a Zolt type crosses into C: a scalar, or a struct by value. */
  foreignValue(type: Type): import('../ir').ForeignValue {
    const repr = this.repr(type);
    if (repr.kind === 'scalar') return { kind: 'scalar', type: repr.type, signed: repr.signed };
    return { kind: 'struct', layout: structLayout(this, type) };
  }

  // ------------------------------------------------------------------ defined by later layers

  abstract builtin(e: Extract<ElabExpr, { kind: 'builtin' }>, dst: Addr | undefined): Operand | undefined;
}

/** A struct's layout for C: its scalar leaves with their offsets, nested aggregates flattened. */
export function structLayout(lowering: LoweringBase, type: Type): import('../ir').StructLayout {
  const fields: { offset: number; type: IrType }[] = [];
  const visit = (t: Type, offset: number) => {
    const repr = lowering.repr(t);
    if (repr.kind === 'scalar') {
      fields.push({ offset, type: repr.type });
    } else if (t.kind === 'struct') {
      for (const f of lowering.program.elab.layouts.struct(t.symbol).fields) visit(f.type, offset + f.offset);
    } else if (t.kind === 'array') {
      const size = lowering.sizeOf(t.element);
      for (let i = 0; i < t.length; i++) visit(t.element, offset + i * size);
    } else if (t.kind === 'string') {
      visit({ kind: 'pointer', to: { kind: 'int', name: 'u8', bits: 8, signed: false } }, offset);
      visit({ kind: 'int', name: 'i64', bits: 64, signed: true }, offset + 8);
    } else if (t.kind === 'slice') {
      visit({ kind: 'pointer', to: t.element }, offset);
      visit({ kind: 'int', name: 'i64', bits: 64, signed: true }, offset + 8);
      visit({ kind: 'int', name: 'i64', bits: 64, signed: true }, offset + 16);
    }
  };
  visit(type, 0);
  const layout = lowering.program.elab.layouts.layout(type);
  return { size: layout.size, align: layout.align, fields, c: cType(lowering, type) };
}

const I64: Type = { kind: 'int', name: 'i64', bits: 64, signed: true };

function cType(lowering: LoweringBase, t: Type): import('../ir').CType {
  const repr = lowering.repr(t);
  if (repr.kind === 'scalar') return { kind: 'scalar', type: repr.type, signed: repr.signed };
  switch (t.kind) {
    case 'struct':
      return { kind: 'struct', members: lowering.program.elab.layouts.struct(t.symbol).fields.map((f) => cType(lowering, f.type)) };
    case 'array':
      return { kind: 'array', element: cType(lowering, t.element), length: t.length };
    case 'string':
      return { kind: 'struct', members: [{ kind: 'scalar', type: 'ptr', signed: false }, cType(lowering, I64)] };
    case 'slice':
      return { kind: 'struct', members: [{ kind: 'scalar', type: 'ptr', signed: false }, cType(lowering, I64), cType(lowering, I64)] };
    default:
      throw new Error(`no C type for ${typeToString(t)}`);
  }
}

function conditionOf(op: string, float: boolean, signed: boolean): Cond {
  if (float) {
    switch (op) {
      case '==':
        return 'feq';
      case '!=':
        return 'fne';
      case '<':
        return 'flt';
      case '<=':
        return 'fle';
      case '>':
        return 'fgt';
      default:
        return 'fge';
    }
  }
  switch (op) {
    case '==':
      return 'eq';
    case '!=':
      return 'ne';
    case '<':
      return signed ? 'slt' : 'ult';
    case '<=':
      return signed ? 'sle' : 'ule';
    case '>':
      return signed ? 'sgt' : 'ugt';
    default:
      return signed ? 'sge' : 'uge';
  }
}

export function utf8Length(text: string): number {
  return stringBytes(text).length;
}
