#!/usr/bin/env node
// Bundles the VS Code extension into one folder (dist/ by default) with esbuild:
//   extension.js   the client (client/src/extension.ts), `vscode` left external
//   server.js      the language server (server/src/server.ts), started by the client with
//                  VS Code's Node runtime; it calls startServer(), which reads the transport
//                  (--node-ipc, --stdio, --socket=N) from its arguments
//   build-worker.js the thread the server compiles on save in
//   graph-view.js  the script of the graph webviews (client/src/graphs/webview.ts) for the browser,
//                  with Graphviz as WebAssembly (@hpcc-js/wasm-graphviz, the wasm inside the script)
//   runtime.zolt   the native backend's runtime, compiled into every executable
//   *.wasm         web-tree-sitter's runtime and the Zolt grammar
//   queries/       the grammar's queries
//   std/           the standard library
// The server's part (server.js, build-worker.js and the files from runtime.zolt on) is
// server/scripts/bundle.mjs's, which also bundles the `zolt` command for its npm package.
//
// Usage: node client/scripts/bundle.mjs [--outdir DIR] [--production]
//   --production  minified, without source maps (what the .vsix holds)

import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleServer, folderKiB, nodeBuildOptions } from '../../server/scripts/bundle.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function parseArgs(argv) {
  const options = { outdir: path.join(root, 'dist'), production: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--production') options.production = true;
    else if (arg === '--outdir' && argv[i + 1]) options.outdir = path.resolve(argv[++i]);
    else if (arg.startsWith('--outdir=')) options.outdir = path.resolve(arg.slice('--outdir='.length));
    else throw new Error(`unknown argument '${arg}' (usage: bundle.mjs [--outdir DIR] [--production])`);
  }
  return options;
}

/** What the extension's own part of a bundle folder is; only these are removed before bundling again. */
const CLIENT_OUTPUTS = ['extension.js', 'extension.js.map', 'graph-view.js', 'graph-view.js.map'];

export async function bundle({ outdir, production }) {
  fs.mkdirSync(outdir, { recursive: true });
  for (const name of CLIENT_OUTPUTS) fs.rmSync(path.join(outdir, name), { recursive: true, force: true });

  const common = nodeBuildOptions(production);
  const client = esbuild.build({
    ...common,
    entryPoints: [path.join(root, 'client', 'src', 'extension.ts')],
    outfile: path.join(outdir, 'extension.js'),
    external: ['vscode'],
    tsconfig: path.join(root, 'client', 'tsconfig.json'),
  });
  // The server alone (not the zolt command), with everything bundled: a .vsix has no node_modules.
  const server = bundleServer({ outdir, production, cli: false, server: true, koffiPackage: false });
  // The webview's script runs in the webview (a browser), not in Node.
  const graphView = esbuild.build({
    ...common,
    platform: 'browser',
    format: 'iife',
    // VS Code 1.91's webviews are Chromium 122.
    target: 'chrome120',
    plugins: [],
    entryPoints: [path.join(root, 'client', 'src', 'graphs', 'webview.ts')],
    outfile: path.join(outdir, 'graph-view.js'),
    tsconfig: path.join(root, 'client', 'tsconfig.json'),
  });
  await Promise.all([client, server, graphView]);

  return outdir;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const options = parseArgs(process.argv.slice(2));
  const started = Date.now();
  bundle(options).then(
    (outdir) => process.stdout.write(`bundled into ${path.relative(process.cwd(), outdir) || '.'} (${folderKiB(outdir)} KiB) in ${Date.now() - started} ms\n`),
    (error) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
