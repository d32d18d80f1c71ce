import { publishProduct } from '../../engine/publish/publishProduct';
import { manifestKey } from '../../engine/snapshot/snapshotLayout';
import { SnapshotReader } from '../../engine/snapshot/snapshotReader';
import { localStore, SAMPLES_CSV, samplesContract, tempFile } from './fixtures';

const REF = { domain: 'lab', product: 'samples', version: 1 };

describe('a publish over a damaged latest snapshot', () => {
  it('replaces it: readers are refused the damaged one, the next publish commits and is served', async () => {
    const store = await localStore();
    const input = await tempFile('s.csv', SAMPLES_CSV);
    const first = await publishProduct({ store, contract: samplesContract(), inputs: [input] });
    const damaged = await publishProduct({ store, contract: samplesContract(), inputs: [input] });
    await store.put(manifestKey(REF, damaged.snapshotId), '{"formatVersion": 1, "files": [');
    await expect(new SnapshotReader(store).latest(REF)).rejects.toMatchObject({ code: 'DATA_CORRUPT' });
    const next = await publishProduct({ store, contract: samplesContract(), inputs: [input] });
    expect((await new SnapshotReader(store).latest(REF))?.snapshotId).toBe(next.snapshotId);
    expect(first.snapshotId < damaged.snapshotId && damaged.snapshotId < next.snapshotId).toBe(true);
  });
});
