import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Client } from 'pg';
import type { HubProcess } from '../../cli/hubProcess';
import { stopProcess } from '../../cli/hubProcess';
import type { BenchStore } from '../benchStore';
import type { PostgresLoad } from './loadPostgres';
import { loadPostgres } from './loadPostgres';
import { PostgresReference } from './postgresReference';
import { startPostgraphile } from './startPostgraphile';
import { startPostgres } from './startPostgres';

/** What the peer ran on, saved with the results. */
export interface PeerInfo {
  /** `PostgreSQL 15.18 (Debian …)`. */
  postgres: string;
  postgraphile: string;
  /** postgresql.conf settings beyond initdb's defaults (the port left out). */
  settings: Record<string, string>;
  load: PostgresLoad;
}

/** PostgreSQL with the store's data, PostGraphile over it, and a plain-SQL client: what teams build instead. */
export interface Peer {
  postgraphile: HubProcess;
  postgres: PostgresReference;
  /** The PostgreSQL server's postmaster pid. */
  serverPid: number;
  info: PeerInfo;
  /** Stops PostGraphile, closes the SQL client and stops the server (removing its data); safe to call twice. */
  stop(): Promise<void>;
}

/** Options of {@link startPeer}. */
export interface PeerOptions {
  /** Folder of `initdb`, `pg_ctl`, `postgres` (see findPostgres). */
  binDir: string;
  store: BenchStore;
  /** DuckDB threads for writing the load files. */
  threads: number;
  /** Concurrent clients the benchmark will run: the SQL client's and PostGraphile's pool sizes. */
  clients: number;
  repoRoot: string;
  nodeFlags?: string[];
  log: (line: string) => void;
}

/**
 * Starts a PostgreSQL server of its own, loads the store's orders and customers with their keys and indexes, and
 * starts PostGraphile over it. On any failure everything started so far is stopped before the error is rethrown.
 */
export async function startPeer(options: PeerOptions): Promise<Peer> {
  const server = await startPostgres(options.binDir);
  let postgraphile: HubProcess | undefined;
  let postgres: PostgresReference | undefined;
  const stop = async (): Promise<void> => {
    if (postgraphile) await stopProcess(postgraphile);
    await postgres?.close();
    postgraphile = undefined;
    postgres = undefined;
    await server.stop();
  };
  try {
    options.log(`  ${server.version} on ${new URL(server.connectionString).host}; loading ${options.store.sizes.orders.toLocaleString('en-US')} orders`);
    const client = new Client({ connectionString: server.connectionString });
    await client.connect();
    let load: PostgresLoad;
    try {
      load = await loadPostgres(server, client, options.store, options.threads);
    } finally {
      await client.end();
    }
    options.log(`  loaded ${load.orders.toLocaleString('en-US')} orders and ${load.customers.toLocaleString('en-US')} customers with keys and indexes in ${load.seconds.toFixed(1)} s`);
    postgraphile = await startPostgraphile({ repoRoot: options.repoRoot, connectionString: server.connectionString, poolSize: options.clients + 2, nodeFlags: options.nodeFlags });
    postgres = new PostgresReference(server.connectionString, options.clients);
    const version = (JSON.parse(await readFile(join(options.repoRoot, 'node_modules', 'postgraphile', 'package.json'), 'utf8')) as { version: string }).version;
    const settings = Object.fromEntries(Object.entries(server.settings).filter(([name]) => name !== 'port'));
    return { postgraphile, postgres, serverPid: server.pid, info: { postgres: server.version, postgraphile: `PostGraphile ${version}`, settings, load }, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
