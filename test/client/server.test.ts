// Which server the extension starts (zolt.server.path, workspace trust), the settings it passes
// on, and what the status bar says about it: the pure parts of client/src/launch.ts,
// settings.ts and server-state.ts.

import * as assert from 'node:assert/strict';
import * as os from 'node:os';
import * as path from 'node:path';
import { chooseServer } from 'zolt-client/launch';
import { statusView, type ServerState } from 'zolt-client/server-state';
import { sanitizeZoltSettings } from 'zolt-client/settings';

const BUNDLED = '/ext/dist/server.js';

describe('client: the language server', () => {
  describe('which one starts', () => {
    it('is the bundled one when zolt.server.path is unset or blank', () => {
      assert.deepEqual(chooseServer(BUNDLED, undefined, true), { launch: { kind: 'bundled', module: BUNDLED } });
      assert.deepEqual(chooseServer(BUNDLED, { globalValue: '  ' }, true), { launch: { kind: 'bundled', module: BUNDLED } });
      assert.deepEqual(chooseServer(BUNDLED, { globalValue: 42 }, true), { launch: { kind: 'bundled', module: BUNDLED } });
    });

    it('is `<path> lsp` (the client adds --stdio) when the user names an executable', () => {
      assert.deepEqual(chooseServer(BUNDLED, { globalValue: '/opt/zolt/bin/zolt' }, true), { launch: { kind: 'executable', command: '/opt/zolt/bin/zolt', args: ['lsp'] } });
      assert.deepEqual(chooseServer(BUNDLED, { globalValue: '~/bin/zolt' }, false).launch, { kind: 'executable', command: path.join(os.homedir(), 'bin/zolt'), args: ['lsp'] });
    });

    it('takes the workspace’s value (the folder’s first) only in a trusted workspace', () => {
      const setting = { globalValue: '/usr/bin/zolt', workspaceValue: './tools/zolt', workspaceFolderValue: './folder/zolt' };
      assert.deepEqual(chooseServer(BUNDLED, setting, true), { launch: { kind: 'executable', command: './folder/zolt', args: ['lsp'] } });
      assert.deepEqual(chooseServer(BUNDLED, { ...setting, workspaceFolderValue: undefined }, true).launch, { kind: 'executable', command: './tools/zolt', args: ['lsp'] });
      assert.deepEqual(chooseServer(BUNDLED, setting, false), { launch: { kind: 'executable', command: '/usr/bin/zolt', args: ['lsp'] }, ignored: './folder/zolt' });
      assert.deepEqual(chooseServer(BUNDLED, { workspaceValue: './evil' }, false), { launch: { kind: 'bundled', module: BUNDLED }, ignored: './evil' });
    });
  });

  describe('the settings passed on', () => {
    it('leave out the entries of zolt.annotations.tags that are not tags, and only those', () => {
      const section = { diagnostics: { delay: 15 }, annotations: { tags: ['TODO', ' review ', 'my tag', 42, 'FIX-ME', '_x'], showAsDiagnostics: true } };
      assert.deepEqual(sanitizeZoltSettings(section), {
        value: { diagnostics: { delay: 15 }, annotations: { tags: ['TODO', 'review'], showAsDiagnostics: true } },
        dropped: ['my tag', '42', 'FIX-ME', '_x'],
      });
    });

    it('pass everything else on untouched (the very object when nothing is dropped)', () => {
      const section = { annotations: { tags: ['TODO', 'REVIEW'] } };
      assert.equal(sanitizeZoltSettings(section).value, section);
      for (const other of [undefined, null, 3, 'x', [], {}, { annotations: 1 }, { annotations: { tags: 'TODO' } }]) {
        assert.deepEqual(sanitizeZoltSettings(other), { value: other, dropped: [] });
      }
    });

    it('an all-bad list becomes empty, which the server reads as its default tags', () => {
      assert.deepEqual(sanitizeZoltSettings({ annotations: { tags: ['a b'] } }).value, { annotations: { tags: [] } });
    });
  });

  describe('the status bar', () => {
    const cases: [ServerState, number | undefined, string, boolean][] = [
      [{ phase: 'starting' }, undefined, '$(sync~spin) Zolt', false],
      [{ phase: 'indexing' }, undefined, '$(sync~spin) Zolt: indexing', false],
      [{ phase: 'indexing', percentage: 40, message: '20/50 files' }, undefined, '$(sync~spin) Zolt: indexing 40%', false],
      [{ phase: 'ready' }, undefined, '$(check) Zolt', false],
      [{ phase: 'ready' }, 0, '$(check) Zolt', false],
      [{ phase: 'ready' }, 12, '$(check) Zolt $(checklist) 12', false],
      [{ phase: 'stopped' }, 12, '$(error) Zolt', true],
    ];
    for (const [state, count, text, warning] of cases) {
      it(`${state.phase}${count === undefined ? '' : `, ${count} annotations`}: ${text}`, () => {
        const view = statusView(state, count);
        assert.equal(view.text, text);
        assert.equal(view.warning, warning);
      });
    }

    it('says the state, the count and what a click offers in the tooltip', () => {
      assert.equal(statusView({ phase: 'ready' }, 1).tooltip.split('\n')[0], 'Zolt language server: ready · 1 annotation');
      assert.equal(statusView({ phase: 'indexing', percentage: 40, message: '20/50 files' }, undefined).tooltip.split('\n')[0], 'Zolt language server: indexing the workspace (20/50 files)');
      assert.equal(statusView({ phase: 'stopped', reason: 'it did not start' }, undefined).tooltip.split('\n')[0], 'Zolt language server: stopped (it did not start)');
      assert.match(statusView({ phase: 'ready' }, undefined).tooltip, /restart/);
    });
  });
});
