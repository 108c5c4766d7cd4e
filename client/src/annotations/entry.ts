// An annotation as the panel works with it: the server's record, where its file is, and its
// tag's rank (computed once, since sorting compares it many times).

import type { WireAnnotation } from '../protocol';
import type { FileLocation } from './location';

export interface Entry {
  readonly annotation: WireAnnotation;
  readonly location: FileLocation;
  /** tagRank of the annotation's tag: lower is more urgent. */
  readonly rank: number;
}
