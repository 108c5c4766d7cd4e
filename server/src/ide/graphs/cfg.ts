// The control-flow graph of lowered functions (server/src/ir): one node per basic block, labelled
// with the block's instructions in the IR's own text form (what `zolt build --emit ir` prints, so
// that the picture and the listing read the same), an edge per jump, `true`/`false` edges for a
// branch. `cfgGraph` draws one function; `irGraph` draws several, each in a cluster headed by its
// signature (`zolt dot --ir`). A block's node names the source of its first instruction that has
// one, so that an editor can go there.

import { blockText, functionHeader, type Block, type IrFunction, type Terminator } from '../../ir';
import { FONTS, type DotCluster, type DotEdge, type DotGraph, type DotNode } from './dot';
import { irPlace, irSuffix, type IrPlaces } from './locate';

const NODE_ATTRS = { shape: 'box', fontname: FONTS.code, fontsize: '10' } as const;
const EDGE_ATTRS = { fontname: FONTS.code, fontsize: '9' } as const;

/** A block's node id: unique in the graph when `prefix` is unique per function. */
const blockId = (prefix: string, id: number): string => `${prefix}b${id}`;

/** The first source place of a block (its instructions' locations, then its terminator's). */
function blockPlace(block: Block, places: IrPlaces): string | undefined {
  for (const loc of block.locs) {
    const place = irPlace(places, loc);
    if (place !== undefined) return place;
  }
  return undefined;
}

/** The edges out of a block: none for `ret` and `trap`. */
function terminatorEdges(t: Terminator, from: string, prefix: string): DotEdge[] {
  switch (t.op) {
    case 'jmp':
      return [{ from, to: blockId(prefix, t.target) }];
    case 'br':
      return [
        { from, to: blockId(prefix, t.then), label: 'true', attrs: { color: 'darkgreen' } },
        { from, to: blockId(prefix, t.else), label: 'false', attrs: { color: 'red3' } },
      ];
    case 'ret':
    case 'trap':
      return [];
  }
}

function blockNode(block: Block, prefix: string, places: IrPlaces): DotNode {
  const exits = block.terminator.op === 'ret' || block.terminator.op === 'trap';
  const place = blockPlace(block, places);
  return {
    id: blockId(prefix, block.id),
    label: { lines: blockText(block, (loc) => irSuffix(places, loc)) },
    ...(place === undefined ? {} : { location: place }),
    ...(block.id === 0 ? { attrs: { penwidth: '2' } } : exits ? { attrs: { style: 'rounded' } } : {}),
  };
}

function functionParts(fn: IrFunction, prefix: string, places: IrPlaces): { nodes: DotNode[]; edges: DotEdge[] } {
  return {
    nodes: fn.blocks.map((b) => blockNode(b, prefix, places)),
    edges: fn.blocks.flatMap((b) => terminatorEdges(b.terminator, blockId(prefix, b.id), prefix)),
  };
}

/** One function's control-flow graph; the graph's label is its signature. */
export function cfgGraph(fn: IrFunction, places: IrPlaces): DotGraph {
  const { nodes, edges } = functionParts(fn, '', places);
  return {
    name: `cfg ${fn.name}`,
    attrs: { labelloc: 't', labeljust: 'l', fontname: FONTS.code, fontsize: '11' },
    label: { lines: functionHeader(fn) },
    nodeAttrs: NODE_ATTRS,
    edgeAttrs: EDGE_ATTRS,
    nodes,
    edges,
  };
}

/** Several functions' control-flow graphs, a cluster each (headed by the signature and slots), in the order given. */
export function irGraph(functions: readonly IrFunction[], places: IrPlaces): DotGraph {
  const clusters = functions.map((fn, i): DotCluster => {
    const place = irPlace(places, fn.loc);
    return {
      id: `f${i}`,
      label: { lines: functionHeader(fn) },
      ...(place === undefined ? {} : { location: place }),
      ...functionParts(fn, `f${i}.`, places),
    };
  });
  return {
    name: 'ir',
    attrs: { labeljust: 'l', fontname: FONTS.code, fontsize: '11' },
    nodeAttrs: NODE_ATTRS,
    edgeAttrs: EDGE_ATTRS,
    nodes: [],
    edges: [],
    clusters,
  };
}
