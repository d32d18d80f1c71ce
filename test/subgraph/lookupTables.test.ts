import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { LookupTables } from '../../engine/duckdb/lookupTables';
import type { ColumnModel } from '../../engine/model/productModel';
import type { SnapshotRef } from '../../engine/query/queryPlan';
import { gql } from './helpers/signedFetch';
import { startHub } from './helpers/startHub';
import type { RunningHub } from './helpers/startHub';

let copied: RunningHub;
let parquet: RunningHub;
/** A cache bound (the smallest allowed, 1 MiB) below any two copies: every new copy evicts the others. */
let bounded: RunningHub;
beforeAll(async () => {
  [copied, parquet, bounded] = await Promise.all([startHub({ seed: 23 }), startHub({ seed: 23, env: { TESSERA_LOOKUP_TABLE_MAX_ROWS: '0' } }),
    startHub({ seed: 23, env: { TESSERA_CACHE_MAX_BYTES: String(1024 * 1024) } })]);
});
afterAll(async () => {
  await Promise.all([copied?.stop(), parquet?.stop(), bounded?.stop()]);
});

/** Asks both hubs; the answers must be the same, the copied hub's statements read lookup tables and the other's parquet. */
async function same(domain: 'sales' | 'customers', query: string, variables: Record<string, unknown>, hub = copied): Promise<Record<string, unknown>> {
  const copied = hub;
  const marks = [copied.queries[domain].length, parquet.queries[domain].length];
  const [a, b] = await Promise.all([gql(copied.urls[domain], query, variables), gql(parquet.urls[domain], query, variables)]);
  expect(a.errors).toBeUndefined();
  expect(a.data).toEqual(b.data);
  expect(copied.queries[domain].slice(marks[0]).some((q) => q.sql.includes('"lookup_'))).toBe(true);
  expect(parquet.queries[domain].slice(marks[1]).every((q) => !q.sql.includes('"lookup_'))).toBe(true);
  return a.data!;
}

describe('lookup tables answer what parquet answers', () => {
  it('entity batches, short and long, with keys that are absent', async () => {
    const ids = copied.data.customers.map((c) => c.customerId as string);
    for (const keys of [ids.slice(0, 3), [...ids.slice(5, 45), 'C9999', ids[7]!]]) {
      const data = await same('customers', `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on CustomerV1 {
        customerId name email country segment lifetimeValue isActive signedUpAt } } }`, { reps: keys.map((customerId) => ({ __typename: 'CustomerV1', customerId })) });
      expect((data._entities as unknown[]).filter((e) => e === null)).toHaveLength(keys.includes('C9999') ? 1 : 0);
    }
  });

  it('a key lookup and the references of a page', async () => {
    const order = copied.data.ordersV2[17]!;
    await same('sales', `query($id: Long!) { orderV2(orderId: $id) { orderId customerId amountCents currency status channel isGift orderedAt } }`, { id: order.orderId });
    await same('sales', `{ orderLinesV1(first: 60) { nodes { lineId quantity order { orderId status orderedAt } } } }`, {});
  });

  it('relations with filters, orders, cursors and counts, for short and long batches of parents', async () => {
    const ids = copied.data.customers.map((c) => c.customerId as string);
    const query = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on CustomerV1 { customerId
      ordersV2(first: 3, orderBy: [{ field: ORDERED_AT, direction: DESC }], where: { status: { ne: "cancelled" } }) {
        totalCount nodes { orderId status orderedAt amountCents } pageInfo { hasNextPage endCursor } } } } }`;
    for (const keys of [ids.slice(0, 2), ids.slice(0, 30)]) {
      const data = await same('sales', query, { reps: keys.map((customerId) => ({ __typename: 'CustomerV1', customerId })) });
      expect((data._entities as { ordersV2: { nodes: unknown[] } }[]).some((e) => e.ordersV2.nodes.length > 0)).toBe(true);
    }
  });

  it('keeps one finished database per snapshot in the cache folder, and reports it on /healthz', async () => {
    const files = await readdir(join(copied.config.cacheDir, 'sales', 'lookup'));
    expect(files.length).toBeGreaterThan(0);
    expect(files.every((f) => f.endsWith('.duckdb'))).toBe(true);
    const health = await (await fetch(copied.urls.sales.replace(/\/graphql$/, '/healthz'))).json() as { lookupTables: { ready: number; building: number } };
    expect(health.lookupTables.ready).toBe(files.length);
    expect(health.lookupTables.building).toBe(0);
  });
});

describe('lookup tables under a cache bound', () => {
  it('evicts the least recently used copy when a new one passes the bound, and rebuilds it for the next lookup, answering the same', async () => {
    const lookupDir = join(bounded.config.cacheDir, 'sales', 'lookup');
    const order = bounded.data.ordersV2[17]!;
    const orders = `sales.orders@2@${bounded.manifests.ordersV2!.snapshotId}.duckdb`;
    const lines = `sales.order_lines@1@${bounded.manifests.orderLines!.snapshotId}.duckdb`;
    // The order from the orders copy, then its lines from the lines copy: building the second evicts the first.
    await same('sales', `query($id: Long!) { orderV2(orderId: $id) { orderId status orderLinesV1(first: 5) { nodes { lineId quantity } } } }`, { id: order.orderId }, bounded);
    expect(await readdir(lookupDir)).toEqual([lines]);
    // A customer's orders need the orders copy again: rebuilt, and the lines copy goes.
    const reps = bounded.data.customers.slice(0, 20).map((c) => ({ __typename: 'CustomerV1', customerId: c.customerId }));
    await same('sales', `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on CustomerV1 { customerId
      ordersV2(first: 3, orderBy: [{ field: ORDERED_AT, direction: DESC }]) { totalCount nodes { orderId status orderedAt } } } } }`, { reps }, bounded);
    expect(await readdir(lookupDir)).toEqual([orders]);
    await same('sales', `query($id: Long!) { orderV2(orderId: $id) { orderId customerId amountCents currency status } }`, { id: order.orderId }, bounded);
    const health = await (await fetch(bounded.urls.sales.replace(/\/graphql$/, '/healthz'))).json() as { lookupTables: { ready: number; failed: number; tables: { id: string }[] } };
    expect(health.lookupTables).toMatchObject({ ready: 1, failed: 0, tables: [{ id: orders.slice(0, -'.duckdb'.length) }] });
  });
});

describe('LookupTables', () => {
  const id = { name: 'id' } as ColumnModel;
  const group = { name: 'grp' } as ColumnModel;
  let dir: string;
  let instance: DuckDBInstance;
  let ref: SnapshotRef;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tessera-lookup-'));
    instance = await DuckDBInstance.create(':memory:');
    const file = join(dir, 'part-00000.parquet');
    await (await instance.connect()).run(`COPY (SELECT i AS id, i % 7 AS grp FROM range(1000) t(i)) TO '${file}' (FORMAT parquet)`);
    ref = { id: 'test.rows@1@S1', files: [file], rows: 1000, key: [id], relationKeys: [group] };
  });
  afterAll(async () => {
    instance.closeSync();
    await rm(dir, { recursive: true, force: true });
  });

  it('builds once for concurrent callers, removes what a crashed build left, and never attaches an unfinished file', async () => {
    const out = join(dir, 'once');
    await mkdir(out, { recursive: true });
    // What a build left when its process crashed: a temporary name, never attached, removed by the next build.
    const dead = join(out, 'test.rows@1@S1.duckdb.999999999.deadbeef.tmp');
    await writeFile(dead, 'half a database');
    const built: string[] = [];
    const tables = new LookupTables(() => instance.connect(), { dir: out, maxRows: 10_000, onBuilt: (r) => built.push(r.id) });
    expect(tables.lease(ref)).toBeUndefined();
    const [a, b] = await Promise.all([tables.whenBuilt(ref), tables.whenBuilt(ref)]);
    expect(a).toBeDefined();
    expect(b).toBe(a);
    const lease = tables.lease(ref);
    expect(lease?.table).toBe(a);
    lease?.release();
    expect(built).toEqual([ref.id]);
    expect(await readdir(out)).toEqual(['test.rows@1@S1.duckdb']);
    expect(tables.status()).toEqual({ building: 0, ready: 1, failed: 0, tables: [{ id: ref.id, rows: 1000, buildMs: expect.any(Number), bytes: expect.any(Number) }] });
    const c = await instance.connect();
    const rows = (await c.runAndReadAll(`SELECT count(*)::INT AS n, count(DISTINCT id)::INT AS k FROM ${a!}`)).getRowObjectsJson();
    expect(rows).toEqual([{ n: 1000, k: 1000 }]);
    // Ordered by the relation key: each group's rows are adjacent.
    const runs = (await c.runAndReadAll(`SELECT count(*)::INT AS n FROM (SELECT grp, lag(grp) OVER (ORDER BY rowid) AS prev FROM ${a!}) WHERE prev IS DISTINCT FROM grp`)).getRowObjectsJson();
    expect(runs).toEqual([{ n: 7 }]);
    c.closeSync();
  });

  it('copies no snapshot above the configured size', async () => {
    const tables = new LookupTables(() => instance.connect(), { dir: join(dir, 'small'), maxRows: 999 });
    expect(tables.lease(ref)).toBeUndefined();
    expect(await tables.whenBuilt(ref)).toBeUndefined();
    expect(tables.status()).toEqual({ building: 0, ready: 0, failed: 0, tables: [] });
  });
});
