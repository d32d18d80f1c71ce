import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TesseraConfig } from '../../../engine/config';
import { readConfig } from '../../../engine/config';
import { loadContracts } from '../../../engine/contract/loadContracts';
import type { ProductContract } from '../../../engine/contract/types';
import type { CompiledSql } from '../../../engine/query/queryPlan';
import type { Manifest } from '../../../engine/snapshot/manifest';
import type { ObjectStore } from '../../../engine/storage/objectStore';
import { LocalStore } from '../../../engine/storage/localStore';
import { createDomainSubgraph } from '../../../engine/server/createDomainSubgraph';
import type { HubData } from './hubData';
import { generateHub } from './hubData';
import { publishHub } from './publishHub';

/** A published hub with its domain subgraphs running on port 0. */
export interface RunningHub {
  data: HubData;
  manifests: Record<string, Manifest>;
  contracts: ProductContract[];
  config: Readonly<TesseraConfig>;
  store: ObjectStore;
  urls: Record<'sales' | 'customers' | 'merchandising', string>;
  /** Every SQL statement run, per domain, in order. */
  queries: Record<'sales' | 'customers' | 'merchandising', CompiledSql[]>;
  /** Every statement admitted to DuckDB, per domain, in order of admission. */
  admissions: Record<'sales' | 'customers' | 'merchandising', { caller: string; cost: number; heavy: boolean }[]>;
  stop(): Promise<void>;
}

/** Test configuration: small pages, one DuckDB thread, no snapshot listing cache, the test secret. */
export function testConfig(cacheDir: string, env: NodeJS.ProcessEnv = {}): Readonly<TesseraConfig> {
  return readConfig({
    TESSERA_GATEWAY_SECRET: 'test-secret', TESSERA_CACHE_DIR: cacheDir, TESSERA_MAX_PAGE_SIZE: '100', TESSERA_DEFAULT_PAGE_SIZE: '10',
    TESSERA_DUCKDB_THREADS: '1', TESSERA_DUCKDB_MEMORY_LIMIT: '256MB', TESSERA_SNAPSHOT_REFRESH_MS: '0', TESSERA_LOG_LEVEL: 'silent', ...env,
  });
}

/** Publishes generated data to `store` (a temporary local folder by default) and starts the three domain subgraphs. */
export async function startHub(options: { seed?: number; store?: ObjectStore; env?: NodeJS.ProcessEnv; data?: HubData } = {}): Promise<RunningHub> {
  const dir = await mkdtemp(join(tmpdir(), 'tessera-hub-'));
  const store = options.store ?? new LocalStore(join(dir, 'store'));
  const contracts = await loadContracts('schema');
  const data = options.data ?? generateHub(options.seed ?? 7);
  const manifests = await publishHub(store, contracts, data);
  const config = testConfig(join(dir, 'cache'), options.env);
  const queries: RunningHub['queries'] = { sales: [], customers: [], merchandising: [] };
  const admissions: RunningHub['admissions'] = { sales: [], customers: [], merchandising: [] };
  const running = await Promise.all((['sales', 'customers', 'merchandising'] as const).map((domain) =>
    createDomainSubgraph({
      config, domain, contracts, store, port: 0, onQuery: (sql) => queries[domain].push(sql),
      onAdmit: (a, heavy) => admissions[domain].push({ caller: a.caller, cost: a.cost, heavy }),
    })));
  return {
    data, manifests, contracts, config, store, queries, admissions,
    urls: { sales: running[0]!.url, customers: running[1]!.url, merchandising: running[2]!.url },
    async stop() {
      await Promise.all(running.map((r) => r.stop()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
