import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeSupergraph } from '../../../gateway/composeSupergraph';
import type { RunningGateway } from '../../../gateway/startGateway';
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
  const supergraphFile = join(dir, 'supergraph.graphql');
  await writeFile(supergraphFile, composeSupergraph(await subgraphSdls('schema')));
  const hub = await startHub({ ...options, gateway: { supergraphFile } }).catch(async (err: unknown) => {
    await rm(dir, { recursive: true, force: true });
    throw err;
  });
  const gateway = hub.gateway!;
  return {
    hub, gateway,
    async ask(query, variables) {
      const res = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
      return await res.json() as Answer;
    },
    async stop() {
      await hub.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
