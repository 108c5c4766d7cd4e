// The semantic layer's public surface.
export { Workspace, type DocumentState } from './workspace/workspace';
export { defaultStdRoot, nodeFileSystem, type FileSystem, type WorkspaceStats } from './workspace/files';
export { Code } from './codes';
export type { ItemCheck, CallInfo, ScopeRecord } from './check/host';
export type * from './symbols';
export { symbolNameRange, symbolKindName, localRoleWord } from './symbols';
export { PRIMITIVES, T, typeToString, typeKey, sameType, isPoison, type Type, type FunctionType } from './types';
export { Queries, type Location, type SymbolAt, type CallAt, type VisibleName, type InstanceMeaning } from './queries';
