import type { LatencyStats } from './lib/latency';
import { measureInterleaved } from './lib/latency';
import { gatewayHeaders, graphql } from './hubClient';
import type { QueryFamily } from './queries/family';
import type { BenchHub } from './startBenchHub';

/** One query asked again and again through the gateway: answered from its answer cache, and with `no-cache`. */
export interface AnswerCacheResult {
  id: string;
  title: string;
  cached: LatencyStats;
  uncached: LatencyStats;
  /** cached p50 ÷ uncached p50 (below 1: the cache saves time). */
  ratio: number;
}

/**
 * Times the first request of each family repeated, interleaved: through the gateway's answer cache (the snapshots
 * do not change during the run, so every timed request after the first is a hit), and the same request with
 * `Cache-Control: no-cache`, which asks the subgraphs every time.
 */
export async function measureAnswerCache(families: QueryFamily[], hub: BenchHub, count: number, warmup: number, log: (line: string) => void): Promise<AnswerCacheResult[]> {
  const results: AnswerCacheResult[] = [];
  const cachedHeaders = gatewayHeaders(hub.apiKey, true);
  const uncachedHeaders = gatewayHeaders(hub.apiKey);
  for (const family of families) {
    const request = family.gateway(0);
    const [cached, uncached] = await measureInterleaved([
      () => graphql(hub.gatewayUrl, request, cachedHeaders),
      () => graphql(hub.gatewayUrl, request, uncachedHeaders),
    ], count, warmup) as [LatencyStats, LatencyStats];
    log(`  ${family.id} repeated: cached p50 ${cached.p50.toFixed(2)} ms, uncached ${uncached.p50.toFixed(2)} ms`);
    results.push({ id: family.id, title: family.title, cached, uncached, ratio: cached.p50 / uncached.p50 });
  }
  return results;
}
