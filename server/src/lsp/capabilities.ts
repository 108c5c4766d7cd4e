// The `initialize` exchange: what the client says it can do (read once into ClientFeatures)
// and what the server offers in return.

import { TextDocumentSyncKind, type InitializeParams, type ServerCapabilities } from 'vscode-languageserver/node';
import { TOKEN_MODIFIERS, TOKEN_TYPES } from '../ide/semantic-tokens';
import { toPath } from './from-proto';
import { CODE_ACTION_KINDS, type ActionClient } from './handlers/code-actions';
import type { InitializationOptions } from './protocol';

export interface ClientFeatures {
  readonly pullDiagnostics: boolean;
  readonly workDoneProgress: boolean;
  readonly configuration: boolean;
  readonly dynamicWatchers: boolean;
  readonly hierarchicalSymbols: boolean;
  readonly snippets: boolean;
  readonly inlayHintRefresh: boolean;
  readonly folderChanges: boolean;
  readonly semanticTokensRefresh: boolean;
  readonly actions: ActionClient;
}

/** What a client that has not initialized yet is assumed to have. */
export const NO_FEATURES: ClientFeatures = {
  pullDiagnostics: false, workDoneProgress: false, configuration: false, dynamicWatchers: false,
  hierarchicalSymbols: true, snippets: false, inlayHintRefresh: false, folderChanges: false,
  semanticTokensRefresh: false, actions: { disabledSupport: false, renameCommand: false },
};

export function clientFeatures(params: InitializeParams): ClientFeatures {
  const caps = params.capabilities;
  const actionCaps = caps.textDocument?.codeAction;
  return {
    pullDiagnostics: caps.textDocument?.diagnostic !== undefined,
    workDoneProgress: caps.window?.workDoneProgress === true,
    configuration: caps.workspace?.configuration === true,
    dynamicWatchers: caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true,
    hierarchicalSymbols: caps.textDocument?.documentSymbol?.hierarchicalDocumentSymbolSupport === true,
    snippets: caps.textDocument?.completion?.completionItem?.snippetSupport === true,
    inlayHintRefresh: caps.workspace?.inlayHint?.refreshSupport === true,
    folderChanges: caps.workspace?.workspaceFolders === true,
    semanticTokensRefresh: caps.workspace?.semanticTokens?.refreshSupport === true,
    actions: {
      disabledSupport: actionCaps?.codeActionLiteralSupport !== undefined && actionCaps.disabledSupport === true,
      renameCommand: (params.initializationOptions as Partial<InitializationOptions> | undefined)?.renameCommand === true,
      createFiles: caps.workspace?.workspaceEdit?.documentChanges === true && (caps.workspace.workspaceEdit.resourceOperations ?? []).includes('create'),
    },
  };
}

/** The workspace folders of an `initialize` (its root when it names none), as paths. */
export function initialFolders(params: InitializeParams): string[] {
  const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
  return folders.filter((uri) => uri.startsWith('file:')).map(toPath);
}

export function serverCapabilities(client: ClientFeatures): ServerCapabilities {
  return {
    positionEncoding: 'utf-16',
    textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
    hoverProvider: true,
    definitionProvider: true,
    declarationProvider: true,
    typeDefinitionProvider: true,
    referencesProvider: true,
    documentHighlightProvider: true,
    completionProvider: { triggerCharacters: ['.'], resolveProvider: false },
    signatureHelpProvider: { triggerCharacters: ['(', ','], retriggerCharacters: [','] },
    renameProvider: { prepareProvider: true },
    codeActionProvider: { codeActionKinds: CODE_ACTION_KINDS, resolveProvider: false },
    documentSymbolProvider: true,
    documentFormattingProvider: true,
    documentRangeFormattingProvider: true,
    documentLinkProvider: { resolveProvider: false },
    workspaceSymbolProvider: true,
    semanticTokensProvider: { legend: { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] }, full: { delta: true }, range: true },
    inlayHintProvider: true,
    foldingRangeProvider: true,
    selectionRangeProvider: true,
    callHierarchyProvider: true,
    ...(client.pullDiagnostics ? { diagnosticProvider: { interFileDependencies: true, workspaceDiagnostics: true } } : {}),
    workspace: {
      workspaceFolders: { supported: true, changeNotifications: true },
      // Renaming a .zolt file, or a folder that may hold some, updates the imports that name them.
      fileOperations: { willRename: { filters: [{ scheme: 'file', pattern: { glob: '**/*.zolt', matches: 'file' } }, { scheme: 'file', pattern: { glob: '**/*', matches: 'folder' } }] } },
    },
  };
}
