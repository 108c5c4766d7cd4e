// Emacs with Eglot against the Zolt server: test/editor/emacs/e2e.el runs the checks of
// test/fixtures/editors/checks.json in a batch Emacs (Debian: Emacs 28 with elpa-eglot 1.9).

import { editorSuite, onPath, probe } from '../support/editor-e2e';
import { fromRoot } from '../support/paths';

editorSuite({
  title: 'Emacs + Eglot',
  missing: () => {
    const emacs = onPath('emacs');
    if (!emacs) return '`emacs` is not on PATH';
    // Before Emacs 29, Eglot is a package of its own.
    if (!probe(emacs, ['--batch', '--no-init-file', '--eval', "(require 'eglot)"])) return 'Emacs cannot load eglot (package elpa-eglot)';
    return '';
  },
  command: () => ({
    file: onPath('emacs')!,
    // --no-init-file, not -Q: -Q also skips site-start, which puts Debian's elpa packages on the
    // load path.
    args: ['--batch', '--no-init-file', '-l', fromRoot('test/editor/emacs/e2e.el')],
  }),
});
