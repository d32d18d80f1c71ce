import { join } from 'node:path';
import type { Client } from 'pg';
import { openDuckDB } from '../../engine/duckdb/openDuckDB';
import { quoteString } from '../../engine/duckdb/sqlQuote';
import type { BenchStore } from '../benchStore';
import type { PostgresServer } from './startPostgres';

/** What loading the peer's tables took. */
export interface PostgresLoad {
  orders: number;
  customers: number;
  /** Writing the CSV files, `COPY FROM`, constraints and indexes, `VACUUM ANALYZE`. */
  seconds: number;
  /** Every index on the two tables, as `CREATE INDEX` statements (`pg_indexes.indexdef`). */
  indexes: string[];
}

interface Table { name: string; columns: string; ddl: string }

/** The two products as a team would declare them: the contract's types, keys and the relation as a foreign key. */
const TABLES: Record<'customers' | 'orders', Table> = {
  customers: {
    name: 'customers',
    columns: 'customer_id, name, email, country, segment, lifetime_value, is_active, signed_up_at',
    ddl: `CREATE TABLE customers (customer_id text PRIMARY KEY, name text, email text, country text, segment text,
      lifetime_value numeric(12,2), is_active boolean, signed_up_at timestamptz)`,
  },
  orders: {
    name: 'orders',
    columns: 'order_id, customer_id, amount_cents, currency, status, channel, is_gift, ordered_at',
    ddl: `CREATE TABLE orders (order_id bigint PRIMARY KEY, customer_id text NOT NULL, amount_cents bigint NOT NULL, currency text,
      status text, channel text, is_gift boolean, ordered_at timestamptz NOT NULL)`,
  },
};

/**
 * After loading: the relation as a foreign key (PostGraphile builds `customerByCustomerId` and `ordersByCustomerId`
 * from it), an index serving it and the latest orders of a customer (Q5), and one serving "since a day, oldest first"
 * pages (Q2: a range on `ordered_at`, sorted by `ordered_at` then the key PostGraphile adds for a stable order).
 */
const AFTER_LOAD = [
  'ALTER TABLE orders ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customers (customer_id)',
  'CREATE INDEX orders_customer_id_ordered_at_idx ON orders (customer_id, ordered_at)',
  'CREATE INDEX orders_ordered_at_order_id_idx ON orders (ordered_at, order_id)',
];

/**
 * Loads the store's orders (v2) and customers into the peer server: DuckDB writes each product's parquet files as
 * CSV into the server's folder, the server reads them with `COPY FROM` (the fastest bulk path), then the foreign key
 * and indexes are built and the tables vacuumed and analysed, so the planner has statistics and index-only scans work.
 */
export async function loadPostgres(server: PostgresServer, client: Client, store: BenchStore, threads: number): Promise<PostgresLoad> {
  const started = performance.now();
  const duck = await openDuckDB({ threads, memoryLimit: '2GB' });
  try {
    for (const key of ['customers', 'orders'] as const) {
      const table = TABLES[key];
      const csv = join(server.workDir, `${table.name}.csv`);
      await duck.connection.run(`COPY (SELECT ${table.columns} FROM read_parquet([${store.files[key].map(quoteString).join(', ')}]))
        TO ${quoteString(csv)} (FORMAT csv, HEADER false)`);
      await server.shareWithServer(csv);
      await client.query(table.ddl);
      await client.query(`COPY ${table.name} (${table.columns}) FROM ${quoteString(csv)} WITH (FORMAT csv)`);
    }
  } finally {
    duck.close();
  }
  for (const statement of AFTER_LOAD) await client.query(statement);
  await client.query('VACUUM ANALYZE customers');
  await client.query('VACUUM ANALYZE orders');
  const count = async (table: string): Promise<number> => Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]?.n);
  const indexes = (await client.query<{ indexdef: string }>("SELECT indexdef FROM pg_indexes WHERE tablename IN ('orders', 'customers') ORDER BY tablename, indexname")).rows.map((r) => r.indexdef);
  return { orders: await count('orders'), customers: await count('customers'), seconds: (performance.now() - started) / 1000, indexes };
}

