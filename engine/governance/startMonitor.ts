import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import type { Logger } from 'pino';
import type { TesseraConfig } from '../config';
import { loadContracts } from '../contract/loadContracts';
import { localUrl } from '../localUrl';
import { SnapshotReader } from '../snapshot/snapshotReader';
import { openStore } from '../storage/openStore';
import { loadOwners } from './checkOwners';
import { Monitor } from './monitor';
import { MonitorMetrics } from './monitorMetrics';
import { ownerChannels } from './ownerChannels';
import type { RecipientSourceFactory } from './recipientSources';
import { recipientSources } from './recipientSources';

/** A monitor running its schedule and serving `/metrics`. */
export interface RunningMonitor {
  /** `http://<host>:<port>`: `/metrics`, `/livez`, `/readyz` under it. */
  url: string;
  monitor: Monitor;
  metrics: MonitorMetrics;
  /** Stops the schedule (after the round in progress) and the HTTP server; safe to call twice. */
  stop(): Promise<void>;
}

/** Options of {@link startMonitor}. */
export interface StartMonitorOptions {
  /** Where webhook secrets are read (each owner webhook's `secretEnv`). @default process.env */
  env?: NodeJS.ProcessEnv;
  /** @default config.monitorPort */
  port?: number;
  logger?: Logger;
  /** Recipient sources beyond the owners file (subscriptions, recent readers), asked after it. @default none */
  sources?: readonly RecipientSourceFactory[];
  /** The monitor's clock (tests move it). @default Date.now */
  now?: () => number;
}

/** Shortest pause between two rounds, so a due retry never makes the loop spin. */
const MIN_PAUSE_MS = 20;

/**
 * Starts the governance monitor over `config.store` and the contracts and owners of `config.schemaDir`: every
 * `config.monitorIntervalMs`, and sooner when a retry is due, it evaluates the hub and makes the due deliveries
 * (see {@link Monitor}). It serves `/metrics` (Prometheus text), `/livez` and `/readyz` (200 once a round succeeded)
 * on `config.host`.
 * @throws ContractError when a contract or the owners file is invalid; ConfigError when a webhook's secret is unset.
 */
export async function startMonitor(config: Readonly<TesseraConfig>, options: StartMonitorOptions = {}): Promise<RunningMonitor> {
  const log = options.logger ?? pino({ level: config.logLevel, base: { service: 'monitor' } });
  const contracts = await loadContracts(config.schemaDir);
  const owners = await loadOwners(config.schemaDir, contracts);
  const env = options.env ?? process.env;
  const now = options.now ?? Date.now;
  const store = openStore(config.store, { endpoint: config.s3Endpoint, forcePathStyle: config.s3ForcePathStyle });
  const sources = await recipientSources({ config, store, contracts, owners, ownerChannels: ownerChannels(owners, env), env, now }, options.sources);
  const metrics = new MonitorMetrics();
  const monitor = new Monitor({
    store, reader: new SnapshotReader(store), contracts, sources, metrics, now, rerouteMs: config.monitorRerouteMs,
    policy: {
      maxAttempts: config.webhookMaxAttempts, backoffMs: config.webhookBackoffMs, backoffMaxMs: config.webhookBackoffMaxMs,
      timeoutMs: config.webhookTimeoutMs, leaseMs: config.webhookLeaseMs,
    },
    onError: (what, err) => log.warn({ err: err instanceof Error ? err.message : String(err) }, `monitor: failed ${what}`),
  });

  let ready = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let round: Promise<void> | undefined;
  const runRound = async (): Promise<void> => {
    let next = Date.now() + config.monitorIntervalMs;
    try {
      const enqueued = await monitor.evaluate();
      for (const e of enqueued) log.info({ event: e.id, type: e.type, product: e.data.product, recipients: e.recipients.length }, 'monitor: event enqueued');
      const due = await monitor.deliver();
      if (due !== undefined) next = Math.min(next, due);
      metrics.evaluations.inc({ outcome: 'ok' });
      ready = true;
    } catch (err) {
      metrics.evaluations.inc({ outcome: 'error' });
      log.warn({ err: err instanceof Error ? err.message : String(err) }, 'monitor: evaluation failed; trying again at the next round');
    }
    if (!stopped) timer = setTimeout(() => { round = runRound(); }, Math.max(MIN_PAUSE_MS, next - Date.now()));
  };

  const http = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/metrics') {
      metrics.registry.metrics().then((text) => {
        res.writeHead(200, { 'content-type': metrics.registry.contentType });
        res.end(text);
      }, () => {
        res.writeHead(500).end();
      });
    } else if (req.method === 'GET' && path === '/livez') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
    } else if (req.method === 'GET' && path === '/readyz') {
      res.writeHead(ready ? 200 : 503, { 'content-type': 'text/plain' }).end(ready ? 'ready\n' : 'no round has succeeded yet\n');
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: the monitor serves /metrics, /livez and /readyz\n');
    }
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? config.monitorPort, config.host, () => resolve());
  });
  round = runRound();
  let stopping: Promise<void> | undefined;
  return {
    url: localUrl(config.host, (http.address() as AddressInfo).port, ''),
    monitor, metrics,
    stop: () => (stopping ??= (async () => {
      stopped = true;
      clearTimeout(timer);
      await round;
      await new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      });
      (store as { destroy?: () => void }).destroy?.();
    })()),
  };
}
