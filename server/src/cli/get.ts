// `zolt get [TAG...] [--sort tag|priority|file|owner] [--group tag|file|owner|none]
// [--tags LIST] [--json] [PATHS]`: the annotations (TODO, FIXME, ...) in the comments of the
// given files (folders searched), grouped like the editor's Annotations panel. The rules are
// in docs/annotations.md. Exit status 0, also when nothing is found; 2 for a bad path or option
// (a missing path lists nothing) or an unreadable file (after listing the others).

import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  DEFAULT_TAGS, GROUP_KEYS, groupAnnotations, harvestDocument, normalizeTags, SORT_KEYS,
  sortAnnotations, type Annotation,
} from '../ide/annotations';
import { loadGrammar, SyntaxDocument } from '../syntax';
import { parseArgs, UsageError } from './args';
import { zoltFiles } from './files';
import { Exit, type Io } from './io';

export async function getCommand(args: readonly string[], io: Io): Promise<number> {
  const { positional, flags } = parseArgs(args, ['sort', 'group', 'tags', 'json'], ['sort', 'group', 'tags']);
  const sort = choice(flags.get('sort'), SORT_KEYS, 'sort') ?? 'tag';
  const group = choice(flags.get('group'), GROUP_KEYS, 'group') ?? 'tag';
  const tags = tagSet(flags.get('tags'));

  // Positionals: known tags (any case) select, everything else is a path.
  const selected = new Set<string>();
  const paths: string[] = [];
  for (const arg of positional) {
    const upper = arg.toUpperCase();
    if (tags.includes(upper)) selected.add(upper);
    else paths.push(arg);
  }

  const { files, missing } = zoltFiles(paths.length > 0 ? paths : ['.']);
  // A missing path would make the list silently incomplete: report it and list nothing.
  for (const m of missing) {
    const hint = /^[A-Za-z][A-Za-z0-9_]*$/.test(m) ? ` (nor a tag: the tags are ${tags.join(' ')}; see --tags)` : '';
    io.err(`zolt get: no such file or folder: ${m}${hint}\n`);
  }
  if (missing.length > 0) return Exit.Usage;
  let status: number = Exit.Ok;

  const grammar = files.length > 0 ? await loadGrammar() : undefined;
  let found: Annotation[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (error) {
      io.err(`zolt get: cannot read '${file}': ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`);
      status = Exit.Usage;
      continue;
    }
    const doc = SyntaxDocument.create(grammar!, file, text);
    try {
      found.push(...harvestDocument(doc, tags));
    } finally {
      doc.dispose();
    }
  }
  if (selected.size > 0) found = found.filter((a) => selected.has(a.tag));
  found = sortAnnotations(found, sort, tags);

  if (flags.has('json')) {
    io.out(JSON.stringify({ annotations: found, count: found.length }, null, 2) + '\n');
    return status;
  }
  const show = (file: string) => path.relative(process.cwd(), file) || file;
  const entry = (a: Annotation) => {
    const details = [a.owner, a.priority === undefined ? undefined : `p${a.priority}`].filter((d) => d !== undefined);
    const head = details.length > 0 ? `${a.tag}(${details.join(', ')})` : a.tag;
    return `${show(a.file)}:${a.line + 1}:${a.column + 1} ${head}${a.text ? ` ${a.text}` : ''}`;
  };
  const out: string[] = [];
  for (const g of groupAnnotations(found, group, tags)) {
    if (group === 'none') {
      for (const a of g.annotations) out.push(entry(a));
      continue;
    }
    const label = group === 'file' ? show(g.key) : group === 'owner' && g.key === '' ? '(no owner)' : g.key;
    out.push(`${label} (${g.annotations.length})`);
    for (const a of g.annotations) out.push(`  ${entry(a)}`);
  }
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  out.push(`${plural(found.length, 'annotation')} in ${plural(files.length, 'file')}`);
  io.out(out.join('\n') + '\n');
  return status;
}

function choice<T extends string>(value: string | true | undefined, allowed: readonly T[], name: string): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${name} takes one of ${allowed.join(', ')}, not '${String(value)}'`);
}

/** `--tags A,B` replaces the default tags; `--tags +A,B` adds to them. Commas or spaces separate. */
function tagSet(value: string | true | undefined): string[] {
  if (value === undefined) return [...DEFAULT_TAGS];
  const text = String(value).trim();
  const add = text.startsWith('+');
  const entries = (add ? text.slice(1) : text).split(/[\s,]+/).map((t) => t.replace(/^\+/, '')).filter((t) => t !== '');
  if (entries.length === 0) throw new UsageError('--tags needs at least one tag');
  try {
    return normalizeTags(add ? [...DEFAULT_TAGS, ...entries] : entries);
  } catch (error) {
    throw new UsageError(`--tags: ${(error as Error).message}`);
  }
}
