// The Annotations panel's model (client/src/annotations): trees for every grouping, order and
// filter, as data in test/fixtures/client/annotations.json (ZOLT_UPDATE_EXPECTED=1 rewrites the
// expectations: read the diff); then the parts one by one, and agreement with the server's
// own order (server/src/ide/annotations.ts, which `zolt get` uses).

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { groupAnnotations, sortAnnotations, type Annotation } from 'zolt-server/ide/annotations';
import type { Entry } from 'zolt-client/annotations/entry';
import { filterHighlights, matchesFilter, parseFilter } from 'zolt-client/annotations/filter';
import { annotationDescription, annotationHead, annotationTooltip } from 'zolt-client/annotations/labels';
import { compareLocations, locate, type WorkspaceFolder } from 'zolt-client/annotations/location';
import { buildTree, toEntries, viewTexts, type AnnotationTree, type TreeNode } from 'zolt-client/annotations/model';
import { sortEntries } from 'zolt-client/annotations/sort';
import { normalizeTags, SEVERITY_ORDER, tagAppearance, tagRank, TAG_COLORS } from 'zolt-client/annotations/tags';
import { DEFAULT_VIEW_OPTIONS, GROUP_CHOICES, SORT_CHOICES, validGroup, validSort, type ViewOptions } from 'zolt-client/annotations/view-options';
import type { AnnotationsResult, WireAnnotation } from 'zolt-client/protocol';
import { fromRoot } from '../support/paths';

const FIXTURE = fromRoot('test/fixtures/client/annotations.json');
const UPDATE = process.env['ZOLT_UPDATE_EXPECTED'] === '1';

interface Workspace {
  folders: WorkspaceFolder[];
  result: AnnotationsResult;
}

interface Expectation {
  tree: string[];
  view: ReturnType<typeof viewTexts>;
}

interface Case {
  name: string;
  workspace: string;
  options: ViewOptions;
  expect: Expectation | null;
}

interface Fixture {
  about: string;
  workspaces: Record<string, Workspace>;
  cases: Case[];
}

const fixture = JSON.parse(fs.readFileSync(FIXTURE, 'utf8')) as Fixture;

// The fixture's paths are posix paths; the model takes the platform's path API, posix here.
const pathOf = (uri: string): string => fileURLToPath(uri);

function entriesOf(workspace: Workspace): Entry[] {
  return toEntries({ result: workspace.result, folders: workspace.folders, pathOf, pathApi: path.posix });
}

function treeFor(name: string, options: ViewOptions): AnnotationTree {
  const workspace = fixture.workspaces[name]!;
  return buildTree(entriesOf(workspace), options, workspace.folders.length > 1);
}

/** A tree as readable lines: groups `label — description`, annotations indented below. */
function render(nodes: readonly TreeNode[], depth = 0): string[] {
  return nodes.flatMap((node) => {
    let label = node.label;
    if (node.kind === 'annotation') {
      for (const [start, end] of [...node.highlights].reverse()) label = `${label.slice(0, start)}«${label.slice(start, end)}»${label.slice(end)}`;
    }
    const line = `${'  '.repeat(depth)}${label} — ${node.description}`;
    return node.kind === 'group' ? [line, ...render(node.children, depth + 1)] : [line];
  });
}

/** JSON with one annotation, option set or short list per line, trees one line per node. */
function compactJson(value: unknown, indent = '', key = ''): string {
  const flat = JSON.stringify(value);
  if (flat === undefined) return 'null';
  if (typeof value !== 'object' || value === null) return flat;
  if (Array.isArray(value) ? key !== 'tree' && flat.length <= 100 : flat.length <= 240) return flat;
  const inner = `${indent}  `;
  if (Array.isArray(value)) return `[\n${value.map((v) => inner + compactJson(v, inner)).join(',\n')}\n${indent}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${compactJson(v, inner, k)}`).join(',\n')}\n${indent}}`;
}

describe('client: the Annotations panel model', () => {
  describe('trees (test/fixtures/client/annotations.json)', () => {
    for (const c of fixture.cases) {
      it(c.name, () => {
        const tree = treeFor(c.workspace, c.options);
        // Through JSON, as the fixture holds it (absent fields rather than undefined ones).
        const actual = JSON.parse(JSON.stringify({ tree: render(tree.roots), view: viewTexts(tree, c.options) })) as Expectation;
        if (UPDATE) c.expect = actual;
        else assert.deepEqual(actual, c.expect);
      });
    }
    after(() => {
      if (UPDATE) fs.writeFileSync(FIXTURE, `${compactJson(fixture)}\n`);
    });
  });

  describe('counts', () => {
    it('counts every annotation, what the filter shows, and each group', () => {
      const all = treeFor('single', DEFAULT_VIEW_OPTIONS);
      assert.equal(all.total, fixture.workspaces['single']!.result.annotations.length);
      assert.equal(all.shown, all.total);
      const groups = all.roots.filter((n) => n.kind === 'group');
      assert.equal(groups.reduce((sum, g) => sum + g.children.length, 0), all.total);
      for (const group of groups) assert.equal(group.description, String(group.children.length));
      const filtered = treeFor('single', { ...DEFAULT_VIEW_OPTIONS, filter: 'ana' });
      assert.equal(filtered.total, all.total);
      assert.equal(filtered.shown, 2);
    });

    it('the badge counts what is shown and disappears at zero', () => {
      const empty = buildTree([], DEFAULT_VIEW_OPTIONS, false);
      assert.deepEqual(viewTexts(empty, DEFAULT_VIEW_OPTIONS), { description: undefined, message: undefined, badge: undefined });
      const one = treeFor('single', { ...DEFAULT_VIEW_OPTIONS, filter: 'swallowed' });
      assert.deepEqual(viewTexts(one, { ...DEFAULT_VIEW_OPTIONS, filter: 'swallowed' }).badge, { value: 1, tooltip: '1 of 12 annotations (filtered)' });
    });

    it('an empty list has no groups', () => {
      for (const group of GROUP_CHOICES) assert.deepEqual(buildTree([], { ...DEFAULT_VIEW_OPTIONS, group: group.key }, false).roots, []);
    });
  });

  describe('ids', () => {
    it('are unique and stable across rebuilds and filters', () => {
      for (const group of GROUP_CHOICES) {
        const options = { ...DEFAULT_VIEW_OPTIONS, group: group.key };
        const ids = (tree: AnnotationTree) => collectIds(tree.roots);
        const first = ids(treeFor('single', options));
        assert.equal(new Set(first).size, first.length, group.key);
        assert.deepEqual(ids(treeFor('single', options)), first);
        const filtered = ids(treeFor('single', { ...options, filter: 'todo' }));
        for (const id of filtered) assert.ok(first.includes(id), `${group.key}: ${id}`);
      }
    });

    it('stay unique when the server repeats an annotation', () => {
      const workspace = fixture.workspaces['single']!;
      const twice = { ...workspace, result: { ...workspace.result, annotations: [...workspace.result.annotations, workspace.result.annotations[0]!] } };
      const tree = buildTree(entriesOf(twice), { ...DEFAULT_VIEW_OPTIONS, group: 'none' }, false);
      const ids = collectIds(tree.roots);
      assert.equal(new Set(ids).size, ids.length);
    });
  });

  describe('filter', () => {
    it('splits at whitespace, keeps quoted phrases, ignores case and repeats', () => {
      assert.deepEqual(parseFilter('  Ana  p1 "Grow The"  ana '), ['ana', 'p1', 'grow the']);
      assert.deepEqual(parseFilter('"unclosed phrase'), ['unclosed phrase']);
      assert.deepEqual(parseFilter('""  '), []);
    });

    it('matches each term in some field: tag, owner, priority, text, path, folder', () => {
      const [entry] = entriesOf({ folders: [{ name: 'app', path: '/ws/app' }], result: { tags: [], annotations: [wire({ tag: 'TODO', owner: 'ana', priority: 1, text: 'grow it', uri: 'file:///ws/app/src/m.zolt' })] } });
      for (const yes of ['todo', 'ANA', 'p1', 'grow', 'src/m', 'app', 'todo ana p1', 'm.zolt']) assert.ok(matchesFilter(entry!, parseFilter(yes)), yes);
      for (const no of ['fixme', 'p2', 'bo', 'todo bo']) assert.ok(!matchesFilter(entry!, parseFilter(no)), no);
      // A phrase must occur within one field: `todo ana` spans two.
      assert.ok(!matchesFilter(entry!, parseFilter('"todo ana"')));
    });

    it('highlights merged occurrences in the label', () => {
      assert.deepEqual(filterHighlights('grow the table, the TABLE', parseFilter('table the')), [[5, 8], [9, 14], [16, 19], [20, 25]]);
      assert.deepEqual(filterHighlights('the table', parseFilter('the ta')), [[0, 3], [4, 6]]);
      assert.deepEqual(filterHighlights('theta', parseFilter('the eta')), [[0, 5]]);
      assert.deepEqual(filterHighlights('aaaa', parseFilter('aa')), [[0, 4]]);
      assert.deepEqual(filterHighlights('nothing', parseFilter('x')), []);
      // 'İ' lower-cases to two code units: offsets would be wrong, so none are given.
      assert.deepEqual(filterHighlights('İstanbul table', parseFilter('table')), []);
    });
  });

  describe('labels', () => {
    const a = wire({ tag: 'TODO', owner: 'ana', priority: 1, text: 'grow it', uri: 'file:///ws/app/src/m.zolt', line: 4, column: 7 });
    const entry = entriesOf({ folders: [{ name: 'app', path: '/ws/app' }], result: { tags: [], annotations: [a] } })[0]!;

    it('write the head like the comment, leaving out what the group says', () => {
      assert.equal(annotationHead(a), 'TODO(ana, p1)');
      assert.equal(annotationHead(a, { tag: true }), 'ana, p1');
      assert.equal(annotationHead(a, { owner: true }), 'TODO(p1)');
      assert.equal(annotationHead(wire({ tag: 'NOTE', text: 'x' })), 'NOTE');
      assert.equal(annotationHead(wire({ tag: 'NOTE', text: 'x' }), { tag: true }), '');
    });

    it('describe the place with 1-based lines, the folder first in multi-root workspaces', () => {
      assert.equal(annotationDescription(entry, 'tag', false), 'ana, p1 · src/m.zolt:5');
      assert.equal(annotationDescription(entry, 'file', false), 'TODO(ana, p1) · line 5');
      assert.equal(annotationDescription(entry, 'owner', true), 'TODO(p1) · app › src/m.zolt:5');
      assert.equal(annotationDescription(entry, 'none', false), 'TODO(ana, p1) · src/m.zolt:5');
      assert.equal(annotationTooltip(entry, false), 'TODO(ana, p1): grow it\nsrc/m.zolt:5:8');
    });
  });

  describe('locations (multi-root)', () => {
    const folders: WorkspaceFolder[] = [{ name: 'app', path: '/ws/app' }, { name: 'lib', path: '/ws/lib' }, { name: 'vendor', path: '/ws/app/vendor' }];
    const at = (file: string) => locate(file, folders, path.posix);

    it('are relative to the innermost folder holding the file', () => {
      assert.deepEqual(at('/ws/app/src/a.zolt'), { path: '/ws/app/src/a.zolt', folder: 0, folderName: 'app', relative: 'src/a.zolt' });
      assert.deepEqual(at('/ws/app/vendor/v.zolt'), { path: '/ws/app/vendor/v.zolt', folder: 2, folderName: 'vendor', relative: 'v.zolt' });
      assert.deepEqual(at('/ws/lib/a.zolt'), { path: '/ws/lib/a.zolt', folder: 1, folderName: 'lib', relative: 'a.zolt' });
    });

    it('keep the whole path outside every folder, and do not mistake a sibling or a name starting with ".."', () => {
      assert.deepEqual(at('/ws/application/a.zolt'), { path: '/ws/application/a.zolt', folder: -1, folderName: '', relative: '/ws/application/a.zolt' });
      assert.equal(at('/ws/app/..hidden.zolt').relative, '..hidden.zolt');
      assert.equal(at('/ws/app').folder, -1); // the folder itself is not a file in it
    });

    it('use the platform path API (Windows paths)', () => {
      const win = locate('C:\\ws\\app\\src\\a.zolt', [{ name: 'app', path: 'C:\\ws\\app' }], path.win32);
      assert.deepEqual(win, { path: 'C:\\ws\\app\\src\\a.zolt', folder: 0, folderName: 'app', relative: 'src\\a.zolt' });
    });

    it('order files by folder, then path, outside files last', () => {
      const files = ['/tmp/x.zolt', '/ws/lib/a.zolt', '/ws/app/z.zolt', '/ws/app/b/a.zolt', '/ws/app/vendor/a.zolt'];
      assert.deepEqual(files.map(at).sort(compareLocations).map((l) => l.path), ['/ws/app/b/a.zolt', '/ws/app/z.zolt', '/ws/lib/a.zolt', '/ws/app/vendor/a.zolt', '/tmp/x.zolt']);
    });
  });

  describe('tags', () => {
    it('rank the defaults by severity, then custom tags in the configured order', () => {
      const tags = normalizeTags([' todo', 'Review', 'SECURITY', 'REVIEW']);
      assert.deepEqual(tags, ['TODO', 'REVIEW', 'SECURITY']);
      const order = ['SECURITY', 'NOTE', 'REVIEW', 'BUG', 'UNKNOWN', 'TODO'].sort((a, b) => tagRank(a, tags) - tagRank(b, tags));
      assert.deepEqual(order, ['BUG', 'TODO', 'NOTE', 'REVIEW', 'SECURITY', 'UNKNOWN']);
    });

    it('have an icon and a contributed colour each; custom tags share one', () => {
      for (const tag of SEVERITY_ORDER) assert.ok(TAG_COLORS.includes(tagAppearance(tag).color), tag);
      assert.equal(new Set(SEVERITY_ORDER.map((t) => tagAppearance(t).icon)).size, SEVERITY_ORDER.length);
      assert.deepEqual(tagAppearance('REVIEW'), tagAppearance('SECURITY'));
      assert.deepEqual(tagAppearance('BUG'), { icon: 'bug', color: 'zoltAnnotation.bug' });
    });
  });

  describe('view options', () => {
    it('accept only known keys from the stored state', () => {
      assert.equal(validGroup('file'), 'file');
      assert.equal(validGroup('folder'), undefined);
      assert.equal(validGroup(undefined), undefined);
      assert.equal(validSort('owner'), 'owner');
      assert.equal(validSort(3), undefined);
      assert.deepEqual(SORT_CHOICES.map((c) => c.key), ['tag', 'priority', 'file', 'owner']);
    });
  });

  describe('agreement with the server (zolt get) in a single-folder workspace', () => {
    const workspace = fixture.workspaces['single']!;
    const tags = normalizeTags(workspace.result.tags);
    const entries = entriesOf(workspace);
    const asServer = (e: Entry): Annotation => ({
      tag: e.annotation.tag,
      ...(e.annotation.owner === undefined ? {} : { owner: e.annotation.owner }),
      ...(e.annotation.priority === undefined ? {} : { priority: e.annotation.priority }),
      text: e.annotation.text,
      file: e.location.path,
      start: 0,
      end: 0,
      line: e.annotation.range.start.line,
      column: e.annotation.range.start.character,
    });
    const key = (a: { file: string; line: number; column: number }) => `${a.file}:${a.line}:${a.column}`;

    for (const sort of SORT_CHOICES) {
      it(`sorts by ${sort.key} as the server does`, () => {
        const client = sortEntries(entries, sort.key).map((e) => key(asServer(e)));
        const server = sortAnnotations(entries.map(asServer), sort.key, tags).map(key);
        assert.deepEqual(client, server);
      });
    }

    for (const group of GROUP_CHOICES) {
      it(`groups by ${group.key} in the server's order`, () => {
        const tree = buildTree(entries, { ...DEFAULT_VIEW_OPTIONS, group: group.key }, false);
        const client = tree.roots.map((n) => (n.kind === 'group' ? n.children.map((c) => key(asServer(c.entry))) : [key(asServer(n.entry))]));
        const sorted = sortAnnotations(entries.map(asServer), 'tag', tags);
        const server = groupAnnotations(sorted, group.key, tags).map((g) => g.annotations.map(key));
        assert.deepEqual(group.key === 'none' ? [client.flat()] : client, server);
      });
    }
  });
});

function collectIds(nodes: readonly TreeNode[]): string[] {
  return nodes.flatMap((n) => [n.id, ...(n.kind === 'group' ? collectIds(n.children) : [])]);
}

function wire(a: { tag: string; owner?: string; priority?: number; text: string; uri?: string; line?: number; column?: number }): WireAnnotation {
  const line = a.line ?? 0;
  const column = a.column ?? 0;
  return {
    tag: a.tag,
    ...(a.owner === undefined ? {} : { owner: a.owner }),
    ...(a.priority === undefined ? {} : { priority: a.priority }),
    text: a.text,
    uri: a.uri ?? 'file:///ws/app/m.zolt',
    range: { start: { line, character: column }, end: { line, character: column + a.text.length } },
  };
}
