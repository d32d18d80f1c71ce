import type { QueryFamily } from './queries/family';
import { gatewayHeaders, graphql } from './hubClient';
import type { BenchHub } from './startBenchHub';

/** One snapshot a subgraph copied into a lookup table, and what it cost (engine/duckdb/lookupTables.ts). */
export interface LookupTableCost {
  subgraph: string;
  snapshot: string;
  rows: number;
  buildMs: number;
  bytes: number;
}

interface Health {
  lookupTables?: { building: number; failed: number; tables: { id: string; rows: number; buildMs: number; bytes: number }[] };
}

const WAIT_MS = 30 * 60_000;

/**
 * Asks each lookup family (Q1, Q4, Q5) once through the gateway, which makes the subgraphs start copying the snapshots
 * they look rows up in, then waits until no subgraph's `/healthz` shows a copy still being built, so the timed
 * requests read the copies (not parquet while they are built). Returns what every copy cost.
 */
export async function prepareLookupTables(hub: BenchHub, families: QueryFamily[], log: (line: string) => void): Promise<LookupTableCost[]> {
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
      log(`  lookup tables: ${costs.map((c) => `${c.snapshot} ${(c.buildMs / 1000).toFixed(1)} s`).join(', ') || 'none'}${failed ? `, ${failed} failed` : ''}${building ? `, ${building} still building` : ''}`);
      return costs;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}
