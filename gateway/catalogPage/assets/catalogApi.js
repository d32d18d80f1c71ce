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
const TYPES = ['DataProduct', 'DataProductVersion', 'DataProductColumn'];

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

/**
 * The fields of a product the list shows.
 * @param {Shape} shape
 */
function summaryFields(shape) {
  return `id domain name owner description freshness currentVersion
    freshnessSlo { warnAfter errorAfter }
    ${optional(shape, 'DataProduct', 'layer')}
    ${optional(shape, 'DataProduct', 'subscribers', 'subscribers { team }')}
    ${optional(shape, 'DataProduct', 'consumers', 'consumers { key lastSeenAt }')}
    upstream { id dataProduct { id } }
    downstream { id }
    versions {
      version status sunset deprecationReason freshness
      latestSnapshot { id publishedAt rowCount }
      qualityTests { name status severity failures }
    }`;
}

/**
 * Every product with what the list, the summary and the neighbourhood graph need.
 * @param {Shape} shape
 * @returns {Promise<import('./types.js').ProductSummary[]>}
 */
export async function listProducts(shape) {
  const data = await ask(`query CatalogProducts { dataProducts { ${summaryFields(shape)} } }`);
  return /** @type {import('./types.js').ProductSummary[]} */ (data.dataProducts);
}

/**
 * One product with its columns, snapshots, quality test results and impact, or null when there is none.
 * @param {Shape} shape
 * @param {string} id
 * @returns {Promise<import('./types.js').ProductDetail | null>}
 */
export async function productDetail(shape, id) {
  const data = await ask(`query CatalogProduct($id: ID!) { dataProduct(id: $id) {
    ${summaryFields(shape)}
    versions {
      version typeName primaryKey
      columns { name field type description pii primaryKey references { productId column } }
      snapshots(first: 5) { id publishedAt publisher rowCount fileCount bytes }
      qualityTests { name kind column severity status failures message }
    }
  } }`, { id });
  return /** @type {import('./types.js').ProductDetail | null} */ (data.dataProduct);
}
