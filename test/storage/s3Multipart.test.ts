import { randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sha256File } from '../../engine/snapshot/sha256File';
import { S3Store } from '../../engine/storage/s3Store';
import type { RunningS3rver } from '../helpers/startS3rver';
import { startS3rver } from '../helpers/startS3rver';

const MIB = 1024 * 1024;

let s3: RunningS3rver;
beforeAll(async () => { s3 = await startS3rver(); });
afterAll(async () => { await s3.stop(); });

describe('S3Store.putFile', () => {
  it('uploads a file larger than the part size in parts, byte for byte, reporting progress up to its size', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tessera-multipart-'));
    const file = join(dir, 'big.bin');
    const size = 11 * MIB + 12_345;
    await writeFile(file, randomBytes(size));
    const store = new S3Store(s3.bucket, 'multipart', { ...s3.options, partSize: 5 * MIB });
    try {
      const progress: number[] = [];
      await store.putFile('v1/big.bin', file, (sent) => progress.push(sent));
      expect(progress.length).toBeGreaterThanOrEqual(3);
      expect(progress[progress.length - 1]).toBe(size);
      expect(progress).toEqual([...progress].sort((a, b) => a - b));
      expect(await store.list('v1/')).toEqual([{ key: 'v1/big.bin', size }]);
      // s3rver reports a completed multipart upload as ObjectCreated:Post (a single PUT is ObjectCreated:Put).
      expect(s3.created.filter((c) => c.endsWith(' multipart/v1/big.bin'))).toEqual(['ObjectCreated:Post multipart/v1/big.bin']);
      const back = join(dir, 'back.bin');
      await store.getToFile('v1/big.bin', back);
      expect(await sha256File(back)).toBe(await sha256File(file));
    } finally {
      store.destroy();
    }
  });
});
