// @ts-check
/** One product: its health, lineage neighbourhood, impact, columns with their lineage, quality tests and snapshots. */
import { h } from './dom.js';
import { age, count, size, statusLabel, when } from './format.js';
import { lineageGraph } from './lineageGraph.js';
import { downstreamOf, neighbourhood } from './neighbourhood.js';
import { currentOf, freshnessBadge, legend } from './productList.js';

/** @typedef {import('./types.js').ProductSummary} ProductSummary */
/** @typedef {import('./types.js').ProductDetail} ProductDetail */
/** @typedef {import('./types.js').VersionDetail} VersionDetail */

/**
 * @param {string} title
 * @param {...(Node | null | false | (Node | null)[])} body
 */
function card(title, ...body) {
  return h('section', { class: 'card' }, h('div', { class: 'card-head' }, h('h2', {}, title)), ...body);
}

/**
 * @param {string} id
 */
function productLink(id) {
  return h('a', { href: `#/product/${encodeURIComponent(id)}`, class: 'product-link' }, id);
}

/**
 * @param {[string, Node | string][]} pairs
 */
function facts(pairs) {
  return h('dl', { class: 'facts' }, pairs.map(([k, v]) => h('div', {}, h('dt', {}, k), h('dd', {}, v))));
}

/**
 * The columns of one version and where each comes from.
 * @param {VersionDetail} v
 */
function columnsTable(v) {
  return h('table', { class: 'columns' },
    h('thead', {}, h('tr', {}, ['Column', 'Type', 'GraphQL field', 'Lineage', 'Description'].map((t) => h('th', {}, t)))),
    h('tbody', {}, v.columns.map((c) => h('tr', { 'data-column': c.name },
      h('td', {}, h('code', {}, c.name), c.primaryKey ? h('span', { class: 'tag' }, 'key') : null, c.pii ? h('span', { class: 'tag pii' }, 'pii') : null),
      h('td', {}, h('code', { class: 'muted' }, c.type)),
      h('td', {}, h('code', { class: 'muted' }, c.field)),
      h('td', {}, c.references
        ? h('span', {}, 'references ', productLink(c.references.productId), h('code', {}, `.${c.references.column}`))
        : h('span', { class: 'muted' }, '—')),
      h('td', { class: 'muted' }, c.description ?? '')))));
}

/**
 * @param {VersionDetail} v
 */
function qualityTable(v) {
  if (!v.qualityTests.length) return h('p', { class: 'muted' }, v.latestSnapshot ? 'The latest snapshot ran no quality test.' : 'Never published.');
  return h('table', { class: 'tests' },
    h('thead', {}, h('tr', {}, ['Test', 'Severity', 'Result', 'Message'].map((t) => h('th', {}, t)))),
    h('tbody', {}, v.qualityTests.map((t) => h('tr', {},
      h('td', {}, h('code', {}, t.name)),
      h('td', {}, statusLabel(t.severity)),
      h('td', {}, t.status === 'PASS' ? h('span', { class: 'badge fresh-fresh' }, 'Passed')
        : h('span', { class: `badge ${t.severity === 'ERROR' ? 'fresh-error' : 'fresh-warn'}` }, `Failed (${t.failures})`)),
      h('td', { class: 'muted' }, t.message ?? '')))));
}

/**
 * @param {VersionDetail} v
 */
function snapshotsTable(v) {
  if (!v.snapshots.length) return h('p', { class: 'muted' }, 'No snapshot committed.');
  return h('table', { class: 'snapshots' },
    h('thead', {}, h('tr', {}, ['Snapshot', 'Published', 'Publisher', 'Rows', 'Files', 'Size'].map((t) => h('th', {}, t)))),
    h('tbody', {}, v.snapshots.map((s) => h('tr', {},
      h('td', {}, h('code', {}, s.id)),
      h('td', {}, when(s.publishedAt), h('div', { class: 'muted small' }, age(s.publishedAt))),
      h('td', {}, s.publisher ?? ''),
      h('td', { class: 'num' }, count(s.rowCount)),
      h('td', { class: 'num' }, String(s.fileCount ?? '')),
      h('td', { class: 'num' }, s.bytes ? size(s.bytes) : '')))));
}

/** Affected products listed before "show all". */
const IMPACT_SHOWN = 20;

/**
 * @param {string[]} names
 * @param {number} most
 */
function someOf(names, most) {
  return names.length <= most ? names.join(', ') : `${names.slice(0, most).join(', ')} and ${names.length - most} more`;
}

/**
 * Who is affected when `detail` is late or wrong: every product downstream of it, transitively, with owners; the
 * nearest {@link IMPACT_SHOWN} are listed until the reader asks for all.
 * @param {ProductSummary[]} products
 * @param {ProductDetail} detail
 */
function impact(products, detail) {
  const affected = downstreamOf(products, detail.id);
  if (!affected.length) return h('p', { class: 'muted', 'data-testid': 'impact' }, 'Nothing in the hub reads this product.');
  const owners = [...new Set(affected.map((a) => a.product.owner))].sort();
  const item = (/** @type {{ product: ProductSummary, distance: number }} */ a) => h('li', {},
    productLink(a.product.id), freshnessBadge(a.product.freshness),
    h('span', { class: 'muted small' }, ` owner ${a.product.owner} · ${a.distance === 1 ? 'reads it directly' : `${a.distance} hops away`}`));
  const list = h('ul', { class: 'impact' }, affected.slice(0, IMPACT_SHOWN).map(item));
  const more = affected.length > IMPACT_SHOWN ? h('button', {
    type: 'button', class: 'more', onclick: () => {
      list.replaceChildren(...affected.map(item));
      more?.remove();
    },
  }, `Show all ${affected.length}`) : null;
  return h('div', { 'data-testid': 'impact' },
    h('p', {}, `${affected.length} downstream product${affected.length === 1 ? '' : 's'}, owned by ${someOf(owners, 8)}.`),
    h('div', { class: 'impact-list' }, list), more);
}

/**
 * The page of one product. `products` is the whole hub (for the neighbourhood and the impact); `version` is the
 * version whose columns are shown (the current one by default).
 * @param {ProductSummary[]} products
 * @param {ProductDetail} detail
 * @param {{ version?: number, onOpen: (id: string) => void, onVersion: (version: number) => void }} options
 */
export function productDetail(products, detail, { version, onOpen, onVersion }) {
  const cur = /** @type {VersionDetail | undefined} */ (currentOf(detail));
  const shown = detail.versions.find((v) => v.version === version) ?? cur ?? detail.versions[0];
  const graph = neighbourhood(products, detail.id);
  const upstream = detail.upstream;
  return h('div', { class: 'detail', 'data-product': detail.id },
    h('a', { href: '#/', class: 'back' }, '← All products'),
    h('header', { class: 'detail-head' },
      h('div', {}, h('h1', {}, detail.id), h('p', { class: 'lead' }, detail.description)),
      h('div', { class: 'head-badges' }, detail.layer ? h('span', { class: `layer layer-${detail.layer.toLowerCase()}` }, detail.layer) : null,
        freshnessBadge(detail.freshness))),
    facts([
      ['Owner', h('span', { class: 'owner' }, detail.owner)],
      ['Freshness', `${age(cur?.latestSnapshot?.publishedAt)} · warn after ${detail.freshnessSlo.warnAfter}, stale after ${detail.freshnessSlo.errorAfter}`],
      ['Current version', `v${detail.currentVersion}${cur?.typeName ? ` (${cur.typeName})` : ''}`],
      ['Latest snapshot', cur?.latestSnapshot ? `${cur.latestSnapshot.id} · ${count(cur.latestSnapshot.rowCount)} rows` : 'none'],
      ['Upstream', upstream.length ? h('span', {}, upstream.flatMap((u, i) => [i ? ', ' : '', u.dataProduct ? productLink(u.id) : h('code', {}, u.id)])) : 'none declared'],
      ['Subscribers', detail.subscribers ? (detail.subscribers.map((s) => s.team).join(', ') || 'none') : '—'],
      ['Consumers', detail.consumers ? (detail.consumers.map((c) => c.key).join(', ') || 'none recorded') : '—'],
    ]),
    h('section', { class: 'card' },
      h('div', { class: 'card-head' }, h('h2', {}, 'Lineage'), legend()),
      h('div', { class: 'graph-wrap' }, lineageGraph(graph, { focus: detail.id, onOpen })),
      graph.truncated ? h('p', { class: 'muted small' }, `Showing the ${graph.nodes.length} nearest products.`) : null),
    h('div', { class: 'grid' },
      card('Impact', impact(products, detail)),
      card('Versions', h('div', { class: 'versions' }, detail.versions.map((v) => h('button', {
        type: 'button', class: `version-tab status-${v.status.toLowerCase()}${v === shown ? ' active' : ''}`, onclick: () => onVersion(v.version),
      }, h('strong', {}, `v${v.version}`), ` ${statusLabel(v.status)}`, v.sunset ? ` · sunset ${v.sunset}` : '',
      h('span', { class: 'muted small' }, ` · ${age(v.latestSnapshot?.publishedAt)}`)))),
      shown?.deprecationReason ? h('p', { class: 'muted' }, `Deprecated: ${shown.deprecationReason}`) : null)),
    shown ? card(`Columns of v${shown.version}`, columnsTable(shown)) : null,
    shown ? card(`Quality tests of v${shown.version}`, qualityTable(shown)) : null,
    shown ? card(`Snapshots of v${shown.version}`, snapshotsTable(shown)) : null);
}
