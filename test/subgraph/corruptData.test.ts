import { open, readdir, rm, truncate, writeFile } from 'node:fs/promises';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { RunningSubgraph } from '../../engine/catalog/startCatalogSubgraph';
import { startCatalogSubgraph } from '../../engine/catalog/startCatalogSubgraph';
import { readConfig } from '../../engine/config';
import { sha256File } from '../../engine/snapshot/sha256File';
import type { Manifest } from '../../engine/snapshot/manifest';
import { snapshotPrefix } from '../../engine/snapshot/snapshotLayout';
import { LocalStore } from '../../engine/storage/localStore';
import type { ObjectStore } from '../../engine/storage/objectStore';
import { readGatewayConfig } from '../../gateway/gatewayConfig';
import type { RunningGateway } from '../../gateway/startGateway';
import { startGateway } from '../../gateway/startGateway';
import type { RunningS3rver } from '../helpers/startS3rver';
import { startS3rver } from '../helpers/startS3rver';
import { generateHub } from './helpers/hubData';
import { publishRows } from './helpers/publishHub';
import type { RunningHub } from './helpers/startHub';
import { startHub } from './helpers/startHub';

const SECRET = 'test-secret';

/** A store under test: how to reach it from a config, and how to damage one of its objects. */
interface StoreUnderTest {
  store: ObjectStore;
  env: Record<string, string>;
  /** Replaces an object's bytes in the store, as damage on the disk or in the bucket would. */
  damage(key: string, change: (bytes: Buffer) => Buffer): Promise<void>;
  remove(key: string): Promise<void>;
  /** Makes the whole store unreachable (folder removed, server stopped). */
  takeDown(): Promise<void>;
  stop(): Promise<void>;
}

async function localFolder(): Promise<StoreUnderTest> {
  const root = await mkdtemp(join(tmpdir(), 'tessera-corrupt-'));
  const store = new LocalStore(root);
  return {
    store, env: { TESSERA_STORE: root },
    async damage(key, change) {
      // In place, as a bad disk sector or a stray write would: same file, same inode.
      const path = store.localPath(key);
      const file = await open(path, 'r+');
      try {
        const before = await file.readFile();
        const after = change(Buffer.from(before));
        await file.truncate(0);
        await file.write(after, 0, after.length, 0);
      } finally {
        await file.close();
      }
    },
    remove: (key) => rm(store.localPath(key)),
    takeDown: () => rm(root, { recursive: true, force: true }),
    stop: () => rm(root, { recursive: true, force: true }),
  };
}

async function s3Server(): Promise<StoreUnderTest> {
  const s3: RunningS3rver = await startS3rver('tessera-corrupt');
  const store = s3.store('hub');
  let down = false;
  return {
    store,
    env: { TESSERA_STORE: `s3://${s3.bucket}/hub`, TESSERA_S3_ENDPOINT: s3.endpoint, TESSERA_S3_FORCE_PATH_STYLE: 'true' },
    async damage(key, change) { await store.put(key, change(await store.get(key))); },
    remove: (key) => store.delete([key]),
    async takeDown() { down = true; await s3.stop(); },
    async stop() { if (!down) await s3.stop(); },
  };
}

const flipByte = (bytes: Buffer): Buffer => {
  // A byte in the middle of the data pages: DuckDB reads such a file without complaint, with a wrong value.
  const at = bytes.length >> 1;
  bytes[at] = (bytes[at] ?? 0) ^ 0x01;
  return bytes;
};

interface Answer { status: number; text: string; body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] } }

/** Asserts an answer carries only errors of `code`, naming the product and snapshot, and leaks nothing internal. */
function expectRefused(answer: Answer, code: string, snapshot?: string): void {
  expect(answer.body.errors?.length).toBeGreaterThan(0);
  for (const e of answer.body.errors ?? []) {
    expect(e.extensions?.code).toBe(code);
    expect(e.message).toContain('sales.orders v2');
    if (snapshot) {
      expect(e.message).toContain(snapshot);
      expect(e.extensions).toMatchObject({ product: 'sales.orders', version: 2, snapshot });
    }
  }
  expectNoLeak(answer.text);
}

function expectNoLeak(text: string): void {
  expect(text).not.toContain('/');
  expect(text).not.toMatch(/SELECT|read_parquet/);
  expect(text).not.toMatch(/duckdb/i);
  expect(text).not.toContain('Error:');
  expect(text).not.toContain('127.0.0.1');
  expect(text).not.toContain('stacktrace');
}

describe.each([['a local folder', localFolder], ['an S3-protocol server (s3rver)', s3Server]])('bad data on %s', (_name, openStore) => {
  let sut: StoreUnderTest;
  let hub: RunningHub;
  let catalog: RunningSubgraph;
  let gateway: RunningGateway;
  const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };

  beforeAll(async () => {
    // The platform catalog opens its store from the environment's credentials, as in a deployment.
    process.env.AWS_ACCESS_KEY_ID = 'S3RVER';
    process.env.AWS_SECRET_ACCESS_KEY = 'S3RVER';
    sut = await openStore();
    hub = await startHub({ store: sut.store, data: generateHub(5, { customers: 6, products: 3, orders: 24 }) });
    catalog = await startCatalogSubgraph(readConfig({
      ...sut.env, TESSERA_SCHEMA_DIR: 'schema', TESSERA_GATEWAY_SECRET: SECRET, TESSERA_SNAPSHOT_REFRESH_MS: '0', TESSERA_LOG_LEVEL: 'silent',
    }), 0);
    const urls = `sales=${hub.urls.sales},customers=${hub.urls.customers},merchandising=${hub.urls.merchandising},platform=${catalog.url}`;
    // The same reads are asked again after the data is damaged: each must reach the subgraphs, not the answer cache.
    gateway = await startGateway(readGatewayConfig({
      ...sut.env, TESSERA_SCHEMA_DIR: 'schema', TESSERA_GATEWAY_SECRET: SECRET, TESSERA_SUBGRAPH_URLS: urls, TESSERA_ANSWER_CACHE_BYTES: '0',
      TESSERA_SUPERGRAPH_FILE: 'schema/supergraph.graphql', TESSERA_LOG_LEVEL: 'silent', TESSERA_SNAPSHOT_REFRESH_MS: '0',
    }), { port: 0, logger: pino({ level: 'silent' }) });
  }, 120_000);

  afterAll(async () => {
    await gateway?.stop();
    await catalog?.stop();
    await hub?.stop();
    await sut?.stop();
    for (const [name, value] of [['AWS_ACCESS_KEY_ID', saved.id], ['AWS_SECRET_ACCESS_KEY', saved.secret]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  async function ask(query: string): Promise<Answer> {
    const res = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
    const text = await res.text();
    return { status: res.status, text, body: JSON.parse(text) as Answer['body'] };
  }

  async function exportCsv(): Promise<Answer> {
    const res = await fetch(gateway.url.replace(/\/graphql$/, '/export'), {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ product: 'sales.orders', version: 2, format: 'csv' }),
    });
    const text = await res.text();
    return { status: res.status, text, body: res.headers.get('content-type')?.includes('json') ? JSON.parse(text) as Answer['body'] : {} };
  }

  /** Every way a caller reads sales.orders v2: a list, a lookup, a relation from another domain, an aggregate. */
  function reads(): Record<string, string> {
    const order = hub.data.ordersV2[2]!;
    return {
      list: '{ ordersV2(first: 3) { nodes { orderId amountCents status } } }',
      lookup: `{ orderV2(orderId: "${order.orderId}") { orderId amountCents } }`,
      relation: `{ customerV1(customerId: "${order.customerId}") { customerId ordersV2(first: 50) { nodes { orderId amountCents } } } }`,
      aggregate: '{ ordersV2Aggregate { count sum { amountCents } } }',
    };
  }

  /** A fresh latest snapshot of sales.orders v2, read once so that its files are known good before any damage. */
  async function freshSnapshot(read = true): Promise<{ manifest: Manifest; prefix: string }> {
    const manifest = await publishRows(sut.store, hub.contracts, 'sales.orders', 2, hub.data.ordersV2);
    if (read) expect((await ask(reads().list!)).body.errors).toBeUndefined();
    return { manifest, prefix: snapshotPrefix(manifest, manifest.snapshotId) };
  }

  async function expectEveryReadRefused(code: string, snapshot?: string): Promise<void> {
    for (const [shape, query] of Object.entries(reads())) {
      const answer = await ask(query);
      expect({ shape, status: answer.status }).toEqual({ shape, status: 200 });
      expectRefused(answer, code, snapshot);
    }
    const exported = await exportCsv();
    expect(exported.status).toBe(code === 'DATA_CORRUPT' ? 502 : code === 'STORAGE_UNAVAILABLE' ? 503 : 404);
    expectRefused(exported, code, snapshot);
  }

  it('refuses a file with one flipped byte, through every read shape and exports', async () => {
    // Read in place, the file is damaged after a first good read; a remote file before its download (a damaged
    // cached copy has its own test).
    const { manifest, prefix } = await freshSnapshot(sut.store.localPath('') !== undefined);
    await sut.damage(`${prefix}${manifest.files[0]!.path}`, flipByte);
    await expectEveryReadRefused('DATA_CORRUPT', manifest.snapshotId);
  });

  it('refuses a truncated file and a deleted file', async () => {
    const truncated = await freshSnapshot(false);
    await sut.damage(`${truncated.prefix}${truncated.manifest.files[0]!.path}`, (b) => b.subarray(0, b.length - 100));
    await expectEveryReadRefused('DATA_CORRUPT', truncated.manifest.snapshotId);
    const deleted = await freshSnapshot(false);
    await sut.remove(`${deleted.prefix}${deleted.manifest.files[0]!.path}`);
    await expectEveryReadRefused('DATA_CORRUPT', deleted.manifest.snapshotId);
  });

  it('refuses a file whose checksum matches but which is no parquet file (an unreadable footer)', async () => {
    const { manifest, prefix } = await freshSnapshot(false);
    const junk = Buffer.from('PAR1 this is not a parquet file at all, whatever its manifest says');
    const tmp = join(await mkdtemp(join(tmpdir(), 'tessera-junk-')), 'junk');
    await writeFile(tmp, junk);
    const forged: Manifest = { ...manifest, files: [{ ...manifest.files[0]!, bytes: junk.length, sha256: await sha256File(tmp) }] };
    await sut.remove(`${prefix}_manifest.json`);
    await sut.store.put(`${prefix}${manifest.files[0]!.path}`, junk);
    await sut.store.put(`${prefix}_manifest.json`, JSON.stringify(forged));
    await expectEveryReadRefused('DATA_CORRUPT', manifest.snapshotId);
  });

  it('refuses a manifest that is not JSON, and one that lacks its files, also in the catalog', async () => {
    for (const body of ['{"formatVersion": 1, "files": [', JSON.stringify({ formatVersion: 1, domain: 'sales', product: 'orders', version: 2 })]) {
      const { manifest, prefix } = await freshSnapshot(false);
      await sut.store.put(`${prefix}_manifest.json`, body);
      try {
        await expectEveryReadRefused('DATA_CORRUPT', manifest.snapshotId);
        const listed = await ask('{ dataProduct(id: "sales.orders") { versions { version latestSnapshot { id rowCount } } } }');
        expectRefused(listed, 'DATA_CORRUPT', manifest.snapshotId);
      } finally {
        // The catalog lists every manifest of a version: uncommit the damaged one so the next rounds see only theirs.
        await sut.remove(`${prefix}_manifest.json`);
      }
    }
  });

  it('refuses a cached copy damaged while the subgraph runs, then serves the data again from the store', async () => {
    const { manifest } = await freshSnapshot();
    const copies = await cachedCopies(hub.config.cacheDir, manifest);
    // A local store is read in place: its files are the copies (the flipped-byte test covers them).
    if (!copies.length) return;
    await truncate(copies[0]!, 10);
    const answer = await ask(reads().list!);
    expectRefused(answer, 'DATA_CORRUPT', manifest.snapshotId);
    const again = await ask(reads().list!);
    expect(again.body.errors).toBeUndefined();
    expect((again.body.data!.ordersV2 as { nodes: unknown[] }).nodes).toHaveLength(3);
  });

  it('answers STORAGE_UNAVAILABLE without a path or host once the store is unreachable', async () => {
    await freshSnapshot();
    await sut.takeDown();
    for (const query of Object.values(reads())) {
      const answer = await ask(query);
      expect(answer.body.errors?.length).toBeGreaterThan(0);
      for (const e of answer.body.errors ?? []) expect(e.extensions?.code).toBe('STORAGE_UNAVAILABLE');
      expectNoLeak(answer.text);
    }
    const listed = await ask('{ dataProduct(id: "sales.orders") { versions { version latestSnapshot { id } } } }');
    for (const e of listed.body.errors ?? []) expect(e.extensions?.code).toBe('STORAGE_UNAVAILABLE');
    expect(listed.body.errors?.length).toBeGreaterThan(0);
    expectNoLeak(listed.text);
    const exported = await exportCsv();
    expect(exported.status).toBe(503);
    expectNoLeak(exported.text);
  });
});

/** The cached files of a snapshot in a subgraph cache folder (none for a store read in place). */
async function cachedCopies(cacheDir: string, manifest: Manifest): Promise<string[]> {
  const folder = join(cacheDir, 'sales', manifest.domain, manifest.product, `v${manifest.version}`, manifest.snapshotId);
  const names = await readdir(folder).catch(() => [] as string[]);
  return names.filter((n) => n.endsWith('.parquet')).map((n) => join(folder, n));
}
