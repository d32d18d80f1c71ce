import type { LatencyStats, ThroughputStats } from './lib/latency';
import { measureConcurrentRounds, measureInterleaved } from './lib/latency';
import type { BenchHub } from './startBenchHub';
import { gatewayHeaders, graphql, signedHeaders } from './hubClient';
import type { QueryFamily } from './queries/family';
import type { ReferenceEngine } from './referenceEngine';

/** Latency of one family three ways, with the two ratios every figure carries. */
export interface FamilyResult {
  id: string;
  title: string;
  directNote?: string;
  /** Whether the gateway and DuckDB gave the same answer to the same request (checked before timing). */
  consistent: boolean;
  check: string;
  gateway: LatencyStats;
  direct: LatencyStats;
  reference: LatencyStats;
  /** p50 ratios: gateway/DuckDB (the target), direct/DuckDB (the subgraph's cost), and (gateway−direct)/gateway. */
  ratios: { gatewayVsDuckdb: number; directVsDuckdb: number; gatewayShare: number };
}

/** Throughput of one family at a number of concurrent clients, three ways. */
export interface ThroughputResult {
  id: string;
  clients: number;
  gateway: ThroughputStats;
  direct: ThroughputStats;
  reference: ThroughputStats;
}

/** How many requests to time. */
export interface RequestCounts {
  /** Timed sequential requests per family and path. */
  latency: Record<string, number>;
  /** Untimed requests first. */
  warmup: number;
  /** Requests of each concurrent run. */
  throughput: number;
  clients: number;
}

/** The three ways of asking a family's question. */
export interface Askers {
  gateway(i: number): Promise<unknown>;
  direct(i: number): Promise<unknown>;
  reference(i: number): Promise<Record<string, unknown>[]>;
}

/** The callers of a family against a running hub and the reference engine. */
export function askers(family: QueryFamily, hub: BenchHub, reference: ReferenceEngine): Askers {
  const viaGateway = gatewayHeaders(hub.apiKey);
  const signed = signedHeaders(hub.secret);
  const directUrl = hub.subgraphUrls[family.subgraph];
  if (!directUrl) throw new Error(`expected a running ${family.subgraph} subgraph, found none`);
  return {
    gateway: (i) => graphql(hub.gatewayUrl, family.gateway(i), viaGateway),
    direct: (i) => graphql(directUrl, family.direct(i), signed),
    reference: (i) => reference.query(family.reference(i)),
  };
}

/** Compares the gateway's and DuckDB's answers to requests 0..n-1 of a family. */
async function check(family: QueryFamily, ask: Askers, n: number): Promise<{ consistent: boolean; check: string }> {
  for (let i = 0; i < n; i++) {
    const [data, rows] = await Promise.all([ask.gateway(i), ask.reference(i)]);
    await ask.direct(i);
    const got = family.fingerprintGraphQL(data);
    const want = family.fingerprintSql(rows);
    if (got !== want) return { consistent: false, check: `request ${i}: gateway ${got.slice(0, 120)}… vs DuckDB ${want.slice(0, 120)}…` };
  }
  return { consistent: true, check: `same answer on ${n} requests` };
}

/**
 * Checks one family, then times it through the gateway, straight to its subgraph and on DuckDB, interleaved request
 * by request (the same keys each way).
 */
export async function measureFamily(family: QueryFamily, ask: Askers, counts: RequestCounts, log: (line: string) => void): Promise<FamilyResult> {
  const verdict = await check(family, ask, Math.min(3, counts.latency[family.id] ?? 3));
  if (!verdict.consistent) log(`  ${family.id} answers differ: ${verdict.check}`);
  const n = counts.latency[family.id] ?? 20;
  const [gateway, direct, reference] = await measureInterleaved([ask.gateway, ask.direct, ask.reference], n, counts.warmup) as [LatencyStats, LatencyStats, LatencyStats];
  log(`  ${family.id}: gateway p50 ${gateway.p50.toFixed(2)} ms, direct ${direct.p50.toFixed(2)} ms, DuckDB ${reference.p50.toFixed(2)} ms`);
  return {
    id: family.id, title: family.title, directNote: family.directNote, ...verdict, gateway, direct, reference,
    ratios: {
      gatewayVsDuckdb: gateway.p50 / reference.p50,
      directVsDuckdb: direct.p50 / reference.p50,
      gatewayShare: (gateway.p50 - direct.p50) / gateway.p50,
    },
  };
}

/** Requests per second of a family at `counts.clients` concurrent clients, three ways, in alternating rounds. */
export async function measureThroughput(family: QueryFamily, ask: Askers, counts: RequestCounts): Promise<ThroughputResult> {
  const offset = 100_000;
  const calls = [ask.gateway, ask.direct, ask.reference].map((call) => (i: number) => call(offset + i));
  const [gateway, direct, reference] = await measureConcurrentRounds(calls, counts.throughput, counts.clients, 4) as [ThroughputStats, ThroughputStats, ThroughputStats];
  return { id: family.id, clients: counts.clients, gateway, direct, reference };
}
