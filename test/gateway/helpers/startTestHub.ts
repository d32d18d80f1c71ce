import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { CATALOG_SDL } from '../../../engine/catalog/catalogTypeDefs';
import type { RunningHub } from '../../../cli/startHub';
import { startHub } from '../../../cli/startHub';
import { readConfig } from '../../../engine/config';
import { composeSupergraph } from '../../../gateway/composeSupergraph';
import type { RunningGateway } from '../../../gateway/startGateway';
import { LocalStore } from '../../../engine/storage/localStore';
import type { Probe } from './probeSubgraph';
import { probeSdl, startProbeSubgraph } from './probeSubgraph';

export const SECRET = 'gateway-test-secret';

/** A gateway over the platform catalog and the probe subgraph, in this process, on port 0. */
export interface TestHub {
  gateway: RunningGateway;
  /** The probe subgraph; tests may replace it (see restartProbe). */
  probe: Probe;
  /** Stops the probe and starts it again on the same port serving `extra` Query fields. */
  restartProbe(extra: string): Promise<void>;
  dir: string;
  supergraphFile: string;
  /** POSTs a GraphQL request to the gateway. */
  ask(query: string, headers?: Record<string, string>, variables?: Record<string, unknown>): Promise<{ status: number; headers: Headers; body: GraphQLBody }>;
  stop(): Promise<void>;
}

/** A GraphQL response body as the tests read it. */
export interface GraphQLBody {
  data?: Record<string, unknown> | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
  extensions?: { tessera?: { products?: unknown[] } };
}

/** The supergraph of the platform catalog plus the probe subgraph with `extra` Query fields. */
export function testSupergraph(extra = ''): string {
  return composeSupergraph([{ name: 'platform', sdl: CATALOG_SDL }, { name: 'probe', sdl: probeSdl(extra) }]);
}

/**
 * Starts the probe subgraph, then the platform catalog (over an empty local store and the repository's contracts) and a
 * gateway through the hub starter.
 * `env` adds gateway environment variables; `supergraph` replaces the supergraph written before the gateway starts;
 * `schemaDir` replaces the repository's contracts (`schema`) for the catalog and the gateway.
 */
export async function startTestHub(options: { env?: Record<string, string>; supergraph?: string; checkSupergraph?: boolean; schemaDir?: string } = {}): Promise<TestHub> {
  const schemaDir = options.schemaDir ?? 'schema';
  const dir = await mkdtemp(join(tmpdir(), 'tessera-gateway-'));
  const store = join(dir, 'data');
  const probe = await startProbeSubgraph(SECRET);
  const supergraphFile = join(dir, 'supergraph.graphql');
  await writeFile(supergraphFile, options.supergraph ?? testSupergraph());
  const env = { TESSERA_STORE: store, TESSERA_SCHEMA_DIR: schemaDir, TESSERA_GATEWAY_SECRET: SECRET };
  let started: RunningHub;
  try {
    started = await startHub({
      env, domains: [],
      inProcess: { config: readConfig(env), contracts: [], store: new LocalStore(store) },
      extraSubgraphs: { probe: probe.url },
      gateway: 'in-process',
      gatewayEnv: { TESSERA_SUPERGRAPH_FILE: supergraphFile, TESSERA_SUPERGRAPH_POLL_MS: '50', ...options.env },
      gatewayOptions: { port: 0, logger: pino({ level: 'silent' }), checkSupergraph: options.checkSupergraph },
    });
  } catch (err) {
    await probe.stop();
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  const gateway = started.gateway!;
  const hub: TestHub = {
    gateway, probe, dir, supergraphFile,
    async restartProbe(extra) {
      await hub.probe.stop();
      hub.probe = await startProbeSubgraph(SECRET, extra, Number(new URL(hub.probe.url).port));
    },
    async ask(query, headers = {}, variables) {
      const res = await fetch(gateway.url, {
        method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }),
      });
      return { status: res.status, headers: res.headers, body: await res.json() as GraphQLBody };
    },
    async stop() {
      await started.stop();
      await hub.probe.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return hub;
}
