// @ts-check
/**
 * The lineage graph around one product: products (and declared external sources) as nodes, an edge from each
 * input to what is built from it. Only the neighbourhood is drawn, so the graph stays readable in a hub of a
 * thousand products.
 */

/** @typedef {import('./types.js').ProductSummary} ProductSummary */
/** @typedef {{ id: string, product: ProductSummary | undefined }} GraphNode */
/** @typedef {{ from: string, to: string, kind?: string }} GraphEdge */
/** @typedef {{ nodes: GraphNode[], edges: GraphEdge[], truncated: boolean }} LineageGraph */

/** Most nodes a graph shows; beyond it the farthest ones are left out and the graph says so. */
export const MAX_NODES = 60;

/**
 * The lineage edges of the hub from each product's upstream and downstream, input → output, without duplicates,
 * for a catalog that does not list its edges.
 * @param {ProductSummary[]} products
 * @returns {GraphEdge[]}
 */
export function edgesOfProducts(products) {
  /** @type {Map<string, GraphEdge>} */
  const edges = new Map();
  const add = (/** @type {string} */ from, /** @type {string} */ to) => {
    if (from !== to) edges.set(`${from}\u0000${to}`, { from, to });
  };
  for (const p of products) {
    for (const u of p.upstream) add(u.id, p.id);
    for (const d of p.downstream) add(p.id, d.id);
  }
  return [...edges.values()];
}

/**
 * The products at most `depth` edges upstream or downstream of `focus` (following the direction of the edges, so
 * siblings are not pulled in), and the edges between them; at most {@link MAX_NODES} nodes, nearest first.
 * @param {ProductSummary[]} products
 * @param {GraphEdge[]} edges
 * @param {string} focus
 * @param {number} [depth]
 * @returns {LineageGraph}
 */
export function neighbourhood(products, edges, focus, depth = 2) {
  const byId = new Map(products.map((p) => [p.id, p]));
  /** @type {Map<string, string[]>} */
  const out = new Map();
  /** @type {Map<string, string[]>} */
  const into = new Map();
  for (const e of edges) {
    out.set(e.from, [...(out.get(e.from) ?? []), e.to]);
    into.set(e.to, [...(into.get(e.to) ?? []), e.from]);
  }
  /** @type {Map<string, number>} */
  const distance = new Map([[focus, 0]]);
  for (const next of [out, into]) {
    let frontier = [focus];
    for (let d = 1; d <= depth && frontier.length; d += 1) {
      /** @type {string[]} */
      const reached = [];
      for (const id of frontier) {
        for (const n of next.get(id) ?? []) {
          if (distance.has(n)) continue;
          distance.set(n, d);
          reached.push(n);
        }
      }
      frontier = reached;
    }
  }
  const kept = [...distance].sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0])).slice(0, MAX_NODES).map(([id]) => id);
  const keep = new Set(kept);
  return {
    nodes: kept.map((id) => ({ id, product: byId.get(id) })),
    edges: edges.filter((e) => keep.has(e.from) && keep.has(e.to)),
    truncated: distance.size > kept.length,
  };
}

/**
 * The whole hub as one graph, for a hub small enough to read it at once (at most {@link MAX_NODES} nodes), else null.
 * @param {ProductSummary[]} products
 * @param {GraphEdge[]} edges
 * @returns {LineageGraph | null}
 */
export function wholeHub(products, edges) {
  const ids = new Set([...products.map((p) => p.id), ...edges.flatMap((e) => [e.from, e.to])]);
  if (ids.size > MAX_NODES) return null;
  const byId = new Map(products.map((p) => [p.id, p]));
  return { nodes: [...ids].sort().map((id) => ({ id, product: byId.get(id) })), edges, truncated: false };
}

/**
 * Every product downstream of `focus` along `edges`, transitively, with its distance (1 = reads `focus` directly),
 * nearest first.
 * @param {ProductSummary[]} products
 * @param {GraphEdge[]} edges
 * @param {string} focus
 * @returns {{ product: ProductSummary, distance: number }[]}
 */
export function downstreamOf(products, edges, focus) {
  const byId = new Map(products.map((p) => [p.id, p]));
  /** @type {Map<string, string[]>} */
  const out = new Map();
  for (const e of edges) out.set(e.from, [...(out.get(e.from) ?? []), e.to]);
  /** @type {Map<string, number>} */
  const distance = new Map([[focus, 0]]);
  let frontier = [focus];
  for (let d = 1; frontier.length; d += 1) {
    /** @type {string[]} */
    const reached = [];
    for (const id of frontier) {
      for (const n of out.get(id) ?? []) {
        if (distance.has(n)) continue;
        distance.set(n, d);
        reached.push(n);
      }
    }
    frontier = reached;
  }
  distance.delete(focus);
  return [...distance].flatMap(([id, d]) => {
    const product = byId.get(id);
    return product ? [{ product, distance: d }] : [];
  }).sort((a, b) => a.distance - b.distance || a.product.id.localeCompare(b.product.id));
}

/** Which kind of edge is drawn when a pair of products is linked in several ways. */
const KIND_RANK = ['BUILD', 'DECLARED', 'REFERENCE'];

/**
 * One edge per pair of products, of the strongest kind among them (built from, then declared, then references).
 * @param {GraphEdge[]} edges
 * @returns {GraphEdge[]}
 */
export function oneEdgePerPair(edges) {
  /** @type {Map<string, GraphEdge>} */
  const pairs = new Map();
  const rank = (/** @type {string | undefined} */ k) => (k ? KIND_RANK.indexOf(k) : KIND_RANK.length);
  for (const e of edges) {
    const key = `${e.from}\u0000${e.to}`;
    const seen = pairs.get(key);
    if (!seen || rank(e.kind) < rank(seen.kind)) pairs.set(key, e);
  }
  return [...pairs.values()];
}
