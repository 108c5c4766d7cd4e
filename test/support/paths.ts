import * as path from 'node:path';

/** The repository root (tests run from out/test/...). */
export const repoRoot = path.resolve(__dirname, '..', '..', '..');

export const fromRoot = (...parts: string[]): string => path.join(repoRoot, ...parts);
