// Protocol tests: each folder of test/fixtures/lsp is a workspace; its cases.json lists requests
// made at cursor markers and the results expected. A marker is a block comment `/*@name*/` in a
// .zolt file (valid Zolt, so the file on disk is what the server indexes); the cursor is right
// after it. Results are compared in a normalised, readable form (see test/support/lsp-cases.ts).

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openFixture, run, type Case } from '../support/lsp-cases';
import { TestClient } from '../support/lsp-client';
import { fromRoot } from '../support/paths';

const root = fromRoot('test/fixtures/lsp');
const workspaces = fs.readdirSync(root).filter((d) => fs.existsSync(path.join(root, d, 'cases.json'))).sort();

describe('language server protocol', () => {
  for (const name of workspaces) {
    describe(name, function () {
      this.timeout(60_000);
      const dir = path.join(root, name);
      const cases = JSON.parse(fs.readFileSync(path.join(dir, 'cases.json'), 'utf8')) as Case[];
      let client: TestClient;

      before(async () => {
        // The fixtures live in this repository: comment verification would flag the comments
        // above code a case edits (it has its own tests, test/lsp/verified-comments.test.ts).
        client = new TestClient(dir, { settings: { comments: { verify: false } } });
        await client.initialize();
        openFixture(client, dir);
      });
      after(async () => {
        await client.shutdown();
      });

      for (const c of cases) {
        it(c.name, async () => {
          const actual = await run(client, dir, c);
          assert.deepEqual(actual, c.expect);
        });
      }
    });
  }
});
