import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProductContract } from '../../engine/contract/types';
import { createDomainSubgraph } from '../../engine/server/createDomainSubgraph';
import type { RunningSubgraph } from '../../engine/server/createDomainSubgraph';
import { gql, signedPost } from './helpers/signedFetch';
import { startHub, testConfig } from './helpers/startHub';
import type { RunningHub } from './helpers/startHub';

let hub: RunningHub;
let retiring: RunningSubgraph;
let production: RunningSubgraph;
let dir: string;

/** The sales contracts with orders v1 retired, as after its sunset. */
function withRetiredV1(contracts: ProductContract[]): ProductContract[] {
  return contracts.map((c) => (c.product !== 'orders' ? c : { ...c, versions: c.versions.map((v) => (v.version === 1 ? { ...v, status: 'retired' as const } : v)) }));
}

beforeAll(async () => {
  hub = await startHub({ seed: 3 });
  dir = await mkdtemp(join(tmpdir(), 'tessera-sec-'));
  retiring = await createDomainSubgraph({ config: hub.config, domain: 'sales', contracts: withRetiredV1(hub.contracts), store: hub.store, port: 0 });
  production = await createDomainSubgraph({
    config: testConfig(join(dir, 'cache'), { NODE_ENV: 'production', TESSERA_GATEWAY_SECRET: 'test-secret' }),
    domain: 'customers', contracts: hub.contracts, store: hub.store, port: 0,
  });
});
afterAll(async () => {
  await Promise.all([retiring?.stop(), production?.stop(), hub?.stop()]);
  await rm(dir, { recursive: true, force: true });
});

describe('requests must carry the gateway signature', () => {
  it.each([
    ['a query', '{ customersV1 { nodes { customerId } } }'],
    ['_service', '{ _service { sdl } }'],
    ['_entities', '{ _entities(representations: [{ __typename: "CustomerV1", customerId: "C0001" }]) { ... on CustomerV1 { name } } }'],
  ])('refuses %s without a signature with HTTP 401 and a JSON error', async (_name, query) => {
    const r = await gql(hub.urls.customers, query, {}, null);
    expect(r.status).toBe(401);
    expect(r.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(r.data).toBeUndefined();
  });

  it('refuses a signature made with another secret', async () => {
    const r = await gql(hub.urls.customers, '{ _service { sdl } }', {}, { subject: 'x', scopes: [] }, 'not-the-secret');
    expect(r.status).toBe(401);
    expect(r.errors?.[0]?.message).toContain('bad-signature');
  });

  it('answers /healthz with a plain status object and an unknown path with NOT_FOUND, unsigned', async () => {
    const base = hub.urls.customers.replace(/\/graphql$/, '');
    const anyCount = expect.any(Number) as number;
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: 'ok', lookupTables: { building: anyCount, ready: anyCount, failed: 0, tables: expect.any(Array) as unknown[] } });
    const missing = await fetch(`${base}/nope`);
    expect([missing.status, (await missing.json()).errors[0].extensions.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('serves _service to the gateway', async () => {
    const r = await gql(hub.urls.customers, '{ _service { sdl } }');
    expect((r.data!._service as { sdl: string }).sdl).toMatch(/type CustomerV1\s+@key\(fields: "customerId"\)/);
  });
});

describe('column and product grants', () => {
  it('resolves pii columns only with the pii scope, and never reads them otherwise', async () => {
    const query = '{ customersV1(first: 3) { nodes { customerId email } } customerV1(customerId: "C0002") { email name } }';
    const before = hub.queries.customers.length;
    const r = await gql(hub.urls.customers, query, {}, { subject: 'analyst', scopes: [] });
    const sql = hub.queries.customers.slice(before).map((q) => q.sql).join('\n');
    expect(sql).not.toContain('"email"');
    const nodes = (r.data!.customersV1 as { nodes: { customerId: string; email: string | null }[] }).nodes;
    expect(nodes.map((n) => n.email)).toEqual([null, null, null]);
    expect(nodes.map((n) => n.customerId)).toEqual(['C0001', 'C0002', 'C0003']);
    expect(r.data!.customerV1).toEqual({ email: null, name: hub.data.customers[1]!.name });
    expect(r.errors?.map((e) => [e.extensions?.code, e.path?.join('.')])).toEqual(expect.arrayContaining([
      ['FORBIDDEN', 'customersV1.nodes.0.email'], ['FORBIDDEN', 'customerV1.email']]));
    const allowed = await gql(hub.urls.customers, query);
    expect(allowed.errors).toBeUndefined();
    expect((allowed.data!.customerV1 as { email: string | null }).email).toBe(hub.data.customers[1]!.email);
  });

  it('refuses filtering, sorting or grouping by a pii column without the scope', async () => {
    const anon = { subject: 'analyst', scopes: [] };
    for (const query of [
      '{ customersV1(where: { email: { like: "%example%" } }) { nodes { customerId } } }',
      '{ customersV1(orderBy: [{ field: EMAIL }]) { nodes { customerId } } }',
      '{ customersV1Aggregate(groupBy: [EMAIL]) { count } }',
      '{ customersV1Aggregate { countDistinct { email } } }',
    ]) {
      const r = await gql(hub.urls.customers, query, {}, anon);
      expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
  });

  it('limits a caller with a products grant to those products', async () => {
    const r = await gql(hub.urls.sales, '{ ordersV2(first: 1) { nodes { orderId } } orderLinesV1(first: 1) { nodes { lineId } } }', {}, { subject: 'p', scopes: [], products: ['sales.orders'] });
    expect((r.data!.ordersV2 as { nodes: unknown[] }).nodes).toHaveLength(1);
    expect(r.data!.orderLinesV1).toBeNull();
    expect(r.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
  });
});

describe('error codes', () => {
  it('refuses a page past the maximum with PAGE_SIZE_EXCEEDED', async () => {
    const r = await gql(hub.urls.sales, '{ ordersV2(first: 101) { nodes { orderId } } }');
    expect(r.errors?.[0]?.extensions?.code).toBe('PAGE_SIZE_EXCEEDED');
    expect(r.errors?.[0]?.message).toBe('first: expected at most 100 (the maximum page size), got 101');
  });

  it('answers a retired version with VERSION_RETIRED, not a validation error', async () => {
    const r = await gql(retiring.url, '{ ordersV1 { nodes { orderId } } orderV1(orderId: "1") { orderId } ordersV2(first: 1) { nodes { orderId } } }');
    expect(r.errors?.map((e) => e.extensions?.code)).toEqual(['VERSION_RETIRED', 'VERSION_RETIRED']);
    expect((r.data!.ordersV2 as { nodes: unknown[] }).nodes).toHaveLength(1);
  });

  it('serves deprecated versions side by side', async () => {
    const r = await gql(hub.urls.sales, '{ ordersV1(first: 2) { nodes { orderId amount } } }');
    expect(r.errors).toBeUndefined();
    expect((r.data!.ordersV1 as { nodes: unknown[] }).nodes).toHaveLength(2);
  });

  it('masks unexpected errors in production and keeps Tessera errors', async () => {
    const r = await gql(production.url, '{ customersV1(snapshot: "20990101T000000000Z-abcdef") { nodes { customerId } } }');
    expect(r.errors?.[0]?.extensions).toEqual({ code: 'SNAPSHOT_NOT_FOUND' });
    const bad = await gql(production.url, '{ customersV1(first: 1) { nodes { nope } } }');
    expect(bad.errors?.[0]?.extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED' });
    expect(JSON.stringify(bad)).not.toMatch(/stacktrace|at \//);
  });
});

const HOSTILE = ["'; DROP TABLE x; --", '") OR 1=1 --', 'C0001\' OR \'1\'=\'1', '%\'||(SELECT 1)||\'', '\\\u0000"$1', "read_parquet('/etc/passwd')"];

describe('hostile strings through every argument never change a statement', () => {
  it.each(HOSTILE)('treats %j as a value or refuses it', async (evil) => {
    const before = hub.queries.customers.length;
    const filters = await gql(hub.urls.customers, `query($s: String!) { customersV1(where: { or: [{ name: { eq: $s } }, { name: { like: $s } }, { country: { in: [$s] } },
      { customerId: { startsWith: $s } }, { not: { not: { segment: { in: [$s] } } } }] }) { totalCount nodes { customerId } } }`, { s: evil });
    expect(filters.errors).toBeUndefined();
    expect(filters.data!.customersV1).toEqual({ totalCount: 0, nodes: [] });
    const lookup = await gql(hub.urls.customers, 'query($s: String!) { customerV1(customerId: $s) { customerId } }', { s: evil });
    expect(lookup.data).toEqual({ customerV1: null });
    const cursor = await gql(hub.urls.customers, 'query($s: String!) { customersV1(after: $s) { nodes { customerId } } }', { s: evil });
    expect(cursor.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const snapshot = await gql(hub.urls.customers, 'query($s: String!) { customersV1(snapshot: $s) { nodes { customerId } } }', { s: evil });
    expect(snapshot.errors?.[0]?.extensions?.code).toBe('SNAPSHOT_NOT_FOUND');
    const asOf = await gql(hub.urls.customers, 'query($s: DateTime!) { customersV1(asOf: $s) { nodes { customerId } } }', { s: evil });
    expect(asOf.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const orderBy = await gql(hub.urls.customers, 'query($s: CustomerV1Field!) { customersV1(orderBy: [{ field: $s }]) { nodes { customerId } } }', { s: evil });
    expect(orderBy.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const long = await gql(hub.urls.sales, 'query($s: Long!) { orderV2(orderId: $s) { orderId } }', { s: evil });
    expect(long.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    // The hostile text reached DuckDB only as a bound parameter, never inside SQL text.
    const statements = hub.queries.customers.slice(before);
    expect(statements.length).toBeGreaterThan(0);
    for (const s of statements) expect(s.sql).not.toContain(evil);
    expect(statements.some((s) => s.params.includes(evil))).toBe(true);
  });

  it.each(HOSTILE)('treats %j in entity keys, aggregates, relations and exports as a value or refuses it', async (evil) => {
    const before = { sales: hub.queries.sales.length, customers: hub.queries.customers.length };
    const entities = await gql(hub.urls.customers, 'query($r: [_Any!]!) { _entities(representations: $r) { ... on CustomerV1 { customerId name } } }',
      { r: [{ __typename: 'CustomerV1', customerId: evil }, { __typename: 'CustomerV1', customerId: 'C0001' }] });
    expect(entities.errors).toBeUndefined();
    expect((entities.data!._entities as unknown[])[0]).toBeNull();
    const aggregate = await gql(hub.urls.customers, 'query($s: String!) { customersV1Aggregate(where: { name: { like: $s } }, groupBy: [COUNTRY]) { count } }', { s: evil });
    expect(aggregate.errors).toBeUndefined();
    expect(aggregate.data!.customersV1Aggregate).toEqual([]);
    const relation = await gql(hub.urls.sales, `query($r: [_Any!]!, $s: String!) { _entities(representations: $r) { ... on CustomerV1 {
      ordersV2(where: { status: { eq: $s } }, first: 3) { nodes { orderId } } } } }`, { r: [{ __typename: 'CustomerV1', customerId: 'C0001' }], s: evil });
    expect(relation.errors).toBeUndefined();
    expect(relation.data!._entities).toEqual([{ ordersV2: { nodes: [] } }]);
    const relationCursor = await gql(hub.urls.sales, `query($r: [_Any!]!, $s: String!) { _entities(representations: $r) { ... on CustomerV1 {
      ordersV2(after: $s) { nodes { orderId } } } } }`, { r: [{ __typename: 'CustomerV1', customerId: 'C0001' }], s: evil });
    expect(relationCursor.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const exported = await signedPost(hub.urls.sales.replace(/\/graphql$/, '/export'),
      { product: 'sales.orders', format: 'csv', columns: ['orderId'], where: { status: { eq: evil } } });
    expect(exported.status).toBe(200);
    expect((await exported.text()).trim()).toBe('orderId');
    const badColumn = await signedPost(hub.urls.sales.replace(/\/graphql$/, '/export'), { product: 'sales.orders', columns: [evil] });
    expect(badColumn.status).toBe(400);
    const statements = [...hub.queries.sales.slice(before.sales), ...hub.queries.customers.slice(before.customers)];
    expect(statements.length).toBeGreaterThan(0);
    for (const s of statements) expect(s.sql).not.toContain(evil);
  });
});
