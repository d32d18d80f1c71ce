import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HubProcess } from '../cli/hubProcess';
import { startHub } from '../cli/startHub';

/** The hub as the benchmark runs it: every subgraph and the gateway as processes, in production mode. */
export interface BenchHub {
  gatewayUrl: string;
  /** GraphQL URL of each subgraph by name (`sales`, `customers`, `merchandising`, `platform`). */
  subgraphUrls: Record<string, string>;
  /** The secret subgraphs verify the gateway's signature with (direct requests sign with it too). */
  secret: string;
  /** The API key the benchmark calls the gateway with (scopes: pii). */
  apiKey: string;
  /** The keys of the extra subjects asked for in {@link BenchHubOptions.subjects}, by subject. */
  keys: Record<string, string>;
  processes: HubProcess[];
  stop(): Promise<void>;
}

/** Options of {@link startBenchHub}. */
export interface BenchHubOptions {
  repoRoot: string;
  storeRoot: string;
  threads: number;
  /** DuckDB memory limit of each subgraph. */
  memoryLimit: string;
  /** Node flags for every hub process (profiling). */
  nodeFlags?: string[];
  /** More callers, each with its own API key (scopes: pii), for benchmarks of several callers. */
  subjects?: string[];
}

/**
 * Starts the domain subgraphs and the platform catalog on 127.0.0.1 port 0 with NODE_ENV=production, a fresh
 * gateway secret and the given DuckDB threads, then the gateway over the committed supergraph with an API key file
 * (one key with the pii scope) and no rate limit (the benchmark is its only caller).
 */
export async function startBenchHub(options: BenchHubOptions): Promise<BenchHub> {
  const secret = randomBytes(24).toString('base64url');
  const apiKey = randomBytes(24).toString('base64url');
  const work = await mkdtemp(join(tmpdir(), 'tessera-bench-hub-'));
  const keysFile = join(work, 'keys.yaml');
  const keys = Object.fromEntries((options.subjects ?? []).map((subject) => [subject, randomBytes(24).toString('base64url')]));
  await writeFile(keysFile, `keys:\n${Object.entries({ benchmark: apiKey, ...keys }).map(([subject, key]) => `  - subject: ${subject}\n    key: ${key}\n    scopes: [pii]\n`).join('')}`);
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: process.env.TMPDIR, NODE_ENV: 'production', APOLLO_TELEMETRY_DISABLED: 'true',
    TESSERA_GATEWAY_SECRET: secret, TESSERA_STORE: options.storeRoot, TESSERA_SCHEMA_DIR: join(options.repoRoot, 'schema'),
    TESSERA_CACHE_DIR: join(work, 'cache'), TESSERA_DUCKDB_THREADS: String(options.threads), TESSERA_DUCKDB_MEMORY_LIMIT: options.memoryLimit,
    TESSERA_HOST: '127.0.0.1', TESSERA_LOG_LEVEL: 'warn',
  };
  try {
    const hub = await startHub({
      env: { ...env, TESSERA_SUBGRAPH_PORT: '0' }, gateway: 'process', cwd: options.repoRoot, nodeFlags: options.nodeFlags, output: 'tail',
      gatewayEnv: {
        TESSERA_GATEWAY_PORT: '0', TESSERA_API_KEYS_FILE: keysFile, TESSERA_RATE_LIMIT_PER_MINUTE: '0', TESSERA_ROWS_PER_MINUTE: '0',
        TESSERA_SUPERGRAPH_FILE: join(options.repoRoot, 'schema', 'supergraph.graphql'),
      },
    });
    const stop = async (): Promise<void> => {
      await hub.stop();
      await rm(work, { recursive: true, force: true });
    };
    return { gatewayUrl: hub.gatewayUrl, subgraphUrls: hub.subgraphUrls, secret, apiKey, keys, processes: hub.processes, stop };
  } catch (err) {
    await rm(work, { recursive: true, force: true });
    throw err;
  }
}
