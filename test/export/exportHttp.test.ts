import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CallerIdentity } from '../../engine/auth/callerIdentity';
import { openDuckDB } from '../../engine/duckdb/openDuckDB';
import { SERVED_PRODUCTS_HEADER } from '../../engine/server/exportHandler';
import { signedHeaders, signedPost } from '../subgraph/helpers/signedFetch';
import { startHub } from '../subgraph/helpers/startHub';
import type { RunningHub } from '../subgraph/helpers/startHub';

let hub: RunningHub;
let dir: string;
const READER: CallerIdentity = { subject: 'analyst', scopes: [] };

beforeAll(async () => {
  hub = await startHub({ seed: 11 });
  dir = await mkdtemp(join(tmpdir(), 'tessera-export-test-'));
});
afterAll(async () => {
  await hub?.stop();
  await rm(dir, { recursive: true, force: true });
});

function exportUrl(domain: 'sales' | 'customers'): string {
  return hub.urls[domain].replace(/\/graphql$/, '/export');
}

async function post(domain: 'sales' | 'customers', body: unknown, identity: CallerIdentity | null = READER): Promise<Response> {
  return signedPost(exportUrl(domain), body, identity);
}

const paid = (r: Record<string, unknown>): boolean => r.status === 'paid' && BigInt(r.amountCents as string) >= 1250n;

describe('POST /export on a domain subgraph', () => {
  it('streams the filtered rows as JSON lines, int64 as exact strings and timestamps in UTC, in primary-key order', async () => {
    const res = await post('sales', { product: 'sales.orders', columns: ['orderId', 'amountCents', 'status', 'orderedAt'], where: { status: { eq: 'paid' }, amountCents: { gte: '1250' } }, format: 'jsonl' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/ndjson/);
    const served = JSON.parse(res.headers.get(SERVED_PRODUCTS_HEADER)!) as { product: string; snapshot: string }[];
    expect(served).toEqual([expect.objectContaining({ product: 'sales.orders', snapshot: hub.manifests.ordersV2!.snapshotId, version: 2 })]);
    // Long values are JSON strings, the GraphQL wire form: JSON.parse keeps them exact beyond 2^53.
    const got = (await res.text()).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(res.headers.get('x-tessera-rows')).toBe(String(got.length));
    const expected = hub.data.ordersV2.filter(paid)
      .sort((a, b) => (BigInt(a.orderId as string) < BigInt(b.orderId as string) ? -1 : 1))
      .map((r) => ({ orderId: r.orderId, amountCents: r.amountCents, status: r.status, orderedAt: r.orderedAt }));
    expect(expected.length).toBeGreaterThan(5);
    expect(expected.some((r) => BigInt(r.orderId as string) > 2n ** 53n)).toBe(true);
    expect(got).toEqual(expected);
    expect(got.every((r) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/.test(r.orderedAt as string))).toBe(true);
  });

  it('writes decimals in JSON lines as exact strings and timestamps in CSV in ISO 8601 UTC', async () => {
    const lines = await post('sales', { product: 'sales.order_lines', columns: ['orderId', 'lineId', 'unitPrice'], where: { unitPrice: { isNull: false } }, format: 'jsonl', limit: 20 });
    expect(lines.status).toBe(200);
    const rows = (await lines.text()).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows.length).toBe(20);
    for (const r of rows) {
      expect(r).toEqual({ orderId: expect.stringMatching(/^\d+$/), lineId: expect.any(Number), unitPrice: expect.stringMatching(/^\d+\.\d\d$/) });
    }
    const csv = await post('sales', { product: 'sales.orders', columns: ['orderId', 'orderedAt'], format: 'csv', limit: 3 });
    const [header, ...body] = (await csv.text()).trim().split('\n');
    expect(header).toBe('orderId,orderedAt');
    const contract = await post('sales', { product: 'sales.orders', columns: ['orderId', 'orderedAt'], format: 'csv', naming: 'contract', limit: 1 });
    expect((await contract.text()).split('\n')[0]).toBe('order_id,ordered_at');
    expect(body.map((l) => l.split(','))).toEqual(hub.data.ordersV2.slice(0, 3).map((r) => [r.orderId, r.orderedAt]));
  });

  it('writes parquet with the GraphQL names and UTC instants, or the contract names and stored types', async () => {
    const db = await openDuckDB({ threads: 1 });
    try {
      for (const [naming, names, t] of [['graphql', ['orderedAt', 'amountCents'], 'TIMESTAMP WITH TIME ZONE'], ['contract', ['ordered_at', 'amount_cents'], 'TIMESTAMP']] as const) {
        const res = await post('sales', { product: 'sales.orders', where: { status: { eq: 'paid' } }, naming });
        expect(res.status).toBe(200);
        const file = join(dir, `paid-${naming}.parquet`);
        await writeFile(file, Buffer.from(await res.arrayBuffer()));
        const reader = await db.connection.runAndReadAll(`SELECT count(*)::INTEGER AS n, typeof(any_value("${names[0]}")) AS t, typeof(any_value("${names[1]}")) AS a FROM read_parquet('${file}')`);
        expect(reader.getRowObjectsJson()[0]).toEqual({ n: hub.data.ordersV2.filter((r) => r.status === 'paid').length, t, a: 'BIGINT' });
      }
    } finally {
      db.close();
    }
  });

  it('leaves pii columns out for a caller without the scope, and refuses to export them by name', async () => {
    const all = await post('customers', { product: 'customers.customers', format: 'csv', limit: 3 });
    expect(all.status).toBe(200);
    const header = (await all.text()).split('\n')[0]!;
    expect(header.split(',')).not.toContain('email');
    expect(header.split(',')).toContain('customerId');
    const named = await post('customers', { product: 'customers.customers', columns: ['email'] });
    expect(named.status).toBe(403);
    expect(await named.json()).toEqual({ errors: [{ message: expect.stringContaining('pii'), extensions: { code: 'FORBIDDEN' } }] });
    const granted = await post('customers', { product: 'customers.customers', columns: ['email'], format: 'csv', limit: 1 }, { subject: 'dpo', scopes: ['pii'] });
    expect(granted.status).toBe(200);
  });

  it('answers bad requests with a code and a message, and unsigned ones with 401', async () => {
    const unknown = await post('sales', { product: 'sales.orders', columns: ['nope'] });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { errors: { message: string }[] }).errors[0]!.message).toMatch(/expected fields of OrderV2/);
    const snapshot = await post('sales', { product: 'sales.orders', snapshot: '20200101T000000000Z-abcdef' });
    expect(snapshot.status).toBe(404);
    expect((await post('sales', { product: 'sales.orders' }, null)).status).toBe(401);
    const get = await fetch(exportUrl('sales'), { headers: signedHeaders(exportUrl('sales'), '', READER, 'test-secret', {}, 'GET') });
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expect(((await get.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('METHOD_NOT_ALLOWED');
  });
});
