#!/usr/bin/env node
'use strict';
require('../out/cli/main.js').main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (error) => {
    process.stderr.write(`zolt: internal error: ${error && error.stack ? error.stack : error}\n`);
    process.exitCode = 70;
  },
);
