import { join, resolve } from 'node:path';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { Command, InvalidArgumentError } from 'commander';
import { DEFAULT_CONFIG } from '../engine/config';
import type { BenchResult } from './benchResult';
import { formatReport } from './report';
import { runBench, SMOKE_SCALES, updateReadme } from './runBench';

function wholeNumber(raw: string): number {
  const n = Number(raw.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`expected a whole number, got "${raw}"`);
  return n;
}

/** `1000000,20000000` (or one number; 0 alone: none) → the growth scales, each a whole number. */
function wholeNumbers(raw: string): number[] {
  return raw.split(',').map((part) => part.trim()).filter((part) => part !== '').map(wholeNumber).filter((n) => n > 0);
}

/**
 * `npm run bench [-- options]`: Tessera against DuckDB on the same parquet files. See bench/README.md.
 */
async function main(): Promise<void> {
  const program = new Command('bench')
    .description('Tessera (gateway and subgraphs) against DuckDB with hand-written SQL on the same files')
    .option('--orders <n>', 'orders at the main scale', wholeNumber, 5_000_000)
    .option('--growth-orders <list>', 'orders at the growth scales, comma-separated (e.g. 1000000,20000000), where Q1, Q2, Q4, Q5 are measured too (0: none)', wholeNumbers, [1_000_000])
    .option('--threads <n>', 'DuckDB threads per process (subgraphs and reference)', wholeNumber, DEFAULT_CONFIG.duckdbThreads)
    .option('--memory-limit <size>', 'DuckDB memory limit per process', DEFAULT_CONFIG.duckdbMemoryLimit)
    .option('--smoke', `tiny scales (${SMOKE_SCALES.orders.toLocaleString('en-US')} orders, growth at ${SMOKE_SCALES.growthOrders.join(' and ')}), a few requests, nothing saved`)
    .option('--store <dir>', 'folder of the generated stores, reused across runs', 'bench/store')
    .option('--no-save', 'do not write bench/results/*.json nor bench/README.md')
    .option('--cpu-prof <dir>', 'write V8 CPU profiles of every hub process into this folder (CPU.<time>.<pid>…)')
    .option('--no-peer', 'skip the PostgreSQL + PostGraphile peer (it runs by default when PostgreSQL is installed)')
    .option('--pg-bin <dir>', 'folder of the PostgreSQL programs (default: the newest /usr/lib/postgresql/<version>/bin, else the PATH)')
    .option('--report <file>', 'print the tables of a saved run (and put them in bench/README.md unless --no-save) without measuring')
    .parse(process.argv);
  const o = program.opts<{ orders: number; growthOrders: number[]; threads: number; memoryLimit: string; smoke?: boolean; store: string; save: boolean; cpuProf?: string; peer: boolean; pgBin?: string; report?: string }>();
  if (o.report) {
    const saved = JSON.parse(await readFile(o.report, 'utf8')) as BenchResult;
    const report = formatReport(saved);
    if (o.save) await updateReadme(resolve('bench/README.md'), saved, report);
    process.stdout.write(`${report}\n`);
    return;
  }
  if (o.threads < 1) throw new InvalidArgumentError('--threads: expected at least 1');
  const smoke = o.smoke === true;
  const smokeStore = smoke ? await mkdtemp(join(tmpdir(), 'tessera-bench-smoke-')) : undefined;
  try {
    const { report, file } = await runBench({
      orders: smoke ? SMOKE_SCALES.orders : o.orders, growthOrders: smoke ? SMOKE_SCALES.growthOrders : o.growthOrders, threads: o.threads, memoryLimit: o.memoryLimit, smoke,
      storeDir: smokeStore ?? resolve(o.store), resultsDir: o.save && !smoke ? resolve('bench/results') : undefined,
      readme: o.save && !smoke ? resolve('bench/README.md') : undefined, repoRoot: resolve('.'),
      command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
      nodeFlags: o.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${resolve(o.cpuProf)}`] : undefined, peer: o.peer, pgBin: o.pgBin && resolve(o.pgBin),
      log: (line) => process.stderr.write(`${line}\n`),
    });
    process.stdout.write(`\n${report}\n`);
    if (file) process.stdout.write(`\nsaved ${file}\n`);
  } finally {
    if (smokeStore) await rm(smokeStore, { recursive: true, force: true });
  }
}

// Interrupted, still exit through 'exit' handlers: they stop the peer's PostgreSQL server.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
