import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningSubgraph } from '../../engine/catalog/startCatalogSubgraph';
import { startCatalogSubgraph } from '../../engine/catalog/startCatalogSubgraph';
import { readConfig } from '../../engine/config';
import { loadContracts } from '../../engine/contract/loadContracts';
import type { ProductContract } from '../../engine/contract/types';
import { openDuckDB } from '../../engine/duckdb/openDuckDB';
import { quoteString } from '../../engine/duckdb/sqlQuote';
import { publishProduct } from '../../engine/publish/publishProduct';
import type { Manifest } from '../../engine/snapshot/manifest';
import { snapshotPrefix } from '../../engine/snapshot/snapshotLayout';
import { LocalStore } from '../../engine/storage/localStore';
import { gql } from '../subgraph/helpers/signedFetch';

const SECRET = 'publish-build-secret';
const DAY = 86_400_000;

const CUSTOMERS = `customer_id,name,email,country,segment,lifetime_value,is_active,signed_up_at
C1,Ann,ann@example.com,DE,consumer,0,true,2024-01-01T00:00:00Z
C2,Ben,ben@example.com,FR,vip,0,true,2024-01-02T00:00:00Z
C3,Cem,cem@example.com,DE,business,0,false,2024-01-03T00:00:00Z
`;
const ORDERS = `order_id,customer_id,amount_cents,currency,status,channel,is_gift,ordered_at
1,C1,1000,EUR,paid,web,false,2025-01-01T10:00:00Z
2,C1,2500,EUR,shipped,app,false,2025-02-01T10:00:00Z
3,C2,700,EUR,cancelled,web,false,2025-03-01T10:00:00Z
4,C3,9000,EUR,paid,store,true,2025-04-01T10:00:00Z
`;
const LINES = `order_id,line_id,product_id,quantity,unit_price
1,1,P1,2,5.00
2,1,P1,1,5.00
2,2,P2,4,5.00
3,1,P2,1,7.00
4,1,P3,3,30.00
`;

describe('publishing a product built from SQL', () => {
  let dir: string;
  let store: LocalStore;
  let contracts: ProductContract[];
  let sub: RunningSubgraph | undefined;
  const contract = (id: string): ProductContract => contracts.find((c) => `${c.domain}.${c.product}` === id)!;
  const publish = (id: string, csv?: string, extra: { now?: Date; pins?: Record<string, string> } = {}): Promise<Manifest> =>
    publishProduct({ store, contract: contract(id), contracts, inputs: csv ? [csv] : [], duckdb: { threads: 1 }, publisher: 'test', ...extra });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tessera-build-'));
    const schema = join(dir, 'schema');
    for (const [domain, product] of [['customers', 'customers'], ['merchandising', 'products'], ['sales', 'orders'], ['sales', 'order_lines']]) {
      await mkdir(join(schema, domain!), { recursive: true });
      await copyFile(join('schema', domain!, `${product}.yaml`), join(schema, domain!, `${product}.yaml`));
    }
    for (const f of ['customer_values.yaml', 'customer_values.sql']) await copyFile(join('schema', 'sales', f), join(schema, 'sales', f));
    for (const [name, text] of [['customers.csv', CUSTOMERS], ['orders.csv', ORDERS], ['lines.csv', LINES]]) await writeFile(join(dir, name!), text!);
    store = new LocalStore(join(dir, 'data'));
    contracts = await loadContracts(schema);
  });
  afterAll(async () => {
    await sub?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('builds from the latest snapshot of each input, records their ids, and reports staleness after an input is republished', async () => {
    // Customers were published three days ago: late against their 72h errorAfter.
    const customers = await publish('customers.customers', join(dir, 'customers.csv'), { now: new Date(Date.now() - 3 * DAY) });
    const orders = await publish('sales.orders', join(dir, 'orders.csv'));
    await expect(publish('sales.customer_values')).rejects.toMatchObject({
      code: 'SNAPSHOT_NOT_FOUND', message: 'expected a committed snapshot of sales.order_lines v1 to build sales.customer_values from, found none; publish it first' });
    const lines = await publish('sales.order_lines', join(dir, 'lines.csv'));
    const built = await publish('sales.customer_values');
    expect(built.build).toEqual({
      sql: 'customer_values.sql', sqlSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      inputs: [customers, lines, orders].map((m) => ({ product: `${m.domain}.${m.product}`, version: m.version, snapshotId: m.snapshotId, publishedAt: m.publishedAt })),
    });
    expect(built.rowCount).toBe(3);
    expect(built.tests.every((t) => t.status === 'pass')).toBe(true);
    const session = await openDuckDB({ threads: 1 });
    try {
      const file = join(dir, 'data', snapshotPrefix(built, built.snapshotId), built.files[0]!.path);
      const rows = (await session.connection.runAndReadAll(`SELECT customer_id, country, order_count, units, lifetime_value_cents, country_rank
        FROM read_parquet(${quoteString(file)}) ORDER BY customer_id`)).getRowObjectsJson();
      expect(rows).toEqual([
        { customer_id: 'C1', country: 'DE', order_count: '2', units: '7', lifetime_value_cents: '3500', country_rank: '2' },
        { customer_id: 'C2', country: 'FR', order_count: '0', units: '0', lifetime_value_cents: '0', country_rank: '1' },
        { customer_id: 'C3', country: 'DE', order_count: '1', units: '3', lifetime_value_cents: '9000', country_rank: '1' },
      ]);
    } finally {
      session.close();
    }

    sub = await startCatalogSubgraph(readConfig({
      TESSERA_STORE: join(dir, 'data'), TESSERA_SCHEMA_DIR: join(dir, 'schema'), TESSERA_GATEWAY_SECRET: SECRET, TESSERA_SNAPSHOT_REFRESH_MS: '0',
    }), 0);
    const ask = async () => {
      const res = await gql(sub!.url, `{ dataProduct(id: "sales.customer_values") {
        staleBecauseOf { reason productId version distance builtFromSnapshot latestSnapshot freshness message }
        versions { latestSnapshot { id builtFrom { productId version snapshotId publishedAt dataProduct { id } } } } } }`, {}, { subject: 't', scopes: [] }, SECRET);
      expect(res.errors).toBeUndefined();
      return res.data!.dataProduct as { staleBecauseOf: Record<string, unknown>[]; versions: { latestSnapshot: { id: string; builtFrom: Record<string, unknown>[] } }[] };
    };
    const before = await ask();
    expect(before.versions[0]!.latestSnapshot.id).toBe(built.snapshotId);
    expect(before.versions[0]!.latestSnapshot.builtFrom).toEqual([customers, lines, orders].map((m) => ({
      productId: `${m.domain}.${m.product}`, version: m.version, snapshotId: m.snapshotId, publishedAt: m.publishedAt, dataProduct: { id: `${m.domain}.${m.product}` } })));
    expect(before.staleBecauseOf).toEqual([{ reason: 'UPSTREAM_LATE', productId: 'customers.customers', version: 1, distance: 1, builtFromSnapshot: null,
      latestSnapshot: customers.snapshotId, freshness: 'ERROR', message: expect.stringMatching(/^customers\.customers v1 is late: its latest snapshot .* past its errorAfter of 72h$/) },
    // Transitively: order_lines declares merchandising.products upstream, which was never published.
    { reason: 'UPSTREAM_LATE', productId: 'merchandising.products', version: 1, distance: 2, builtFromSnapshot: null, latestSnapshot: null,
      freshness: 'ERROR', message: 'merchandising.products v1 is late: it has never been published' }]);

    const republished = await publish('sales.orders', join(dir, 'orders.csv'));
    const after = await ask();
    expect(after.staleBecauseOf[0]).toEqual({ reason: 'INPUT_REPUBLISHED', productId: 'sales.orders', version: 2, distance: 1,
      builtFromSnapshot: orders.snapshotId, latestSnapshot: republished.snapshotId, freshness: null,
      message: `sales.orders v2 has snapshot ${republished.snapshotId} (published ${republished.publishedAt}), newer than snapshot ${orders.snapshotId} that sales.customer_values snapshot ${built.snapshotId} was built from` });
    expect(after.staleBecauseOf.map((c) => c.reason)).toEqual(['INPUT_REPUBLISHED', 'UPSTREAM_LATE', 'UPSTREAM_LATE']);

    // Rebuilding reads the republished orders: no longer stale because of them.
    const rebuilt = await publish('sales.customer_values');
    expect(rebuilt.build!.inputs.find((i) => i.product === 'sales.orders')!.snapshotId).toBe(republished.snapshotId);
    expect((await ask()).staleBecauseOf.map((c) => c.reason)).toEqual(['UPSTREAM_LATE', 'UPSTREAM_LATE']);

    // A pin builds from an older snapshot, recorded as such.
    const pinned = await publish('sales.customer_values', undefined, { pins: { 'sales.orders': orders.snapshotId } });
    expect(pinned.build!.inputs.find((i) => i.product === 'sales.orders')!.snapshotId).toBe(orders.snapshotId);
    expect((await ask()).staleBecauseOf.map((c) => c.reason)).toEqual(['INPUT_REPUBLISHED', 'UPSTREAM_LATE', 'UPSTREAM_LATE']);
    await expect(publish('sales.customer_values', undefined, { pins: { 'sales.orders': '20200101T000000000Z-abcdef' } }))
      .rejects.toMatchObject({ code: 'SNAPSHOT_NOT_FOUND' });
    await expect(publish('sales.customer_values', undefined, { pins: { 'merchandising.products': orders.snapshotId } }))
      .rejects.toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/^expected --pin to name a product customer_values.sql reads \(customers.customers, sales.order_lines, sales.orders\), got "merchandising.products"$/) });
  });
});
