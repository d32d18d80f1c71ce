import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { publishProduct } from '../../engine/publish/publishProduct';
import { SnapshotCache } from '../../engine/snapshot/snapshotCache';
import { LocalStore } from '../../engine/storage/localStore';
import type { RunningS3rver } from '../helpers/startS3rver';
import { startS3rver } from '../helpers/startS3rver';
import { SAMPLES_CSV, samplesContract, tempFile } from '../publish/fixtures';

let s3: RunningS3rver;
beforeAll(async () => { s3 = await startS3rver(); });
afterAll(async () => { await s3.stop(); });

async function cacheDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'tessera-cache-'));
}

describe('SnapshotCache', () => {
  it('reads a local-folder store in place', async () => {
    const store = new LocalStore(await mkdtemp(join(tmpdir(), 'tessera-store-')));
    const manifest = await publishProduct({ store, contract: samplesContract(), inputs: [await tempFile('s.csv', SAMPLES_CSV)] });
    const dir = await cacheDir();
    const files = await new SnapshotCache(store, { dir, maxBytes: 1e9 }).filesOf(manifest);
    expect(files).toEqual([store.localPath(`lab/samples/v1/${manifest.snapshotId}/part-00000.parquet`)]);
    expect(await readdir(dir)).toEqual([]);
  });

  it('detects a corrupted remote file: DATA_CORRUPT, and nothing of the snapshot left in the cache', async () => {
    const store = s3.store('corrupt');
    const manifest = await publishProduct({ store, contract: samplesContract(), inputs: [await tempFile('s.csv', SAMPLES_CSV)] });
    const key = `lab/samples/v1/${manifest.snapshotId}/part-00000.parquet`;
    const body = await store.get(key);
    const middle = body.length >> 1;
    body[middle] = (body[middle] ?? 0) ^ 0xff;
    await store.put(key, body);
    const dir = await cacheDir();
    const cache = new SnapshotCache(store, { dir, maxBytes: 1e9 });
    await expect(cache.filesOf(manifest)).rejects.toMatchObject({ code: 'DATA_CORRUPT', message: expect.stringContaining('part-00000.parquet') });
    expect(await readdir(join(dir, 'lab', 'samples', 'v1'))).toEqual([]);
  });

  it('downloads once, re-downloads a copy damaged on disk, and evicts the least recently used snapshot past its bound', async () => {
    const store = s3.store('lru');
    const input = await tempFile('s.csv', SAMPLES_CSV);
    const [a, b, c] = [await publishProduct({ store, contract: samplesContract(), inputs: [input] }),
      await publishProduct({ store, contract: samplesContract(), inputs: [input] }),
      await publishProduct({ store, contract: samplesContract(), inputs: [input] })];
    const size = a!.files[0]!.bytes;
    const dir = await cacheDir();
    // With a grace period, nothing used recently is evicted: the cache stays over its bound for a while.
    const patient = new SnapshotCache(store, { dir: await cacheDir(), maxBytes: size * 2 });
    for (const m of [a!, b!, c!]) await patient.filesOf(m);
    expect(await readdir(join(patient.options.dir, 'lab', 'samples', 'v1'))).toHaveLength(3);
    const cache = new SnapshotCache(store, { dir, maxBytes: size * 2, minIdleMs: 0 });
    const [fileA] = await cache.filesOf(a!);
    await cache.filesOf(b!);
    await cache.filesOf(a!); // a is now more recently used than b
    await cache.filesOf(c!);
    expect((await readdir(join(dir, 'lab', 'samples', 'v1'))).sort()).toEqual([a!.snapshotId, c!.snapshotId].sort());
    // A later process re-verifies what it finds on disk and replaces a damaged copy.
    await writeFile(fileA!, 'not parquet');
    const [again] = await new SnapshotCache(store, { dir, maxBytes: size * 2 }).filesOf(a!);
    expect(again).toBe(fileA);
    expect((await store.get(`lab/samples/v1/${a!.snapshotId}/part-00000.parquet`)).equals(await readFile(fileA!))).toBe(true);
  });
});
