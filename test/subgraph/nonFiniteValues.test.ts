import type { EdgeHub, StoreUnderTest, TextRow } from './helpers/edgeHub';
import { EDGE_STORES, startEdgeHub } from './helpers/edgeHub';

// Snapshots published before publish refused them may hold values no scalar can write: each costs its own field.
const ODD = `product: odd_values
domain: lab
owner: qa-team
description: Values outside what the API can write, as an older snapshot may hold them.
freshness: { warnAfter: 1d, errorAfter: 2d }
versions:
  - version: 1
    status: current
    primaryKey: [id]
    columns:
      - { name: id, type: int64 }
      - { name: f, type: double }
      - { name: dt, type: date }
      - { name: ts, type: timestamp }
`;

const ROWS: TextRow[] = [
  { id: '1', f: 'NaN', dt: '10000-01-01', ts: 'infinity' },
  { id: '2', f: 'Infinity', dt: '0044-03-15 (BC)', ts: '-infinity' },
  { id: '3', f: '-Infinity', dt: '9999-12-31', ts: '9999-12-31 23:59:59.999999' },
  { id: '4', f: '1e300', dt: '0001-01-01', ts: '0001-01-01 00:00:00' },
  { id: '5', f: '-0', dt: null, ts: null },
  { id: '6', f: null, dt: '1969-12-31', ts: '1969-12-31 23:59:59.999999' },
  { id: '7', f: 'NaN', dt: '2024-02-29', ts: '2024-02-29 12:00:00' },
];

type Err = { path?: (string | number)[]; extensions?: Record<string, unknown> };
const paths = (errors: Err[] | undefined): string[] => (errors ?? []).map((e) => `${e.path?.join('.')} ${String(e.extensions?.code)}`).sort();

describe.each(EDGE_STORES)('values a snapshot holds outside their scalar’s domain on %s', (_store, openStore) => {
  let sut: StoreUnderTest;
  let hub: EdgeHub;
  beforeAll(async () => {
    sut = await openStore();
    hub = await startEdgeHub({ 'lab/odd_values.yaml': ODD }, { store: sut.store });
    await hub.commit('lab.odd_values', 1, ROWS);
  }, 120_000);
  afterAll(async () => {
    await hub?.stop();
    await sut?.stop();
  }, 60_000);

  it('answer null with VALUE_OUT_OF_RANGE at their own path; every other value is served', async () => {
    const r = await hub.ask('{ oddValuesV1(first: 10) { nodes { id f dt ts } } }');
    expect((r.data!.oddValuesV1 as { nodes: unknown[] }).nodes).toEqual([
      { id: '1', f: null, dt: null, ts: null },
      { id: '2', f: null, dt: null, ts: null },
      { id: '3', f: null, dt: '9999-12-31', ts: '9999-12-31T23:59:59.999999Z' },
      { id: '4', f: 1e300, dt: '0001-01-01', ts: '0001-01-01T00:00:00.000000Z' },
      { id: '5', f: 0, dt: null, ts: null },
      { id: '6', f: null, dt: '1969-12-31', ts: '1969-12-31T23:59:59.999999Z' },
      { id: '7', f: null, dt: '2024-02-29', ts: '2024-02-29T12:00:00.000000Z' },
    ]);
    const at = (i: number, f: string): string => `oddValuesV1.nodes.${i}.${f} VALUE_OUT_OF_RANGE`;
    expect(paths(r.errors)).toEqual([at(0, 'dt'), at(0, 'f'), at(0, 'ts'), at(1, 'dt'), at(1, 'f'), at(1, 'ts'), at(2, 'f'), at(6, 'f')].sort());
  });

  it.each([['ASC'], ['DESC']])('sort and page on a double holding NaN and infinities (%s), each row once', async (direction) => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 20; i++) {
      const r = await hub.ask(`query($a: String) { oddValuesV1(first: 1, after: $a, orderBy: [{ field: F, direction: ${direction} }]) { nodes { id } pageInfo { hasNextPage endCursor } } }`, { a: after });
      expect(r.errors).toBeUndefined();
      const page = r.data!.oddValuesV1 as { nodes: { id: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
      seen.push(...page.nodes.map((n) => n.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    // DuckDB orders NaN above +Infinity; nulls last ascending, first descending.
    const ascending = ['3', '5', '4', '2', '1', '7', '6'];
    expect(seen).toEqual(direction === 'ASC' ? ascending : ['6', '1', '7', '2', '4', '5', '3']);
  });

  it('cost aggregates only the measures and keys that hold such values', async () => {
    const r = await hub.ask('{ oddValuesV1Aggregate(groupBy: [DT_YEAR]) { keys { dtYear } count min { f } } all: oddValuesV1Aggregate(where: { id: { lte: "5" } }) { count sum { f } avg { f } max { f dt ts } min { dt ts } } }');
    const groups = r.data!.oddValuesV1Aggregate as { keys: { dtYear: string | null }; count: string }[];
    expect(groups.map((g) => g.count).reduce((a, b) => a + Number(b), 0)).toBe(7);
    expect(r.data!.all).toEqual([{ count: '5', sum: { f: null }, avg: { f: null }, max: { f: null, dt: null, ts: null }, min: { dt: null, ts: null } }]);
    const errors = paths(r.errors);
    for (const p of ['all.0.sum.f', 'all.0.avg.f', 'all.0.max.f', 'all.0.max.dt', 'all.0.max.ts', 'all.0.min.dt', 'all.0.min.ts']) expect(errors).toContain(`${p} VALUE_OUT_OF_RANGE`);
    expect(errors.every((e) => e.endsWith('VALUE_OUT_OF_RANGE'))).toBe(true);
  });
});
