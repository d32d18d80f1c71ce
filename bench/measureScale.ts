import type { BenchStore } from './benchStore';
import { peakRss } from './lib/peakRss';
import type { AnswerCacheResult } from './measureAnswerCache';
import { measureAnswerCache } from './measureAnswerCache';
import type { ExportResult } from './measureExport';
import { measureExport } from './measureExport';
import type { CpuPerRequest } from './measureCpu';
import { measureCpuPerRequest } from './measureCpu';
import type { FamilyResult, RequestCounts, ThroughputResult } from './measureFamilies';
import { askers, measureFamily, measureThroughput } from './measureFamilies';
import type { Peer, PeerInfo } from './postgres/startPeer';
import { startPeer } from './postgres/startPeer';
import { queryFamilies } from './queries/queryFamilies';
import { ReferenceEngine } from './referenceEngine';
import type { LookupTableCost } from './prepareLookupTables';
import { prepareLookupTables } from './prepareLookupTables';
import { startBenchHub } from './startBenchHub';

/** Everything measured at one scale. */
export interface ScaleResult {
  orders: number;
  customers: number;
  products: number;
  /** Seconds generating the store took, or null when an existing one was reused. */
  generatedSeconds: number | null;
  families: FamilyResult[];
  throughput: ThroughputResult[];
  export?: ExportResult;
  /** Peak resident set size in bytes of each hub process, of PostGraphile and of the benchmark process (which hosts DuckDB). */
  peakRssBytes: Record<string, number | null>;
  /** What the PostgreSQL + PostGraphile peer ran on, when it ran at this scale. */
  peer?: PeerInfo;
  /** Repeated queries through the answer cache against the same without it (absent in older runs). */
  answerCache?: AnswerCacheResult[];
  /** The snapshots the subgraphs copied for lookups before timing, and what each copy cost (absent in older runs). */
  lookupTables?: LookupTableCost[];
  /** CPU per request of each process for the throughput families, one request at a time (absent in older runs). */
  cpu?: CpuPerRequest[];
  /** Copies that failed to build, or were still building when timing began (absent in older runs). */
  lookupTableFailures?: number;
}

/** What to measure at a scale. */
export interface ScalePlan {
  /** Family ids to time (Q1–Q5). */
  families: string[];
  /** Family ids to run at `counts.clients` concurrent clients. */
  throughput: string[];
  /** Export runs for Q6; 0 skips it. */
  exportRuns: number;
  /** Also times the families' first requests repeated through the gateway's answer cache. */
  answerCache: boolean;
  counts: RequestCounts;
  threads: number;
  memoryLimit: string;
  repoRoot: string;
  nodeFlags?: string[];
  /** Runs the PostgreSQL + PostGraphile peer too, with the PostgreSQL programs in `binDir`. */
  peer?: { binDir: string };
}

/**
 * Starts the peer (when asked) and the hub over a store, measures what the plan asks for, reads every process's peak
 * RSS and stops them all, also when a measurement fails.
 */
export async function measureScale(store: BenchStore, plan: ScalePlan, log: (line: string) => void): Promise<ScaleResult> {
  let peer: Peer | undefined;
  if (plan.peer) {
    log('starting the PostgreSQL + PostGraphile peer');
    peer = await startPeer({ binDir: plan.peer.binDir, store, threads: plan.threads, clients: plan.counts.clients, repoRoot: plan.repoRoot, nodeFlags: plan.nodeFlags, log });
  }
  try {
    return await measureHub(store, plan, peer, log);
  } finally {
    await peer?.stop();
  }
}

async function measureHub(store: BenchStore, plan: ScalePlan, peer: Peer | undefined, log: (line: string) => void): Promise<ScaleResult> {
  const reference = await ReferenceEngine.open({ threads: plan.threads, memoryLimit: plan.memoryLimit, tables: store.files, connections: plan.counts.clients });
  try {
    log(`starting the hub (production mode, ${plan.threads} DuckDB threads per process)`);
    const hub = await startBenchHub({ repoRoot: plan.repoRoot, storeRoot: store.root, threads: plan.threads, memoryLimit: plan.memoryLimit, nodeFlags: plan.nodeFlags });
    log(`  processes: ${hub.processes.map((p) => `${p.name} (pid ${p.pid})`).join(', ')}`);
    try {
      const lookups = await prepareLookupTables(hub, queryFamilies(store.sizes), log);
      const families: FamilyResult[] = [];
      const throughput: ThroughputResult[] = [];
      const cpu: CpuPerRequest[] = [];
      for (const family of queryFamilies(store.sizes).filter((f) => plan.families.includes(f.id))) {
        const ask = askers(family, hub, reference, peer);
        families.push(await measureFamily(family, ask, plan.counts, log));
        if (plan.throughput.includes(family.id)) {
          const t = await measureThroughput(family, ask, plan.counts);
          log(`  ${family.id} at ${t.clients} clients: gateway ${t.gateway.perSecond.toFixed(0)}/s, direct ${t.direct.perSecond.toFixed(0)}/s, DuckDB ${t.reference.perSecond.toFixed(0)}/s` +
            (t.peer ? `, PostGraphile ${t.peer.postgraphile.perSecond.toFixed(0)}/s, PostgreSQL ${t.peer.postgres.perSecond.toFixed(0)}/s` : ''));
          throughput.push(t);
          const used = await measureCpuPerRequest(family.id, ask, hub, peer, Math.min(200, plan.counts.latency[family.id] ?? 20));
          if (used) cpu.push(used);
        }
      }
      const repeated = queryFamilies(store.sizes).filter((f) => plan.families.includes(f.id));
      if (plan.answerCache) log('repeated queries through the answer cache');
      const answerCache = plan.answerCache ? await measureAnswerCache(repeated, hub, Math.min(100, plan.counts.latency.Q2 ?? 30), plan.counts.warmup, log) : undefined;
      const exported = plan.exportRuns > 0 ? await measureExport(hub, reference, store.sizes, plan.exportRuns, log) : undefined;
      const peakRssBytes: Record<string, number | null> = {};
      for (const p of [...hub.processes, ...(peer ? [peer.postgraphile] : [])]) peakRssBytes[p.name] = (await peakRss(p.pid)) ?? null;
      peakRssBytes.benchmark = (await peakRss(process.pid)) ?? null;
      return {
        orders: store.sizes.orders, customers: store.sizes.customers, products: store.sizes.products,
        generatedSeconds: store.generatedSeconds ?? null, families, throughput, ...(cpu.length ? { cpu } : {}), ...(answerCache ? { answerCache } : {}), export: exported, peakRssBytes,
        ...(peer ? { peer: peer.info } : {}), lookupTables: lookups.tables, lookupTableFailures: lookups.failed + lookups.building,
      };
    } finally {
      await hub.stop();
    }
  } finally {
    reference.close();
  }
}
