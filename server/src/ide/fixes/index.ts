// The quick fixes, one file each, and "fix all": the fixes that are safe to apply at once.

import type { ActionProvider, CodeAction } from '../actions';
import type { Queries, Workspace } from '../../semantics';

export const QUICK_FIXES: readonly ActionProvider[] = [];

/** One action applying every safe fix of the file, or nothing when there is none. */
export function fixAll(_workspace: Workspace, _queries: Queries, _file: string): CodeAction | undefined {
  return undefined;
}
