import { readlinkSync } from 'node:fs';
import { mkdtemp, open, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalStore } from '../../engine/storage/localStore';
import { ObjectExistsError, ObjectNotFoundError } from '../../engine/storage/objectStore';

let root: string;
let store: LocalStore;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'tessera-localstore-'));
  store = new LocalStore(join(root, 'store'));
});
afterEach(async () => {
  jest.restoreAllMocks();
  await rm(root, { recursive: true, force: true });
});

/** Every file name under a folder, recursively. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => e.name);
}

/** Records the path of every file or folder fsynced through a FileHandle (Linux: the path behind the descriptor). */
async function recordSyncs(): Promise<string[]> {
  const probe = await open(__filename, 'r');
  const proto = Object.getPrototypeOf(probe) as FileHandle;
  await probe.close();
  const synced: string[] = [];
  const original = proto.sync;
  jest.spyOn(proto, 'sync').mockImplementation(function (this: FileHandle) {
    synced.push(readlinkSync(`/proc/self/fd/${this.fd}`));
    return original.call(this);
  });
  return synced;
}

describe('LocalStore', () => {
  it('fsyncs the temporary file before publishing it and the folder after, for put, putFile and getToFile', async () => {
    const synced = await recordSyncs();
    const folder = join(root, 'store', 'lab', 'samples');
    await store.put('lab/samples/_manifest.json', '{"a":1}', { ifAbsent: true });
    expect(synced).toEqual([expect.stringMatching(/_manifest\.json\.[0-9a-f]+\.tmp$/), folder]);

    synced.length = 0;
    const source = join(root, 'part.parquet');
    await writeFile(source, Buffer.alloc(200_000, 7));
    const seen: number[] = [];
    await store.putFile('lab/samples/part-00000.parquet', source, (n) => seen.push(n));
    expect(synced).toEqual([expect.stringMatching(/part-00000\.parquet\.[0-9a-f]+\.tmp$/), folder]);
    expect(seen.at(-1)).toBe(200_000);

    synced.length = 0;
    const local = join(root, 'cache', 'part.parquet');
    await store.getToFile('lab/samples/part-00000.parquet', local);
    expect(synced).toEqual([expect.stringMatching(/part\.parquet\.[0-9a-f]+\.tmp$/), join(root, 'cache')]);
    expect((await readFile(local)).equals(Buffer.alloc(200_000, 7))).toBe(true);
    expect((await store.get('lab/samples/_manifest.json')).toString()).toBe('{"a":1}');
  });

  it('leaves no temporary file behind when a write fails', async () => {
    await expect(store.putFile('lab/samples/part-00000.parquet', join(root, 'missing.parquet'))).rejects.toThrow(/ENOENT/);
    await store.put('lab/samples/_manifest.json', 'first', { ifAbsent: true });
    await expect(store.put('lab/samples/_manifest.json', 'second', { ifAbsent: true })).rejects.toBeInstanceOf(ObjectExistsError);
    await expect(store.getToFile('lab/samples/nope.parquet', join(root, 'cache', 'nope.parquet'))).rejects.toBeInstanceOf(ObjectNotFoundError);
    expect(await filesUnder(root)).toEqual(['_manifest.json']);
    expect((await store.get('lab/samples/_manifest.json')).toString()).toBe('first');
  });
});
