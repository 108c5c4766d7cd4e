// The language server's state as the status bar shows it. The client library knows only
// starting / running / stopped; indexing comes from the server's work-done progress (it reports
// "Indexing Zolt files" while it loads the workspace folders after starting).

export type ServerState =
  | { readonly phase: 'starting' }
  | { readonly phase: 'indexing'; readonly percentage?: number; readonly message?: string }
  | { readonly phase: 'ready' }
  | { readonly phase: 'stopped'; readonly reason?: string };

export interface StatusView {
  readonly text: string;
  readonly tooltip: string;
  /** Draw the item with the warning background (the server is not running). */
  readonly warning: boolean;
}

/** What the status bar item says; `annotations` is the workspace's count once known. */
export function statusView(state: ServerState, annotations: number | undefined): StatusView {
  const counted = annotations === undefined ? '' : ` · ${annotations} annotation${annotations === 1 ? '' : 's'}`;
  const hint = 'Click for the server output, a restart, or the Annotations panel.';
  switch (state.phase) {
    case 'starting':
      return { text: '$(sync~spin) Zolt', tooltip: `Zolt language server: starting\n${hint}`, warning: false };
    case 'indexing': {
      const percent = state.percentage === undefined ? '' : ` ${state.percentage}%`;
      const detail = state.message === undefined ? '' : ` (${state.message})`;
      return { text: `$(sync~spin) Zolt: indexing${percent}`, tooltip: `Zolt language server: indexing the workspace${detail}\n${hint}`, warning: false };
    }
    case 'ready':
      return {
        text: annotations === undefined || annotations === 0 ? '$(check) Zolt' : `$(check) Zolt $(checklist) ${annotations}`,
        tooltip: `Zolt language server: ready${counted}\n${hint}`,
        warning: false,
      };
    case 'stopped':
      return { text: '$(error) Zolt', tooltip: `Zolt language server: stopped${state.reason ? ` (${state.reason})` : ''}\n${hint}`, warning: true };
  }
}
