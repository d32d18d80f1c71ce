import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDuckDB } from '../../engine/duckdb/openDuckDB';
import { quoteString } from '../../engine/duckdb/sqlQuote';
import { publishProduct } from '../../engine/publish/publishProduct';
import { SnapshotCache } from '../../engine/snapshot/snapshotCache';
import { SnapshotReader } from '../../engine/snapshot/snapshotReader';
import { sha256File } from '../../engine/snapshot/sha256File';
import { LocalStore } from '../../engine/storage/localStore';
import type { ObjectStore } from '../../engine/storage/objectStore';
import { readSnapshot } from '../helpers/readSnapshot';
import type { RunningS3rver } from '../helpers/startS3rver';
import { startS3rver } from '../helpers/startS3rver';
import { SAMPLES_CSV, SAMPLES_EXPECTED, SAMPLES_JSONL, samplesContract, tempFile } from './fixtures';

let s3: RunningS3rver;
beforeAll(async () => { s3 = await startS3rver(); });
afterAll(async () => { await s3.stop(); });

const stores: [string, () => Promise<ObjectStore>][] = [
  ['a local folder', async () => new LocalStore(await mkdtemp(join(tmpdir(), 'tessera-store-')))],
  ['an S3-protocol server', async () => s3.store(`roundtrip-${Math.random().toString(36).slice(2)}`)],
];

describe.each(stores)('publishing to %s', (_label, makeStore) => {
  it('keeps int64 beyond 2^53, decimals, UTC timestamps, unicode and empty string vs null exactly (CSV)', async () => {
    const store = await makeStore();
    const events: string[] = [];
    const manifest = await publishProduct({
      store, contract: samplesContract(), inputs: [await tempFile('samples.csv', SAMPLES_CSV)], publisher: 'qa',
      onProgress: (e) => events.push(e.phase),
    });
    expect(manifest).toMatchObject({ domain: 'lab', product: 'samples', version: 1, rowCount: 3, publisher: 'qa' });
    expect(events).toEqual(expect.arrayContaining(['read', 'test', 'write', 'upload', 'commit']));
    expect(await readSnapshot(store, manifest)).toEqual(SAMPLES_EXPECTED);
    // The warn-severity test failed (kind "c") and is recorded, not fatal.
    expect(manifest.tests).toContainEqual(expect.objectContaining({ name: 'accepted_values(kind)', status: 'fail', severity: 'warn', failures: 1 }));
    expect(manifest.tests).toContainEqual(expect.objectContaining({ name: 'unique(sample_id)', status: 'pass' }));
    // The committed manifest is what the reader sees, and the files match their recorded checksums.
    const latest = await new SnapshotReader(store).latest({ domain: 'lab', product: 'samples', version: 1 });
    expect(latest).toEqual(manifest);
    const cache = new SnapshotCache(store, { dir: await mkdtemp(join(tmpdir(), 'tessera-cache-')), maxBytes: 1e9 });
    const [file] = await cache.filesOf(manifest);
    expect(await sha256File(file!)).toBe(manifest.files[0]!.sha256);
  });

  it('reads JSON lines and its own parquet with the same result', async () => {
    const store = await makeStore();
    const fromJson = await publishProduct({ store, contract: samplesContract(), inputs: [await tempFile('samples.jsonl', SAMPLES_JSONL)] });
    expect(await readSnapshot(store, fromJson)).toEqual(SAMPLES_EXPECTED);
    const cache = new SnapshotCache(store, { dir: await mkdtemp(join(tmpdir(), 'tessera-cache-')), maxBytes: 1e9 });
    const fromParquet = await publishProduct({ store, contract: samplesContract(), inputs: await cache.filesOf(fromJson) });
    expect(await readSnapshot(store, fromParquet)).toEqual(SAMPLES_EXPECTED);
    expect(fromParquet.snapshotId > fromJson.snapshotId).toBe(true);
  });
});

describe('the parquet layout', () => {
  it('sorts by primary key across files, splits files by rows, compresses with ZSTD and keeps statistics', async () => {
    const store = new LocalStore(await mkdtemp(join(tmpdir(), 'tessera-store-')));
    const rows = Array.from({ length: 10_000 }, (_, i) => `${(i * 7919) % 10_000},${i % 100},x${i},1.5,0.5,true,2024-01-01T00:00:00Z,2024-01-01,a`);
    const input = await tempFile('many.csv', `sample_id,small,label,amount,ratio,is_ok,seen_at,seen_on,kind\n${rows.join('\n')}\n`);
    const manifest = await publishProduct({ store, contract: samplesContract(), inputs: [input], layout: { rowGroupSize: 2048, rowsPerFile: 4096 } });
    expect(manifest.files.map((f) => [f.path, f.rows])).toEqual([['part-00000.parquet', 4096], ['part-00001.parquet', 4096], ['part-00002.parquet', 1808]]);
    // Each file records the range of the first key column it holds: lookups open only the files that can match.
    expect(manifest.files.map((f) => f.keyRange)).toEqual([{ min: '0', max: '4095' }, { min: '4096', max: '8191' }, { min: '8192', max: '9999' }]);
    const ids = (await readSnapshot(store, manifest, 'sample_id')).map((r) => Number(r.sample_id));
    expect(ids).toEqual(Array.from({ length: 10_000 }, (_, i) => i));
    const db = await openDuckDB({ threads: 1 });
    try {
      const path = store.localPath(`lab/samples/v1/${manifest.snapshotId}/part-00001.parquet`);
      const meta = await db.connection.runAndReadAll(`SELECT row_group_id, compression, stats_min, stats_max FROM parquet_metadata(${quoteString(path)}) WHERE path_in_schema = 'sample_id' ORDER BY row_group_id`);
      const groups = meta.getRowObjectsJson();
      expect(groups).toHaveLength(2);
      expect(groups.every((g) => g.compression === 'ZSTD')).toBe(true);
      expect(groups.map((g) => [g.stats_min, g.stats_max])).toEqual([['4096', '6143'], ['6144', '8191']]);
    } finally {
      db.close();
    }
  });
});
