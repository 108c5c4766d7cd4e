// Graphviz dot text from a plain graph value. The graph builders beside this file (cfg.ts,
// calls.ts, ast.ts) make values of these types and never write dot themselves, so that the
// escaping rules live in one place: every ID and attribute is a double-quoted string with `"` and
// `\` escaped, and a multi-line label is a list of lines, each ended by `\l` (left-justified), so
// that text taken from a program (string literals, backslashes, quotes) cannot end a string early
// or turn into a Graphviz escape such as `\N`.

/**
 * Font names Graphviz knows the widths of without font files (the PostScript core fonts): in
 * WebAssembly it has no fonts to measure, and a generic name such as `monospace` is measured as
 * Times, so that a browser's monospace text overflows its box.
 */
export const FONTS = { code: 'Courier', text: 'Helvetica' } as const;

/** A label: one centred line, or lines shown left-justified (a block of code). */
export type DotLabel = { readonly text: string } | { readonly lines: readonly string[] };

export type DotAttrs = Readonly<Record<string, string>>;

export interface DotNode {
  readonly id: string;
  readonly label: DotLabel;
  /** Where the node comes from in the source, as `file:line:col` (1-based): its URL and tooltip, for editors. */
  readonly location?: string;
  readonly attrs?: DotAttrs;
}

export interface DotEdge {
  readonly from: string;
  readonly to: string;
  readonly label?: string;
  readonly attrs?: DotAttrs;
}

/** A subgraph drawn as a box around its nodes (`subgraph cluster_...`). */
export interface DotCluster {
  readonly id: string;
  readonly label: DotLabel;
  readonly location?: string;
  readonly nodes: readonly DotNode[];
  readonly edges: readonly DotEdge[];
}

export interface DotGraph {
  readonly name: string;
  readonly attrs?: DotAttrs;
  readonly nodeAttrs?: DotAttrs;
  readonly edgeAttrs?: DotAttrs;
  readonly label?: DotLabel;
  readonly nodes: readonly DotNode[];
  readonly edges: readonly DotEdge[];
  readonly clusters?: readonly DotCluster[];
}

/** A quoted dot string whose content reads back as `text` (quotes and backslashes escaped, line breaks as `\n`). */
export function dotString(text: string): string {
  return `"${escapeText(text, '\\n')}"`;
}

/**
 * `text` with what a quoted dot string and an escString treat specially escaped: `\` and `"`,
 * line breaks as `lineBreak`, other control characters shown as `\uXXXX` (Graphviz has no
 * escape for them).
 */
export function escapeText(text: string, lineBreak: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\r\n|\r|\n/g, lineBreak)
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, (c) => `\\\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A label as a quoted dot string: lines each end with `\l`, so that every one is left-justified. */
export function labelString(label: DotLabel): string {
  if ('text' in label) return dotString(label.text);
  return `"${label.lines.map((line) => `${escapeText(line, '\\l')}\\l`).join('')}"`;
}

function attrList(attrs: DotAttrs): string[] {
  return Object.entries(attrs).map(([key, value]) => `${key}=${dotString(value)}`);
}

function locationAttrs(location: string | undefined): DotAttrs {
  return location === undefined ? {} : { URL: location, tooltip: location };
}

function nodeLine(node: DotNode, indent: string): string {
  const attrs = [`label=${labelString(node.label)}`, ...attrList({ ...node.attrs, ...locationAttrs(node.location) })];
  return `${indent}${dotString(node.id)} [${attrs.join(', ')}];`;
}

function edgeLine(edge: DotEdge, indent: string): string {
  const attrs = attrList({ ...(edge.label === undefined ? {} : { label: edge.label }), ...edge.attrs });
  return `${indent}${dotString(edge.from)} -> ${dotString(edge.to)}${attrs.length > 0 ? ` [${attrs.join(', ')}]` : ''};`;
}

function defaults(kind: 'graph' | 'node' | 'edge', attrs: DotAttrs | undefined, indent: string): string[] {
  return attrs && Object.keys(attrs).length > 0 ? [`${indent}${kind} [${attrList(attrs).join(', ')}];`] : [];
}

function clusterLines(cluster: DotCluster): string[] {
  const location = locationAttrs(cluster.location);
  return [
    `  subgraph ${dotString(`cluster_${cluster.id}`)} {`,
    `    label=${labelString(cluster.label)};`,
    ...attrList(location).map((a) => `    ${a};`),
    ...cluster.nodes.map((n) => nodeLine(n, '    ')),
    ...cluster.edges.map((e) => edgeLine(e, '    ')),
    '  }',
  ];
}

/** The graph as dot text, ending with a newline. Nodes and edges keep the order they were given in. */
export function writeDot(graph: DotGraph): string {
  const lines = [
    `digraph ${dotString(graph.name)} {`,
    ...defaults('graph', graph.attrs, '  '),
    ...(graph.label ? [`  label=${labelString(graph.label)};`] : []),
    ...defaults('node', graph.nodeAttrs, '  '),
    ...defaults('edge', graph.edgeAttrs, '  '),
    ...(graph.clusters ?? []).flatMap(clusterLines),
    ...graph.nodes.map((n) => nodeLine(n, '  ')),
    ...graph.edges.map((e) => edgeLine(e, '  ')),
    '}',
  ];
  return `${lines.join('\n')}\n`;
}
