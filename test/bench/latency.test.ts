import { measureConcurrent, quantile, summarise } from '../../bench/lib/latency';

describe('benchmark statistics', () => {
  it('takes nearest-rank quantiles', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(quantile(sorted, 0.5)).toBe(50);
    expect(quantile(sorted, 0.99)).toBe(99);
    expect(quantile([7], 0.99)).toBe(7);
  });

  it('summarises unsorted durations', () => {
    expect(summarise([3, 1, 2])).toEqual({ count: 3, p50: 2, p99: 3, mean: 2, min: 1, max: 3 });
  });

  it('runs every call exactly once across concurrent clients', async () => {
    const seen: number[] = [];
    const stats = await measureConcurrent(async (i) => { seen.push(i); await new Promise((r) => setImmediate(r)); }, 50, 8);
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(stats.requests).toBe(50);
    expect(stats.latency.count).toBe(50);
  });
});
