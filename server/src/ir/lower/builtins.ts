// Builtins: `print` and `println` become a runtime call per scalar piece (structs, arrays,
// slices and enums are expanded here, in the stated format: `Vec2{x: 1, y: 2}`, `[1, 2, 3]`,
// member names); `alloc` and `free` call the context's allocator; the others are runtime calls
// or checks.

import type { ElabExpr, Span } from '../../semantics/elaborate';
import { SLICE_LAYOUT, STRING_LAYOUT } from '../../semantics/elaborate';
import { typeToString, type Type } from '../../semantics/types';
import type { Operand } from '../ir';
import { STREAM_ERR, STREAM_OUT, type Addr } from './base';
import { ExpressionLowering, utf8Length } from './expressions';

/** The largest size the interpreter's numbers hold exactly (rt_alloc_size's limit). */
const MAX_SAFE_SIZE = BigInt(Number.MAX_SAFE_INTEGER);

/** AllocatorMode's values (std/prelude.zolt). */
const ALLOCATE = 0;
const FREE = 2;

export abstract class BuiltinLowering extends ExpressionLowering {
  builtin(e: Extract<ElabExpr, { kind: 'builtin' }>, dst: Addr | undefined): Operand | undefined {
    const span = e.span;
    switch (e.name) {
      case 'print':
      case 'println':
      case 'eprint':
      case 'eprintln': {
        const stream = this.int(e.name.startsWith('e') ? STREAM_ERR : STREAM_OUT, 'i32');
        for (const arg of e.args) {
          if (arg.kind === 'string') this.text(stream, arg.value, span); // a literal: its bytes, no string value needed
          else this.printValue(stream, arg.type, this.valueOf(arg), false, span);
        }
        if (e.name.endsWith('ln')) this.rt('print_newline', [stream], span);
        return undefined;
      }
      case 'alloc':
        return this.alloc(e, dst!);
      case 'free':
        return this.free(e);
      case 'copy': {
        const [to, from] = e.args.map((a) => this.memory(a));
        const element = e.args[0]!.type.kind === 'slice' ? this.sizeOf(e.args[0]!.type.element) : 1;
        const parts = (s: Addr) => [this.load('ptr', s), this.load('i64', this.at(s, SLICE_LAYOUT.len)), this.load('i64', this.at(s, SLICE_LAYOUT.stride))];
        return this.rt('copy', [...parts(to!), ...parts(from!), this.int(element)], span, 'i64');
      }
      case 'assert': {
        const ok = this.scalar(e.args[0]!);
        const fail = this.b.newBlock();
        const next = this.b.newBlock();
        this.b.branch(ok, next, fail);
        this.b.switchTo(fail);
        this.b.terminate({ op: 'trap', kind: 'assert', args: [], loc: this.loc(span) });
        this.b.switchTo(next);
        return undefined;
      }
      case 'panic': {
        const message = this.memory(e.args[0]!);
        this.b.terminate({ op: 'trap', kind: 'panic', args: [this.load('ptr', message), this.load('i64', this.at(message, STRING_LAYOUT.len))], loc: this.loc(span) });
        return undefined;
      }
      case 'clock':
        return this.rt('clock', [], span, 'f64');
      case 'string_from': {
        const bytes = this.memory(e.args[0]!);
        this.b.emit({ op: 'check', kind: 'contiguous', args: [this.load('i64', this.at(bytes, SLICE_LAYOUT.stride))], loc: this.loc(span) });
        this.store('ptr', dst!, this.load('ptr', bytes));
        this.store('i64', this.at(dst!, STRING_LAYOUT.len), this.load('i64', this.at(bytes, SLICE_LAYOUT.len)));
        return undefined;
      }
      case 'cstring': {
        const pointer = this.scalar(e.args[0]!);
        this.b.emit({ op: 'check', kind: 'null', args: [pointer], loc: this.loc(span) });
        this.store('ptr', dst!, pointer);
        this.store('i64', this.at(dst!, STRING_LAYOUT.len), this.rt('strlen', [pointer], span, 'i64')!);
        return undefined;
      }
      case 'args':
        this.rt('args', [this.pointer(dst!)], span);
        return undefined;
      case 'heap_alloc':
        return this.rt('heap_alloc', [this.scalar(e.args[0]!)], span, 'ptr');
      case 'heap_free':
        this.rt('heap_free', [this.scalar(e.args[0]!), this.scalar(e.args[1]!)], span);
        return undefined;
      case 'heap_resize':
        return this.rt('heap_resize', e.args.map((a) => this.scalar(a)), span, 'ptr');
    }
  }

  /** A value to print: an operand for a scalar, an address for an aggregate. */
  private valueOf(e: ElabExpr): Operand | Addr {
    return this.isAggregate(e.type) ? this.memory(e) : this.scalar(e);
  }

  // ------------------------------------------------------------------ allocation

  /** The context's allocator, called: `proc(mode, size, old_size, old_memory, data)`. */
  private allocator(mode: number, size: Operand, oldSize: Operand, oldMemory: Operand, span: Span): Operand {
    const allocator = this.allocatorAddress();
    const proc = this.load('ptr', allocator);
    const data = this.load('ptr', this.at(allocator, 8));
    const dst = this.b.temp('ptr');
    this.b.emit({ op: 'callind', dst, callee: proc, args: [this.context, this.int(mode), size, oldSize, oldMemory, data], loc: this.loc(span) });
    return this.v(dst);
  }

  private allocatorAddress(): Addr {
    const context = this.program.elab.layouts.struct(contextSymbol(this));
    const field = context.fields.find((f) => f.name === 'allocator')!;
    return { base: this.context, offset: field.offset };
  }

  /** `alloc(T, n)`: n zeroed elements from the context's allocator, as a []T. */
  private alloc(e: Extract<ElabExpr, { kind: 'builtin' }>, dst: Addr): undefined {
    const element = e.typeArg!;
    const count = this.scalar(e.args[0]!);
    const elementSize = this.sizeOf(element);
    // A constant count's size is known here, and checked (rt_alloc_size checks the others at
    // run time): the zeroing below then has a constant size, which the backend writes inline.
    const known = count.kind === 'int' && count.value >= 0n && count.value * BigInt(elementSize) <= MAX_SAFE_SIZE;
    const size = known ? this.int(Number(count.value) * elementSize) : this.rt('alloc_size', [count, this.int(elementSize)], e.span, 'i64')!;
    const memory = this.allocator(ALLOCATE, size, this.int(0), this.int(0, 'ptr'), e.span);
    // An allocator that gives nothing stops the program (unless nothing was asked for).
    const failed = this.compare('eq', 'ptr', memory, this.int(0, 'ptr'));
    const asked = this.compare('ne', 'i64', size, this.int(0));
    const fail = this.b.newBlock();
    const next = this.b.newBlock();
    this.b.branch(this.binary('and', 'i8', failed, asked), fail, next);
    this.b.switchTo(fail);
    this.b.terminate({ op: 'trap', kind: 'alloc-failed', args: [size], loc: this.loc(e.span) });
    this.b.switchTo(next);
    this.b.emit({ op: 'memzero', dst: memory, size });
    this.store('ptr', dst, memory);
    this.store('i64', this.at(dst, SLICE_LAYOUT.len), count);
    this.store('i64', this.at(dst, SLICE_LAYOUT.stride), this.int(1));
    return undefined;
  }

  /** `free(x)`: its memory back to the context's allocator, with the size it had. */
  private free(e: Extract<ElabExpr, { kind: 'builtin' }>): undefined {
    const arg = e.args[0]!;
    let memory: Operand;
    let size: Operand;
    if (arg.type.kind === 'pointer') {
      memory = this.scalar(arg);
      size = this.int(arg.type.to.kind === 'void' ? 0 : this.sizeOf(arg.type.to));
    } else {
      const value = this.memory(arg);
      memory = this.load('ptr', value);
      const length = this.load('i64', this.at(value, 8));
      size = arg.type.kind === 'slice' ? this.binary('mul', 'i64', length, this.int(this.sizeOf(arg.type.element))) : length;
    }
    this.allocator(FREE, this.int(0), size, memory, e.span);
    return undefined;
  }

  // ------------------------------------------------------------------ printing

  private text(stream: Operand, text: string, span: Span): void {
    this.rt('print_str', [stream, { kind: 'string', index: this.program.string(text) }, this.int(utf8Length(text))], span);
  }

  /** Prints a value; inside an aggregate (`quoted`), strings and characters are quoted. */
  printValue(stream: Operand, type: Type, value: Operand | Addr, quoted: boolean, span: Span): void {
    const scalar = () => ('kind' in value ? value : this.load(this.scalarType(type), value));
    switch (type.kind) {
      case 'int': {
        const v = scalar();
        if (type.name === 'char') {
          this.rt(quoted ? 'print_quoted_char' : 'print_char', [stream, this.numericConversion(v, 'i8', false, 'i32', true)], span);
        } else if (type.name === 'rune') {
          if (quoted) this.text(stream, "'", span);
          this.rt('print_rune', [stream, v], span);
          if (quoted) this.text(stream, "'", span);
        } else {
          this.rt(type.signed ? 'print_i64' : 'print_u64', [stream, this.toI64(v, type)], span);
        }
        return;
      }
      case 'bool':
        this.rt('print_bool', [stream, scalar()], span);
        return;
      case 'float':
        this.rt(type.bits === 32 ? 'print_f32' : 'print_f64', [stream, scalar()], span);
        return;
      case 'pointer':
      case 'function':
        this.rt('print_ptr', [stream, scalar()], span);
        return;
      case 'enum':
        this.printEnum(stream, type, scalar(), span);
        return;
      case 'string': {
        const addr = value as Addr;
        this.rt(quoted ? 'print_quoted' : 'print_str', [stream, this.load('ptr', addr), this.load('i64', this.at(addr, 8))], span);
        return;
      }
      case 'struct': {
        const addr = value as Addr;
        const info = this.program.elab.layouts.struct(type.symbol);
        this.text(stream, `${info.name}{`, span);
        info.fields.forEach((f, i) => {
          this.text(stream, `${i > 0 ? ', ' : ''}${f.name}: `, span);
          this.printValue(stream, f.type, this.isAggregate(f.type) ? this.at(addr, f.offset) : this.load(this.scalarType(f.type), this.at(addr, f.offset)), true, span);
        });
        this.text(stream, '}', span);
        return;
      }
      case 'array':
      case 'slice':
        this.printElements(stream, type, value as Addr, span);
        return;
      default:
        throw new Error(`printing a ${typeToString(type)}`);
    }
  }

  /** An enum by its member's name; a value no member has as `Mode(7)`. */
  private printEnum(stream: Operand, type: Extract<Type, { kind: 'enum' }>, value: Operand, span: Span): void {
    const info = this.program.elab.enums.get(type.symbol);
    const repr = this.repr(type);
    if (!info || repr.kind !== 'scalar') throw new Error(`an enum without values: ${type.symbol.name}`);
    const done = this.b.newBlock();
    for (const member of info.members) {
      const hit = this.b.newBlock();
      const next = this.b.newBlock();
      this.b.branch(this.compare('eq', repr.type, value, this.int(member.value, repr.type)), hit, next);
      this.b.switchTo(hit);
      this.text(stream, member.name, span);
      this.b.jump(done);
      this.b.switchTo(next);
    }
    this.text(stream, `${info.name}(`, span);
    this.rt(repr.signed ? 'print_i64' : 'print_u64', [stream, this.toI64(value, info.backing)], span);
    this.text(stream, ')', span);
    this.b.jump(done);
    this.b.switchTo(done);
  }

  /** `[a, b, c]`: a loop over the elements. */
  private printElements(stream: Operand, type: Extract<Type, { kind: 'array' | 'slice' }>, addr: Addr, span: Span): void {
    const element = type.element;
    const size = this.sizeOf(element);
    let data: Operand;
    let length: Operand;
    let step: Operand = this.int(size);
    if (type.kind === 'array') {
      data = this.pointer(addr);
      length = this.int(type.length);
    } else {
      data = this.load('ptr', addr);
      length = this.load('i64', this.at(addr, SLICE_LAYOUT.len));
      step = this.binary('mul', 'i64', this.load('i64', this.at(addr, SLICE_LAYOUT.stride)), this.int(size));
    }
    this.text(stream, '[', span);
    const i = this.b.variable('i64', 'print index');
    this.b.emit({ op: 'copy', dst: i, src: this.int(0) });
    const head = this.b.newBlock();
    const body = this.b.newBlock();
    const done = this.b.newBlock();
    this.b.jump(head);
    this.b.switchTo(head);
    this.b.branch(this.compare('slt', 'i64', this.v(i), length), body, done);
    this.b.switchTo(body);
    const separate = this.b.newBlock();
    const print = this.b.newBlock();
    this.b.branch(this.compare('ne', 'i64', this.v(i), this.int(0)), separate, print);
    this.b.switchTo(separate);
    this.text(stream, ', ', span);
    this.b.jump(print);
    this.b.switchTo(print);
    const place: Addr = { base: this.indexAddress(data, this.binary('mul', 'i64', this.v(i), step), 1), offset: 0 };
    this.printValue(stream, element, this.isAggregate(element) ? place : this.load(this.scalarType(element), place), true, span);
    this.b.emit({ op: 'binary', kind: 'add', type: 'i64', dst: i, a: this.v(i), b: this.int(1) });
    this.b.jump(head);
    this.b.switchTo(done);
    this.text(stream, ']', span);
  }
}

function contextSymbol(lowering: BuiltinLowering): import('../../semantics/symbols').StructSymbol {
  const context = lowering.program.elab.layouts.knownStructs();
  for (const symbol of context.keys()) if (symbol.name === 'Context' && lowering.program.elab.stdFiles.has(symbol.file)) return symbol;
  throw new Error('no Context in the program');
}
