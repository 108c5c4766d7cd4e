// What the build's status bar item says (the pure part of build-status.ts), and how the Run
// command names the executable to the terminal's shell.

import type { BuildReport } from './protocol';

export type BuildState =
  | { readonly phase: 'building'; readonly title: string }
  | { readonly phase: 'finished'; readonly report: BuildReport };

export interface BuildView {
  readonly text: string;
  readonly tooltip: string;
  /** The build failed: the item has the error colours, and a click shows the Problems view. */
  readonly failed: boolean;
}

export function buildView(state: BuildState): BuildView {
  if (state.phase === 'building') return { text: '$(sync~spin) building', tooltip: `Zolt: ${state.title}`, failed: false };
  const { report } = state;
  const name = fileName(report.uri);
  if (report.ok) {
    return {
      text: `$(check) built in ${report.milliseconds ?? 0} ms`,
      tooltip: `Zolt: ${name} built in ${report.milliseconds ?? 0} ms\n${report.executable ?? ''}\nZolt: Run runs it.`,
      failed: false,
    };
  }
  return { text: '$(error) not built', tooltip: `Zolt: ${name} ${report.message ?? 'not built'}\nClick for the Problems view.`, failed: true };
}

/** The last segment of a URI, decoded. */
export function fileName(uri: string): string {
  return decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
}

/**
 * A path as one word for a POSIX shell (bash, zsh, dash): in single quotes, each quote in it
 * closed, escaped and reopened. The native backend makes Linux executables only, so the
 * terminal's shell is a Unix one.
 */
export function shellQuote(file: string): string {
  return `'${file.replace(/'/g, `'\\''`)}'`;
}
