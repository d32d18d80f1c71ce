// @ts-check
/**
 * Draws a lineage graph as SVG, laid out left to right by dagre (served by the gateway from its own copy of
 * `@dagrejs/dagre`, loaded as a classic script before the page's modules).
 */
import { s } from './dom.js';
import { freshnessLabel } from './format.js';

/** @typedef {import('./neighbourhood.js').LineageGraph} LineageGraph */

const dagre = /** @type {{ dagre: typeof import('@dagrejs/dagre') }} */ (/** @type {unknown} */ (globalThis)).dagre;

const NODE_WIDTH = 190;
const NODE_HEIGHT = 54;

/**
 * An SVG of `graph`: one box per node coloured by freshness (grey for a source outside the hub), an arrow per edge.
 * Clicking a product's box calls `onOpen` with its id; `focus` is drawn emphasised.
 * @param {LineageGraph} graph
 * @param {{ focus?: string, onOpen: (id: string) => void }} options
 * @returns {SVGElement}
 */
export function lineageGraph(graph, { focus, onOpen }) {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'LR', nodesep: 18, ranksep: 70 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of graph.nodes) g.setNode(n.id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  for (const e of graph.edges) g.setEdge(e.from, e.to);
  dagre.layout(g);
  // The view box holds every node and every edge point: dagre's own width and height may leave out an edge's bend.
  const MARGIN = 12;
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  const extend = (/** @type {number} */ x, /** @type {number} */ y) => {
    minX = Math.min(minX, x); minY = Math.min(minY, y); maxX = Math.max(maxX, x); maxY = Math.max(maxY, y);
  };
  for (const n of graph.nodes) {
    const { x, y } = g.node(n.id);
    extend(x - NODE_WIDTH / 2, y - NODE_HEIGHT / 2);
    extend(x + NODE_WIDTH / 2, y + NODE_HEIGHT / 2);
  }
  for (const e of graph.edges) for (const p of g.edge(e.from, e.to).points ?? []) extend(p.x, p.y);
  if (!Number.isFinite(minX)) [minX, minY, maxX, maxY] = [0, 0, NODE_WIDTH, NODE_HEIGHT];
  const [left0, top0] = [Math.floor(minX - MARGIN), Math.floor(minY - MARGIN)];
  const [width, height] = [Math.ceil(maxX + MARGIN) - left0, Math.ceil(maxY + MARGIN) - top0];

  const edges = graph.edges.map((e) => {
    /** @type {{ x: number, y: number }[]} */
    const points = g.edge(e.from, e.to).points ?? [];
    const d = points.map((p, i) => `${i ? 'L' : 'M'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
    return s('path', { class: `edge${e.kind ? ` kind-${e.kind.toLowerCase()}` : ''}`, d, 'marker-end': 'url(#arrow)', 'data-from': e.from, 'data-to': e.to });
  });
  const nodes = graph.nodes.map((n) => {
    const { x, y } = g.node(n.id);
    const left = x - NODE_WIDTH / 2;
    const top = y - NODE_HEIGHT / 2;
    const status = n.product ? n.product.freshness : 'EXTERNAL';
    const dot = n.id.indexOf('.');
    const [domain, name] = dot > 0 ? [n.id.slice(0, dot), n.id.slice(dot + 1)] : ['', n.id];
    const title = n.product ? `${n.id}: ${freshnessLabel(n.product.freshness)}, owner ${n.product.owner}` : `${n.id}: outside the hub`;
    const box = s('g', {
      class: `node ${status.toLowerCase()}${n.id === focus ? ' focus' : ''}${n.product ? ' product' : ''}`,
      transform: `translate(${left.toFixed(1)},${top.toFixed(1)})`, 'data-id': n.id, role: n.product ? 'link' : null,
      tabindex: n.product ? 0 : null, 'aria-label': title,
    },
    s('title', {}, title),
    s('rect', { width: NODE_WIDTH, height: NODE_HEIGHT, rx: 8 }),
    s('rect', { class: 'stripe', width: 6, height: NODE_HEIGHT, rx: 3 }),
    s('text', { class: 'domain', x: 16, y: 21 }, domain || 'external'),
    s('text', { class: 'name', x: 16, y: 40 }, name.length > 24 ? `${name.slice(0, 23)}…` : name));
    if (n.product) {
      const id = n.id;
      box.addEventListener('click', () => onOpen(id));
      box.addEventListener('keydown', (event) => {
        if (/** @type {KeyboardEvent} */ (event).key === 'Enter') onOpen(id);
      });
    }
    return box;
  });
  return s('svg', {
    class: 'lineage', viewBox: `${left0} ${top0} ${width} ${height}`, width, height,
    role: 'img', 'aria-label': `Lineage graph of ${graph.nodes.length} products`,
  },
  s('defs', {}, s('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' },
    s('path', { d: 'M0,0 L10,5 L0,10 z', class: 'arrowhead' }))),
  s('g', { class: 'edges' }, edges),
  s('g', { class: 'nodes' }, nodes));
}

