// The `zolt` section of the client's configuration (`workspace/configuration`), read into the
// session's settings, the build's and the comment verifier's switch. Anything missing or of the
// wrong type is the default; an invalid annotation tag is reported and left out.

import { normalizeTags } from '../ide/annotations';
import { DEFAULT_SETTINGS, type SessionSettings } from '../ide/session';
import { readBuildSettings, type BuildSettings } from '../build/settings';
import { commentsSetting } from './comments';

export type Configuration = Partial<{
  diagnostics: { delay: number };
  inlayHints: SessionSettings['inlayHints'];
  annotations: { tags: string[]; showAsDiagnostics: boolean };
  build: unknown;
}>;

export interface Settings {
  readonly session: SessionSettings;
  readonly build: BuildSettings;
  /** Stale comments are flagged (zolt.comments.verify). */
  readonly comments: boolean;
}

export function readSettings(config: Configuration | undefined, warn: (message: string) => void): Settings {
  const tags = Array.isArray(config?.annotations?.tags) ? validTags(config.annotations.tags, (message) => warn(`zolt: zolt.annotations.tags: ${message}`)) : undefined;
  return {
    session: {
      diagnosticsDelay: typeof config?.diagnostics?.delay === 'number' ? config.diagnostics.delay : DEFAULT_SETTINGS.diagnosticsDelay,
      inlayHints: { ...DEFAULT_SETTINGS.inlayHints, ...(config?.inlayHints ?? {}) },
      annotationTags: tags && tags.length > 0 ? tags : DEFAULT_SETTINGS.annotationTags,
      annotationsAsDiagnostics: config?.annotations?.showAsDiagnostics === true,
    },
    build: readBuildSettings(config?.build),
    comments: commentsSetting(config),
  };
}

/** The valid tags of a setting, in order; each invalid entry is reported and left out. */
function validTags(list: readonly unknown[], warn: (message: string) => void): string[] {
  const tags: string[] = [];
  for (const entry of list) {
    try {
      if (typeof entry !== 'string') throw new Error(`${JSON.stringify(entry)} is not a string`);
      tags.push(...normalizeTags([entry]));
    } catch (error) {
      warn((error as Error).message);
    }
  }
  return tags;
}
