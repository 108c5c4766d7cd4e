// Neovim's built-in LSP client against the Zolt server: test/editor/nvim/e2e.lua runs the checks
// of test/fixtures/editors/checks.json in a headless Neovim (0.7 API, as Debian ships).

import { editorSuite, onPath } from '../support/editor-e2e';
import { fromRoot } from '../support/paths';

editorSuite({
  title: 'Neovim',
  missing: () => (onPath('nvim') ? '' : '`nvim` is not on PATH'),
  command: () => ({
    file: onPath('nvim')!,
    // --clean: no user configuration or plugins; -n: no swap files; -i NONE: no shada file.
    // dofile with a quoted path, where `luafile` would split a path with spaces.
    args: ['--headless', '--clean', '-n', '-i', 'NONE', '-c', `lua dofile(${JSON.stringify(fromRoot('test/editor/nvim/e2e.lua'))})`],
  }),
});
