// Run fixtures: Zolt programs with what running them must give, beside them:
//
//   NAME.zolt     the program (run with the fixture's folder as the working folder)
//   NAME.out      its exact stdout (absent: nothing)
//   NAME.err      its exact stderr (absent: nothing)
//   NAME.status   its exit status (absent: 0)
//   NAME.args     its command-line arguments, one per line (absent: none)
//
// The interpreter's suite runs them with `zolt sim`, the native backend's with `zolt run`: both
// must give exactly these. ZOLT_UPDATE_EXPECTED=1 rewrites the expectations from `zolt sim`.

import * as fs from 'node:fs';
import * as path from 'node:path';

export interface RunFixture {
  readonly name: string;
  readonly file: string;
  readonly dir: string;
  readonly args: string[];
  readonly stdout: string;
  readonly stderr: string;
  readonly status: number;
}

export function listRunFixtures(dir: string): RunFixture[] {
  const read = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined);
  return fs.readdirSync(dir).filter((f) => f.endsWith('.zolt')).sort().map((f) => {
    const base = path.join(dir, f.slice(0, -5));
    const args = read(`${base}.args`);
    return {
      name: f,
      file: path.join(dir, f),
      dir,
      args: args === undefined ? [] : args.split('\n').filter((a) => a !== ''),
      stdout: read(`${base}.out`) ?? '',
      stderr: read(`${base}.err`) ?? '',
      status: Number(read(`${base}.status`) ?? '0'),
    };
  });
}

/** Writes what a run gave as the fixture's expectations (files for empty output are removed). */
export function updateRunFixture(fixture: RunFixture, result: { stdout: string; stderr: string; status: number }): void {
  const base = fixture.file.slice(0, -5);
  const write = (suffix: string, text: string, empty: string) => {
    if (text === empty) fs.rmSync(`${base}${suffix}`, { force: true });
    else fs.writeFileSync(`${base}${suffix}`, text);
  };
  write('.out', result.stdout, '');
  write('.err', result.stderr, '');
  write('.status', result.status === 0 ? '' : `${result.status}\n`, '');
}
