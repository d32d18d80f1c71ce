import { open, stat, utimes } from 'node:fs/promises';
import { FileVerifier } from '../../engine/snapshot/fileVerifier';
import { SnapshotCache } from '../../engine/snapshot/snapshotCache';
import { publishProduct } from '../../engine/publish/publishProduct';
import { localStore, SAMPLES_CSV, samplesContract, tempFile } from '../publish/fixtures';

/** Overwrites one byte of a file in place, then puts its modification time back, as a careless tool might. */
async function flipByteKeepingMtime(path: string): Promise<void> {
  const before = await stat(path);
  const file = await open(path, 'r+');
  try {
    const at = Math.floor(before.size / 2);
    const byte = Buffer.alloc(1);
    await file.read(byte, 0, 1, at);
    byte[0] = (byte[0] ?? 0) ^ 0x01;
    await file.write(byte, 0, 1, at);
  } finally {
    await file.close();
  }
  await utimes(path, before.atime, before.mtime);
}

describe('files read in place are verified against their manifest', () => {
  it('hashes each file once per process, shared by concurrent first reads, and again only after it changed', async () => {
    const store = await localStore();
    const manifest = await publishProduct({ store, contract: samplesContract(), inputs: [await tempFile('s.csv', SAMPLES_CSV)] });
    const verifier = new FileVerifier();
    const cache = new SnapshotCache(store, { dir: '/nonexistent-cache', maxBytes: 1e9, verifier });
    const [path] = await Promise.all(Array.from({ length: 8 }, () => cache.filesOf(manifest))).then((all) => all[0]!);
    for (let i = 0; i < 5; i++) await cache.filesOf(manifest);
    expect(verifier.hashed).toBe(manifest.files.length);
    // Touched but unchanged: hashed again, still served.
    const later = new Date(Date.now() + 60_000);
    await utimes(path!, later, later);
    await cache.filesOf(manifest);
    expect(verifier.hashed).toBe(manifest.files.length + 1);
    // Damaged with its modification time put back: the change time still tells.
    await flipByteKeepingMtime(path!);
    await expect(cache.filesOf(manifest)).rejects.toMatchObject({
      code: 'DATA_CORRUPT',
      message: expect.stringContaining(`lab.samples v1 snapshot ${manifest.snapshotId} is damaged and is not served: file part-00000.parquet has sha256`),
      details: { product: 'lab.samples', version: 1, snapshot: manifest.snapshotId },
    });
    await expect(cache.filesOf(manifest)).rejects.toMatchObject({ code: 'DATA_CORRUPT' });
    expect(verifier.hashed).toBe(manifest.files.length + 2);
  });
});
