// The Zolt server's own protocol, beside LSP: the messages and shapes the extension exchanges
// with the server. They are defined once, in server/src/lsp/protocol.ts (plain values and types
// only, so that the pure modules, the tests and the bundle can use them); this module is the
// extension's name for them.

export * from 'zolt-server/lsp/protocol';
