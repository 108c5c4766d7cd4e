// The editor features: one module per feature, plain functions over the workspace and queries.
export * from './annotations';
export { Session, DEFAULT_SETTINGS, type SessionSettings } from './session';
export { formatTree, formatEdits, type FormatResult, type FormatOptions } from './format';
