// The checks both ELF writers make before they lay anything out, so that a bad image from code
// generation fails with a message naming the relocation or symbol at fault instead of producing
// a file that crashes at load time or at the first call.
//
// What a valid image is (image.ts states the semantics):
// - a relocation patches a field inside `text`, `rodata` or `data` (bss has no bytes to patch):
//   4 bytes for `pc32` and `got-pc32`, 8 for `abs64`;
// - a target in one of our sections lies within it (its end is allowed: "one past the last");
// - an import target is one of `imports`. `got-pc32` goes through the import's GOT slot, so it
//   must target an import; `pc32` must target our own sections, since neither writer makes a PLT
//   or copy relocations that a direct reference to a shared library's symbol would need;
// - symbols lie within their sections and the entry point lies within text.

import { isImport, type ProgramImage, type Relocation, type SectionName } from '../image';

const FIELD_SIZE: Readonly<Record<Relocation['kind'], number>> = { pc32: 4, 'got-pc32': 4, abs64: 8 };

/** The width in bytes of the field a relocation of this kind patches. */
export function fieldSize(kind: Relocation['kind']): number {
  return FIELD_SIZE[kind];
}

export function sectionSizes(image: ProgramImage): Readonly<Record<SectionName, number>> {
  return { text: image.text.length, rodata: image.rodata.length, data: image.data.length, bss: image.bssSize };
}

function hex(value: number): string {
  return value < 0 ? `-0x${(-value).toString(16)}` : `0x${value.toString(16)}`;
}

/** A relocation as a message shows it: `relocation #3 (pc32 at text+0x1c to rodata+0x8)`. */
export function describeRelocation(relocation: Relocation, index: number): string {
  const target = isImport(relocation.target)
    ? `import '${relocation.target.import}'`
    : `${relocation.target.section}+${hex(relocation.target.offset)}`;
  return `relocation #${index} (${relocation.kind} at ${relocation.at.section}+${hex(relocation.at.offset)} to ${target})`;
}

function fail(message: string): never {
  throw new Error(`ELF writer: ${message}`);
}

function isOffset(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}

/** The GOT slot index of each import, after checking the import list. */
export function indexImports(imports: readonly string[]): ReadonlyMap<string, number> {
  const slots = new Map<string, number>();
  imports.forEach((name, index) => {
    if (name === '') fail(`import #${index} has an empty name`);
    if (slots.has(name)) fail(`'${name}' is imported twice (imports #${slots.get(name)} and #${index})`);
    slots.set(name, index);
  });
  return slots;
}

/** Throws, naming the relocation (the message is only built when a check fails). */
function failRelocation(relocation: Relocation, index: number, problem: string): never {
  return fail(`${describeRelocation(relocation, index)}: ${problem}`);
}

function checkRelocation(
  relocation: Relocation,
  index: number,
  sizes: Readonly<Record<SectionName, number>>,
  importSlots: ReadonlyMap<string, number>,
): void {
  const { at, kind, target } = relocation;
  const width = FIELD_SIZE[kind];
  if (width === undefined) failRelocation(relocation, index, `unknown relocation kind '${kind}'`);
  if (at.section === 'bss') failRelocation(relocation, index, 'bss has no bytes to patch');
  const size = sizes[at.section];
  if (size === undefined) failRelocation(relocation, index, `unknown section '${at.section}'`);
  if (!isOffset(at.offset) || at.offset + width > size) {
    failRelocation(relocation, index, `the ${width}-byte field does not lie within ${at.section} (${size} bytes)`);
  }
  if (!Number.isSafeInteger(relocation.addend)) {
    failRelocation(relocation, index, `the addend ${relocation.addend} is not a safe integer`);
  }
  if (isImport(target)) {
    if (!importSlots.has(target.import)) failRelocation(relocation, index, `'${target.import}' is not in the image's imports`);
    if (kind === 'pc32') {
      failRelocation(relocation, index, "a pc32 field cannot reach a shared library's symbol (no PLT is made); use got-pc32");
    }
    return;
  }
  if (kind === 'got-pc32') failRelocation(relocation, index, 'got-pc32 goes through a GOT slot, so its target must be an import');
  const targetSize = sizes[target.section];
  if (targetSize === undefined) failRelocation(relocation, index, `unknown target section '${target.section}'`);
  if (!isOffset(target.offset) || target.offset > targetSize) {
    failRelocation(relocation, index, `the target lies outside ${target.section} (${targetSize} bytes)`);
  }
}

/**
 * Checks everything about `image` that does not depend on the kind of file written, and returns
 * the GOT slot index of each import.
 */
export function checkImage(image: ProgramImage): ReadonlyMap<string, number> {
  if (!isOffset(image.bssSize)) fail(`bssSize ${image.bssSize} is not a size`);
  const sizes = sectionSizes(image);
  const importSlots = indexImports(image.imports);
  const relocations = image.relocations;
  for (let index = 0; index < relocations.length; index++) checkRelocation(relocations[index]!, index, sizes, importSlots);
  for (const symbol of image.symbols) {
    if (symbol.name === '') fail(`a symbol in ${symbol.section} at ${hex(symbol.offset)} has an empty name`);
    const size = sizes[symbol.section];
    if (size === undefined) fail(`symbol '${symbol.name}': unknown section '${symbol.section}'`);
    if (!isOffset(symbol.offset) || !isOffset(symbol.size) || symbol.offset + symbol.size > size) {
      const where = `${hex(symbol.offset)}, ${symbol.size} bytes`;
      fail(`symbol '${symbol.name}' (${where}) does not lie within ${symbol.section} (${size} bytes)`);
    }
    if (symbol.global && importSlots.has(symbol.name)) fail(`'${symbol.name}' is both defined and imported`);
  }
  for (const name of image.needed) if (name === '') fail('a needed library has an empty name');
  return importSlots;
}

/** Checks that the image has an entry point inside text. */
export function checkEntry(image: ProgramImage): number {
  const entry = image.entry;
  if (entry === undefined) fail('an executable needs an entry point (image.entry)');
  if (entry.section !== 'text' || !isOffset(entry.offset) || entry.offset >= image.text.length) {
    fail(`the entry point ${entry.section}+${hex(entry.offset)} does not lie within text (${image.text.length} bytes)`);
  }
  return entry.offset;
}
