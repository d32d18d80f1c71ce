import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { prepareStore } from '../../bench/benchStore';
import { runBench } from '../../bench/runBench';

/** `npm run bench -- --smoke`, in process: the benchmark must keep running end to end and asking the same questions. */
describe('benchmark smoke run', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tessera-bench-test-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('measures every family three ways with the same answers, and judges every target', async () => {
    const lines: string[] = [];
    const { result, report } = await runBench({
      orders: 2_000, growthOrders: 0, threads: 1, memoryLimit: '512MB', smoke: true, storeDir: dir, repoRoot: resolve('.'),
      command: 'jest', log: (line) => lines.push(line),
    });
    const main = result.scales[result.scales.length - 1]!;
    expect(main.orders).toBe(2_000);
    expect(main.families.map((f) => f.id)).toEqual(['Q1', 'Q2', 'Q3', 'Q4', 'Q5']);
    for (const f of main.families) {
      expect({ id: f.id, check: f.check, consistent: f.consistent }).toEqual({ id: f.id, check: expect.stringMatching(/^same answer/), consistent: true });
      for (const stats of [f.gateway, f.direct, f.reference]) {
        expect(stats.count).toBeGreaterThan(0);
        expect(stats.p50).toBeGreaterThan(0);
        expect(stats.p99).toBeGreaterThanOrEqual(stats.p50);
      }
      expect(Number.isFinite(f.ratios.gatewayVsDuckdb)).toBe(true);
    }
    expect(main.throughput.map((t) => [t.id, t.clients, t.gateway.requests])).toEqual([['Q1', 8, 16], ['Q2', 8, 16]]);
    // The gateway serves exports: a smoke run that could not measure Q6 means the export path broke.
    expect(main.export).toMatchObject({ measured: true, consistent: true });
    for (const name of ['sales', 'customers', 'merchandising', 'platform', 'gateway']) expect(main.peakRssBytes[name]).toBeGreaterThan(0);
    expect(result.targets).toHaveLength(9);
    expect(report).toContain('| Q5 100 customers');
    expect(report).toMatch(/\| (MET|MISSED) \|/);
  }, 90_000);

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
