#!/usr/bin/env node
// Bundles the compiler core with esbuild into one folder that runs without node_modules (but
// koffi, the C interface, which holds a native library for each platform and stays a package):
//   zolt.js          the `zolt` command (server/src/cli/main.ts: `main(argv)`), which includes the
//                    language server (`zolt lsp`) and the interpreter's threads (vm/worker.ts and
//                    vm/session-thread.ts start a Worker on their own file, which is this one)
//   server.js        the language server alone, started by VS Code (optional: --server)
//   build-worker.js  the thread the server compiles on save in (server/src/build/build-worker.ts;
//                    the server starts it from beside itself)
//   runtime.zolt     the native backend's runtime, compiled into every executable
//   *.wasm           web-tree-sitter's runtime and the Zolt grammar
//   queries/         the grammar's queries
//   std/             the standard library
// The compiler finds the wasm files, queries, std and the runtime beside its own file
// (__dirname) when bundled; see server/src/syntax/language.ts, semantics/workspace/files.ts and
// backend/runtime/library.ts.
//
// `npm pack` in this workspace runs it (prepack) into server/dist/: the tarball then holds
// bin/zolt.js and dist/, and `npm install -g zolt-server-0.1.0.tgz` installs `zolt`.
// The VS Code extension's bundle (client/scripts/bundle.mjs) calls bundleServer() for its server.
//
// Usage: node server/scripts/bundle.mjs [--outdir DIR] [--development]
//   --development  not minified, with source maps (the default is what the tarball holds)

import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const serverRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Resolves packages as Node's `require` does. The sources are CommonJS (tsc compiles their
 * `import`s to `require`), but esbuild resolves an `import` statement with the "import"
 * condition: for web-tree-sitter that is its ES module build, whose `import.meta.url` is
 * undefined in a CommonJS bundle and which then fails to start.
 */
export const resolveLikeRequire = {
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

/** Options every Node bundle shares (the client's too). */
export function nodeBuildOptions(production) {
  return {
    bundle: true,
    platform: 'node',
    format: 'cjs',
    // VS Code 1.91 runs extensions on Node 20, and the package asks for Node 20.19.
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
}

/** What bundleServer writes; only these are removed before bundling again. */
export const SERVER_OUTPUTS = ['zolt.js', 'server.js', 'build-worker.js', 'runtime.zolt', 'web-tree-sitter.wasm', 'tree-sitter-zolt.wasm', 'queries', 'std']
  .flatMap((name) => (name.endsWith('.js') ? [name, `${name}.map`] : [name]));

/**
 * Bundles the compiler into `outdir`: the `zolt` command (cli: true), the language server alone
 * (server: true), the build thread, and the files they read beside themselves. koffiPackage:
 * koffi is required from node_modules at run time rather than bundled.
 */
export async function bundleServer({ outdir, production, cli = true, server = false, koffiPackage = true }) {
  fs.mkdirSync(outdir, { recursive: true });
  for (const name of SERVER_OUTPUTS) fs.rmSync(path.join(outdir, name), { recursive: true, force: true });
  const common = {
    ...nodeBuildOptions(production),
    tsconfig: path.join(serverRoot, 'tsconfig.json'),
    // The fallbacks for an unbundled run (the compiler looks beside itself first) stay
    // require.resolve calls, never taken in the bundle. koffi (native code) stays a package that
    // the tarball depends on; the extension's bundle has no packages and takes its JavaScript.
    external: ['web-tree-sitter/web-tree-sitter.wasm', 'tree-sitter-zolt/tree-sitter-zolt.wasm', 'tree-sitter-zolt/package.json', ...(koffiPackage ? ['koffi'] : [])],
  };
  // Entries are one line each, so that no source file has to exist only for a bundle.
  const entry = (contents, sourcefile, outfile) => esbuild.build({
    ...common,
    stdin: { contents, resolveDir: serverRoot, sourcefile, loader: 'js' },
    outfile: path.join(outdir, outfile),
  });
  const builds = [
    esbuild.build({ ...common, entryPoints: [path.join(serverRoot, 'src', 'build', 'build-worker.ts')], outfile: path.join(outdir, 'build-worker.js') }),
  ];
  // bin/zolt.js calls main(). The interpreter's threads are Workers started on their module's
  // file, which in the bundle is this one: there it loads those modules, whose own code serves
  // the thread (the commands load theirs lazily, so it would not run otherwise).
  const cliMain = [
    "if (require('node:worker_threads').isMainThread) module.exports = require('./src/cli/main');",
    "else { require('./src/vm/worker'); require('./src/vm/session-thread'); }",
    '',
  ].join('\n');
  if (cli) builds.push(entry(cliMain, 'zolt-main.js', 'zolt.js'));
  if (server) builds.push(entry("require('./src/server').startServer();\n", 'server-main.js', 'server.js'));
  await Promise.all(builds);

  const serverRequire = createRequire(path.join(serverRoot, 'package.json'));
  fs.copyFileSync(serverRequire.resolve('web-tree-sitter/web-tree-sitter.wasm'), path.join(outdir, 'web-tree-sitter.wasm'));
  const grammar = path.dirname(serverRequire.resolve('tree-sitter-zolt/package.json'));
  fs.copyFileSync(path.join(grammar, 'tree-sitter-zolt.wasm'), path.join(outdir, 'tree-sitter-zolt.wasm'));
  copyFiles(path.join(grammar, 'queries'), path.join(outdir, 'queries'), '.scm');
  copyFiles(path.join(serverRoot, 'std'), path.join(outdir, 'std'), '.zolt');
  fs.copyFileSync(path.join(serverRoot, 'src', 'backend', 'runtime', 'runtime.zolt'), path.join(outdir, 'runtime.zolt'));
  return outdir;
}

function copyFiles(from, to, extension) {
  fs.mkdirSync(to, { recursive: true });
  for (const name of fs.readdirSync(from)) {
    if (name.endsWith(extension)) fs.copyFileSync(path.join(from, name), path.join(to, name));
  }
}

/** The total size of the files under `dir`, in KiB. */
export function folderKiB(dir) {
  const bytes = fs.readdirSync(dir, { recursive: true })
    .map((f) => path.join(dir, String(f)))
    .filter((f) => fs.statSync(f).isFile())
    .reduce((sum, f) => sum + fs.statSync(f).size, 0);
  return (bytes / 1024).toFixed(0);
}

function parseArgs(argv) {
  const options = { outdir: path.join(serverRoot, 'dist'), production: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--development') options.production = false;
    else if (arg === '--outdir' && argv[i + 1]) options.outdir = path.resolve(argv[++i]);
    else if (arg.startsWith('--outdir=')) options.outdir = path.resolve(arg.slice('--outdir='.length));
    else throw new Error(`unknown argument '${arg}' (usage: bundle.mjs [--outdir DIR] [--development])`);
  }
  return options;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  Promise.resolve().then(() => bundleServer(parseArgs(process.argv.slice(2)))).then(
    (outdir) => process.stdout.write(`bundled the zolt command into ${path.relative(process.cwd(), outdir) || '.'} (${folderKiB(outdir)} KiB) in ${Date.now() - started} ms\n`),
    (error) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
