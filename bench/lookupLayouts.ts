import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DuckDBInstance, listValue } from '@duckdb/node-api';
import type { DuckDBConnection, DuckDBPreparedStatement, DuckDBValue } from '@duckdb/node-api';

/**
 * `tsx bench/lookupLayouts.ts [orders] [repetitions]`: which local layout answers lookups (Q1), entity batches (Q4's
 * 1,000 customers) and relation fetches (Q5's 100 customers × 5 latest orders) fastest, over a generated store
 * (bench/store/orders-<n>, made by `npm run bench`): the snapshot's parquet as the subgraphs read it before lookup
 * tables; a DuckDB table in key order; the same with ART indexes on the primary key and the references column (the
 * first idea); and the one chosen in engine/duckdb/lookupTables.ts, ordered by the references column with an ART
 * index on the primary key. Prints each layout's build time, size, and interleaved p50/p90 per question.
 */
function parts(dir: string): string[] {
  const snap = readdirSync(dir).sort().pop()!;
  return readdirSync(join(dir, snap)).filter((f) => f.endsWith('.parquet')).sort().map((f) => join(dir, snap, f));
}
const readParquet = (files: string[]): string => `read_parquet([${files.map((f) => `'${f}'`).join(', ')}])`;
const params = (n: number): string => Array.from({ length: n }, (_, j) => `CAST($${j + 1} AS VARCHAR)`).join(', ');

interface Layout { name: string; orders: string; customers: string; build?: string[] }

async function main(): Promise<void> {
  const orders = Number(process.argv[2] ?? 1_000_000);
  const reps = Number(process.argv[3] ?? 40);
  const root = resolve(`bench/store/orders-${orders}`);
  const O = readParquet(parts(join(root, 'sales/orders/v2')));
  const C = readParquet(parts(join(root, 'customers/customers/v1')));
  const layouts: Layout[] = [
    { name: 'parquet (before)', orders: O, customers: C },
    { name: 'table, key order', orders: 'plain.orders', customers: 'plain.customers', build: [
      `CREATE TABLE orders AS SELECT * FROM ${O}`, `CREATE TABLE customers AS SELECT * FROM ${C}`] },
    { name: 'table + ART on key and references', orders: 'art.orders', customers: 'art.customers', build: [
      `CREATE TABLE orders AS SELECT * FROM ${O}`, `CREATE TABLE customers AS SELECT * FROM ${C}`,
      'CREATE INDEX orders_key ON orders (order_id)', 'CREATE INDEX orders_customer ON orders (customer_id)', 'CREATE INDEX customers_key ON customers (customer_id)'] },
    { name: 'by references + ART on key (chosen)', orders: 'chosen.orders', customers: 'chosen.customers', build: [
      `CREATE TABLE orders AS SELECT * FROM ${O} ORDER BY customer_id, order_id`, `CREATE TABLE customers AS SELECT * FROM ${C}`,
      'CREATE INDEX orders_key ON orders (order_id)'] },
  ];
  const db = await DuckDBInstance.create(':memory:', { threads: '2', memory_limit: '2GB' });
  const c = await db.connect();
  await c.run('SET parquet_metadata_cache = true');
  for (const l of layouts.filter((x) => x.build)) {
    const alias = l.orders.split('.')[0]!;
    const file = `/tmp/tessera-layout-${alias}-${orders}.duckdb`;
    for (const f of [file, `${file}.wal`]) if (existsSync(f)) rmSync(f);
    const started = performance.now();
    const b = await DuckDBInstance.create(file, { threads: '1', memory_limit: '512MB' });
    const bc = await b.connect();
    for (const sql of l.build!) await bc.run(sql);
    await bc.run('CHECKPOINT');
    bc.closeSync();
    b.closeSync();
    console.log(`${l.name}: built in ${((performance.now() - started) / 1000).toFixed(1)} s (1 thread, 512MB), ${(statSync(file).size / 1024 ** 2).toFixed(0)} MB`);
    await c.run(`ATTACH '${file}' AS ${alias} (READ_ONLY)`);
  }
  const count = async (sql: string): Promise<number> => Number((await c.runAndReadAll(sql)).getRowObjectsJson()[0]!.n);
  const nCust = await count(`SELECT count(*)::INT AS n FROM ${C}`);
  const firstOrder = await count(`SELECT min(order_id)::BIGINT AS n FROM ${O}`);
  const width = String((await c.runAndReadAll(`SELECT customer_id FROM ${C} LIMIT 1`)).getRowObjectsJson()[0]!.customer_id).length - 1;
  const customer = (i: number): string => `C${String(1 + (((i % nCust) + nCust) % nCust)).padStart(width, '0')}`;
  const batch = (i: number): string[] => Array.from({ length: 1000 }, (_, k) => customer(i * 7331 + k * 499));
  const page = (i: number): string[] => Array.from({ length: 100 }, (_, k) => customer(i * 7331 + k));
  const scattered = (i: number): string[] => Array.from({ length: 100 }, (_, k) => customer(i * 7331 + k * 4099));
  const order = (i: number): DuckDBValue => BigInt(firstOrder + ((i * 104729) % orders)) as unknown as DuckDBValue;
  const run = async (p: DuckDBPreparedStatement, values: DuckDBValue[]): Promise<number> => { p.bind(values); return (await p.runAndReadAll()).currentRowCount; };
  const latest = (from: string, where: string): string => `SELECT * EXCLUDE (rn) FROM (SELECT order_id, amount_cents, status, ordered_at, customer_id,
    row_number() OVER (PARTITION BY customer_id ORDER BY ordered_at DESC, order_id) AS rn FROM ${from} WHERE ${where}) WHERE rn <= 6 ORDER BY customer_id, rn`;
  const joined = (t: string): string => `(SELECT DISTINCT unnest(CAST($1 AS VARCHAR[])) AS k) JOIN ${t} ON customer_id = k`;
  type Ask = (i: number) => Promise<number>;
  const questions: [string, (l: Layout, x: DuckDBConnection) => Promise<Ask>][] = [
    ['Q1 order by key', async (l, x) => { const p = await x.prepare(`SELECT * FROM ${l.orders} WHERE order_id = CAST($1 AS BIGINT)`); return (i) => run(p, [order(i)]); }],
    ['Q4 1,000 customers by key', async (l, x) => {
      const p = await x.prepare(l.build ? `SELECT customer_id, name, country FROM ${joined(l.customers)}` : `SELECT customer_id, name, country FROM ${l.customers} WHERE customer_id IN (SELECT unnest(CAST($1 AS VARCHAR[])))`);
      return (i) => run(p, [listValue(batch(i))]);
    }],
    ['Q4 same, as IN (1,000 parameters)', async (l, x) => { const p = await x.prepare(`SELECT customer_id, name, country FROM ${l.customers} WHERE customer_id IN (${params(1000)})`); return (i) => run(p, batch(i)); }],
    ['Q5 orders of 100 adjacent customers', async (l, x) => {
      const p = await x.prepare(l.build ? latest(joined(l.orders), 'TRUE') : latest(l.orders, 'customer_id IN (SELECT unnest(CAST($1 AS VARCHAR[])))'));
      return (i) => run(p, [listValue(page(i))]);
    }],
    ['Q5 orders of 100 scattered customers', async (l, x) => {
      const p = await x.prepare(l.build ? latest(joined(l.orders), 'TRUE') : latest(l.orders, 'customer_id IN (SELECT unnest(CAST($1 AS VARCHAR[])))'));
      return (i) => run(p, [listValue(scattered(i))]);
    }],
    ['Q5 same, as IN (100 parameters)', async (l, x) => { const p = await x.prepare(latest(l.orders, `customer_id IN (${params(100)})`)); return (i) => run(p, scattered(i)); }],
  ];
  for (const [title, prepare] of questions) {
    const asks = await Promise.all(layouts.map((l) => prepare(l, c)));
    const rows = await Promise.all(asks.map((a) => a(1)));
    if (new Set(rows).size !== 1) throw new Error(`${title}: layouts disagree on the row count (${rows.join(', ')})`);
    const times: number[][] = layouts.map(() => []);
    for (let r = 0; r < reps + 3; r++) {
      for (let w = 0; w < asks.length; w++) {
        const started = performance.now();
        await asks[w]!(r + 11);
        if (r >= 3) times[w]!.push(performance.now() - started);
      }
    }
    console.log(`\n${title} (${rows[0]} rows)`);
    layouts.forEach((l, w) => {
      const t = times[w]!.sort((a, b) => a - b);
      console.log(`  ${l.name.padEnd(38)} p50 ${t[Math.floor(t.length / 2)]!.toFixed(2).padStart(8)} ms   p90 ${t[Math.floor(t.length * 0.9)]!.toFixed(2).padStart(8)} ms`);
    });
  }
  console.log(`\nRSS of this process after every layout was read: ${(process.memoryUsage().rss / 1024 ** 2).toFixed(0)} MB`);
  c.closeSync();
  db.closeSync();
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
});
