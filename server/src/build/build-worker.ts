// The worker thread a build runs in (builder.ts starts it), so that the language server keeps
// answering while a program compiles. It is told a main file, builds it from disk
// (program.ts) and replies with the executable's bytes or the problems; it writes nothing and
// runs nothing. It lives as long as no build is cancelled: the runtime's machine code and the
// grammar stay loaded between builds.
//
// The bundle (client/scripts/bundle.mjs) makes this file dist/build-worker.js, beside server.js.

import { parentPort } from 'node:worker_threads';
import { buildExecutable, type BuildResult } from './program';

/** What the builder asks: build the program of `file` (a main file). */
export interface WorkerRequest {
  readonly id: number;
  readonly file: string;
}

export type WorkerReply =
  | { readonly id: number; readonly kind: 'stage'; readonly stage: 'checking' | 'compiling' }
  | { readonly id: number; readonly kind: 'done'; readonly result: BuildResult };

const port = parentPort;
if (port) {
  port.on('message', (request: WorkerRequest) => {
    const reply = (message: WorkerReply) => port.postMessage(message);
    void buildExecutable(request.file, (stage) => reply({ id: request.id, kind: 'stage', stage })).then(
      (result) => reply({ id: request.id, kind: 'done', result }),
      (error: unknown) => {
        const message = `the build failed: ${error instanceof Error ? error.message : String(error)}`;
        reply({ id: request.id, kind: 'done', result: { ok: false, message, problems: [] } });
      },
    );
  });
}
