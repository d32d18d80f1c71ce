import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { LocalStore } from '../../engine/storage/localStore';
import type { ObjectStore } from '../../engine/storage/objectStore';
import { composeSupergraph } from '../../gateway/composeSupergraph';
import { readGatewayConfig } from '../../gateway/gatewayConfig';
import { startGateway } from '../../gateway/startGateway';
import { subgraphSdls } from '../../gateway/subgraphSdls';
import type { RunningS3rver } from '../helpers/startS3rver';
import { startS3rver } from '../helpers/startS3rver';
import type { Body, Hub } from './helpers/startHub';
import { startHub } from './helpers/startHub';

interface StoreUnderTest { store: ObjectStore; env: Record<string, string>; stop(): Promise<void> }

const stores: [string, () => Promise<StoreUnderTest>][] = [
  ['a local folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tessera-e2e-'));
    return { store: new LocalStore(dir), env: { TESSERA_STORE: dir }, stop: () => rm(dir, { recursive: true, force: true }) };
  }],
  ['s3rver', async () => {
    const s3: RunningS3rver = await startS3rver('tessera-e2e');
    return {
      store: s3.store('hub'),
      env: {
        TESSERA_STORE: `s3://${s3.bucket}/hub`, TESSERA_S3_ENDPOINT: s3.endpoint, TESSERA_S3_FORCE_PATH_STYLE: 'true',
        AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1',
      },
      stop: () => s3.stop(),
    };
  }],
];

describe.each(stores)('the hub end to end on %s', (_name, openStore) => {
  let sut: StoreUnderTest;
  let hub: Hub;

  beforeAll(async () => {
    sut = await openStore();
    hub = await startHub(sut.store, sut.env);
  }, 180_000);

  afterAll(async () => {
    await hub?.stop();
    await sut?.stop();
  }, 60_000);

  it('answers orders with their customer (sales → customers) and reports what it served', async () => {
    const { status, body } = await hub.ask('{ ordersV2(first: 3) { nodes { orderId amountCents customer { customerId name } } dataProduct { id owner } } }');
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const orders = body.data!.ordersV2 as { nodes: { orderId: string; customer: { customerId: string; name: string } | null }[]; dataProduct: unknown };
    expect(orders.nodes).toHaveLength(3);
    for (const o of orders.nodes) expect(o.customer?.customerId).toMatch(/^C\d+$/);
    expect(orders.dataProduct).toEqual({ id: 'sales.orders', owner: 'sales-data' });
    expect(body.extensions!.tessera!.products!.map((p) => `${p.product} v${p.version}`)).toEqual(['customers.customers v1', 'sales.orders v2']);
  });

  it('answers a customer with their latest orders (customers → sales)', async () => {
    const { body } = await hub.ask(`{ customersV1(first: 1) { nodes { customerId
      ordersV2(first: 3, orderBy: [{ field: ORDERED_AT, direction: DESC }]) { nodes { orderId orderedAt customerId } } } } }`);
    expect(body.errors).toBeUndefined();
    const [customer] = (body.data!.customersV1 as { nodes: { customerId: string; ordersV2: { nodes: { orderedAt: string; customerId: string }[] } }[] }).nodes;
    const orders = customer!.ordersV2.nodes;
    expect(orders.length).toBeGreaterThan(0);
    for (const o of orders) expect(o.customerId).toBe(customer!.customerId);
    expect([...orders].map((o) => o.orderedAt)).toEqual([...orders].map((o) => o.orderedAt).sort().reverse());
  });

  it('serves a deprecated version side by side, marked deprecated with its sunset', async () => {
    const { body } = await hub.ask(`{ ordersV1(first: 2) { nodes { orderId amount } }
      __type(name: "Query") { fields(includeDeprecated: true) { name isDeprecated deprecationReason } } }`);
    expect(body.errors).toBeUndefined();
    expect((body.data!.ordersV1 as { nodes: unknown[] }).nodes).toHaveLength(2);
    const v1 = (body.data!.__type as { fields: { name: string; isDeprecated: boolean; deprecationReason: string | null }[] }).fields
      .find((f) => f.name === 'ordersV1');
    expect(v1).toMatchObject({ isDeprecated: true, deprecationReason: expect.stringMatching(/2027-03-01/) });
    expect(body.extensions!.tessera!.products!.map((p) => `${p.product} v${p.version}`)).toEqual(['sales.orders v1']);
  });

  it('reads an exact snapshot found through the catalog', async () => {
    const catalog = await hub.ask('{ dataProduct(id: "sales.orders") { version(version: 2) { latestSnapshot { id rowCount } } } }');
    const snapshot = (catalog.body.data!.dataProduct as { version: { latestSnapshot: { id: string; rowCount: string } } }).version.latestSnapshot;
    expect(snapshot.rowCount).toBe('300');
    const { body } = await hub.ask('query ($s: String) { ordersV2(snapshot: $s, first: 1) { totalCount } }', { s: snapshot.id });
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({ ordersV2: { totalCount: 300 } });
    expect(body.extensions!.tessera!.products).toEqual([expect.objectContaining({ product: 'sales.orders', version: 2, snapshot: snapshot.id })]);
  });

  it('exports a filtered product through the gateway as a file, matching the GraphQL count', async () => {
    const where = { status: { in: ['paid', 'shipped'] }, amountCents: { gte: '5000' } };
    const counted = await hub.ask('query ($w: OrderV2Filter) { ordersV2(where: $w, first: 1) { totalCount } }', { w: where });
    const total = (counted.body.data!.ordersV2 as { totalCount: number }).totalCount;
    expect(total).toBeGreaterThan(0);
    const exportUrl = hub.gateway.url.replace(/\/graphql$/, '/export');
    const res = await fetch(exportUrl, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ product: 'sales.orders', columns: ['orderId', 'status', 'amountCents'], where, format: 'csv' }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/sales\.orders\.v2\..*\.csv/);
    expect(JSON.parse(res.headers.get('x-tessera-products')!)).toEqual([expect.objectContaining({ product: 'sales.orders', version: 2 })]);
    const lines = (await res.text()).trim().split('\n');
    expect(lines[0]).toBe('orderId,status,amountCents');
    expect(lines).toHaveLength(total + 1);
    const unknown = await fetch(exportUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ product: 'nowhere.things' }) });
    expect(unknown.status).toBe(404);
    expect(JSON.stringify(await unknown.json())).not.toMatch(/127\.0\.0\.1|http:/);
    const notAnObject = await fetch(exportUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[]' });
    expect(notAnObject.status).toBe(400);
    const get = await fetch(exportUrl);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expect(JSON.stringify(await get.json())).toMatch(/"code":"METHOD_NOT_ALLOWED"/);
  });

  it('passes a subgraph\'s refusal of a bad argument value through with its code, and keeps timestamps in messages', async () => {
    const { status, body } = await hub.ask('{ orderV2(orderId: "12a") { orderId } }');
    expect(status).toBe(200);
    expect(body.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: expect.stringMatching(/BAD_USER_INPUT|GRAPHQL_VALIDATION_FAILED/) }) })]);
    expect(body.errors![0]!.message).toMatch(/Long: expected a 64-bit integer/);
    const early = await hub.ask('{ ordersV2(asOf: "2001-01-01T00:00:00Z") { totalCount } }');
    expect(early.body.errors?.[0]).toMatchObject({ extensions: { code: 'SNAPSHOT_NOT_FOUND' }, message: expect.stringMatching(/2001-01-01T00:00:00\.000Z/) });
  });

  it('refuses, before asking any subgraph, an operation that could ask for too many rows, counted with the data it reads', async () => {
    // 300 orders and ~30 customers: 1,000 customers with 1,000 orders each can only be ~30 + 30 × 300 rows.
    const query = 'query($n: Int) { customersV1(first: $n) { nodes { ordersV2(first: 1000) { nodes { orderId } } } } }';
    const fits = await hub.ask(query, { n: 1000 });
    expect(fits.body.errors).toBeUndefined();
    expect((fits.body.data!.customersV1 as { nodes: unknown[] }).nodes.length).toBeGreaterThan(10);
    // Every alias counts, and the variables' defaults are what runs when none are given: 2 × (300 + 300 + 300 × 300).
    const each = 'ordersV2(first: $m) { nodes { customer { ordersV2(first: $m) { nodes { orderId } } } } }';
    const res = await fetch(hub.gateway.url, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: `query($m: Int = 1000) { a: ${each} b: ${each} }` }),
    });
    expect(res.status).toBe(400);
    const body = await res.json() as Body;
    expect(body.errors?.[0]).toMatchObject({ extensions: { code: 'QUERY_TOO_LARGE' }, message: expect.stringMatching(/at most 100000 rows.*may ask for 181200/) });
    const small = await hub.ask(`query($m: Int = 1000) { a: ${each} b: ${each} }`, { m: 2 });
    expect(small.body.errors).toBeUndefined();
  });

  it('refuses a supergraph stale against the running subgraphs', async () => {
    const schema = await mkdtemp(join(tmpdir(), 'tessera-e2e-schema-'));
    try {
      await cp('schema', schema, { recursive: true });
      const orders = join(schema, 'sales', 'orders.yaml');
      const text = await readFile(orders, 'utf8');
      await writeFile(orders, text.replace('      - { name: is_gift,', '      - { name: coupon, type: string, description: Added later. }\n      - { name: is_gift,'));
      const file = join(schema, 'supergraph.graphql');
      await writeFile(file, composeSupergraph(await subgraphSdls(schema)));
      const urls = Object.entries(hub.subgraphs.urls).map(([n, u]) => `${n}=${u}`).join(',');
      const config = readGatewayConfig({ ...hub.env, TESSERA_SUBGRAPH_URLS: urls, TESSERA_SUPERGRAPH_FILE: file });
      await expect(startGateway(config, { port: 0, logger: pino({ level: 'silent' }) }))
        .rejects.toThrow(/subgraph\(s\) sales serve.*OrderV2\.coupon/);
    } finally {
      await rm(schema, { recursive: true, force: true });
    }
  });

  it('gives partial data when a subgraph is killed mid-test', async () => {
    process.kill(hub.subgraphs.pids.customers!, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 200));
    const { status, body } = await hub.ask('{ ordersV2(first: 2) { nodes { orderId customer { name } } } }');
    expect(status).toBe(200);
    const nodes = (body.data!.ordersV2 as { nodes: { orderId: string; customer: unknown }[] }).nodes;
    // The customer reference comes from sales; only the fields customers owns are lost.
    expect(nodes.map((n) => n.customer)).toEqual([{ name: null }, { name: null }]);
    expect(nodes.every((n) => /^\d+$/.test(n.orderId))).toBe(true);
    expect(body.errors).toEqual([expect.objectContaining({ extensions: { code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'customers' } })]);
    expect(JSON.stringify(body.errors)).not.toMatch(/127\.0\.0\.1|http:/);
  });
});
