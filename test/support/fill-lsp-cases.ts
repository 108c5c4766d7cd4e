// Fills the "?" expectations of an LSP fixture's cases.json with the server's answers, so that
// writing a case is: write the request, run this, READ the answer, keep it if it is right.
//
//   node out/test/support/fill-lsp-cases.js test/fixtures/lsp/NAME

import * as fs from 'node:fs';
import * as path from 'node:path';
import { openFixture, run, type Case } from './lsp-cases';
import { TestClient } from './lsp-client';

async function main() {
  const dir = path.resolve(process.argv[2] ?? '');
  const file = path.join(dir, 'cases.json');
  const cases = JSON.parse(fs.readFileSync(file, 'utf8')) as Case[];
  const client = new TestClient(dir, { settings: { comments: { verify: false } } }); // as protocol.test.ts runs them
  await client.initialize();
  openFixture(client, dir);
  for (const c of cases) {
    const text = JSON.stringify(c.expect);
    if (!text.includes('"?"')) {
      // A case that edits a file changes what later cases see: make the edit all the same.
      if (c.edit) await run(client, dir, c);
      continue;
    }
    const actual = await run(client, dir, c);
    if (c.expect === '?') c.expect = actual;
    else if (typeof c.expect === 'object' && c.expect !== null) {
      for (const [key, value] of Object.entries(c.expect as Record<string, unknown>)) {
        if (value === '?') (c.expect as Record<string, unknown>)[key] = (actual as Record<string, unknown>)[key];
        else if (typeof value === 'object' && value !== null) {
          for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
            if (v === '?') (value as Record<string, unknown>)[k] = ((actual as Record<string, Record<string, unknown>>)[key] ?? {})[k];
          }
        }
      }
    }
    console.log(`${c.name}:\n  ${JSON.stringify(c.expect)}\n`);
  }
  fs.writeFileSync(file, JSON.stringify(cases, null, 2) + '\n');
  await client.shutdown();
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
