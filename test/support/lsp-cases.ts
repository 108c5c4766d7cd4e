// Running the cases of an LSP fixture workspace (test/fixtures/lsp/*/cases.json): a request at
// a cursor marker `/*@name*/`, and its result in a normalised, readable form.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileOf, type TestClient } from './lsp-client';

export interface Case {
  name: string;
  request: string;
  /** `file@marker`: where the cursor is. */
  at?: string;
  /** Extra parameters (newName, query, context...). */
  params?: Record<string, unknown>;
  /** For `diagnostics`: an edit to make first (to the file as earlier edits left it; later cases see it too). */
  edit?: { file: string; replace: string; with: string };
  expect: unknown;
}

export interface Position {
  line: number;
  character: number;
}

const MARKER = /\/\*@([A-Za-z0-9_]+)\*\//g;

/** A fixture file with its markers taken out, and where each marker was (an offset). */
export interface FixtureFile {
  readonly text: string;
  readonly markers: ReadonlyMap<string, number>;
}

/**
 * Reads a fixture file and removes its markers: the server is given the clean text (the
 * harness opens every file), so a marker can sit anywhere, even right after a dot.
 */
export function readFixtureFile(dir: string, file: string): FixtureFile {
  const raw = fs.readFileSync(path.join(dir, file), 'utf8');
  const markers = new Map<string, number>();
  let removed = 0;
  const text = raw.replace(MARKER, (whole, name: string, offset: number) => {
    markers.set(name, offset - removed);
    removed += whole.length;
    return '';
  });
  return { text, markers };
}

export function positionOf(text: string, offset: number): Position {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1]!.length };
}

/** The position of a marker, `file@name`, in the clean text of its file. */
export function markerPosition(dir: string, at: string): { file: string; position: Position } {
  const [file, marker] = at.split('@') as [string, string];
  const { text, markers } = readFixtureFile(dir, file);
  const offset = markers.get(marker);
  if (offset === undefined) throw new Error(`no marker /*@${marker}*/ in ${file}`);
  return { file, position: positionOf(text, offset) };
}

/** The .zolt files of a fixture workspace, subfolders included, as paths relative to it ('/'-separated). */
export function fixtureFiles(dir: string, sub = ''): string[] {
  const files: string[] = [];
  for (const entry of fs.readdirSync(path.join(dir, sub), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const rel = sub ? `${sub}/${entry.name}` : entry.name;
    if (entry.isDirectory()) files.push(...fixtureFiles(dir, rel));
    else if (entry.name.endsWith('.zolt')) files.push(rel);
  }
  return files;
}

/**
 * Opens every .zolt file of a fixture workspace (subfolders too), with its markers taken out.
 * The text each file was opened with is remembered, so that successive `diagnostics` edits of
 * one file apply to the text as the earlier ones left it.
 */
export function openFixture(client: TestClient, dir: string): void {
  const texts = new Map<string, string>();
  currentTexts.set(client, texts);
  for (const file of fixtureFiles(dir)) {
    const { text } = readFixtureFile(dir, file);
    texts.set(file, text);
    client.open(file, text);
  }
}

/** The text of each file as the client last sent it (after `diagnostics` edits). */
const currentTexts = new WeakMap<TestClient, Map<string, string>>();

interface TextEdit {
  range: { start: Position; end: Position };
  newText: string;
}

/** The text after the edits (applied from the last, so earlier positions stay valid). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const offsetOf = (p: Position) => lineStarts[p.line]! + p.character;
  let result = text;
  for (const e of [...edits].sort((a, b) => offsetOf(b.range.start) - offsetOf(a.range.start))) {
    result = result.slice(0, offsetOf(e.range.start)) + e.newText + result.slice(offsetOf(e.range.end));
  }
  return result;
}

const pos = (p: Position) => `${p.line + 1}:${p.character + 1}`;
const range = (r: { start: Position; end: Position }) => `${pos(r.start)}-${pos(r.end)}`;

export async function run(client: TestClient, dir: string, c: Case): Promise<unknown> {
  const at = c.at ? markerPosition(dir, c.at) : undefined;
  const textDocument = at ? { uri: client.uri(at.file) } : undefined;
  const base = { textDocument, position: at?.position, ...c.params };
  const rel = (uri: string) => fileOf(uri, dir);
  switch (c.request) {
    case 'hover': {
      const hover = await client.request<{ contents: { value: string } } | null>('textDocument/hover', base);
      return hover?.contents.value ?? null;
    }
    case 'definition':
    case 'declaration':
    case 'typeDefinition': {
      const result = await client.request<{ uri: string; range: { start: Position; end: Position } } | null>(`textDocument/${c.request}`, base);
      return result ? `${rel(result.uri)}:${pos(result.range.start)}` : null;
    }
    case 'references': {
      const result = await client.request<{ uri: string; range: { start: Position } }[]>('textDocument/references', { ...base, context: { includeDeclaration: true, ...(c.params?.context as object) } });
      return result.map((l) => `${rel(l.uri)}:${pos(l.range.start)}`).sort();
    }
    case 'documentHighlight': {
      const result = await client.request<{ range: { start: Position; end: Position }; kind: number }[]>('textDocument/documentHighlight', base);
      return result.map((h) => `${range(h.range)} ${h.kind === 3 ? 'write' : 'read'}`).sort();
    }
    case 'completion': {
      type Item = { label: string; detail?: string; textEdit?: { newText: string }; insertText?: string; insertTextFormat?: number };
      const result = await client.request<{ items: Item[] }>('textDocument/completion', base);
      const expect = c.expect as { includes?: string[]; excludes?: string[]; details?: Record<string, string>; texts?: Record<string, string[]> };
      const labels = result.items.map((i) => i.label);
      // `texts`: every entry with the label (so a duplicate shows), as the text it inserts;
      // a snippet's text is shown as `snippet: ...`.
      const inserted = (i: Item) => `${i.insertTextFormat === 2 ? 'snippet: ' : ''}${i.textEdit?.newText ?? i.insertText ?? i.label}`;
      return {
        ...(expect.includes ? { includes: expect.includes.filter((l) => labels.includes(l)) } : {}),
        ...(expect.excludes ? { excludes: expect.excludes.filter((l) => !labels.includes(l)) } : {}),
        ...(expect.details ? { details: Object.fromEntries(Object.keys(expect.details).map((l) => [l, result.items.find((i) => i.label === l)?.detail])) } : {}),
        ...(expect.texts ? { texts: Object.fromEntries(Object.keys(expect.texts).map((l) => [l, result.items.filter((i) => i.label === l).map(inserted)])) } : {}),
      };
    }
    case 'signatureHelp': {
      const help = await client.request<{ signatures: { label: string }[]; activeSignature: number; activeParameter: number } | null>('textDocument/signatureHelp', base);
      return help ? { signatures: help.signatures.map((s) => s.label), active: help.activeSignature, parameter: help.activeParameter } : null;
    }
    case 'prepareRename':
      try {
        const result = await client.request<{ range: { start: Position; end: Position }; placeholder: string }>('textDocument/prepareRename', base);
        return { range: range(result.range), placeholder: result.placeholder };
      } catch (error) {
        return { error: (error as Error).message };
      }
    case 'rename':
      try {
        const result = await client.request<{ changes: Record<string, { range: { start: Position; end: Position }; newText: string }[]> }>('textDocument/rename', base);
        return Object.fromEntries(Object.entries(result.changes).map(([uri, edits]) => [rel(uri), edits.map((e) => `${range(e.range)} ${e.newText}`).sort()]).sort());
      } catch (error) {
        return { error: (error as Error).message };
      }
    case 'documentSymbol': {
      type Sym = { name: string; kind: number; children?: Sym[] };
      const show = (s: Sym): unknown => (s.children && s.children.length > 0 ? { [`${s.name} (${s.kind})`]: s.children.map(show) } : `${s.name} (${s.kind})`);
      const result = await client.request<Sym[]>('textDocument/documentSymbol', base);
      return result.map(show);
    }
    case 'workspaceSymbol': {
      const result = await client.request<{ name: string; location: { uri: string } }[]>('workspace/symbol', { query: c.params?.query ?? '' });
      return result.slice(0, Number(c.params?.top ?? 5)).map((s) => `${s.name} ${rel(s.location.uri)}`);
    }
    case 'semanticTokens': {
      const legend = ['namespace', 'type', 'struct', 'enum', 'enumMember', 'function', 'parameter', 'variable', 'property'];
      const modifiers = ['declaration', 'readonly', 'defaultLibrary'];
      const result = await client.request<{ data: number[] }>('textDocument/semanticTokens/full', base);
      const text = readFixtureFile(dir, at!.file).text.split('\n');
      const tokens: string[] = [];
      let line = 0;
      let character = 0;
      for (let i = 0; i < result.data.length; i += 5) {
        const [dl, dc, length, type, mods] = result.data.slice(i, i + 5) as [number, number, number, number, number];
        line += dl;
        character = dl === 0 ? character + dc : dc;
        const shownMods = modifiers.filter((_, m) => mods & (1 << m));
        tokens.push(`${line + 1}:${character + 1} ${text[line]!.slice(character, character + length)} ${legend[type]}${shownMods.length ? `[${shownMods.join(',')}]` : ''}`);
      }
      const only = c.params?.lines as [number, number] | undefined;
      return only ? tokens.filter((t) => Number(t.split(':')[0]) >= only[0] && Number(t.split(':')[0]) <= only[1]) : tokens;
    }
    case 'inlayHint': {
      const lines = c.params?.lines as [number, number];
      const result = await client.request<{ position: Position; label: string }[]>('textDocument/inlayHint', {
        textDocument, range: { start: { line: lines[0] - 1, character: 0 }, end: { line: lines[1], character: 0 } },
      });
      return result.map((h) => `${pos(h.position)} ${h.label}`);
    }
    case 'foldingRange': {
      const result = await client.request<{ startLine: number; endLine: number; kind?: string }[]>('textDocument/foldingRange', base);
      return result.map((r) => `${r.startLine + 1}-${r.endLine + 1} ${r.kind}`).sort((a, b) => parseInt(a) - parseInt(b) || a.localeCompare(b));
    }
    case 'selectionRange': {
      const result = await client.request<{ range: { start: Position; end: Position }; parent?: unknown }[]>('textDocument/selectionRange', { textDocument, positions: [at!.position] });
      const ranges: string[] = [];
      let current: { range: { start: Position; end: Position }; parent?: unknown } | undefined = result[0];
      while (current && ranges.length < Number(c.params?.depth ?? 4)) {
        ranges.push(range(current.range));
        current = current.parent as typeof current;
      }
      return ranges;
    }
    case 'incomingCalls':
    case 'outgoingCalls': {
      const items = await client.request<unknown[] | null>('textDocument/prepareCallHierarchy', base);
      if (!items || items.length === 0) return null;
      const calls = await client.request<{ from?: { name: string }; to?: { name: string }; fromRanges: unknown[] }[]>(`callHierarchy/${c.request}`, { item: items[0] });
      return calls.map((call) => `${(call.from ?? call.to)!.name} x${call.fromRanges.length}`).sort();
    }
    case 'diagnostics': {
      if (c.edit) {
        const texts = currentTexts.get(client);
        const text = texts?.get(c.edit.file) ?? readFixtureFile(dir, c.edit.file).text;
        const offset = text.indexOf(c.edit.replace);
        if (offset < 0) throw new Error(`'${c.edit.replace}' is not in ${c.edit.file}`);
        client.change(c.edit.file, [{ range: { start: positionOf(text, offset), end: positionOf(text, offset + c.edit.replace.length) }, text: c.edit.with }]);
        texts?.set(c.edit.file, text.slice(0, offset) + c.edit.with + text.slice(offset + c.edit.replace.length));
      }
      const wanted = c.expect as Record<string, string[]>;
      const result: Record<string, string[]> = {};
      for (const f of Object.keys(wanted)) {
        const show = (p: { diagnostics: { range: { start: Position }; code?: string | number; message: string | { value: string } }[] }) =>
          p.diagnostics.map((d) => `${pos(d.range.start)} ${d.code} ${typeof d.message === 'string' ? d.message : d.message.value}`);
        const published = await client.diagnostics(f, (p) => JSON.stringify(show(p)) === JSON.stringify(wanted[f]), 10_000).catch(() => undefined);
        result[f] = published ? show(published) : show([...client.publications].reverse().find((p) => p.uri === client.uri(f)) ?? { diagnostics: [] });
      }
      return result;
    }
    case 'formatting':
    case 'rangeFormatting': {
      // `lines`: the range, first and last line counted from 1 (the whole of both lines).
      const lines = c.params?.lines as [number, number] | undefined;
      const edits = await client.request<TextEdit[]>(`textDocument/${c.request}`, {
        textDocument, options: { tabSize: 4, insertSpaces: true, ...(c.params?.options as object) },
        ...(lines ? { range: { start: { line: lines[0] - 1, character: 0 }, end: { line: lines[1], character: 0 } } } : {}),
      });
      return applyEdits(readFixtureFile(dir, at!.file).text, edits).split('\n');
    }
    case 'willRenameFiles': {
      // `files`: [old, new] paths relative to the workspace (files or folders); nothing moves on disk.
      const files = (c.params?.files as [string, string][]).map(([from, to]) => ({ oldUri: client.uri(from), newUri: client.uri(to) }));
      const result = await client.request<{ changes?: Record<string, TextEdit[]> } | null>('workspace/willRenameFiles', { files });
      return Object.fromEntries(Object.entries(result?.changes ?? {}).map(([uri, edits]) => [rel(uri), edits.map((e) => `${range(e.range)} ${e.newText}`).sort()]).sort());
    }
    case 'documentLink': {
      const result = await client.request<{ range: { start: Position; end: Position }; target?: string }[]>('textDocument/documentLink', { textDocument });
      return result.map((l) => `${range(l.range)} ${l.target ? rel(l.target) : '(no target)'}`);
    }
    default:
      throw new Error(`unknown request '${c.request}' in cases.json`);
  }
}
