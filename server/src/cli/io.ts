// The CLI's only contact with the terminal: commands write through an `Io`, so tests can run
// them in-process and capture what they print.

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

export const processIo: Io = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

/** Exit codes: 0 success, 1 the input has errors, 2 bad usage or an unavailable command. */
export const enum Exit {
  Ok = 0,
  InputErrors = 1,
  Usage = 2,
}
