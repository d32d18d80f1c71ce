import { CATALOG_SUBGRAPH_NAME } from '../engine/catalog/catalogTypeDefs';
import type { HubProcess } from './hubProcess';
import { startProcess, stopProcess } from './hubProcess';

/** The subgraph processes of a hub. */
export interface SubgraphProcesses {
  /** Subgraph name → GraphQL URL, as each process reported it. */
  urls: Record<string, string>;
  /** Subgraph name → process id. */
  pids: Record<string, number>;
  processes: HubProcess[];
  /** Calls back when a subgraph exits while the hub is running. */
  onUnexpectedExit(listener: (name: string, code: number | null) => void): void;
  /** SIGTERM to every process, SIGKILL to those still running after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/** Options of {@link startSubgraphProcesses}. */
export interface SubgraphProcessOptions {
  /** Working directory of the processes. @default this process's */
  cwd?: string;
  /** Extra node flags (profiling). */
  nodeFlags?: string[];
  /** @default inherit: their logs show in this process's output */
  output?: 'inherit' | 'tail';
  /** @default 120000 */
  readyTimeoutMs?: number;
}

/**
 * Starts the generic subgraph runner (`cli/subgraph.ts <name>`) for every domain and for the platform catalog, each
 * a child process (see {@link startProcess}) with environment `env`, so each listens on its port from
 * `schema/domains.yaml` (every one on a free port when `env.TESSERA_SUBGRAPH_PORT` is 0), and waits for each to be
 * ready. Used by `npm start`, the benchmark and the tests.
 * @throws Error when a process exits (an unknown domain, a port in use) or stays silent before it is ready (the
 * others are stopped first).
 */
export async function startSubgraphProcesses(
  domains: string[], env: NodeJS.ProcessEnv = process.env, options: SubgraphProcessOptions = {},
): Promise<SubgraphProcesses> {
  const started = await Promise.allSettled([...domains, CATALOG_SUBGRAPH_NAME].map((name) => startProcess({
    name, entry: 'cli/subgraph.ts', args: [name], env, nodeFlags: options.nodeFlags,
    output: options.output ?? 'inherit', readyTimeoutMs: options.readyTimeoutMs,
  }, options.cwd)));
  const processes = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await Promise.all(processes.map((p) => stopProcess(p, 2000)));
    throw failed.reason;
  }
  let listener: ((name: string, code: number | null) => void) | undefined;
  let stopping = false;
  for (const p of processes) {
    p.child.once('exit', (code) => {
      if (!stopping) listener?.(p.name, code);
    });
  }
  return {
    urls: Object.fromEntries(processes.map((p) => [p.name, p.url])),
    pids: Object.fromEntries(processes.map((p) => [p.name, p.pid])),
    processes,
    onUnexpectedExit: (l) => { listener = l; },
    stop: async (graceMs = 10_000) => {
      stopping = true;
      await Promise.all(processes.map((p) => stopProcess(p, graceMs)));
    },
  };
}
