import type { LatencyStats, ThroughputStats } from './lib/latency';
import { measureConcurrentRounds, measureInterleaved } from './lib/latency';
import type { BenchHub } from './startBenchHub';
import { gatewayHeaders, graphql, signedHeaders } from './hubClient';
import type { QueryFamily } from './queries/family';
import type { ReferenceEngine } from './referenceEngine';
import type { Peer } from './postgres/startPeer';

/** The peer's latency for one family: PostGraphile and plain SQL in PostgreSQL, with the gateway's ratios to them. */
export interface PeerFamilyResult {
  postgraphile: LatencyStats;
  postgres: LatencyStats;
  /** p50 ratios: gateway/PostGraphile (above 1: Tessera is slower), gateway/PostgreSQL, PostGraphile/PostgreSQL. */
  ratios: { gatewayVsPostgraphile: number; gatewayVsPostgres: number; postgraphileVsPostgres: number };
}

/** Latency of one family three ways (five with the peer), with the two ratios every figure carries. */
export interface FamilyResult {
  id: string;
  title: string;
  directNote?: string;
  /** Whether every way gave the same answer as DuckDB to the same requests (checked before timing). */
  consistent: boolean;
  check: string;
  gateway: LatencyStats;
  direct: LatencyStats;
  reference: LatencyStats;
  /** p50 ratios: gateway/DuckDB (the target), direct/DuckDB (the subgraph's cost), and (gateway−direct)/gateway. */
  ratios: { gatewayVsDuckdb: number; directVsDuckdb: number; gatewayShare: number };
  /** Present when the PostgreSQL + PostGraphile peer ran. */
  peer?: PeerFamilyResult;
}

/** Throughput of one family at a number of concurrent clients, three ways (five with the peer). */
export interface ThroughputResult {
  id: string;
  clients: number;
  gateway: ThroughputStats;
  direct: ThroughputStats;
  reference: ThroughputStats;
  peer?: { postgraphile: ThroughputStats; postgres: ThroughputStats };
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

type Ask = (i: number) => Promise<unknown>;
type AskRows = (i: number) => Promise<Record<string, unknown>[]>;

/** The ways of asking a family's question. */
export interface Askers {
  gateway: Ask;
  direct: Ask;
  reference: AskRows;
  /** PostGraphile and plain SQL in PostgreSQL, when the peer runs. */
  peer?: { postgraphile: Ask; postgres: AskRows };
}

/** The callers of a family against a running hub, the reference engine and, when given, the peer. */
export function askers(family: QueryFamily, hub: BenchHub, reference: ReferenceEngine, peer?: Peer): Askers {
  const viaGateway = gatewayHeaders(hub.apiKey);
  const signed = signedHeaders(hub.secret);
  const directUrl = hub.subgraphUrls[family.subgraph];
  if (!directUrl) throw new Error(`expected a running ${family.subgraph} subgraph, found none`);
  const noHeaders = (): Record<string, string> => ({});
  return {
    gateway: (i) => graphql(hub.gatewayUrl, family.gateway(i), viaGateway),
    direct: (i) => graphql(directUrl, family.direct(i), signed),
    reference: (i) => reference.query(family.reference(i)),
    peer: peer && {
      postgraphile: (i) => graphql(peer.postgraphile.url, family.peer.postgraphile(i), noHeaders),
      postgres: (i) => peer.postgres.query(family.peer.postgres(i)),
    },
  };
}

/** Compares the gateway's (and the peer's) answers to requests 0..n-1 of a family with DuckDB's. */
async function check(family: QueryFamily, ask: Askers, n: number): Promise<{ consistent: boolean; check: string }> {
  for (let i = 0; i < n; i++) {
    const [data, rows] = await Promise.all([ask.gateway(i), ask.reference(i)]);
    await ask.direct(i);
    const want = family.fingerprintSql(rows);
    const answers: [string, string][] = [['gateway', family.fingerprintGraphQL(data)]];
    if (ask.peer) {
      answers.push(['PostGraphile', family.peer.fingerprintPostgraphile(await ask.peer.postgraphile(i))]);
      answers.push(['PostgreSQL', family.fingerprintSql(await ask.peer.postgres(i))]);
    }
    for (const [way, got] of answers) {
      if (got !== want) return { consistent: false, check: `request ${i}: ${way} ${got.slice(0, 120)}… vs DuckDB ${want.slice(0, 120)}…` };
    }
  }
  return { consistent: true, check: `same answer on ${n} requests${ask.peer ? ' (gateway, DuckDB, PostGraphile, PostgreSQL)' : ''}` };
}

/**
 * Checks one family, then times it through the gateway, straight to its subgraph and on DuckDB (and on PostGraphile
 * and PostgreSQL when the peer runs), interleaved request by request (the same keys each way).
 */
export async function measureFamily(family: QueryFamily, ask: Askers, counts: RequestCounts, log: (line: string) => void): Promise<FamilyResult> {
  const verdict = await check(family, ask, Math.min(3, counts.latency[family.id] ?? 3));
  if (!verdict.consistent) log(`  ${family.id} answers differ: ${verdict.check}`);
  const n = counts.latency[family.id] ?? 20;
  const calls = [ask.gateway, ask.direct, ask.reference, ...(ask.peer ? [ask.peer.postgraphile, ask.peer.postgres] : [])];
  const [gateway, direct, reference, postgraphile, postgres] = await measureInterleaved(calls, n, counts.warmup) as [LatencyStats, LatencyStats, LatencyStats, LatencyStats?, LatencyStats?];
  const peer = postgraphile && postgres ? {
    postgraphile, postgres,
    ratios: { gatewayVsPostgraphile: gateway.p50 / postgraphile.p50, gatewayVsPostgres: gateway.p50 / postgres.p50, postgraphileVsPostgres: postgraphile.p50 / postgres.p50 },
  } : undefined;
  log(`  ${family.id}: gateway p50 ${gateway.p50.toFixed(2)} ms, direct ${direct.p50.toFixed(2)} ms, DuckDB ${reference.p50.toFixed(2)} ms` +
    (peer ? `, PostGraphile ${peer.postgraphile.p50.toFixed(2)} ms, PostgreSQL ${peer.postgres.p50.toFixed(2)} ms` : ''));
  return {
    id: family.id, title: family.title, directNote: family.directNote, ...verdict, gateway, direct, reference,
    ratios: {
      gatewayVsDuckdb: gateway.p50 / reference.p50,
      directVsDuckdb: direct.p50 / reference.p50,
      gatewayShare: (gateway.p50 - direct.p50) / gateway.p50,
    },
    ...(peer ? { peer } : {}),
  };
}

/** Requests per second of a family at `counts.clients` concurrent clients, every way, in alternating rounds. */
export async function measureThroughput(family: QueryFamily, ask: Askers, counts: RequestCounts): Promise<ThroughputResult> {
  const offset = 100_000;
  const ways = [ask.gateway, ask.direct, ask.reference, ...(ask.peer ? [ask.peer.postgraphile, ask.peer.postgres] : [])];
  const calls = ways.map((call) => (i: number) => call(offset + i));
  const [gateway, direct, reference, postgraphile, postgres] = await measureConcurrentRounds(calls, counts.throughput, counts.clients, 4) as [ThroughputStats, ThroughputStats, ThroughputStats, ThroughputStats?, ThroughputStats?];
  return { id: family.id, clients: counts.clients, gateway, direct, reference, ...(postgraphile && postgres ? { peer: { postgraphile, postgres } } : {}) };
}
