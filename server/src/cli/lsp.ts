// `zolt lsp [--stdio | --node-ipc | --socket=PORT]`: the language server, for any LSP client.

import { startServer } from '../server';
import { Exit, type Io } from './io';

export async function lspCommand(args: readonly string[], io: Io): Promise<number> {
  const transports = ['--stdio', '--node-ipc'];
  if (!args.some((a) => transports.includes(a) || a.startsWith('--socket=') || a.startsWith('--pipe='))) {
    io.err('zolt lsp: name a transport: --stdio, --node-ipc, --socket=PORT or --pipe=NAME\n');
    return Exit.Usage;
  }
  startServer();
  // The server runs until the client says exit; the protocol library ends the process then.
  return new Promise<number>(() => undefined);
}
