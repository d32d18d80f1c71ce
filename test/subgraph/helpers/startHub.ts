import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { HubOptions } from '../../../cli/startHub';
import { startHub as startHubOnce } from '../../../cli/startHub';
import type { TesseraConfig } from '../../../engine/config';
import { readConfig } from '../../../engine/config';
import { loadContracts } from '../../../engine/contract/loadContracts';
import type { ProductContract } from '../../../engine/contract/types';
import type { CompiledSql } from '../../../engine/query/queryPlan';
import type { Manifest } from '../../../engine/snapshot/manifest';
import type { ObjectStore } from '../../../engine/storage/objectStore';
import { LocalStore } from '../../../engine/storage/localStore';
import type { RunningGateway, StartGatewayOptions } from '../../../gateway/startGateway';
import type { HubData } from './hubData';
import { generateHub } from './hubData';
import { publishHub } from './publishHub';

const DOMAINS = ['sales', 'customers', 'merchandising'] as const;
type Domain = typeof DOMAINS[number];

/** A published hub with its domain subgraphs running on port 0, and the platform catalog and a gateway if asked. */
export interface RunningHub {
  data: HubData;
  manifests: Record<string, Manifest>;
  contracts: ProductContract[];
  config: Readonly<TesseraConfig>;
  store: ObjectStore;
  urls: Record<Domain, string>;
  /** Every SQL statement run, per domain, in order. */
  queries: Record<Domain, CompiledSql[]>;
  /** Every statement admitted to DuckDB, per domain, in order of admission. */
  admissions: Record<Domain, { caller: string; cost: number; heavy: boolean }[]>;
  /** The gateway, when one was asked for. */
  gateway?: RunningGateway;
  stop(): Promise<void>;
}

/** A gateway over the hub: the platform catalog starts too, and the gateway reads the hub's store. */
export interface HubGateway {
  /** The supergraph file the gateway serves. */
  supergraphFile: string;
  /** Gateway settings over the test defaults (no rate limits, silent logs). */
  env?: Record<string, string>;
  options?: StartGatewayOptions;
  /** Something between the gateway and the subgraphs (a recording proxy). */
  route?: HubOptions['route'];
}

/** Test configuration: small pages, one DuckDB thread, no snapshot listing cache, lookup tables waited for, the test secret. */
export function testConfig(cacheDir: string, env: NodeJS.ProcessEnv = {}): Readonly<TesseraConfig> {
  return readConfig({
    TESSERA_GATEWAY_SECRET: 'test-secret', TESSERA_CACHE_DIR: cacheDir, TESSERA_MAX_PAGE_SIZE: '100', TESSERA_DEFAULT_PAGE_SIZE: '10',
    TESSERA_DUCKDB_THREADS: '1', TESSERA_DUCKDB_MEMORY_LIMIT: '256MB', TESSERA_SNAPSHOT_REFRESH_MS: '0', TESSERA_LOG_LEVEL: 'silent',
    // Every lookup, entity batch and relation reads the snapshot's lookup table (built on first use), deterministically.
    TESSERA_LOOKUP_TABLE_WAIT: 'true', ...env,
  });
}

/**
 * Publishes generated data to `store` (a temporary local folder by default) and starts the three domain subgraphs in
 * this process through the hub starter, with the platform catalog and a gateway when `gateway` is given (the store
 * is then the temporary folder).
 */
export async function startHub(options: { seed?: number; store?: ObjectStore; env?: NodeJS.ProcessEnv; data?: HubData; gateway?: HubGateway } = {}): Promise<RunningHub> {
  const dir = await mkdtemp(join(tmpdir(), 'tessera-hub-'));
  const root = join(dir, 'store');
  if (options.store && options.gateway) throw new Error('startHub: a hub with a gateway publishes to its own local store');
  const store = options.store ?? new LocalStore(root);
  const contracts = await loadContracts('schema');
  const data = options.data ?? generateHub(options.seed ?? 7);
  const manifests = await publishHub(store, contracts, data);
  const storeEnv = { TESSERA_STORE: root, TESSERA_SCHEMA_DIR: 'schema' };
  const config = testConfig(join(dir, 'cache'), { ...storeEnv, ...options.env });
  const queries: RunningHub['queries'] = { sales: [], customers: [], merchandising: [] };
  const admissions: RunningHub['admissions'] = { sales: [], customers: [], merchandising: [] };
  const gateway = options.gateway;
  const hub = await startHubOnce({
    env: { ...storeEnv, TESSERA_GATEWAY_SECRET: config.gatewaySecret, TESSERA_LOG_LEVEL: 'silent', TESSERA_SNAPSHOT_REFRESH_MS: '0' },
    domains: [...DOMAINS],
    inProcess: {
      config, contracts, store, catalog: gateway !== undefined,
      onQuery: (domain, sql) => queries[domain as Domain].push(sql),
      onAdmit: (domain, a, heavy) => admissions[domain as Domain].push({ caller: a.caller, cost: a.cost, heavy }),
    },
    gateway: gateway ? 'in-process' : 'none',
    gatewayEnv: {
      TESSERA_SUPERGRAPH_FILE: gateway?.supergraphFile, TESSERA_RATE_LIMIT_PER_MINUTE: '0', TESSERA_ROWS_PER_MINUTE: '0', ...gateway?.env,
    },
    gatewayOptions: { port: 0, logger: pino({ level: 'silent' }), ...gateway?.options },
    route: gateway?.route,
  }).catch(async (err: unknown) => {
    await rm(dir, { recursive: true, force: true });
    throw err;
  });
  return {
    data, manifests, contracts, config, store, queries, admissions, gateway: hub.gateway,
    urls: { sales: hub.subgraphUrls.sales!, customers: hub.subgraphUrls.customers!, merchandising: hub.subgraphUrls.merchandising! },
    async stop() {
      await hub.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
