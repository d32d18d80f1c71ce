import { processCpuMs } from './lib/processCpu';
import type { Askers } from './measureFamilies';
import type { Peer } from './postgres/startPeer';
import type { BenchHub } from './startBenchHub';

/** CPU each process spends per request of one family, asked one after another: where a request's work goes. */
export interface CpuPerRequest {
  id: string;
  requests: number;
  /** CPU ms per gateway request, by hub process (gateway, each subgraph, the platform catalog). */
  tessera: Record<string, number>;
  /** CPU ms per PostGraphile request: PostGraphile's process and the PostgreSQL server (postmaster and backends). */
  peer?: { postgraphile: number; postgres: number };
}

/** Sum of a record's values. */
export function totalOf(byProcess: Record<string, number>): number {
  return Object.values(byProcess).reduce((a, b) => a + b, 0);
}

async function perRequest(pids: Record<string, { pid: number; tree: boolean }>, n: number, ask: (i: number) => Promise<unknown>): Promise<Record<string, number> | undefined> {
  const sample = async (): Promise<Record<string, number | undefined>> =>
    Object.fromEntries(await Promise.all(Object.entries(pids).map(async ([name, p]) => [name, await processCpuMs(p.pid, p.tree)] as const)));
  const before = await sample();
  for (let i = 0; i < n; i++) await ask(200_000 + i);
  const after = await sample();
  const out: Record<string, number> = {};
  for (const name of Object.keys(pids)) {
    const [a, b] = [before[name], after[name]];
    if (a === undefined || b === undefined) return undefined;
    out[name] = (b - a) / n;
  }
  return out;
}

/**
 * CPU ms per request of each process, over `n` sequential requests through the gateway (and, with the peer, through
 * PostGraphile), read from /proc before and after. Undefined where /proc is unavailable. Unlike a wall time, it
 * counts every thread (DuckDB's too) and is what bounds throughput on a machine of few cores.
 */
export async function measureCpuPerRequest(id: string, ask: Askers, hub: BenchHub, peer: Peer | undefined, n: number): Promise<CpuPerRequest | undefined> {
  const hubPids = Object.fromEntries(hub.processes.map((p) => [p.name, { pid: p.pid, tree: false }]));
  const tessera = await perRequest(hubPids, n, ask.gateway);
  if (!tessera) return undefined;
  const peerCpu = peer && ask.peer
    ? await perRequest({ postgraphile: { pid: peer.postgraphile.pid, tree: false }, postgres: { pid: peer.serverPid, tree: true } }, n, ask.peer.postgraphile)
    : undefined;
  return { id, requests: n, tessera, ...(peerCpu ? { peer: { postgraphile: peerCpu.postgraphile!, postgres: peerCpu.postgres! } } : {}) };
}
