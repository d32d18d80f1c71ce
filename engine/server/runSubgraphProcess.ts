import type { RunningSubgraph } from './serveSubgraph';

/**
 * Runs a subgraph as a process: starts it, logs its URL, tells a parent process `{ type: 'ready', name, url }` over
 * IPC when there is a channel, and stops cleanly on SIGTERM, SIGINT or the parent going away (IPC disconnect), so no
 * subgraph outlives the hub that started it. A startup error (bad config, invalid contract) ends the process with a
 * clear message and exit code 1.
 */
export async function runSubgraphProcess<T extends RunningSubgraph>(name: string, start: () => Promise<T>): Promise<T> {
  try {
    const running = await start();
    console.log(`subgraph ${name} ready at ${running.url}`);
    process.send?.({ type: 'ready', name, url: running.url });
    const shutdown = (): void => {
      running.stop().then(() => process.exit(0), () => process.exit(1));
    };
    process.once('SIGTERM', shutdown);
    process.once('SIGINT', shutdown);
    process.once('disconnect', shutdown);
    return running;
  } catch (err) {
    console.error(`subgraph ${name} failed to start: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}
