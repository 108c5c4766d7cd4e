// Loads the Zolt grammar into web-tree-sitter, once per process. Everything above this layer
// asks for a `ZoltGrammar` and never touches wasm files or runtime initialisation itself.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { Language, Parser, Query } from 'web-tree-sitter';

export interface ZoltGrammar {
  readonly language: Language;
  /** A new parser for the Zolt language. Parsers hold state; use one per document or thread. */
  newParser(): Parser;
  /** Compiles a query against the Zolt language. */
  query(source: string): Query;
}

let loading: Promise<ZoltGrammar> | undefined;

/** The grammar, loaded on first use. */
export function loadGrammar(): Promise<ZoltGrammar> {
  loading ??= load();
  return loading;
}

async function load(): Promise<ZoltGrammar> {
  const runtimeWasm = locate('web-tree-sitter.wasm', () => require.resolve('web-tree-sitter/web-tree-sitter.wasm'));
  await Parser.init({ locateFile: () => runtimeWasm });
  const language = await Language.load(grammarWasmPath());
  return {
    language,
    newParser() {
      const parser = new Parser();
      parser.setLanguage(language);
      return parser;
    },
    query(source: string) {
      return new Query(language, source);
    },
  };
}

/** Where tree-sitter-zolt.wasm is: beside this file in a bundle, else in the grammar package. */
export function grammarWasmPath(): string {
  return locate('tree-sitter-zolt.wasm', () => require.resolve('tree-sitter-zolt/tree-sitter-zolt.wasm'));
}

/** The folder of the grammar package (queries, corpus), beside this file in a bundle. */
export function grammarQueriesDir(): string {
  const bundled = path.join(__dirname, 'queries');
  if (fs.existsSync(bundled)) return bundled;
  return path.join(path.dirname(require.resolve('tree-sitter-zolt/package.json')), 'queries');
}

function locate(file: string, fromPackage: () => string): string {
  const bundled = path.join(__dirname, file);
  return fs.existsSync(bundled) ? bundled : fromPackage();
}
