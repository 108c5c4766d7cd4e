// Diagnostics as every layer produces them. Inside a top-level item they are kept with
// item-relative spans (so they survive edits elsewhere unchanged); a file's diagnostics are
// made absolute when they are reported.

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface Related {
  /** The file the note points into (an absolute path). */
  readonly file: string;
  readonly start: number;
  readonly end: number;
  readonly message: string;
}

export interface Diagnostic {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly start: number;
  readonly end: number;
  readonly related?: readonly Related[];
  /** Editors fade out unnecessary code (unused names, unreachable statements). */
  readonly unnecessary?: boolean;
}

/** Moves a diagnostic by `delta` code units (item-relative to absolute, or back). */
export function shiftDiagnostic(d: Diagnostic, delta: number): Diagnostic {
  return delta === 0 ? d : { ...d, start: d.start + delta, end: d.end + delta };
}

/** Syntax diagnostic codes (Z0xxx). The checker's codes are in semantics/codes.ts. */
export const SyntaxCode = {
  Unexpected: 'Z0001',
  Missing: 'Z0002',
  UnterminatedString: 'Z0003',
  UnterminatedChar: 'Z0004',
  UnterminatedComment: 'Z0005',
  InvalidEscape: 'Z0006',
  InvalidNumber: 'Z0007',
  InvalidChar: 'Z0008',
  KeywordAsName: 'Z0009',
  TooDeep: 'Z0010',
} as const;
