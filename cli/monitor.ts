/**
 * The governance monitor as a process: `tsx cli/monitor.ts`. It evaluates the hub on a schedule, delivers events as
 * Standard Webhooks and serves `/metrics` on `TESSERA_MONITOR_PORT`; it reports `{ type: 'ready', name, url }` over
 * IPC when started by another process, and stops on SIGTERM, SIGINT or its parent going away. Stateless: any number
 * may run over one store (see docs/governance.md).
 */
import { readConfig } from '../engine/config';
import { startMonitor } from '../engine/governance/startMonitor';
import { MONITOR_RECIPIENT_SOURCES } from './monitorSources';

async function main(): Promise<void> {
  try {
    const running = await startMonitor(readConfig(), { sources: MONITOR_RECIPIENT_SOURCES });
    console.log(`monitor ready, metrics at ${running.url}/metrics`);
    process.send?.({ type: 'ready', name: 'monitor', url: running.url });
    const shutdown = (): void => {
      running.stop().then(() => process.exit(0), () => process.exit(1));
    };
    process.once('SIGTERM', shutdown);
    process.once('SIGINT', shutdown);
    process.once('disconnect', shutdown);
  } catch (err) {
    console.error(`monitor failed to start: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}

void main();
