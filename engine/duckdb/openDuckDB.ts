import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';

/** Resource bounds of one DuckDB instance; set from config, never left to DuckDB's machine-wide defaults. */
export interface DuckDBOptions {
  /** A database file to create or open; in memory without one. */
  path?: string;
  /** Worker threads. @default 2 */
  threads?: number;
  /** Memory limit in DuckDB syntax. @default '2GB' */
  memoryLimit?: string;
  /** Where DuckDB spills when a sort or join outgrows memory; DuckDB's default (`.tmp` in the cwd) otherwise. */
  tempDirectory?: string;
}

/** A DuckDB instance (in memory unless given a file) and one connection to it, with the session in UTC. */
export interface DuckDBSession {
  instance: DuckDBInstance;
  connection: DuckDBConnection;
  /** Closes the connection and the instance; safe to call twice. */
  close(): void;
}

/**
 * Opens an in-memory DuckDB with bounded threads and memory and the time zone set to UTC, so timestamps never shift
 * with the machine's zone. Remote file access and extension auto-install stay off: Tessera hands DuckDB local files only.
 */
export async function openDuckDB(options: DuckDBOptions = {}): Promise<DuckDBSession> {
  const config: Record<string, string> = {
    threads: String(options.threads ?? 2),
    memory_limit: options.memoryLimit ?? '2GB',
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
  };
  if (options.tempDirectory) {
    // DuckDB creates the spill folder itself, but not its parents.
    await mkdir(dirname(options.tempDirectory), { recursive: true });
    config.temp_directory = options.tempDirectory;
  }
  const instance = await DuckDBInstance.create(options.path ?? ':memory:', config);
  const connection = await instance.connect();
  await connection.run("SET TimeZone = 'UTC'");
  let closed = false;
  return {
    instance,
    connection,
    close(): void {
      if (closed) return;
      closed = true;
      connection.closeSync();
      instance.closeSync();
    },
  };
}
