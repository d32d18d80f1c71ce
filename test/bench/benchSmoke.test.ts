import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { mainScaleOf } from '../../bench/benchResult';
import { prepareStore } from '../../bench/benchStore';
import { findPostgres } from '../../bench/postgres/findPostgres';
import { GROWTH_FAMILIES, runBench, SMOKE_SCALES } from '../../bench/runBench';

/** `npm run bench -- --smoke`, in process: the benchmark must keep running end to end and asking the same questions. */
describe('benchmark smoke run', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tessera-bench-test-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('measures every family three ways (five with the PostgreSQL peer) with the same answers, the growth families at a smaller and a larger scale, and judges every target', async () => {
    // CI installs PostgreSQL (.ci/run), so there the peer always runs; elsewhere the run must skip it, not fail.
    const postgres = await findPostgres();
    if (process.env.CI) expect(postgres).toBeDefined();
    const lines: string[] = [];
    const { result, report } = await runBench({
      orders: SMOKE_SCALES.orders, growthOrders: SMOKE_SCALES.growthOrders, threads: 1, memoryLimit: '512MB', smoke: true, storeDir: dir, repoRoot: resolve('.'),
      command: 'jest', log: (line) => lines.push(line),
    });
    expect(SMOKE_SCALES).toEqual({ orders: 2_000, growthOrders: [500, 3_000] });
    expect(result.scales.map((s) => s.orders)).toEqual([500, 2_000, 3_000]);
    expect(result.failedScales).toBeUndefined();
    const main = mainScaleOf(result);
    expect(main.orders).toBe(2_000);
    for (const growth of [result.scales[0]!, result.scales[2]!]) {
      // Each growth scale ran its own hub over its own store: its own lookup-table builds and peak RSS.
      expect(growth.families.map((f) => [f.id, f.consistent, f.gateway.count, f.reference.count])).toEqual(GROWTH_FAMILIES.map((id) => [id, true, result.settings.counts.latency[id], result.settings.counts.latency[id]]));
      expect(growth.families.every((f) => f.gateway.p50 > 0 && f.direct.p99 >= f.direct.p50)).toBe(true);
      expect(growth.throughput).toEqual([]);
      expect(growth.export).toBeUndefined();
      expect(growth.lookupTables?.find((t) => t.subgraph === 'sales' && t.snapshot.startsWith('sales.orders@2@'))?.rows).toBe(growth.orders);
      expect(growth.lookupTableFailures).toBe(0);
      for (const name of ['sales', 'customers', 'merchandising', 'platform', 'gateway']) expect(growth.peakRssBytes[name]).toBeGreaterThan(0);
    }
    expect(main.families.map((f) => f.id)).toEqual(['Q1', 'Q2', 'Q3', 'Q4', 'Q5']);
    for (const f of main.families) {
      expect({ id: f.id, check: f.check, consistent: f.consistent }).toEqual({ id: f.id, check: expect.stringMatching(/^same answer/), consistent: true });
      for (const stats of [f.gateway, f.direct, f.reference]) {
        expect(stats.count).toBeGreaterThan(0);
        expect(stats.p50).toBeGreaterThan(0);
        expect(stats.p99).toBeGreaterThanOrEqual(stats.p50);
      }
      expect(Number.isFinite(f.ratios.gatewayVsDuckdb)).toBe(true);
      if (postgres) {
        expect(f.check).toContain('PostGraphile, PostgreSQL');
        for (const stats of [f.peer!.postgraphile, f.peer!.postgres]) expect(stats.count).toBe(f.gateway.count);
        expect(Number.isFinite(f.peer!.ratios.gatewayVsPostgraphile)).toBe(true);
      } else expect(f.peer).toBeUndefined();
    }
    expect(main.throughput.map((t) => [t.id, t.clients, t.gateway.requests, t.peer?.postgraphile.requests ?? null])).toEqual(
      ['Q1', 'Q2', 'Q3', 'Q4', 'Q5'].map((id) => [id, 8, 16, postgres ? 16 : null]));
    // CPU per request, by process, for every throughput family (and the peer's when it ran).
    expect(main.cpu?.map((c) => [c.id, Object.keys(c.tessera).sort(), c.peer !== undefined])).toEqual(
      ['Q1', 'Q2', 'Q3', 'Q4', 'Q5'].map((id) => [id, ['customers', 'gateway', 'merchandising', 'platform', 'sales'], postgres !== undefined]));
    for (const c of main.cpu ?? []) for (const v of [...Object.values(c.tessera), c.peer?.postgraphile ?? 0]) expect(v).toBeGreaterThanOrEqual(0);
    expect(report).toContain('### CPU per request at 2k orders');
    if (postgres) {
      expect(result.peer).toEqual({ measured: true });
      expect(main.peer?.load).toMatchObject({ orders: 2_000, customers: 200 });
      expect(main.peer?.load.indexes).toEqual(expect.arrayContaining(['customers (customer_id)', 'orders (order_id)', 'orders (customer_id, ordered_at)', 'orders (ordered_at, order_id)']
        .map((on) => expect.stringContaining(`ON public.${on.replace(' ', ' USING btree ')}`))));
      expect(main.peakRssBytes.postgraphile).toBeGreaterThan(0);
      expect(report).toContain('### Against PostgreSQL + PostGraphile at 2k orders');
    } else {
      expect(result.peer).toMatchObject({ measured: false, reason: expect.stringContaining('not installed') });
      expect(lines).toContainEqual(expect.stringMatching(/^skipping the PostgreSQL \+ PostGraphile peer: PostgreSQL is not installed/));
    }
    // The gateway serves exports: a smoke run that could not measure Q6 means the export path broke.
    expect(main.export).toMatchObject({ measured: true, consistent: true });
    for (const name of ['sales', 'customers', 'merchandising', 'platform', 'gateway']) expect(main.peakRssBytes[name]).toBeGreaterThan(0);
    expect(result.targets).toHaveLength(21);
    const note = ' (the largest scale run; the target is at 20M)';
    expect(result.targets.filter((t) => /growth|at 3k/.test(t.name)).map((t) => [t.name, t.target, t.met === null])).toEqual([
      ['Q1 gateway p50 growth 500 → 2k', '< 1.5x', false], ['Q2 gateway p50 growth 500 → 2k', '< 1.5x', false],
      [`Q1 gateway p50 growth 500 → 3k${note}`, '< 1.3x', false], [`Q4 gateway p50 growth 500 → 3k${note}`, '< 1.3x', false],
      [`Q5 gateway p50 growth 500 → 3k${note}`, '< 1.3x', false], [expect.stringMatching(/^largest subgraph peak RSS at 3k \((sales|customers|merchandising|platform)\) \(the largest scale run; the target is at 20M\)$/), '≤ 1 GB', false],
      [`snapshot open (lookup-table build) per million rows at 3k${note}`, 'reported', false],
    ]);
    expect(report).toContain('| p50 ms at 500 (gateway / direct / DuckDB) | p50 ms at 2k (main) (gateway / direct / DuckDB) | p50 ms at 3k (gateway / direct / DuckDB) | growth 500 → 2k (gateway / DuckDB) | growth 500 → 3k (gateway / DuckDB) | answers |');
    expect(report).toMatch(/^\| Q5 \| [^|]+ \| [^|]+ \| [^|]+ \| [\d.]+x \/ [\d.]+x \| [\d.]+x \/ [\d.]+x \| same \|$/m);
    expect(result.targets.filter((t) => /PostGraphile/.test(t.name)).every((t) => (t.met === null) === !postgres)).toBe(true);
    expect(report).toContain('| Q5 100 customers');
    expect(report).toMatch(/\| (MET|MISSED) \|/);
  }, 150_000);

  it('reuses a store that already holds the scale, and regenerates one that does not', async () => {
    const log = (): void => undefined;
    const reused = await prepareStore(dir, 2_000, 1, log);
    expect(reused.generatedSeconds).toBeUndefined();
    expect(reused.files.orders.length).toBeGreaterThan(0);
    const fresh = await prepareStore(dir, 300, 1, log);
    expect(fresh.generatedSeconds).toBeGreaterThan(0);
    expect(fresh.sizes).toEqual({ orders: 300, customers: 30, products: 1 });
  }, 60_000);
});
