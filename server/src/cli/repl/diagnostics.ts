// Diagnostics of the synthesized file shown where the user wrote the code: each is moved to
// its origin (an input, `<input>` for the current one and `<input N>` for the Nth, or a loaded
// file) and printed as `zolt check` prints diagnostics (report.ts), `<input>:2:5: error Z2102:
// ...`. Warnings are shown for the current input only, and not those that mean nothing at a
// prompt (a variable never used there is used by the next input).

import type { Workspace } from '../../semantics';
import { Code } from '../../semantics';
import type { Diagnostic, LineIndex } from '../../syntax';
import { printDiagnostics, programFiles, type Documents } from '../report';
import { Origin, type SourceMap } from './source';

const QUIET_WARNINGS: ReadonlySet<string> = new Set([Code.Unused, Code.UnusedImport]);

export class Reporter {
  constructor(
    private readonly workspace: Workspace,
    /** The synthesized file. */
    private readonly file: string,
    private readonly write: (text: string) => void,
  ) {}

  /**
   * Prints the errors of the synthesized file (as `map` built it) and of the files it imports,
   * and the current input's warnings; returns whether there were errors.
   */
  check(map: SourceMap, current: Origin): boolean {
    let errors = false;
    let own = false;
    for (const f of programFiles(this.workspace, [this.file])) {
      const diagnostics = this.workspace.diagnostics(f);
      if (diagnostics.some((d) => d.severity === 'error')) errors = true;
      if (f === this.file) own = this.printMapped(map, diagnostics, current);
      else printDiagnostics(this.workspace, f, diagnostics.filter((d) => d.severity === 'error'), this.write);
    }
    if (errors && !own) this.write(`note: not accepted: it would break what earlier inputs declared (redeclare those too, in the same input)\n`);
    return errors;
  }

  /** Prints diagnostics whose offsets are in an origin already. */
  printIn(origin: Origin, diagnostics: readonly Diagnostic[]): void {
    printDiagnostics(documents([origin], this.workspace), origin.name, diagnostics, this.write);
  }

  /** Prints the synthesized file's diagnostics where they belong; whether the current input has errors. */
  private printMapped(map: SourceMap, diagnostics: readonly Diagnostic[], current: Origin): boolean {
    let own = false;
    const repl = new Origin('<repl>', map.text);
    const origins = new Set<Origin>([repl]);
    const groups: { origin: Origin; diagnostics: Diagnostic[] }[] = [];
    for (const d of diagnostics) {
      const place = map.place(d.start, d.end) ?? { origin: repl, start: d.start, end: d.end };
      if (d.severity !== 'error' && (place.origin !== current || QUIET_WARNINGS.has(d.code))) continue;
      const related = (d.related ?? []).map((r) => {
        if (r.file !== this.file) return r;
        const at = map.place(r.start, r.end) ?? { origin: repl, start: r.start, end: r.end };
        origins.add(at.origin);
        return { ...r, file: at.origin.name, start: at.start, end: at.end };
      });
      origins.add(place.origin);
      if (d.severity === 'error' && place.origin === current) own = true;
      const moved = { ...d, start: place.start, end: place.end, related };
      const last = groups[groups.length - 1];
      if (last?.origin === place.origin) last.diagnostics.push(moved);
      else groups.push({ origin: place.origin, diagnostics: [moved] });
    }
    const docs = documents([...origins], this.workspace);
    for (const g of groups) printDiagnostics(docs, g.origin.name, g.diagnostics, this.write);
    return own;
  }
}

/** The line tables of origins, by their names, and of the workspace's files. */
function documents(origins: readonly Origin[], workspace: Workspace): Documents {
  const byName = new Map<string, { readonly lineIndex: LineIndex }>(origins.map((o) => [o.name, { lineIndex: o.lines }]));
  return { document: (file) => byName.get(file) ?? workspace.document(file) };
}
