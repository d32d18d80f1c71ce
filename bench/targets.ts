import type { ScaleResult } from './measureScale';

/** One target of the issue, judged on one run. `met` is null when it was not measured. */
export interface TargetVerdict {
  name: string;
  target: string;
  value: string;
  met: boolean | null;
}

const LATENCY_TARGETS: Record<string, number> = { Q1: 3, Q2: 3, Q3: 1.5, Q4: 3, Q5: 3 };
const EXPORT_TARGET = 0.5;
const GROWTH_TARGET = 1.5;
const RSS_TARGET_BYTES = 1024 ** 3;
/** Lookups and relations at least as fast as PostGraphile (p50 and 8-client throughput); aggregates ≥ 4x faster. */
const PEER_PARITY = ['Q1', 'Q4', 'Q5'];
const PEER_AGGREGATE = { id: 'Q3', times: 4 };

function x(n: number): string {
  return `${n.toFixed(2)}x`;
}

/**
 * Judges the issue's targets: Q1–Q5 gateway p50 against DuckDB's p50 at the main scale, Q6 export throughput against
 * DuckDB's COPY, Q1/Q2 gateway p50 growth from the smaller scale to the main one, the largest subgraph's peak RSS, and
 * against the PostgreSQL + PostGraphile peer: Q1, Q4, Q5 p50 at or below PostGraphile's and their 8-client throughput
 * at or above it, Q3 at least 4x faster (not measured when the peer did not run).
 */
export function evaluateTargets(main: ScaleResult, smaller?: ScaleResult): TargetVerdict[] {
  const verdicts: TargetVerdict[] = [];
  for (const [id, limit] of Object.entries(LATENCY_TARGETS)) {
    const f = main.families.find((r) => r.id === id);
    verdicts.push(f
      ? { name: `${id} gateway p50 / DuckDB p50`, target: `≤ ${limit}x`, value: x(f.ratios.gatewayVsDuckdb), met: f.ratios.gatewayVsDuckdb <= limit }
      : { name: `${id} gateway p50 / DuckDB p50`, target: `≤ ${limit}x`, value: 'not measured', met: null });
  }
  const e = main.export;
  verdicts.push(e?.measured
    ? { name: 'Q6 export rows/s / DuckDB COPY rows/s', target: `≥ ${EXPORT_TARGET}x`, value: x(e.ratio), met: e.ratio >= EXPORT_TARGET }
    : { name: 'Q6 export rows/s / DuckDB COPY rows/s', target: `≥ ${EXPORT_TARGET}x`, value: e ? `not measured (${e.reason})` : 'not measured', met: null });
  for (const id of ['Q1', 'Q2']) {
    const big = main.families.find((r) => r.id === id);
    const small = smaller?.families.find((r) => r.id === id);
    const name = `${id} gateway p50 growth ${smaller ? `${fmtScale(smaller.orders)} → ${fmtScale(main.orders)}` : '1M → 5M'}`;
    verdicts.push(big && small && smaller && smaller.orders < main.orders
      ? { name, target: `< ${GROWTH_TARGET}x`, value: x(big.gateway.p50 / small.gateway.p50), met: big.gateway.p50 / small.gateway.p50 < GROWTH_TARGET }
      : { name, target: `< ${GROWTH_TARGET}x`, value: 'not measured', met: null });
  }
  const subgraphs = Object.entries(main.peakRssBytes).filter(([name, v]) => name !== 'gateway' && name !== 'benchmark' && v !== null) as [string, number][];
  const largest = subgraphs.sort((a, b) => b[1] - a[1])[0];
  verdicts.push(largest
    ? { name: `largest subgraph peak RSS (${largest[0]})`, target: '≤ 1 GB', value: `${(largest[1] / 1024 ** 2).toFixed(0)} MB`, met: largest[1] <= RSS_TARGET_BYTES }
    : { name: 'largest subgraph peak RSS', target: '≤ 1 GB', value: 'not measured', met: null });
  verdicts.push(...peerTargets(main));
  return verdicts;
}

function peerTargets(main: ScaleResult): TargetVerdict[] {
  const verdicts: TargetVerdict[] = [];
  for (const id of PEER_PARITY) {
    const peer = main.families.find((r) => r.id === id)?.peer;
    verdicts.push(peer
      ? { name: `${id} gateway p50 / PostGraphile p50`, target: '≤ 1x', value: x(peer.ratios.gatewayVsPostgraphile), met: peer.ratios.gatewayVsPostgraphile <= 1 }
      : { name: `${id} gateway p50 / PostGraphile p50`, target: '≤ 1x', value: 'not measured', met: null });
  }
  for (const id of PEER_PARITY) {
    const t = main.throughput.find((r) => r.id === id);
    const name = `${id} gateway req/s / PostGraphile req/s at ${t?.clients ?? 8} clients`;
    const ratio = t?.peer ? t.gateway.perSecond / t.peer.postgraphile.perSecond : undefined;
    verdicts.push(ratio === undefined ? { name, target: '≥ 1x', value: 'not measured', met: null } : { name, target: '≥ 1x', value: x(ratio), met: ratio >= 1 });
  }
  const q3 = main.families.find((r) => r.id === PEER_AGGREGATE.id)?.peer;
  const name = `${PEER_AGGREGATE.id} PostGraphile p50 / gateway p50`;
  verdicts.push(q3
    ? { name, target: `≥ ${PEER_AGGREGATE.times}x`, value: x(1 / q3.ratios.gatewayVsPostgraphile), met: 1 / q3.ratios.gatewayVsPostgraphile >= PEER_AGGREGATE.times }
    : { name, target: `≥ ${PEER_AGGREGATE.times}x`, value: 'not measured', met: null });
  return verdicts;
}

/** 5000000 → "5M", 2000 → "2k". */
export function fmtScale(n: number): string {
  if (n >= 1e6 && n % 1e5 === 0) return `${n / 1e6}M`;
  if (n >= 1e3 && n % 100 === 0) return `${n / 1e3}k`;
  return String(n);
}
