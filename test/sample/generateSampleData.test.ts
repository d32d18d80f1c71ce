import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSampleData } from '../../engine/sample/generateSampleData';
import { LocalStore } from '../../engine/storage/localStore';
import { readSnapshot } from '../helpers/readSnapshot';

async function generate(): Promise<{ store: LocalStore; manifests: Awaited<ReturnType<typeof generateSampleData>> }> {
  const store = new LocalStore(await mkdtemp(join(tmpdir(), 'tessera-sample-store-')));
  const manifests = await generateSampleData({ store, schemaDir: 'schema', scale: 1000, duckdb: { threads: 1 } });
  return { store, manifests };
}

describe('generateSampleData', () => {
  it('publishes every sample product in dependency order, deterministically and consistently', async () => {
    const first = await generate();
    expect(first.manifests.map((m) => [`${m.domain}.${m.product} v${m.version}`, m.rowCount])).toEqual([
      ['merchandising.products v1', 4], ['customers.customers v1', 100], ['sales.orders v2', 1000], ['sales.orders v1', 1000],
      ['sales.order_lines v1', expect.any(Number)], ['sales.customer_values v1', 100],
    ]);
    // The product built from SQL read the snapshots just published, and agrees with what customers record.
    expect(first.manifests[5]!.build!.inputs.map((i) => i.snapshotId)).toEqual([1, 4, 2].map((i) => first.manifests[i]!.snapshotId));
    const values = new Map((await readSnapshot(first.store, first.manifests[5]!, 'customer_id, lifetime_value_cents')).map((r) => [r.customer_id, Number(r.lifetime_value_cents)]));
    const customers = await readSnapshot(first.store, first.manifests[1]!, 'customer_id, lifetime_value');
    expect(customers.map((c) => [c.customer_id, values.get(c.customer_id)])).toEqual(customers.map((c) => [c.customer_id, Math.round(Number(c.lifetime_value) * 100)]));
    expect(customers.some((c) => Number(c.lifetime_value) > 0)).toBe(true);
    const lines = first.manifests[4]!.rowCount;
    expect(lines).toBeGreaterThan(2000);
    expect(lines).toBeLessThan(3000);
    expect(first.manifests.flatMap((m) => m.tests).filter((t) => t.status === 'fail')).toEqual([]);
    const second = await generate();
    expect(second.manifests.map((m) => m.files.map((f) => f.sha256))).toEqual(first.manifests.map((m) => m.files.map((f) => f.sha256)));
    // An order's amount is the sum of its lines.
    const [order] = await readSnapshot(first.store, first.manifests[2]!, 'order_id, amount_cents');
    const orderLines = await readSnapshot(first.store, first.manifests[4]!, 'order_id, quantity, unit_price');
    const sum = orderLines.filter((l) => l.order_id === order!.order_id)
      .reduce((n, l) => n + Number(l.quantity) * Math.round(Number(l.unit_price) * 100), 0);
    expect(Number(order!.amount_cents)).toBe(sum);
  });
});
