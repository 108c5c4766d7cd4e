// The ABI suite (test/support/abi.ts, test/fixtures/abi) run twice: by the interpreter
// (`zolt sim` calls C through koffi) and by the native backend (`zolt run`: an executable whose
// foreign calls follow System V, linked against the suite's libabi.so by DT_NEEDED). Both must
// print what the C drivers print.

import { spawnSync } from 'node:child_process';
import { fromRoot } from '../support/paths';
import { runAbiSuite, type AbiRunner } from '../support/abi';

function zolt(verb: string): AbiRunner {
  return (program, { cwd, env }) => {
    const result = spawnSync(process.execPath, [fromRoot('server/bin/zolt.js'), verb, program], { cwd, env, encoding: 'utf8', timeout: 120_000 });
    return { stdout: result.stdout, stderr: result.stderr, status: result.status ?? -1 };
  };
}

runAbiSuite('zolt sim', zolt('sim'));
runAbiSuite('zolt run', zolt('run'));
