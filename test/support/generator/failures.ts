// The run-time error a program may end with on purpose, so that the error report (message,
// location, stack trace) and exit status 101 are compared too. The operands come from
// variables (a constant out-of-range index, divisor or step would be a compile-time error),
// the failing operation sits one or two calls below main, and the generator knows the
// message it must give.

import { functionLines } from './code';
import type { Random } from './random';
import { STRINGS } from './values';

export interface Failure {
  readonly decls: readonly string[];
  /** The last statements of main. */
  readonly main: readonly string[];
  /** The run-time error's message (after `runtime error: `). */
  readonly message: string;
}

type Make = (rng: Random) => Failure;

const index: Make = (rng) => {
  const n = rng.between(1, 6);
  const at = rng.chance(0.7) ? n + rng.between(0, 2) : -rng.between(1, 3);
  return {
    decls: functionLines('fail_at(xs: []i64, i: i64) -> i64', (code) => code.line('return xs[i];')),
    main: [`var fail_xs: [${n}]i64;`, `var fail_i: i64 = ${at < 0 ? `-${-at}` : at};`, 'println(fail_at(fail_xs[:], fail_i));'],
    message: `index ${at} is out of bounds for length ${n}`,
  };
};

const division: Make = (rng) => {
  const t = rng.pick(['i8', 'i32', 'i64', 'u16', 'u64'] as const);
  const op = rng.pick(['/', '%']);
  return {
    decls: functionLines(`fail_divide(a: ${t}, b: ${t}) -> ${t}`, (code) => code.line(`return a ${op} b;`)),
    main: [`var fail_zero: ${t} = 0;`, `println(fail_divide(${rng.between(1, 100)}, fail_zero));`],
    message: 'integer division by zero',
  };
};

const assertion: Make = (rng) => ({
  decls: functionLines('fail_check(n: i64)', (code) => {
    code.line('println("checking ", n);');
    code.line(`assert(n < ${rng.between(-5, 5)});`);
  }),
  main: [`fail_check(${rng.between(5, 9)});`],
  message: 'assertion failed',
});

const slice: Make = (rng) => {
  const n = rng.between(1, 6);
  const lo = rng.between(0, n);
  const hi = n + rng.between(1, 3);
  return {
    decls: functionLines('fail_slice(xs: []i64, lo: i64, hi: i64) -> []i64', (code) => code.line('return xs[lo:hi];')),
    main: [`var fail_xs: [${n}]i64;`, `var fail_hi: i64 = ${hi};`, `println(fail_slice(fail_xs[:], ${lo}, fail_hi));`],
    message: `slice [${lo}:${hi}] is out of range for length ${n}`,
  };
};

const step: Make = () => ({
  decls: functionLines('fail_step(xs: []i64, s: i64) -> []i64', (code) => code.line('return xs[0:2:s];')),
  main: ['var fail_xs = [1, 2, 3];', 'var fail_s: i64 = 0;', 'println(fail_step(fail_xs[:], fail_s));'],
  message: 'a slice step must be positive, not 0',
});

const panic: Make = (rng) => {
  const text = `generated panic ${rng.between(1, 999)}`;
  return {
    decls: functionLines('fail_panic(n: i64)', (code) => code.block('if n > 0', () => code.line(`panic("${text}");`))),
    main: [`fail_panic(${rng.between(1, 9)});`],
    message: `panic: ${text}`,
  };
};

const unreachable: Make = (rng) => {
  const n = rng.between(0, 9);
  return {
    decls: functionLines('fail_unreachable(n: i64) -> i64', (code) => {
      code.block(`if n == ${n}`, () => code.line('unreachable;'));
      code.line('return n;');
    }),
    main: [`println(fail_unreachable(${n}));`],
    message: "reached 'unreachable'",
  };
};

const nullPointer: Make = () => ({
  decls: functionLines('fail_deref(p: *i64) -> i64', (code) => code.line('return *p;')),
  main: ['var fail_p: *i64 = null;', 'println(fail_deref(fail_p));'],
  message: 'null pointer dereference',
});

const stringIndex: Make = (rng) => {
  const s = rng.pick(STRINGS);
  return {
    decls: functionLines('fail_char(s: string, i: i64) -> char', (code) => code.line('return s[i];')),
    main: [`var fail_s = "${s.text}";`, `println(fail_char(fail_s, fail_s.len));`],
    message: `index ${s.bytes} is out of bounds for length ${s.bytes}`,
  };
};

export function generateFailure(rng: Random): Failure {
  const make = rng.pick([index, division, assertion, slice, step, panic, unreachable, nullPointer, stringIndex]);
  const failure = make(rng);
  return { ...failure, main: ['println("the run-time error comes next");', ...failure.main, 'println("not reached");'] };
}
