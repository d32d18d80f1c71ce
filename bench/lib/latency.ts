/** Latency figures of a series of timed calls, in milliseconds. */
export interface LatencyStats {
  count: number;
  p50: number;
  p99: number;
  mean: number;
  min: number;
  max: number;
}

/** The q-th quantile (0..1) of sorted values, by nearest rank. */
export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}

/** Summarises durations (ms). */
export function summarise(durations: number[]): LatencyStats {
  const sorted = [...durations].sort((a, b) => a - b);
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    count: sorted.length,
    p50: quantile(sorted, 0.5),
    p99: quantile(sorted, 0.99),
    mean: sorted.length ? sum / sorted.length : Number.NaN,
    min: sorted[0] ?? Number.NaN,
    max: sorted[sorted.length - 1] ?? Number.NaN,
  };
}

/**
 * Runs `call` `warmup` times untimed, then `count` times one after another, and returns the latencies.
 * `call` receives the iteration number so callers can vary keys deterministically.
 */
export async function measureSequential(call: (i: number) => Promise<unknown>, count: number, warmup: number): Promise<LatencyStats> {
  for (let i = 0; i < warmup; i++) await call(i);
  const durations: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = process.hrtime.bigint();
    await call(warmup + i);
    durations.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return summarise(durations);
}

/** Throughput of `clients` concurrent callers sharing `total` calls. */
export interface ThroughputStats {
  clients: number;
  requests: number;
  seconds: number;
  perSecond: number;
  latency: LatencyStats;
}

/** Runs `total` calls with `clients` in flight at a time and reports requests per second. */
export async function measureConcurrent(call: (i: number) => Promise<unknown>, total: number, clients: number): Promise<ThroughputStats> {
  let next = 0;
  const durations: number[] = [];
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: clients }, async () => {
    for (let i = next++; i < total; i = next++) {
      const t = process.hrtime.bigint();
      await call(i);
      durations.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
  }));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { clients, requests: total, seconds, perSecond: total / seconds, latency: summarise(durations) };
}
