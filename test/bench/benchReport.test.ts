import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchResult } from '../../bench/benchResult';
import { mainScaleOf } from '../../bench/benchResult';
import type { ScaleResult } from '../../bench/measureScale';
import { formatReport } from '../../bench/report';
import { GROWTH_FAMILIES } from '../../bench/runBench';
import { evaluateTargets } from '../../bench/targets';

const RESULTS = 'bench/results';
const saved = (file: string): BenchResult => JSON.parse(readFileSync(join(RESULTS, file), 'utf8')) as BenchResult;

/** A saved run from before growth scales were a list: 1M (Q1, Q2 only), then the main 5M scale. */
const OLD = '20261202T042647Z-orders-5000000.json';

/** The main scale of a saved run at another scale, with the growth families only and their gateway p50 times `factor[id]`. */
function scaledCopy(scale: ScaleResult, orders: number, factor: Record<string, number>): ScaleResult {
  const copy = structuredClone(scale);
  copy.orders = orders;
  copy.families = copy.families.filter((f) => GROWTH_FAMILIES.includes(f.id));
  for (const f of copy.families) f.gateway.p50 *= factor[f.id] ?? 1;
  copy.throughput = [];
  delete copy.export;
  delete copy.peer;
  return copy;
}

describe('benchmark report and targets', () => {
  it('reprints every saved run, the older ones with one smaller scale of Q1 and Q2 included', () => {
    const files = readdirSync(RESULTS).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(12);
    for (const file of files) {
      const result = saved(file);
      const report = formatReport(result);
      expect(report).toContain(`### Latency at ${mainScaleOf(result).orders / 1e6}M orders`);
      expect(report).toContain('### Targets');
      expect(report.includes('### Growth with data')).toBe(result.scales.length > 1);
    }
    const report = formatReport(saved(OLD));
    expect(report).toContain('| query | p50 ms at 1M (gateway / direct / DuckDB) | p50 ms at 5M (gateway / direct / DuckDB) | growth 1M → 5M (gateway / DuckDB) | answers |');
    expect(report).toContain('| Q1 | 4.72 / 2.04 / 2.83 | 4.20 / 1.82 / 4.12 | 0.89x / 1.46x | same |');
    expect(report).toContain('| Q2 | 8.14 / 5.03 / 3.31 | 8.04 / 5.84 / 3.65 | 0.99x / 1.10x | same |');
    expect(report).toContain('| Q1 gateway p50 growth 1M → 5M | < 1.5x | 0.89x | MET |');
  });

  it('judges Q1/Q4/Q5 growth, peak RSS and the snapshot open at the largest scale, 20M orders', () => {
    const old = saved(OLD);
    const [small, main] = old.scales as [ScaleResult, ScaleResult];
    const oneM = scaledCopy(main, 1_000_000, {});
    const twentyM = scaledCopy(main, 20_000_000, { Q1: 1.2, Q4: 1.3, Q5: 0.9 });
    twentyM.peakRssBytes.sales = 1.5 * 1024 ** 3;
    twentyM.lookupTables = [{ subgraph: 'sales', snapshot: 'sales.orders@2@x', rows: 20_000_000, buildMs: 24_000, bytes: 1 }];
    twentyM.lookupTableFailures = 0;
    const targets = evaluateTargets([oneM, main, twentyM], main);
    const byName = Object.fromEntries(targets.map((t) => [t.name, [t.value, t.met]]));
    expect(byName).toMatchObject({
      'Q1 gateway p50 growth 1M → 5M': ['1.00x', true],
      'Q1 gateway p50 growth 1M → 20M': ['1.20x', true],
      'Q4 gateway p50 growth 1M → 20M': ['1.30x', false],
      'Q5 gateway p50 growth 1M → 20M': ['0.90x', true],
      'largest subgraph peak RSS (sales)': ['746 MB', true],
      'largest subgraph peak RSS at 20M (sales)': ['1536 MB', false],
      'snapshot open (lookup-table build) per million rows at 20M': ['sales.orders (in sales) 1.20 s', true],
    });
    expect(targets).toHaveLength(21);
    // The old run judged at its own largest scale, 5M, says so; its 1M scale has no Q4 nor Q5.
    const oldTargets = Object.fromEntries(evaluateTargets([small, main], main).map((t) => [t.name, [t.value, t.met]]));
    const note = ' (the largest scale run; the target is at 20M)';
    expect(oldTargets).toMatchObject({
      [`Q1 gateway p50 growth 1M → 5M${note}`]: ['0.89x', true],
      [`Q4 gateway p50 growth 1M → 5M${note}`]: ['not measured', null],
      [`snapshot open (lookup-table build) per million rows at 5M${note}`]: ['customers.customers (in customers) 1.47 s, sales.orders (in sales) 1.11 s', true],
    });
  });

  it('shows every scale side by side, and a larger scale that failed in the report and the targets', () => {
    const old = saved(OLD);
    const main = old.scales[1]!;
    const oneM = scaledCopy(main, 1_000_000, {});
    const twentyM = scaledCopy(main, 20_000_000, { Q1: 1.1, Q2: 2, Q4: 1.2, Q5: 1.05 });
    const three: BenchResult = { ...old, scales: [oneM, main, twentyM], mainOrders: 5_000_000 };
    three.targets = evaluateTargets(three.scales, main);
    const report = formatReport(three);
    expect(report).toContain('### Latency at 5M orders');
    expect(report).toContain('| query | p50 ms at 1M (gateway / direct / DuckDB) | p50 ms at 5M (main) (gateway / direct / DuckDB) | p50 ms at 20M (gateway / direct / DuckDB) | growth 1M → 5M (gateway / DuckDB) | growth 1M → 20M (gateway / DuckDB) | answers |');
    expect(report).toContain('| Q2 | 8.04 / 5.84 / 3.65 | 8.04 / 5.84 / 3.65 | 16.1 / 5.84 / 3.65 | 1.00x / 1.00x | 2.00x / 1.00x | same |');
    expect(report).toContain('| query | p99 ms at 1M (gateway / direct / DuckDB) | p99 ms at 5M (gateway / direct / DuckDB) | p99 ms at 20M (gateway / direct / DuckDB) |');
    expect(report).toContain('| process | peak RSS at 1M | peak RSS at 5M | peak RSS at 20M |');

    const failed: BenchResult = { ...old, scales: [oneM, main], mainOrders: 5_000_000, failedScales: [{ orders: 20_000_000, reason: 'the sales subgraph exited' }] };
    failed.targets = evaluateTargets(failed.scales, main, failed.failedScales);
    const failedReport = formatReport(failed);
    expect(failedReport).toContain('20M orders: not measured, the scale failed (the sales subgraph exited).');
    expect(failedReport).toContain('| Q1 gateway p50 growth 1M → 5M (20M failed: the largest measured scale) | < 1.3x | 1.00x | MET |');
  });
});
