// @ts-check
/** One product: its health, lineage neighbourhood, impact, columns with their lineage, quality tests and snapshots. */
import { h } from './dom.js';
import { age, count, size, someOf, statusLabel, when } from './format.js';
import { lineageGraph } from './lineageGraph.js';
import { downstreamOf, neighbourhood } from './neighbourhood.js';
import { currentOf, freshnessBadge, layerBadge, legend } from './productList.js';

/** @typedef {import('./types.js').ProductSummary} ProductSummary */
/** @typedef {import('./types.js').ProductDetail} ProductDetail */
/** @typedef {import('./types.js').VersionDetail} VersionDetail */
/** @typedef {import('./types.js').ColumnTrace} ColumnTrace */
/** @typedef {import('./types.js').LineageColumn} LineageColumn */
/** @typedef {import('./productList.js').Hub} Hub */
/** @typedef {{ product: string, owner: string, subscribers: string[] | null, freshness: string | null, distance: number }} Affected */

/**
 * @param {string} title
 * @param {...(Node | null | false | (Node | null)[])} body
 */
function card(title, ...body) {
  return h('section', { class: 'card' }, h('div', { class: 'card-head' }, h('h2', {}, title)), ...body);
}

/** @param {string} id */
function productLink(id) {
  return h('a', { href: `#/product/${encodeURIComponent(id)}`, class: 'product-link' }, id);
}

/** @param {LineageColumn} c */
function columnName(c) {
  return h('span', { class: 'column-ref' }, productLink(c.productId), h('code', {}, `.${c.column}`));
}

/** @param {[string, Node | string][]} pairs */
function facts(pairs) {
  return h('dl', { class: 'facts' }, pairs.map(([k, v]) => h('div', {}, h('dt', {}, k), h('dd', {}, v))));
}

/**
 * @param {Node[]} items
 * @param {string} separator
 */
function joined(items, separator = ', ') {
  return items.flatMap((item, i) => (i ? [separator, item] : [item]));
}

/**
 * Where each column of `v` comes from: the input columns its build computes it from, and what it references.
 * @param {ProductDetail} detail
 * @param {VersionDetail} v
 * @param {string | undefined} selected
 * @param {(column: string) => void} onColumn
 */
function columnsTable(detail, v, selected, onColumn) {
  const traced = v.version === detail.currentVersion && !!detail.columnLineage;
  const from = (/** @type {string} */ name) => (detail.columnLineage ?? []).filter((e) => e.to.column === name && e.kind === 'VALUE').map((e) => e.from);
  return h('table', { class: 'columns' },
    h('thead', {}, h('tr', {}, ['Column', 'Type', 'GraphQL field', 'Lineage', 'Description'].map((t) => h('th', {}, t)))),
    h('tbody', {}, v.columns.map((c) => {
      const inputs = traced ? from(c.name) : [];
      return h('tr', { 'data-column': c.name, class: `${traced ? 'traceable' : ''}${c.name === selected ? ' selected' : ''}`, onclick: traced ? () => onColumn(c.name) : null },
        h('td', {}, h('code', {}, c.name), c.primaryKey ? h('span', { class: 'tag' }, 'key') : null, c.pii ? h('span', { class: 'tag pii' }, 'pii') : null),
        h('td', {}, h('code', { class: 'muted' }, c.type)),
        h('td', {}, h('code', { class: 'muted' }, c.field),
          c.renamedFrom ? h('div', { class: 'muted small renamed' }, 'renamed from ', h('code', {}, c.renamedFrom),
            c.formerField ? [' (', h('code', {}, c.formerField), ' still answers, deprecated)'] : null) : null),
        h('td', { class: 'lineage-cell' },
          inputs.length ? h('div', {}, 'from ', joined(inputs.map(columnName))) : null,
          c.references ? h('div', {}, 'references ', productLink(c.references.productId), h('code', {}, `.${c.references.column}`)) : null,
          !inputs.length && !c.references ? h('span', { class: 'muted' }, '—') : null),
        h('td', { class: 'muted' }, c.description ?? ''));
    })));
}

/**
 * Where one column comes from and what it affects.
 * @param {string} column
 * @param {ColumnTrace | null | undefined} trace undefined while loading
 */
function columnTracePanel(column, trace) {
  if (trace === undefined) return h('p', { class: 'muted' }, `Tracing ${column}…`);
  if (trace === null) return null;
  const sources = trace.upstreamLineage.columnEdges.map((e) => e.from).filter((c, i, all) => all.findIndex((o) => o.productId === c.productId && o.column === c.column) === i);
  const affected = trace.impact.columnEdges.map((e) => e.to).filter((c, i, all) => all.findIndex((o) => o.productId === c.productId && o.column === c.column) === i);
  return h('div', { class: 'trace', 'data-testid': 'column-trace' },
    h('div', {}, h('h3', {}, `Where ${column} comes from`),
      sources.length ? h('ul', { class: 'plain' }, sources.map((c) => h('li', {}, columnName(c))))
        : h('p', { class: 'muted' }, trace.upstreamLineage.products.length ? `From ${trace.upstreamLineage.products.map((p) => p.productId).join(', ')} (table level).` : 'No recorded source.')),
    h('div', {}, h('h3', {}, `What ${column} affects`),
      affected.length ? h('ul', { class: 'plain' }, affected.map((c) => h('li', {}, columnName(c))))
        : h('p', { class: 'muted' }, trace.impact.products.length ? `${trace.impact.products.map((p) => p.productId).join(', ')} (table level).` : 'Nothing downstream reads it.')));
}

/** @param {VersionDetail} v */
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

/** @param {VersionDetail} v */
function snapshotsTable(v) {
  if (!v.snapshots.length) return h('p', { class: 'muted' }, 'No snapshot committed.');
  const built = v.snapshots.some((s) => s.builtFrom?.length);
  return h('table', { class: 'snapshots' },
    h('thead', {}, h('tr', {}, ['Snapshot', 'Published', 'Publisher', 'Rows', 'Files', 'Size', built ? 'Built from' : null].filter((t) => t).map((t) => h('th', {}, t)))),
    h('tbody', {}, v.snapshots.map((s) => h('tr', {},
      h('td', {}, h('code', {}, s.id)),
      h('td', {}, when(s.publishedAt), h('div', { class: 'muted small' }, age(s.publishedAt))),
      h('td', {}, s.publisher ?? ''),
      h('td', { class: 'num' }, count(s.rowCount)),
      h('td', { class: 'num' }, String(s.fileCount ?? '')),
      h('td', { class: 'num' }, s.bytes ? size(s.bytes) : ''),
      built ? h('td', { class: 'provenance' }, (s.builtFrom ?? []).map((b) => h('div', {}, productLink(b.productId), ` v${b.version} `, h('code', { class: 'muted' }, b.snapshotId)))) : null))));
}

/** Affected products listed before "show all". */
const IMPACT_SHOWN = 20;

/**
 * Every product affected when `detail` is late or wrong: the catalog's impact when it has one, else the products
 * downstream along the hub's edges.
 * @param {Hub} hub
 * @param {ProductDetail} detail
 * @returns {Affected[]}
 */
function affectedBy(hub, detail) {
  if (detail.impact) {
    return detail.impact.products.map((n) => ({
      product: n.productId, owner: n.owner ?? '', subscribers: n.subscribers, freshness: n.dataProduct?.freshness ?? null, distance: n.distance,
    }));
  }
  return downstreamOf(hub.products, hub.edges, detail.id).map((a) => ({
    product: a.product.id, owner: a.product.owner, subscribers: a.product.subscribers ?? null, freshness: a.product.freshness, distance: a.distance,
  }));
}

/**
 * The API keys that read affected fields recently.
 * @param {import('./types.js').ImpactConsumer[] | null | undefined} readers
 */
function impactReaders(readers) {
  if (!readers?.length) return null;
  return h('div', { class: 'readers' }, h('h3', {}, 'Consumers reading affected fields'),
    h('ul', { class: 'plain' }, readers.slice(0, IMPACT_SHOWN).map((r) => h('li', {},
      h('strong', {}, r.consumer), ' read ', productLink(r.productId), ` v${r.version} `, h('code', { class: 'muted' }, r.fields.join(', ')),
      h('span', { class: 'muted small' }, ` · ${age(r.lastReadAt)}`)))));
}

/**
 * Who is affected when `detail` is late or wrong, with owners and subscribers, and the consumers that read affected
 * fields recently; the nearest {@link IMPACT_SHOWN} products are listed until the reader asks for all.
 * @param {Hub} hub
 * @param {ProductDetail} detail
 * @param {import('./types.js').ImpactConsumer[] | null | undefined} readers
 */
function impact(hub, detail, readers) {
  const affected = affectedBy(hub, detail);
  if (!affected.length) return h('div', { 'data-testid': 'impact' }, h('p', { class: 'muted' }, 'Nothing in the hub reads this product.'), impactReaders(readers));
  const owners = [...new Set(affected.map((a) => a.owner).filter((o) => o))].sort();
  const subscribers = [...new Set(affected.flatMap((a) => a.subscribers ?? []))].sort();
  const item = (/** @type {Affected} */ a) => h('li', {},
    productLink(a.product), a.freshness ? freshnessBadge(a.freshness) : null,
    h('span', { class: 'muted small' }, ` owner ${a.owner}${a.subscribers?.length ? ` · subscribers ${a.subscribers.join(', ')}` : ''} · ${a.distance === 1 ? 'reads it directly' : `${a.distance} hops away`}`));
  const list = h('ul', { class: 'impact' }, affected.slice(0, IMPACT_SHOWN).map(item));
  const more = affected.length > IMPACT_SHOWN ? h('button', {
    type: 'button', class: 'more', onclick: () => {
      list.replaceChildren(...affected.map(item));
      more?.remove();
    },
  }, `Show all ${affected.length}`) : null;
  return h('div', { 'data-testid': 'impact' },
    h('p', {}, `${affected.length} downstream product${affected.length === 1 ? '' : 's'}, owned by ${someOf(owners, 8)}`,
      subscribers.length ? `; subscribers to tell: ${someOf(subscribers, 8)}.` : '.'),
    h('div', { class: 'impact-list' }, list), more, impactReaders(readers));
}

/**
 * What a product is built from (its build's inputs) and what its contract declares upstream.
 * @param {ProductDetail} detail
 */
function upstreamFact(detail) {
  const built = (detail.build?.inputs ?? []).map((i) => i.productId);
  const declared = detail.upstream.filter((u) => !built.includes(u.id));
  if (!built.length && !declared.length) return 'none declared';
  return h('span', { class: 'upstream' },
    ...(built.length ? ['built from ', ...joined(built.map(productLink))] : []),
    built.length && declared.length ? '; ' : null,
    ...joined(declared.map((u) => (u.dataProduct ? productLink(u.id) : h('code', {}, u.id)))));
}

/**
 * What a deprecated version's readers are told: why, since when, until when, what to move to, and that every
 * response and export reading it says so in its headers.
 * @param {string} id
 * @param {VersionDetail} v
 * @param {number} current
 */
function deprecationNote(id, v, current) {
  if (v.status !== 'DEPRECATED') return null;
  const successor = v.successorVersion ?? current;
  return h('div', { class: 'deprecation', 'data-testid': 'deprecation' },
    h('p', {}, h('strong', {}, `v${v.version} is deprecated`), v.deprecatedAt ? ` since ${v.deprecatedAt}` : '',
      v.sunset ? ` and is retired after ${v.sunset}` : '', v.deprecationReason ? `: ${v.deprecationReason}.` : '.'),
    successor !== v.version ? h('p', {}, 'Move to ', h('a', { href: `#/product/${encodeURIComponent(id)}/v${successor}`, class: 'successor' }, `v${successor}`), '.') : null,
    h('p', { class: 'muted small' }, 'Every GraphQL response and export that reads it carries the Deprecation and Sunset headers, a Link to its successor and a DEPRECATED_VERSION warning in extensions.tessera.warnings.'));
}

/**
 * The page of one product. `hub` gives the neighbourhood and the consumers; `version` is the version whose
 * columns are shown (the current one by default); `column` the column whose lineage is traced, with its `trace`
 * (undefined while it loads); `readers` the consumers of affected fields (undefined while they load).
 * @param {Hub} hub
 * @param {ProductDetail} detail
 * @param {{ version?: number, column?: string, trace?: ColumnTrace | null, readers?: import('./types.js').ImpactConsumer[] | null, onOpen: (id: string) => void,
 *   onVersion: (version: number) => void, onColumn: (column: string) => void }} options
 */
export function productDetail(hub, detail, { version, column, trace, readers, onOpen, onVersion, onColumn }) {
  const cur = /** @type {VersionDetail | undefined} */ (currentOf(detail));
  const shown = detail.versions.find((v) => v.version === version) ?? cur ?? detail.versions[0];
  const graph = neighbourhood(hub.products, hub.edges, detail.id);
  const consumers = hub.consumers.get(detail.id);
  const stale = detail.staleBecauseOf ?? [];
  return h('div', { class: 'detail', 'data-product': detail.id },
    h('a', { href: '#/', class: 'back' }, '← All products'),
    h('header', { class: 'detail-head' },
      h('div', {}, h('h1', {}, detail.id), h('p', { class: 'lead' }, detail.description)),
      h('div', { class: 'head-badges' }, detail.layer ? layerBadge(detail.layer) : null, freshnessBadge(detail.freshness))),
    stale.length ? h('div', { class: 'alert', 'data-testid': 'stale' }, h('strong', {}, 'Stale because of'),
      h('ul', {}, stale.map((c) => h('li', {}, productLink(c.productId), ` v${c.version}: ${c.message}`)))) : null,
    facts([
      ['Owner', h('span', { class: 'owner' }, detail.owner)],
      ['Freshness', `${age(cur?.latestSnapshot?.publishedAt)} · warn after ${detail.freshnessSlo.warnAfter}, stale after ${detail.freshnessSlo.errorAfter}`],
      ['Current version', `v${detail.currentVersion}${cur?.typeName ? ` (${cur.typeName})` : ''}`],
      ['Latest snapshot', cur?.latestSnapshot ? `${cur.latestSnapshot.id} · ${count(cur.latestSnapshot.rowCount)} rows` : 'none'],
      ['Upstream', upstreamFact(detail)],
      ['Subscribers', detail.subscribers ? (detail.subscribers.join(', ') || 'none') : '—'],
      ['Consumers (30 days)', consumers ? (consumers.map((c) => c.consumer).join(', ') || 'none recorded') : '—'],
      ['Runbook', detail.runbook ? h('span', { class: 'runbook' }, detail.runbook) : '—'],
    ]),
    h('section', { class: 'card' },
      h('div', { class: 'card-head' }, h('h2', {}, 'Lineage'), legend(graph.edges)),
      h('div', { class: 'graph-wrap' }, lineageGraph(graph, { focus: detail.id, onOpen })),
      graph.truncated ? h('p', { class: 'muted small' }, `Showing the ${graph.nodes.length} nearest products.`) : null),
    h('div', { class: 'grid' },
      card('Impact', impact(hub, detail, readers)),
      card('Versions', h('div', { class: 'versions' }, detail.versions.map((v) => h('button', {
        type: 'button', class: `version-tab status-${v.status.toLowerCase()}${v === shown ? ' active' : ''}`, onclick: () => onVersion(v.version),
      }, h('strong', {}, `v${v.version}`), ` ${statusLabel(v.status)}`, v.sunset ? ` · sunset ${v.sunset}` : '',
      h('span', { class: 'muted small' }, ` · ${age(v.latestSnapshot?.publishedAt)}`)))),
      shown ? deprecationNote(detail.id, shown, detail.currentVersion) : null)),
    detail.build ? card(`Built from SQL (${detail.build.sqlFile})`,
      h('p', {}, 'Reads ', joined(detail.build.inputs.map((i) => h('span', {}, productLink(i.productId), ` v${i.version}${i.pinned ? ' (pinned)' : ''}`)))),
      h('pre', { class: 'sql' }, detail.build.sql),
      detail.build.problems.length ? h('ul', { class: 'problems' }, detail.build.problems.map((p) => h('li', {}, p))) : null) : null,
    shown ? card(`Columns of v${shown.version}`,
      detail.columnLineage && shown.version === detail.currentVersion ? h('p', { class: 'muted small' }, 'Click a column to trace where it comes from and what it affects.') : null,
      columnsTable(detail, shown, column, onColumn),
      column ? columnTracePanel(column, trace) : null) : null,
    shown ? card(`Quality tests of v${shown.version}`, qualityTable(shown)) : null,
    shown ? card(`Snapshots of v${shown.version}`, snapshotsTable(shown)) : null);
}
