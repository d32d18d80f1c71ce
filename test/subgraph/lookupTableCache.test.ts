import { mkdtemp, readdir, rename, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { LookupTableReport } from '../../engine/duckdb/lookupTableReport';
import { LookupTables } from '../../engine/duckdb/lookupTables';
import type { ColumnModel } from '../../engine/model/productModel';
import { publishProduct } from '../../engine/publish/publishProduct';
import type { SnapshotRef } from '../../engine/query/queryPlan';
import type { Manifest } from '../../engine/snapshot/manifest';
import { SnapshotCache } from '../../engine/snapshot/snapshotCache';
import { LocalStore } from '../../engine/storage/localStore';
import type { ObjectStore } from '../../engine/storage/objectStore';
import type { RunningS3rver } from '../helpers/startS3rver';
import { startS3rver } from '../helpers/startS3rver';
import { SAMPLES_CSV, samplesContract, tempFile } from '../publish/fixtures';

let s3: RunningS3rver;
let instance: DuckDBInstance;
beforeAll(async () => {
  s3 = await startS3rver();
  instance = await DuckDBInstance.create(':memory:');
});
afterAll(async () => {
  instance.closeSync();
  await s3.stop();
});

const KEY = [{ name: 'sample_id' } as ColumnModel];
const RELATION = [{ name: 'kind' } as ColumnModel];
const ASK = "SELECT sample_id::VARCHAR AS id, label, amount::VARCHAR AS amount, kind FROM %s WHERE sample_id IN (9007199254740993, -9223372036854775808, 5) ORDER BY sample_id";

function refOf(m: Manifest, files: string[]): SnapshotRef {
  return { id: `lab.samples@1@${m.snapshotId}`, files, rows: m.rowCount, key: KEY, relationKeys: RELATION };
}

async function ask(from: string): Promise<Record<string, unknown>[]> {
  const c = await instance.connect();
  try {
    return (await c.runAndReadAll(ASK.replace('%s', from))).getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    c.closeSync();
  }
}

const parquet = (files: readonly string[]): string => `read_parquet([${files.map((f) => `'${f}'`).join(', ')}])`;

async function publishSamples(store: ObjectStore, n: number): Promise<Manifest[]> {
  const input = await tempFile('s.csv', SAMPLES_CSV);
  const out: Manifest[] = [];
  for (let i = 0; i < n; i++) out.push(await publishProduct({ store, contract: samplesContract(), inputs: [input] }));
  return out;
}

/** Every byte under a folder. */
async function bytesUnder(dir: string): Promise<number> {
  let n = 0;
  for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    n += e.isDirectory() ? await bytesUnder(join(dir, e.name)) : (await stat(join(dir, e.name))).size;
  }
  return n;
}

/** A subgraph's cache folder: the snapshot cache and, in `lookup/`, the copies, bounded together. */
async function boundedCache(store: ObjectStore, maxBytes: number, built: LookupTableReport[] = []): Promise<{ dir: string; cache: SnapshotCache; tables: LookupTables }> {
  const dir = await mkdtemp(join(tmpdir(), 'tessera-lookup-cache-'));
  const tables = new LookupTables(() => instance.connect(), { dir: join(dir, 'lookup'), maxRows: 100, onBuilt: (r) => built.push(r) });
  return { dir, tables, cache: new SnapshotCache(store, { dir, maxBytes, minIdleMs: 0, companions: [tables] }) };
}

/** What a lookup does: the snapshot's files, then its copy (built and waited for), asked and released. */
async function lookUp(cache: SnapshotCache, tables: LookupTables, m: Manifest): Promise<Record<string, unknown>[]> {
  const files = await cache.filesOf(m);
  const ref = refOf(m, files);
  expect(await tables.whenBuilt(ref)).toBeDefined();
  const lease = tables.lease(ref);
  expect(lease).toBeDefined();
  try {
    const rows = await ask(lease!.table);
    expect(rows).toEqual(await ask(parquet(files)));
    return rows;
  } finally {
    lease!.release();
  }
}

describe('lookup copies under the cache bound', () => {
  it('count with the snapshots: past the bound the least recently used snapshot goes with its copy, which the next lookup rebuilds', async () => {
    const store = s3.store('lookup-lru');
    const [a, b, c] = await publishSamples(store, 3) as [Manifest, Manifest, Manifest];
    // What one copy takes (every copy of the same rows takes the same), from a cache without a bound.
    const probe = await boundedCache(store, Number.MAX_SAFE_INTEGER);
    await lookUp(probe.cache, probe.tables, a);
    const copy = (await stat(join(probe.dir, 'lookup', `lab.samples@1@${a.snapshotId}.duckdb`))).size;
    const parquetBytes = a.files.reduce((n, f) => n + f.bytes, 0);
    // Room for two snapshots with their copies, not three.
    const maxBytes = Math.floor(2.5 * copy) + 3 * parquetBytes;
    const built: LookupTableReport[] = [];
    const { dir, cache, tables } = await boundedCache(store, maxBytes, built);
    const answer = await lookUp(cache, tables, a);
    expect(answer).toHaveLength(2);
    await lookUp(cache, tables, b);
    await lookUp(cache, tables, a); // a is now more recently used than b
    expect(await lookUp(cache, tables, c)).toEqual(answer);
    const copies = async (): Promise<string[]> => (await readdir(join(dir, 'lookup'))).sort();
    const cached = async (): Promise<string[]> => (await readdir(join(dir, 'lab', 'samples', 'v1'))).sort();
    expect(await copies()).toEqual([`lab.samples@1@${a.snapshotId}.duckdb`, `lab.samples@1@${c.snapshotId}.duckdb`].sort());
    expect(await cached()).toEqual([a.snapshotId, c.snapshotId].sort());
    expect(await bytesUnder(dir)).toBeLessThanOrEqual(maxBytes);
    expect(tables.status()).toMatchObject({ ready: 2, building: 0, failed: 0 });
    // b comes back: downloaded and copied again, the same answer; a is now the least recently used.
    expect(await lookUp(cache, tables, b)).toEqual(answer);
    expect(built.filter((r) => r.id === refOf(b, []).id)).toHaveLength(2);
    expect(await copies()).toEqual([`lab.samples@1@${b.snapshotId}.duckdb`, `lab.samples@1@${c.snapshotId}.duckdb`].sort());
    expect(await cached()).toEqual([b.snapshotId, c.snapshotId].sort());
    expect(await bytesUnder(dir)).toBeLessThanOrEqual(maxBytes);
    expect(tables.status().tables.map((t) => t.id).sort()).toEqual([refOf(b, []).id, refOf(c, []).id].sort());
  });

  it('never detaches a copy a statement holds; a copy left by an earlier process counts and goes first', async () => {
    const root = await mkdtemp(join(tmpdir(), 'tessera-lookup-store-'));
    const store = new LocalStore(root);
    const [a, b, c] = await publishSamples(store, 3) as [Manifest, Manifest, Manifest];
    // A local store is read in place: the copies are all the cache holds. Room for one and a half copies.
    const probe = await boundedCache(store, Number.MAX_SAFE_INTEGER);
    await lookUp(probe.cache, probe.tables, a);
    const copy = (await stat(join(probe.dir, 'lookup', `lab.samples@1@${a.snapshotId}.duckdb`))).size;
    const { dir, cache, tables } = await boundedCache(store, Math.floor(1.5 * copy));
    const refA = refOf(a, await cache.filesOf(a));
    await tables.whenBuilt(refA);
    const held = tables.lease(refA)!;
    // b's copy pushes past the bound, but a's is held: both stay (over the bound until a is released).
    await lookUp(cache, tables, b);
    expect((await readdir(join(dir, 'lookup'))).sort()).toEqual([`lab.samples@1@${a.snapshotId}.duckdb`, `lab.samples@1@${b.snapshotId}.duckdb`].sort());
    expect(await ask(held.table)).toEqual(await ask(parquet(refA.files)));
    held.release();
    // c's copy makes the next fit: a and b go, least recently used first, until c fits.
    await lookUp(cache, tables, c);
    expect(await readdir(join(dir, 'lookup'))).toEqual([`lab.samples@1@${c.snapshotId}.duckdb`]);
    // A later process finds c's copy on disk: it counts, and is the first to go when a's copy is built.
    const later = new LookupTables(() => instance.connect(), { dir: join(dir, 'lookup'), maxRows: 100 });
    const laterCache = new SnapshotCache(store, { dir, maxBytes: Math.floor(1.5 * copy), minIdleMs: 0, companions: [later] });
    await lookUp(laterCache, later, a);
    expect(await readdir(join(dir, 'lookup'))).toEqual([`lab.samples@1@${a.snapshotId}.duckdb`]);
  });

  it('drops a held copy once its last statement is done, and no new statement gets it meanwhile', async () => {
    const store = new LocalStore(await mkdtemp(join(tmpdir(), 'tessera-lookup-store-')));
    const [a] = await publishSamples(store, 1) as [Manifest];
    const { dir, cache, tables } = await boundedCache(store, Number.MAX_SAFE_INTEGER);
    const ref = refOf(a, await cache.filesOf(a));
    await tables.whenBuilt(ref);
    const held = tables.lease(ref)!;
    await tables.drop(ref.id);
    expect(tables.lease(ref)).toBeUndefined();
    expect(await ask(held.table)).toHaveLength(2);
    expect(await readdir(join(dir, 'lookup'))).toHaveLength(1);
    held.release();
    await tables.drop(ref.id); // waits for the removal the release started
    expect(await readdir(join(dir, 'lookup'))).toEqual([]);
    expect(tables.status()).toEqual({ building: 0, ready: 0, failed: 0, tables: [] });
    // The next lookup builds it again, answering the same.
    expect(await lookUp(cache, tables, a)).toHaveLength(2);
  });
});

describe('a statement prepared against a copy', () => {
  it('answers the same after the copy was detached, removed and built again under its name', async () => {
    const store = new LocalStore(await mkdtemp(join(tmpdir(), 'tessera-lookup-store-')));
    const [a] = await publishSamples(store, 1) as [Manifest];
    const { cache, tables } = await boundedCache(store, Number.MAX_SAFE_INTEGER);
    const ref = refOf(a, await cache.filesOf(a));
    await tables.whenBuilt(ref);
    const lease = tables.lease(ref)!;
    // As the connection pool does: one connection keeps the statement prepared by its SQL text.
    const c = await instance.connect();
    try {
      const prepared = await c.prepare(ASK.replace('%s', lease.table));
      const before = (await prepared.runAndReadAll()).getRowObjectsJson();
      expect(before).toHaveLength(2);
      lease.release();
      await tables.drop(ref.id);
      expect(tables.status().ready).toBe(0);
      const again = await lookUp(cache, tables, a);
      const rebuilt = tables.lease(ref);
      expect(rebuilt?.table).toBe(lease.table);
      rebuilt?.release();
      expect((await prepared.runAndReadAll()).getRowObjectsJson()).toEqual(before);
      expect(again).toEqual(before);
    } finally {
      c.closeSync();
    }
  });
});

describe('a failed lookup copy', () => {
  it('is built again by the first lookup after its backoff (30 s, then doubled), and then used', async () => {
    const store = new LocalStore(await mkdtemp(join(tmpdir(), 'tessera-lookup-store-')));
    const [a] = await publishSamples(store, 1) as [Manifest];
    const dir = await mkdtemp(join(tmpdir(), 'tessera-lookup-retry-'));
    const files = await new SnapshotCache(store, { dir, maxBytes: Number.MAX_SAFE_INTEGER }).filesOf(a);
    const ref = refOf(a, files);
    let clock = 1_000_000;
    const built: LookupTableReport[] = [];
    const tables = new LookupTables(() => instance.connect(), { dir: join(dir, 'lookup'), maxRows: 100, now: () => clock, onBuilt: (r) => built.push(r) });
    const file = files[0]!;
    await rename(file, `${file}.away`); // the snapshot's file cannot be read
    expect(await tables.whenBuilt(ref)).toBeUndefined();
    expect(built).toEqual([expect.objectContaining({ id: ref.id, error: expect.anything(), retryInMs: 30_000 })]);
    expect(tables.status()).toEqual({ building: 0, ready: 0, failed: 1, tables: [] });
    // Before the backoff, lookups read parquet and start nothing.
    clock += 29_999;
    expect(tables.lease(ref)).toBeUndefined();
    expect(tables.status()).toMatchObject({ building: 0, failed: 1 });
    clock += 1;
    expect(tables.lease(ref)).toBeUndefined(); // the retry starts; this lookup reads parquet
    expect(tables.status()).toMatchObject({ building: 1, failed: 0 });
    expect(await tables.whenBuilt(ref)).toBeUndefined();
    expect(built[1]).toMatchObject({ id: ref.id, error: expect.anything(), retryInMs: 60_000 });
    expect(tables.status()).toMatchObject({ building: 0, failed: 1 });
    await rename(`${file}.away`, file);
    clock += 59_999;
    expect(tables.lease(ref)).toBeUndefined();
    expect(built).toHaveLength(2);
    clock += 1;
    const table = await tables.whenBuilt(ref);
    expect(table).toBeDefined();
    expect(built[2]).toMatchObject({ id: ref.id, rows: 3 });
    expect(built[2]!.error).toBeUndefined();
    expect(tables.status()).toMatchObject({ building: 0, ready: 1, failed: 0 });
    const lease = tables.lease(ref)!;
    expect(lease.table).toBe(table);
    expect(await ask(lease.table)).toEqual(await ask(parquet(files)));
    lease.release();
  });
});
