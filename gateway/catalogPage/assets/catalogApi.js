// @ts-check
/**
 * The page's only data source: the gateway's own GraphQL endpoint, asked for the platform catalog's fields. The
 * queries are built from the schema the gateway serves, so a catalog field this gateway does not have yet is left
 * out instead of failing the whole page.
 */

const ENDPOINT = '/graphql';
const KEY_STORAGE = 'tessera.catalog.apiKey';

/** A GraphQL error as the gateway returns it. */
export class CatalogError extends Error {
  /**
   * @param {string} message
   * @param {string | undefined} code
   */
  constructor(message, code) {
    super(message);
    this.code = code;
  }
}

/** The API key the page sends (kept for the browser tab only), or ''. */
export function apiKey() {
  return sessionStorage.getItem(KEY_STORAGE) ?? '';
}

/** @param {string} key */
export function setApiKey(key) {
  if (key) sessionStorage.setItem(KEY_STORAGE, key);
  else sessionStorage.removeItem(KEY_STORAGE);
}

/**
 * POSTs one operation to the gateway. Resolves the data; rejects with a {@link CatalogError} carrying the first
 * error's code when the answer has errors and no data.
 * @param {string} query
 * @param {Record<string, unknown>} [variables]
 * @returns {Promise<Record<string, unknown>>}
 */
export async function ask(query, variables = {}) {
  /** @type {Record<string, string>} */
  const headers = { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' };
  const key = apiKey();
  if (key) headers['x-api-key'] = key;
  const res = await fetch(ENDPOINT, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  /** @type {{ data?: Record<string, unknown> | null, errors?: { message: string, extensions?: { code?: string } }[] }} */
  let body;
  try {
    body = await res.json();
  } catch {
    throw new CatalogError(`the gateway answered HTTP ${res.status} without a GraphQL body`, undefined);
  }
  const first = body.errors?.[0];
  if (!body.data && first) throw new CatalogError(first.message, first.extensions?.code);
  if (!body.data) throw new CatalogError(`the gateway answered HTTP ${res.status} without data`, undefined);
  return body.data;
}

/** @typedef {{ has(type: string, field: string): boolean }} Shape */

/** The catalog types whose fields the page picks from. */
const TYPES = ['Query', 'DataProduct', 'DataProductVersion', 'DataProductColumn', 'Snapshot'];

/**
 * Which fields the catalog types have on this gateway.
 * @returns {Promise<Shape>}
 */
export async function catalogShape() {
  const query = `query CatalogShape { ${TYPES.map((t, i) => `t${i}: __type(name: "${t}") { fields { name } }`).join(' ')} }`;
  const data = await ask(query);
  /** @type {Map<string, Set<string>>} */
  const fields = new Map();
  TYPES.forEach((type, i) => {
    const found = /** @type {{ fields?: { name: string }[] } | null} */ (data[`t${i}`]);
    fields.set(type, new Set((found?.fields ?? []).map((f) => f.name)));
  });
  return { has: (type, field) => fields.get(type)?.has(field) ?? false };
}

/**
 * `selection` when `type` has `field`, else ''.
 * @param {Shape} shape
 * @param {string} type
 * @param {string} field
 * @param {string} [selection] defaults to the field name alone
 */
function optional(shape, type, field, selection = field) {
  return shape.has(type, field) ? selection : '';
}

/** The fields of a product reached by a lineage trace. */
const NODE_FIELDS = 'productId distance columns owner subscribers dataProduct { id freshness }';
const COLUMN_EDGE_FIELDS = 'from { productId version column } to { productId version column } kind';

/**
 * The fields of a product the list shows.
 * @param {Shape} shape
 */
function summaryFields(shape) {
  return `id domain name owner description freshness currentVersion
    freshnessSlo { warnAfter errorAfter }
    ${optional(shape, 'DataProduct', 'layer')}
    ${optional(shape, 'DataProduct', 'subscribers')}
    upstream { id dataProduct { id } }
    downstream { id }
    versions {
      version status sunset deprecationReason freshness
      ${optional(shape, 'DataProductVersion', 'deprecatedAt')} ${optional(shape, 'DataProductVersion', 'successorVersion')}
      latestSnapshot { id publishedAt rowCount }
      qualityTests { name status severity failures }
    }`;
}

/**
 * Every product with what the list, the summary and the neighbourhood graph need, and every table-level lineage
 * edge of the hub (null when the catalog has no edge list: the page then draws the products' upstream and
 * downstream).
 * @param {Shape} shape
 * @returns {Promise<{ products: import('./types.js').ProductSummary[], edges: import('./types.js').LineageEdge[] | null }>}
 */
export async function listProducts(shape) {
  const edges = optional(shape, 'Query', 'lineageEdges', 'lineageEdges { from to kind }');
  const data = await ask(`query CatalogProducts { dataProducts { ${summaryFields(shape)} } ${edges} }`);
  return {
    products: /** @type {import('./types.js').ProductSummary[]} */ (data.dataProducts),
    edges: edges ? /** @type {import('./types.js').LineageEdge[]} */ (data.lineageEdges) : null,
  };
}

/**
 * One product with its columns, snapshots, quality test results, build, impact and stale causes, or null when there
 * is none.
 * @param {Shape} shape
 * @param {string} id
 * @returns {Promise<import('./types.js').ProductDetail | null>}
 */
export async function productDetail(shape, id) {
  const has = (/** @type {string} */ f) => shape.has('DataProduct', f);
  const data = await ask(`query CatalogProduct($id: ID!) { dataProduct(id: $id) {
    ${summaryFields(shape)}
    ${optional(shape, 'DataProduct', 'runbook')}
    ${has('build') ? 'build { sqlFile sql inputs { productId version pinned } problems }' : ''}
    ${has('columnLineage') ? `columnLineage { ${COLUMN_EDGE_FIELDS} }` : ''}
    ${has('impact') ? `impact { products { ${NODE_FIELDS} } }` : ''}
    ${has('staleBecauseOf') ? 'staleBecauseOf { reason productId version distance message }' : ''}
    versions {
      version typeName primaryKey
      columns { name field type description pii primaryKey references { productId column }
        ${optional(shape, 'DataProductColumn', 'renamedFrom')} ${optional(shape, 'DataProductColumn', 'formerField')} }
      snapshots(first: 5) {
        id publishedAt publisher rowCount fileCount bytes
        ${optional(shape, 'Snapshot', 'builtFrom', 'builtFrom { productId version snapshotId publishedAt }')}
      }
      qualityTests { name kind column severity status failures message }
    }
  } }`, { id });
  return /** @type {import('./types.js').ProductDetail | null} */ (data.dataProduct);
}

/**
 * Where one column of a product's current version comes from and what it affects, or null when the catalog cannot
 * trace columns.
 * @param {Shape} shape
 * @param {string} id
 * @param {string} column
 * @returns {Promise<import('./types.js').ColumnTrace | null>}
 */
export async function columnTrace(shape, id, column) {
  if (!shape.has('DataProduct', 'impact') || !shape.has('DataProduct', 'upstreamLineage')) return null;
  const data = await ask(`query CatalogColumn($id: ID!, $column: String!) { dataProduct(id: $id) {
    upstreamLineage(column: $column) { products { ${NODE_FIELDS} } columnEdges { ${COLUMN_EDGE_FIELDS} } }
    impact(column: $column) { products { ${NODE_FIELDS} } columnEdges { ${COLUMN_EDGE_FIELDS} } }
  } }`, { id, column });
  return /** @type {import('./types.js').ColumnTrace | null} */ (data.dataProduct);
}

/**
 * The consumers (API keys) that read fields affected by `id` recently, most recent first; null when the catalog
 * cannot tell (no impact analysis, or no usage records to read). Asked apart from the product, so a usage log that
 * cannot be read costs only this list.
 * @param {Shape} shape
 * @param {string} id
 * @returns {Promise<import('./types.js').ImpactConsumer[] | null>}
 */
export async function impactConsumers(shape, id) {
  if (!shape.has('DataProduct', 'impact')) return null;
  const data = await askPartial('query CatalogImpactConsumers($id: ID!) { dataProduct(id: $id) { impact { consumers { consumer productId version fields lastReadAt } } } }', { id });
  const product = /** @type {{ impact: { consumers: import('./types.js').ImpactConsumer[] } } | null | undefined} */ (data.dataProduct);
  return product ? product.impact.consumers : null;
}

/** How far back the page looks for consumers. */
const CONSUMER_DAYS = 30;

/**
 * The consumers (API keys) that read each of `ids` in the last {@link CONSUMER_DAYS} days, by product id: one
 * request for all of them, each product its own alias so a product the caller may not see usage of is left out
 * (its entry missing) rather than failing the others. Empty when the catalog records no usage.
 * @param {Shape} shape
 * @param {string[]} ids at most 25 (the gateway's alias limit is 30)
 * @returns {Promise<Map<string, import('./types.js').Consumer[]>>}
 */
export async function consumersOf(shape, ids) {
  /** @type {Map<string, import('./types.js').Consumer[]>} */
  const found = new Map();
  if (!shape.has('DataProduct', 'consumers') || !ids.length) return found;
  const since = new Date(Date.now() - CONSUMER_DAYS * 86_400_000).toISOString();
  const fields = ids.map((_, i) => `p${i}: dataProduct(id: $id${i}) { consumers(since: $since) { consumer versions requests lastReadAt } }`);
  const params = ids.map((_, i) => `$id${i}: ID!`).join(', ');
  /** @type {Record<string, unknown>} */
  const variables = { since };
  ids.forEach((id, i) => { variables[`id${i}`] = id; });
  const data = await askPartial(`query CatalogConsumers($since: String!, ${params}) { ${fields.join(' ')} }`, variables);
  ids.forEach((id, i) => {
    const entry = /** @type {{ consumers: import('./types.js').Consumer[] } | null | undefined} */ (data[`p${i}`]);
    if (entry) found.set(id, entry.consumers);
  });
  return found;
}

/**
 * As {@link ask}, but resolves whatever data came back even when some fields failed (their aliases are null).
 * @param {string} query
 * @param {Record<string, unknown>} variables
 * @returns {Promise<Record<string, unknown>>}
 */
async function askPartial(query, variables) {
  try {
    return await ask(query, variables);
  } catch {
    return {};
  }
}
