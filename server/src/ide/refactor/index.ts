// The refactorings, one file each: inline (call, function, variable, constant), rename as an
// action, extract (variable, function).

import type { ActionProvider } from '../actions';

export const REFACTORINGS: readonly ActionProvider[] = [];
