import { cpus, loadavg, totalmem } from 'node:os';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BenchResult, MachineInfo } from './benchResult';
import { prepareStore } from './benchStore';
import type { RequestCounts } from './measureFamilies';
import type { ScaleResult } from './measureScale';
import { measureScale } from './measureScale';
import { findPostgres } from './postgres/findPostgres';
import { formatReport } from './report';
import { evaluateTargets } from './targets';

/** What a benchmark run does. */
export interface BenchOptions {
  /** Orders at the main scale (targets are judged there). */
  orders: number;
  /** Orders at the smaller scale Q1/Q2 growth is measured from; 0 skips it. */
  growthOrders: number;
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
const README_START = '<!-- bench:results:start -->';
const README_END = '<!-- bench:results:end -->';

/** The machine this process runs on. */
export function machineInfo(): MachineInfo {
  return { nproc: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', memoryBytes: totalmem(), node: process.version, platform: `${process.platform} ${process.arch}` };
}

/**
 * Runs the benchmark: Q1/Q2 at the smaller scale (growth), then every family, Q1/Q2 throughput and the Q6 export at
 * the main scale; judges the targets; saves the JSON and updates the README when asked.
 */
export async function runBench(options: BenchOptions): Promise<{ result: BenchResult; report: string; file?: string }> {
  const startedAt = new Date().toISOString();
  const loadAtStart = loadavg();
  const counts = options.smoke ? SMOKE_COUNTS : FULL_COUNTS;
  const exportRuns = options.smoke ? 1 : 3;
  const base = { counts, threads: options.threads, memoryLimit: options.memoryLimit, repoRoot: options.repoRoot, nodeFlags: options.nodeFlags };
  const scales: ScaleResult[] = [];
  if (options.growthOrders > 0 && options.growthOrders !== options.orders) {
    options.log(`— ${options.growthOrders.toLocaleString('en-US')} orders (growth baseline: Q1, Q2)`);
    const store = await prepareStore(options.storeDir, options.growthOrders, options.threads, options.log);
    scales.push(await measureScale(store, { ...base, families: ['Q1', 'Q2'], throughput: [], exportRuns: 0 }, options.log));
  }
  options.log(`— ${options.orders.toLocaleString('en-US')} orders (every query)`);
  const store = await prepareStore(options.storeDir, options.orders, options.threads, options.log);
  const peer = await peerPlan(options);
  const all = ['Q1', 'Q2', 'Q3', 'Q4', 'Q5'];
  const main = await measureScale(store, { ...base, families: all, throughput: all, exportRuns, peer: peer.binDir ? { binDir: peer.binDir } : undefined }, options.log);
  scales.push(main);
  const result: BenchResult = {
    startedAt, finishedAt: new Date().toISOString(), command: options.command, smoke: options.smoke, machine: machineInfo(),
    loadAverage: { start: loadAtStart, end: loadavg() },
    settings: { threads: options.threads, memoryLimit: options.memoryLimit, counts, exportRuns }, scales,
    peer: peer.binDir ? { measured: true } : { measured: false, reason: peer.reason },
    targets: evaluateTargets(main, scales.length > 1 ? scales[0] : undefined),
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
