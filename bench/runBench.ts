import { cpus, loadavg, totalmem } from 'node:os';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BenchResult, FailedScale, MachineInfo } from './benchResult';
import { prepareStore } from './benchStore';
import type { RequestCounts } from './measureFamilies';
import type { ScaleResult } from './measureScale';
import { measureScale } from './measureScale';
import { findPostgres } from './postgres/findPostgres';
import { formatReport } from './report';
import { evaluateTargets } from './targets';

/** What a benchmark run does. */
export interface BenchOptions {
  /** Orders at the main scale (every query; most targets are judged there). */
  orders: number;
  /**
   * Orders at the growth scales, smaller or larger than the main one: Q1, Q2, Q4 and Q5 are measured at each, with
   * the hub started on that scale's store. Empty (or only the main scale, or 0) measures the main scale only.
   */
  growthOrders: number[];
  /** DuckDB threads of every subgraph and of the reference. */
  threads: number;
  memoryLimit: string;
  /** Few requests, no throughput repetitions: for `npm test`. */
  smoke: boolean;
  /** Folder holding one store per scale (`orders-<n>/`), reused across runs. */
  storeDir: string;
  /** Where to save the JSON result; undefined saves nothing. */
  resultsDir?: string;
  /** A README whose results section is replaced with this run's tables; undefined leaves it alone. */
  readme?: string;
  repoRoot: string;
  command: string;
  /** Node flags for every hub process (e.g. `--cpu-prof`). */
  nodeFlags?: string[];
  /**
   * Also measures the PostgreSQL + PostGraphile peer at the main scale when PostgreSQL is installed (skipped with a
   * logged line when it is not). @default true
   */
  peer?: boolean;
  /** Folder of the PostgreSQL programs; found by {@link findPostgres} when not given. */
  pgBin?: string;
  log: (line: string) => void;
}

const FULL_COUNTS: RequestCounts = { latency: { Q1: 200, Q2: 100, Q3: 30, Q4: 50, Q5: 50 }, warmup: 10, throughput: 400, clients: 8 };
const SMOKE_COUNTS: RequestCounts = { latency: { Q1: 5, Q2: 5, Q3: 3, Q4: 3, Q5: 3 }, warmup: 1, throughput: 16, clients: 8 };
/** What `--smoke` runs: a main scale and a growth scale on each side of it, so the multi-scale path keeps working. */
export const SMOKE_SCALES = { orders: 2_000, growthOrders: [500, 3_000] };
/** The families measured at the growth scales: key lookups, relations, and the page (issue 14, point 4). */
export const GROWTH_FAMILIES = ['Q1', 'Q2', 'Q4', 'Q5'];
const README_START = '<!-- bench:results:start -->';
const README_END = '<!-- bench:results:end -->';

/** The machine this process runs on. */
export function machineInfo(): MachineInfo {
  return { nproc: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', memoryBytes: totalmem(), node: process.version, platform: `${process.platform} ${process.arch}` };
}

/**
 * Runs the benchmark, scale by scale from the fewest orders: at each growth scale Q1, Q2, Q4 and Q5 (latency three
 * ways, the lookup-table builds, every process's peak RSS), at the main scale every family, their throughput, the
 * answer cache, the Q6 export and the peer; judges the targets; saves the JSON and updates the README when asked. A
 * growth scale that fails is logged and recorded (`failedScales`), and the run goes on; the main scale failing fails
 * the run.
 */
export async function runBench(options: BenchOptions): Promise<{ result: BenchResult; report: string; file?: string }> {
  const startedAt = new Date().toISOString();
  const loadAtStart = loadavg();
  const counts = options.smoke ? SMOKE_COUNTS : FULL_COUNTS;
  const exportRuns = options.smoke ? 1 : 3;
  const base = { counts, threads: options.threads, memoryLimit: options.memoryLimit, repoRoot: options.repoRoot, nodeFlags: options.nodeFlags };
  const scales: ScaleResult[] = [];
  const failedScales: FailedScale[] = [];
  const growth = [...new Set(options.growthOrders)].filter((n) => n > 0 && n !== options.orders);
  const peer = await peerPlan(options);
  let main: ScaleResult | undefined;
  for (const orders of [...growth, options.orders].sort((a, b) => a - b)) {
    if (orders === options.orders) {
      options.log(`— ${orders.toLocaleString('en-US')} orders (main scale: every query)`);
      const store = await prepareStore(options.storeDir, orders, options.threads, options.log);
      const all = ['Q1', 'Q2', 'Q3', 'Q4', 'Q5'];
      main = await measureScale(store, { ...base, families: all, throughput: all, exportRuns, answerCache: true, peer: peer.binDir ? { binDir: peer.binDir } : undefined }, options.log);
      scales.push(main);
      continue;
    }
    options.log(`— ${orders.toLocaleString('en-US')} orders (growth: ${GROWTH_FAMILIES.join(', ')})`);
    try {
      const store = await prepareStore(options.storeDir, orders, options.threads, options.log);
      scales.push(await measureScale(store, { ...base, families: GROWTH_FAMILIES, throughput: [], exportRuns: 0, answerCache: false }, options.log));
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      options.log(`  the ${orders.toLocaleString('en-US')}-order scale failed, going on without it: ${reason}`);
      failedScales.push({ orders, reason });
    }
  }
  if (!main) throw new Error(`expected the main scale (${options.orders} orders) to be measured, it was not`);
  const result: BenchResult = {
    startedAt, finishedAt: new Date().toISOString(), command: options.command, smoke: options.smoke, machine: machineInfo(),
    loadAverage: { start: loadAtStart, end: loadavg() },
    settings: { threads: options.threads, memoryLimit: options.memoryLimit, counts, exportRuns }, scales, mainOrders: options.orders,
    ...(failedScales.length ? { failedScales } : {}),
    peer: peer.binDir ? { measured: true } : { measured: false, reason: peer.reason },
    targets: evaluateTargets(scales, main, failedScales),
  };
  const report = formatReport(result);
  let file: string | undefined;
  if (options.resultsDir) {
    await mkdir(options.resultsDir, { recursive: true });
    file = join(options.resultsDir, `${startedAt.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-orders-${options.orders}${options.smoke ? '-smoke' : ''}.json`);
    await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
  }
  if (options.readme) await updateReadme(options.readme, result, report);
  return { result, report, file };
}

/** Where the peer's PostgreSQL programs are, or why the peer is skipped (logged). */
async function peerPlan(options: BenchOptions): Promise<{ binDir?: string; reason: string }> {
  if (options.peer === false) return { reason: 'turned off (--no-peer)' };
  const binDir = options.pgBin ?? await findPostgres();
  if (binDir) return { binDir, reason: '' };
  const reason = 'PostgreSQL is not installed (no initdb, pg_ctl and postgres in /usr/lib/postgresql/<version>/bin nor on the PATH)';
  options.log(`skipping the PostgreSQL + PostGraphile peer: ${reason}`);
  return { reason };
}

/** Replaces the results section of the benchmark README (between its markers) with this run. */
export async function updateReadme(path: string, result: BenchResult, report: string): Promise<void> {
  const text = await readFile(path, 'utf8');
  const start = text.indexOf(README_START);
  const end = text.indexOf(README_END);
  if (start < 0 || end < start) throw new Error(`expected ${README_START} … ${README_END} markers in ${path}, found none`);
  const m = result.machine;
  const section = [
    README_START,
    `Run ${result.startedAt} with \`${result.command}\` on ${m.nproc} cores (${m.cpu}), ${(m.memoryBytes / 1024 ** 3).toFixed(0)} GB memory, ` +
    `Node ${m.node}, ${m.platform}; ${result.settings.threads} DuckDB threads per process, memory limit ${result.settings.memoryLimit}; ` +
    `load average ${result.loadAverage.start.map((l) => l.toFixed(1)).join(' ')} at the start, ${result.loadAverage.end.map((l) => l.toFixed(1)).join(' ')} at the end.`,
    '', report, README_END,
  ].join('\n');
  await writeFile(path, text.slice(0, start) + section + text.slice(end + README_END.length));
}
