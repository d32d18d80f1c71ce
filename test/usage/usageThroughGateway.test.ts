import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBSession } from '../../engine/duckdb/openDuckDB';
import { openDuckDB } from '../../engine/duckdb/openDuckDB';
import { quoteString } from '../../engine/duckdb/sqlQuote';
import { snapshotPrefix } from '../../engine/snapshot/snapshotLayout';
import type { ScanUsage } from '../../engine/usage/scanUsage';
import type { DataHub } from '../gateway/helpers/startDataHub';
import { startDataHub } from '../gateway/helpers/startDataHub';
import { random } from '../subgraph/helpers/hubData';
import { until } from '../helpers/until';

const KEYS = `keys:
  - subject: alice
    key: alice-key
  - subject: bob
    key: bob-key
    products: [sales.orders, customers.customers]
`;

/** One kind of request the test sends, and the product fields it reads. */
interface Shape { query: string; reads: [product: string, version: number, field: string][] }

const SHAPES: Record<'alice' | 'bob', Shape[]> = {
  alice: [
    { query: 'query A1 { ordersV2(first: 5) { nodes { orderId status } } }', reads: [['sales.orders', 2, 'orderId'], ['sales.orders', 2, 'status']] },
    { query: 'query A2 { ordersV1(first: 3) { nodes { orderId amount } } }', reads: [['sales.orders', 1, 'orderId'], ['sales.orders', 1, 'amount']] },
    {
      query: 'query A3 { ordersV2(first: 2) { nodes { ...F } } } fragment F on OrderV2 { orderId customer { name } }',
      reads: [['sales.orders', 2, 'orderId'], ['sales.orders', 2, 'customer'], ['customers.customers', 1, 'name']],
    },
  ],
  bob: [
    {
      query: 'query B1 { ordersV2Aggregate(groupBy: [STATUS]) { keys { status } count sum { amountCents } } }',
      reads: [['sales.orders', 2, 'status'], ['sales.orders', 2, 'amountCents']],
    },
    { query: 'query B2 { customersV1(first: 4) { nodes { customerId country } } }', reads: [['customers.customers', 1, 'customerId'], ['customers.customers', 1, 'country']] },
    { query: 'query B3 { ordersV1(first: 1) { nodes { status } } }', reads: [['sales.orders', 1, 'status']] },
  ],
};

describe('usage and cost per owner through the gateway', () => {
  let hub: DataHub;
  let dir: string;
  let duck: DuckDBSession;
  const since = new Date(Date.now() - 60_000).toISOString();
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tessera-usage-keys-'));
    await writeFile(join(dir, 'keys.yaml'), KEYS);
    // A flush interval longer than the test: the test flushes itself.
    hub = await startDataHub({ TESSERA_API_KEYS_FILE: join(dir, 'keys.yaml'), TESSERA_ANONYMOUS_ACCESS: 'false', TESSERA_USAGE_FLUSH_MS: '3600000' });
    duck = await openDuckDB({ threads: 1, memoryLimit: '256MB' });
  });
  afterAll(async () => {
    duck?.close();
    await hub?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers consumer × version × field counts and cost per owner that match what was sent and what the subgraphs read', async () => {
    // Seeded: the request mix differs by shape but not from run to run.
    const next = random(11);
    const expected = new Map<string, number>();
    const reported = new Map<string, ScanUsage[]>();
    for (const consumer of ['alice', 'bob'] as const) {
      const from = hub.captured.length;
      const plan = Array.from({ length: 150 }, () => SHAPES[consumer][Math.floor(next() * SHAPES[consumer].length)]!);
      for (let i = 0; i < plan.length; i += 10) {
        const answers = await Promise.all(plan.slice(i, i + 10).map((s) => hub.ask(s.query, { 'x-api-key': `${consumer}-key` })));
        for (const a of answers) expect(a.body.errors).toBeUndefined();
      }
      for (const shape of plan) for (const [p, v, f] of shape.reads) expected.set(`${consumer} ${p} ${v} ${f}`, (expected.get(`${consumer} ${p} ${v} ${f}`) ?? 0) + 1);
      // What the domain subgraphs said their SQL read for this consumer's requests.
      reported.set(consumer, hub.captured.slice(from).filter((c) => c.subgraph !== 'platform' && c.response)
        .flatMap((c) => (JSON.parse(c.response!.toString('utf8')) as { extensions?: { tessera?: { usage?: ScanUsage[] } } }).extensions?.tessera?.usage ?? []));
    }
    await hub.gateway.flushUsage();

    const usage = await hub.ask(`query Usage($since: String!) {
      orders: dataProduct(id: "sales.orders") { usage(since: $since) { consumer version field requests } consumers(since: $since) { consumer versions requests bytesScanned } }
      customers: dataProduct(id: "customers.customers") { usage(since: $since) { consumer version field requests } }
      ownerCosts(since: $since) { owner requests bytesScanned products { productId bytesScanned } consumers { consumer bytesScanned } }
    }`, { 'x-api-key': 'alice-key' }, { since });
    expect(usage.body.errors).toBeUndefined();
    const data = usage.body.data as {
      orders: { usage: { consumer: string; version: number; field: string; requests: string }[]; consumers: { consumer: string; versions: number[]; requests: string; bytesScanned: string }[] };
      customers: { usage: { consumer: string; version: number; field: string; requests: string }[] };
      ownerCosts: { owner: string; requests: string; bytesScanned: string; products: { productId: string; bytesScanned: string }[]; consumers: { consumer: string; bytesScanned: string }[] }[];
    };
    const answered = new Map<string, number>();
    for (const [product, rows] of [['sales.orders', data.orders.usage], ['customers.customers', data.customers.usage]] as const) {
      for (const r of rows) answered.set(`${r.consumer} ${product} ${r.version} ${r.field}`, Number(r.requests));
    }
    expect(Object.fromEntries([...answered].sort())).toEqual(Object.fromEntries([...expected].sort()));

    const bytes = (rows: ScanUsage[], product?: string) => rows.filter((r) => !product || r.product === product).reduce((n, r) => n + r.bytesScanned, 0);
    const all = [...reported.values()].flat();
    expect(bytes(all, 'sales.orders')).toBeGreaterThan(0);
    expect(bytes(all, 'customers.customers')).toBeGreaterThan(0);
    const owners = Object.fromEntries(data.ownerCosts.map((o) => [o.owner, o]));
    expect(Object.keys(owners).sort()).toEqual(['crm-team', 'sales-data']);
    expect(Number(owners['sales-data']!.bytesScanned)).toBe(bytes(all, 'sales.orders') + bytes(all, 'sales.order_lines'));
    expect(Number(owners['crm-team']!.bytesScanned)).toBe(bytes(all, 'customers.customers'));
    for (const owner of Object.values(owners)) {
      const own = (p: string) => (owner.owner === 'crm-team' ? p === 'customers.customers' : p.startsWith('sales.'));
      expect(owner.consumers.map((c) => c.consumer).sort()).toEqual(['alice', 'bob'].filter((k) => bytes(reported.get(k as 'alice' | 'bob')!.filter((r) => own(r.product))) > 0));
      for (const c of owner.consumers) expect(Number(c.bytesScanned)).toBe(bytes(reported.get(c.consumer as 'alice' | 'bob')!.filter((r) => own(r.product))));
      expect(owner.products.reduce((n, p) => n + Number(p.bytesScanned), 0)).toBe(Number(owner.bytesScanned));
    }
    expect(data.orders.consumers.map((c) => [c.consumer, c.versions])).toEqual([['alice', [1, 2]], ['bob', [1, 2]]]);
  });

  it('reports as bytes scanned the compressed column chunks of the columns a statement names in the files it opens', async () => {
    const from = hub.captured.length;
    const answer = await hub.ask('{ ordersV2(first: 5) { nodes { orderId status } } }', { 'x-api-key': 'alice-key' });
    expect(answer.body.errors).toBeUndefined();
    const [report] = hub.captured.slice(from).filter((c) => c.subgraph === 'sales')
      .flatMap((c) => (JSON.parse(c.response!.toString('utf8')) as { extensions: { tessera: { usage: ScanUsage[] } } }).extensions.tessera.usage);
    const manifest = hub.hub.manifests.ordersV2!;
    const files = manifest.files.map((f) => hub.hub.store.localPath(`${snapshotPrefix(manifest, manifest.snapshotId)}${f.path}`)!);
    const sizes = await duck.connection.runAndReadAll(`SELECT sum(total_compressed_size)::BIGINT AS b FROM parquet_metadata([${files.map(quoteString).join(', ')}])
      WHERE path_in_schema IN ('order_id', 'status')`);
    expect(report).toMatchObject({ product: 'sales.orders', version: 2, snapshot: manifest.snapshotId, statements: 1, rows: 6 });
    expect(report!.bytesScanned).toBe(Number(sizes.getRowObjectsJson()[0]!.b));
  });

  it('records an export and an export job with the columns they wrote as fields and the bytes their COPY scanned, and keeps the report from the client', async () => {
    type Costs = { ownerCosts: { owner: string; consumers: { consumer: string; bytesScanned: string }[] }[]; dataProduct: { usage: { consumer: string; version: number; field: string; requests: string }[] } };
    const read = async () => {
      await hub.gateway.flushUsage();
      const answer = await hub.ask(`query C($since: String!) { ownerCosts(since: $since) { owner consumers { consumer bytesScanned } }
        dataProduct(id: "sales.orders") { usage(since: $since) { consumer version field requests } } }`, { 'x-api-key': 'alice-key' }, { since });
      const data = answer.body.data as Costs;
      return {
        bytes: Number(data.ownerCosts.find((o) => o.owner === 'sales-data')?.consumers.find((c) => c.consumer === 'bob')?.bytesScanned ?? 0),
        orderIds: Number(data.dataProduct.usage.find((u) => u.consumer === 'bob' && u.version === 2 && u.field === 'orderId')?.requests ?? 0),
      };
    };
    const before = await read();
    const res = await fetch(hub.gateway.url.replace(/\/graphql$/, '/export'), {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'bob-key' },
      body: JSON.stringify({ product: 'sales.orders', version: 2, columns: ['orderId', 'status'], format: 'csv' }),
    });
    expect(res.status).toBe(200);
    await res.text();
    expect(res.headers.get('x-tessera-usage')).toBeNull();
    const manifest = hub.hub.manifests.ordersV2!;
    const files = manifest.files.map((f) => hub.hub.store.localPath(`${snapshotPrefix(manifest, manifest.snapshotId)}${f.path}`)!);
    const sizes = await duck.connection.runAndReadAll(`SELECT sum(total_compressed_size)::BIGINT AS b FROM parquet_metadata([${files.map(quoteString).join(', ')}])
      WHERE path_in_schema IN ('order_id', 'status')`);
    const expected = Number(sizes.getRowObjectsJson()[0]!.b);
    // The gateway records the export once the file has passed: poll a bounded number of flushes.
    const after = await until('the export in the usage log', async () => {
      const now = await read();
      return now.orderIds !== before.orderIds ? now : undefined;
    }, 50);
    expect(after.orderIds - before.orderIds).toBe(1);
    expect(after.bytes - before.bytes).toBe(expected);

    // An export job is recorded the same way once its file is stored.
    const base = hub.gateway.url.replace(/\/graphql$/, '');
    const job = await (await fetch(`${base}/exports`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'bob-key' },
      body: JSON.stringify({ product: 'sales.orders', version: 2, columns: ['orderId', 'status'], format: 'csv' }),
    })).json() as { id: string };
    const stateOf = async () => ((await (await fetch(`${base}/exports/${job.id}`, { headers: { 'x-api-key': 'bob-key' } })).json()) as { state: string }).state;
    const state = await until('the export job to end', async () => {
      const now = await stateOf();
      return now === 'running' ? undefined : now;
    }, 100);
    expect(state).toBe('succeeded');
    // Recorded before the job says it succeeded.
    const jobbed = await read();
    expect(jobbed.orderIds - after.orderIds).toBe(1);
    expect(jobbed.bytes - after.bytes).toBe(expected);
  });
});
