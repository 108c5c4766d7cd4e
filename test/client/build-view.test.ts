// The build's status bar item (client/src/build-view.ts) for each state a build goes through,
// the quoting of the executable the Run command types into the terminal's shell, and the build
// messages' names (the client re-exports the server's one definition, lsp/protocol.ts).

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { buildView, shellQuote, type BuildState } from 'zolt-client/build-view';
import * as client from 'zolt-client/protocol';

const URI = 'file:///work/my%20app/main.zolt';

const VIEWS: { state: BuildState; text: string; tooltip: string; failed: boolean }[] = [
  { state: { phase: 'building', title: 'Building main.zolt' }, text: '$(sync~spin) building', tooltip: 'Zolt: Building main.zolt', failed: false },
  {
    state: { phase: 'finished', report: { uri: URI, ok: true, milliseconds: 412, executable: '/work/my app/.zolt/build/main' } },
    text: '$(check) built in 412 ms',
    tooltip: 'Zolt: main.zolt built in 412 ms\n/work/my app/.zolt/build/main\nZolt: Run runs it.',
    failed: false,
  },
  {
    state: { phase: 'finished', report: { uri: URI, ok: false, milliseconds: 90, message: 'not built: 1 error in main.zolt' } },
    text: '$(error) not built',
    tooltip: 'Zolt: main.zolt not built: 1 error in main.zolt\nClick for the Problems view.',
    failed: true,
  },
];

describe('client: the build status', () => {
  for (const v of VIEWS) {
    it(`says '${v.text}' (${v.state.phase}${v.state.phase === 'finished' ? `, ok: ${v.state.report.ok}` : ''})`, () => {
      assert.deepEqual(buildView(v.state), { text: v.text, tooltip: v.tooltip, failed: v.failed });
    });
  }

  it('quotes the executable as one word for the shell, whatever its characters', () => {
    for (const file of ['/plain/path', '/with space/x', "/it's/here", '/$HOME/`cmd`/"q"/\\b']) {
      const echoed = spawnSync('sh', ['-c', `printf %s ${shellQuote(file)}`], { encoding: 'utf8' });
      assert.equal(echoed.stdout, file);
    }
  });

  it('sends the build messages under the names the protocol tests send on the wire', () => {
    assert.deepEqual(
      [client.BUILD_REQUEST, client.BUILD_FINISHED_NOTIFICATION, client.WORKSPACE_TRUSTED_NOTIFICATION],
      ['zolt/build', 'zolt/buildFinished', 'zolt/workspaceTrusted'],
    );
  });
});
