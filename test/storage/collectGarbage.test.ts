import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { publishProduct } from '../../engine/publish/publishProduct';
import { collectGarbage } from '../../engine/snapshot/collectGarbage';
import { SnapshotReader } from '../../engine/snapshot/snapshotReader';
import { LocalStore } from '../../engine/storage/localStore';
import type { ObjectStore } from '../../engine/storage/objectStore';
import { startS3rver } from '../helpers/startS3rver';
import { SAMPLES_CSV, samplesContract, tempFile } from '../publish/fixtures';

const REF = { domain: 'lab', product: 'samples', version: 1 };
const HOUR = 3_600_000;

describe('collectGarbage', () => {
  it('keeps the newest K, never the newest, never a young one, and removes dead uncommitted folders', async () => {
    const store = new LocalStore(await mkdtemp(join(tmpdir(), 'tessera-store-')));
    const input = await tempFile('s.csv', SAMPLES_CSV);
    const t0 = Date.parse('2026-01-01T00:00:00Z');
    const published = [];
    for (const hours of [0, 1, 2, 3]) {
      published.push(await publishProduct({ store, contract: samplesContract(), inputs: [input], now: new Date(t0 + hours * HOUR) }));
    }
    // A publish that died before its commit, long ago, and one still uploading.
    await store.put('lab/samples/v1/20251231T000000000Z-aaaaaa/part-00000.parquet', 'x');
    await store.put('lab/samples/v1/20260101T045900000Z-bbbbbb/part-00000.parquet', 'x');
    const now = new Date(t0 + 5 * HOUR);
    const ids = published.map((m) => m.snapshotId);

    const dry = await collectGarbage(store, { keep: 1, graceMs: 3.5 * HOUR, now, dryRun: true });
    expect(dry.map((r) => r.prefix.split('/')[3])).toEqual(['20251231T000000000Z-aaaaaa', ids[0], ids[1]]);
    expect(await new SnapshotReader(store).listSnapshotIds(REF)).toHaveLength(4);

    await collectGarbage(store, { keep: 1, graceMs: 3.5 * HOUR, now });
    expect(await new SnapshotReader(store).listSnapshotIds(REF)).toEqual([ids[2], ids[3]]);
    expect((await store.list('lab/samples/v1/20260101T045900000Z-bbbbbb/')).length).toBe(1);

    // keep 0 still keeps the newest, even past the grace period.
    await collectGarbage(store, { keep: 0, graceMs: 0, now: new Date(t0 + 100 * HOUR) });
    expect(await new SnapshotReader(store).listSnapshotIds(REF)).toEqual([ids[3]]);
  });
});

describe.each([
  ['a local folder', async (): Promise<{ store: ObjectStore; stop(): Promise<void> }> => ({ store: new LocalStore(await mkdtemp(join(tmpdir(), 'tessera-store-'))), stop: async () => undefined })],
  ['an S3-protocol server', async (): Promise<{ store: ObjectStore; stop(): Promise<void> }> => {
    const s3 = await startS3rver();
    return { store: s3.store('gc'), stop: () => s3.stop() };
  }],
])('collectGarbage on %s', (_name, open) => {
  it('removes a folder a killed publish left uncommitted once it is past the grace period, and keeps a young one', async () => {
    const { store, stop } = await open();
    try {
      const old = 'lab/samples/v1/20251231T000000000Z-cccccc/';
      const young = 'lab/samples/v1/20260101T045900000Z-dddddd/';
      const now = new Date('2026-01-01T05:00:00Z');
      const local = store.localPath(old);
      if (local) {
        // Killed while uploading: the folder holds only the temporary file of an interrupted write.
        for (const prefix of [old, young]) {
          await mkdir(store.localPath(prefix)!, { recursive: true });
          await writeFile(store.localPath(`${prefix}part-00000.parquet.0a1b2c3d4e5f.tmp`)!, 'half a file');
        }
      } else {
        for (const prefix of [old, young]) await store.put(`${prefix}part-00000.parquet`, 'x');
      }
      const removed = await collectGarbage(store, { keep: 1, graceMs: 3_600_000, now });
      expect(removed).toEqual([expect.objectContaining({ prefix: old, committed: false, objects: 1 })]);
      expect(await store.list(old, { temporary: true })).toEqual([]);
      expect(await store.list(young, { temporary: true })).toHaveLength(1);
      if (local) expect(existsSync(local)).toBe(false);
    } finally {
      await stop();
    }
  });
});
