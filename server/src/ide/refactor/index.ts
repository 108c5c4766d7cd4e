// The refactorings, one file each: inline (call, function, variable, constant), rename as an
// action, extract (variable, function).

import type { ActionProvider } from '../actions';
import { inlineVariableActions } from './inline-variable';

export const REFACTORINGS: readonly ActionProvider[] = [
  inlineVariableActions,
];
