import type { ChildProcess } from 'node:child_process';
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { CATALOG_SUBGRAPH_NAME } from '../engine/catalog/catalogTypeDefs';

/** The subgraph processes `npm start` runs. */
export interface SubgraphProcesses {
  /** Subgraph name → GraphQL URL, as each process reported it. */
  urls: Record<string, string>;
  /** Subgraph name → process id. */
  pids: Record<string, number>;
  /** Calls back when a subgraph exits while the hub is running. */
  onUnexpectedExit(listener: (name: string, code: number | null) => void): void;
  /** SIGTERM to every process, SIGKILL to those still running after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', () => r()));
}

/**
 * Starts the generic subgraph runner (`cli/subgraph.ts <name>`) for every domain and for the platform catalog, each a
 * child process (TypeScript through tsx) with environment `env`, so each listens on its port from
 * `schema/domains.yaml` (every one on a free port when `env.TESSERA_SUBGRAPH_PORT` is 0), and waits for each to
 * report `{ type: 'ready', url }` over IPC.
 * @throws Error when a process exits (an unknown domain, a port in use) or stays silent before it is ready (the
 * others are stopped first).
 */
export async function startSubgraphProcesses(
  domains: string[], env: NodeJS.ProcessEnv = process.env, readyTimeoutMs = 120_000,
): Promise<SubgraphProcesses> {
  const names = [...domains, CATALOG_SUBGRAPH_NAME];
  const children = new Map<string, ChildProcess>();
  const urls: Record<string, string> = {};
  let listener: ((name: string, code: number | null) => void) | undefined;
  let stopping = false;
  const stop = async (graceMs = 10_000): Promise<void> => {
    stopping = true;
    const alive = [...children.values()].filter((c) => c.exitCode === null && c.signalCode === null);
    for (const c of alive) c.kill('SIGTERM');
    const timer = setTimeout(() => alive.forEach((c) => c.kill('SIGKILL')), graceMs);
    await Promise.all(alive.map(exited));
    clearTimeout(timer);
  };
  try {
    await Promise.all(names.map((name) => new Promise<void>((resolve, reject) => {
      const child = fork(join(__dirname, 'subgraph.ts'), [name], {
        execArgv: ['--require', require.resolve('tsx/cjs')],
        env,
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      children.set(name, child);
      const timer = setTimeout(() => reject(new Error(`subgraph ${name} was not ready within ${readyTimeoutMs} ms`)), readyTimeoutMs);
      child.on('message', (m: { type?: string; url?: string }) => {
        if (m?.type !== 'ready' || typeof m.url !== 'string') return;
        clearTimeout(timer);
        urls[name] = m.url;
        resolve();
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        if (!urls[name]) reject(new Error(`subgraph ${name} exited before it was ready (code ${code})`));
        else if (!stopping) listener?.(name, code);
      });
    })));
  } catch (err) {
    await stop(2000);
    throw err;
  }
  const pids = Object.fromEntries([...children].map(([name, c]) => [name, c.pid ?? 0]));
  return { urls, pids, onUnexpectedExit: (l) => { listener = l; }, stop };
}
