import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBSession } from '../../engine/duckdb/openDuckDB';
import { openDuckDB } from '../../engine/duckdb/openDuckDB';
import { LocalStore } from '../../engine/storage/localStore';
import { UsageAggregator } from '../../engine/usage/usageAggregator';
import { USAGE_PREFIX, writeUsageLog } from '../../engine/usage/usageLog';
import { UsageReader } from '../../engine/usage/usageReader';
import type { UsageRequest } from '../../engine/usage/usageRequest';

const DAY = Date.UTC(2026, 11, 1);
const field = (f: string, column: string | null = f, version = 2) => ({ product: 'sales.orders', version, field: f, column });
const scan = (bytes: number, rows: number, version = 2) => ({ product: 'sales.orders', version, snapshot: 's1', statements: 1, rows, bytesScanned: bytes, engineMs: 2 });

function request(at: number, consumer: string, fields: UsageRequest['fields'], scans: UsageRequest['scans']): UsageRequest {
  return { at, consumer, operation: 'Q', outcome: 'success', durationMs: 5, fields, scans };
}

describe('the usage log', () => {
  let dir: string;
  let duck: DuckDBSession;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tessera-usage-test-'));
    duck = await openDuckDB({ threads: 1, memoryLimit: '256MB' });
  });
  afterAll(async () => {
    duck?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('aggregates requests per minute, writes a parquet file per table and day, and answers usage, consumers and costs', async () => {
    const store = new LocalStore(join(dir, 'store'));
    const agg = new UsageAggregator();
    // 23:59 of one day and 00:01 of the next: two day partitions.
    const late = DAY + 86_400_000 - 30_000;
    const early = DAY + 86_400_000 + 60_000;
    for (let i = 0; i < 7; i++) agg.add(request(late, 'alice', [field('orderId', 'order_id'), field('status')], [scan(100, 3)]));
    for (let i = 0; i < 4; i++) agg.add(request(early, 'bob', [field('orderId', 'order_id'), field('amount', 'amount', 1)], [scan(50, 1), scan(10, 2, 1)]));
    agg.add(request(early, 'bob', [], []));
    const first = agg.drain();
    expect(agg.size).toBe(0);
    const keys = await writeUsageLog(store, duck.connection, first);
    expect(keys.map((k) => k.split('/').slice(0, 4).join('/')).sort()).toEqual([
      `${USAGE_PREFIX}/fields/day=2026-12-01`, `${USAGE_PREFIX}/fields/day=2026-12-02`,
      `${USAGE_PREFIX}/requests/day=2026-12-01`, `${USAGE_PREFIX}/requests/day=2026-12-02`,
    ]);
    // A second flush appends files; the reader sums across them.
    agg.add(request(early, 'alice', [field('status')], [scan(100, 3)]));
    await writeUsageLog(store, duck.connection, agg.drain());

    const reader = new UsageReader(store, duck.connection, join(dir, 'cache'), () => early + 120_000);
    const window = { since: new Date(DAY) };
    expect((await reader.fieldUsage('sales.orders', window)).map((u) => [u.consumer, u.version, u.field, u.column, u.requests])).toEqual([
      ['alice', 2, 'orderId', 'order_id', 7], ['alice', 2, 'status', 'status', 8],
      ['bob', 1, 'amount', 'amount', 4], ['bob', 2, 'orderId', 'order_id', 4],
    ]);
    const consumers = await reader.consumers('sales.orders', window);
    expect(consumers.map((c) => [c.consumer, c.versions, c.requests, c.bytesScanned, c.rows])).toEqual([
      ['alice', [2], 8, 800, 24], ['bob', [1, 2], 8, 240, 12],
    ]);
    expect((await reader.costs(window)).map((c) => [c.version, c.consumer, c.requests, c.bytesScanned])).toEqual([
      [1, 'bob', 4, 40], [2, 'alice', 8, 800], [2, 'bob', 4, 200],
    ]);
    // A window that excludes the first day's minute.
    expect((await reader.consumers('sales.orders', { since: new Date(DAY + 86_400_000) })).map((c) => [c.consumer, c.requests])).toEqual([['alice', 1], ['bob', 8]]);
    expect(await reader.recentReaders({ product: 'sales.orders', version: 1 })).toEqual([
      { consumer: 'bob', versions: [1], fields: ['amount'], requests: 4, lastReadAt: new Date(early) },
    ]);
    expect((await reader.recentReaders({ product: 'sales.orders', fields: ['status'] })).map((r) => r.consumer)).toEqual(['alice']);
    expect((await reader.recentReaders({ product: 'sales.orders', fields: ['order_id'] })).map((r) => r.consumer)).toEqual(['alice', 'bob']);
    expect(await reader.recentReaders({ product: 'customers.customers' })).toEqual([]);
    await expect(reader.consumers('sales.orders', { since: new Date(early), until: new Date(DAY) })).rejects.toThrow(RangeError);
  });
});
