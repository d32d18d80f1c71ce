import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { publishProduct } from '../../engine/publish/publishProduct';
import { SnapshotReader } from '../../engine/snapshot/snapshotReader';
import type { ObjectStore } from '../../engine/storage/objectStore';
import { FailingStore } from '../helpers/failingStore';
import { readSnapshot } from '../helpers/readSnapshot';
import type { RunningS3rver } from '../helpers/startS3rver';
import { startS3rver } from '../helpers/startS3rver';
import { localStore, rejection, SAMPLES_CSV, SAMPLES_EXPECTED, SAMPLES_YAML, samplesContract, tempFile } from './fixtures';

const REF = { domain: 'lab', product: 'samples', version: 1 };
const HEADER = 'sample_id,small,label,amount,ratio,is_ok,seen_at,seen_on,kind';

let s3: RunningS3rver;
beforeAll(async () => { s3 = await startS3rver(); });
afterAll(async () => { await s3.stop(); });


const stores: [string, () => Promise<ObjectStore>][] = [
  ['a local folder', localStore],
  ['an S3-protocol server', async () => s3.store(`failures-${Math.random().toString(36).slice(2)}`)],
];

describe.each(stores)('a publish to %s', (_label, makeStore) => {
  it('reports the first 20 rows that do not fit, by line, column and value, with the total, and writes nothing', async () => {
    const store = await makeStore();
    const rows = [`${HEADER}`, '1,1,ok,1.5,1,true,2024-01-01T00:00:00Z,2024-01-01,a', '2,1,x,1,1,true,2024-01-01T00:00:00Z,2024-01-01,a,EXTRA'];
    for (let i = 0; i < 30; i++) rows.push(`${100 + i},${i % 2 ? 'seven' : '1'},x,${i % 2 ? '1' : '1.23456'},1,true,2024-01-01T00:00:00Z,2024-01-01,a`);
    const err = await rejection(publishProduct({ store, contract: samplesContract(), inputs: [await tempFile('bad.csv', `${rows.join('\n')}\n`)] }));
    expect(err.code).toBe('INPUT_INVALID');
    expect(err.details.offendingRows).toBe(31);
    expect(err.message).toMatch(/^31 input rows do not fit the contract; nothing was written\. The first 20:/);
    expect(err.message).toContain('bad.csv line 3: Expected Number of Columns: 9 Found: 10');
    expect(err.message).toContain('bad.csv line 4, column amount: expected decimal(18,4), found "1.23456"');
    expect(err.message).toContain('bad.csv line 5, column small: expected int32, found "seven"');
    expect(err.message).not.toContain('line 23,');
    expect(err.message.split('\n').filter((l) => /line \d+/.test(l))).toHaveLength(20);
    expect(await store.list('')).toEqual([]);
  });

  it('commits nothing when an error-severity quality test fails, and says which and why', async () => {
    const store = await makeStore();
    const csv = `${HEADER}\n7,1,a,1,1,true,,,a\n7,2,b,1,1,true,,,b\n,3,c,1,1,true,,,a\n`;
    const err = await rejection(publishProduct({ store, contract: samplesContract(), inputs: [await tempFile('dupes.csv', csv)] }));
    expect(err.code).toBe('QUALITY_TEST_FAILED');
    expect(err.message).toContain('unique(sample_id): expected none, found 1 value occurring more than once, e.g. "7"');
    expect(err.message).toContain('not_null(sample_id): expected none, found 1 null value');
    expect(await store.list('')).toEqual([]);
  });

  it('leaves no visible snapshot when the commit fails after the upload', async () => {
    const inner = await makeStore();
    const store = new FailingStore(inner, () => { throw new Error('connection reset'); });
    await expect(publishProduct({ store, contract: samplesContract(), inputs: [await tempFile('s.csv', SAMPLES_CSV)] })).rejects.toThrow('connection reset');
    expect(store.uploaded).toHaveLength(1);
    expect(await new SnapshotReader(inner).latest(REF)).toBeUndefined();
  });

  it('keeps a snapshot whose manifest the server stored although the client saw the PUT fail', async () => {
    const inner = await makeStore();
    const store = new FailingStore(inner, () => { throw new Error('socket hang up'); }, 'after');
    const manifest = await publishProduct({ store, contract: samplesContract(), inputs: [await tempFile('s.csv', SAMPLES_CSV)] });
    expect(store.uploaded).toHaveLength(1);
    const latest = await new SnapshotReader(inner).latest(REF);
    expect(latest?.snapshotId).toBe(manifest.snapshotId);
    expect(await readSnapshot(inner, latest!)).toEqual(SAMPLES_EXPECTED);
  });

  it('keeps the uploaded files when it cannot tell whether the manifest was stored', async () => {
    const inner = await makeStore();
    let down = false;
    const store = new FailingStore(inner, () => { down = true; throw new Error('socket hang up'); }, 'after');
    const get = store.get.bind(store);
    store.get = async (key) => (down ? Promise.reject(new Error('connection refused')) : get(key));
    await expect(publishProduct({ store, contract: samplesContract(), inputs: [await tempFile('s.csv', SAMPLES_CSV)] })).rejects.toThrow('socket hang up');
    const keys = (await inner.list('')).map((o) => o.key);
    expect(keys).toHaveLength(2);
    expect(keys).toEqual(expect.arrayContaining([store.uploaded[0], expect.stringMatching(/\/_manifest\.json$/)]));
  });

  it('gives two valid snapshots for two concurrent publishes', async () => {
    const store = await makeStore();
    const input = await tempFile('s.csv', SAMPLES_CSV);
    const [a, b] = await Promise.all([1, 2].map(() => publishProduct({ store, contract: samplesContract(), inputs: [input] })));
    expect(a!.snapshotId).not.toBe(b!.snapshotId);
    const listed = await new SnapshotReader(store).listSnapshots(REF);
    expect(listed.map((m) => m.snapshotId).sort()).toEqual([a!.snapshotId, b!.snapshotId].sort());
    for (const m of listed) expect(await readSnapshot(store, m)).toEqual(SAMPLES_EXPECTED);
  });
});

describe('a publish', () => {
  it('killed after uploading but before the manifest leaves no visible snapshot', async () => {
    const store = await localStore();
    const input = await tempFile('s.csv', SAMPLES_CSV);
    const child = promisify(execFile)(process.execPath, ['--require', 'tsx/cjs', join(__dirname, 'killedPublish.ts'), store.root, input]);
    await expect(child).rejects.toMatchObject({ signal: 'SIGKILL' });
    const keys = (await store.list('')).map((o) => o.key);
    expect(keys).toEqual([expect.stringMatching(/^lab\/samples\/v1\/\d{8}T\d{9}Z-[0-9a-f]{6}\/part-00000\.parquet$/)]);
    expect(await new SnapshotReader(store).latest(REF)).toBeUndefined();
    expect(await new SnapshotReader(store).listSnapshots(REF)).toEqual([]);
  });

  it('rejects JSON keys that name no column, and records that are not objects, by key and line', async () => {
    const store = await localStore();
    const lines = ['{"sample_id": 1, "label": "a"}', '{"sample_id": 2, "lable": "b", "kind": "a"}', '{"sample_id": 3, "colour": "red", "lable": "c"}'];
    const err = await rejection(publishProduct({ store, contract: samplesContract(), inputs: [await tempFile('typo.jsonl', lines.join('\n'))] }));
    expect(err.code).toBe('INPUT_INVALID');
    expect(err.message).toBe(`typo.jsonl: expected keys among the columns ${HEADER.replace(/,/g, ', ')}, found "lable" (first at line 2), "colour" (first at line 3)`);
    const array = await rejection(publishProduct({ store, contract: samplesContract(), inputs: [await tempFile('typo.json', `[${lines.slice(0, 2).join(',')}]`)] }));
    expect(array.message).toContain('"lable" (first at line 2)');
    const scalar = await rejection(publishProduct({ store, contract: samplesContract(), inputs: [await tempFile('scalar.jsonl', `${lines[0]}\n5\n`)] }));
    expect(scalar.message).toBe('scalar.jsonl line 2: expected a JSON object per record, found another JSON value');
    expect(await store.list('')).toEqual([]);
  });

  it('rejects a breaking change inside a major version against the latest committed snapshot', async () => {
    const store = await localStore();
    const input = await tempFile('s.csv', SAMPLES_CSV);
    await publishProduct({ store, contract: samplesContract(), inputs: [input] });
    const retyped = samplesContract(SAMPLES_YAML.replace('{ name: small, type: int32 }', '{ name: small, type: int64 }'));
    const err = await rejection(publishProduct({ store, contract: retyped, inputs: [input] }));
    expect(err.code).toBe('CONTRACT_INVALID');
    expect(err.message).toContain('expected column "small" to keep type int32 published in v1, found int64');
    expect(await new SnapshotReader(store).listSnapshots(REF)).toHaveLength(1);
  });

  it('checks relationships against the referenced product\'s latest snapshot', async () => {
    const store = await localStore();
    await publishProduct({ store, contract: samplesContract(), inputs: [await tempFile('s.csv', SAMPLES_CSV)] });
    const readings = samplesContract(`product: readings
domain: lab
owner: qa-team
description: Readings of samples.
freshness: { warnAfter: 1d, errorAfter: 2d }
versions:
  - version: 1
    status: current
    primaryKey: [reading_id]
    columns:
      - { name: reading_id, type: int32 }
      - { name: sample_id, type: int64, references: lab.samples.sample_id, tests: [relationships] }
`);
    const ok = await publishProduct({ store, contract: readings, inputs: [await tempFile('r.csv', 'reading_id,sample_id\n1,9007199254740993\n2,\n')] });
    expect(ok.tests).toEqual([expect.objectContaining({ status: 'pass', name: 'relationships(sample_id → lab.samples.sample_id)' })]);
    const err = await rejection(publishProduct({ store, contract: readings, inputs: [await tempFile('r.csv', 'reading_id,sample_id\n1,9007199254740992\n')] }));
    expect(err.code).toBe('QUALITY_TEST_FAILED');
    expect(err.message).toContain('found 1 value not found in lab.samples.sample_id');
    expect(err.message).toContain('"9007199254740992"');
  });
});
