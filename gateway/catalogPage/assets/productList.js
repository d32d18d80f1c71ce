// @ts-check
/** The overview: health tiles, search and filters, one page of the product table, and the hub's graph when small. */
import { h } from './dom.js';
import { age, count, freshnessLabel, someOf, statusLabel } from './format.js';
import { lineageGraph } from './lineageGraph.js';
import { wholeHub } from './neighbourhood.js';

/** @typedef {import('./types.js').ProductSummary} ProductSummary */
/** @typedef {{ search: string, freshness: string, domain: string, layer: string, page: number }} ListState */
/**
 * What the page knows of the hub: every product, every table-level lineage edge, and the consumers of the products
 * whose usage was asked for so far (a product missing has not been asked, or its usage is not visible to the caller).
 * @typedef {{ products: ProductSummary[], edges: import('./neighbourhood.js').GraphEdge[],
 *   consumers: Map<string, import('./types.js').Consumer[]> }} Hub
 */

/** Rows per page of the table. */
export const PAGE_SIZE = 25;

/**
 * The current version of a product (its latest snapshot and tests are what the list shows).
 * @param {ProductSummary} p
 */
export function currentOf(p) {
  return p.versions.find((v) => v.version === p.currentVersion) ?? p.versions[0];
}

/**
 * Failed tests of the current version's latest snapshot.
 * @param {ProductSummary} p
 */
function failedTests(p) {
  return (currentOf(p)?.qualityTests ?? []).filter((t) => t.status === 'FAIL');
}

/**
 * Whether `p` matches every filter of `state`; the search looks in the id, owner, description and layer.
 * @param {ProductSummary} p
 * @param {ListState} state
 */
export function matches(p, state) {
  if (state.freshness && p.freshness !== state.freshness) return false;
  if (state.domain && p.domain !== state.domain) return false;
  if (state.layer && (p.layer ?? '') !== state.layer) return false;
  const words = state.search.toLowerCase().split(/\s+/).filter(Boolean);
  const haystack = `${p.id} ${p.owner} ${p.description} ${p.layer ?? ''}`.toLowerCase();
  return words.every((w) => haystack.includes(w));
}

/**
 * A layer badge ("Gold"), or a dash.
 * @param {string | null | undefined} layer
 */
export function layerBadge(layer) {
  if (!layer) return h('span', { class: 'muted' }, '—');
  return h('span', { class: `layer layer-${layer.toLowerCase()}` }, layer.charAt(0) + layer.slice(1).toLowerCase());
}

/**
 * A freshness badge.
 * @param {string} status
 */
export function freshnessBadge(status) {
  return h('span', { class: `badge fresh-${status.toLowerCase()}` }, freshnessLabel(status));
}

/**
 * @param {string} label
 * @param {string | number} value
 * @param {string} [cls]
 */
function tile(label, value, cls = '') {
  return h('div', { class: `tile ${cls}` }, h('div', { class: 'tile-value' }, String(value)), h('div', { class: 'tile-label' }, label));
}

/**
 * @param {ProductSummary} p
 * @param {Hub} hub
 */
function row(p, hub) {
  const consumers = hub.consumers.get(p.id);
  const cur = currentOf(p);
  const failed = failedTests(p);
  const tests = cur?.qualityTests ?? [];
  return h('tr', { 'data-product': p.id },
    h('td', {}, h('a', { href: `#/product/${encodeURIComponent(p.id)}`, class: 'product-link' }, p.id),
      h('div', { class: 'muted clamp' }, p.description)),
    h('td', { class: 'owner' }, p.owner),
    h('td', {}, layerBadge(p.layer)),
    h('td', {}, p.versions.map((v) => h('span', {
      class: `version status-${v.status.toLowerCase()}`,
      title: `${statusLabel(v.status)}${v.sunset ? `, sunset ${v.sunset}` : ''}${v.deprecationReason ? `: ${v.deprecationReason}` : ''}`,
    }, `v${v.version}`, v.status !== 'CURRENT' ? ` ${statusLabel(v.status).toLowerCase()}` : '', v.sunset ? ` · sunset ${v.sunset}` : ''))),
    h('td', {}, freshnessBadge(p.freshness), h('div', { class: 'muted small' }, age(cur?.latestSnapshot?.publishedAt))),
    h('td', {}, cur?.latestSnapshot
      ? [h('code', { class: 'snapshot' }, cur.latestSnapshot.id), h('div', { class: 'muted small' }, `${count(cur.latestSnapshot.rowCount)} rows`)]
      : h('span', { class: 'muted' }, 'none')),
    h('td', {}, tests.length === 0 ? h('span', { class: 'muted' }, 'no tests')
      : failed.length ? h('span', { class: 'badge fresh-error' }, `${failed.length} of ${tests.length} failed`)
        : h('span', { class: 'badge fresh-fresh' }, `${tests.length} passed`)),
    h('td', { class: 'subscribers' }, p.subscribers?.length ? p.subscribers.join(', ') : h('span', { class: 'muted' }, p.subscribers ? 'none' : '—')),
    h('td', { class: 'consumers', title: (consumers ?? []).map((c) => c.consumer).join(', ') },
      consumers ? (consumers.length ? someOf(consumers.map((c) => c.consumer), 3) : h('span', { class: 'muted' }, 'none')) : h('span', { class: 'muted' }, '—')));
}

/**
 * @param {string} label
 * @param {string} value
 * @param {string[]} options
 * @param {(value: string) => void} onChange
 * @param {(option: string) => string} [text]
 */
function select(label, value, options, onChange, text = (o) => o) {
  return h('label', { class: 'filter' }, h('span', {}, label),
    h('select', { onchange: (e) => onChange(/** @type {HTMLSelectElement} */ (e.target).value) },
      h('option', { value: '' }, 'All'),
      options.map((o) => h('option', { value: o, selected: o === value }, text(o)))));
}

/**
 * The products of the overview's current page under `state`.
 * @param {ProductSummary[]} products
 * @param {ListState} state
 */
export function pageOf(products, state) {
  const shown = products.filter((p) => matches(p, state));
  const page = Math.min(state.page, Math.max(1, Math.ceil(shown.length / PAGE_SIZE)) - 1);
  return shown.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE);
}

/**
 * The overview of the hub under `state`; `onChange` is called with the new state when a filter, the search or the
 * page changes, `onOpen` with a product id when one is clicked in the graph.
 * @param {Hub} hub
 * @param {ListState} state
 * @param {{ onChange: (state: ListState) => void, onOpen: (id: string) => void }} handlers
 */
export function productList(hub, state, { onChange, onOpen }) {
  const { products } = hub;
  const shown = products.filter((p) => matches(p, state));
  const pages = Math.max(1, Math.ceil(shown.length / PAGE_SIZE));
  const page = Math.min(state.page, pages - 1);
  const slice = shown.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE);
  const by = (/** @type {string} */ f) => products.filter((p) => p.freshness === f).length;
  const failing = products.filter((p) => failedTests(p).length > 0).length;
  const domains = [...new Set(products.map((p) => p.domain))].sort();
  const layers = [...new Set(products.map((p) => p.layer).filter((l) => !!l))].map(String).sort();
  const change = (/** @type {Partial<ListState>} */ patch) => onChange({ ...state, page: 0, ...patch });
  const search = h('input', { type: 'search', class: 'search', placeholder: 'Search products, owners, descriptions…', value: state.search, 'aria-label': 'Search' });
  search.addEventListener('input', () => change({ search: search.value }));
  const graph = wholeHub(products, hub.edges);
  return h('div', { class: 'overview' },
    h('section', { class: 'tiles' },
      tile('Products', products.length),
      tile('Fresh', by('FRESH'), 'fresh-fresh'),
      tile('Late', by('WARN'), 'fresh-warn'),
      tile('Stale', by('ERROR'), 'fresh-error'),
      tile('With failed tests', failing, failing ? 'fresh-error' : '')),
    graph && graph.nodes.length ? h('section', { class: 'card' },
      h('div', { class: 'card-head' }, h('h2', {}, 'Lineage'), legend(graph.edges)),
      h('div', { class: 'graph-wrap' }, lineageGraph(graph, { onOpen })))
      : h('p', { class: 'muted hint' }, `${products.length} products: open one to see its lineage.`),
    h('section', { class: 'card' },
      h('div', { class: 'toolbar' }, search,
        select('Freshness', state.freshness, ['FRESH', 'WARN', 'ERROR'], (v) => change({ freshness: v }), freshnessLabel),
        select('Domain', state.domain, domains, (v) => change({ domain: v })),
        layers.length ? select('Layer', state.layer, layers, (v) => change({ layer: v }), (l) => l.charAt(0) + l.slice(1).toLowerCase()) : null),
      h('div', { class: 'table-wrap' }, h('table', { class: 'products' },
        h('thead', {}, h('tr', {}, ['Product', 'Owner', 'Layer', 'Versions', 'Freshness', 'Latest snapshot', 'Quality', 'Subscribers', 'Consumers']
          .map((t) => h('th', {}, t)))),
        h('tbody', {}, slice.length ? slice.map((p) => row(p, hub)) : h('tr', {}, h('td', { colspan: 9, class: 'empty' }, 'No product matches.'))))),
      h('div', { class: 'pager' },
        h('span', { class: 'muted', 'data-testid': 'range' }, shown.length
          ? `${page * PAGE_SIZE + 1}–${page * PAGE_SIZE + slice.length} of ${shown.length}${shown.length < products.length ? ` (of ${products.length} products)` : ''}`
          : `0 of ${products.length} products`),
        h('button', { type: 'button', disabled: page === 0, onclick: () => onChange({ ...state, page: page - 1 }) }, '← Previous'),
        h('button', { type: 'button', disabled: page >= pages - 1, onclick: () => onChange({ ...state, page: page + 1 }) }, 'Next →'))));
}

/**
 * The colours of the graph, and its kinds of edges when the catalog tells them.
 * @param {import('./neighbourhood.js').GraphEdge[]} edges
 */
export function legend(edges) {
  const kinds = new Set(edges.map((e) => e.kind).filter((k) => !!k));
  return h('div', { class: 'legend' }, [['fresh', 'Fresh'], ['warn', 'Late'], ['error', 'Stale'], ['external', 'Outside the hub']]
    .map(([cls, label]) => h('span', { class: `legend-item ${cls}` }, h('i', {}), label)),
  [['BUILD', 'built from'], ['DECLARED', 'declared upstream'], ['REFERENCE', 'references']].filter(([k]) => kinds.has(k))
    .map(([k, label]) => h('span', { class: `legend-item kind-${String(k).toLowerCase()}` }, h('b', {}), label)));
}
