// Which language server the extension starts: the one bundled beside it (dist/server.js, run
// by VS Code's own Node runtime), or the `zolt` executable the user names in `zolt.server.path`
// (run as `<path> lsp --stdio`).
//
// Workspace trust: a workspace's own settings could name any program, and starting it would run
// code the user has not agreed to. In a restricted (untrusted) workspace only the user's own
// setting counts; package.json also lists the setting in `restrictedConfigurations`, so VS Code
// itself hides workspace values then. Checking here as well keeps the rule in one readable place.

import * as os from 'node:os';
import * as path from 'node:path';

export type ServerLaunch =
  | { readonly kind: 'bundled'; readonly module: string }
  | { readonly kind: 'executable'; readonly command: string; readonly args: readonly string[] };

/** The values of `zolt.server.path` per scope (vscode.WorkspaceConfiguration.inspect). */
export interface ServerPathSetting {
  readonly globalValue?: unknown;
  readonly workspaceValue?: unknown;
  readonly workspaceFolderValue?: unknown;
}

export interface LaunchChoice {
  readonly launch: ServerLaunch;
  /** A workspace value that was not used because the workspace is not trusted. */
  readonly ignored?: string;
}

export function chooseServer(bundledModule: string, setting: ServerPathSetting | undefined, trusted: boolean): LaunchChoice {
  const value = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
  const workspace = value(setting?.workspaceFolderValue) ?? value(setting?.workspaceValue);
  const user = value(setting?.globalValue);
  const chosen = trusted ? workspace ?? user : user;
  const ignored = !trusted && workspace !== undefined ? workspace : undefined;
  const launch: ServerLaunch = chosen === undefined
    ? { kind: 'bundled', module: bundledModule }
    : { kind: 'executable', command: expandHome(chosen), args: ['lsp'] }; // the client adds --stdio
  return ignored === undefined ? { launch } : { launch, ignored };
}

function expandHome(file: string): string {
  return file === '~' || file.startsWith('~/') ? path.join(os.homedir(), file.slice(1)) : file;
}
