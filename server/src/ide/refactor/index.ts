// The refactorings, one file each: inline (call, function, variable, constant), rename as an
// action, extract (variable, function).

import type { ActionProvider } from '../actions';
import { extractFunction } from './extract-function';
import { extractVariable } from './extract-variable';
import { inlineCallActions } from './inline-call';
import { inlineFunctionActions } from './inline-function';
import { inlineVariableActions } from './inline-variable';
import { renameActions } from './rename-action';

export const REFACTORINGS: readonly ActionProvider[] = [
  inlineCallActions,
  inlineFunctionActions,
  inlineVariableActions,
  extractVariable,
  extractFunction,
  renameActions,
];
