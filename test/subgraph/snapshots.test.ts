import { collectGarbage } from '../../engine/snapshot/collectGarbage';
import { createDomainSubgraph } from '../../engine/server/createDomainSubgraph';
import type { RunningSubgraph } from '../../engine/server/createDomainSubgraph';
import type { Manifest } from '../../engine/snapshot/manifest';
import type { Row } from './helpers/hubData';
import { generateHub } from './helpers/hubData';
import { publishRows } from './helpers/publishHub';
import { gql } from './helpers/signedFetch';
import { startHub, testConfig } from './helpers/startHub';
import type { RunningHub } from './helpers/startHub';

let hub: RunningHub;
let cached: RunningSubgraph;
let first: Manifest;
let second: Manifest;
let newer: Row[];

const LIST = 'query($snapshot: String, $asOf: DateTime) { customersV1(first: 100, snapshot: $snapshot, asOf: $asOf) { totalCount nodes { customerId name segment } } }';
const pick = (rows: Row[]): Row[] => rows.map((r) => ({ customerId: r.customerId ?? null, name: r.name ?? null, segment: r.segment ?? null }));

beforeAll(async () => {
  hub = await startHub({ data: generateHub(21, { customers: 12, products: 4, orders: 20 }) });
  first = hub.manifests.customers!;
  // A long refresh interval: this subgraph keeps its view of the latest snapshot until the interval passes.
  cached = await createDomainSubgraph({ config: testConfig(`${hub.config.cacheDir}-2`, { TESSERA_SNAPSHOT_REFRESH_MS: '600000' }), domain: 'customers', contracts: hub.contracts, store: hub.store, port: 0 });
  expect((await gql(cached.url, LIST)).data!.customersV1).toMatchObject({ totalCount: 12 });
  newer = [...hub.data.customers.slice(3).map((c) => ({ ...c, name: `${String(c.name)} (renamed)` })), { ...hub.data.customers[0]!, customerId: 'C9999' }];
  second = await publishRows(hub.store, hub.contracts, 'customers.customers', 1, newer, new Date(Date.parse(first.publishedAt) + 60_000));
});
afterAll(async () => {
  await cached?.stop();
  await hub?.stop();
});

describe('snapshots: latest by default, exact id, asOf', () => {
  it('reads the latest committed snapshot by default and says so in extensions.tessera.products', async () => {
    const r = await gql(hub.urls.customers, LIST);
    expect(r.data!.customersV1).toEqual({ totalCount: newer.length, nodes: pick(newer).sort((a, b) => (String(a.customerId) < String(b.customerId) ? -1 : 1)) });
    expect(r.extensions?.tessera?.products).toEqual([{ product: 'customers.customers', version: 1, snapshot: second.snapshotId, publishedAt: second.publishedAt, freshness: 'fresh' }]);
  });

  it('reads an exact snapshot id, and the snapshot in force at a time', async () => {
    for (const variables of [{ snapshot: first.snapshotId }, { asOf: first.publishedAt }, { asOf: new Date(Date.parse(second.publishedAt) - 1).toISOString() }]) {
      const r = await gql(hub.urls.customers, LIST, variables);
      expect(r.data!.customersV1).toEqual({ totalCount: hub.data.customers.length, nodes: pick(hub.data.customers) });
      expect(r.extensions?.tessera?.products?.map((p) => p.snapshot)).toEqual([first.snapshotId]);
    }
    const later = await gql(hub.urls.customers, LIST, { asOf: '2999-01-01T00:00:00+02:00' });
    expect(later.extensions?.tessera?.products?.map((p) => p.snapshot)).toEqual([second.snapshotId]);
  });

  it('lists every snapshot a request read', async () => {
    const r = await gql(hub.urls.customers, `query($s: String) { old: customerV1(customerId: "C0001", snapshot: $s) { name } now: customerV1(customerId: "C0001") { name }
      agg: customersV1Aggregate(snapshot: $s) { count } }`, { s: first.snapshotId });
    expect(r.data).toEqual({ old: { name: hub.data.customers[0]!.name }, now: null, agg: [{ count: String(hub.data.customers.length) }] });
    expect(r.extensions?.tessera?.products?.map((p) => p.snapshot).sort()).toEqual([first.snapshotId, second.snapshotId].sort());
  });

  it('answers unknown snapshots and times before the first with SNAPSHOT_NOT_FOUND', async () => {
    for (const variables of [{ snapshot: '20200101T000000000Z-abcdef' }, { snapshot: 'latest' }, { asOf: '2001-01-01T00:00:00Z' }]) {
      const r = await gql(hub.urls.customers, LIST, variables);
      expect(r.data).toEqual({ customersV1: null });
      expect(r.errors?.[0]?.extensions?.code).toBe('SNAPSHOT_NOT_FOUND');
    }
  });

  it('caches the latest snapshot for the configured refresh interval', async () => {
    const r = await gql(cached.url, LIST);
    expect(r.extensions?.tessera?.products?.map((p) => p.snapshot)).toEqual([first.snapshotId]);
    const exact = await gql(cached.url, LIST, { snapshot: second.snapshotId });
    expect(exact.data!.customersV1).toMatchObject({ totalCount: newer.length });
  });
});

describe('snapshots removed by garbage collection', () => {
  it('answers SNAPSHOT_NOT_FOUND for a snapshot removed after its manifest was read', async () => {
    const before = await gql(hub.urls.customers, LIST, { snapshot: first.snapshotId });
    expect(before.errors).toBeUndefined();
    const removed = await collectGarbage(hub.store, { keep: 1, graceMs: 0 });
    expect(removed.map((r) => r.prefix)).toContain(`customers/customers/v1/${first.snapshotId}/`);
    const after = await gql(hub.urls.customers, LIST, { snapshot: first.snapshotId });
    expect(after.data).toEqual({ customersV1: null });
    expect(after.errors?.[0]).toMatchObject({ extensions: { code: 'SNAPSHOT_NOT_FOUND' }, message: expect.stringMatching(/garbage collection/) });
  });
});
