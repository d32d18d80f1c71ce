import { LocalStore } from '../../engine/storage/localStore';
import type { ObjectStore, StoredObject } from '../../engine/storage/objectStore';
import { S3Store } from '../../engine/storage/s3Store';
import { checkReadiness } from '../../gateway/readiness';
import type { StalledServer } from '../helpers/stalledServer';
import { startStalledServer } from '../helpers/stalledServer';
import type { TestHub } from './helpers/startTestHub';
import { startTestHub } from './helpers/startTestHub';

/** A store whose every call hangs forever, as a mount or a bucket that stopped answering. */
function hangingStore(): ObjectStore {
  const never = <T>(): Promise<T> => new Promise<T>(() => undefined);
  return {
    uri: 'stalled://', localPath: () => undefined,
    put: never, putFile: never, get: never, getToFile: never, delete: never,
    list: (): Promise<StoredObject[]> => never(),
  };
}

/** Settles with `work`, or rejects after `ms`: keeps a hanging probe from hanging the test. */
function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([work, new Promise<T>((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms); })])
    .finally(() => clearTimeout(timer));
}

let stalled: StalledServer;
beforeAll(async () => { stalled = await startStalledServer(); });
afterAll(async () => { await stalled.stop(); });

describe('readiness', () => {
  it('answers not ready, naming the store and the subgraph, when both stall', async () => {
    const result = await within(5000, checkReadiness(hangingStore(), [{ name: 'sales', url: `${stalled.url}/graphql` }], 'secret'));
    expect(result).toEqual({ ready: false, store: 'unavailable', subgraphs: { sales: 'unavailable' } });
  });

  it('does not pile up probes of a store that stays stalled', async () => {
    let calls = 0;
    const store = hangingStore();
    const list = store.list.bind(store);
    store.list = (prefix) => { calls++; return list(prefix); };
    for (let i = 0; i < 3; i++) await within(5000, checkReadiness(store, [], 'secret', 50));
    expect(calls).toBe(1);
  });

  it('fails an S3 request to a stalled server after its request timeout instead of waiting forever', async () => {
    const store = new S3Store('stalled-bucket', '', {
      endpoint: stalled.url, forcePathStyle: true, region: 'us-east-1', requestTimeoutMs: 100,
      credentials: { accessKeyId: 'stalled', secretAccessKey: 'stalled' },
    });
    try {
      await expect(within(10_000, store.list('x/'))).rejects.toThrow(/timeout/i);
    } finally {
      store.destroy();
    }
  });

  it('says the store is unavailable when its folder was removed', async () => {
    const { mkdtemp, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const root = await mkdtemp(join(tmpdir(), 'tessera-ready-'));
    const store = new LocalStore(root);
    expect((await checkReadiness(store, [], 'secret')).store).toBe('ok');
    await rm(root, { recursive: true });
    expect(await checkReadiness(store, [], 'secret')).toMatchObject({ ready: false, store: 'unavailable' });
  });
});

describe('the gateway /readyz over an S3 endpoint that accepts connections and never answers', () => {
  let hub: TestHub;
  const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
  beforeAll(async () => {
    // Credentials, so the S3 client signs and sends its request instead of failing before it connects.
    process.env.AWS_ACCESS_KEY_ID = 'stalled';
    process.env.AWS_SECRET_ACCESS_KEY = 'stalled';
    hub = await startTestHub({ env: { TESSERA_STORE: 's3://stalled-bucket/hub', TESSERA_S3_ENDPOINT: stalled.url, TESSERA_S3_FORCE_PATH_STYLE: 'true' } });
  });
  afterAll(async () => {
    await hub?.stop();
    process.env.AWS_ACCESS_KEY_ID = saved.id;
    process.env.AWS_SECRET_ACCESS_KEY = saved.secret;
    if (saved.id === undefined) delete process.env.AWS_ACCESS_KEY_ID;
    if (saved.secret === undefined) delete process.env.AWS_SECRET_ACCESS_KEY;
  });

  it('answers 503 with the store not ready and the subgraphs ready', async () => {
    const before = stalled.accepted;
    const res = await fetch(hub.gateway.url.replace(/\/graphql$/, '/readyz'), { signal: AbortSignal.timeout(5000) });
    expect(res.status).toBe(503);
    const body = await res.json() as Record<string, unknown>;
    expect(body).toMatchObject({ ready: false, store: 'unavailable', subgraphs: { platform: 'ok', probe: 'ok' } });
    expect(JSON.stringify(body)).not.toContain('127.0.0.1');
    // The probe did reach the stalled endpoint: the 503 comes from the timeout, not from a refused connection.
    expect(stalled.accepted).toBeGreaterThan(before);
  });
});
