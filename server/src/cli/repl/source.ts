// The REPL's synthesized source file and where each part of it came from. The file is made of
// pieces: text copied from an origin (what the user typed at one input, or a file `:load`
// read), whose offsets map one to one, and text the REPL wrote, which stands for one place of
// an origin (or for none). A diagnostic or a run-time location in the synthesized file is shown
// at the place it maps to, in the origin's own line:col. Pure.

import { LineIndex } from '../../syntax';

/** Text the user gave: an input, or a loaded file. */
export class Origin {
  readonly lines: LineIndex;

  constructor(
    /** As messages name it: `<input>`, `<input 3>`, a loaded file's path. */
    public name: string,
    readonly text: string,
  ) {
    this.lines = new LineIndex(text);
  }
}

/** A place in an origin. */
export interface Place {
  readonly origin: Origin;
  readonly start: number;
  readonly end: number;
}

interface Piece {
  readonly start: number;
  readonly end: number;
  readonly origin: Origin | undefined;
  /** The origin offset of the piece's start. */
  readonly offset: number;
  /** Copied text (offsets map one to one), or text standing for `offset`. */
  readonly exact: boolean;
}

export class SourceBuilder {
  private readonly parts: string[] = [];
  private readonly pieces: Piece[] = [];
  private length = 0;

  /** Copies `origin.text[from, to)`. */
  copy(origin: Origin, from: number, to: number): this {
    return this.add(origin.text.slice(from, to), origin, from, true);
  }

  /** Text of the REPL's own, standing for `at` in `origin` (or for no place). */
  write(text: string, origin?: Origin, at = 0): this {
    return this.add(text, origin, at, false);
  }

  /** `origin.text[from, to)` with the given ranges blanked out (newlines kept, so lines still match). */
  copyWithout(origin: Origin, from: number, to: number, holes: readonly { start: number; end: number }[]): this {
    let at = from;
    for (const hole of [...holes].sort((a, b) => a.start - b.start)) {
      if (hole.start < at || hole.end > to) continue;
      this.copy(origin, at, hole.start);
      this.write(origin.text.slice(hole.start, hole.end).replace(/[^\n]/g, ' '), origin, hole.start);
      at = hole.end;
    }
    return this.copy(origin, at, to);
  }

  get offset(): number {
    return this.length;
  }

  private add(text: string, origin: Origin | undefined, offset: number, exact: boolean): this {
    if (text.length === 0) return this;
    this.pieces.push({ start: this.length, end: this.length + text.length, origin, offset, exact });
    this.parts.push(text);
    this.length += text.length;
    return this;
  }

  build(): SourceMap {
    return new SourceMap(this.parts.join(''), this.pieces);
  }
}

export class SourceMap {
  readonly lines: LineIndex;

  constructor(
    readonly text: string,
    private readonly pieces: readonly Piece[],
  ) {
    this.lines = new LineIndex(text);
  }

  /** Where a range of the synthesized text came from (its start decides the piece). */
  place(start: number, end: number = start): Place | undefined {
    const piece = this.pieceAt(start);
    if (!piece?.origin) return undefined;
    if (!piece.exact) return { origin: piece.origin, start: piece.offset, end: piece.offset };
    const from = piece.offset + (start - piece.start);
    return { origin: piece.origin, start: from, end: piece.offset + (Math.min(Math.max(end, start), piece.end) - piece.start) };
  }

  /**
   * The origin offset of a synthesized offset inside a copied piece (undefined elsewhere). An
   * `end` offset belongs to the piece it ends, not to the one that starts there.
   */
  exactOffset(offset: number, end = false): { origin: Origin; offset: number } | undefined {
    const piece = this.pieceAt(end ? offset - 1 : offset);
    if (end && piece) return piece.origin && piece.exact ? { origin: piece.origin, offset: piece.offset + (offset - piece.start) } : undefined;
    if (!piece?.origin || !piece.exact) return undefined;
    return { origin: piece.origin, offset: piece.offset + (offset - piece.start) };
  }

  private pieceAt(offset: number): Piece | undefined {
    // The last piece starting at or before the offset (a file has tens of pieces, not thousands).
    const piece = this.pieces.findLast((p) => p.start <= offset);
    return piece && offset <= piece.end ? piece : undefined;
  }
}
