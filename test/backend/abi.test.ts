// The ABI suite (test/support/abi.ts, test/fixtures/abi) run by the interpreter: `zolt sim`
// calls C through koffi. The native backend runs the same suite with its own runner
// (`zolt run FILE`) beside this one.

import { spawnSync } from 'node:child_process';
import { fromRoot } from '../support/paths';
import { runAbiSuite, type AbiRunner } from '../support/abi';

const zoltSim: AbiRunner = (program, { cwd, env }) => {
  const result = spawnSync(process.execPath, [fromRoot('server/bin/zolt.js'), 'sim', program], { cwd, env, encoding: 'utf8', timeout: 120_000 });
  return { stdout: result.stdout, stderr: result.stderr, status: result.status ?? -1 };
};

runAbiSuite('zolt sim', zoltSim);
