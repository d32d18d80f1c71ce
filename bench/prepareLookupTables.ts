import type { QueryFamily } from './queries/family';
import { gatewayHeaders, graphql } from './hubClient';
import type { BenchHub } from './startBenchHub';
import type { LookupTableStatus } from '../engine/duckdb/lookupTableReport';

/** One snapshot a subgraph copied into a lookup table, and what it cost (engine/duckdb/lookupTables.ts). */
export interface LookupTableCost {
  subgraph: string;
  snapshot: string;
  rows: number;
  buildMs: number;
  bytes: number;
}

/** The copies once no subgraph is building one (or the wait ran out): what each cost, how many failed or still build. */
export interface LookupTablesReady {
  tables: LookupTableCost[];
  /** Builds that failed (their snapshots keep reading parquet). */
  failed: number;
  /** Builds still running when the wait ran out (0 unless it did). */
  building: number;
}

/** What a subgraph's `/healthz` says of its lookup copies. */
interface Health {
  lookupTables?: LookupTableStatus;
}

const WAIT_MS = 30 * 60_000;

/**
 * Asks each lookup family (Q1, Q4, Q5) once through the gateway, which makes the subgraphs start copying the snapshots
 * they look rows up in, then waits until no subgraph's `/healthz` shows a copy still being built, so the timed
 * requests read the copies (not parquet while they are built). Returns what every copy cost and how many failed.
 */
export async function prepareLookupTables(hub: BenchHub, families: QueryFamily[], log: (line: string) => void): Promise<LookupTablesReady> {
  const started = Date.now();
  const headers = gatewayHeaders(hub.apiKey);
  for (const f of families.filter((x) => ['Q1', 'Q4', 'Q5'].includes(x.id))) await graphql(hub.gatewayUrl, f.gateway(0), headers).catch(() => undefined);
  const subgraphs = Object.entries(hub.subgraphUrls).filter(([name]) => name !== 'platform');
  for (;;) {
    const health = await Promise.all(subgraphs.map(async ([name, url]) => [name, await (await fetch(url.replace(/\/graphql$/, '/healthz'))).json() as Health] as const));
    const building = health.reduce((n, [, h]) => n + (h.lookupTables?.building ?? 0), 0);
    if (!building || Date.now() - started > WAIT_MS) {
      const costs = health.flatMap(([subgraph, h]) => (h.lookupTables?.tables ?? []).map((t) => ({ subgraph, snapshot: t.id, rows: t.rows, buildMs: t.buildMs, bytes: t.bytes })));
      const failed = health.reduce((n, [, h]) => n + (h.lookupTables?.failed ?? 0), 0);
      const each = costs.map((c) => `${c.snapshot} ${(c.buildMs / 1000).toFixed(1)} s (${perMillionRows(c).toFixed(2)} s/M rows)`);
      log(`  lookup tables: ${each.join(', ') || 'none'}${failed ? `, ${failed} failed` : ''}${building ? `, ${building} still building` : ''}`);
      return { tables: costs, failed, building };
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Seconds a copy took to build per million rows of its snapshot. */
export function perMillionRows(cost: Pick<LookupTableCost, 'buildMs' | 'rows'>): number {
  return cost.buildMs / 1000 / Math.max(cost.rows / 1e6, 1e-6);
}
