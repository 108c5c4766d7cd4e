#!/usr/bin/env node
'use strict';
// A reader that stops early (`zolt get | head`) closes the pipe: that is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error && error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}
// In the repository the compiler is tsc's output (out/); in the installed package (npm pack,
// see scripts/bundle.mjs) it is one bundle (dist/zolt.js), which starts faster.
const fs = require('node:fs');
const path = require('node:path');
const compiled = path.join(__dirname, '..', 'out', 'cli', 'main.js');
const compiler = fs.existsSync(compiled) ? compiled : path.join(__dirname, '..', 'dist', 'zolt.js');
require(compiler).main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (error) => {
    process.stderr.write(`zolt: internal error: ${error && error.stack ? error.stack : error}\n`);
    process.exitCode = 70;
  },
);
