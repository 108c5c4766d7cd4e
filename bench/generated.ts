// The soak run of generated programs: `npm run bench:generated` runs 5,000 seeds of
// test/support/program-generator.ts through the interpreter (each checked as the test suite
// checks 500: a clean check, verified IR, the predicted exit status, run-time error and `@`
// lines), spread over one worker process per CPU, and lists every failure with its seed and
// program. It is a soak test, not a timing: nothing is written to results/.
//
//   npm run bench:generated -- --count 20000 --start 1 --jobs 2
//   npm run bench:generated -- --against run     (also compare with the native backend)
//
// The code is test/support/soak.ts, compiled with the tests (this project cannot import
// test/: its files live under bench/), and loaded from there.

import * as path from 'node:path';

interface SoakModule {
  parseSoakArgs(args: readonly string[]): unknown;
  soak(options: unknown): Promise<number>;
}

const SOAK = path.resolve(__dirname, '..', 'test', 'support', 'soak.js');

async function main(): Promise<void> {
  const module = require(SOAK) as SoakModule;
  process.exitCode = await module.soak(module.parseSoakArgs(process.argv.slice(2)));
}

void main();
