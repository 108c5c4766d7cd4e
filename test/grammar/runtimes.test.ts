// web-tree-sitter and the native binding must build identical trees (types, fields and
// positions) for every corpus input and example, so tools on either runtime agree.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { readCorpus } from '../support/corpus';
import { fromRoot } from '../support/paths';
import { nativeRuntime, webRuntime, type Runtime } from '../support/runtimes';

describe('web and native runtimes agree', () => {
  let web: Runtime;
  let native: Runtime;
  before(async () => {
    web = await webRuntime();
    native = nativeRuntime();
  });

  const inputs = [
    ...readCorpus(fromRoot('grammar/test/corpus')).map((c) => ({ name: `corpus ${c.file}: ${c.name}`, text: c.input })),
    ...fs.readdirSync(fromRoot('examples')).filter((f) => f.endsWith('.zolt')).map((f) => ({
      name: `examples/${f}`,
      text: fs.readFileSync(fromRoot('examples', f), 'utf8'),
    })),
    { name: 'non-ASCII text', text: 'fn main() { var s = "héllo 😀 wörld"; /* ünïcode */ var t = 1; }\n' },
  ];

  it('on every corpus case and example', () => {
    const differences: string[] = [];
    for (const input of inputs) {
      const a = web.parse(input.text);
      const b = native.parse(input.text);
      const sa = a.sexp({ positions: true });
      const sb = b.sexp({ positions: true });
      a.dispose();
      b.dispose();
      if (sa !== sb) differences.push(`${input.name}\n  web:    ${sa}\n  native: ${sb}`);
    }
    assert.ok(inputs.length > 200);
    assert.deepEqual(differences, []);
  });
});
