import { loadContracts } from '../../engine/contract/loadContracts';
import type { ProductContract } from '../../engine/contract/types';
import { deprecationHeaders, deprecationNotices } from '../../gateway/deprecationNotices';
import type { DataHub } from './helpers/startDataHub';
import { startDataHub } from './helpers/startDataHub';

/** The `rel` and target of each entry of a Link header. */
function links(header: string | null): { target: string; rel: string }[] {
  return (header ?? '').split(/,\s*(?=<)/).filter(Boolean).map((part) => ({
    target: /^<([^>]*)>/.exec(part)?.[1] ?? '', rel: /;\s*rel="([^"]+)"/.exec(part)?.[1] ?? '',
  }));
}

// A response that read a deprecated product version says so on the wire: Deprecation (RFC 9745), Sunset (RFC 8594),
// a Link to the successor's page, and a warning in extensions; exports of it too. The sample's sales.orders v1 is
// deprecated (deprecatedAt 2026-09-01, sunset 2027-03-01) in favour of v2.
describe('deprecated versions on the wire, through the gateway', () => {
  let hub: DataHub;
  let contracts: ProductContract[];
  const v1 = (): NonNullable<ProductContract['versions'][number]> => contracts.find((c) => c.domain === 'sales' && c.product === 'orders')!.versions.find((v) => v.version === 1)!;

  beforeAll(async () => {
    hub = await startDataHub();
    contracts = await loadContracts('schema');
  }, 60_000);

  afterAll(async () => {
    await hub?.stop();
  });

  const post = (path: string, body: unknown): Promise<Response> => fetch(new URL(path, hub.gateway.url), {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  });

  it('a GraphQL response that read a deprecated version carries the three headers and a warning', async () => {
    expect(v1().status).toBe('deprecated');
    const res = await post('/graphql', { query: '{ ordersV1(first: 2) { nodes { orderId amount } } }' });
    expect(res.status).toBe(200);
    const body = await res.json() as { data: { ordersV1: { nodes: unknown[] } }; extensions: { tessera: { warnings: Record<string, unknown>[] } } };
    expect(body.data.ordersV1.nodes).toHaveLength(2);
    expect(res.headers.get('deprecation')).toBe(`@${Date.parse(`${v1().deprecatedAt}T00:00:00Z`) / 1000}`);
    expect(res.headers.get('sunset')).toBe(new Date(`${v1().sunset}T00:00:00Z`).toUTCString());
    expect(res.headers.get('sunset')).toBe('Mon, 01 Mar 2027 00:00:00 GMT');
    expect(links(res.headers.get('link'))).toEqual([
      { target: '/catalog#/product/sales.orders/v2', rel: 'successor-version' },
      { target: '/catalog#/product/sales.orders/v1', rel: 'deprecation' },
    ]);
    expect(body.extensions.tessera.warnings).toEqual([{
      code: 'DEPRECATED_VERSION', product: 'sales.orders', version: 1, deprecatedAt: v1().deprecatedAt, sunset: v1().sunset,
      successorVersion: 2, link: '/catalog#/product/sales.orders/v2', message: expect.stringContaining('sales.orders v1 is deprecated'),
    }]);
    // Asked again, the answer may come from the answer cache: it says the same.
    const again = await post('/graphql', { query: '{ ordersV1(first: 2) { nodes { orderId amount } } }' });
    const repeated = await again.json() as typeof body;
    for (const name of ['deprecation', 'sunset', 'link']) expect([name, again.headers.get(name)]).toEqual([name, res.headers.get(name)]);
    expect(repeated.extensions.tessera.warnings).toEqual(body.extensions.tessera.warnings);
    // The page the Link names is served by the gateway.
    const page = await fetch(new URL('/catalog', hub.gateway.url));
    expect(page.status).toBe(200);
  });

  it('a response that read only current versions carries none of them', async () => {
    const res = await post('/graphql', { query: '{ ordersV2(first: 2) { nodes { orderId customer { name } } } }' });
    expect(res.status).toBe(200);
    const body = await res.json() as { extensions: { tessera: Record<string, unknown> } };
    for (const name of ['deprecation', 'sunset', 'link']) expect([name, res.headers.get(name)]).toEqual([name, null]);
    expect(body.extensions.tessera.warnings).toBeUndefined();
    expect(body.extensions.tessera.products).toEqual([expect.objectContaining({ product: 'customers.customers' }), expect.objectContaining({ product: 'sales.orders', version: 2 })]);
  });

  it('an export of a deprecated version carries them too, an export of the current one does not', async () => {
    const old = await post('/export', { product: 'sales.orders', version: 1, format: 'csv' });
    expect(old.status).toBe(200);
    expect((await old.text()).split('\n')[0]).toMatch(/order_?id/i);
    expect(old.headers.get('deprecation')).toMatch(/^@\d+$/);
    expect(old.headers.get('sunset')).toBe('Mon, 01 Mar 2027 00:00:00 GMT');
    expect(links(old.headers.get('link')).map((l) => l.rel)).toEqual(['successor-version', 'deprecation']);
    const current = await post('/export', { product: 'sales.orders', format: 'csv' });
    expect(current.status).toBe(200);
    await current.arrayBuffer();
    expect(current.headers.get('deprecation')).toBeNull();
    expect(current.headers.get('sunset')).toBeNull();
  });

  it('the catalog says which version succeeds a deprecated one and when it was deprecated', async () => {
    const { body } = await hub.ask('{ dataProduct(id: "sales.orders") { versions { version status deprecatedAt sunset successorVersion } } }');
    expect(body.data).toEqual({ dataProduct: { versions: [
      { version: 2, status: 'CURRENT', deprecatedAt: null, sunset: null, successorVersion: null },
      { version: 1, status: 'DEPRECATED', deprecatedAt: v1().deprecatedAt, sunset: v1().sunset, successorVersion: 2 },
    ] } });
  });
});

describe('deprecation headers', () => {
  const contract = (product: string, deprecatedAt: string | undefined, sunset: string): ProductContract => ({
    product, domain: 'd', entity: 'E', owner: 'o', subscribers: [], description: '', file: `${product}.yaml`,
    freshness: { warnAfter: '1h', errorAfter: '2h', warnAfterMs: 3_600_000, errorAfterMs: 7_200_000 }, lineage: { upstream: [] },
    versions: [
      { version: 2, status: 'current', primaryKey: ['id'], columns: [{ name: 'id', type: 'int64', pii: false }], tests: [] },
      { version: 1, status: 'deprecated', deprecatedAt, sunset, deprecationReason: 'why', primaryKey: ['id'], columns: [{ name: 'id', type: 'int64', pii: false }], tests: [] },
    ],
  });
  const byId = (contracts: ProductContract[]) => new Map(contracts.map((c) => [`${c.domain}.${c.product}`, c]));
  const served = (product: string, version: number) => ({ product, version, snapshot: 's', publishedAt: '2026-01-01T00:00:00Z', freshness: 'fresh' as const });

  it('takes the earliest deprecation and sunset of several versions, and a link for each', () => {
    const contracts = [contract('a', '2026-05-01', '2027-06-01'), contract('b', '2026-02-01', '2027-01-15')];
    const notices = deprecationNotices(byId(contracts), [served('d.b', 1), served('d.a', 1), served('d.a', 2), served('d.a', 1)]);
    expect(notices.map((n) => `${n.product} v${n.version}`)).toEqual(['d.a v1', 'd.b v1']);
    const headers = deprecationHeaders(notices);
    expect(headers.deprecation).toBe(`@${Date.UTC(2026, 1, 1) / 1000}`);
    expect(headers.sunset).toBe('Fri, 15 Jan 2027 00:00:00 GMT');
    expect(links(headers.link ?? '')).toEqual([
      { target: '/catalog#/product/d.a/v2', rel: 'successor-version' }, { target: '/catalog#/product/d.a/v1', rel: 'deprecation' },
      { target: '/catalog#/product/d.b/v2', rel: 'successor-version' }, { target: '/catalog#/product/d.b/v1', rel: 'deprecation' },
    ]);
  });

  it('dates a version deprecated without deprecatedAt as of the response, and says nothing for current versions', () => {
    const contracts = [contract('a', undefined, '2027-06-01')];
    const now = new Date('2026-12-02T10:00:00Z');
    expect(deprecationHeaders(deprecationNotices(byId(contracts), [served('d.a', 1)]), now).deprecation).toBe(`@${now.getTime() / 1000}`);
    expect(deprecationHeaders(deprecationNotices(byId(contracts), [served('d.a', 2)]), now)).toEqual({});
  });
});
