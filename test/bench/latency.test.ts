import { measureConcurrent, measureConcurrentRounds, measureInterleaved, quantile, summarise } from '../../bench/lib/latency';

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

describe('interleaved and alternating measurements', () => {
  it('runs every way once per round with the same iteration number, rotating which goes first', async () => {
    const order: string[] = [];
    const ways = ['a', 'b', 'c'].map((name) => async (i: number) => { order.push(`${name}${i}`); });
    const stats = await measureInterleaved(ways, 3, 1);
    expect(order).toEqual(['a0', 'b0', 'c0', 'a1', 'b1', 'c1', 'b2', 'c2', 'a2', 'c3', 'a3', 'b3']);
    expect(stats.map((s) => s.count)).toEqual([3, 3, 3]);
  });

  it('gives each way all its calls across alternating rounds', async () => {
    const seen: number[][] = [[], []];
    const ways = [0, 1].map((k) => async (i: number) => { seen[k]!.push(i); await new Promise((r) => setImmediate(r)); });
    const stats = await measureConcurrentRounds(ways, 10, 3, 4);
    for (const s of seen) expect(s.sort((a, b) => a - b)).toEqual(Array.from({ length: 10 }, (_, i) => i));
    expect(stats.map((s) => [s.requests, s.latency.count, s.clients])).toEqual([[10, 10, 3], [10, 10, 3]]);
  });
});
