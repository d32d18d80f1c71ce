import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { S3Store } from '../../engine/storage/s3Store';
import type { S3StoreOptions } from '../../engine/storage/s3Store';

/** A running s3rver: a real S3-protocol server on 127.0.0.1, on a port the OS chose, over a temporary folder. */
export interface RunningS3rver {
  /** `http://127.0.0.1:<port>` */
  endpoint: string;
  bucket: string;
  /** Client settings for {@link S3Store} and `openStore`. */
  options: S3StoreOptions;
  /** Every object the server created, as `<event name> <bucket key>`, e.g. `ObjectCreated:Post a/b` (multipart). */
  created: string[];
  /** A store rooted at `s3://<bucket>/<prefix>`; each test can take its own prefix. */
  store(prefix?: string): S3Store;
  /** Stops the server, destroys the stores' clients and removes the folder. */
  stop(): Promise<void>;
}

/**
 * Starts s3rver on 127.0.0.1 port 0 with one bucket. Keep data tiny: s3rver is a test double of S3's protocol, not a
 * fast store (avoid suffix ranges and delimiter listings across deep prefixes; If-None-Match on PUT is not enforced).
 */
export async function startS3rver(bucket = 'tessera-test'): Promise<RunningS3rver> {
  const directory = await mkdtemp(join(tmpdir(), 'tessera-s3rver-'));
  const server = new S3rver({
    address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket }],
  });
  const created: string[] = [];
  server.on('event', (e) => {
    for (const r of e.Records) created.push(`${r.eventName} ${r.s3.object.key}`);
  });
  const address = await server.run();
  const endpoint = `http://127.0.0.1:${address.port}`;
  const options: S3StoreOptions = {
    endpoint, region: 'us-east-1', forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  };
  const stores: S3Store[] = [];
  return {
    endpoint, bucket, options, created,
    store(prefix = ''): S3Store {
      const store = new S3Store(bucket, prefix, options);
      stores.push(store);
      return store;
    },
    async stop(): Promise<void> {
      for (const s of stores) s.destroy();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
