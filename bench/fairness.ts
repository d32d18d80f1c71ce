import { resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { DEFAULT_CONFIG } from '../engine/config';
import { prepareStore } from './benchStore';
import { post } from './hubClient';
import type { LatencyStats } from './lib/latency';
import { summarise } from './lib/latency';
import { orderByKey } from './queries/orderByKey';
import { ordersByStatusMonth } from './queries/ordersByStatusMonth';
import { startBenchHub } from './startBenchHub';

function wholeNumber(raw: string): number {
  const n = Number(raw.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`expected a whole number, got "${raw}"`);
  return n;
}

/** How one request ended: answered, refused by a rate limit or admission control, or failed otherwise (by code). */
type Outcome = 'ok' | 'RATE_LIMITED' | string;

/** Sends one GraphQL request through the gateway with `key` and classifies the answer. */
async function ask(url: string, key: string, body: unknown): Promise<Outcome> {
  const text = JSON.stringify(body);
  // no-cache: every request is asked of the subgraphs, as the fairness it measures is theirs.
  const res = await post(url, text, { 'content-type': 'application/json', authorization: `Bearer ${key}`, 'cache-control': 'no-cache' });
  const chunks: Buffer[] = [];
  for await (const chunk of res) chunks.push(chunk as Buffer);
  const answer = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { errors?: { extensions?: { code?: string } }[] };
  if (res.statusCode === 200 && !answer.errors?.length) return 'ok';
  return answer.errors?.[0]?.extensions?.code ?? `HTTP ${res.statusCode}`;
}

function count(outcomes: Outcome[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of outcomes) counts[o] = (counts[o] ?? 0) + 1;
  return counts;
}

/** Key lookups one after another with the light caller's key: latencies of the answered ones, and every outcome. */
async function lookups(url: string, key: string, request: (i: number) => unknown, from: number, n: number): Promise<{ stats: LatencyStats; outcomes: Outcome[] }> {
  const durations: number[] = [];
  const outcomes: Outcome[] = [];
  for (let i = 0; i < n; i++) {
    const start = process.hrtime.bigint();
    const outcome = await ask(url, key, request(from + i));
    outcomes.push(outcome);
    if (outcome === 'ok') durations.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return { stats: summarise(durations), outcomes };
}

/**
 * `npx tsx bench/fairness.ts [-- options]`: key-lookup latency of one caller, idle and while heavy callers (each with
 * its own API key) send aggregates over the whole orders snapshot as fast as they are answered. See bench/README.md.
 */
async function main(): Promise<void> {
  const program = new Command('fairness')
    .description('key-lookup p50 idle vs under heavy aggregate clients, through the gateway of a generated hub')
    .option('--orders <n>', 'orders of the generated sample', wholeNumber, 1_000_000)
    .option('--heavy <n>', 'heavy clients, each its own caller', wholeNumber, 8)
    .option('--lookups <n>', 'timed key lookups per phase', wholeNumber, 200)
    .option('--threads <n>', 'DuckDB threads per subgraph', wholeNumber, DEFAULT_CONFIG.duckdbThreads)
    .option('--memory-limit <size>', 'DuckDB memory limit per subgraph', DEFAULT_CONFIG.duckdbMemoryLimit)
    .option('--store <dir>', 'folder of the generated stores, reused across runs', 'bench/store');
  program.parse();
  const o = program.opts<{ orders: number; heavy: number; lookups: number; threads: number; memoryLimit: string; store: string }>();
  const log = (line: string): void => console.error(line);
  const store = await prepareStore(resolve(o.store), o.orders, o.threads, log);
  const heavySubjects = Array.from({ length: o.heavy }, (_, i) => `heavy-${i + 1}`);
  const hub = await startBenchHub({ repoRoot: process.cwd(), storeRoot: store.root, threads: o.threads, memoryLimit: o.memoryLimit, subjects: ['light', ...heavySubjects] });
  try {
    const lookup = orderByKey(store.sizes).gateway;
    const aggregate = ordersByStatusMonth(store.sizes).gateway;
    const light = hub.keys.light!;
    log('warming up');
    await lookups(hub.gatewayUrl, light, lookup, 0, 30);
    for (let i = 0; i < 3; i++) await ask(hub.gatewayUrl, hub.apiKey, aggregate(i));
    log(`idle: ${o.lookups} key lookups`);
    const idle = await lookups(hub.gatewayUrl, light, lookup, 1000, o.lookups);

    log(`loaded: ${o.heavy} heavy clients, ${o.lookups} key lookups`);
    let running = true;
    const heavyOutcomes: Outcome[] = [];
    const heavyClients = heavySubjects.map(async (subject, c) => {
      for (let i = 0; running; i++) {
        const outcome = await ask(hub.gatewayUrl, hub.keys[subject]!, aggregate(c * 100_000 + i));
        heavyOutcomes.push(outcome);
        // A refused client waits a moment before its next try, as a client honouring the retry hint would (briefly).
        if (outcome === 'RATE_LIMITED') await new Promise((r) => setTimeout(r, 100));
      }
    });
    // Let the heavy clients fill the queues before timing.
    await new Promise((r) => setTimeout(r, 3000));
    const loadedStart = Date.now();
    const loaded = await lookups(hub.gatewayUrl, light, lookup, 5000, o.lookups);
    const loadedSeconds = (Date.now() - loadedStart) / 1000;
    running = false;
    await Promise.all(heavyClients);

    const result = {
      orders: o.orders, heavyClients: o.heavy, threads: o.threads, lookups: o.lookups,
      idle: { p50: idle.stats.p50, p99: idle.stats.p99, outcomes: count(idle.outcomes) },
      loaded: { p50: loaded.stats.p50, p99: loaded.stats.p99, outcomes: count(loaded.outcomes), seconds: loadedSeconds },
      ratioP50: loaded.stats.p50 / idle.stats.p50,
      heavy: count(heavyOutcomes),
    };
    console.log(JSON.stringify(result, null, 2));
    console.log(`\nkey lookup p50: idle ${idle.stats.p50.toFixed(1)} ms, under ${o.heavy} heavy clients ${loaded.stats.p50.toFixed(1)} ms ` +
      `(${result.ratioP50.toFixed(2)}x; target ≤ 3x); p99 ${idle.stats.p99.toFixed(1)} / ${loaded.stats.p99.toFixed(1)} ms; ` +
      `lookups answered ${loaded.outcomes.filter((x) => x === 'ok').length}/${o.lookups}; heavy requests ${JSON.stringify(result.heavy)}`);
  } finally {
    await hub.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
