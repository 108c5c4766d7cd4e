// How a graph node names its place in the source. The command line writes paths as the user
// gave them (relative to the working folder), the language server writes URIs: the builders
// take the naming as a function. Editors take the string apart again (client/src/graphs/model.ts).

import * as path from 'node:path';
import type { IrProgram, Location } from '../../ir';

/** `file:line:col` (1-based) for a place in a file. */
export type Locate = (file: string, line: number, column: number) => string;

/** Places in the IR (`locations` indices) to `file:line:col` strings. */
export interface IrPlaces {
  readonly locations: IrProgram['locations'];
  readonly locate: Locate;
}

/** The place of IR location `index`, or undefined for a location the IR does not have. */
export function irPlace(places: IrPlaces, index: number): string | undefined {
  const at: Location | undefined = index >= 0 ? places.locations[index] : undefined;
  return at ? places.locate(at.file, at.line, at.column) : undefined;
}

/** Where a location is, as the IR's text form writes it after a call or check (` @file.zolt:3:5`). */
export function irSuffix(places: IrPlaces, index: number): string {
  const at = index >= 0 ? places.locations[index] : undefined;
  return at ? ` @${path.basename(at.file)}:${at.line}:${at.column}` : '';
}
