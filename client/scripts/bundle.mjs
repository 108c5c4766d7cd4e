#!/usr/bin/env node
// Bundles the VS Code extension into one folder (dist/ by default) with esbuild:
//   extension.js   the client (client/src/extension.ts), `vscode` left external
//   server.js      the language server (server/src/server.ts), started by the client with
//                  VS Code's Node runtime; it calls startServer(), which reads the transport
//                  (--node-ipc, --stdio, --socket=N) from its arguments
//   build-worker.js the thread the server compiles on save in (server/src/build/build-worker.ts;
//                  the server starts it from beside itself)
//   graph-view.js  the script of the graph webviews (client/src/graphs/webview.ts) for the browser,
//                  with Graphviz as WebAssembly (@hpcc-js/wasm-graphviz, the wasm inside the script)
//   runtime.zolt   the native backend's runtime, compiled into every executable
//   *.wasm         web-tree-sitter's runtime and the Zolt grammar
//   queries/       the grammar's queries
//   std/           the standard library
// The server finds the wasm files, queries and std beside its own file (__dirname) when
// bundled; see server/src/syntax/language.ts and server/src/semantics/workspace.ts.
//
// Usage: node client/scripts/bundle.mjs [--outdir DIR] [--production]
//   --production  minified, without source maps (what the .vsix holds)

import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

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

/**
 * Resolves packages as Node's `require` does. The client and server are CommonJS (tsc compiles
 * their `import`s to `require`), but esbuild resolves an `import` statement with the "import"
 * condition: for web-tree-sitter that is its ES module build, whose `import.meta.url` is
 * undefined in a CommonJS bundle and which then fails to start.
 */
const resolveLikeRequire = {
  name: 'resolve-like-require',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.kind !== 'import-statement' || isBuiltin(args.path) || args.path === 'vscode' || !args.importer) return undefined;
      try {
        return { path: createRequire(args.importer).resolve(args.path) };
      } catch {
        return undefined; // let esbuild report it
      }
    });
  },
};

/** What a bundle folder holds; only these are removed before bundling again. */
const OUTPUTS = ['extension.js', 'extension.js.map', 'graph-view.js', 'graph-view.js.map', 'server.js', 'server.js.map', 'build-worker.js', 'build-worker.js.map', 'runtime.zolt', 'web-tree-sitter.wasm', 'tree-sitter-zolt.wasm', 'queries', 'std'];

export async function bundle({ outdir, production }) {
  fs.mkdirSync(outdir, { recursive: true });
  for (const name of OUTPUTS) fs.rmSync(path.join(outdir, name), { recursive: true, force: true });

  const common = {
    bundle: true,
    platform: 'node',
    format: 'cjs',
    // VS Code 1.91 runs extensions on Node 20.
    target: 'node20',
    minify: production,
    sourcemap: production ? false : 'linked',
    // Sources beside the map rather than inside it: smaller, and the paths lead to the repository.
    sourcesContent: false,
    logLevel: 'warning',
    plugins: [resolveLikeRequire],
    // Keep class and function names readable in stack traces, even minified.
    keepNames: true,
  };
  const client = esbuild.build({
    ...common,
    entryPoints: [path.join(root, 'client', 'src', 'extension.ts')],
    outfile: path.join(outdir, 'extension.js'),
    external: ['vscode'],
    tsconfig: path.join(root, 'client', 'tsconfig.json'),
  });
  const serverCommon = {
    ...common,
    tsconfig: path.join(root, 'server', 'tsconfig.json'),
    // The server's fallbacks for an unbundled run (it looks beside itself first): they stay
    // require.resolve calls, never taken in the bundle.
    external: ['web-tree-sitter/web-tree-sitter.wasm', 'tree-sitter-zolt/tree-sitter-zolt.wasm', 'tree-sitter-zolt/package.json'],
  };
  const server = esbuild.build({
    ...serverCommon,
    // The entry is one line, so that no source file has to exist only for the bundle.
    stdin: {
      contents: "require('./src/server').startServer();\n",
      resolveDir: path.join(root, 'server'),
      sourcefile: 'server-main.js',
      loader: 'js',
    },
    outfile: path.join(outdir, 'server.js'),
  });
  const worker = esbuild.build({
    ...serverCommon,
    entryPoints: [path.join(root, 'server', 'src', 'build', 'build-worker.ts')],
    outfile: path.join(outdir, 'build-worker.js'),
  });
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
  await Promise.all([client, server, worker, graphView]);

  const serverRequire = createRequire(path.join(root, 'server', 'package.json'));
  fs.copyFileSync(serverRequire.resolve('web-tree-sitter/web-tree-sitter.wasm'), path.join(outdir, 'web-tree-sitter.wasm'));
  const grammar = path.dirname(serverRequire.resolve('tree-sitter-zolt/package.json'));
  fs.copyFileSync(path.join(grammar, 'tree-sitter-zolt.wasm'), path.join(outdir, 'tree-sitter-zolt.wasm'));
  copyFiles(path.join(grammar, 'queries'), path.join(outdir, 'queries'), '.scm');
  copyFiles(path.join(root, 'server', 'std'), path.join(outdir, 'std'), '.zolt');
  fs.copyFileSync(path.join(root, 'server', 'src', 'backend', 'runtime', 'runtime.zolt'), path.join(outdir, 'runtime.zolt'));
  return outdir;
}

function copyFiles(from, to, extension) {
  fs.mkdirSync(to, { recursive: true });
  for (const name of fs.readdirSync(from)) {
    if (name.endsWith(extension)) fs.copyFileSync(path.join(from, name), path.join(to, name));
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const options = parseArgs(process.argv.slice(2));
  const started = Date.now();
  bundle(options).then(
    (outdir) => {
      const size = fs.readdirSync(outdir, { recursive: true })
        .map((f) => path.join(outdir, String(f)))
        .filter((f) => fs.statSync(f).isFile())
        .reduce((sum, f) => sum + fs.statSync(f).size, 0);
      process.stdout.write(`bundled into ${path.relative(process.cwd(), outdir) || '.'} (${(size / 1024).toFixed(0)} KiB) in ${Date.now() - started} ms\n`);
    },
    (error) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
