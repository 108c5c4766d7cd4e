// Compile on save, the protocol side (server.ts drives it). A `textDocument/didSave` of a .zolt
// file builds the program the file belongs to (build/target.ts) in a worker thread
// (build/builder.ts), so that the server keeps answering meanwhile; a newer save, or a
// `zolt/build` request (the editor's Build and Run commands), cancels a build still running:
// the last one wins, and only a finished build is announced, with `zolt/buildFinished`.
// Progress goes through `$/progress` when the client supports it.
//
// The reasons a program was not built are diagnostics of source "zolt build", kept per program
// until its next build finishes (so the previous ones stay on screen meanwhile) and merged into
// each file's analysis diagnostics by diagnostics.ts. A build diagnostic the analysis already shows
// (the same range and message: a type error) is not shown twice.
//
// The server builds and never runs: running is the editor's (the Run command). Nothing is
// built when the client says the workspace is not trusted (initializationOptions
// `workspaceTrusted: false`, until the notification `zolt/workspaceTrusted`), nor on a machine
// the native backend cannot make executables for (said once).

import * as path from 'node:path';
import { MessageType, ShowMessageNotification, type Connection, type Diagnostic as LspDiagnostic, type WorkDoneProgressServerReporter } from 'vscode-languageserver/node';
import { unsupportedTarget } from '../../backend';
import { Builder, type BuildOutcome } from '../../build/builder';
import { executablePath, outputDirectory } from '../../build/output';
import type { BuildProblem } from '../../build/program';
import { DEFAULT_BUILD_SETTINGS, type BuildSettings } from '../../build/settings';
import { buildTarget, type BuildTarget } from '../../build/target';
import type { Session } from '../../ide/session';
import {
  BUILD_FINISHED_NOTIFICATION, BUILD_PROGRESS_TITLE, BUILD_REQUEST, WORKSPACE_TRUSTED_NOTIFICATION,
  type BuildParams, type BuildReport,
} from '../protocol';
import { toPath } from '../from-proto';
import { buildDiagnostic, toUri } from '../to-proto';

/** Only an explicit `workspaceTrusted: false` turns building off: other clients know no trust. */
export function trustedFrom(initializationOptions: unknown): boolean {
  return !(typeof initializationOptions === 'object' && initializationOptions !== null && (initializationOptions as { workspaceTrusted?: unknown }).workspaceTrusted === false);
}

export interface BuildHost {
  /** The session with every edit received applied (a save may come before it exists). */
  session(): Promise<Session>;
  folders(): readonly string[];
  /** The build diagnostics of these files changed: publish them again (diagnostics.ts merges). */
  republish(files: readonly string[]): void;
}

export class BuildOnSave {
  settings: BuildSettings = DEFAULT_BUILD_SETTINGS;
  trusted = true;
  private readonly builder = new Builder();
  private readonly unsupported = unsupportedTarget();
  private warned = false;
  /** Per main file, the last finished build's diagnostics per file. */
  private readonly byProgram = new Map<string, ReadonlyMap<string, readonly LspDiagnostic[]>>();
  /** Goes up for a file whenever its build diagnostics change (pull result ids). */
  private readonly revisions = new Map<string, number>();
  private revision = 0;
  /** The build started last, and the report it will give. */
  private newest: { readonly main: string; readonly report: Promise<BuildReport> } | undefined;

  constructor(private readonly connection: Connection, private readonly host: BuildHost) {}

  listen(): void {
    const c = this.connection;
    c.onDidSaveTextDocument(({ textDocument }) => void this.saved(toPath(textDocument.uri)));
    c.onRequest(BUILD_REQUEST, (p: BuildParams) => this.requested(toPath(p.textDocument.uri)));
    c.onNotification(WORKSPACE_TRUSTED_NOTIFICATION, () => {
      this.trusted = true;
    });
  }

  dispose(): void {
    this.builder.dispose();
  }

  /** The analysis diagnostics of a file with its build diagnostics after them, none twice. */
  merge(file: string, analysis: readonly LspDiagnostic[]): LspDiagnostic[] {
    const merged = [...analysis];
    const shown = new Set(analysis.map(sameness));
    for (const files of this.byProgram.values()) {
      for (const d of files.get(file) ?? []) {
        if (shown.has(sameness(d))) continue;
        shown.add(sameness(d));
        merged.push(d);
      }
    }
    return merged;
  }

  /** Changes whenever the file's build diagnostics do. */
  stamp(file: string): string {
    return `b${this.revisions.get(file) ?? 0}`;
  }

  /** The files that have build diagnostics. */
  files(): string[] {
    return [...new Set([...this.byProgram.values()].flatMap((files) => [...files.keys()]))];
  }

  private async saved(file: string): Promise<void> {
    if (!file.endsWith('.zolt')) return;
    const session = await this.host.session();
    // The settings as they are now: they arrive after the session exists.
    if (!this.settings.onSave || !this.trusted) return;
    if (this.unsupported !== undefined) {
      // A notification: a window/showMessageRequest would wait for an answer no one needs.
      const message = `Zolt: nothing is built on save: ${this.unsupported}`;
      if (!this.warned) void this.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message });
      this.warned = true;
      return;
    }
    const target = this.target(session, file);
    if (target.kind !== 'none') await this.build(file, target);
  }

  private async requested(file: string): Promise<BuildReport> {
    const session = await this.host.session();
    const uri = toUri(file);
    if (!this.trusted) return { uri, ok: false, message: 'nothing is built in Restricted Mode: the workspace is not trusted' };
    if (this.unsupported !== undefined) return { uri, ok: false, message: this.unsupported };
    const target = this.target(session, file);
    if (target.kind === 'none') return { uri, ok: false, message: `${path.basename(file)} is in no program: it has no function 'main', and no file that has one imports it` };
    return this.build(file, target);
  }

  private target(session: Session, file: string): BuildTarget {
    return buildTarget(file, session.workspace, session.diagnosedFiles(), this.host.folders());
  }

  private build(saved: string, target: Exclude<BuildTarget, { kind: 'none' }>): Promise<BuildReport> {
    if (target.kind === 'error') return Promise.resolve(this.announce({ uri: toUri(saved), ok: false, milliseconds: 0, message: `not built: ${target.message}` }));
    // compile() cancels the running build before it returns; that build then finds this one here.
    const newest = { main: target.main, report: this.compile(target.main) };
    this.newest = newest;
    return newest.report;
  }

  private async compile(main: string): Promise<BuildReport> {
    const executable = executablePath(main, outputDirectory(main, this.settings.outputDirectory, this.host.folders()));
    const progress = startProgress(this.connection, `${BUILD_PROGRESS_TITLE}${path.basename(main)}`);
    const outcome = await this.builder.build({ main, executable }, (stage) => progress.report(stage));
    progress.done();
    if (outcome.kind === 'cancelled') {
      // A Build or Run command whose build a save of the same program cancelled gets that build's report.
      const newer = this.newest;
      return newer?.main === main ? newer.report : { uri: toUri(main), ok: false, message: 'cancelled: a newer build started' };
    }
    this.setProblems(main, outcome.kind === 'failed' ? outcome.problems : []);
    return this.announce(report(main, outcome));
  }

  private announce(report: BuildReport): BuildReport {
    void this.connection.sendNotification(BUILD_FINISHED_NOTIFICATION, report);
    return report;
  }

  /** Replaces a program's build diagnostics; the files whose diagnostics changed are published again. */
  private setProblems(main: string, problems: readonly BuildProblem[]): void {
    const before = this.byProgram.get(main) ?? new Map<string, readonly LspDiagnostic[]>();
    const after = new Map<string, LspDiagnostic[]>();
    for (const problem of problems) after.set(problem.file, [...(after.get(problem.file) ?? []), buildDiagnostic(problem)]);
    if (after.size > 0) this.byProgram.set(main, after);
    else this.byProgram.delete(main);
    const changed = [...new Set([...before.keys(), ...after.keys()])].filter((f) => JSON.stringify(before.get(f)) !== JSON.stringify(after.get(f)));
    for (const file of changed) this.revisions.set(file, ++this.revision);
    if (changed.length > 0) this.host.republish(changed);
  }
}

function report(main: string, outcome: Exclude<BuildOutcome, { kind: 'cancelled' }>): BuildReport {
  const milliseconds = Math.round(outcome.milliseconds);
  if (outcome.kind === 'built') return { uri: toUri(main), ok: true, milliseconds, executable: outcome.executable };
  return { uri: toUri(main), ok: false, milliseconds, message: `not built: ${outcome.message}` };
}

/** Two diagnostics with the same range and message say the same thing. */
function sameness(d: LspDiagnostic): string {
  const { start, end } = d.range;
  return `${start.line}:${start.character}-${end.line}:${end.character} ${typeof d.message === 'string' ? d.message : JSON.stringify(d.message)}`;
}

/**
 * A build's work-done progress, begun as soon as the client has created it (the library sends
 * nothing when the client does not support it). The build does not wait for that: a stage
 * reported before is the begin's message, and a build that ended first is never begun (a begin
 * after zolt/buildFinished would tell the client a build runs).
 */
function startProgress(connection: Connection, title: string): { report(message: string): void; done(): void } {
  let reporter: WorkDoneProgressServerReporter | undefined;
  let message = 'checking';
  let ended = false;
  void connection.window.createWorkDoneProgress().then((created) => {
    if (ended) return;
    created.begin(title, undefined, message, false);
    reporter = created;
  }, () => undefined);
  return {
    report(stage) {
      message = stage;
      reporter?.report(stage);
    },
    done() {
      if (ended) return;
      ended = true;
      reporter?.done();
    },
  };
}
