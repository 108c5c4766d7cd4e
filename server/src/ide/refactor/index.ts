// The refactorings, one file each: inline (call, function, variable, constant), rename as an
// action, extract (variable, function).

import type { ActionProvider } from '../actions';
import { inlineCallActions } from './inline-call';
import { inlineFunctionActions } from './inline-function';
import { inlineVariableActions } from './inline-variable';

export const REFACTORINGS: readonly ActionProvider[] = [
  inlineCallActions,
  inlineFunctionActions,
  inlineVariableActions,
];
