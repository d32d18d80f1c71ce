import type { Logger } from 'pino';
import { listDomains } from '../engine/contract/loadContracts';
import { readGatewayConfig } from '../gateway/gatewayConfig';
import type { RunningGateway, StartGatewayOptions } from '../gateway/startGateway';
import { startGateway } from '../gateway/startGateway';
import type { HubProcess } from './hubProcess';
import { startProcess, stopProcess } from './hubProcess';
import type { InProcessSubgraphOptions } from './inProcessSubgraphs';
import { startInProcessSubgraphs } from './inProcessSubgraphs';
import type { SubgraphProcesses } from './subgraphProcesses';
import { startSubgraphProcesses } from './subgraphProcesses';

/** Subgraph name → URL, and how to stop what serves them. */
interface Served {
  urls: Record<string, string>;
  stop(): Promise<void>;
}

/** Options of {@link startHub}. */
export interface HubOptions {
  /** The environment of every process: store, gateway secret, schema folder, cache, DuckDB settings. */
  env: NodeJS.ProcessEnv;
  /** The domain subgraphs to start (the platform catalog always starts). @default every domain folder of the schema */
  domains?: string[];
  /**
   * Run the subgraphs in this process instead of as processes of the generic runner (tests that observe their SQL
   * or serve contracts of their own).
   */
  inProcess?: InProcessSubgraphOptions;
  /** Subgraphs already running elsewhere that the gateway reaches too (a test's probe), name → URL. */
  extraSubgraphs?: Record<string, string>;
  /**
   * Where the gateway runs: in this process (`npm start`, the tests, which then reach it as an object), as a child
   * process like the subgraphs (the benchmark, which measures and profiles every process alike), or not at all.
   */
  gateway: 'in-process' | 'process' | 'none';
  /** Settings for the gateway only (its port, API key file, limits, supergraph file), over `env`. */
  gatewayEnv?: NodeJS.ProcessEnv;
  /** Options of an in-process gateway (its logger, port, supergraph check). */
  gatewayOptions?: StartGatewayOptions;
  /** Puts something between the gateway and the subgraphs (a test's recording proxy): their URLs → what it calls. */
  route?: (urls: Record<string, string>) => Promise<Served>;
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

/** A running hub: every subgraph and the gateway over them. */
export interface RunningHub {
  /** The gateway's GraphQL URL ('' when none was started). */
  gatewayUrl: string;
  /** GraphQL URL of each subgraph by name, as the subgraph serves it (not through `route`). */
  subgraphUrls: Record<string, string>;
  /** The subgraph processes, when the subgraphs run as processes. */
  subgraphs?: SubgraphProcesses;
  /** The governance monitor, when asked for ({@link HubOptions.monitor}); its `url` serves `/metrics`. */
  monitor?: HubProcess;
  /** The in-process gateway, when it runs in this process. */
  gateway?: RunningGateway;
  /** Every child process: the subgraphs, the monitor when asked for, and the gateway when it runs as one. */
  processes: HubProcess[];
  /** Stops the gateway, then the monitor and the subgraphs. */
  stop(): Promise<void>;
}

async function startSubgraphs(options: HubOptions, domains: string[]): Promise<Served & { processes?: SubgraphProcesses }> {
  if (options.inProcess) return startInProcessSubgraphs(domains, options.inProcess);
  const processes = await startSubgraphProcesses(domains, options.env, { cwd: options.cwd, nodeFlags: options.nodeFlags, output: options.output });
  return { urls: processes.urls, stop: () => processes.stop(), processes };
}

async function startHubGateway(options: HubOptions, urls: Record<string, string>): Promise<{ url: string; gateway?: RunningGateway; process?: HubProcess; stop(): Promise<void> }> {
  const env = { ...options.env, ...options.gatewayEnv, TESSERA_SUBGRAPH_URLS: Object.entries(urls).map(([name, url]) => `${name}=${url}`).join(',') };
  if (options.gateway === 'none') return { url: '', stop: async () => undefined };
  if (options.gateway === 'in-process') {
    const gateway = await startGateway(readGatewayConfig(env), { ...(options.logger ? { logger: options.logger } : {}), ...options.gatewayOptions });
    return { url: gateway.url, gateway, stop: () => gateway.stop() };
  }
  const child = await startProcess({ name: 'gateway', entry: 'gateway/index.ts', env, nodeFlags: options.nodeFlags, output: options.output }, options.cwd);
  return { url: child.url, process: child, stop: () => stopProcess(child) };
}

/**
 * The one way the hub starts, for `npm start`, the benchmark and the tests: the subgraph of every domain and the
 * platform catalog (each a process of the generic runner on its address from `schema/domains.yaml`, or a free port
 * when `env.TESSERA_SUBGRAPH_PORT` is 0; or all in this process), then the gateway over the supergraph file,
 * reaching each subgraph at the URL it reported; with `monitor`, the governance monitor too (over the same store and
 * schema).
 * @throws Error when a subgraph fails to start or the gateway refuses its configuration (everything started is
 * stopped).
 */
export async function startHub(options: HubOptions): Promise<RunningHub> {
  const domains = options.domains ?? await listDomains(options.env.TESSERA_SCHEMA_DIR ?? 'schema');
  const subgraphs = await startSubgraphs(options, domains);
  const stops: (() => Promise<void>)[] = [subgraphs.stop];
  const stopAll = async (): Promise<void> => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    stops.length = 0;
  };
  try {
    const monitor = options.monitor
      ? await startProcess({ name: 'monitor', entry: 'cli/monitor.ts', env: options.env, nodeFlags: options.nodeFlags, output: options.output }, options.cwd)
      : undefined;
    if (monitor) stops.push(() => stopProcess(monitor));
    const all = { ...subgraphs.urls, ...options.extraSubgraphs };
    const routed = options.route ? await options.route(all) : undefined;
    if (routed) stops.push(routed.stop);
    const gateway = await startHubGateway(options, routed?.urls ?? all);
    stops.push(gateway.stop);
    return {
      gatewayUrl: gateway.url, subgraphUrls: subgraphs.urls, subgraphs: subgraphs.processes, monitor, gateway: gateway.gateway,
      processes: [...subgraphs.processes?.processes ?? [], ...monitor ? [monitor] : [], ...gateway.process ? [gateway.process] : []],
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
