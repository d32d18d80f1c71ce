import { parseContract } from '../../engine/contract/parseContract';
import type { ProductContract } from '../../engine/contract/types';
import type { DetectionInput, VersionHistory } from '../../engine/governance/detectEvents';
import { detectEvents } from '../../engine/governance/detectEvents';
import { eventId } from '../../engine/governance/governanceEvent';
import type { Manifest } from '../../engine/snapshot/manifest';

const DAY = 86_400_000;
const NOW = Date.parse('2027-01-10T12:00:00Z');

const CONTRACT = parseContract('shop/orders.yaml', `product: orders
domain: shop
owner: shop-team
subscribers: [crm-team]
description: Orders.
freshness: { warnAfter: 1h, errorAfter: 2h }
versions:
  - version: 3
    status: current
    primaryKey: [order_id]
    columns: [{ name: order_id, type: int64 }, { name: email, type: string, pii: true }]
  - version: 2
    status: deprecated
    sunset: 2027-02-01
    deprecationReason: v3 splits the address.
    primaryKey: [order_id]
    columns: [{ name: order_id, type: int64 }]
  - version: 1
    status: retired
    primaryKey: [order_id]
    columns: [{ name: order_id, type: int64 }]
`);

function manifest(version: number, id: string, publishedAt: number, tests: Manifest['tests'] = []): Manifest {
  return { snapshotId: id, publishedAt: new Date(publishedAt).toISOString(), version, tests } as unknown as Manifest;
}

function history(contract: ProductContract, version: number, snapshots: Manifest[]): VersionHistory {
  return { contract, version: contract.versions.find((v) => v.version === version)!, snapshots };
}

function detect(overrides: Partial<DetectionInput>): { type: string; key?: string; data: Record<string, unknown> }[] {
  return detectEvents({ histories: [], failures: [], known: new Set(), now: NOW, since: 0, ...overrides })
    .map((e) => ({ type: e.type, data: e.data as unknown as Record<string, unknown> }));
}

describe('event detection', () => {
  it('announces deprecation, the most urgent sunset notice due, and retirement', () => {
    const h = (now: number) => detectEvents({ histories: [history(CONTRACT, 2, []), history(CONTRACT, 1, [])], failures: [], known: new Set(), now, since: 0 });
    const in22Days = h(NOW);
    expect(in22Days.map((e) => [e.type, e.data.version, e.data.daysBefore, e.data.daysLeft])).toEqual([
      ['version.deprecated', 2, undefined, undefined],
      ['version.sunset_approaching', 2, 30, 22],
      ['version.retired', 1, undefined, undefined],
    ]);
    expect(in22Days[0]!.data).toMatchObject({ status: 'deprecated', sunset: '2027-02-01', deprecationReason: 'v3 splits the address.', subscribers: ['crm-team'] });
    const in5Days = h(NOW + 17 * DAY);
    expect(in5Days.map((e) => [e.type, e.data.daysBefore, e.data.daysLeft])).toContainEqual(['version.sunset_approaching', 7, 5]);
    expect(in5Days.filter((e) => e.type === 'version.sunset_approaching')).toHaveLength(1);
    // The same state evaluated again gives the same ids; a new notice a new one.
    expect(h(NOW + DAY).map((e) => e.id)).toEqual(in22Days.map((e) => e.id));
    expect(new Set([...in22Days, ...in5Days].map((e) => e.id)).size).toBe(4);
    expect(h(Date.parse('2027-02-01T00:00:00Z')).map((e) => e.type)).not.toContain('version.sunset_approaching');
    expect(h(NOW - 60 * DAY).map((e) => e.type)).not.toContain('version.sunset_approaching');
  });

  it('judges freshness on the latest snapshot of each version not retired; history before the epoch is not news', () => {
    const old = manifest(3, 'S1', NOW - 3 * 60 * 60_000);
    const events = detect({ histories: [history(CONTRACT, 3, [old]), history(CONTRACT, 1, [manifest(1, 'R1', NOW - 10 * DAY)])], since: NOW - 60_000 });
    expect(events.map((e) => e.type)).toEqual(['freshness.warn', 'freshness.error', 'version.retired']);
    expect(events[0]!.data).toMatchObject({ product: 'shop.orders', version: 3, snapshot: 'S1', freshness: { status: 'warn', ageSeconds: 3 * 3600 } });
    const published = detect({ histories: [history(CONTRACT, 3, [old, manifest(3, 'S2', NOW - 1000)])], since: NOW - 60_000 });
    expect(published.map((e) => [e.type, e.data.snapshot])).toEqual([['snapshot.published', 'S2']]);
    const recovered = detect({ histories: [history(CONTRACT, 3, [old, manifest(3, 'S2', NOW - 1000)])], since: NOW - 60_000, known: new Set([eventId('freshness.warn/shop.orders/v3/S1')]) });
    expect(recovered.map((e) => [e.type, e.data.snapshot])).toEqual([['snapshot.published', 'S2'], ['freshness.recovered', 'S2']]);
  });

  it('reports warn-severity failures without messages of pii columns', () => {
    const tests: Manifest['tests'] = [
      { name: 'unique(email)', kind: 'unique', column: 'email', severity: 'warn', status: 'fail', failures: 2, message: 'expected none, found 2' },
      { name: 'not_null(order_id)', kind: 'not_null', column: 'order_id', severity: 'warn', status: 'fail', failures: 1, message: 'expected none, found 1' },
      { name: 'not_empty', kind: 'not_empty', severity: 'error', status: 'pass', failures: 0 },
    ];
    const events = detect({ histories: [history(CONTRACT, 3, [manifest(3, 'S1', NOW - 1000, tests)])] });
    expect(events.map((e) => e.type)).toEqual(['version.added', 'snapshot.published', 'quality.warned']);
    expect(events[2]!.data.tests).toEqual([
      { name: 'unique(email)', kind: 'unique', column: 'email', failures: 2, message: null },
      { name: 'not_null(order_id)', kind: 'not_null', column: 'order_id', failures: 1, message: 'expected none, found 1' },
    ]);
  });
});
