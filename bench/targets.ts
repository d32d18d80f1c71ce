import type { FailedScale } from './benchResult';
import type { ScaleResult } from './measureScale';
import { perMillionRows } from './prepareLookupTables';

/** One target of the issue, judged on one run. `met` is null when it was not measured. */
export interface TargetVerdict {
  name: string;
  target: string;
  value: string;
  met: boolean | null;
}

const LATENCY_TARGETS: Record<string, number> = { Q1: 3, Q2: 3, Q3: 1.5, Q4: 3, Q5: 3 };
const EXPORT_TARGET = 0.5;
/** Q1/Q2 from the smallest scale to the main one (the first benchmark's target). */
const GROWTH_TARGET = 1.5;
/** Lookups and relations stay flat from the smallest scale to the largest, which the target wants at 20M orders or more. */
const FLAT_GROWTH = { ids: ['Q1', 'Q4', 'Q5'], limit: 1.3, atOrders: 20_000_000 };
const RSS_TARGET_BYTES = 1024 ** 3;
/** Lookups and relations at least as fast as PostGraphile (p50 and 8-client throughput); aggregates ≥ 4x faster. */
const PEER_PARITY = ['Q1', 'Q4', 'Q5'];
const PEER_AGGREGATE = { id: 'Q3', times: 4 };

function x(n: number): string {
  return `${n.toFixed(2)}x`;
}

/**
 * Judges the issue's targets on the scales of a run (fewest orders first) and its main scale: Q1–Q5 gateway p50
 * against DuckDB's p50 at the main scale, Q6 export throughput against DuckDB's COPY, Q1/Q2 gateway p50 growth from
 * the smallest scale to the main one, Q1/Q4/Q5 gateway p50 growth from the smallest scale to the largest (< 1.3x; the
 * target is at 20M orders, and a smaller largest scale, or a larger one that failed, is said in the name), the
 * largest subgraph's peak RSS at the main and at the largest scale, the lookup-table build (snapshot open) per
 * million rows at the largest scale, and against the PostgreSQL + PostGraphile peer: Q1, Q4, Q5 p50 at or below
 * PostGraphile's and their 8-client throughput at or above it, Q3 at least 4x faster (not measured when the peer did
 * not run).
 */
export function evaluateTargets(scales: ScaleResult[], main: ScaleResult, failed: FailedScale[] = []): TargetVerdict[] {
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
  const smallest = scales[0];
  const largest = scales[scales.length - 1];
  const belowMain = smallest && smallest.orders < main.orders ? smallest : undefined;
  for (const id of ['Q1', 'Q2']) {
    const name = `${id} gateway p50 growth ${belowMain ? `${fmtScale(belowMain.orders)} → ${fmtScale(main.orders)}` : '1M → 5M'}`;
    verdicts.push(growthVerdict(id, belowMain, main, name, GROWTH_TARGET));
  }
  const spread = smallest && largest && smallest.orders < largest.orders ? { smallest, largest, note: largestNote(largest, failed) } : undefined;
  for (const id of FLAT_GROWTH.ids) {
    const name = `${id} gateway p50 growth ${spread ? `${fmtScale(spread.smallest.orders)} → ${fmtScale(spread.largest.orders)}${spread.note}` : `1M → ${fmtScale(FLAT_GROWTH.atOrders)}`}`;
    verdicts.push(growthVerdict(id, spread?.smallest, spread?.largest, name, FLAT_GROWTH.limit));
  }
  verdicts.push(rssVerdict(main, '', ''));
  if (largest && largest !== main) verdicts.push(rssVerdict(largest, ` at ${fmtScale(largest.orders)}`, largestNote(largest, failed)));
  if (largest) verdicts.push(lookupBuildVerdict(largest, largestNote(largest, failed)));
  verdicts.push(...peerTargets(main));
  return verdicts;
}

/** Said after a target judged at the largest scale when that scale is not the one the target names. */
function largestNote(largest: ScaleResult, failed: FailedScale[]): string {
  const larger = failed.filter((f) => f.orders > largest.orders).sort((a, b) => b.orders - a.orders)[0];
  if (larger) return ` (${fmtScale(larger.orders)} failed: the largest measured scale)`;
  return largest.orders < FLAT_GROWTH.atOrders ? ` (the largest scale run; the target is at ${fmtScale(FLAT_GROWTH.atOrders)})` : '';
}

function growthVerdict(id: string, from: ScaleResult | undefined, to: ScaleResult | undefined, name: string, limit: number): TargetVerdict {
  const small = from?.families.find((r) => r.id === id);
  const big = to?.families.find((r) => r.id === id);
  if (!small || !big) return { name, target: `< ${limit}x`, value: 'not measured', met: null };
  const growth = big.gateway.p50 / small.gateway.p50;
  return { name, target: `< ${limit}x`, value: x(growth), met: growth < limit };
}

function rssVerdict(scale: ScaleResult, at: string, note: string): TargetVerdict {
  const subgraphs = Object.entries(scale.peakRssBytes).filter(([name, v]) => !['gateway', 'benchmark', 'postgraphile'].includes(name) && v !== null) as [string, number][];
  const largest = subgraphs.sort((a, b) => b[1] - a[1])[0];
  return largest
    ? { name: `largest subgraph peak RSS${at} (${largest[0]})${note}`, target: '≤ 1 GB', value: `${(largest[1] / 1024 ** 2).toFixed(0)} MB`, met: largest[1] <= RSS_TARGET_BYTES }
    : { name: `largest subgraph peak RSS${at}${note}`, target: '≤ 1 GB', value: 'not measured', met: null };
}

/** Snapshot open at the largest scale: each lookup-table build in seconds per million rows, met when none failed. */
function lookupBuildVerdict(scale: ScaleResult, note: string): TargetVerdict {
  const name = `snapshot open (lookup-table build) per million rows at ${fmtScale(scale.orders)}${note}`;
  const tables = scale.lookupTables ?? [];
  const failures = scale.lookupTableFailures ?? 0;
  if (!tables.length && !failures) return { name, target: 'reported', value: 'not measured', met: null };
  const each = tables.map((t) => `${t.snapshot.split('@')[0] ?? t.snapshot} (in ${t.subgraph}) ${perMillionRows(t).toFixed(2)} s`);
  return { name, target: 'reported', value: [...each, ...(failures ? [`${failures} not built`] : [])].join(', '), met: failures === 0 };
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
