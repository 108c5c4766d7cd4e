#!/usr/bin/env node
'use strict';
// A reader that stops early (`zolt get | head`) closes the pipe: that is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error && error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}
require('../out/cli/main.js').main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (error) => {
    process.stderr.write(`zolt: internal error: ${error && error.stack ? error.stack : error}\n`);
    process.exitCode = 70;
  },
);
