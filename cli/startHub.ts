import type { Logger } from 'pino';
import { listDomains } from '../engine/contract/loadContracts';
import { readGatewayConfig } from '../gateway/gatewayConfig';
import type { RunningGateway } from '../gateway/startGateway';
import { startGateway } from '../gateway/startGateway';
import type { HubProcess } from './hubProcess';
import { startProcess, stopProcess } from './hubProcess';
import type { SubgraphProcesses } from './subgraphProcesses';
import { startSubgraphProcesses } from './subgraphProcesses';

/** Options of {@link startHub}. */
export interface HubOptions {
  /** The environment of every process: store, gateway secret, schema folder, cache, DuckDB settings. */
  env: NodeJS.ProcessEnv;
  /** The domain subgraphs to start (the platform catalog always starts). @default every domain folder of the schema */
  domains?: string[];
  /**
   * Where the gateway runs: in this process (`npm start`, the tests, which then reach it as an object), or as a
   * child process like the subgraphs (the benchmark, which measures and profiles every process alike).
   */
  gateway: 'in-process' | 'process';
  /** Settings for the gateway only (its port, API key file, limits), over `env`. */
  gatewayEnv?: NodeJS.ProcessEnv;
  /** Logger of an in-process gateway. @default the gateway's own */
  logger?: Logger;
  /** Working directory of the processes. @default this process's */
  cwd?: string;
  /** Extra node flags for every process (profiling). */
  nodeFlags?: string[];
  /** @default inherit: the processes' logs show in this process's output */
  output?: 'inherit' | 'tail';
  /**
   * Whether the governance monitor (`cli/monitor.ts`) runs as one more process: `npm start` and the governance tests
   * want it, the benchmark does not (it would measure the monitor's polling). @default false
   */
  monitor?: boolean;
}

/** A running hub: every subgraph as a process and the gateway over them. */
export interface RunningHub {
  gatewayUrl: string;
  /** GraphQL URL of each subgraph by name. */
  subgraphUrls: Record<string, string>;
  subgraphs: SubgraphProcesses;
  /** The governance monitor, when asked for ({@link HubOptions.monitor}); its `url` serves `/metrics`. */
  monitor?: HubProcess;
  /** The in-process gateway, when it runs in this process. */
  gateway?: RunningGateway;
  /** Every child process: the subgraphs, the monitor when asked for, and the gateway when it runs as one. */
  processes: HubProcess[];
  /** Stops the gateway, then the monitor and the subgraphs. */
  stop(): Promise<void>;
}

/**
 * The one way the hub starts, for `npm start`, the benchmark and the tests: the generic subgraph runner for every
 * domain and the platform catalog, each a process on its address from `schema/domains.yaml` (or a free port when
 * `env.TESSERA_SUBGRAPH_PORT` is 0), then the gateway over the committed supergraph, reaching each subgraph at the
 * URL it reported; with `monitor`, the governance monitor too (over the same store and schema).
 * @throws Error when a process fails to start or the gateway refuses its configuration (everything started is stopped).
 */
export async function startHub(options: HubOptions): Promise<RunningHub> {
  const { env } = options;
  const domains = options.domains ?? await listDomains(env.TESSERA_SCHEMA_DIR ?? 'schema');
  const subgraphs = await startSubgraphProcesses(domains, env, { cwd: options.cwd, nodeFlags: options.nodeFlags, output: options.output });
  const urls = Object.entries(subgraphs.urls).map(([name, url]) => `${name}=${url}`).join(',');
  const gatewayEnv = { ...env, ...options.gatewayEnv, TESSERA_SUBGRAPH_URLS: urls };
  let monitor: HubProcess | undefined;
  const stopChildren = async (): Promise<void> => {
    if (monitor) await stopProcess(monitor);
    await subgraphs.stop();
  };
  try {
    if (options.monitor) {
      monitor = await startProcess({
        name: 'monitor', entry: 'cli/monitor.ts', env, nodeFlags: options.nodeFlags, output: options.output,
      }, options.cwd);
    }
    const children = [...subgraphs.processes, ...(monitor ? [monitor] : [])];
    if (options.gateway === 'in-process') {
      const gateway = await startGateway(readGatewayConfig(gatewayEnv), options.logger ? { logger: options.logger } : {});
      return {
        gatewayUrl: gateway.url, subgraphUrls: subgraphs.urls, subgraphs, monitor, gateway, processes: children,
        stop: async () => {
          await gateway.stop().catch(() => undefined);
          await stopChildren();
        },
      };
    }
    const gateway = await startProcess({
      name: 'gateway', entry: 'gateway/index.ts', env: gatewayEnv, nodeFlags: options.nodeFlags, output: options.output,
    }, options.cwd);
    return {
      gatewayUrl: gateway.url, subgraphUrls: subgraphs.urls, subgraphs, monitor, processes: [...children, gateway],
      stop: async () => {
        await stopProcess(gateway);
        await stopChildren();
      },
    };
  } catch (err) {
    await stopChildren();
    throw err;
  }
}
