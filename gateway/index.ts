import { readGatewayConfig } from './gatewayConfig';
import { startGateway } from './startGateway';

// No call home, whatever the environment says; set before any Apollo code runs.
process.env.APOLLO_TELEMETRY_DISABLED = 'true';

/**
 * The gateway as a process (`tsx gateway/index.ts`): reads the configuration from the environment, serves until
 * SIGTERM/SIGINT, then drains in-flight requests and exits. With an IPC channel it reports
 * `{ type: 'ready', name: 'gateway', url }` once listening. Startup errors stop the process with a clear message.
 */
async function main(): Promise<void> {
  const config = readGatewayConfig();
  const running = await startGateway(config);
  process.stdout.write(`gateway ready at ${running.url}\n`);
  process.send?.({ type: 'ready', name: 'gateway', url: running.url });
  const stop = (): void => {
    running.stop().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`gateway failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
