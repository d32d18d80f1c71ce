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

/**
 * Times several ways of doing the same thing, interleaved: `warmup` untimed rounds, then `count` rounds in which every
 * call runs once with the same iteration number, starting with a different call each round. On a shared machine a
 * slow spell then hits every way alike, so their ratios stay meaningful. Returns one summary per call, in order.
 */
export async function measureInterleaved(calls: ((i: number) => Promise<unknown>)[], count: number, warmup: number): Promise<LatencyStats[]> {
  for (let i = 0; i < warmup; i++) for (const call of calls) await call(i);
  const durations: number[][] = calls.map(() => []);
  for (let i = 0; i < count; i++) {
    for (let k = 0; k < calls.length; k++) {
      const which = (i + k) % calls.length;
      const start = process.hrtime.bigint();
      await calls[which]!(warmup + i);
      durations[which]!.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
  }
  return durations.map(summarise);
}

/** Throughput of `clients` concurrent callers sharing `total` calls. */
export interface ThroughputStats {
  clients: number;
  requests: number;
  seconds: number;
  perSecond: number;
  latency: LatencyStats;
}

/** Runs calls `from`..`from + count - 1` with `clients` in flight; pushes each latency; resolves with the seconds taken. */
async function runConcurrent(call: (i: number) => Promise<unknown>, from: number, count: number, clients: number, durations: number[]): Promise<number> {
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: clients }, async () => {
    for (let i = next++; i < count; i = next++) {
      const t = process.hrtime.bigint();
      await call(from + i);
      durations.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
  }));
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/** Runs `total` calls with `clients` in flight at a time and reports requests per second. */
export async function measureConcurrent(call: (i: number) => Promise<unknown>, total: number, clients: number): Promise<ThroughputStats> {
  const durations: number[] = [];
  const seconds = await runConcurrent(call, 0, total, clients, durations);
  return { clients, requests: total, seconds, perSecond: total / seconds, latency: summarise(durations) };
}

/**
 * Throughput of several ways at `clients` concurrent callers each, in `rounds` alternating rounds (way 1, way 2, …,
 * then again), `total` calls per way in all: a slow spell of a shared machine then falls on every way alike.
 */
export async function measureConcurrentRounds(calls: ((i: number) => Promise<unknown>)[], total: number, clients: number, rounds: number): Promise<ThroughputStats[]> {
  const durations: number[][] = calls.map(() => []);
  const seconds = calls.map(() => 0);
  let done = 0;
  for (let r = 0; r < rounds; r++) {
    const count = Math.floor((total * (r + 1)) / rounds) - done;
    for (let k = 0; k < calls.length; k++) seconds[k]! += await runConcurrent(calls[k]!, done, count, clients, durations[k]!);
    done += count;
  }
  return calls.map((_, k) => ({ clients, requests: total, seconds: seconds[k]!, perSecond: total / seconds[k]!, latency: summarise(durations[k]!) }));
}
