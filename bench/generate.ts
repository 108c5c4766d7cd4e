// Generates realistic Zolt workspaces of a given size for the benchmarks: a mix of structs,
// enums, overloaded and generic functions, loops, switches, comments and annotations, with
// distinct names so that nothing is trivially repeated.

export interface GeneratedFile {
  text: string;
  /** Declarations at the top level (tree-sitter's reparse cost grows with this count). */
  topLevelItems: number;
  /** Offsets of `BODY_EDIT_MARK` digits inside function bodies, for one-character edits. */
  bodyDigits: number[];
}

function unit(i: number, nestedComments: boolean, shared = false): string {
  return `/// Geometry helpers, part ${i}.
struct Point${i} { x: f64, y: f64 }

enum Shape${i} { Circle, Square, Triangle = 7 }

// TODO(ana, p2): cache the area of part ${i}
fn area${i}(s: Shape${i}, size: f64) -> f64 {
    switch s {
        case .Circle { return 3.14159 * size * size; }
        case .Square { return size * size; }
        case .Triangle { return size * size / 2.0; }
    }
}

fn length${i}(p: Point${i}) -> f64 { return sqrt(p.x * p.x + p.y * p.y); }
fn length${i}(s: string) -> i64 { return s.len; }

fn sum${i}(a, b, c) { return a + b + c; }

/* Sums the odd elements;
   ${nestedComments ? '/* nested comment */' : '(no nested comment)'} still inside. */
fn odd_total${i}(xs: []i64) -> i64 {
    var total: i64 = 0;
    for k, x in xs[0:xs.len:2] {
        if x % 2 == 1 && k < 1000 { total += x; } else { continue; }
    }
    var p = Point${i}{ x: 1.5e-3, y: 0x1F as f64 };
    var scratch = alloc(i64, 4);
    defer free(scratch);
    scratch[0] = length${i}(p) as i64;
    return ${shared ? 'clamp_total(total, 0, 1_000_000)' : 'total'} + sum${i}(1, 2, 3) + length${i}("abc") + scratch[0];
}

`;
}

const ITEMS_PER_UNIT = 7; // struct, enum, area, two lengths, sum, odd_total
const UNIT_LINES = unit(0, true).split('\n').length - 1;

/** About `lines` lines of Zolt (in units of UNIT_LINES lines). */
export function generateFile(lines: number, options: { nestedComments?: boolean } = {}): GeneratedFile {
  const parts: string[] = ['import "std/math";\n\nconst LIMIT = 1_000;\n\n'];
  const units = Math.max(1, Math.round(lines / UNIT_LINES));
  for (let i = 0; i < units; i++) parts.push(unit(i, options.nestedComments ?? true));
  const text = parts.join('');
  // The `1000` in each `k < 1000` is inside a function body: flipping one of its digits is a
  // one-character edit that keeps the program valid.
  const bodyDigits: number[] = [];
  for (let at = text.indexOf('k < 1000'); at >= 0; at = text.indexOf('k < 1000', at + 1)) bodyDigits.push(at + 4);
  return { text, bodyDigits, topLevelItems: 2 + units * ITEMS_PER_UNIT };
}

/** A function that every unit of a workspace generated with `sharedHelper` calls. */
const COMMON = `/// Clamps \`x\` into [lo, hi].
fn clamp_total(x: i64, lo: i64, hi: i64) -> i64 {
    if x < lo { return lo; }
    if x > hi { return hi; }
    return x;
}
`;

export interface WorkspaceOptions {
  /**
   * Adds common.zolt, whose \`clamp_total\` every unit calls: a name used across the whole
   * workspace, for renames and references. Without it, the workspace is the one the other
   * benchmarks measure.
   */
  sharedHelper?: boolean;
  /**
   * How the part files import each other. `chain` (the default): part k imports part k-1.
   * `mesh`: part k imports common.zolt and two earlier parts, k-1 and k/2 (with sharedHelper),
   * so that many files import one shared file and the import graph is not a line.
   */
  shape?: WorkspaceShape;
}

export type WorkspaceShape = 'chain' | 'mesh';

/** The earlier parts that part k imports and calls into. */
function importedParts(k: number, shape: WorkspaceShape): number[] {
  if (k === 0) return [];
  if (shape === 'chain' || k < 3) return [k - 1];
  return [k - 1, Math.floor(k / 2)];
}

/** A function of part k that calls into each part it imports. */
function bridge(k: number, imported: readonly number[], unitsPerFile: number): string {
  const calls = imported.map((part) => {
    const last = (part + 1) * unitsPerFile - 1;
    return `area${last}(Shape${last}.Circle, 2.0) + length${last}(Point${last}{ x: 3.0, y: 4.0 })`;
  });
  return `fn bridge${k}() -> f64 {\n    return ${calls.join(' + ')};\n}\n`;
}

export interface GeneratedWorkspace {
  /** File name -> text. Part k imports earlier parts (see WorkspaceOptions.shape) and calls into them. */
  files: Map<string, string>;
  /** For each file, offsets of digits inside function bodies (one-character edits). */
  bodyDigits: Map<string, number[]>;
  lines: number;
}

/** About `lines` lines of Zolt in files of about 1,000 lines that import each other (a chain by default). */
export function generateWorkspace(lines: number, options: WorkspaceOptions = {}): GeneratedWorkspace {
  const unitsPerFile = Math.round(1_000 / UNIT_LINES);
  const fileCount = Math.max(1, Math.round(lines / (unitsPerFile * UNIT_LINES)));
  const files = new Map<string, string>();
  const bodyDigits = new Map<string, number[]>();
  const shared = options.sharedHelper ?? false;
  let total = 0;
  if (shared) {
    files.set('common.zolt', COMMON);
    bodyDigits.set('common.zolt', []);
    total += COMMON.split('\n').length;
  }
  for (let k = 0; k < fileCount; k++) {
    const parts: string[] = [];
    const imported = importedParts(k, options.shape ?? 'chain');
    if (shared) parts.push('import "common";\n');
    for (const part of imported) parts.push(`import "part${part}";\n`);
    if (shared || imported.length > 0) parts.push('\n');
    const first = k * unitsPerFile;
    for (let i = first; i < first + unitsPerFile; i++) parts.push(unit(i, true, shared));
    if (imported.length > 0) parts.push(bridge(k, imported, unitsPerFile));
    const text = parts.join('');
    const name = `part${k}.zolt`;
    files.set(name, text);
    const digits: number[] = [];
    for (let at = text.indexOf('k < 1000'); at >= 0; at = text.indexOf('k < 1000', at + 1)) digits.push(at + 4);
    bodyDigits.set(name, digits);
    total += text.split('\n').length;
  }
  return { files, bodyDigits, lines: total };
}
