import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CallerIdentity } from '../../engine/auth/callerIdentity';
import { readConfig } from '../../engine/config';
import type { RunningSubgraph } from '../../engine/catalog/startCatalogSubgraph';
import { startCatalogSubgraph } from '../../engine/catalog/startCatalogSubgraph';
import { parseContract } from '../../engine/contract/parseContract';
import type { VersionContract } from '../../engine/contract/types';
import { findVersion } from '../../engine/contract/types';
import type { Manifest } from '../../engine/snapshot/manifest';
import { manifestKey } from '../../engine/snapshot/snapshotLayout';
import { LocalStore } from '../../engine/storage/localStore';
import { signedPost } from '../subgraph/helpers/signedFetch';

const SECRET = 'catalog-test-secret';
const HOUR = 3_600_000;

/** Failures of the customers snapshot whose messages quote data values, as publishes write them. */
const QUOTING: Manifest['tests'] = [
  { name: 'accepted_values(segment)', kind: 'accepted_values', column: 'segment', severity: 'warn', status: 'fail', failures: 2,
    message: 'expected none, found 2 values outside [consumer, business, vip], e.g. "Hans \\"the boss\\" Meyer", null' },
  { name: 'unique(email)', kind: 'unique', column: 'email', severity: 'warn', status: 'fail', failures: 1,
    message: 'expected none, found 1 value occurring more than once, e.g. "ann@example.com"' },
  { name: 'odd(name)', kind: 'odd', column: 'name', severity: 'warn', status: 'fail', failures: 1, message: 'saw "Ann Lee" twice' },
];

/** The version block a publish records in the manifest, from the repository's contract. */
function publishedVersion(domain: string, product: string, version: number): VersionContract {
  const path = join('schema', domain, `${product}.yaml`);
  return findVersion(parseContract(path, readFileSync(path, 'utf8')), version)!;
}

function manifest(product: string, domain: string, version: number, snapshotId: string, publishedAt: Date, rows: number, extra: Manifest['tests'] = []): Manifest {
  return {
    formatVersion: 1, domain, product, version, snapshotId, publishedAt: publishedAt.toISOString(), publisher: 'test',
    rowCount: rows, files: [{ path: 'part-00000.parquet', bytes: 1234, sha256: 'f'.repeat(64), rows }], schemaHash: 'h',
    contract: { version: publishedVersion(domain, product, version) } as Manifest['contract'],
    tests: [
      { name: 'unique(order_id)', kind: 'unique', column: 'order_id', severity: 'error', status: 'pass', failures: 0 },
      { name: 'accepted_values(channel)', kind: 'accepted_values', column: 'channel', severity: 'warn', status: 'fail', failures: 3, message: '3 rows outside [web, app, store]' },
      ...extra,
    ],
  };
}

describe('platform catalog subgraph', () => {
  let dir: string;
  let sub: RunningSubgraph;
  const now = Date.now();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tessera-catalog-'));
    const store = new LocalStore(dir);
    const orders = { domain: 'sales', product: 'orders' };
    const older = manifest('orders', 'sales', 2, '20260101T000000000Z-aaaaaa', new Date(now - 30 * HOUR), 10);
    const newer = manifest('orders', 'sales', 2, '20260102T000000000Z-bbbbbb', new Date(now - 30 * HOUR + 1000), 12);
    for (const m of [older, newer]) await store.put(manifestKey({ ...orders, version: 2 }, m.snapshotId), JSON.stringify(m));
    // A half-written snapshot without a manifest must stay invisible.
    await store.put('sales/orders/v2/20260103T000000000Z-cccccc/part-00000.parquet', 'x');
    const customers = manifest('customers', 'customers', 1, '20260101T000000000Z-dddddd', new Date(now - HOUR), 5, QUOTING);
    await store.put(manifestKey({ domain: 'customers', product: 'customers', version: 1 }, customers.snapshotId), JSON.stringify(customers));
    const config = readConfig({ TESSERA_STORE: dir, TESSERA_SCHEMA_DIR: 'schema', TESSERA_GATEWAY_SECRET: SECRET });
    sub = await startCatalogSubgraph(config, 0);
  });

  afterAll(async () => {
    await sub?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  async function ask(query: string, identity: CallerIdentity | null = { subject: 't', scopes: [] }, secret = SECRET) {
    const res = await signedPost(sub.url, { query }, identity, secret);
    return { status: res.status, body: await res.json() as { data?: Record<string, unknown>; errors?: { message: string; extensions?: { code?: string } }[] } };
  }

  it('lists every product with owner, versions, freshness and lineage', async () => {
    const { body } = await ask(`{ dataProducts { id domain name owner subscribers runbook currentVersion freshness
      upstream { id dataProduct { id } } downstream { id } } }`);
    expect(body.errors).toBeUndefined();
    const products = body.data!.dataProducts as { id: string; freshness: string; upstream: { id: string; dataProduct: { id: string } | null }[]; downstream: { id: string }[] }[];
    expect(products.map((p) => p.id)).toEqual(['customers.customers', 'merchandising.products', 'sales.customer_values', 'sales.order_lines', 'sales.orders']);
    const orders = products.find((p) => p.id === 'sales.orders')!;
    expect(orders).toMatchObject({ domain: 'sales', name: 'orders', owner: 'sales-data', currentVersion: 2, freshness: 'WARN' });
    expect(orders).toMatchObject({ subscribers: ['crm-team'], runbook: 'https://runbooks.example.com/sales/orders' });
    expect(products.find((p) => p.id === 'customers.customers')).toMatchObject({ subscribers: [], runbook: null });
    expect(orders.upstream).toEqual([{ id: 'shop.raw_orders', dataProduct: null }, { id: 'customers.customers', dataProduct: { id: 'customers.customers' } }]);
    expect(orders.downstream).toEqual([{ id: 'sales.customer_values' }, { id: 'sales.order_lines' }]);
    expect(products.find((p) => p.id === 'customers.customers')!.freshness).toBe('FRESH');
    expect(products.find((p) => p.id === 'merchandising.products')!.freshness).toBe('ERROR');
    expect(products.find((p) => p.id === 'customers.customers')!.downstream).toEqual([{ id: 'sales.customer_values' }, { id: 'sales.orders' }]);
    expect(products.find((p) => p.id === 'merchandising.products')!.downstream).toEqual([{ id: 'sales.order_lines' }]);
  });

  it('filters by domain and finds one product by id, null for an unknown id', async () => {
    const { body } = await ask('{ dataProducts(domain: "sales") { id } dataProduct(id: "nope.nope") { id } }');
    expect(body.data).toEqual({ dataProducts: [{ id: 'sales.customer_values' }, { id: 'sales.order_lines' }, { id: 'sales.orders' }], dataProduct: null });
  });

  it('describes versions with status, sunset, columns, snapshots and quality results', async () => {
    const { body } = await ask(`{ dataProduct(id: "sales.orders") { versions { version status sunset deprecationReason typeName
      primaryKey latestSnapshot { id rowCount } snapshots { id publishedAt rowCount fileCount bytes }
      qualityTests { name severity status failures message }
      columns { name field type pii primaryKey references { productId column dataProduct { id } } } } } }`);
    expect(body.errors).toBeUndefined();
    const [v2, v1] = (body.data!.dataProduct as { versions: Record<string, unknown>[] }).versions;
    expect(v2).toMatchObject({ version: 2, status: 'CURRENT', sunset: null, typeName: 'OrderV2', primaryKey: ['order_id'] });
    expect(v2!.latestSnapshot).toEqual({ id: '20260102T000000000Z-bbbbbb', rowCount: '12' });
    expect((v2!.snapshots as { id: string }[]).map((s) => s.id)).toEqual(['20260102T000000000Z-bbbbbb', '20260101T000000000Z-aaaaaa']);
    expect((v2!.snapshots as Record<string, unknown>[])[0]).toMatchObject({ fileCount: 1, bytes: '1234' });
    expect(v2!.qualityTests).toEqual([
      { name: 'unique(order_id)', severity: 'ERROR', status: 'PASS', failures: 0, message: null },
      { name: 'accepted_values(channel)', severity: 'WARN', status: 'FAIL', failures: 3, message: '3 rows outside [web, app, store]' },
    ]);
    const customerId = (v2!.columns as Record<string, unknown>[]).find((c) => c.name === 'customer_id');
    expect(customerId).toEqual({ name: 'customer_id', field: 'customerId', type: 'string', pii: false, primaryKey: false,
      references: { productId: 'customers.customers', column: 'customer_id', dataProduct: { id: 'customers.customers' } } });
    expect(v1).toMatchObject({ version: 1, status: 'DEPRECATED', sunset: '2027-03-01', latestSnapshot: null, snapshots: [], qualityTests: [] });
    expect(v1!.deprecationReason).toMatch(/amount_cents/);
  });

  it('resolves DataProduct references for the other subgraphs', async () => {
    const { body } = await ask(`{ _entities(representations: [{ __typename: "DataProduct", id: "customers.customers" }]) {
      ... on DataProduct { owner description } } }`);
    expect(body.data).toEqual({ _entities: [{ owner: 'crm-team', description: expect.stringMatching(/customer account/) }] });
  });

  it('shows every entry to every caller, but quality messages quote values only to callers granted them', async () => {
    const query = `{ dataProduct(id: "customers.customers") { id owner versions { version columns { name }
      qualityTests { name status failures message } snapshots { id rowCount tests { name message } } } } }`;
    const messages = (body: { data?: Record<string, unknown> }) => {
      const v1 = (body.data!.dataProduct as { versions: { qualityTests: { name: string; message: string | null }[]; snapshots: { tests: { name: string; message: string | null }[] }[] }[] }).versions[0]!;
      expect(v1.snapshots[0]!.tests).toEqual(v1.qualityTests.map(({ name, message }) => ({ name, message })));
      return Object.fromEntries(v1.qualityTests.map((t) => [t.name, t.message]));
    };
    const ungranted = await ask(query, { subject: 'sales-only', scopes: ['pii'], products: ['sales.orders'] });
    expect(ungranted.body.errors).toBeUndefined();
    expect(ungranted.body.data!.dataProduct).toMatchObject({ id: 'customers.customers', owner: 'crm-team' });
    const withheld = ' (values withheld: customers.customers is not granted to this caller)';
    expect(messages(ungranted.body)).toEqual({
      'unique(order_id)': null,
      'accepted_values(channel)': '3 rows outside [web, app, store]',
      'accepted_values(segment)': `expected none, found 2 values outside [consumer, business, vip]${withheld}`,
      'unique(email)': `expected none, found 1 value occurring more than once${withheld}`,
      'odd(name)': `expected none, found 1 failing value${withheld}`,
    });
    const all = JSON.stringify(ungranted.body);
    for (const value of ['Hans', 'ann@example.com', 'Ann Lee']) expect(all).not.toContain(value);
    const granted = messages((await ask(query, { subject: 'crm', scopes: ['pii'], products: ['customers.customers'] })).body);
    expect(granted['accepted_values(segment)']).toBe(QUOTING[0]!.message);
    expect(granted['unique(email)']).toBe(QUOTING[1]!.message);
    const noPii = messages((await ask(query, { subject: 'crm', scopes: [], products: ['customers.customers'] })).body);
    expect(noPii['unique(email)']).toBe('expected none, found 1 value occurring more than once (values withheld: pii column)');
    expect(noPii['accepted_values(segment)']).toBe(QUOTING[0]!.message);
  });

  it('refuses requests the gateway did not sign', async () => {
    const unsigned = await ask('{ dataProducts { id } }', null);
    expect(unsigned.status).toBe(401);
    expect(unsigned.body.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
    const forged = await ask('{ dataProducts { id } }', { subject: 'x', scopes: ['pii'] }, 'another-secret');
    expect(forged.status).toBe(401);
  });
});
