import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { RunningSubgraph } from '../../../engine/catalog/startCatalogSubgraph';
import { startCatalogSubgraph } from '../../../engine/catalog/startCatalogSubgraph';
import { readConfig } from '../../../engine/config';
import { LocalStore } from '../../../engine/storage/localStore';
import { composeSupergraph } from '../../../gateway/composeSupergraph';
import { readGatewayConfig } from '../../../gateway/gatewayConfig';
import type { RunningGateway } from '../../../gateway/startGateway';
import { startGateway } from '../../../gateway/startGateway';
import { subgraphSdls } from '../../../gateway/subgraphSdls';
import type { HubData } from './hubData';
import type { RunningHub } from './startHub';
import { startHub } from './startHub';

/** A GraphQL answer as the tests read it. */
export interface Answer {
  data?: Record<string, unknown> | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

/** The published hub, its domain subgraphs and the platform catalog in this process, behind a gateway on port 0. */
export interface GatewayHub {
  hub: RunningHub;
  gateway: RunningGateway;
  ask(query: string, variables?: Record<string, unknown>): Promise<Answer>;
  stop(): Promise<void>;
}

/**
 * Publishes `data` (generated from `seed` by default), starts the three domain subgraphs, the catalog and a gateway
 * over the supergraph composed from the repository's contracts as they are now (not the committed file).
 */
export async function startGatewayHub(options: { seed?: number; data?: HubData } = {}): Promise<GatewayHub> {
  const dir = await mkdtemp(join(tmpdir(), 'tessera-gwhub-'));
  const storeDir = join(dir, 'store');
  const hub = await startHub({ ...options, store: new LocalStore(storeDir) });
  const env = { TESSERA_STORE: storeDir, TESSERA_SCHEMA_DIR: 'schema', TESSERA_GATEWAY_SECRET: hub.config.gatewaySecret, TESSERA_LOG_LEVEL: 'silent' };
  let catalog: RunningSubgraph | undefined;
  let gateway: RunningGateway;
  try {
    catalog = await startCatalogSubgraph(readConfig({ ...env, TESSERA_CACHE_DIR: join(dir, 'catalog-cache') }), 0);
    const supergraphFile = join(dir, 'supergraph.graphql');
    await writeFile(supergraphFile, composeSupergraph(await subgraphSdls('schema')));
    const urls = { ...hub.urls, platform: catalog.url };
    gateway = await startGateway(readGatewayConfig({
      ...env, TESSERA_SUPERGRAPH_FILE: supergraphFile, TESSERA_RATE_LIMIT_PER_MINUTE: '0',
      TESSERA_SUBGRAPH_URLS: Object.entries(urls).map(([n, u]) => `${n}=${u}`).join(','),
    }), { port: 0, logger: pino({ level: 'silent' }) });
  } catch (err) {
    await catalog?.stop();
    await hub.stop();
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    hub, gateway,
    async ask(query, variables) {
      const res = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
      return await res.json() as Answer;
    },
    async stop() {
      await gateway.stop();
      await catalog?.stop();
      await hub.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
