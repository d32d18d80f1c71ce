import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { generateSampleData } from '../../../engine/sample/generateSampleData';
import type { ObjectStore } from '../../../engine/storage/objectStore';
import type { RunningGateway } from '../../../gateway/startGateway';
import type { SubgraphProcesses } from '../../../cli/subgraphProcesses';
import { startHub as startHubProcesses } from '../../../cli/startHub';

export const SECRET = 'e2e-secret';

/** A GraphQL response body as the tests read it. */
export interface Body {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
  extensions?: { tessera?: { products?: { product: string; version: number; snapshot: string }[] } };
}

/** The whole hub: real subgraph processes on free ports, the gateway in this process, over one store. */
export interface Hub {
  gateway: RunningGateway;
  subgraphs: SubgraphProcesses;
  /** The environment the processes run with (store settings included). */
  env: NodeJS.ProcessEnv;
  ask(query: string, variables?: Record<string, unknown>): Promise<{ status: number; body: Body }>;
  stop(): Promise<void>;
}

/**
 * Publishes the sample domains at a small scale into `store`, starts every subgraph of the repository's contracts as
 * a process (environment `storeEnv` says where the store is) and a gateway over the committed supergraph.
 */
export async function startHub(store: ObjectStore, storeEnv: Record<string, string>, scale = 300): Promise<Hub> {
  await generateSampleData({ store, schemaDir: 'schema', scale });
  const cache = await mkdtemp(join(tmpdir(), 'tessera-e2e-cache-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env, ...storeEnv, TESSERA_SCHEMA_DIR: 'schema', TESSERA_GATEWAY_SECRET: SECRET, TESSERA_CACHE_DIR: cache,
    TESSERA_LOG_LEVEL: 'warn', TESSERA_DUCKDB_THREADS: '1', TESSERA_DUCKDB_MEMORY_LIMIT: '256MB', TESSERA_SUBGRAPH_PORT: '0',
  };
  // The gateway runs in this process and reads the store (readiness, row estimate) with the credentials of its
  // environment, as a deployed one does.
  for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_REGION']) {
    if (storeEnv[name] && !process.env[name]) process.env[name] = storeEnv[name];
  }
  const hub = await startHubProcesses({ env, gateway: 'in-process', gatewayEnv: { TESSERA_GATEWAY_PORT: '0' }, logger: pino({ level: 'silent' }) });
  // An in-process gateway over subgraph processes: both are there once startHub returned.
  const gateway = hub.gateway!;
  const subgraphs = hub.subgraphs!;
  return {
    gateway, subgraphs, env,
    async ask(query, variables) {
      const res = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
      return { status: res.status, body: await res.json() as Body };
    },
    async stop() {
      await hub.stop();
      await rm(cache, { recursive: true, force: true });
    },
  };
}
