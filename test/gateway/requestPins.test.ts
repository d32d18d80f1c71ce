import type { ProductContract } from '../../engine/contract/types';
import type { ProductVersionRef } from '../../engine/snapshot/snapshotLayout';
import type { SnapshotReader } from '../../engine/snapshot/snapshotReader';
import { SnapshotIndex } from '../../engine/snapshot/snapshotIndex';
import { RequestPins } from '../../gateway/requestPins';

const contract = (product: string, versions: [number, string][]): ProductContract =>
  ({ domain: 'sales', product, versions: versions.map(([version, status]) => ({ version, status })) }) as unknown as ProductContract;

/** A reader whose listings the test controls: ids per `<product>@<version>`, a stall, a failure. */
function fakeReader() {
  const ids: Record<string, string[]> = {};
  const state = { stall: false, fail: false, lists: 0 };
  const reader = {
    async listSnapshotIds(ref: ProductVersionRef): Promise<string[]> {
      state.lists += 1;
      if (state.fail) throw new Error('store down');
      if (state.stall) await new Promise((r) => setTimeout(r, 10_000).unref());
      return [...(ids[`${ref.product}@${ref.version}`] ?? [])];
    },
  } as unknown as SnapshotReader;
  return { reader, ids, state };
}

describe('the pins of a request', () => {
  it('pins the latest committed snapshot of every live version, refreshed after refreshMs', async () => {
    const { reader, ids, state } = fakeReader();
    ids['orders@2'] = ['20260101T000000000Z-aaaaaa', '20260102T000000000Z-bbbbbb'];
    ids['orders@1'] = ['20250101T000000000Z-cccccc'];
    ids['orders@0'] = ['20240101T000000000Z-dddddd'];
    let now = 0;
    const index = new RequestPins([contract('orders', [[2, 'current'], [1, 'deprecated'], [0, 'retired']]), contract('lines', [[1, 'current']])],
      new SnapshotIndex(reader, { refreshMs: 1000, now: () => now }));
    expect(await index.pins()).toEqual({ 'sales.orders@2': '20260102T000000000Z-bbbbbb', 'sales.orders@1': '20250101T000000000Z-cccccc' });
    ids['orders@2']!.push('20260103T000000000Z-eeeeee');
    const lists = state.lists;
    expect((await index.pins())['sales.orders@2']).toBe('20260102T000000000Z-bbbbbb');
    expect(state.lists).toBe(lists);
    now = 1000;
    expect((await index.pins())['sales.orders@2']).toBe('20260103T000000000Z-eeeeee');
  });

  it('keeps the previous pins when the store fails or stalls, without making requests wait past waitMs', async () => {
    const { reader, ids, state } = fakeReader();
    ids['orders@2'] = ['20260101T000000000Z-aaaaaa'];
    const errors: string[] = [];
    const index = new RequestPins([contract('orders', [[2, 'current']])], new SnapshotIndex(reader, { refreshMs: 0 }), { waitMs: 50, onError: (ref) => errors.push(ref.product) });
    expect(await index.pins()).toEqual({ 'sales.orders@2': '20260101T000000000Z-aaaaaa' });
    state.fail = true;
    expect(await index.pins()).toEqual({ 'sales.orders@2': '20260101T000000000Z-aaaaaa' });
    expect(errors).toEqual(['orders']);
    state.fail = false;
    state.stall = true;
    expect(await index.pins()).toEqual({ 'sales.orders@2': '20260101T000000000Z-aaaaaa' });
    const fresh = new RequestPins([contract('orders', [[2, 'current']])], new SnapshotIndex(reader, { refreshMs: 0 }), { waitMs: 50 });
    expect(await fresh.pins()).toEqual({});
  });
});
