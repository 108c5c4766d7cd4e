// Statements and control flow of one function: where each local lives, blocks and loops as
// branches, `switch` as a chain of comparisons, and `defer`: each scope keeps its deferred
// statements, and every way out of a scope (its end, `break`, `continue`, `return`) runs the
// deferred statements of the scopes it leaves, last deferred first.

import type { ElabBlock, ElabExpr, ElabFunction, ElabLocal, ElabStmt } from '../../semantics/elaborate';
import { SLICE_LAYOUT, STRING_LAYOUT } from '../../semantics/elaborate';
import type { Type } from '../../semantics/types';
import type { Block } from '../ir';
import type { IrFunction, Operand, Var } from '../ir';
import type { Addr, LocalHome, ProgramLowering } from './base';
import { BuiltinLowering } from './builtins';

interface Scope {
  readonly defers: ElabStmt[];
}

interface Loop {
  readonly breakTo: Block;
  readonly continueTo: Block;
  /** How many scopes were open outside the loop's body. */
  readonly depth: number;
}

export class FunctionLowering extends BuiltinLowering {
  private readonly scopes: Scope[] = [];
  private readonly loops: Loop[] = [];
  private addressTaken = new Set<ElabLocal>();

  constructor(program: ProgramLowering, fn: ElabFunction | { readonly file: string; readonly key: string }) {
    super(program, fn);
  }

  /** The IR function of a Zolt function. */
  static lowerFunction(program: ProgramLowering, fn: ElabFunction): IrFunction {
    const lowering = new FunctionLowering(program, fn);
    return lowering.run(fn);
  }

  private run(fn: ElabFunction): IrFunction {
    this.addressTaken = addressTakenLocals(fn.body);
    const contextParam = this.b.variable('ptr', 'context');
    this.context = this.v(contextParam);
    const params: Var[] = [contextParam];
    const retRepr = this.repr(fn.ret);
    if (retRepr.kind === 'aggregate') {
      const sret = this.b.variable('ptr', 'result');
      params.push(sret);
      this.sret = this.v(sret);
    }
    const entryCopies: (() => void)[] = [];
    const readonlyParams: number[] = [];
    for (const p of fn.params) {
      const repr = this.repr(p.type);
      if (repr.kind === 'aggregate') {
        const pointer = this.b.variable('ptr', p.name);
        params.push(pointer);
        readonlyParams.push(pointer.id);
        this.homes.set(p, { kind: 'ref', pointer });
        continue;
      }
      if (repr.kind !== 'scalar') continue;
      const param = this.b.variable(repr.type, p.name);
      params.push(param);
      if (this.addressTaken.has(p)) {
        const slot = this.b.slot(this.sizeOf(p.type), this.program.elab.layouts.layout(p.type).align, p.name);
        this.homes.set(p, { kind: 'slot', slot });
        entryCopies.push(() => this.store(repr.type, { base: { kind: 'slot', slot }, offset: 0 }, this.v(param)));
      } else {
        this.homes.set(p, { kind: 'var', var: param });
      }
    }
    for (const copy of entryCopies) copy();
    this.block(fn.body);
    if (this.b.open) {
      if (retRepr.kind === 'scalar') this.b.terminate({ op: 'trap', kind: 'unreachable', args: [], loc: this.loc(fn.span) });
      else this.b.terminate({ op: 'ret', value: undefined });
    }
    return this.b.finish({
      name: this.program.functionName(fn.key),
      source: { name: fn.key, file: fn.file },
      params,
      ret: retRepr.kind === 'scalar' ? retRepr.type : undefined,
      sret: retRepr.kind === 'aggregate',
      readonlyParams,
      loc: this.loc(fn.span),
    });
  }

  // ------------------------------------------------------------------ locals

  /** Where a local lives (decided when it comes into scope). */
  private home(local: ElabLocal): LocalHome {
    const known = this.homes.get(local);
    if (known) return known;
    const repr = this.repr(local.type);
    let home: LocalHome;
    if (repr.kind === 'scalar' && !this.addressTaken.has(local)) {
      home = { kind: 'var', var: this.b.variable(repr.type, local.name) };
    } else {
      const layout = this.program.elab.layouts.layout(local.type);
      home = { kind: 'slot', slot: this.b.slot(layout.size, layout.align, local.name) };
    }
    this.homes.set(local, home);
    return home;
  }

  /** Stores a value into a local (its variable, or its slot). */
  private assignLocal(local: ElabLocal, value: Operand | Addr, type: Type): void {
    const home = this.home(local);
    if (home.kind === 'var') {
      this.b.emit({ op: 'copy', dst: home.var, src: value as Operand });
      return;
    }
    if (home.kind === 'ref') throw new Error(`assigning to the parameter '${local.name}'`);
    const addr: Addr = { base: { kind: 'slot', slot: home.slot }, offset: 0 };
    if ('kind' in value) this.store(this.scalarType(type), addr, value);
    else this.copy(addr, value, this.sizeOf(type));
  }


  // ------------------------------------------------------------------ statements

  private block(block: ElabBlock): void {
    this.scopes.push({ defers: [] });
    for (const s of block.statements) this.statement(s);
    const scope = this.scopes.pop()!;
    if (this.b.open) this.runDefers([scope]);
  }

  /** Runs the deferred statements of `scopes` (innermost last in the list), last deferred first. */
  private runDefers(scopes: readonly Scope[]): void {
    for (let i = scopes.length - 1; i >= 0; i--) {
      const defers = scopes[i]!.defers;
      for (let j = defers.length - 1; j >= 0; j--) {
        // A deferred statement runs as if it stood there; what it defers in turn runs with it.
        this.scopes.push({ defers: [] });
        this.statement(defers[j]!);
        const inner = this.scopes.pop()!;
        if (this.b.open) this.runDefers([inner]);
      }
    }
  }

  statement(s: ElabStmt): void {
    if (s.kind !== 'block') this.b.location = this.loc(s.span);
    switch (s.kind) {
      case 'block':
        return this.block(s);
      case 'expr':
        return this.expressionStatement(s.expr);
      case 'let': {
        const home = this.home(s.local);
        if (home.kind === 'ref') throw new Error(`a let of the parameter '${s.local.name}'`);
        if (s.init) {
          if (home.kind === 'slot' && this.isAggregate(s.local.type)) this.aggregateInto(s.init, { base: { kind: 'slot', slot: home.slot }, offset: 0 });
          else this.assignLocal(s.local, this.isAggregate(s.local.type) ? this.memory(s.init) : this.scalar(s.init), s.local.type);
        } else if (home.kind === 'var') {
          this.b.emit({ op: 'copy', dst: home.var, src: zeroOf(home.var) });
        } else {
          this.zero({ base: { kind: 'slot', slot: home.slot }, offset: 0 }, this.sizeOf(s.local.type));
        }
        return;
      }
      case 'assign':
        return this.assign(s.target, s.value);
      case 'compound':
        return this.compound(s);
      case 'if': {
        const then = this.b.newBlock();
        const otherwise = this.b.newBlock();
        const done = s.otherwise ? this.b.newBlock() : otherwise;
        this.b.branch(this.scalar(s.condition), then, otherwise);
        this.b.switchTo(then);
        this.block(s.then);
        if (this.b.open) this.b.jump(done);
        if (s.otherwise) {
          this.b.switchTo(otherwise);
          this.block(s.otherwise);
          if (this.b.open) this.b.jump(done);
        }
        this.b.switchTo(done);
        return;
      }
      case 'while': {
        const head = this.b.newBlock();
        const body = this.b.newBlock();
        const done = this.b.newBlock();
        this.b.jump(head);
        this.b.switchTo(head);
        this.b.branch(this.scalar(s.condition), body, done);
        this.b.switchTo(body);
        this.loopBody(s.body, done, head);
        this.b.switchTo(done);
        return;
      }
      case 'for-range':
        return this.forRange(s);
      case 'for-each':
        return this.forEach(s);
      case 'switch':
        return this.switchStatement(s);
      case 'break':
      case 'continue': {
        const loop = this.loops[this.loops.length - 1]!;
        this.runDefers(this.scopes.slice(loop.depth));
        this.b.jump(s.kind === 'break' ? loop.breakTo : loop.continueTo);
        return;
      }
      case 'return':
        return this.returnStatement(s.value);
      case 'defer':
        this.scopes[this.scopes.length - 1]!.defers.push(s.body);
        return;
      case 'push-context': {
        const slot = this.tempSlot(s.value.type, 'pushed context');
        this.aggregateInto(s.value, slot);
        const outer = this.context;
        this.context = this.pointer(slot);
        this.block(s.body);
        this.context = outer;
        return;
      }
      case 'unreachable':
        this.b.terminate({ op: 'trap', kind: 'unreachable', args: [], loc: this.loc(s.span) });
        return;
    }
  }

  private expressionStatement(e: ElabExpr): void {
    const repr = this.repr(e.type);
    if (repr.kind === 'aggregate') this.aggregate(e); // evaluated for its effects into a temporary
    else if (repr.kind === 'scalar') this.scalar(e);
    else if (e.kind === 'call') this.call(e, undefined);
    else if (e.kind === 'builtin') this.builtin(e, undefined);
  }

  private assign(target: ElabExpr, value: ElabExpr): void {
    if (target.kind === 'local') {
      const home = this.home(target.local);
      if (home.kind === 'var') {
        this.b.emit({ op: 'copy', dst: home.var, src: this.scalar(value) });
        return;
      }
    }
    const repr = this.repr(target.type);
    if (repr.kind === 'scalar') {
      // The value first, then where it goes (`a[i] = f()` calls f before checking i).
      const v = this.scalar(value);
      this.store(repr.type, this.place(target), v);
    } else if (repr.kind === 'aggregate') {
      const source = this.memory(value);
      this.copy(this.place(target), source, repr.size);
    }
  }

  private compound(s: Extract<ElabStmt, { kind: 'compound' }>): void {
    const op = { kind: 'binary' as const, op: s.op, left: s.target, right: s.value, type: s.target.type, span: s.span };
    if (s.target.kind === 'local') {
      const home = this.home(s.target.local);
      if (home.kind === 'var') {
        this.b.emit({ op: 'copy', dst: home.var, src: this.scalar(op) });
        return;
      }
    }
    // The place once: `xs[f()] += 1` calls f once.
    const place = this.place(s.target);
    const pointer = this.pointer(place);
    const type = this.scalarType(s.target.type);
    const current = this.load(type, { base: pointer, offset: 0 });
    const temp: ElabLocal = { id: -1, name: 'compound', type: s.target.type, mutable: false, kind: 'temp', span: s.span };
    const holder = this.b.temp(type);
    this.b.emit({ op: 'copy', dst: holder, src: current });
    this.homes.set(temp, { kind: 'var', var: holder });
    const result = this.scalar({ ...op, left: { kind: 'local', local: temp, type: s.target.type, span: s.span } });
    this.store(type, { base: pointer, offset: 0 }, result);
  }

  private returnStatement(value: ElabExpr | undefined): void {
    let result: Operand | undefined;
    if (value) {
      const repr = this.repr(value.type);
      if (repr.kind === 'aggregate') this.aggregateInto(value, { base: this.sret!, offset: 0 });
      else if (repr.kind === 'scalar') {
        // Kept in a variable of its own: the deferred statements may change what it was read from.
        const held = this.b.temp(repr.type);
        this.b.emit({ op: 'copy', dst: held, src: this.scalar(value) });
        result = this.v(held);
      } else this.expressionStatement(value);
    }
    this.runDefers(this.scopes);
    this.b.terminate({ op: 'ret', value: result });
  }

  private loopBody(body: ElabBlock, breakTo: Block, continueTo: Block): void {
    this.loops.push({ breakTo, continueTo, depth: this.scopes.length });
    this.block(body);
    this.loops.pop();
    if (this.b.open) this.b.jump(continueTo);
  }

  private forRange(s: Extract<ElabStmt, { kind: 'for-range' }>): void {
    const repr = this.repr(s.item.type);
    if (repr.kind !== 'scalar') throw new Error('a range of a non-integer type');
    const type = repr.type;
    const start = this.scalar(s.start);
    const end = this.b.temp(type);
    this.b.emit({ op: 'copy', dst: end, src: this.scalar(s.end) });
    const counter = this.b.variable(type, `${s.item.name} counter`);
    this.b.emit({ op: 'copy', dst: counter, src: start });
    const index = s.index ? this.b.variable('i64', `${s.index.name} counter`) : undefined;
    if (index) this.b.emit({ op: 'copy', dst: index, src: this.int(0) });
    const head = this.b.newBlock();
    const body = this.b.newBlock();
    const latch = this.b.newBlock();
    const done = this.b.newBlock();
    const less = repr.signed ? 'slt' : 'ult';
    if (s.inclusive) {
      // `a..=b` ends after b: the counter is compared with b after the body, not incremented past it.
      this.b.branch(this.compare(repr.signed ? 'sle' : 'ule', type, this.v(counter), this.v(end)), head, done);
      this.b.switchTo(head);
      this.b.jump(body);
    } else {
      this.b.jump(head);
      this.b.switchTo(head);
      this.b.branch(this.compare(less, type, this.v(counter), this.v(end)), body, done);
    }
    this.b.switchTo(body);
    this.assignLocal(s.item, this.v(counter), s.item.type);
    if (s.index && index) this.assignLocal(s.index, this.v(index), s.index.type);
    this.loopBody(s.body, done, latch);
    this.b.switchTo(latch);
    if (s.inclusive) {
      const more = this.b.newBlock();
      this.b.branch(this.compare('eq', type, this.v(counter), this.v(end)), done, more);
      this.b.switchTo(more);
    }
    this.b.emit({ op: 'binary', kind: 'add', type, dst: counter, a: this.v(counter), b: this.int(1, type) });
    if (index) this.b.emit({ op: 'binary', kind: 'add', type: 'i64', dst: index, a: this.v(index), b: this.int(1) });
    this.b.jump(s.inclusive ? body : head);
    this.b.switchTo(done);
  }

  private forEach(s: Extract<ElabStmt, { kind: 'for-each' }>): void {
    const type = s.iterable.type;
    const items = this.memory(s.iterable);
    let data: Operand;
    let length: Operand;
    let step: Operand;
    const elementType: Type = type.kind === 'string' ? s.item.type : (type as Extract<Type, { kind: 'array' | 'slice' }>).element;
    const size = this.sizeOf(elementType);
    if (type.kind === 'array') {
      data = this.pointer(items);
      length = this.int(type.length);
      step = this.int(size);
    } else if (type.kind === 'slice') {
      data = this.load('ptr', items);
      length = this.load('i64', this.at(items, SLICE_LAYOUT.len));
      step = this.binary('mul', 'i64', this.load('i64', this.at(items, SLICE_LAYOUT.stride)), this.int(size));
    } else {
      data = this.load('ptr', items);
      length = this.load('i64', this.at(items, STRING_LAYOUT.len));
      step = this.int(1);
    }
    const k = this.b.variable('i64', `${s.item.name} index`);
    this.b.emit({ op: 'copy', dst: k, src: this.int(0) });
    const head = this.b.newBlock();
    const body = this.b.newBlock();
    const latch = this.b.newBlock();
    const done = this.b.newBlock();
    this.b.jump(head);
    this.b.switchTo(head);
    this.b.branch(this.compare('slt', 'i64', this.v(k), length), body, done);
    this.b.switchTo(body);
    const element: Addr = { base: this.indexAddress(data, this.binary('mul', 'i64', this.v(k), step), 1), offset: 0 };
    if (this.isAggregate(elementType)) this.assignLocal(s.item, element, elementType);
    else this.assignLocal(s.item, this.load(this.scalarType(elementType), element), elementType);
    if (s.index) this.assignLocal(s.index, this.v(k), s.index.type);
    this.loopBody(s.body, done, latch);
    this.b.switchTo(latch);
    this.b.emit({ op: 'binary', kind: 'add', type: 'i64', dst: k, a: this.v(k), b: this.int(1) });
    this.b.jump(head);
    this.b.switchTo(done);
  }

  private switchStatement(s: Extract<ElabStmt, { kind: 'switch' }>): void {
    const type = s.value.type;
    const done = this.b.newBlock();
    const isString = type.kind === 'string';
    const value: Operand | Addr = isString ? this.memory(s.value) : this.scalar(s.value);
    const repr = this.repr(type);
    for (const c of s.cases) {
      const body = this.b.newBlock();
      for (const p of c.patterns) {
        const next = this.b.newBlock();
        let hit: Operand;
        if (p.kind === 'range') {
          const t = repr.kind === 'scalar' ? repr.type : 'i64';
          const signed = repr.kind === 'scalar' && repr.signed;
          const low = this.compare(signed ? 'sge' : 'uge', t, value as Operand, this.int(p.lo, t));
          const high = this.compare(signed ? 'sle' : 'ule', t, value as Operand, this.int(p.hi, t));
          hit = this.binary('and', 'i8', low, high);
        } else if (isString) {
          hit = this.equalAggregates(type, value as Addr, this.memory(p.value));
        } else if (repr.kind === 'scalar') {
          hit = this.compare(repr.type === 'f32' || repr.type === 'f64' ? 'feq' : 'eq', repr.type, value as Operand, this.scalar(p.value));
        } else {
          throw new Error('a switch over an aggregate');
        }
        this.b.branch(hit, body, next);
        this.b.switchTo(next);
      }
      const fallThrough = this.b.block;
      this.b.switchTo(body);
      this.block(c.body);
      if (this.b.open) this.b.jump(done);
      this.b.switchTo(fallThrough);
    }
    if (s.otherwise) this.block(s.otherwise);
    if (this.b.open) this.b.jump(done);
    this.b.switchTo(done);
  }
}

function zeroOf(v: Var): Operand {
  return v.type === 'f32' || v.type === 'f64' ? { kind: 'float', type: v.type, value: 0 } : { kind: 'int', type: v.type, value: 0n };
}

/** The locals whose address the body takes (they live in memory, not in variables). */
function addressTakenLocals(body: ElabBlock): Set<ElabLocal> {
  const taken = new Set<ElabLocal>();
  const root = (e: ElabExpr): ElabLocal | undefined => {
    if (e.kind === 'local') return e.local;
    if (e.kind === 'field' || e.kind === 'index') return e.object.type.kind === 'pointer' || e.object.type.kind === 'slice' || e.object.type.kind === 'string' ? undefined : root(e.object);
    return undefined;
  };
  const visitExpr = (e: ElabExpr): void => {
    if (e.kind === 'address') {
      const local = root(e.place);
      if (local) taken.add(local);
    }
    forChildren(e, visitExpr);
  };
  const visitStmt = (s: ElabStmt): void => forStatementParts(s, visitExpr, visitStmt);
  visitStmt(body);
  return taken;
}

function forChildren(e: ElabExpr, visit: (e: ElabExpr) => void): void {
  switch (e.kind) {
    case 'unary':
      return visit(e.operand);
    case 'binary':
    case 'logical':
      visit(e.left);
      return visit(e.right);
    case 'convert':
      return visit(e.value);
    case 'deref':
      return visit(e.pointer);
    case 'address':
      return visit(e.place);
    case 'field':
    case 'len':
    case 'data':
      return visit(e.object);
    case 'index':
      visit(e.object);
      return visit(e.index);
    case 'slice':
      visit(e.object);
      for (const b of [e.start, e.end, e.step]) if (b) visit(b);
      return;
    case 'call':
      if (e.target.kind === 'value') visit(e.target.callee);
      return e.args.forEach(visit);
    case 'builtin':
      return e.args.forEach(visit);
    case 'struct':
      return e.fields.forEach(visit);
    case 'array':
      return e.elements.forEach(visit);
    default:
      return;
  }
}

function forStatementParts(s: ElabStmt, expr: (e: ElabExpr) => void, stmt: (s: ElabStmt) => void): void {
  switch (s.kind) {
    case 'block':
      return s.statements.forEach(stmt);
    case 'expr':
      return expr(s.expr);
    case 'let':
      if (s.init) expr(s.init);
      return;
    case 'assign':
    case 'compound':
      expr(s.target);
      return expr(s.value);
    case 'if':
      expr(s.condition);
      stmt(s.then);
      if (s.otherwise) stmt(s.otherwise);
      return;
    case 'while':
      expr(s.condition);
      return stmt(s.body);
    case 'for-range':
      expr(s.start);
      expr(s.end);
      return stmt(s.body);
    case 'for-each':
      expr(s.iterable);
      return stmt(s.body);
    case 'switch':
      expr(s.value);
      for (const c of s.cases) {
        for (const p of c.patterns) if (p.kind === 'value') expr(p.value);
        stmt(c.body);
      }
      if (s.otherwise) stmt(s.otherwise);
      return;
    case 'return':
      if (s.value) expr(s.value);
      return;
    case 'defer':
      return stmt(s.body);
    case 'push-context':
      expr(s.value);
      return stmt(s.body);
    default:
      return;
  }
}
