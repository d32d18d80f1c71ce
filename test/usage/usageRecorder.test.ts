import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { openDuckDB } from '../../engine/duckdb/openDuckDB';
import { quoteString } from '../../engine/duckdb/sqlQuote';
import { LocalStore } from '../../engine/storage/localStore';
import { USAGE_PREFIX } from '../../engine/usage/usageLog';
import { UsageRecorder } from '../../gateway/usageRecorder';

/** A local store whose uploads fail while `down` is set, counting them. */
class FlakyStore extends LocalStore {
  down = true;
  uploads = 0;
  override async putFile(key: string, localPath: string): Promise<void> {
    this.uploads++;
    if (this.down) throw new Error('the store is down');
    return super.putFile(key, localPath);
  }
}

const request = (i: number) => ({
  at: Date.UTC(2026, 11, 1) + i * 60_000, consumer: 'alice', operation: 'Q', outcome: 'success', durationMs: 1,
  fields: [{ product: 'sales.orders', version: 2, field: 'orderId', column: 'order_id' }], scans: [],
});

describe('the usage recorder', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tessera-usage-recorder-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('starts one flush however many requests pass the threshold meanwhile, and bounds what it keeps while the store is down', async () => {
    const store = new FlakyStore(join(dir, 'store'));
    const errors: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => { errors.push(String(JSON.parse(line).msg)); } });
    const recorder = new UsageRecorder({ store, flushMs: 3_600_000, logger, maxRows: 10, maxHeldRows: 30 });
    // Each request is a minute of its own: two rows (requests, fields).
    for (let i = 0; i < 12; i++) recorder.record(request(i));
    await recorder.flush();
    // One failed flush (its first upload fails), not one per request past the threshold; its 24 rows are kept.
    expect(store.uploads).toBe(1);
    expect(errors).toEqual(['flushing usage to the store failed; keeping it for the next flush']);
    for (let i = 12; i < 22; i++) recorder.record(request(i));
    await recorder.flush();
    expect(store.uploads).toBe(2);
    expect(errors.at(-1)).toBe('flushing usage to the store keeps failing; dropped the usage held in memory');

    store.down = false;
    recorder.record(request(100));
    await recorder.stop();
    // Only the request recorded after the drop reached the log.
    const written = await store.list(`${USAGE_PREFIX}/requests/`);
    expect(written).toHaveLength(1);
    const duck = await openDuckDB({ threads: 1, memoryLimit: '64MB' });
    try {
      const rows = await duck.connection.runAndReadAll(`SELECT epoch_ms(minute) AS m FROM read_parquet(${quoteString(store.localPath(written[0]!.key)!)})`);
      expect(rows.getRowObjectsJson().map((r) => Number(r.m))).toEqual([request(100).at]);
    } finally {
      duck.close();
    }
  });
});
