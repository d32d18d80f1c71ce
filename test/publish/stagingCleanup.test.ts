import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { publishProduct } from '../../engine/publish/publishProduct';
import { removeStaleStagingFolders } from '../../engine/publish/stagingFolder';
import { localStore, rejection, SAMPLES_CSV, samplesContract, tempFile } from './fixtures';

const run = promisify(execFile);

/** The publish staging folders in `dir`. */
async function staging(dir: string, pid?: number): Promise<string[]> {
  return (await readdir(dir)).filter((n) => n.startsWith(pid === undefined ? 'tessera-publish-' : `tessera-publish-${pid}-`));
}

/** Runs a publish script as a child whose temporary directory is `tmp`. */
function child(script: string, tmp: string, args: string[]): Promise<unknown> {
  return run(process.execPath, ['--require', 'tsx/cjs', join(__dirname, script), ...args], { env: { ...process.env, TMPDIR: tmp } });
}

describe('publish staging folders', () => {
  it('are removed after a publish that succeeds and after one that fails', async () => {
    const store = await localStore();
    await publishProduct({ store, contract: samplesContract(), inputs: [await tempFile('s.csv', SAMPLES_CSV)] });
    const bad = await rejection(publishProduct({ store, contract: samplesContract(), inputs: [await tempFile('bad.csv', 'sample_id\nx\n')] }));
    expect(bad.code).toBe('INPUT_INVALID');
    expect(await staging(tmpdir(), process.pid)).toEqual([]);
  });

  it.each(['SIGINT', 'SIGTERM'])('are removed when the publish process gets %s, which still ends it', async (signal) => {
    const tmp = await mkdtemp(join(tmpdir(), 'tessera-tmp-'));
    const store = await localStore();
    const input = await tempFile('s.csv', SAMPLES_CSV);
    await expect(child('signalledPublish.ts', tmp, [store.root, input, signal])).rejects.toMatchObject({ signal });
    expect(await staging(tmp)).toEqual([]);
    expect((await store.list('')).map((o) => o.key)).toEqual([expect.stringMatching(/part-00000\.parquet$/)]);
  });

  it('left by a publish killed outright are swept (by the next publish and by gc), never those of running publishes', async () => {
    const tmp = await mkdtemp(join(tmpdir(), 'tessera-tmp-'));
    const store = await localStore();
    const input = await tempFile('s.csv', SAMPLES_CSV);
    await expect(child('killedPublish.ts', tmp, [store.root, input])).rejects.toMatchObject({ signal: 'SIGKILL' });
    const left = await staging(tmp);
    expect(left).toHaveLength(1);
    // Folders of processes that still run: this one and its parent.
    const running = [`tessera-publish-${process.pid}-aaaaaa`, `tessera-publish-${process.ppid}-bbbbbb`];
    for (const name of running) await mkdir(join(tmp, name));
    expect(await removeStaleStagingFolders(tmp)).toEqual([join(tmp, left[0]!)]);
    expect((await staging(tmp)).sort()).toEqual(running.sort());
  });
});
