// The settings of compile on save (`zolt.build.*`, package.json declares them for VS Code): the
// language server reads them through workspace/configuration, section `zolt`.

import { DEFAULT_OUTPUT_DIRECTORY } from './output';

export interface BuildSettings {
  readonly onSave: boolean;
  /** Empty: DEFAULT_OUTPUT_DIRECTORY; relative: to the workspace folder (build/output.ts). */
  readonly outputDirectory: string;
}

export const DEFAULT_BUILD_SETTINGS: BuildSettings = { onSave: true, outputDirectory: DEFAULT_OUTPUT_DIRECTORY };

/** The `zolt.build` section of the settings; what is missing or of the wrong type keeps its default. */
export function readBuildSettings(section: unknown): BuildSettings {
  const value = typeof section === 'object' && section !== null ? (section as Partial<Record<keyof BuildSettings, unknown>>) : {};
  return {
    onSave: typeof value.onSave === 'boolean' ? value.onSave : DEFAULT_BUILD_SETTINGS.onSave,
    outputDirectory: typeof value.outputDirectory === 'string' ? value.outputDirectory : DEFAULT_BUILD_SETTINGS.outputDirectory,
  };
}
