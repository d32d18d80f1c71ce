import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadContracts } from '../../engine/contract/loadContracts';
import { unpublishedSampleVersions } from '../../engine/sample/unpublishedSampleVersions';
import { manifestKey, newSnapshotId, snapshotPrefix } from '../../engine/snapshot/snapshotLayout';
import { SnapshotReader } from '../../engine/snapshot/snapshotReader';
import { LocalStore } from '../../engine/storage/localStore';

const ALL = ['merchandising.products v1', 'customers.customers v1', 'sales.orders v2', 'sales.orders v1', 'sales.order_lines v1', 'sales.customer_values v1'];

describe('unpublishedSampleVersions', () => {
  it('lists every sample product version without a committed snapshot, so an interrupted first start finishes', async () => {
    const store = new LocalStore(await mkdtemp(join(tmpdir(), 'tessera-start-')));
    const contracts = await loadContracts('schema');
    const names = async (): Promise<string[]> => (await unpublishedSampleVersions(new SnapshotReader(store), contracts))
      .map((r) => `${r.domain}.${r.product} v${r.version}`);
    expect(await names()).toEqual(ALL);
    const products = { domain: 'merchandising', product: 'products', version: 1 };
    await store.put(manifestKey(products, newSnapshotId()), '{}');
    const orders = { domain: 'sales', product: 'orders', version: 2 };
    await store.put(manifestKey(orders, newSnapshotId()), '{}');
    // A publish killed before its commit leaves files but no manifest: still unpublished.
    await store.put(`${snapshotPrefix({ domain: 'customers', product: 'customers', version: 1 }, newSnapshotId())}part-00000.parquet`, 'x');
    expect(await names()).toEqual(['customers.customers v1', 'sales.orders v1', 'sales.order_lines v1', 'sales.customer_values v1']);
    const withoutSales = contracts.filter((c) => c.domain !== 'sales');
    expect(await unpublishedSampleVersions(new SnapshotReader(store), withoutSales)).toEqual([{ domain: 'customers', product: 'customers', version: 1 }]);
  });
});
