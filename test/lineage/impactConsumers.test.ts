import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { graphql } from 'graphql';
import type { CallerIdentity } from '../../engine/auth/callerIdentity';
import { catalogResolvers } from '../../engine/catalog/catalogResolvers';
import { catalogTypeDefs } from '../../engine/catalog/catalogTypeDefs';
import { ProductCatalog } from '../../engine/catalog/productCatalog';
import { loadContracts } from '../../engine/contract/loadContracts';
import type { DuckDBSession } from '../../engine/duckdb/openDuckDB';
import { openDuckDB } from '../../engine/duckdb/openDuckDB';
import { hubLineage } from '../../engine/lineage/hubLineage';
import { createRequestContext } from '../../engine/queryEngine/requestContext';
import { SnapshotIndex } from '../../engine/snapshot/snapshotIndex';
import { SnapshotReader } from '../../engine/snapshot/snapshotReader';
import { LocalStore } from '../../engine/storage/localStore';
import type { FieldRow } from '../../engine/usage/usageAggregator';
import { writeUsageLog } from '../../engine/usage/usageLog';
import { UsageReader } from '../../engine/usage/usageReader';

const MINUTE = 60_000;
const DAY = 86_400_000;

// Impact over the sample contracts with a real usage log in a local store: customers.customers.country flows into
// sales.customer_values' country and country_rank, so those who read them are the consumers affected.
describe('impact consumers from the usage log', () => {
  let dir: string;
  let duck: DuckDBSession;
  let ask: (source: string, identity?: CallerIdentity) => Promise<Record<string, unknown>>;
  const now = Math.floor(Date.now() / MINUTE) * MINUTE;
  const recent = now - 60 * MINUTE;
  const older = now - 2 * DAY;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tessera-impact-consumers-'));
    duck = await openDuckDB({ threads: 1, memoryLimit: '256MB' });
    const store = new LocalStore(join(dir, 'store'));
    const read = (minute: number, consumer: string, product: string, version: number, field: string, column: string | null): FieldRow =>
      ({ minute, consumer, product, version, field, column, requests: 1 });
    await writeUsageLog(store, duck.connection, { requests: [], fields: [
      read(older, 'key-finance', 'sales.customer_values', 1, 'countryRank', 'country_rank'),
      read(recent, 'key-finance', 'sales.customer_values', 1, 'country', 'country'),
      // Another field of the same product: not affected by country.
      read(recent, 'key-crm', 'sales.customer_values', 1, 'lifetimeValueCents', 'lifetime_value_cents'),
      // Too long ago to count.
      read(now - 90 * DAY, 'key-old', 'sales.customer_values', 1, 'country', 'country'),
    ] });
    const contracts = await loadContracts('schema');
    const lineage = await hubLineage(duck.connection, contracts);
    const usage = new UsageReader(store, duck.connection, join(dir, 'cache'));
    const catalog = new ProductCatalog(contracts, new SnapshotIndex(new SnapshotReader(store), { refreshMs: 0 }), { lineage, usage });
    const schema = buildSubgraphSchema({ typeDefs: catalogTypeDefs(), resolvers: catalogResolvers(catalog) });
    ask = async (source, identity = { subject: 't', scopes: [] }) => {
      const result = await graphql({ schema, source, contextValue: createRequestContext(identity) });
      expect(result.errors).toBeUndefined();
      return result.data as Record<string, unknown>;
    };
  });

  afterAll(async () => {
    duck?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const consumersOf = (column: string) => `{ dataProduct(id: "customers.customers") { impact(column: "${column}") {
    consumers { consumer productId version fields requests lastReadAt } } } }`;

  it('lists the keys that read affected fields of affected products recently, most recent first', async () => {
    expect(await ask(consumersOf('country'))).toEqual({ dataProduct: { impact: { consumers: [
      { consumer: 'key-finance', productId: 'sales.customer_values', version: 1, fields: ['country', 'countryRank'], requests: 2, lastReadAt: new Date(recent).toISOString() },
    ] } } });
  });

  it('counts every field of a product reached through a join key', async () => {
    // customer_id is the join key of the build: every column of customer_values depends on it.
    const data = await ask(consumersOf('customer_id')) as { dataProduct: { impact: { consumers: { consumer: string; fields: string[] }[] } } };
    expect(data.dataProduct.impact.consumers.map((c) => [c.consumer, c.fields])).toEqual([
      ['key-crm', ['lifetimeValueCents']], ['key-finance', ['country', 'countryRank']],
    ]);
  });

  it('shows no consumer of a product the caller is not granted', async () => {
    expect(await ask(consumersOf('country'), { subject: 't', scopes: [], products: ['customers.customers'] }))
      .toEqual({ dataProduct: { impact: { consumers: [] } } });
  });
});
