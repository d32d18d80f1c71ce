import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { quoteString } from '../engine/duckdb/sqlQuote';
import type { SampleSizes } from '../engine/sample/sampleSql';
import { gatewayHeaders, post, signedHeaders } from './hubClient';
import type { RequestHeaders } from './hubClient';
import { dayIso, ORDER_SPAN_DAYS, spread } from './queries/family';
import type { ReferenceEngine } from './referenceEngine';
import type { BenchHub } from './startBenchHub';

/** Throughput of repeated exports one way. */
export interface ExportRuns {
  runs: number;
  rows: number;
  /** Median over the runs. */
  seconds: number;
  rowsPerSecond: number;
  bytes: number;
}

/** Q6: a filtered export of ~20% of the orders (1M at 5M) as parquet, three ways, or why it was not measured. */
export type ExportResult =
  | { id: 'Q6'; measured: true; consistent: boolean; check: string; gateway: ExportRuns; direct: ExportRuns; reference: ExportRuns; ratio: number }
  | { id: 'Q6'; measured: false; reason: string };

const WINDOW_DAYS = Math.round(ORDER_SPAN_DAYS / 5);
const COLUMNS = ['orderId', 'customerId', 'amountCents', 'status', 'orderedAt'];
const SQL_COLUMNS = 'order_id, customer_id, amount_cents, status, ordered_at';

function window(i: number): { from: string; to: string } {
  const start = spread(i, 6, ORDER_SPAN_DAYS - WINDOW_DAYS);
  return { from: dayIso(start), to: dayIso(start + WINDOW_DAYS) };
}

function exportBody(i: number): string {
  const w = window(i);
  return JSON.stringify({ product: 'sales.orders', version: 2, where: { orderedAt: { gte: w.from, lt: w.to } }, columns: COLUMNS, format: 'parquet' });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN;
}

/** The export URL next to a GraphQL URL: `http://host:port/graphql` → `http://host:port/export`. */
export function exportUrl(graphqlUrl: string): string {
  return new URL('/export', graphqlUrl).toString();
}

/**
 * Times `runs` exports through the gateway's `POST /export`, the same request signed to the sales subgraph, and
 * DuckDB's own `COPY (SELECT …) TO file (FORMAT parquet, COMPRESSION zstd)` (the compression every Tessera parquet
 * file uses, so both write the same file), and compares rows per second. Each file's rows are
 * counted afterwards (untimed) and must match DuckDB's. When the endpoint is not there (HTTP 404/405), Q6 is
 * reported as not measured.
 */
export async function measureExport(hub: BenchHub, reference: ReferenceEngine, _sizes: SampleSizes, runs: number, log: (line: string) => void): Promise<ExportResult> {
  const dir = await mkdtemp(join(tmpdir(), 'tessera-bench-export-'));
  try {
    const rowsOf = async (file: string): Promise<number> =>
      Number((await reference.query({ sql: `SELECT count(*) AS n FROM read_parquet(${quoteString(file)})`, params: [] }))[0]?.n);
    const viaHttp = (url: string, headers: RequestHeaders) => async (i: number, file: string): Promise<void> => {
      const body = exportBody(i);
      const res = await post(url, body, { 'content-type': 'application/json', ...headers(url, body) });
      if (res.statusCode !== 200) {
        const chunks: Buffer[] = [];
        for await (const c of res) chunks.push(c as Buffer);
        throw Object.assign(new Error(`POST ${new URL(url).pathname} answered HTTP ${res.statusCode}: ${Buffer.concat(chunks).toString('utf8').slice(0, 200)}`), { status: res.statusCode });
      }
      await pipeline(res, createWriteStream(file));
    };
    const copy = async (i: number, file: string): Promise<void> => {
      const w = window(i);
      await reference.run(`COPY (SELECT ${SQL_COLUMNS} FROM {orders} WHERE ordered_at >= TIMESTAMP ${quoteString(w.from.slice(0, 19))}
        AND ordered_at < TIMESTAMP ${quoteString(w.to.slice(0, 19))}) TO ${quoteString(file)} (FORMAT parquet, COMPRESSION zstd)`);
    };
    const gateway = viaHttp(exportUrl(hub.gatewayUrl), gatewayHeaders(hub.apiKey));
    const direct = viaHttp(exportUrl(hub.subgraphUrls.sales!), signedHeaders(hub.secret));
    try {
      await gateway(0, join(dir, 'probe.parquet'));
    } catch (err) {
      const status = (err as { status?: number }).status;
      if (status === 404 || status === 405) return { id: 'Q6', measured: false, reason: `the export endpoint is not available: ${(err as Error).message}` };
      throw err;
    }
    const time = async (way: string, call: (i: number, file: string) => Promise<void>): Promise<ExportRuns & { counts: number[] }> => {
      const seconds: number[] = [];
      const counts: number[] = [];
      let bytes = 0;
      for (let i = 0; i < runs; i++) {
        const file = join(dir, `${way}-${i}.parquet`);
        const started = performance.now();
        await call(i, file);
        seconds.push((performance.now() - started) / 1000);
        counts.push(await rowsOf(file));
        bytes = (await stat(file)).size;
        await rm(file, { force: true });
      }
      const s = median(seconds);
      const rows = median(counts);
      log(`  Q6 ${way}: ${rows} rows in ${s.toFixed(2)} s`);
      return { runs, rows, seconds: s, rowsPerSecond: rows / s, bytes, counts };
    };
    const g = await time('gateway', gateway);
    const d = await time('direct', direct);
    const r = await time('duckdb', copy);
    const consistent = g.counts.every((n, k) => n === r.counts[k]) && d.counts.every((n, k) => n === r.counts[k]);
    const strip = ({ counts: _counts, ...rest }: ExportRuns & { counts: number[] }): ExportRuns => rest;
    return {
      id: 'Q6', measured: true, consistent, check: consistent ? `same row counts on ${runs} exports` : `row counts differ: gateway ${g.counts}, direct ${d.counts}, DuckDB ${r.counts}`,
      gateway: strip(g), direct: strip(d), reference: strip(r), ratio: g.rowsPerSecond / r.rowsPerSecond,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
