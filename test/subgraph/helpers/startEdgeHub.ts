import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { ObjectStore } from '../../../engine/storage/objectStore';
import { buildSubgraphSdl } from '../../../engine/sdl/buildSubgraphSdl';
import { startHub } from '../../../cli/startHub';
import { composeSupergraph } from '../../../gateway/composeSupergraph';
import { EDGE_CONTRACT, EDGE_ROWS } from './edgeProduct';
import { publishRows } from './publishHub';
import type { GqlResponse } from './signedFetch';
import { testConfig } from './startHub';

/** The edge domain published to a store, served by its subgraph behind a gateway, all on port 0. */
export interface EdgeHub {
  /** POSTs a GraphQL request to the gateway. */
  ask(query: string, variables?: Record<string, unknown>): Promise<GqlResponse>;
  stop(): Promise<void>;
}

/** Publishes EDGE_ROWS to `store` through `publishProduct`, starts the edge subgraph and a gateway composed over it. */
export async function startEdgeHub(store: ObjectStore): Promise<EdgeHub> {
  const dir = await mkdtemp(join(tmpdir(), 'tessera-edge-'));
  const contracts = [EDGE_CONTRACT];
  await publishRows(store, contracts, 'edge.values', 1, EDGE_ROWS);
  // One request asks many aliased conditions at once: let them all wait for a connection.
  const config = testConfig(join(dir, 'cache'), { TESSERA_CALLER_QUEUE_LIMIT: '200', TESSERA_QUERY_QUEUE_LIMIT: '400' });
  const supergraphFile = join(dir, 'supergraph.graphql');
  await writeFile(supergraphFile, composeSupergraph([{ name: 'edge', sdl: buildSubgraphSdl(contracts, contracts) }]));
  const hub = await startHub({
    env: { TESSERA_STORE: join(dir, 'gateway-store'), TESSERA_GATEWAY_SECRET: 'test-secret', TESSERA_LOG_LEVEL: 'silent' },
    domains: ['edge'],
    inProcess: { config, contracts, store, catalog: false },
    gateway: 'in-process',
    gatewayEnv: { TESSERA_SUPERGRAPH_FILE: supergraphFile, TESSERA_MAX_ALIASES: '200', TESSERA_RATE_LIMIT_PER_MINUTE: '0', TESSERA_ROWS_PER_MINUTE: '0' },
    gatewayOptions: { port: 0, logger: pino({ level: 'silent' }) },
  });
  const gateway = hub.gateway!;
  return {
    async ask(query, variables = {}) {
      const res = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
      return { status: res.status, ...(await res.json() as Omit<GqlResponse, 'status'>) };
    },
    async stop() {
      await hub.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
